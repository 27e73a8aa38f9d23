'use strict';
// node:crypto. Node's API (lib/internal/crypto/*.js here keep its checks and errors); the
// work is the host's, on OpenSSL (sandbox/platform/crypto/). Each part loads on first use:
// an action that only calls randomUUID() never loads keys, signatures or Web Crypto.
const lazy = (name) => {
  let mod;
  return () => mod || (mod = require(name));
};
const hash = lazy('internal/crypto/hash');
const random = lazy('internal/crypto/random');
const keys = lazy('internal/crypto/keys');
const sig = lazy('internal/crypto/sig');
const kdf = lazy('internal/crypto/kdf');
const cipher = lazy('internal/crypto/cipher');
const util = lazy('internal/crypto/util');
const webcrypto = lazy('internal/crypto/webcrypto');

function unavailable(name, why) {
  return {
    [name]() {
      const err = new Error(`crypto.${name} is not available in actions: ${why}`);
      err.code = 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM';
      throw err;
    },
  }[name];
}
const NO_DH = 'classic Diffie-Hellman groups are not offered (use diffieHellman with EC or X25519 keys)';
const NO_PRIMES = 'prime generation is not offered';

const CIPHERS = [];
for (const bits of [128, 192, 256]) {
  for (const mode of ['cbc', 'cfb', 'cfb8', 'ctr', 'ecb', 'gcm', 'ofb']) {
    CIPHERS.push(`aes-${bits}-${mode}`);
  }
}
CIPHERS.push('aes128', 'aes192', 'aes256', 'id-aes128-GCM', 'id-aes192-GCM', 'id-aes256-GCM');
const CURVES = ['brainpoolP256r1', 'brainpoolP384r1', 'brainpoolP512r1', 'prime192v1',
  'prime256v1', 'secp224r1', 'secp256k1', 'secp384r1', 'secp521r1'];

const exports_ = {
  checkPrime: unavailable('checkPrime', NO_PRIMES),
  checkPrimeSync: unavailable('checkPrimeSync', NO_PRIMES),
  createCipheriv(algorithm, key, iv, options) {
    return new (cipher().Cipheriv)(algorithm, key, iv, options);
  },
  createDecipheriv(algorithm, key, iv, options) {
    return new (cipher().Decipheriv)(algorithm, key, iv, options);
  },
  createDiffieHellman: unavailable('createDiffieHellman', NO_DH),
  createDiffieHellmanGroup: unavailable('createDiffieHellmanGroup', NO_DH),
  createECDH: unavailable('createECDH', 'use generateKeyPairSync and diffieHellman'),
  createHash(algorithm, options) {
    return new (hash().Hash)(algorithm, options);
  },
  createHmac(hmac, key, options) {
    return new (hash().Hmac)(hmac, key, options);
  },
  createPrivateKey(key) {
    return keys().createPrivateKey(key);
  },
  createPublicKey(key) {
    return keys().createPublicKey(key);
  },
  createSecretKey(key, encoding) {
    return keys().createSecretKey(key, encoding);
  },
  createSign(algorithm, options) {
    return new (sig().Sign)(algorithm, options);
  },
  createVerify(algorithm, options) {
    return new (sig().Verify)(algorithm, options);
  },
  diffieHellman(options) {
    return sig().diffieHellman(options);
  },
  generatePrime: unavailable('generatePrime', NO_PRIMES),
  generatePrimeSync: unavailable('generatePrimeSync', NO_PRIMES),
  getCiphers() {
    return CIPHERS.slice();
  },
  getCipherInfo(nameOrNid, options) {
    return cipher().getCipherInfo(nameOrNid, options);
  },
  getCurves() {
    return CURVES.slice();
  },
  getDiffieHellman: unavailable('getDiffieHellman', NO_DH),
  getHashes() {
    return util().HASHES.slice();
  },
  hkdf(digest, ikm, salt, info, keylen, callback) {
    return kdf().hkdf(digest, ikm, salt, info, keylen, callback);
  },
  hkdfSync(digest, ikm, salt, info, keylen) {
    return kdf().hkdfSync(digest, ikm, salt, info, keylen);
  },
  pbkdf2(password, salt, iterations, keylen, digest, callback) {
    return kdf().pbkdf2(password, salt, iterations, keylen, digest, callback);
  },
  pbkdf2Sync(password, salt, iterations, keylen, digest) {
    return kdf().pbkdf2Sync(password, salt, iterations, keylen, digest);
  },
  generateKeyPair(type, options, callback) {
    return keys().generateKeyPair(type, options, callback);
  },
  generateKeyPairSync(type, options) {
    return keys().generateKeyPairSync(type, options);
  },
  generateKey(type, options, callback) {
    return keys().generateKey(type, options, callback);
  },
  generateKeySync(type, options) {
    return keys().generateKeySync(type, options);
  },
  privateDecrypt(privateKey, buffer) {
    return sig().privateDecrypt(privateKey, buffer);
  },
  privateEncrypt(privateKey, buffer) {
    return sig().privateEncrypt(privateKey, buffer);
  },
  publicDecrypt(key, buffer) {
    return sig().publicDecrypt(key, buffer);
  },
  publicEncrypt(key, buffer) {
    return sig().publicEncrypt(key, buffer);
  },
  randomBytes(size, callback) {
    return random().randomBytes(size, callback);
  },
  randomFill(buf, offset, size, callback) {
    return random().randomFill(...arguments);
  },
  randomFillSync(buf, offset, size) {
    return random().randomFillSync(...arguments);
  },
  randomInt(min, max, callback) {
    return random().randomInt(...arguments);
  },
  randomUUID(options) {
    return random().randomUUID(options);
  },
  scrypt(password, salt, keylen, options, callback) {
    return kdf().scrypt(...arguments);
  },
  scryptSync(password, salt, keylen, options) {
    return kdf().scryptSync(...arguments);
  },
  sign(algorithm, data, key, callback) {
    return sig().signOneShot(algorithm, data, key, callback);
  },
  setEngine: unavailable('setEngine', 'OpenSSL engines cannot be loaded'),
  timingSafeEqual(buf1, buf2) {
    return timingSafeEqual(buf1, buf2);
  },
  getFips() {
    return 0;
  },
  setFips: unavailable('setFips', 'the FIPS provider is not offered'),
  verify(algorithm, data, key, signature, callback) {
    return sig().verifyOneShot(algorithm, data, key, signature, callback);
  },
  hash(algorithm, input, outputEncoding) {
    return arguments.length > 2 ? hash().hash(algorithm, input, outputEncoding)
      : hash().hash(algorithm, input);
  },
};

// util.promisify(generateKeyPair) resolves with { publicKey, privateKey }, as in Node (whose
// callback gets the two keys as separate arguments).
Object.defineProperty(exports_.generateKeyPair, Symbol.for('nodejs.util.promisify.custom'), {
  value: function generateKeyPair(type, options) {
    return new Promise((resolve, reject) => {
      keys().generateKeyPair(type, options, (err, publicKey, privateKey) => {
        if (err) reject(err);
        else resolve({ publicKey, privateKey });
      });
    });
  },
});

// Compares every byte of both (no early exit), as CRYPTO_memcmp does.
function timingSafeEqual(buf1, buf2) {
  const { isAnyArrayBuffer, isArrayBufferView, toBytes, codeError } = util();
  const check = (buf, name) => {
    if (!isAnyArrayBuffer(buf) && !isArrayBufferView(buf)) {
      throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "${name}" argument must be an `
        + 'instance of ArrayBuffer, Buffer, TypedArray, or DataView.');
    }
    return toBytes(buf);
  };
  const a = check(buf1, 'buf1');
  const b = check(buf2, 'buf2');
  if (a.byteLength !== b.byteLength) {
    throw codeError(RangeError, 'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH',
      'Input buffers must have the same byte length');
  }
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

// Classes and objects load with their module on first touch, then stay plain data.
function defineLazy(name, load) {
  require('internal/core').lazyExport(exports_, name, load);
}

const NO_X509 = 'X.509 certificates are not parsed in actions (createPublicKey reads a '
  + "certificate's key)";
for (const [name, load] of [
  ['Certificate', () => unavailable('Certificate', 'SPKAC is not offered')],
  ['Cipher', () => cipher().Cipheriv], ['Cipheriv', () => cipher().Cipheriv],
  ['Decipher', () => cipher().Decipheriv], ['Decipheriv', () => cipher().Decipheriv],
  ['DiffieHellman', () => unavailable('DiffieHellman', NO_DH)],
  ['DiffieHellmanGroup', () => unavailable('DiffieHellmanGroup', NO_DH)],
  ['ECDH', () => unavailable('ECDH', 'use generateKeyPairSync and diffieHellman')],
  ['Hash', () => hash().Hash], ['Hmac', () => hash().Hmac],
  ['KeyObject', () => keys().KeyObject], ['Sign', () => sig().Sign],
  ['Verify', () => sig().Verify],
  ['X509Certificate', () => unavailable('X509Certificate', NO_X509)],
]) defineLazy(name, load);

exports_.secureHeapUsed = function secureHeapUsed() {
  return { total: 0, min: 0, used: 0, utilization: 0 };
};
exports_.constants = {
  OPENSSL_VERSION_NUMBER: 805306672, SSL_OP_ALL: 2147485776, SSL_OP_ALLOW_NO_DHE_KEX: 1024,
  SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION: 262144, SSL_OP_CIPHER_SERVER_PREFERENCE: 4194304,
  SSL_OP_CISCO_ANYCONNECT: 32768, SSL_OP_COOKIE_EXCHANGE: 8192,
  SSL_OP_CRYPTOPRO_TLSEXT_BUG: 2147483648, SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS: 2048,
  SSL_OP_LEGACY_SERVER_CONNECT: 4, SSL_OP_NO_COMPRESSION: 131072,
  SSL_OP_NO_ENCRYPT_THEN_MAC: 524288, SSL_OP_NO_QUERY_MTU: 4096,
  SSL_OP_NO_RENEGOTIATION: 1073741824, SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION: 65536,
  SSL_OP_NO_SSLv2: 0, SSL_OP_NO_SSLv3: 33554432, SSL_OP_NO_TICKET: 16384,
  SSL_OP_NO_TLSv1: 67108864, SSL_OP_NO_TLSv1_1: 268435456, SSL_OP_NO_TLSv1_2: 134217728,
  SSL_OP_NO_TLSv1_3: 536870912, SSL_OP_PRIORITIZE_CHACHA: 2097152,
  SSL_OP_TLS_ROLLBACK_BUG: 8388608, ENGINE_METHOD_RSA: 1, ENGINE_METHOD_DSA: 2,
  ENGINE_METHOD_DH: 4, ENGINE_METHOD_RAND: 8, ENGINE_METHOD_EC: 2048,
  ENGINE_METHOD_CIPHERS: 64, ENGINE_METHOD_DIGESTS: 128, ENGINE_METHOD_PKEY_METHS: 512,
  ENGINE_METHOD_PKEY_ASN1_METHS: 1024, ENGINE_METHOD_ALL: 65535, ENGINE_METHOD_NONE: 0,
  DH_CHECK_P_NOT_SAFE_PRIME: 2, DH_CHECK_P_NOT_PRIME: 1, DH_UNABLE_TO_CHECK_GENERATOR: 4,
  DH_NOT_SUITABLE_GENERATOR: 8, RSA_PKCS1_PADDING: 1, RSA_NO_PADDING: 3,
  RSA_PKCS1_OAEP_PADDING: 4, RSA_X931_PADDING: 5, RSA_PKCS1_PSS_PADDING: 6,
  RSA_PSS_SALTLEN_DIGEST: -1, RSA_PSS_SALTLEN_MAX_SIGN: -2, RSA_PSS_SALTLEN_AUTO: -2,
  defaultCoreCipherList: 'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:'
    + 'TLS_AES_128_GCM_SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256:'
    + 'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:'
    + 'ECDHE-RSA-AES128-SHA256:DHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384:'
    + 'DHE-RSA-AES256-SHA384:ECDHE-RSA-AES256-SHA256:DHE-RSA-AES256-SHA256:HIGH:!aNULL:'
    + '!eNULL:!EXPORT:!DES:!RC4:!MD5:!PSK:!SRP:!CAMELLIA',
  TLS1_VERSION: 769, TLS1_1_VERSION: 770, TLS1_2_VERSION: 771, TLS1_3_VERSION: 772,
  POINT_CONVERSION_COMPRESSED: 2, POINT_CONVERSION_UNCOMPRESSED: 4,
  POINT_CONVERSION_HYBRID: 6,
};
exports_.constants.defaultCipherList = exports_.constants.defaultCoreCipherList;
defineLazy('webcrypto', () => webcrypto().crypto);
defineLazy('subtle', () => webcrypto().crypto.subtle);
exports_.getRandomValues = function getRandomValues(array) {
  return webcrypto().crypto.getRandomValues(array);
};
// What the `Crypto`, `CryptoKey` and `SubtleCrypto` globals are (guest/runtime/prelude.js).
for (const name of ['Crypto', 'CryptoKey', 'SubtleCrypto']) {
  Object.defineProperty(exports_, name, {
    enumerable: false,
    configurable: true,
    get: () => webcrypto()[name],
  });
}

module.exports = exports_;
