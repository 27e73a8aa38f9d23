'use strict';
// What the crypto modules share: the way to the host (sandbox/platform/crypto/), Node's
// errors and argument checks as lib/internal/errors.js and validators.js word them, bytes
// from Node's many kinds of input, and Node's names for digests.
const { call } = require('internal/platform');
// Buffer loads on first need: randomUUID() and getRandomValues() never need it.
let bufferClass;
function Buf() {
  return bufferClass || (bufferClass = require('buffer').Buffer);
}

const { apply } = Reflect;
const toWellFormed = String.prototype.toWellFormed;
const isView = ArrayBuffer.isView;
const objectToString = Object.prototype.toString;

// ---- errors -----------------------------------------------------------------------------
let inspectFn;
function inspect(value, options) {
  if (inspectFn === undefined) inspectFn = require('util').inspect;
  return inspectFn(value, options);
}

function codeError(Base, code, message) {
  const err = new Base(message);
  err.code = code;
  return err;
}

// Node's own messages for these, from internal/errors (loaded when one is thrown).
const errors = () => require('internal/errors');

function describeType(value) {
  return errors().determineSpecificType(value);
}

function invalidArgType(name, expected, actual) {
  return new (errors().codes.ERR_INVALID_ARG_TYPE)(name, expected, actual);
}

function invalidArgValue(name, value, reason = 'is invalid') {
  return new (errors().codes.ERR_INVALID_ARG_VALUE)(name, value, reason);
}

function outOfRange(name, range, input) {
  return new (errors().codes.ERR_OUT_OF_RANGE)(name, range, input);
}

function missingArgs(...names) {
  return new (errors().codes.ERR_MISSING_ARGS)(...names);
}

function invalidDigest(name) {
  return codeError(TypeError, 'ERR_CRYPTO_INVALID_DIGEST', `Invalid digest: ${name}`);
}

function invalidKeyObjectType(actual, expected) {
  return codeError(TypeError, 'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE',
    `Invalid key object type ${actual}, expected ${expected}.`);
}

function incompatibleKeyOptions(encoding, reason) {
  return codeError(Error, 'ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS',
    `The selected key encoding ${encoding} ${reason}.`);
}

function domException(message, name) {
  return new DOMException(message, name);
}

// The host's refusals arrive as `CODE: message` (sandbox/platform/crypto/common.py); they
// become Node's error of that code, OpenSSL's with its `library` and `reason`.
const TYPE_ERROR_CODES = new Set(['ERR_CRYPTO_INVALID_DIGEST', 'ERR_INVALID_ARG_TYPE',
  'ERR_INVALID_ARG_VALUE', 'ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE', 'ERR_CRYPTO_INVALID_JWK',
  'ERR_MISSING_PASSPHRASE', 'ERR_CRYPTO_INVALID_CURVE', 'ERR_CRYPTO_INVALID_IV',
  'ERR_CRYPTO_UNKNOWN_CIPHER']);
const RANGE_ERROR_CODES = new Set(['ERR_OUT_OF_RANGE', 'ERR_CRYPTO_INVALID_KEYLEN',
  'ERR_CRYPTO_INVALID_SCRYPT_PARAMS', 'ERR_CRYPTO_TOO_COSTLY']);
const HOST_ERROR = /^([A-Z][A-Z0-9_]+): ([\s\S]*)$/;
const OPENSSL_ERROR = /^error:[0-9A-F]{8}:([^:]*):[^:]*:(.*)$/;

function fromHost(e) {
  const m = e instanceof Error ? HOST_ERROR.exec(e.message) : null;
  if (m === null) return e;
  const [, code, message] = m;
  const Base = TYPE_ERROR_CODES.has(code) ? TypeError
    : RANGE_ERROR_CODES.has(code) ? RangeError : Error;
  const err = new Base(message);
  const ossl = OPENSSL_ERROR.exec(message);
  if (ossl !== null) {
    err.library = ossl[1];
    err.reason = ossl[2];
  }
  err.code = code;
  return err;
}

// One platform call to the crypto host: host(method, ...args); its refusal thrown as Node's
// error.
function host() {
  try {
    return apply(call, undefined, arguments);
  } catch (e) {
    throw fromHost(e);
  }
}

// ---- validators -------------------------------------------------------------------------
function validateString(value, name) {
  if (typeof value !== 'string') throw invalidArgType(name, 'string', value);
}

function validateFunction(value, name) {
  if (typeof value !== 'function') throw invalidArgType(name, 'Function', value);
}

function validateBoolean(value, name) {
  if (typeof value !== 'boolean') throw invalidArgType(name, 'boolean', value);
}

function validateObject(value, name, { nullable = false, allowArray = false,
  allowFunction = false } = {}) {
  if ((!nullable && value === null) || (!allowArray && Array.isArray(value))
    || (typeof value !== 'object' && (!allowFunction || typeof value !== 'function'))) {
    throw invalidArgType(name, 'Object', value);
  }
}

function validateNumber(value, name, min = undefined, max) {
  if (typeof value !== 'number') throw invalidArgType(name, 'number', value);
  if ((min != null && value < min) || (max != null && value > max)
    || ((min != null || max != null) && Number.isNaN(value))) {
    throw outOfRange(name, `${min != null ? `>= ${min}` : ''}${min != null && max != null
      ? ' && ' : ''}${max != null ? `<= ${max}` : ''}`, value);
  }
}

function validateInteger(value, name, min = Number.MIN_SAFE_INTEGER,
  max = Number.MAX_SAFE_INTEGER) {
  if (typeof value !== 'number') throw invalidArgType(name, 'number', value);
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value);
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
}

function validateInt32(value, name, min = -2147483648, max = 2147483647) {
  if (typeof value !== 'number') throw invalidArgType(name, 'number', value);
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value);
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
}

function validateUint32(value, name, positive = false) {
  if (typeof value !== 'number') throw invalidArgType(name, 'number', value);
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value);
  const min = positive ? 1 : 0;
  const max = 4294967295;
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
}

function validateOneOf(value, name, oneOf) {
  if (!oneOf.includes(value)) {
    const allowed = oneOf.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ');
    throw invalidArgValue(name, value, `must be one of: ${allowed}`);
  }
}

// ---- bytes ------------------------------------------------------------------------------
function isAnyArrayBuffer(value) {
  if (value instanceof ArrayBuffer) return true;
  const tag = value !== null && typeof value === 'object' ? apply(objectToString, value, []) : '';
  return tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]';
}

function isArrayBufferView(value) {
  return isView(value);
}

// The bytes of a view or an ArrayBuffer, as a Uint8Array over the same memory (what the
// platform call sends as bytes).
function toBytes(value) {
  if (value instanceof Uint8Array) return value;
  if (isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return new Uint8Array(value);
}

// A string's bytes in an encoding; UTF-8 text stays a string, which the host encodes
// itself (a lone surrogate becomes U+FFFD, as Node's UTF-8 encoder makes it).
function stringData(value, encoding) {
  if (encoding === undefined || encoding === 'utf8' || encoding === 'utf-8'
    || encoding === 'buffer' || encoding === null) {
    return apply(toWellFormed, value, []);
  }
  const enc = typeof encoding === 'string' ? encoding.toLowerCase() : encoding;
  if (enc === 'utf8' || enc === 'utf-8' || !Buf().isEncoding(enc)) {
    return apply(toWellFormed, value, []);
  }
  return toBytes(Buf().from(value, enc));
}

// Node's getArrayBufferOrView: a string in its encoding, or bytes as they are.
function getArrayBufferOrView(buffer, name, encoding) {
  if (isAnyArrayBuffer(buffer)) return buffer;
  if (typeof buffer === 'string') {
    if (encoding === 'buffer') encoding = 'utf8';
    return Buf().from(buffer, encoding);
  }
  if (!isView(buffer)) {
    throw invalidArgType(name, ['string', 'ArrayBuffer', 'Buffer', 'TypedArray', 'DataView'],
      buffer);
  }
  return buffer;
}

// A Buffer the caller owns: copied from the host's answer (a Uint8Array).
function toBuffer(bytes) {
  return Buf().from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const HEX = '0123456789abcdef';
const fromCharCode = String.fromCharCode;

function latin1(bytes) {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    out += apply(fromCharCode, undefined, bytes.subarray(i, i + 8192));
  }
  return out;
}

// Output in an encoding, as Hash.digest and friends give it ('buffer' or none: a Buffer).
// `bytes` is the host's answer (a Uint8Array the caller owns). The common text encodings are
// made here, so that a digest('hex') never needs to load the Buffer module.
function encodeOutput(bytes, encoding) {
  switch (encoding) {
    case 'hex': {
      if (bytes.length > 4096) return toBuffer(bytes).toString('hex');
      let out = '';
      for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i] >> 4] + HEX[bytes[i] & 15];
      return out;
    }
    case 'base64':
      return btoa(latin1(bytes));
    case 'base64url':
      return btoa(latin1(bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    case 'latin1': case 'binary':
      return latin1(bytes);
    default: {
      const buf = toBuffer(bytes);
      if (typeof encoding === 'string' && encoding !== 'buffer' && Buf().isEncoding(encoding)) {
        return buf.toString(encoding);
      }
      return buf;
    }
  }
}

// ---- digests ----------------------------------------------------------------------------
// Node's names for each digest OpenSSL has (case does not matter), grouped by the one name
// the host knows it by (sandbox/platform/crypto/common.py DIGESTS).
const DIGEST_NAMES = {
  md5: ['rsa-md5', 'md5withrsaencryption', 'ssl3-md5', '1.2.840.113549.2.5'],
  sha1: ['sha-1', 'rsa-sha1', 'rsa-sha1-2', 'sha1withrsaencryption', 'ssl3-sha1', '1.3.14.3.2.26'],
  sha224: ['sha-224', 'sha2-224', 'rsa-sha224', 'sha224withrsaencryption',
    '2.16.840.1.101.3.4.2.4'],
  sha256: ['sha-256', 'sha2-256', 'rsa-sha256', 'sha256withrsaencryption',
    '2.16.840.1.101.3.4.2.1'],
  sha384: ['sha-384', 'sha2-384', 'rsa-sha384', 'sha384withrsaencryption',
    '2.16.840.1.101.3.4.2.2'],
  sha512: ['sha-512', 'sha2-512', 'rsa-sha512', 'sha512withrsaencryption',
    '2.16.840.1.101.3.4.2.3'],
  'sha512-224': ['sha2-512/224', 'sha-512/224', 'rsa-sha512/224', 'sha512-224withrsaencryption',
    '2.16.840.1.101.3.4.2.5'],
  'sha512-256': ['sha2-512/256', 'sha-512/256', 'rsa-sha512/256', 'sha512-256withrsaencryption',
    '2.16.840.1.101.3.4.2.6'],
  'sha3-224': ['rsa-sha3-224', 'id-rsassa-pkcs1-v1_5-with-sha3-224', '2.16.840.1.101.3.4.2.7'],
  'sha3-256': ['rsa-sha3-256', 'id-rsassa-pkcs1-v1_5-with-sha3-256', '2.16.840.1.101.3.4.2.8'],
  'sha3-384': ['rsa-sha3-384', 'id-rsassa-pkcs1-v1_5-with-sha3-384', '2.16.840.1.101.3.4.2.9'],
  'sha3-512': ['rsa-sha3-512', 'id-rsassa-pkcs1-v1_5-with-sha3-512', '2.16.840.1.101.3.4.2.10'],
  shake128: ['shake-128', '2.16.840.1.101.3.4.2.11'],
  shake256: ['shake-256', '2.16.840.1.101.3.4.2.12'],
  blake2b512: ['blake2b-512'],
  blake2s256: ['blake2s-256'],
  ripemd160: ['ripemd', 'rmd160', 'ripemd-160', 'rsa-ripemd160', 'ripemd160withrsa',
    '1.3.36.3.2.1'],
  'md5-sha1': [],
  sm3: ['rsa-sm3', 'sm3withrsaencryption'],
};
const DIGEST_SIZES = {
  md5: 16, sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64, 'sha512-224': 28,
  'sha512-256': 32, 'sha3-224': 28, 'sha3-256': 32, 'sha3-384': 48, 'sha3-512': 64,
  shake128: 16, shake256: 32, blake2b512: 64, blake2s256: 32, ripemd160: 20, 'md5-sha1': 36,
  sm3: 32,
};
const XOF = new Set(['shake128', 'shake256']);
const digestByName = new Map();
for (const canonical of Object.keys(DIGEST_NAMES)) {
  digestByName.set(canonical, canonical);
  for (const alias of DIGEST_NAMES[canonical]) digestByName.set(alias, canonical);
}

// The host's name for a digest Node would accept, or undefined.
function normalizeDigest(name) {
  return typeof name === 'string' ? digestByName.get(name.toLowerCase()) : undefined;
}

const HASHES = ['RSA-MD5', 'RSA-RIPEMD160', 'RSA-SHA1', 'RSA-SHA1-2', 'RSA-SHA224', 'RSA-SHA256',
  'RSA-SHA3-224', 'RSA-SHA3-256', 'RSA-SHA3-384', 'RSA-SHA3-512', 'RSA-SHA384', 'RSA-SHA512',
  'RSA-SHA512/224', 'RSA-SHA512/256', 'RSA-SM3', 'blake2b512', 'blake2s256',
  'id-rsassa-pkcs1-v1_5-with-sha3-224', 'id-rsassa-pkcs1-v1_5-with-sha3-256',
  'id-rsassa-pkcs1-v1_5-with-sha3-384', 'id-rsassa-pkcs1-v1_5-with-sha3-512', 'md5', 'md5-sha1',
  'md5WithRSAEncryption', 'ripemd', 'ripemd160', 'ripemd160WithRSA', 'rmd160', 'sha1',
  'sha1WithRSAEncryption', 'sha224', 'sha224WithRSAEncryption', 'sha256',
  'sha256WithRSAEncryption', 'sha3-224', 'sha3-256', 'sha3-384', 'sha3-512', 'sha384',
  'sha384WithRSAEncryption', 'sha512', 'sha512-224', 'sha512-224WithRSAEncryption', 'sha512-256',
  'sha512-256WithRSAEncryption', 'sha512WithRSAEncryption', 'shake128', 'shake256', 'sm3',
  'sm3WithRSAEncryption', 'ssl3-md5', 'ssl3-sha1'];

// A callback form's result (computed at once), delivered on a later turn as Node's thread
// pool would deliver it.
function deliver(run, callback) {
  let result;
  let error = null;
  try {
    result = run();
  } catch (e) {
    error = e;
  }
  require('internal/core').setImmediate(() => (error ? callback(error) : callback(null, result)));
}

module.exports = {
  deliver,
  host,
  fromHost,
  inspect,
  codeError,
  describeType,
  invalidArgType,
  invalidArgValue,
  outOfRange,
  missingArgs,
  invalidDigest,
  invalidKeyObjectType,
  incompatibleKeyOptions,
  domException,
  validateString,
  validateFunction,
  validateBoolean,
  validateObject,
  validateNumber,
  validateInteger,
  validateInt32,
  validateUint32,
  validateOneOf,
  isAnyArrayBuffer,
  isArrayBufferView,
  toBytes,
  stringData,
  getArrayBufferOrView,
  toBuffer,
  encodeOutput,
  normalizeDigest,
  DIGEST_SIZES,
  XOF,
  HASHES,
};
