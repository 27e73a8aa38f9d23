'use strict';
// Web Crypto's SubtleCrypto as Node implements it: WebIDL argument conversion, algorithm
// normalization, each algorithm's key formats and usages, errors as DOMExceptions. Keys are
// KeyObjects inside CryptoKeys (internal/crypto/keys.js); every operation is one platform call
// to the host (sandbox/platform/crypto/). The classes themselves are internal/crypto/webcrypto.js,
// which loads this on an action's first use of crypto.subtle.
const {
  host, codeError, domException, isAnyArrayBuffer, isArrayBufferView, toBytes, toBuffer,
  DIGEST_SIZES,
} = require('internal/crypto/util');
const {
  createCryptoKey, isCryptoKey, keyObjectOf, handleOf, handleFromHost, keyObjectFromHandle,
  secretKeyFromBytes, bytesEqual,
} = require('internal/crypto/keys');
const random = require('internal/crypto/random');
const { Buffer } = require('buffer');

// ---- WebIDL ------------------------------------------------------------------------------
const ORDINALS = ['1st', '2nd', '3rd', '4th', '5th', '6th', '7th'];

function prefix(method) {
  return `Failed to execute '${method}' on 'SubtleCrypto'`;
}

function requireArgs(method, required, actual) {
  if (actual < required) {
    throw codeError(TypeError, 'ERR_MISSING_ARGS', `${prefix(method)}: ${required} argument`
      + `${required > 1 ? 's' : ''} required, but only ${actual} present.`);
  }
}

function bufferSource(value, method, index) {
  if (!isArrayBufferView(value) && !isAnyArrayBuffer(value)) {
    throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE', `${prefix(method)}: ${ORDINALS[index]} `
      + 'argument is not instance of ArrayBuffer, Buffer, TypedArray, or DataView.');
  }
  return toBytes(value).slice();
}

function cryptoKeyArg(value, method, index) {
  if (!isCryptoKey(value)) {
    throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE',
      `${prefix(method)}: ${ORDINALS[index]} argument is not of type CryptoKey.`);
  }
  return value;
}

const KEY_FORMATS = ['raw', 'pkcs8', 'spki', 'jwk'];
const KEY_USAGES = ['encrypt', 'decrypt', 'sign', 'verify', 'deriveKey', 'deriveBits',
  'wrapKey', 'unwrapKey'];

function enumArg(value, values, type, method, index) {
  const text = `${value}`;
  if (!values.includes(text)) {
    throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `${prefix(method)}: ${ORDINALS[index]} `
      + `argument value '${text}' is not a valid enum value of type ${type}.`);
  }
  return text;
}

function usagesArg(value, method, index) {
  if (value === null || typeof value !== 'object' || typeof value[Symbol.iterator] !== 'function') {
    throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE',
      `${prefix(method)}: ${ORDINALS[index]} argument can not be converted to sequence.`);
  }
  const out = [];
  let i = 0;
  for (const usage of value) {
    const text = `${usage}`;
    if (!KEY_USAGES.includes(text)) {
      throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `${prefix(method)}: `
        + `${ORDINALS[index]} argument, index ${i} value '${text}' is not a valid enum value `
        + 'of type KeyUsage.');
    }
    out.push(text);
    i++;
  }
  return out;
}

// ---- algorithm normalization -------------------------------------------------------------
const HASHES = { 'SHA-1': null, 'SHA-256': null, 'SHA-384': null, 'SHA-512': null };
const RSA = ['RSASSA-PKCS1-v1_5', 'RSA-PSS', 'RSA-OAEP'];
const AES = ['AES-CTR', 'AES-CBC', 'AES-GCM', 'AES-KW'];
const OKP = ['Ed25519', 'Ed448', 'X25519', 'X448'];

const SUPPORTED = {
  digest: HASHES,
  generateKey: {
    'RSASSA-PKCS1-v1_5': 'RsaHashedKeyGenParams', 'RSA-PSS': 'RsaHashedKeyGenParams',
    'RSA-OAEP': 'RsaHashedKeyGenParams', ECDSA: 'EcKeyGenParams', ECDH: 'EcKeyGenParams',
    'AES-CTR': 'AesKeyGenParams', 'AES-CBC': 'AesKeyGenParams', 'AES-GCM': 'AesKeyGenParams',
    'AES-KW': 'AesKeyGenParams', HMAC: 'HmacKeyGenParams', X25519: null, Ed25519: null,
    X448: null, Ed448: null,
  },
  sign: { 'RSASSA-PKCS1-v1_5': null, 'RSA-PSS': 'RsaPssParams', ECDSA: 'EcdsaParams',
    HMAC: null, Ed25519: null, Ed448: 'Ed448Params' },
  importKey: {
    'RSASSA-PKCS1-v1_5': 'RsaHashedImportParams', 'RSA-PSS': 'RsaHashedImportParams',
    'RSA-OAEP': 'RsaHashedImportParams', ECDSA: 'EcKeyImportParams',
    ECDH: 'EcKeyImportParams', HMAC: 'HmacImportParams', HKDF: null, PBKDF2: null,
    'AES-CTR': null, 'AES-CBC': null, 'AES-GCM': null, 'AES-KW': null, Ed25519: null,
    X25519: null, Ed448: null, X448: null,
  },
  deriveBits: { HKDF: 'HkdfParams', PBKDF2: 'Pbkdf2Params', ECDH: 'EcdhKeyDeriveParams',
    X25519: 'EcdhKeyDeriveParams', X448: 'EcdhKeyDeriveParams' },
  encrypt: { 'RSA-OAEP': 'RsaOaepParams', 'AES-CBC': 'AesCbcParams', 'AES-GCM': 'AesGcmParams',
    'AES-CTR': 'AesCtrParams' },
  'get key length': { 'AES-CBC': 'AesDerivedKeyParams', 'AES-CTR': 'AesDerivedKeyParams',
    'AES-GCM': 'AesDerivedKeyParams', 'AES-KW': 'AesDerivedKeyParams',
    HMAC: 'HmacImportParams', HKDF: null, PBKDF2: null },
  wrapKey: { 'AES-KW': null },
};
SUPPORTED.verify = SUPPORTED.sign;
SUPPORTED.decrypt = SUPPORTED.encrypt;
SUPPORTED.unwrapKey = SUPPORTED.wrapKey;

// Each dictionary's members in WebIDL order (inherited first, then by name): [member, type,
// required].
const DICTIONARIES = {
  RsaHashedKeyGenParams: [['modulusLength', 'ulong', true], ['publicExponent', 'BigInteger', true],
    ['hash', 'HashAlgorithmIdentifier', true]],
  RsaHashedImportParams: [['hash', 'HashAlgorithmIdentifier', true]],
  RsaPssParams: [['saltLength', 'ulong', true]],
  RsaOaepParams: [['label', 'BufferSource', false]],
  EcKeyGenParams: [['namedCurve', 'string', true]],
  EcKeyImportParams: [['namedCurve', 'string', true]],
  EcdsaParams: [['hash', 'HashAlgorithmIdentifier', true]],
  AesKeyGenParams: [['length', 'ushort', true]],
  AesDerivedKeyParams: [['length', 'ushort', true]],
  AesGcmParams: [['additionalData', 'BufferSource', false], ['iv', 'BufferSource', true],
    ['tagLength', 'octet', false]],
  AesCbcParams: [['iv', 'BufferSource', true]],
  AesCtrParams: [['counter', 'BufferSource', true], ['length', 'octet', true]],
  HmacKeyGenParams: [['hash', 'HashAlgorithmIdentifier', true], ['length', 'ulong', false]],
  HmacImportParams: [['hash', 'HashAlgorithmIdentifier', true], ['length', 'ulong', false]],
  HkdfParams: [['hash', 'HashAlgorithmIdentifier', true], ['info', 'BufferSource', true],
    ['salt', 'BufferSource', true]],
  Pbkdf2Params: [['hash', 'HashAlgorithmIdentifier', true], ['iterations', 'ulong', true],
    ['salt', 'BufferSource', true]],
  EcdhKeyDeriveParams: [['public', 'CryptoKey', true]],
  Ed448Params: [['context', 'BufferSource', false]],
};

const NORMALIZE = 'Failed to normalize algorithm';

function convertMember(type, value, dictionary, member) {
  const where = `${NORMALIZE}: passed algorithm`;
  switch (type) {
    case 'HashAlgorithmIdentifier':
      return normalizeAlgorithm(value, 'digest');
    case 'BufferSource':
      if (!isArrayBufferView(value) && !isAnyArrayBuffer(value)) {
        throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE', `${where}: ${member} in `
          + `'${dictionary}' is not instance of ArrayBuffer, Buffer, TypedArray, or DataView.`);
      }
      return toBytes(value).slice();
    case 'BigInteger':
      if (!(value instanceof Uint8Array)) {
        throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE',
          `${where}: ${member} in '${dictionary}' is not an instance of Uint8Array.`);
      }
      return value;
    case 'CryptoKey':
      if (!isCryptoKey(value)) {
        throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE',
          `${where}: ${member} in '${dictionary}' is not of type CryptoKey.`);
      }
      return value;
    case 'string':
      return `${value}`;
    default: { // [EnforceRange] integers
      const n = Number(value);
      const max = type === 'octet' ? 0xFF : type === 'ushort' ? 0xFFFF : 0xFFFFFFFF;
      if (!Number.isFinite(n)) {
        throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE',
          `${where}: ${member} in '${dictionary}' is not a finite number.`);
      }
      const int = Math.trunc(n);
      if (int < 0 || int > max) {
        throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `${where}: ${member} in `
          + `'${dictionary}' is outside the expected range of 0 to ${max}.`);
      }
      return int;
    }
  }
}

function normalizeAlgorithm(algorithm, op) {
  if (typeof algorithm === 'string') return normalizeAlgorithm({ name: algorithm }, op);
  if (algorithm === null || (typeof algorithm !== 'object' && typeof algorithm !== 'function')) {
    throw domException('Unrecognized algorithm name', 'NotSupportedError');
  }
  if (algorithm.name === undefined) {
    throw codeError(TypeError, 'ERR_MISSING_OPTION', `${NORMALIZE}: passed algorithm can not be `
      + "converted to 'Algorithm' because 'name' is required in 'Algorithm'.");
  }
  const registered = SUPPORTED[op];
  const wanted = `${algorithm.name}`.toUpperCase();
  let name;
  for (const key of Object.keys(registered)) {
    if (key.toUpperCase() === wanted) name = key;
  }
  if (name === undefined) throw domException('Unrecognized algorithm name', 'NotSupportedError');
  const dictionary = registered[name];
  if (dictionary === null) return { name };
  const out = { name };
  for (const [member, type, required] of DICTIONARIES[dictionary]) {
    const value = algorithm[member];
    if (value === undefined) {
      if (required) {
        throw codeError(TypeError, 'ERR_MISSING_OPTION', `${NORMALIZE}: passed algorithm can `
          + `not be converted to '${dictionary}' because '${member}' is required in `
          + `'${dictionary}'.`);
      }
      continue;
    }
    out[member] = convertMember(type, value, dictionary, member);
  }
  return out;
}

// ---- helpers -------------------------------------------------------------------------------
const HOST_DIGESTS = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384',
  'SHA-512': 'sha512' };
const BLOCK_BITS = { 'SHA-1': 512, 'SHA-256': 512, 'SHA-384': 1024, 'SHA-512': 1024 };
const CURVES = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' };
const CURVE_BY_OPENSSL = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

function arrayBuffer(bytes) {
  const out = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(out).set(bytes);
  return out;
}

function operationError(message = 'The operation failed for an operation-specific reason') {
  return domException(message, 'OperationError');
}

function dataError(message) {
  return domException(message, 'DataError');
}

// Each of Node's algorithm modules words this message with its own article.
const WITH_A = new Set(['ECDH', 'HKDF', 'PBKDF2']);

function article(name) {
  return WITH_A.has(name) ? 'a' : 'an';
}

function usageError(name) {
  return domException(`Unsupported key usage for ${article(name)} ${name} key`, 'SyntaxError');
}

function checkUsages(usages, allowed, name) {
  for (const usage of usages) if (!allowed.includes(usage)) throw usageError(name);
}

function intersect(usages, allowed) {
  return usages.filter((u, i) => allowed.includes(u) && usages.indexOf(u) === i);
}

function unique(usages) {
  return usages.filter((u, i) => usages.indexOf(u) === i);
}

// A host failure inside an operation is the standard's OperationError.
function hostOp(method, ...args) {
  try {
    return host(method, ...args);
  } catch (e) {
    if (e instanceof DOMException) throw e;
    throw operationError();
  }
}

// What a key's usages may be, by algorithm and key type.
const USAGES = {
  HMAC: { secret: ['sign', 'verify'] },
  'AES-CTR': { secret: ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'] },
  'AES-CBC': { secret: ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'] },
  'AES-GCM': { secret: ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'] },
  'AES-KW': { secret: ['wrapKey', 'unwrapKey'] },
  HKDF: { secret: ['deriveKey', 'deriveBits'] },
  PBKDF2: { secret: ['deriveKey', 'deriveBits'] },
  'RSASSA-PKCS1-v1_5': { public: ['verify'], private: ['sign'] },
  'RSA-PSS': { public: ['verify'], private: ['sign'] },
  'RSA-OAEP': { public: ['encrypt', 'wrapKey'], private: ['decrypt', 'unwrapKey'] },
  ECDSA: { public: ['verify'], private: ['sign'] },
  ECDH: { public: [], private: ['deriveKey', 'deriveBits'] },
  Ed25519: { public: ['verify'], private: ['sign'] },
  Ed448: { public: ['verify'], private: ['sign'] },
  X25519: { public: [], private: ['deriveKey', 'deriveBits'] },
  X448: { public: [], private: ['deriveKey', 'deriveBits'] },
};

function usageName(name) {
  return name.startsWith('AES-') ? 'AES' : name;
}

// ---- importing -----------------------------------------------------------------------------
function jwkCheck(jwk, kty, usages, extractable, use) {
  if (jwk.kty !== kty) throw dataError('Invalid JWK "kty" Parameter');
  if (usages.length > 0 && jwk.use !== undefined && jwk.use !== use) {
    throw dataError('Invalid JWK "use" Parameter');
  }
  if (jwk.key_ops !== undefined) {
    if (!Array.isArray(jwk.key_ops)) throw dataError('Invalid JWK "key_ops" Parameter');
    for (const usage of usages) {
      if (!jwk.key_ops.includes(usage)) throw dataError('Key operations and usage mismatch');
    }
  }
  if (jwk.ext !== undefined && jwk.ext === false && extractable === true) {
    throw dataError('JWK "ext" Parameter and extractable mismatch');
  }
}

function secretFromJwk(jwk, usages, extractable, use) {
  jwkCheck(jwk, 'oct', usages, extractable, use);
  if (typeof jwk.k !== 'string') throw dataError('Invalid keyData');
  return Buffer.from(jwk.k, 'base64');
}

function importSecret(format, keyData, algorithm, extractable, usages) {
  const { name } = algorithm;
  checkUsages(usages, USAGES[name].secret, usageName(name));
  let bytes;
  if (name === 'HKDF' || name === 'PBKDF2') {
    if (format !== 'raw') {
      throw domException(`Unable to import ${name} key with format ${format}`,
        'NotSupportedError');
    }
    if (extractable) throw domException(`${name} keys are not extractable`, 'SyntaxError');
    bytes = keyData;
    return createCryptoKey(secretKeyFromBytes(bytes), { name }, false, unique(usages));
  }
  if (format === 'raw') bytes = keyData;
  else if (format === 'jwk') {
    bytes = secretFromJwk(keyData, usages, extractable, name === 'HMAC' ? 'sig' : 'enc');
  } else {
    throw domException(`Unable to import ${usageName(name)} key with format ${format}`,
      'NotSupportedError');
  }
  if (name === 'HMAC') {
    if (bytes.byteLength === 0) throw dataError('Zero-length key is not supported');
    const bits = bytes.byteLength * 8;
    let { length } = algorithm;
    if (length === 0) throw dataError('Zero-length key is not supported');
    // The standard allows lengths that are not a multiple of 8; Node does not.
    if (length === undefined) length = bits;
    else if (length !== bits) throw dataError('Invalid key length');
    if (format === 'jwk' && keyData.alg !== undefined
      && keyData.alg !== `HS${algorithm.hash.name.slice(4)}`) {
      throw dataError('JWK "alg" does not match the requested algorithm');
    }
    return createCryptoKey(secretKeyFromBytes(bytes),
      { name, hash: algorithm.hash, length }, extractable, unique(usages));
  }
  const bits = bytes.byteLength * 8;
  if (bits !== 128 && bits !== 192 && bits !== 256) throw dataError('Invalid key length');
  if (format === 'jwk' && keyData.alg !== undefined
    && keyData.alg !== `A${bits}${name.slice(4)}`) {
    throw dataError('JWK "alg" does not match the requested algorithm');
  }
  return createCryptoKey(secretKeyFromBytes(bytes), { name, length: bits }, extractable,
    unique(usages));
}

function parseKey(kind, data, format, type) {
  try {
    return handleFromHost(host('crypto.key.parse', kind, data, format, type ?? null));
  } catch {
    throw dataError('Invalid keyData');
  }
}

const RSA_JWK_ALGS = {
  'RSASSA-PKCS1-v1_5': (hash) => `RS${hash.slice(4)}`,
  'RSA-PSS': (hash) => `PS${hash.slice(4)}`,
  'RSA-OAEP': (hash) => (hash === 'SHA-1' ? 'RSA-OAEP' : `RSA-OAEP-${hash.slice(4)}`),
};

// An asymmetric key's handle from spki, pkcs8, jwk or raw data, checked for the type the
// algorithm needs.
function asymmetricHandle(format, keyData, algorithm, usages, extractable) {
  const { name } = algorithm;
  const isRsa = RSA.includes(name);
  const isEc = name === 'ECDSA' || name === 'ECDH';
  let kind;
  let handle;
  switch (format) {
    case 'spki':
      kind = 'public';
      checkUsages(usages, USAGES[name].public, name);
      handle = parseKey('public', keyData, 'der', 'spki');
      break;
    case 'pkcs8':
      kind = 'private';
      checkUsages(usages, USAGES[name].private, name);
      handle = parseKey('private', keyData, 'der', 'pkcs8');
      break;
    case 'jwk': {
      if (keyData === null || typeof keyData !== 'object') throw dataError('Invalid keyData');
      kind = keyData.d !== undefined ? 'private' : 'public';
      checkUsages(usages, USAGES[name][kind], name);
      const kty = isRsa ? 'RSA' : isEc ? 'EC' : 'OKP';
      jwkCheck(keyData, kty, usages, extractable, name === 'RSA-OAEP' || name === 'ECDH'
        || name.startsWith('X') ? 'enc' : 'sig');
      if (isRsa && keyData.alg !== undefined
        && keyData.alg !== RSA_JWK_ALGS[name](algorithm.hash.name)) {
        throw dataError('JWK "alg" does not match the requested algorithm');
      }
      if (isEc && keyData.crv !== algorithm.namedCurve) throw dataError('Named curve mismatch');
      if (!isRsa && !isEc && keyData.crv !== name) throw dataError('Invalid JWK "crv" Parameter');
      handle = parseKey(kind, { ...keyData, kty }, 'jwk');
      break;
    }
    case 'raw':
      if (isRsa) {
        throw domException(`Unable to import RSA key with format raw`, 'NotSupportedError');
      }
      kind = 'public';
      checkUsages(usages, USAGES[name].public, name);
      handle = parseKey('public', keyData, 'raw', isEc ? algorithm.namedCurve : name.toLowerCase());
      break;
    default:
      throw domException(`Unable to import ${name} key with format ${format}`,
        'NotSupportedError');
  }
  const wantType = isRsa ? 'rsa' : isEc ? 'ec' : name.toLowerCase();
  if (handle.keyType !== wantType) throw dataError('Invalid key type');
  if (isEc && CURVE_BY_OPENSSL[handle.details.namedCurve] !== algorithm.namedCurve) {
    throw dataError('Named curve mismatch');
  }
  return [kind, handle];
}

function asymmetricAlgorithm(algorithm, handle) {
  const { name } = algorithm;
  if (RSA.includes(name)) {
    return { name, modulusLength: handle.details.modulusLength,
      publicExponent: new Uint8Array(handle.details.publicExponent), hash: algorithm.hash };
  }
  if (name === 'ECDSA' || name === 'ECDH') return { name, namedCurve: algorithm.namedCurve };
  return { name };
}

function importKeyInternal(format, keyData, algorithm, extractable, usages) {
  const { name } = algorithm;
  let key;
  if (USAGES[name].secret !== undefined) {
    key = importSecret(format, keyData, algorithm, extractable, usages);
  } else {
    const [kind, handle] = asymmetricHandle(format, keyData, algorithm, usages, extractable);
    key = createCryptoKey(keyObjectFromHandle(handle), asymmetricAlgorithm(algorithm, handle),
      extractable, unique(usages));
    if (kind === 'private' && usages.length === 0) {
      throw domException('Usages cannot be empty when importing a private key.', 'SyntaxError');
    }
    return key;
  }
  if (usages.length === 0) {
    throw domException('Usages cannot be empty when importing a secret key.', 'SyntaxError');
  }
  return key;
}

// ---- exporting -----------------------------------------------------------------------------
function exportJwk(key) {
  const object = keyObjectOf(key);
  const { name } = key.algorithm;
  const jwk = { key_ops: key.usages, ext: key.extractable };
  if (object.type === 'secret') {
    jwk.kty = 'oct';
    jwk.k = Buffer.from(handleOf(object).data).toString('base64url');
    if (name === 'HMAC') jwk.alg = `HS${key.algorithm.hash.name.slice(4)}`;
    else if (name.startsWith('AES-')) jwk.alg = `A${key.algorithm.length}${name.slice(4)}`;
    else throw domException(`Unable to export ${name} key with format jwk`, 'NotSupportedError');
    return jwk;
  }
  const members = object.exportJwk();
  if (RSA.includes(name)) {
    Object.assign(jwk, members);
    jwk.alg = RSA_JWK_ALGS[name](key.algorithm.hash.name);
    return jwk;
  }
  Object.assign(jwk, members);
  if (name === 'Ed25519' || name === 'Ed448') jwk.alg = name;
  return jwk;
}

function exportKeyInternal(format, key) {
  if (!key.extractable) throw domException('key is not extractable', 'InvalidAccessException');
  const object = keyObjectOf(key);
  const { name } = key.algorithm;
  if (format === 'jwk') return exportJwk(key);
  if (object.type === 'secret') {
    if (format !== 'raw' || name === 'HKDF' || name === 'PBKDF2') {
      throw domException(`Unable to export ${usageName(name)} secret key using ${format} format`,
        'NotSupportedError');
    }
    return arrayBuffer(handleOf(object).data);
  }
  const isPublic = object.type === 'public';
  if (format === 'spki' && isPublic) return arrayBuffer(handleOf(object).data);
  if (format === 'pkcs8' && !isPublic) return arrayBuffer(handleOf(object).data);
  if (format === 'raw' && isPublic && !RSA.includes(name)) {
    return arrayBuffer(host('crypto.key.raw', handleOf(object).wire));
  }
  throw domException(`Unable to export a ${format === 'spki' ? 'raw' : format} ${name} `
    + `${object.type} key`, 'InvalidAccessError');
}

// ---- generating ----------------------------------------------------------------------------
function generateKeyInternal(algorithm, extractable, usages) {
  const { name } = algorithm;
  if (USAGES[name].secret !== undefined) {
    checkUsages(usages, USAGES[name].secret, usageName(name));
    let length;
    let keyAlgorithm;
    if (name === 'HMAC') {
      length = algorithm.length ?? BLOCK_BITS[algorithm.hash.name];
      if (length === 0) throw operationError('Zero-length key is not supported');
      if (length % 8 !== 0) {
        throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE', "The property 'algorithm.length' "
          + `must be a multiple of 8. Received ${length}`);
      }
      keyAlgorithm = { name, length, hash: algorithm.hash };
    } else {
      length = algorithm.length;
      if (![128, 192, 256].includes(length)) {
        throw operationError('AES key length must be 128, 192, or 256 bits');
      }
      keyAlgorithm = { name, length };
    }
    if (usages.length === 0) {
      throw domException('Usages cannot be empty when creating a key.', 'SyntaxError');
    }
    const bytes = random.randomBytes(Math.ceil(length / 8));
    return createCryptoKey(secretKeyFromBytes(bytes), keyAlgorithm, extractable, unique(usages));
  }
  const allowed = [...USAGES[name].public, ...USAGES[name].private];
  checkUsages(usages, allowed, name);
  let type;
  let options = {};
  if (RSA.includes(name)) {
    type = 'rsa';
    let e = 0;
    for (const byte of algorithm.publicExponent) e = e * 256 + byte;
    options = { modulusLength: algorithm.modulusLength, publicExponent: e };
  } else if (name === 'ECDSA' || name === 'ECDH') {
    if (CURVES[algorithm.namedCurve] === undefined) {
      throw domException('Unrecognized namedCurve', 'NotSupportedError');
    }
    type = 'ec';
    options = { namedCurve: CURVES[algorithm.namedCurve] };
  } else {
    type = name.toLowerCase();
  }
  const privateUsages = intersect(usages, USAGES[name].private);
  if (privateUsages.length === 0) {
    throw domException('Usages cannot be empty when creating a key.', 'SyntaxError');
  }
  const pair = hostOp('crypto.key.generate', type, options);
  const publicHandle = handleFromHost(pair.public);
  const privateHandle = handleFromHost(pair.private);
  const keyAlgorithm = asymmetricAlgorithm(algorithm, publicHandle);
  const publicKey = createCryptoKey(keyObjectFromHandle(publicHandle), keyAlgorithm, true,
    intersect(usages, USAGES[name].public));
  const privateKey = createCryptoKey(keyObjectFromHandle(privateHandle), keyAlgorithm,
    extractable, privateUsages);
  // Node's RSA and EC modules list the public key first, its OKP module the private one.
  return OKP.includes(name) ? { __proto__: null, privateKey, publicKey }
    : { __proto__: null, publicKey, privateKey };
}

// ---- operations ----------------------------------------------------------------------------
function checkKey(key, usage, name) {
  if (!key.usages.includes(usage) || key.algorithm.name !== name) {
    throw domException(`Unable to use this key to ${usage}`, 'InvalidAccessError');
  }
}

function signOptions(algorithm, key) {
  const { name } = key.algorithm;
  if (name === 'RSA-PSS') return [HOST_DIGESTS[key.algorithm.hash.name], { padding: 6, saltLength: algorithm.saltLength }];
  if (name === 'RSASSA-PKCS1-v1_5') return [HOST_DIGESTS[key.algorithm.hash.name], { padding: 1 }];
  if (name === 'ECDSA') return [HOST_DIGESTS[algorithm.hash.name], { dsaEncoding: 'ieee-p1363' }];
  return [null, {}];
}

function signInternal(algorithm, key, data) {
  checkKey(key, 'sign', algorithm.name);
  const object = keyObjectOf(key);
  if (algorithm.name === 'HMAC') {
    return arrayBuffer(host('crypto.hmac', HOST_DIGESTS[key.algorithm.hash.name],
      handleOf(object).data, data));
  }
  const [digest, options] = signOptions(algorithm, key);
  return arrayBuffer(hostOp('crypto.sign', digest, handleOf(object).wire, data, options));
}

function verifyInternal(algorithm, key, signature, data) {
  checkKey(key, 'verify', algorithm.name);
  const object = keyObjectOf(key);
  if (algorithm.name === 'HMAC') {
    const mac = host('crypto.hmac', HOST_DIGESTS[key.algorithm.hash.name],
      handleOf(object).data, data);
    return bytesEqual(mac, signature);
  }
  const [digest, options] = signOptions(algorithm, key);
  return hostOp('crypto.verify', digest, handleOf(object).wire, data, signature, options);
}

const GCM_TAGS = [32, 64, 96, 104, 112, 120, 128];

function cipherInternal(algorithm, key, data, decrypt) {
  const usage = decrypt ? 'decrypt' : 'encrypt';
  if (algorithm.name !== key.algorithm.name) {
    throw domException('The requested operation is not valid for the provided key',
      'InvalidAccessError');
  }
  if (!key.usages.includes(usage)) {
    throw domException('The requested operation is not valid for the provided key',
      'InvalidAccessError');
  }
  return cipherData(algorithm, key, data, decrypt);
}

function cipherData(algorithm, key, data, decrypt) {
  const object = keyObjectOf(key);
  switch (algorithm.name) {
    case 'RSA-OAEP': {
      const method = decrypt ? 'crypto.rsa.decrypt' : 'crypto.rsa.encrypt';
      return arrayBuffer(hostOp(method, handleOf(object).wire, data, 4,
        HOST_DIGESTS[key.algorithm.hash.name], algorithm.label ?? null));
    }
    case 'AES-GCM': {
      const tagLength = algorithm.tagLength ?? 128;
      if (!GCM_TAGS.includes(tagLength)) {
        throw operationError(`${tagLength} is not a valid AES-GCM tag length`);
      }
      return arrayBuffer(hostOp('crypto.aes', 'gcm', decrypt, handleOf(object).data,
        algorithm.iv, data, algorithm.additionalData ?? null, tagLength, null));
    }
    case 'AES-CBC':
      if (algorithm.iv.byteLength !== 16) {
        throw operationError('algorithm.iv must contain exactly 16 bytes');
      }
      return arrayBuffer(hostOp('crypto.aes', 'cbc', decrypt, handleOf(object).data,
        algorithm.iv, data, null, null, null));
    case 'AES-CTR':
      if (algorithm.counter.byteLength !== 16) {
        throw operationError('algorithm.counter must contain exactly 16 bytes');
      }
      if (algorithm.length === 0 || algorithm.length > 128) {
        throw operationError('AES-CTR algorithm.length must be between 1 and 128');
      }
      return arrayBuffer(hostOp('crypto.aes', 'ctr', decrypt, handleOf(object).data,
        algorithm.counter, data, null, null, algorithm.length));
    case 'AES-KW':
      return arrayBuffer(hostOp('crypto.aes', 'kw', decrypt, handleOf(object).data, null, data,
        null, null, null));
    default:
      throw domException('Unrecognized algorithm name', 'NotSupportedError');
  }
}

function deriveBitsInternal(algorithm, baseKey, length) {
  if (algorithm.name !== baseKey.algorithm.name) {
    throw domException('Key algorithm mismatch', 'InvalidAccessError');
  }
  const secret = handleOf(keyObjectOf(baseKey));
  switch (algorithm.name) {
    case 'PBKDF2':
    case 'HKDF': {
      if (length === null) throw operationError('length cannot be null');
      if (length % 8 !== 0) throw operationError('length must be a multiple of 8');
      const digest = HOST_DIGESTS[algorithm.hash.name];
      if (algorithm.name === 'PBKDF2') {
        if (algorithm.iterations === 0) throw operationError('iterations cannot be zero');
        return arrayBuffer(hostOp('crypto.pbkdf2', secret.data, algorithm.salt,
          algorithm.iterations, length / 8, digest));
      }
      if (length / 8 > 255 * DIGEST_SIZES[digest]) throw operationError();
      return arrayBuffer(hostOp('crypto.hkdf', digest, secret.data, algorithm.salt,
        algorithm.info, length / 8));
    }
    default: { // ECDH, X25519, X448
      const pub = algorithm.public;
      if (pub.type !== 'public') {
        throw domException('algorithm.public must be a public key', 'InvalidAccessError');
      }
      if (pub.algorithm.name !== baseKey.algorithm.name) {
        throw domException('The public and private keys must be of the same type',
          'InvalidAccessError');
      }
      if (pub.algorithm.namedCurve !== baseKey.algorithm.namedCurve) {
        throw domException('Named curve mismatch', 'InvalidAccessError');
      }
      const bits = hostOp('crypto.key.agree', secret.wire, handleOf(keyObjectOf(pub)).wire);
      if (length === null) return arrayBuffer(bits);
      if (length > bits.byteLength * 8) throw operationError('derived bit length is too small');
      const out = bits.slice(0, Math.ceil(length / 8));
      if (length % 8) out[out.length - 1] &= 0xFF << (8 - (length % 8));
      return arrayBuffer(out);
    }
  }
}

function keyLength(algorithm) {
  switch (algorithm.name) {
    case 'AES-CBC': case 'AES-CTR': case 'AES-GCM': case 'AES-KW':
      if (![128, 192, 256].includes(algorithm.length)) {
        throw operationError('AES key length must be 128, 192, or 256 bits');
      }
      return algorithm.length;
    case 'HMAC':
      return algorithm.length ?? BLOCK_BITS[algorithm.hash.name];
    default:
      return null;
  }
}

function keyDataArg(format, keyData, method, index) {
  if (format === 'jwk') {
    if (keyData === null || typeof keyData !== 'object' || isArrayBufferView(keyData)
      || isAnyArrayBuffer(keyData)) {
      throw dataError('Invalid keyData');
    }
    return keyData;
  }
  return bufferSource(keyData, method, index);
}

// ---- the operations, as SubtleCrypto's methods call them -------------------------------
function encrypt(algorithm, key, data) {
  requireArgs('encrypt', 3, arguments.length);
  algorithm = normalizeAlgorithm(algorithm, 'encrypt');
  cryptoKeyArg(key, 'encrypt', 1);
  data = bufferSource(data, 'encrypt', 2);
  return cipherInternal(algorithm, key, data, false);
}

function decrypt(algorithm, key, data) {
  requireArgs('decrypt', 3, arguments.length);
  algorithm = normalizeAlgorithm(algorithm, 'decrypt');
  cryptoKeyArg(key, 'decrypt', 1);
  data = bufferSource(data, 'decrypt', 2);
  return cipherInternal(algorithm, key, data, true);
}

function sign(algorithm, key, data) {
  requireArgs('sign', 3, arguments.length);
  algorithm = normalizeAlgorithm(algorithm, 'sign');
  cryptoKeyArg(key, 'sign', 1);
  data = bufferSource(data, 'sign', 2);
  return signInternal(algorithm, key, data);
}

function verify(algorithm, key, signature, data) {
  requireArgs('verify', 4, arguments.length);
  algorithm = normalizeAlgorithm(algorithm, 'verify');
  cryptoKeyArg(key, 'verify', 1);
  signature = bufferSource(signature, 'verify', 2);
  data = bufferSource(data, 'verify', 3);
  return verifyInternal(algorithm, key, signature, data);
}

function digest(algorithm, data) {
  requireArgs('digest', 2, arguments.length);
  algorithm = normalizeAlgorithm(algorithm, 'digest');
  data = bufferSource(data, 'digest', 1);
  return arrayBuffer(host('crypto.hash', HOST_DIGESTS[algorithm.name], data, null));
}

function generateKey(algorithm, extractable, keyUsages) {
  requireArgs('generateKey', 3, arguments.length);
  algorithm = normalizeAlgorithm(algorithm, 'generateKey');
  const usages = usagesArg(keyUsages, 'generateKey', 2);
  return generateKeyInternal(algorithm, !!extractable, usages);
}

function deriveKey(algorithm, baseKey, derivedKeyAlgorithm, extractable, keyUsages) {
  requireArgs('deriveKey', 5, arguments.length);
  algorithm = normalizeAlgorithm(algorithm, 'deriveBits');
  cryptoKeyArg(baseKey, 'deriveKey', 1);
  const importAlgorithm = normalizeAlgorithm(derivedKeyAlgorithm, 'importKey');
  const length = keyLength(normalizeAlgorithm(derivedKeyAlgorithm, 'get key length'));
  const usages = usagesArg(keyUsages, 'deriveKey', 4);
  if (!baseKey.usages.includes('deriveKey')) {
    throw domException('baseKey does not have deriveKey usage', 'InvalidAccessError');
  }
  const bits = deriveBitsInternal(algorithm, baseKey, length);
  return importKeyInternal('raw', new Uint8Array(bits), importAlgorithm, !!extractable,
    usages);
}

function deriveBits(algorithm, baseKey, length = null) {
  requireArgs('deriveBits', 2, arguments.length);
  algorithm = normalizeAlgorithm(algorithm, 'deriveBits');
  cryptoKeyArg(baseKey, 'deriveBits', 1);
  if (length !== null) length = convertMember('ulong', length, 'deriveBits', 'length');
  if (!baseKey.usages.includes('deriveBits')) {
    throw domException('baseKey does not have deriveBits usage', 'InvalidAccessError');
  }
  return deriveBitsInternal(algorithm, baseKey, length);
}

function importKey(format, keyData, algorithm, extractable, keyUsages) {
  requireArgs('importKey', 4, arguments.length);
  format = enumArg(format, KEY_FORMATS, 'KeyFormat', 'importKey', 0);
  keyData = keyDataArg(format, keyData, 'importKey', 1);
  algorithm = normalizeAlgorithm(algorithm, 'importKey');
  const usages = usagesArg(keyUsages, 'importKey', 4);
  return importKeyInternal(format, keyData, algorithm, !!extractable, usages);
}

function exportKey(format, key) {
  requireArgs('exportKey', 2, arguments.length);
  format = enumArg(format, KEY_FORMATS, 'KeyFormat', 'exportKey', 0);
  cryptoKeyArg(key, 'exportKey', 1);
  return exportKeyInternal(format, key);
}

function wrapKey(format, key, wrappingKey, wrapAlgorithm) {
  requireArgs('wrapKey', 4, arguments.length);
  format = enumArg(format, KEY_FORMATS, 'KeyFormat', 'wrapKey', 0);
  cryptoKeyArg(key, 'wrapKey', 1);
  cryptoKeyArg(wrappingKey, 'wrapKey', 2);
  let algorithm;
  try {
    algorithm = normalizeAlgorithm(wrapAlgorithm, 'wrapKey');
  } catch {
    algorithm = normalizeAlgorithm(wrapAlgorithm, 'encrypt');
  }
  if (!wrappingKey.usages.includes('wrapKey')
    || wrappingKey.algorithm.name !== algorithm.name) {
    throw domException('Unable to use this key to wrapKey', 'InvalidAccessError');
  }
  const exported = exportKeyInternal(format, key);
  const bytes = format === 'jwk' ? toBytes(Buffer.from(JSON.stringify(exported)))
    : new Uint8Array(exported);
  return cipherData(algorithm, wrappingKey, bytes, false);
}

function unwrapKey(format, wrappedKey, unwrappingKey, unwrapAlgorithm, unwrappedKeyAlgorithm,
  extractable, keyUsages) {
  requireArgs('unwrapKey', 7, arguments.length);
  format = enumArg(format, KEY_FORMATS, 'KeyFormat', 'unwrapKey', 0);
  wrappedKey = bufferSource(wrappedKey, 'unwrapKey', 1);
  cryptoKeyArg(unwrappingKey, 'unwrapKey', 2);
  let algorithm;
  try {
    algorithm = normalizeAlgorithm(unwrapAlgorithm, 'unwrapKey');
  } catch {
    algorithm = normalizeAlgorithm(unwrapAlgorithm, 'decrypt');
  }
  const importAlgorithm = normalizeAlgorithm(unwrappedKeyAlgorithm, 'importKey');
  const usages = usagesArg(keyUsages, 'unwrapKey', 6);
  if (!unwrappingKey.usages.includes('unwrapKey')
    || unwrappingKey.algorithm.name !== algorithm.name) {
    throw domException('Unable to use this key to unwrapKey', 'InvalidAccessError');
  }
  const bytes = new Uint8Array(cipherData(algorithm, unwrappingKey, wrappedKey, true));
  let keyData = bytes;
  if (format === 'jwk') {
    try {
      keyData = JSON.parse(toBuffer(bytes).toString());
    } catch {
      throw dataError('Invalid keyData');
    }
  }
  return importKeyInternal(format, keyData, importAlgorithm, !!extractable, usages);
}

module.exports = { encrypt, decrypt, sign, verify, digest, generateKey, deriveKey, deriveBits,
  importKey, exportKey, wrapKey, unwrapKey };
