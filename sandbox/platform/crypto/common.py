"""What every crypto method shares: its errors, argument checks, digests and CPU budget.

Errors reach the guest as `CODE: message` (guest/node/lib/internal/crypto/util.js turns them
into Node's errors, with the same `code`). OpenSSL's own failures keep OpenSSL's text, as
Node shows it: `error:1E08010C:DECODER routines::unsupported` with code `ERR_OSSL_UNSUPPORTED`.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import hashes

from sandbox.errors import LimitExceeded
from sandbox.limits import KIB, MIB
from sandbox.platform.services import Platform, PlatformCallError

MAX_DATA = 2 * MIB
"""Bytes of data one call hashes, signs or encrypts (a platform call's message is smaller
than this anyway; longer inputs reach a hash as several calls of an open stream)."""
MAX_KEY = 64 * KIB
"""Bytes of an encoded key, a passphrase, a salt or an info string."""
MAX_OUTPUT = 1 * MIB
"""Bytes a derivation (pbkdf2, hkdf, scrypt, an XOF) may produce in one call."""


class CryptoError(PlatformCallError):
    """Raised to make the guest throw Node's error `code` with `message`."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code


def openssl(code: str, packed: str, library: str, reason: str) -> CryptoError:
    """An error as Node reports OpenSSL's: `error:<packed>:<library>::<reason>`."""
    return CryptoError(code, f"error:{packed}:{library}::{reason}")


def unsupported_key() -> CryptoError:
    """What OpenSSL's decoders say of a key they cannot read, whatever the reason."""
    return openssl("ERR_OSSL_UNSUPPORTED", "1E08010C", "DECODER routines", "unsupported")


def invalid(message: str) -> CryptoError:
    """A malformed call: the guest checks arguments first, so only a tampering guest sees it."""
    return CryptoError("ERR_CRYPTO_INVALID_CALL", message)


def data_arg(args: list[Any], i: int, what: str, limit: int = MAX_DATA) -> bytes:
    """Argument `i` as bytes: bytes, a str (its UTF-8), or a list of those (chunks, joined)."""
    value = args[i] if i < len(args) else None
    if isinstance(value, list):
        if not all(isinstance(v, bytes | str) for v in value):
            raise invalid(f"{what} must be bytes or text")
        value = b"".join(v.encode() if isinstance(v, str) else v for v in value)
    elif isinstance(value, str):
        value = value.encode()
    if not isinstance(value, bytes):
        raise invalid(f"{what} must be bytes or text")
    if len(value) > limit:
        raise CryptoError("ERR_OUT_OF_RANGE", f"{what} is larger than {limit} bytes")
    return value


def opt_bytes(args: list[Any], i: int, what: str, limit: int = MAX_KEY) -> bytes | None:
    """Argument `i` as bytes, or None when it is nil."""
    if i >= len(args) or args[i] is None:
        return None
    return data_arg(args, i, what, limit)


def int_arg(args: list[Any], i: int, what: str, low: int, high: int) -> int:
    """Argument `i`, an int within [low, high]."""
    value = args[i] if i < len(args) else None
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise invalid(f"{what} must be an integer from {low} to {high}")
    return value


def str_arg(args: list[Any], i: int, what: str, choices: frozenset[str] | None = None) -> str:
    """Argument `i`, a str (one of `choices` when given)."""
    value = args[i] if i < len(args) else None
    if not isinstance(value, str) or (choices is not None and value not in choices):
        raise invalid(f"{what} is not valid")
    return value


def dict_arg(args: list[Any], i: int, what: str) -> dict[str, Any]:
    """Argument `i`, a map (nil is an empty one)."""
    value = args[i] if i < len(args) else None
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise invalid(f"{what} must be a map")
    return value


# ---- digests ---------------------------------------------------------------------------
# The guest maps Node's many names for a digest (RSA-SHA256, sha256WithRSAEncryption,
# SHA2-256...) to one of these; the host takes only these.
DIGESTS: dict[str, int] = {
    "md5": 16, "sha1": 20, "sha224": 28, "sha256": 32, "sha384": 48, "sha512": 64,
    "sha512-224": 28, "sha512-256": 32, "sha3-224": 28, "sha3-256": 32, "sha3-384": 48,
    "sha3-512": 64, "shake128": 16, "shake256": 32, "blake2b512": 64, "blake2s256": 32,
    "ripemd160": 20, "md5-sha1": 36, "sm3": 32,
}
"""Digest name -> the size of its output in bytes (an XOF's default size for shake)."""
XOF = frozenset({"shake128", "shake256"})
_HASHLIB = {
    "sha512-224": "sha512_224", "sha512-256": "sha512_256", "sha3-224": "sha3_224",
    "sha3-256": "sha3_256", "sha3-384": "sha3_384", "sha3-512": "sha3_512",
    "shake128": "shake_128", "shake256": "shake_256", "blake2b512": "blake2b",
    "blake2s256": "blake2s",
}
_CRYPTOGRAPHY: dict[str, type[hashes.HashAlgorithm]] = {
    "md5": hashes.MD5, "sha1": hashes.SHA1, "sha224": hashes.SHA224, "sha256": hashes.SHA256,
    "sha384": hashes.SHA384, "sha512": hashes.SHA512, "sha512-224": hashes.SHA512_224,
    "sha512-256": hashes.SHA512_256, "sha3-224": hashes.SHA3_224, "sha3-256": hashes.SHA3_256,
    "sha3-384": hashes.SHA3_384, "sha3-512": hashes.SHA3_512, "sm3": hashes.SM3,
}


def digest_arg(args: list[Any], i: int) -> str:
    """Argument `i`, a digest name of DIGESTS."""
    name = args[i] if i < len(args) else None
    if not isinstance(name, str) or name not in DIGESTS:
        raise CryptoError("ERR_CRYPTO_INVALID_DIGEST", f"Invalid digest: {str(name)[:64]}")
    return name


def hashlib_name(digest: str) -> str:
    """The name hashlib knows a digest of DIGESTS by."""
    return _HASHLIB.get(digest, digest)


def new_hash(digest: str) -> Any:
    """A fresh hashlib object for a digest of DIGESTS."""
    return hashlib.new(hashlib_name(digest))


def hash_algorithm(digest: str) -> hashes.HashAlgorithm:
    """The `cryptography` algorithm for a digest, for signatures and key derivation."""
    algorithm = _CRYPTOGRAPHY.get(digest)
    if algorithm is None:
        raise openssl("ERR_OSSL_INVALID_DIGEST", "1C80007A", "Provider routines",
                      "invalid digest")
    return algorithm()


# ---- per-execution state and budget ------------------------------------------------------
MAX_STREAMS = 1024
"""Hashes, HMACs and ciphers an execution may hold open on the host at once."""


@dataclass
class Session:
    """One execution's crypto state: the streams it holds open and the CPU it used."""

    streams: dict[int, Any] = field(default_factory=dict)
    next_id: int = 1
    cpu_s: float = 0.0

    def open(self, stream: Any) -> int:
        """Keeps `stream` for later calls; its id."""
        if len(self.streams) >= MAX_STREAMS:
            raise CryptoError("ERR_CRYPTO_TOO_MANY_STREAMS",
                              f"more than {MAX_STREAMS} hashes or ciphers open at once")
        sid = self.next_id
        self.next_id += 1
        self.streams[sid] = stream
        return sid

    def get(self, args: list[Any], i: int, kind: type) -> Any:
        """The open stream of kind `kind` whose id is argument `i`."""
        sid = args[i] if i < len(args) else None
        stream = self.streams.get(sid) if isinstance(sid, int) else None
        if not isinstance(stream, kind):
            raise invalid("no such open stream")
        return stream


def session(platform: Platform) -> Session:
    """The execution's crypto session, made on first use."""
    state = platform.state.get("crypto")
    if not isinstance(state, Session):
        state = platform.state["crypto"] = Session()
    return state


@contextmanager
def metered(platform: Platform) -> Iterator[None]:
    """Charges the time the block takes to the execution's crypto budget, refusing to start
    once it is spent (fuel does not count the host's work).

    Wall time, not the thread's CPU time: the CPU clock is a system call (a microsecond here,
    as much as a cheap hash), and for this CPU-bound work wall time is an upper bound of it.
    """
    s = session(platform)
    budget = platform.limits.crypto_ms / 1000
    if s.cpu_s > budget:
        raise LimitExceeded(f"the action used more than {platform.limits.crypto_ms} ms of "
                            "host CPU for crypto")
    started = time.perf_counter()
    try:
        yield
    finally:
        s.cpu_s += time.perf_counter() - started
