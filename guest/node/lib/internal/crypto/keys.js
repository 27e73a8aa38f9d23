'use strict';
// KeyObject and CryptoKey, and the ways Node takes keys (PEM or DER text and bytes, JWK,
// KeyObjects, CryptoKeys). The host reads and writes keys; here a key is its handle: the
// canonical bytes the host gave (PKCS#8 DER for a private key, SPKI DER for a public one,
// the bytes of a secret key), its type and details. The host keeps nothing between calls.
const {
  host, codeError, invalidArgType, invalidArgValue, outOfRange, invalidKeyObjectType,
  incompatibleKeyOptions, validateObject, validateString, validateOneOf, validateUint32,
  validateFunction, isAnyArrayBuffer, isArrayBufferView, toBytes, getArrayBufferOrView,
  inspect,
} = require('internal/crypto/util');
const { Buffer } = require('buffer');

const kHandle = Symbol('kHandle');
const kKeyType = Symbol('kKeyType');
const kAsymmetricKeyType = Symbol('kAsymmetricKeyType');
const kAsymmetricKeyDetails = Symbol('kAsymmetricKeyDetails');
const kKeyObject = Symbol('kKeyObject');
const kAlgorithm = Symbol('kAlgorithm');
const kExtractable = Symbol('kExtractable');
const kKeyUsages = Symbol('kKeyUsages');

// Key input contexts, as Node names them.
const kConsumePublic = 0;
const kConsumePrivate = 1;
const kCreatePublic = 2;
const kCreatePrivate = 3;

// What a KeyObject holds: `data` is the DER (asymmetric) or the key's bytes (secret).
class KeyHandle {
  constructor(type, data, keyType, details) {
    this.type = type;
    this.data = data;
    this.keyType = keyType;
    this.details = details;
  }

  // The key as the host's methods take it back.
  get wire() {
    return [this.type, this.data];
  }
}

function handleFromHost(described) {
  return new KeyHandle(described.type, described.der, described.keyType, described.details);
}

function bigIntFromBytes(bytes) {
  let n = 0n;
  for (let i = 0; i < bytes.length; i++) n = (n << 8n) | BigInt(bytes[i]);
  return n;
}

function normalizeDetails(details) {
  if (details.publicExponent !== undefined) {
    return { ...details, publicExponent: bigIntFromBytes(details.publicExponent) };
  }
  return { ...details };
}

class KeyObject {
  constructor(type, handle) {
    if (type !== 'secret' && type !== 'public' && type !== 'private') {
      throw invalidArgValue('type', type);
    }
    if (typeof handle !== 'object' || !(handle instanceof KeyHandle)) {
      throw invalidArgType('handle', 'object', handle);
    }
    this[kKeyType] = type;
    Object.defineProperty(this, kHandle, { value: handle, enumerable: false,
      configurable: false, writable: false });
  }

  get type() {
    return this[kKeyType];
  }

  static from(key) {
    if (!isCryptoKey(key)) throw invalidArgType('key', 'CryptoKey', key);
    return key[kKeyObject];
  }

  equals(otherKeyObject) {
    if (!isKeyObject(otherKeyObject)) {
      throw invalidArgType('otherKeyObject', 'KeyObject', otherKeyObject);
    }
    if (otherKeyObject.type !== this.type) return false;
    return bytesEqual(this[kHandle].data, otherKeyObject[kHandle].data);
  }
}
Object.defineProperty(KeyObject.prototype, Symbol.toStringTag,
  { value: 'KeyObject', configurable: true });

// Compares all of both (no early exit: a secret key's bytes).
function bytesEqual(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

class SecretKeyObject extends KeyObject {
  constructor(handle) {
    super('secret', handle);
  }

  get symmetricKeySize() {
    return this[kHandle].data.length;
  }

  export(options) {
    if (options !== undefined) {
      validateObject(options, 'options');
      validateOneOf(options.format, 'options.format', [undefined, 'buffer', 'jwk']);
      if (options.format === 'jwk') {
        return { kty: 'oct', k: Buffer.from(this[kHandle].data).toString('base64url') };
      }
    }
    return Buffer.from(this[kHandle].data);
  }
}

const JWK_CURVES = { prime256v1: 'P-256', secp256k1: 'secp256k1', secp384r1: 'P-384',
  secp521r1: 'P-521' };
const OKP_CURVES = { ed25519: 'Ed25519', ed448: 'Ed448', x25519: 'X25519', x448: 'X448' };

class AsymmetricKeyObject extends KeyObject {
  get asymmetricKeyType() {
    return this[kAsymmetricKeyType] || (this[kAsymmetricKeyType] = this[kHandle].keyType);
  }

  get asymmetricKeyDetails() {
    switch (this.asymmetricKeyType) {
      case 'rsa': case 'rsa-pss': case 'dsa': case 'ec':
        return this[kAsymmetricKeyDetails]
          || (this[kAsymmetricKeyDetails] = normalizeDetails(this[kHandle].details));
      default:
        return {};
    }
  }

  // Node's order of JWK members: RSA n e d p q dp dq qi; EC x y crv d; OKP crv d x kty.
  exportJwk() {
    const type = this.asymmetricKeyType;
    if (type === 'ec' && JWK_CURVES[this.asymmetricKeyDetails.namedCurve] === undefined) {
      throw codeError(Error, 'ERR_CRYPTO_JWK_UNSUPPORTED_CURVE',
        `Unsupported JWK EC curve: ${this.asymmetricKeyDetails.namedCurve}.`);
    }
    if (type !== 'rsa' && type !== 'ec' && OKP_CURVES[type] === undefined) {
      throw codeError(Error, 'ERR_CRYPTO_JWK_UNSUPPORTED_KEY_TYPE', 'Unsupported JWK Key Type.');
    }
    const m = host('crypto.key.jwk', this[kHandle].wire);
    if (type === 'rsa') {
      const jwk = { kty: 'RSA', n: m.n, e: m.e };
      if (m.d !== undefined) {
        Object.assign(jwk, { d: m.d, p: m.p, q: m.q, dp: m.dp, dq: m.dq, qi: m.qi });
      }
      return jwk;
    }
    if (type === 'ec') {
      const jwk = { kty: 'EC', x: m.x, y: m.y, crv: JWK_CURVES[this.asymmetricKeyDetails.namedCurve] };
      if (m.d !== undefined) jwk.d = m.d;
      return jwk;
    }
    const jwk = { crv: OKP_CURVES[type] };
    if (m.d !== undefined) jwk.d = m.d;
    jwk.x = m.x;
    jwk.kty = 'OKP';
    return jwk;
  }
}

function exportDer(handle, format, type, cipher, passphrase) {
  const out = host('crypto.key.export', handle.wire, format, type, cipher ?? null,
    passphrase === undefined ? null : toBytes(passphrase));
  return typeof out === 'string' ? out : Buffer.from(out);
}

class PublicKeyObject extends AsymmetricKeyObject {
  constructor(handle) {
    super('public', handle);
  }

  export(options) {
    if (options && options.format === 'jwk') return this.exportJwk();
    const { format, type } = parsePublicKeyEncoding(options, this.asymmetricKeyType);
    return exportDer(this[kHandle], format, type);
  }
}

class PrivateKeyObject extends AsymmetricKeyObject {
  constructor(handle) {
    super('private', handle);
  }

  export(options) {
    if (options && options.format === 'jwk') {
      if (options.passphrase !== undefined) {
        throw incompatibleKeyOptions('jwk', 'does not support encryption');
      }
      return this.exportJwk();
    }
    const { format, type, cipher, passphrase } =
      parsePrivateKeyEncoding(options, this.asymmetricKeyType);
    return exportDer(this[kHandle], format, type, cipher, passphrase);
  }
}

// ---- key encodings ----------------------------------------------------------------------
function parseKeyFormat(formatStr, defaultFormat, optionName) {
  if (formatStr === undefined && defaultFormat !== undefined) return defaultFormat;
  if (formatStr === 'pem' || formatStr === 'der') return formatStr;
  throw invalidArgValue(optionName, formatStr);
}

function parseKeyType(typeStr, required, keyType, isPublic, optionName) {
  if (typeStr === undefined && !required) return undefined;
  if (typeStr === 'pkcs1') {
    if (keyType !== undefined && keyType !== 'rsa') {
      throw incompatibleKeyOptions(typeStr, 'can only be used for RSA keys');
    }
    return typeStr;
  }
  if (typeStr === 'spki' && isPublic !== false) return typeStr;
  if (typeStr === 'pkcs8' && isPublic !== true) return typeStr;
  if (typeStr === 'sec1' && isPublic !== true) {
    if (keyType !== undefined && keyType !== 'ec') {
      throw incompatibleKeyOptions(typeStr, 'can only be used for EC keys');
    }
    return typeStr;
  }
  throw invalidArgValue(optionName, typeStr);
}

function option(name, objName) {
  return objName === undefined ? `options.${name}` : `options.${objName}.${name}`;
}

function isStringOrBuffer(val) {
  return typeof val === 'string' || isArrayBufferView(val) || isAnyArrayBuffer(val);
}

function parseKeyEncoding(enc, keyType, isPublic, objName) {
  if (enc === null || typeof enc !== 'object') throw invalidArgType('options', 'object', enc);
  const isInput = keyType === undefined;
  const format = parseKeyFormat(enc.format, isInput ? 'pem' : undefined,
    option('format', objName));
  const type = parseKeyType(enc.type, !isInput || format === 'der', keyType, isPublic,
    option('type', objName));
  let cipher;
  let passphrase;
  let encoding;
  if (isPublic !== true) {
    ({ cipher, passphrase, encoding } = enc);
    if (!isInput) {
      if (cipher != null) {
        if (typeof cipher !== 'string') throw invalidArgValue(option('cipher', objName), cipher);
        if (format === 'der' && (type === 'pkcs1' || type === 'sec1')) {
          throw incompatibleKeyOptions(type, 'does not support encryption');
        }
      } else if (passphrase !== undefined) {
        throw invalidArgValue(option('cipher', objName), cipher);
      }
    }
    if ((isInput && passphrase !== undefined && !isStringOrBuffer(passphrase))
      || (!isInput && cipher != null && !isStringOrBuffer(passphrase))) {
      throw invalidArgValue(option('passphrase', objName), passphrase);
    }
  }
  if (passphrase !== undefined) {
    passphrase = getArrayBufferOrView(passphrase, 'key.passphrase', encoding);
  }
  return { format, type, cipher, passphrase };
}

function parsePublicKeyEncoding(enc, keyType, objName) {
  return parseKeyEncoding(enc, keyType, keyType ? true : undefined, objName);
}

function parsePrivateKeyEncoding(enc, keyType, objName) {
  return parseKeyEncoding(enc, keyType, false, objName);
}

// ---- taking keys in ---------------------------------------------------------------------
function getKeyTypes(allowKeyObject, bufferOnly = false) {
  return ['ArrayBuffer', 'Buffer', 'TypedArray', 'DataView',
    ...(!bufferOnly ? ['string'] : []),
    ...(!bufferOnly && allowKeyObject ? ['KeyObject', 'CryptoKey'] : [])];
}

function getKeyObjectHandle(key, ctx) {
  if (ctx === kCreatePrivate) {
    throw invalidArgType('key', ['string', 'ArrayBuffer', 'Buffer', 'TypedArray', 'DataView'],
      key);
  }
  if (key.type !== 'private') {
    if (ctx === kConsumePrivate || ctx === kCreatePublic) {
      throw invalidKeyObjectType(key.type, 'private');
    }
    if (key.type !== 'public') throw invalidKeyObjectType(key.type, 'private or public');
  }
  return key[kHandle];
}

function invalidJwk() {
  return codeError(TypeError, 'ERR_CRYPTO_INVALID_JWK', 'Invalid JWK data');
}

const OKP_SIZES = { Ed25519: 32, X25519: 32, Ed448: 57, X448: 56 };

// Node's checks of a JWK, then the host's reading of it.
function handleFromJwk(key, ctx) {
  validateObject(key, 'key');
  validateOneOf(key.kty, 'key.kty', ['RSA', 'EC', 'OKP']);
  const isPublic = ctx === kConsumePublic || ctx === kCreatePublic;
  let jwk;
  if (key.kty === 'OKP') {
    validateString(key.crv, 'key.crv');
    validateOneOf(key.crv, 'key.crv', ['Ed25519', 'Ed448', 'X25519', 'X448']);
    validateString(key.x, 'key.x');
    if (!isPublic) validateString(key.d, 'key.d');
    const data = Buffer.from(isPublic ? key.x : key.d, 'base64');
    if (data.byteLength !== OKP_SIZES[key.crv]) throw invalidJwk();
    jwk = { kty: 'OKP', crv: key.crv, x: key.x, d: isPublic ? undefined : key.d };
  } else if (key.kty === 'EC') {
    validateString(key.crv, 'key.crv');
    validateOneOf(key.crv, 'key.crv', ['P-256', 'secp256k1', 'P-384', 'P-521']);
    validateString(key.x, 'key.x');
    validateString(key.y, 'key.y');
    if (!isPublic) validateString(key.d, 'key.d');
    jwk = { kty: 'EC', crv: key.crv, x: key.x, y: key.y, d: isPublic ? undefined : key.d };
  } else {
    validateString(key.n, 'key.n');
    validateString(key.e, 'key.e');
    jwk = { kty: 'RSA', n: key.n, e: key.e };
    if (!isPublic) {
      for (const name of ['d', 'p', 'q', 'dp', 'dq', 'qi']) {
        validateString(key[name], `key.${name}`);
        jwk[name] = key[name];
      }
    }
  }
  try {
    return handleFromHost(host('crypto.key.parse', isPublic ? 'public' : 'private', jwk, 'jwk'));
  } catch (e) {
    if (e.code === 'ERR_CRYPTO_INVALID_JWK') throw invalidJwk();
    throw e;
  }
}

function handleFromData(data, format, type, passphrase, ctx) {
  const kind = ctx === kConsumePrivate || ctx === kCreatePrivate ? 'private' : 'public';
  return handleFromHost(host('crypto.key.parse', kind, toBytes(data), format, type ?? null,
    passphrase === undefined ? null : toBytes(passphrase)));
}

// The handle of any key Node's asymmetric functions take, read by the host when it is not a
// KeyObject already.
function prepareAsymmetricKey(key, ctx) {
  if (isKeyObject(key)) return getKeyObjectHandle(key, ctx);
  if (isCryptoKey(key)) return getKeyObjectHandle(key[kKeyObject], ctx);
  if (isStringOrBuffer(key)) {
    return handleFromData(getArrayBufferOrView(key, 'key'), 'pem', undefined, undefined, ctx);
  }
  if (typeof key === 'object' && key !== null) {
    const { key: data, encoding, format } = key;
    if (isKeyObject(data)) return getKeyObjectHandle(data, ctx);
    if (isCryptoKey(data)) return getKeyObjectHandle(data[kKeyObject], ctx);
    if (format === 'jwk') {
      validateObject(data, 'key.key');
      return handleFromJwk(data, ctx);
    }
    if (!isStringOrBuffer(data)) {
      throw invalidArgType('key.key', getKeyTypes(ctx !== kCreatePrivate), data);
    }
    const isPublic = ctx === kConsumePrivate || ctx === kCreatePrivate ? false : undefined;
    const enc = parseKeyEncoding(key, undefined, isPublic);
    return handleFromData(getArrayBufferOrView(data, 'key', encoding), enc.format, enc.type,
      enc.passphrase, ctx);
  }
  throw invalidArgType('key', getKeyTypes(ctx !== kCreatePrivate), key);
}

function preparePrivateKey(key) {
  return prepareAsymmetricKey(key, kConsumePrivate);
}

function preparePublicOrPrivateKey(key) {
  return prepareAsymmetricKey(key, kConsumePublic);
}

// A secret key's bytes (a Uint8Array the caller must not change).
function prepareSecretKey(key, encoding, bufferOnly = false) {
  if (!bufferOnly) {
    if (isKeyObject(key)) {
      if (key.type !== 'secret') throw invalidKeyObjectType(key.type, 'secret');
      return key[kHandle].data;
    }
    if (isCryptoKey(key)) {
      if (key.type !== 'secret') throw invalidKeyObjectType(key.type, 'secret');
      return key[kKeyObject][kHandle].data;
    }
  }
  if (typeof key !== 'string' && !isArrayBufferView(key) && !isAnyArrayBuffer(key)) {
    throw invalidArgType('key', getKeyTypes(!bufferOnly, bufferOnly), key);
  }
  return toBytes(getArrayBufferOrView(key, 'key', encoding));
}

function secretKeyFromBytes(bytes) {
  return new SecretKeyObject(new KeyHandle('secret', Uint8Array.from(bytes), undefined, {}));
}

function keyObjectFromHandle(handle) {
  if (handle.type === 'secret') return new SecretKeyObject(handle);
  return handle.type === 'public' ? new PublicKeyObject(handle) : new PrivateKeyObject(handle);
}

function createSecretKey(key, encoding) {
  return secretKeyFromBytes(prepareSecretKey(key, encoding, true));
}

function createPublicKey(key) {
  const handle = prepareAsymmetricKey(key, kCreatePublic);
  if (handle.type === 'private') return new PublicKeyObject(handleFromHost(host('crypto.key.public', handle.wire)));
  return new PublicKeyObject(handle);
}

function createPrivateKey(key) {
  return new PrivateKeyObject(prepareAsymmetricKey(key, kCreatePrivate));
}

function isKeyObject(obj) {
  return obj != null && obj[kKeyType] !== undefined && obj instanceof KeyObject;
}

// ---- CryptoKey (Web Crypto) -------------------------------------------------------------
let constructingCryptoKey = false;

class CryptoKey {
  constructor() {
    if (!constructingCryptoKey) {
      throw codeError(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
    }
  }

  [Symbol.for('nodejs.util.inspect.custom')](depth, options) {
    if (depth < 0) return this;
    const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
    return `CryptoKey ${inspect({ type: this.type, extractable: this.extractable,
      algorithm: this.algorithm, usages: this.usages }, opts)}`;
  }

  get type() {
    return this[kKeyObject].type;
  }

  get extractable() {
    return this[kExtractable];
  }

  get algorithm() {
    return this[kAlgorithm];
  }

  get usages() {
    return this[kKeyUsages];
  }
}
Object.defineProperty(CryptoKey.prototype, Symbol.toStringTag,
  { value: 'CryptoKey', configurable: true });
for (const name of ['type', 'extractable', 'algorithm', 'usages']) {
  Object.defineProperty(CryptoKey.prototype, name, { enumerable: true });
}

function createCryptoKey(keyObject, algorithm, extractable, usages) {
  constructingCryptoKey = true;
  let key;
  try {
    key = new CryptoKey();
  } finally {
    constructingCryptoKey = false;
  }
  Object.defineProperty(key, kKeyObject, { value: keyObject });
  Object.defineProperty(key, kAlgorithm, { value: algorithm });
  Object.defineProperty(key, kExtractable, { value: extractable });
  Object.defineProperty(key, kKeyUsages, { value: [...usages] });
  return key;
}

function isCryptoKey(obj) {
  return obj != null && obj[kKeyObject] !== undefined && obj instanceof CryptoKey;
}

function keyObjectOf(cryptoKey) {
  return cryptoKey[kKeyObject];
}

function handleOf(keyObject) {
  return keyObject[kHandle];
}

// ---- generation -------------------------------------------------------------------------
const PAIR_TYPES = ['rsa', 'rsa-pss', 'dsa', 'ec', 'ed25519', 'ed448', 'x25519', 'x448', 'dh'];

function encodingOf(options, name, keyType, isPublic) {
  const enc = options[name];
  if (enc == null) return undefined;
  if (typeof enc !== 'object') throw invalidArgValue(`options.${name}`, enc);
  if (enc.format === 'jwk') return { format: 'jwk' };
  return isPublic ? parsePublicKeyEncoding(enc, keyType, name)
    : parsePrivateKeyEncoding(enc, keyType, name);
}

function encodeGenerated(keyObject, enc) {
  if (enc === undefined) return keyObject;
  if (enc.format === 'jwk') return keyObject.exportJwk();
  return exportDer(keyObject[kHandle], enc.format, enc.type, enc.cipher, enc.passphrase);
}

function pairOptions(type, options) {
  validateString(type, 'type');
  validateObject(options, 'options');
  switch (type) {
    case 'rsa': case 'rsa-pss': {
      validateUint32(options.modulusLength, 'options.modulusLength');
      const { publicExponent = 0x10001 } = options;
      validateUint32(publicExponent, 'options.publicExponent');
      if (type === 'rsa-pss') {
        throw codeError(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM',
          "Generating 'rsa-pss' keys is not available in actions (use 'rsa' and PSS padding)");
      }
      return { modulusLength: options.modulusLength, publicExponent };
    }
    case 'ec':
      validateString(options.namedCurve, 'options.namedCurve');
      return { namedCurve: options.namedCurve };
    case 'ed25519': case 'ed448': case 'x25519': case 'x448':
      return {};
    case 'dsa': case 'dh':
      throw codeError(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM',
        `Generating '${type}' keys is not available in actions`);
    default:
      throw invalidArgValue('type', type, 'must be a supported key type');
  }
}

function generateKeyPairSync(type, options) {
  if (typeof type === 'string' && !PAIR_TYPES.includes(type)) {
    throw invalidArgValue('type', type, 'must be a supported key type');
  }
  if (options === undefined && typeof type === 'string'
    && ['ed25519', 'ed448', 'x25519', 'x448'].includes(type)) options = {};
  const params = pairOptions(type, options);
  const keyType = type;
  const publicEnc = encodingOf(options, 'publicKeyEncoding', keyType, true);
  const privateEnc = encodingOf(options, 'privateKeyEncoding', keyType, false);
  const pair = host('crypto.key.generate', type, params);
  const publicKey = new PublicKeyObject(handleFromHost(pair.public));
  const privateKey = new PrivateKeyObject(handleFromHost(pair.private));
  return { publicKey: encodeGenerated(publicKey, publicEnc),
    privateKey: encodeGenerated(privateKey, privateEnc) };
}

function generateKeyPair(type, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = undefined;
  }
  validateFunction(callback, 'callback');
  const { publicKey, privateKey } = generateKeyPairSync(type, options);
  setImmediate(() => callback(null, publicKey, privateKey));
}

function generateKeySync(type, options) {
  validateString(type, 'type');
  validateObject(options, 'options');
  const { length } = options;
  switch (type) {
    case 'hmac':
      if (typeof length !== 'number') throw invalidArgType('options.length', 'number', length);
      if (!Number.isInteger(length)) throw outOfRange('options.length', 'an integer', length);
      if (length < 8 || length > 2 ** 31 - 1) {
        throw outOfRange('options.length', '>= 8 && <= 2147483647', length);
      }
      break;
    case 'aes':
      validateOneOf(length, 'options.length', [128, 192, 256]);
      break;
    default:
      throw invalidArgValue('type', type, 'must be a supported key type');
  }
  const { randomBytes } = require('internal/crypto/random');
  return secretKeyFromBytes(randomBytes(Math.floor(length / 8)));
}

function generateKey(type, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = undefined;
  }
  validateFunction(callback, 'callback');
  const key = generateKeySync(type, options);
  setImmediate(() => callback(null, key));
}

module.exports = {
  KeyObject, SecretKeyObject, PublicKeyObject, PrivateKeyObject, CryptoKey, KeyHandle,
  createSecretKey, createPublicKey, createPrivateKey, isKeyObject, isCryptoKey,
  createCryptoKey, keyObjectOf, handleOf, handleFromHost, keyObjectFromHandle,
  secretKeyFromBytes, prepareSecretKey, preparePrivateKey, preparePublicOrPrivateKey,
  prepareAsymmetricKey, parsePublicKeyEncoding, parsePrivateKeyEncoding,
  generateKeyPair, generateKeyPairSync, generateKey, generateKeySync, bytesEqual,
  secretBytes: (keyObject) => keyObject[kHandle].data,
  kKeyObject, kAlgorithm, kExtractable, kKeyUsages, kHandle,
  kConsumePublic, kConsumePrivate, kCreatePublic, kCreatePrivate,
};
