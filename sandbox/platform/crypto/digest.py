"""Hashes, HMACs and key derivation (pbkdf2, hkdf, scrypt): hashlib and hmac, OpenSSL's.

A hash of data the guest holds whole is one call (`crypto.hash`, `crypto.hmac`). Longer
data goes through a stream the host keeps for the execution (`crypto.stream.*`): those
calls hold state, so an action whose top level makes one is not snapshotted.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sandbox.limits import MIB
from sandbox.platform.crypto.common import (
    DIGESTS,
    MAX_KEY,
    MAX_OUTPUT,
    XOF,
    CryptoError,
    data_arg,
    digest_arg,
    hash_algorithm,
    hashlib_name,
    int_arg,
    metered,
    new_hash,
    opt_bytes,
    session,
)
from sandbox.platform.services import Platform, method

MAX_PBKDF2_WORK = 2_000_000
"""Iterations times output blocks of one pbkdf2 call: about 0.6 s of SHA-256, 2 s of SHA-512,
past OWASP's advice (600,000 for SHA-256, 210,000 for SHA-512). A call cannot be stopped once
started, so this bounds how far one call can overrun the execution's crypto budget."""
MAX_SCRYPT_MEMORY = 64 * MIB
"""scrypt's memory (128 * N * r bytes) in the host; Node's own default cap is 32 MiB."""
MAX_SCRYPT_WORK = 2**21
"""N * r * p of one scrypt call: 16 times Node's default (N=16384, r=8, p=1), about a second."""
MAX_HKDF_INFO = 1024


def _finish(h: Any, digest: str, length: int | None) -> bytes:
    if digest in XOF:
        return bytes(h.digest(DIGESTS[digest] if length is None else length))
    if length is not None and length != DIGESTS[digest]:
        raise CryptoError("ERR_OSSL_EVP_NOT_XOF_OR_INVALID_LENGTH",
                          "error:030000B2:digital envelope routines::not XOF or invalid length")
    return bytes(h.digest())


def _length(args: list[Any], i: int) -> int | None:
    return None if i >= len(args) or args[i] is None else int_arg(args, i, "length", 0, MAX_OUTPUT)


@method("crypto.hash")
def _hash(platform: Platform, args: list[Any]) -> bytes:
    """[digest, data, outputLength?] -> the digest of data."""
    digest = digest_arg(args, 0)
    data = data_arg(args, 1, "data")
    length = _length(args, 2)
    with metered(platform):
        return _finish(hashlib.new(hashlib_name(digest), data), digest, length)


@method("crypto.hmac")
def _hmac(platform: Platform, args: list[Any]) -> bytes:
    """[digest, key, data] -> the HMAC of data."""
    digest = _hmac_digest(args, 0)
    key = data_arg(args, 1, "key", MAX_KEY)
    data = data_arg(args, 2, "data")
    with metered(platform):
        return hmac.new(key, data, hashlib_name(digest)).digest()


def _hmac_digest(args: list[Any], i: int) -> str:
    digest = digest_arg(args, i)
    if digest in XOF:  # OpenSSL cannot make an HMAC of an XOF
        raise CryptoError("ERR_CRYPTO_HMAC_XOF", "error:00000000:lib(0)::reason(0)")
    return digest


class HashStream:
    """An open hash or HMAC: its hashlib/hmac object and its digest's name."""

    def __init__(self, digest: str, h: Any) -> None:
        self.digest = digest
        self.h = h


@method("crypto.stream.open", replayable=False)
def _stream_open(platform: Platform, args: list[Any]) -> int:
    """[digest, key?] -> the id of a new hash (an HMAC when a key is given)."""
    digest = digest_arg(args, 0)
    key = opt_bytes(args, 1, "key")
    if key is None:
        return session(platform).open(HashStream(digest, new_hash(digest)))
    _hmac_digest(args, 0)
    return session(platform).open(HashStream(digest, hmac.new(key, None, hashlib_name(digest))))


@method("crypto.stream.update", replayable=False)
def _stream_update(platform: Platform, args: list[Any]) -> None:
    """[id, data]: feeds data to an open hash."""
    stream = session(platform).get(args, 0, HashStream)
    data = data_arg(args, 1, "data")
    with metered(platform):
        stream.h.update(data)


@method("crypto.stream.digest", replayable=False)
def _stream_digest(platform: Platform, args: list[Any]) -> bytes:
    """[id, outputLength?] -> the digest; the stream is closed."""
    s = session(platform)
    stream = s.get(args, 0, HashStream)
    length = _length(args, 1)
    del s.streams[args[0]]
    if isinstance(stream.h, hmac.HMAC):
        return stream.h.digest()
    return _finish(stream.h, stream.digest, length)


@method("crypto.stream.copy", replayable=False)
def _stream_copy(platform: Platform, args: list[Any]) -> int:
    """[id] -> the id of a copy of an open hash, in its current state."""
    s = session(platform)
    stream = s.get(args, 0, HashStream)
    return s.open(HashStream(stream.digest, stream.h.copy()))


@method("crypto.pbkdf2")
def _pbkdf2(platform: Platform, args: list[Any]) -> bytes:
    """[password, salt, iterations, keylen, digest] -> PBKDF2-HMAC."""
    password = data_arg(args, 0, "password", MAX_KEY)
    salt = data_arg(args, 1, "salt", MAX_KEY)
    iterations = int_arg(args, 2, "iterations", 1, 2**31 - 1)
    keylen = int_arg(args, 3, "keylen", 0, MAX_OUTPUT)
    digest = _hmac_digest(args, 4)
    blocks = -(-keylen // DIGESTS[digest])
    if iterations * blocks > MAX_PBKDF2_WORK:
        raise CryptoError("ERR_CRYPTO_TOO_COSTLY",
                          f"pbkdf2 of {iterations} iterations times {blocks} blocks is more "
                          f"than an action may ask of the host ({MAX_PBKDF2_WORK})")
    if keylen == 0:
        return b""
    with metered(platform):
        return hashlib.pbkdf2_hmac(hashlib_name(digest), password, salt, iterations, keylen)


@method("crypto.hkdf")
def _hkdf(platform: Platform, args: list[Any]) -> bytes:
    """[digest, key, salt, info, keylen] -> HKDF (RFC 5869)."""
    digest = _hmac_digest(args, 0)
    key = data_arg(args, 1, "key", MAX_KEY)
    salt = data_arg(args, 2, "salt", MAX_KEY)
    info = data_arg(args, 3, "info", MAX_HKDF_INFO)
    keylen = int_arg(args, 4, "keylen", 0, 255 * DIGESTS[digest])
    if keylen == 0:
        return b""
    with metered(platform):
        return HKDF(hash_algorithm(digest), keylen, salt, info).derive(key)


@method("crypto.scrypt")
def _scrypt(platform: Platform, args: list[Any]) -> bytes:
    """[password, salt, keylen, N, r, p, maxmem] -> scrypt (RFC 7914)."""
    password = data_arg(args, 0, "password", MAX_KEY)
    salt = data_arg(args, 1, "salt", MAX_KEY)
    keylen = int_arg(args, 2, "keylen", 0, MAX_OUTPUT)
    n = int_arg(args, 3, "N", 2, 2**32)
    r = int_arg(args, 4, "r", 1, 2**30)
    p = int_arg(args, 5, "p", 1, 2**30)
    maxmem = int_arg(args, 6, "maxmem", 0, 2**53)
    if n & (n - 1):
        raise CryptoError("ERR_CRYPTO_INVALID_SCRYPT_PARAMS", "Invalid scrypt params")
    memory = 128 * n * r + 128 * r * p
    if memory > maxmem:
        raise CryptoError("ERR_CRYPTO_INVALID_SCRYPT_PARAMS", "Invalid scrypt params: error:"
                          "030000AC:digital envelope routines::memory limit exceeded")
    if memory > MAX_SCRYPT_MEMORY or n * r * p > MAX_SCRYPT_WORK:
        raise CryptoError("ERR_CRYPTO_TOO_COSTLY",
                          "scrypt's parameters ask more of the host than an action may")
    if keylen == 0:
        return b""
    with metered(platform):
        return hashlib.scrypt(password, salt=salt, n=n, r=r, p=p, maxmem=memory + MIB,
                              dklen=keylen)

