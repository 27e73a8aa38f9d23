'use strict';
// Sign and Verify, sign() and verify(), RSA encryption and Diffie-Hellman on KeyObjects:
// Node's API and argument checks; the host signs and verifies (sandbox/platform/crypto/).
const {
  host, codeError, invalidArgType, invalidArgValue, invalidDigest, invalidKeyObjectType,
  validateString, validateFunction, validateObject, isArrayBufferView, toBytes,
  getArrayBufferOrView, toBuffer, encodeOutput, normalizeDigest, deliver,
} = require('internal/crypto/util');
const { Feed, updateData } = require('internal/crypto/hash');
const {
  preparePrivateKey, preparePublicOrPrivateKey, isKeyObject, handleOf,
} = require('internal/crypto/keys');

const kHandle = Symbol('kHandle');
const EDDSA = new Set(['ed25519', 'ed448']);

function signKeyRequired() {
  return codeError(Error, 'ERR_CRYPTO_SIGN_KEY_REQUIRED', 'No key provided to sign');
}

function getIntOption(name, options) {
  const value = options[name];
  if (value !== undefined) {
    if (value === value >> 0) return value;
    throw invalidArgValue(`options.${name}`, value);
  }
  return undefined;
}

// What the host takes of Node's signing options.
function signOptions(options) {
  const out = {};
  if (options !== null && typeof options === 'object') {
    const padding = getIntOption('padding', options);
    const saltLength = getIntOption('saltLength', options);
    const { dsaEncoding = 'der' } = options;
    if (dsaEncoding !== 'der' && dsaEncoding !== 'ieee-p1363') {
      throw invalidArgValue('options.dsaEncoding', dsaEncoding);
    }
    if (padding !== undefined) out.padding = padding;
    if (saltLength !== undefined) out.saltLength = saltLength;
    out.dsaEncoding = dsaEncoding;
  }
  return out;
}

function unsupportedOperation() {
  return codeError(Error, 'ERR_CRYPTO_UNSUPPORTED_OPERATION', 'Unsupported crypto operation');
}

// Data gathered by update(), signed whole or, past what a call carries, as a digest.
function signFeed(feed, handle, options) {
  if (feed.stream === 0) {
    return host('crypto.sign', feed.digest, handle.wire, feed.chunks, options);
  }
  const digest = feed.finish();
  return host('crypto.sign', feed.digest, handle.wire, digest, { ...options, prehashed: true });
}

function verifyFeed(feed, handle, signature, options) {
  if (feed.stream === 0) {
    return host('crypto.verify', feed.digest, handle.wire, feed.chunks, signature, options);
  }
  const digest = feed.finish();
  return host('crypto.verify', feed.digest, handle.wire, digest, signature,
    { ...options, prehashed: true });
}

class SignBase {
  constructor(algorithm) {
    validateString(algorithm, 'algorithm');
    const digest = normalizeDigest(algorithm);
    if (digest === undefined) throw codeError(TypeError, 'ERR_CRYPTO_INVALID_DIGEST', 'Invalid digest');
    Object.defineProperty(this, kHandle, { value: new Feed(digest, null) });
  }

  update(data, encoding) {
    this[kHandle].push(updateData(data, encoding));
    return this;
  }

  // Node's Sign and Verify are writable streams; what callers use of that is write/end.
  write(chunk, encoding, callback) {
    if (typeof encoding === 'function') callback = encoding;
    this.update(chunk, typeof encoding === 'string' ? encoding : undefined);
    if (typeof callback === 'function') process.nextTick(callback);
    return true;
  }

  end(chunk, encoding, callback) {
    if (typeof chunk === 'function') callback = chunk;
    else if (chunk !== undefined && chunk !== null) this.write(chunk, encoding);
    if (typeof encoding === 'function') callback = encoding;
    if (typeof callback === 'function') process.nextTick(callback);
    return this;
  }
}

class Sign extends SignBase {
  sign(options, encoding) {
    if (!options) throw signKeyRequired();
    const handle = preparePrivateKey(options);
    if (EDDSA.has(handle.keyType)) throw unsupportedOperation();
    return encodeOutput(signFeed(this[kHandle], handle, signOptions(options)), encoding);
  }
}

class Verify extends SignBase {
  verify(options, signature, sigEncoding) {
    const handle = preparePublicOrPrivateKey(options);
    if (EDDSA.has(handle.keyType)) throw unsupportedOperation();
    const opts = signOptions(options);
    signature = toBytes(getArrayBufferOrView(signature, 'signature', sigEncoding));
    return verifyFeed(this[kHandle], handle, signature, opts);
  }
}

function oneShotDigest(algorithm) {
  if (algorithm == null) return null;
  validateString(algorithm, 'algorithm');
  const digest = normalizeDigest(algorithm);
  if (digest === undefined) throw invalidDigest(algorithm);
  return digest;
}

function signOneShot(algorithm, data, key, callback) {
  if (algorithm != null) validateString(algorithm, 'algorithm');
  if (callback !== undefined) validateFunction(callback, 'callback');
  data = getArrayBufferOrView(data, 'data');
  if (!key) throw signKeyRequired();
  const handle = preparePrivateKey(key);
  const options = signOptions(key);
  const digest = oneShotDigest(algorithm);
  const run = () => toBuffer(host('crypto.sign', digest, handle.wire, toBytes(data), options));
  if (callback === undefined) return run();
  deliver(run, callback);
  return undefined;
}

function verifyOneShot(algorithm, data, key, signature, callback) {
  if (algorithm != null) validateString(algorithm, 'algorithm');
  if (callback !== undefined) validateFunction(callback, 'callback');
  data = getArrayBufferOrView(data, 'data');
  if (!isArrayBufferView(data) && !(data instanceof ArrayBuffer)) {
    throw invalidArgType('data', ['Buffer', 'TypedArray', 'DataView'], data);
  }
  const handle = preparePublicOrPrivateKey(key);
  const options = signOptions(key);
  if (!isArrayBufferView(signature)) {
    throw invalidArgType('signature', ['Buffer', 'TypedArray', 'DataView'], signature);
  }
  const digest = oneShotDigest(algorithm);
  const run = () => host('crypto.verify', digest, handle.wire, toBytes(data),
    toBytes(signature), options);
  if (callback === undefined) return run();
  deliver(run, callback);
  return undefined;
}


// ---- RSA encryption ---------------------------------------------------------------------
const RSA_PKCS1_PADDING = 1;
const RSA_PKCS1_OAEP_PADDING = 4;

function rsaOptions(key, defaultPadding) {
  let padding = defaultPadding;
  let oaepHash = null;
  let oaepLabel = null;
  if (key !== null && typeof key === 'object' && !isArrayBufferView(key) && !isKeyObject(key)) {
    if (key.padding !== undefined) padding = key.padding;
    if (key.oaepHash !== undefined) {
      validateString(key.oaepHash, 'key.oaepHash');
      oaepHash = normalizeDigest(key.oaepHash);
      if (oaepHash === undefined) {
        throw codeError(Error, 'ERR_OSSL_EVP_INVALID_DIGEST', 'Invalid digest used');
      }
    }
    if (key.oaepLabel !== undefined) {
      oaepLabel = toBytes(getArrayBufferOrView(key.oaepLabel, 'key.oaepLabel', key.encoding));
    }
  }
  return [padding, oaepHash, oaepLabel];
}

function publicEncrypt(key, buffer) {
  const handle = preparePublicOrPrivateKey(key);
  const [padding, hash, label] = rsaOptions(key, RSA_PKCS1_OAEP_PADDING);
  const data = toBytes(getArrayBufferOrView(buffer, 'buffer'));
  return toBuffer(host('crypto.rsa.encrypt', handle.wire, data, padding, hash, label));
}

function privateDecrypt(key, buffer) {
  const handle = preparePrivateKey(key);
  const [padding, hash, label] = rsaOptions(key, RSA_PKCS1_OAEP_PADDING);
  if (padding === RSA_PKCS1_PADDING) {
    throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE', 'RSA_PKCS1_PADDING is no longer '
      + 'supported for private decryption, this can be reverted with '
      + '--security-revert=CVE-2023-46809');
  }
  const data = toBytes(getArrayBufferOrView(buffer, 'buffer'));
  return toBuffer(host('crypto.rsa.decrypt', handle.wire, data, padding, hash, label));
}

// Raw RSA with the private key (a signature without a digest's DigestInfo): `cryptography`
// has no such operation.
function rawRsaUnavailable(name) {
  return function unavailable() {
    throw codeError(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM',
      `crypto.${name} is not available in actions (use crypto.sign and crypto.verify)`);
  };
}

// ---- Diffie-Hellman on KeyObjects -------------------------------------------------------
function diffieHellman(options) {
  validateObject(options, 'options');
  const { privateKey, publicKey } = options;
  if (!isKeyObject(privateKey)) {
    throw invalidArgValue('options.privateKey', privateKey);
  }
  if (!isKeyObject(publicKey)) {
    throw invalidArgValue('options.publicKey', publicKey);
  }
  if (privateKey.type !== 'private') throw invalidKeyObjectType(privateKey.type, 'private');
  if (publicKey.type !== 'public' && publicKey.type !== 'private') {
    throw invalidKeyObjectType(publicKey.type, 'private or public');
  }
  const privateType = privateKey.asymmetricKeyType;
  const publicType = publicKey.asymmetricKeyType;
  if (privateType !== publicType || !['dh', 'ec', 'x448', 'x25519'].includes(privateType)) {
    throw codeError(Error, 'ERR_CRYPTO_INCOMPATIBLE_KEY',
      `Incompatible key types for Diffie-Hellman: ${privateType} and ${publicType}`);
  }
  return toBuffer(host('crypto.key.agree', handleOf(privateKey).wire, handleOf(publicKey).wire));
}

module.exports = {
  Sign, Verify, signOneShot, verifyOneShot, publicEncrypt, privateDecrypt,
  privateEncrypt: rawRsaUnavailable('privateEncrypt'),
  publicDecrypt: rawRsaUnavailable('publicDecrypt'),
  diffieHellman,
};
