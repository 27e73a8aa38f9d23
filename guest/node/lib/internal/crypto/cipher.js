'use strict';
// Cipheriv and Decipheriv for AES (CBC, ECB, CTR, CFB, CFB8, OFB, GCM): each is a stream
// the host keeps open for the execution (sandbox/platform/crypto/cipher.py), a platform call
// per update and one for final.
const {
  host, codeError, invalidArgType, outOfRange, validateString, validateObject, validateInt32,
  isArrayBufferView, toBytes, getArrayBufferOrView, toBuffer,
} = require('internal/crypto/util');
const { Buffer } = require('buffer');

const kHandle = Symbol('kHandle');
const kGetAuthTag = Symbol('kGetAuthTag');
const kSetAuthTag = Symbol('kSetAuthTag');

// name -> [canonical name, OpenSSL's name, nid, block size, iv length, mode]
const INFO = new Map();
const NIDS = {
  128: { cbc: 419, cfb: 421, cfb8: 653, ctr: 904, ecb: 418, gcm: 895, ofb: 420 },
  192: { cbc: 423, cfb: 425, cfb8: 654, ctr: 905, ecb: 422, gcm: 898, ofb: 424 },
  256: { cbc: 427, cfb: 429, cfb8: 655, ctr: 906, ecb: 426, gcm: 901, ofb: 428 },
};
for (const bits of [128, 192, 256]) {
  for (const mode of Object.keys(NIDS[bits])) {
    const name = `aes-${bits}-${mode}`;
    const info = {
      canonical: name, name: mode === 'gcm' ? `id-aes${bits}-gcm` : name, nid: NIDS[bits][mode],
      blockSize: mode === 'cbc' || mode === 'ecb' ? 16 : 1,
      ivLength: mode === 'ecb' ? undefined : mode === 'gcm' ? 12 : 16,
      keyLength: bits / 8, mode: mode === 'cfb8' ? 'cfb' : mode,
    };
    INFO.set(name, info);
    if (mode === 'cbc') INFO.set(`aes${bits}`, info);
    if (mode === 'gcm') INFO.set(`id-aes${bits}-gcm`, info);
  }
}
const BY_NID = new Map([...INFO.values()].map((info) => [info.nid, info]));

function lookup(name) {
  return INFO.get(name.toLowerCase());
}

function invalidState(operation) {
  return codeError(Error, 'ERR_CRYPTO_INVALID_STATE',
    operation === undefined ? 'Invalid state' : `Invalid state for operation ${operation}`);
}

function invalidIv() {
  return codeError(TypeError, 'ERR_CRYPTO_INVALID_IV', 'Invalid initialization vector');
}

function keyBytes(key, encoding) {
  const { prepareSecretKey } = require('internal/crypto/keys');
  return prepareSecretKey(key, encoding);
}

class CipherHandle {}
Object.defineProperty(CipherHandle, 'name', { value: 'CipherBase' });

class CipherBase {
  #id;
  #info;
  #decrypt;
  #autoPadding = true;
  #done = false;
  #started = false;
  #authTag = null;

  constructor(cipher, key, iv, options, decrypt) {
    validateString(cipher, 'cipher');
    const encoding = options !== null && typeof options === 'object' ? options.encoding : undefined;
    const secret = keyBytes(key, encoding);
    if (iv !== null) iv = toBytes(getArrayBufferOrView(iv, 'iv'));
    const info = lookup(cipher);
    if (info === undefined) throw codeError(Error, 'ERR_CRYPTO_UNKNOWN_CIPHER', 'Unknown cipher');
    if (secret.byteLength !== info.keyLength) {
      throw codeError(RangeError, 'ERR_CRYPTO_INVALID_KEYLEN', 'Invalid key length');
    }
    const ivLength = iv === null ? 0 : iv.byteLength;
    if (info.mode === 'ecb' ? ivLength !== 0 : info.mode === 'gcm' ? ivLength === 0
      : ivLength !== info.ivLength) {
      throw invalidIv();
    }
    let tagLength = null;
    if (options != null && options.authTagLength !== undefined && info.mode === 'gcm') {
      validateInt32(options.authTagLength, 'options.authTagLength');
      tagLength = options.authTagLength;
      if (![4, 8, 12, 13, 14, 15, 16].includes(tagLength)) {
        throw codeError(TypeError, 'ERR_CRYPTO_INVALID_AUTH_TAG',
          `Invalid authentication tag length: ${tagLength}`);
      }
    }
    this.#info = info;
    this.#decrypt = decrypt;
    try {
      this.#id = host('crypto.cipher.open', info.canonical, secret, iv, decrypt, tagLength);
    } catch (e) {
      if (e.code === 'ERR_CRYPTO_INVALID_IV') throw invalidIv();
      throw e;
    }
    this._decoder = null;
    this._options = options;
    Object.defineProperty(this, kHandle, { value: new CipherHandle(), enumerable: true });
  }

  #output(bytes, outputEncoding, last) {
    const buf = toBuffer(bytes);
    if (outputEncoding && outputEncoding !== 'buffer') {
      if (this._decoder === null) {
        const { StringDecoder } = require('string_decoder');
        this._decoder = new StringDecoder(outputEncoding);
      }
      return last ? this._decoder.end(buf) : this._decoder.write(buf);
    }
    return buf;
  }

  update(data, inputEncoding, outputEncoding) {
    if (this.#done) throw new Error('Trying to add data in unsupported state');
    let bytes;
    if (typeof data === 'string') bytes = toBytes(Buffer.from(data, inputEncoding));
    else if (isArrayBufferView(data)) bytes = toBytes(data);
    else throw invalidArgType('data', ['string', 'Buffer', 'TypedArray', 'DataView'], data);
    this.#started = true;
    return this.#output(host('crypto.cipher.update', this.#id, bytes, this.#autoPadding),
      outputEncoding, false);
  }

  final(outputEncoding) {
    if (this.#done) throw invalidState();
    this.#done = true;
    let result;
    try {
      result = host('crypto.cipher.final', this.#id, this.#autoPadding, this.#authTag);
    } catch (e) {
      if (e.code === 'ERR_CRYPTO_AUTH_FAILED') throw new Error(e.message);
      throw e;
    }
    if (result[1] !== null && result[1] !== undefined) this.#authTag = toBuffer(result[1]);
    return this.#output(result[0], outputEncoding, true);
  }

  setAutoPadding(ap) {
    if (this.#done) throw invalidState('setAutoPadding');
    this.#autoPadding = ap === undefined ? true : !!ap;
    return this;
  }

  setAAD(aadbuf, options) {
    const buf = toBytes(getArrayBufferOrView(aadbuf, 'buffer', options?.encoding));
    if (this.#info.mode !== 'gcm' || this.#started || this.#done) {
      throw invalidState('setAAD');
    }
    host('crypto.cipher.aad', this.#id, buf);
    return this;
  }

  [kGetAuthTag]() {
    if (this.#decrypt || !this.#done || this.#authTag === null) {
      throw invalidState('getAuthTag');
    }
    return Buffer.from(this.#authTag);
  }

  [kSetAuthTag](tagbuf, encoding) {
    const tag = toBytes(getArrayBufferOrView(tagbuf, 'buffer', encoding));
    if (this.#info.mode !== 'gcm' || this.#done || this.#authTag !== null) {
      throw invalidState('setAuthTag');
    }
    if (tag.byteLength < 4 || tag.byteLength > 16) {
      throw codeError(TypeError, 'ERR_CRYPTO_INVALID_AUTH_TAG',
        `Invalid authentication tag length: ${tag.byteLength}`);
    }
    this.#authTag = tag.slice();
    return this;
  }
}

class Cipheriv extends CipherBase {
  constructor(cipher, key, iv, options) {
    super(cipher, key, iv, options, false);
  }

  getAuthTag() {
    return this[kGetAuthTag]();
  }
}

class Decipheriv extends CipherBase {
  constructor(cipher, key, iv, options) {
    super(cipher, key, iv, options, true);
  }

  setAuthTag(tagbuf, encoding) {
    return this[kSetAuthTag](tagbuf, encoding);
  }
}

function getCipherInfo(nameOrNid, options) {
  let info;
  if (typeof nameOrNid === 'string') info = lookup(nameOrNid);
  else if (typeof nameOrNid === 'number') {
    if (!Number.isInteger(nameOrNid)) throw outOfRange('nameOrNid', 'an integer', nameOrNid);
    info = BY_NID.get(nameOrNid);
  } else {
    throw invalidArgType('nameOrNid', ['string', 'number'], nameOrNid);
  }
  if (info === undefined) return undefined;
  let { ivLength } = info;
  if (options !== undefined) {
    validateObject(options, 'options');
    const { keyLength, ivLength: ivl } = options;
    if (keyLength !== undefined) {
      validateInt32(keyLength, 'options.keyLength');
      if (keyLength !== info.keyLength) return undefined;
    }
    if (ivl !== undefined) {
      validateInt32(ivl, 'options.ivLength');
      if (info.mode === 'gcm') ivLength = ivl;
      else if (ivl !== info.ivLength) return undefined;
    }
  }
  const out = { mode: info.mode, name: info.name, nid: info.nid, blockSize: info.blockSize };
  if (ivLength !== undefined) out.ivLength = ivLength;
  out.keyLength = info.keyLength;
  return out;
}

module.exports = { Cipheriv, Decipheriv, getCipherInfo };
