'use strict';
// pbkdf2, hkdf and scrypt: Node's checks here, the derivation on the host. The callback
// forms compute at once and call back on a later turn (Node's thread pool would).
const {
  host, codeError, invalidArgType, invalidDigest, outOfRange, validateString, validateFunction,
  validateInt32, validateInteger, validateUint32, isAnyArrayBuffer, isArrayBufferView, toBytes,
  getArrayBufferOrView, toBuffer, normalizeDigest, XOF, DIGEST_SIZES, deliver,
} = require('internal/crypto/util');
const { Buffer } = require('buffer');

function derivingFailed() {
  return new Error('Deriving bits failed');
}

function digestFor(name) {
  const digest = normalizeDigest(name);
  if (digest === undefined) throw invalidDigest(name);
  if (XOF.has(digest)) throw derivingFailed();
  return digest;
}

// ---- pbkdf2 -----------------------------------------------------------------------------
function pbkdf2Check(password, salt, iterations, keylen, digest) {
  validateString(digest, 'digest');
  password = getArrayBufferOrView(password, 'password');
  salt = getArrayBufferOrView(salt, 'salt');
  validateInt32(iterations, 'iterations', 1);
  validateInt32(keylen, 'keylen', 0);
  return () => toBuffer(host('crypto.pbkdf2', toBytes(password), toBytes(salt), iterations,
    keylen, digestFor(digest)));
}

function pbkdf2Sync(password, salt, iterations, keylen, digest) {
  return pbkdf2Check(password, salt, iterations, keylen, digest)();
}

function pbkdf2(password, salt, iterations, keylen, digest, callback) {
  if (typeof digest === 'function') {
    callback = digest;
    digest = undefined;
  }
  const run = pbkdf2Check(password, salt, iterations, keylen, digest);
  validateFunction(callback, 'callback');
  deliver(run, callback);
}

// ---- hkdf -------------------------------------------------------------------------------
function hkdfKey(key) {
  const keys = require('internal/crypto/keys');
  if (keys.isKeyObject(key)) {
    if (key.type !== 'secret') {
      throw codeError(TypeError, 'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE',
        `Invalid key object type ${key.type}, expected secret.`);
    }
    return keys.secretBytes(key);
  }
  if (isAnyArrayBuffer(key)) return toBytes(key);
  if (typeof key === 'string') return toBytes(Buffer.from(key));
  if (!isArrayBufferView(key)) {
    throw invalidArgType('ikm', ['string', 'SecretKeyObject', 'ArrayBuffer', 'TypedArray',
      'DataView', 'Buffer'], key);
  }
  return toBytes(key);
}

function byteSource(value, name) {
  if (typeof value === 'string') return toBytes(Buffer.from(value));
  if (isAnyArrayBuffer(value) || isArrayBufferView(value)) return toBytes(value);
  throw invalidArgType(name, ['string', 'ArrayBuffer', 'TypedArray', 'DataView', 'Buffer'],
    value);
}

function hkdfCheck(hash, key, salt, info, length) {
  validateString(hash, 'digest');
  const ikm = hkdfKey(key);
  const saltBytes = byteSource(salt, 'salt');
  const infoBytes = byteSource(info, 'info');
  validateInteger(length, 'length', 0, 2 ** 32);
  if (infoBytes.byteLength > 1024) {
    throw outOfRange('info', 'must not contain more than 1024 bytes', infoBytes.byteLength);
  }
  return () => {
    const digest = digestFor(hash);
    if (length > 255 * DIGEST_SIZES[digest]) {
      throw codeError(RangeError, 'ERR_CRYPTO_INVALID_KEYLEN', 'Invalid key length');
    }
    const out = host('crypto.hkdf', digest, ikm, saltBytes, infoBytes, length);
    return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength);
  };
}

function hkdfSync(hash, key, salt, info, length) {
  return hkdfCheck(hash, key, salt, info, length)();
}

function hkdf(hash, key, salt, info, length, callback) {
  const run = hkdfCheck(hash, key, salt, info, length);
  validateFunction(callback, 'callback');
  deliver(run, callback);
}

// ---- scrypt -----------------------------------------------------------------------------
const defaults = { N: 16384, r: 8, p: 1, maxmem: 32 << 20 };

function invalidParams() {
  return codeError(RangeError, 'ERR_CRYPTO_INVALID_SCRYPT_PARAMS', 'Invalid scrypt params');
}

function incompatiblePair() {
  return codeError(Error, 'ERR_CRYPTO_SCRYPT_INVALID_PARAMETER', 'Invalid scrypt parameter');
}

function scryptCheck(password, salt, keylen, options) {
  password = getArrayBufferOrView(password, 'password');
  salt = getArrayBufferOrView(salt, 'salt');
  validateInt32(keylen, 'keylen', 0);
  let { N, r, p, maxmem } = defaults;
  if (options && options !== defaults) {
    const hasN = options.N !== undefined;
    if (hasN) {
      N = options.N;
      validateUint32(N, 'N');
    }
    if (options.cost !== undefined) {
      if (hasN) throw incompatiblePair();
      N = options.cost;
      validateUint32(N, 'cost');
    }
    const hasR = options.r !== undefined;
    if (hasR) {
      r = options.r;
      validateUint32(r, 'r');
    }
    if (options.blockSize !== undefined) {
      if (hasR) throw incompatiblePair();
      r = options.blockSize;
      validateUint32(r, 'blockSize');
    }
    const hasP = options.p !== undefined;
    if (hasP) {
      p = options.p;
      validateUint32(p, 'p');
    }
    if (options.parallelization !== undefined) {
      if (hasP) throw incompatiblePair();
      p = options.parallelization;
      validateUint32(p, 'parallelization');
    }
    if (options.maxmem !== undefined) {
      maxmem = options.maxmem;
      validateInteger(maxmem, 'maxmem', 0);
    }
    if (N === 0) N = defaults.N;
    if (r === 0) r = defaults.r;
    if (p === 0) p = defaults.p;
    if (maxmem === 0) maxmem = defaults.maxmem;
  }
  if (N < 2 || (N & (N - 1)) !== 0) throw invalidParams();
  return () => toBuffer(host('crypto.scrypt', toBytes(password), toBytes(salt), keylen, N, r,
    p, maxmem));
}

function scryptSync(password, salt, keylen, options = defaults) {
  return scryptCheck(password, salt, keylen, options)();
}

function scrypt(password, salt, keylen, options, callback = defaults) {
  if (callback === defaults) {
    callback = options;
    options = defaults;
  }
  const run = scryptCheck(password, salt, keylen, options);
  validateFunction(callback, 'callback');
  deliver(run, callback);
}

module.exports = { pbkdf2, pbkdf2Sync, hkdf, hkdfSync, scrypt, scryptSync };
