'use strict';
// Web Crypto's classes: Crypto (the global `crypto`), SubtleCrypto and CryptoKey. This module
// stays small, since every action that calls crypto.randomUUID() loads it; SubtleCrypto's
// methods load their implementation (internal/crypto/subtle.js) on first use.
const { codeError } = require('internal/crypto/util');
const random = require('internal/crypto/random');

let impl;
function subtleImpl() {
  return impl || (impl = require('internal/crypto/subtle'));
}

function invalidThis(type) {
  return codeError(TypeError, 'ERR_INVALID_THIS', `Value of "this" must be of type ${type}`);
}

let constructing = false;

function illegalConstructor() {
  return codeError(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
}

// Each method checks its receiver, then hands its arguments on as they came (their count
// matters to WebIDL's checks); being async, every error becomes a rejection, as in Node.
class SubtleCrypto {
  constructor() {
    if (!constructing) throw illegalConstructor();
  }

  async encrypt(algorithm, key, data) {
    if (!(this instanceof SubtleCrypto)) throw invalidThis('SubtleCrypto');
    return Reflect.apply(subtleImpl().encrypt, undefined, arguments);
  }

  async decrypt(algorithm, key, data) {
    if (!(this instanceof SubtleCrypto)) throw invalidThis('SubtleCrypto');
    return Reflect.apply(subtleImpl().decrypt, undefined, arguments);
  }

  async sign(algorithm, key, data) {
    if (!(this instanceof SubtleCrypto)) throw invalidThis('SubtleCrypto');
    return Reflect.apply(subtleImpl().sign, undefined, arguments);
  }

  async verify(algorithm, key, signature, data) {
    if (!(this instanceof SubtleCrypto)) throw invalidThis('SubtleCrypto');
    return Reflect.apply(subtleImpl().verify, undefined, arguments);
  }

  async digest(algorithm, data) {
    if (!(this instanceof SubtleCrypto)) throw invalidThis('SubtleCrypto');
    return Reflect.apply(subtleImpl().digest, undefined, arguments);
  }

  async generateKey(algorithm, extractable, keyUsages) {
    if (!(this instanceof SubtleCrypto)) throw invalidThis('SubtleCrypto');
    return Reflect.apply(subtleImpl().generateKey, undefined, arguments);
  }

  async deriveKey(algorithm, baseKey, derivedKeyAlgorithm, extractable, keyUsages) {
    if (!(this instanceof SubtleCrypto)) throw invalidThis('SubtleCrypto');
    return Reflect.apply(subtleImpl().deriveKey, undefined, arguments);
  }

  async deriveBits(algorithm, baseKey, length) {
    if (!(this instanceof SubtleCrypto)) throw invalidThis('SubtleCrypto');
    return Reflect.apply(subtleImpl().deriveBits, undefined, arguments);
  }

  async importKey(format, keyData, algorithm, extractable, keyUsages) {
    if (!(this instanceof SubtleCrypto)) throw invalidThis('SubtleCrypto');
    return Reflect.apply(subtleImpl().importKey, undefined, arguments);
  }

  async exportKey(format, key) {
    if (!(this instanceof SubtleCrypto)) throw invalidThis('SubtleCrypto');
    return Reflect.apply(subtleImpl().exportKey, undefined, arguments);
  }

  async wrapKey(format, key, wrappingKey, wrapAlgorithm) {
    if (!(this instanceof SubtleCrypto)) throw invalidThis('SubtleCrypto');
    return Reflect.apply(subtleImpl().wrapKey, undefined, arguments);
  }

  async unwrapKey(format, wrappedKey, unwrappingKey, unwrapAlgorithm, unwrappedKeyAlgorithm,
    extractable, keyUsages) {
    if (!(this instanceof SubtleCrypto)) throw invalidThis('SubtleCrypto');
    return Reflect.apply(subtleImpl().unwrapKey, undefined, arguments);
  }
}

class Crypto {
  constructor() {
    if (!constructing) throw illegalConstructor();
  }

  get subtle() {
    if (!(this instanceof Crypto)) throw invalidThis('Crypto');
    return subtle;
  }

  getRandomValues(array) {
    if (!(this instanceof Crypto)) throw invalidThis('Crypto');
    return Reflect.apply(random.getRandomValues, undefined, arguments);
  }

  randomUUID() {
    if (!(this instanceof Crypto)) throw invalidThis('Crypto');
    return random.randomUUID();
  }
}

for (const [Class, tag] of [[SubtleCrypto, 'SubtleCrypto'], [Crypto, 'Crypto']]) {
  Object.defineProperty(Class.prototype, Symbol.toStringTag, { value: tag, configurable: true });
  for (const name of Object.getOwnPropertyNames(Class.prototype)) {
    if (name !== 'constructor') Object.defineProperty(Class.prototype, name, { enumerable: true });
  }
}

constructing = true;
const subtle = new SubtleCrypto();
const crypto = new Crypto();
constructing = false;

module.exports = { crypto, Crypto, SubtleCrypto };
// CryptoKey lives with KeyObject; it loads when first asked for.
Object.defineProperty(module.exports, 'CryptoKey', {
  enumerable: true,
  get: () => require('internal/crypto/keys').CryptoKey,
});
