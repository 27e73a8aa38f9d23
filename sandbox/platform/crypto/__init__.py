"""Node's crypto, host side: hashes, HMAC, key derivation, keys, signatures, encryption.

The guest's crypto module (guest/node/lib/crypto.js and lib/internal/crypto/) keeps Node's
API and its argument checks; the work is done here, on OpenSSL through hashlib and
`cryptography`, where it costs microseconds instead of the interpreter's milliseconds. Each
submodule registers its platform methods (`crypto.*`) when imported.
"""

from sandbox.platform.crypto import cipher, digest, exchange, keys, signature

__all__ = ["cipher", "digest", "exchange", "keys", "signature"]
