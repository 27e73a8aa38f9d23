'use strict';
// Hash, Hmac and hash(): Node's API; the hashing is the host's (hashlib). Data is gathered
// here and hashed in one platform call at digest(); past CHUNK bytes it goes on to a stream
// the host keeps open, a call per CHUNK, so that no call grows past what one may carry.
const {
  host, codeError, invalidArgType, invalidArgValue, invalidKeyObjectType, validateString,
  validateObject, validateUint32, isAnyArrayBuffer, isArrayBufferView, toBytes, stringData,
  encodeOutput, normalizeDigest, invalidDigest, DIGEST_SIZES, XOF,
} = require('internal/crypto/util');
// Buffer loads only when a key or an encoding needs it, not for a digest('hex').
const Buf = () => require('buffer').Buffer;
const ENCODINGS = new Set(['hex', 'base64', 'base64url', 'latin1', 'binary', 'utf8', 'utf-8',
  'ascii', 'ucs2', 'ucs-2', 'utf16le', 'utf-16le']);

const CHUNK = 64 * 1024;
const kHandle = Symbol('kHandle');
const kState = Symbol('kState');
const kFinalized = Symbol('kFinalized');

function finalized() {
  return codeError(Error, 'ERR_CRYPTO_HASH_FINALIZED', 'Digest already called');
}

function notXof() {
  const err = new Error('error:030000B2:digital envelope routines::not XOF or invalid length');
  err.library = 'digital envelope routines';
  err.reason = 'not XOF or invalid length';
  err.code = 'ERR_OSSL_EVP_NOT_XOF_OR_INVALID_LENGTH';
  return err;
}

// Node's Hash/Hmac handles print as `Hash {}`; ours hold the state behind private fields.
class HashHandle {}
class HmacHandle {}

// What update() takes, as the platform call sends it: a string (UTF-8) or a Uint8Array.
function updateData(data, encoding, name = 'data') {
  if (typeof data === 'string') return stringData(data, encoding);
  if (!isArrayBufferView(data)) {
    throw invalidArgType(name, ['string', 'Buffer', 'TypedArray', 'DataView'], data);
  }
  return toBytes(data);
}

// A long string in pieces of at most CHUNK bytes of UTF-8, never splitting a surrogate pair
// (the host encodes each piece; encoding here would cost the interpreter dearly).
function* stringPieces(text) {
  const step = CHUNK / 4;
  for (let i = 0; i < text.length;) {
    let end = Math.min(i + step, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xD800 && last <= 0xDBFF) end--;
    yield text.slice(i, end);
    i = end;
  }
}

// Gathered data and, once it grew past CHUNK, the host's stream holding what came before.
class Feed {
  constructor(digest, key) {
    this.digest = digest;
    this.key = key; // Uint8Array for an HMAC, null for a hash
    this.chunks = [];
    this.size = 0;
    this.stream = 0;
  }

  push(data) {
    const size = typeof data === 'string' ? data.length * 3 : data.byteLength;
    if (size > CHUNK) {
      this.flush();
      if (typeof data === 'string') {
        for (const piece of stringPieces(data)) this.send(piece);
      } else {
        for (let i = 0; i < data.byteLength; i += CHUNK) {
          this.send(data.subarray(i, Math.min(i + CHUNK, data.byteLength)));
        }
      }
      return;
    }
    // A copy: the caller may change its buffer before digest().
    this.chunks.push(typeof data === 'string' ? data : data.slice());
    this.size += size;
    if (this.size > CHUNK) this.flush();
  }

  flush() {
    if (this.chunks.length === 0) return;
    this.send(this.chunks);
    this.chunks = [];
    this.size = 0;
  }

  send(data) {
    if (this.stream === 0) {
      this.stream = this.key === null ? host('crypto.stream.open', this.digest)
        : host('crypto.stream.open', this.digest, this.key);
    }
    host('crypto.stream.update', this.stream, data);
  }

  finish(length) {
    if (this.stream !== 0) {
      this.flush();
      return host('crypto.stream.digest', this.stream, length ?? null);
    }
    if (this.key !== null) return host('crypto.hmac', this.digest, this.key, this.chunks);
    return host('crypto.hash', this.digest, this.chunks, length ?? null);
  }

  copy() {
    const other = new Feed(this.digest, this.key);
    other.chunks = this.chunks.slice();
    other.size = this.size;
    if (this.stream !== 0) other.stream = host('crypto.stream.copy', this.stream);
    return other;
  }
}

function validateOutputLength(options) {
  if (options === undefined || options === null || typeof options !== 'object') return undefined;
  const { outputLength } = options;
  if (outputLength !== undefined) validateUint32(outputLength, 'options.outputLength');
  return outputLength;
}

class Hash {
  #feed;
  #outputLength;

  constructor(algorithm, options) {
    const isCopy = algorithm instanceof Feed;
    if (!isCopy) validateString(algorithm, 'algorithm');
    const outputLength = validateOutputLength(options);
    const digest = isCopy ? algorithm.digest : normalizeDigest(algorithm);
    if (digest === undefined) throw new Error('Digest method not supported');
    if (outputLength !== undefined && !XOF.has(digest) && outputLength !== DIGEST_SIZES[digest]) {
      throw notXof();
    }
    this.#feed = isCopy ? algorithm : new Feed(digest, null);
    this.#outputLength = outputLength;
    this._options = options;
    Object.defineProperty(this, kHandle, { value: new HashHandle(), enumerable: true });
    this[kState] = { [kFinalized]: false };
  }

  copy(options) {
    if (this[kState][kFinalized]) throw finalized();
    const copy = new Hash(this.#feed.copy(), options);
    if (validateOutputLength(options) === undefined) copy.#outputLength = this.#outputLength;
    return copy;
  }

  update(data, encoding) {
    if (this[kState][kFinalized]) throw finalized();
    this.#feed.push(updateData(data, encoding));
    return this;
  }

  digest(outputEncoding) {
    if (this[kState][kFinalized]) throw finalized();
    this[kState][kFinalized] = true;
    return encodeOutput(this.#feed.finish(this.#outputLength), outputEncoding);
  }
}

function prepareHmacKey(key, encoding) {
  const keys = require('internal/crypto/keys');
  if (keys.isKeyObject(key) || keys.isCryptoKey(key)) {
    const object = keys.isCryptoKey(key) ? keys.keyObjectOf(key) : key;
    if (object.type !== 'secret') throw invalidKeyObjectType(object.type, 'secret');
    return keys.secretBytes(object);
  }
  if (typeof key === 'string') return toBytes(Buf().from(key, encoding === 'buffer' ? 'utf8' : encoding));
  if (isArrayBufferView(key) || isAnyArrayBuffer(key)) return toBytes(key).slice();
  throw invalidArgType('key', ['ArrayBuffer', 'Buffer', 'TypedArray', 'DataView', 'string',
    'KeyObject', 'CryptoKey'], key);
}

class Hmac {
  #feed;

  constructor(hmac, key, options) {
    validateString(hmac, 'hmac');
    const encoding = options !== null && typeof options === 'object' ? options.encoding : undefined;
    const bytes = prepareHmacKey(key, encoding);
    const digest = normalizeDigest(hmac);
    if (digest === undefined) throw invalidDigest(hmac);
    if (XOF.has(digest)) throw new Error('error:00000000:lib(0)::reason(0)');
    this.#feed = new Feed(digest, bytes);
    this._options = options;
    Object.defineProperty(this, kHandle, { value: new HmacHandle(), enumerable: true });
    this[kState] = { [kFinalized]: false };
  }

  update(data, encoding) {
    if (this[kState][kFinalized]) throw finalized();
    this.#feed.push(updateData(data, encoding));
    return this;
  }

  // A second digest() gives an empty result, as Node's does.
  digest(outputEncoding) {
    if (this[kState][kFinalized]) return encodeOutput(new Uint8Array(0), outputEncoding);
    this[kState][kFinalized] = true;
    return encodeOutput(this.#feed.finish(), outputEncoding);
  }
}

Object.defineProperty(HashHandle, 'name', { value: 'Hash' });
Object.defineProperty(HmacHandle, 'name', { value: 'Hmac' });

// crypto.hash(algorithm, data[, outputEncoding]): one call, for data already whole.
function hash(algorithm, input, outputEncoding = 'hex') {
  validateString(algorithm, 'algorithm');
  if (typeof input !== 'string' && !isArrayBufferView(input)) {
    throw invalidArgType('input', ['Buffer', 'TypedArray', 'DataView', 'string'], input);
  }
  let normalized = outputEncoding;
  if (outputEncoding !== 'buffer') {
    validateString(outputEncoding, 'outputEncoding');
    normalized = outputEncoding.toLowerCase();
    if (!ENCODINGS.has(normalized)) throw invalidArgValue('outputEncoding', outputEncoding);
  }
  const digest = normalizeDigest(algorithm);
  if (digest === undefined) throw new Error(`Digest method ${algorithm} is not supported`);
  const data = typeof input === 'string' ? stringData(input) : toBytes(input);
  const size = typeof data === 'string' ? data.length * 3 : data.byteLength;
  if (size > CHUNK) return new Hash(algorithm).update(input).digest(normalized);
  return encodeOutput(host('crypto.hash', digest, data, null), normalized);
}

module.exports = { Hash, Hmac, hash, updateData, Feed };
