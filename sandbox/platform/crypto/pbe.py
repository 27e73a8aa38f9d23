"""The work an encrypted private key asks for before OpenSSL decrypts it.

A PKCS#8 EncryptedPrivateKeyInfo names its own key derivation and its cost: PBKDF2's
iteration count, scrypt's N, r and p. The tenant writes those numbers, and OpenSSL runs the
derivation without a way to stop it, so they are read here first (a few lines of DER, the
structure of RFC 8018 and RFC 7914) and a key asking for more than a call may cost is
refused. Traditional PEM encryption (a DEK-Info header) derives with one MD5 round and needs
no check.
"""

from __future__ import annotations

import base64
import re

from sandbox.platform.crypto.common import CryptoError, unsupported_key

MAX_ITERATIONS = 1_000_000
"""PBKDF2 iterations of a key's decryption (about a third of a second of SHA-256)."""
MAX_SCRYPT_MEMORY = 64 * 1024 * 1024
MAX_SCRYPT_WORK = 2**21

SEQUENCE, INTEGER, OCTET_STRING, OID = 0x30, 0x02, 0x04, 0x06
PBES2 = bytes.fromhex("2a864886f70d01050d")  # 1.2.840.113549.1.5.13
PBKDF2 = bytes.fromhex("2a864886f70d01050c")  # 1.2.840.113549.1.5.12
SCRYPT = bytes.fromhex("2b06010401da47040b")  # 1.3.6.1.4.1.11591.4.11
PBES1 = bytes.fromhex("2a864886f70d0105")  # 1.2.840.113549.1.5.{1,3,4,6,10,11}
PKCS12_PBE = bytes.fromhex("2a864886f70d010c01")  # 1.2.840.113549.1.12.1.{1..6}
PEM_BLOCK = re.compile(rb"-----BEGIN ENCRYPTED PRIVATE KEY-----(.*?)-----END ENCRYPTED PRIVATE "
                       rb"KEY-----", re.DOTALL)


class _Malformed(Exception):
    """Raised when DER does not have the shape expected."""


def _items(data: bytes, start: int, end: int) -> list[tuple[int, int, int]]:
    """The (tag, content start, content end) of each element in data[start:end]."""
    out = []
    pos = start
    while pos < end:
        if pos + 2 > end:
            raise _Malformed
        tag, first = data[pos], data[pos + 1]
        pos += 2
        if first < 0x80:
            length = first
        else:
            count = first & 0x7F
            if not 1 <= count <= 4 or pos + count > end:
                raise _Malformed
            length = int.from_bytes(data[pos:pos + count], "big")
            pos += count
        if pos + length > end:
            raise _Malformed
        out.append((tag, pos, pos + length))
        pos += length
    return out


def _expect(data: bytes, item: tuple[int, int, int], tag: int) -> list[tuple[int, int, int]]:
    if item[0] != tag:
        raise _Malformed
    return _items(data, item[1], item[2])


def _integer(data: bytes, item: tuple[int, int, int]) -> int:
    if item[0] != INTEGER or item[2] - item[1] > 8:
        raise _Malformed  # a count this long is too costly anyway
    return int.from_bytes(data[item[1]:item[2]], "big")


def _too_costly() -> CryptoError:
    return CryptoError("ERR_CRYPTO_TOO_COSTLY",
                       "the key's encryption asks more work of the host than an action may")


def _check_kdf(data: bytes, kdf: tuple[int, int, int]) -> None:
    oid, params = _expect(data, kdf, SEQUENCE)[:2]
    name = data[oid[1]:oid[2]] if oid[0] == OID else b""
    fields = _expect(data, params, SEQUENCE)
    if name == PBKDF2:
        if _integer(data, fields[1]) > MAX_ITERATIONS:
            raise _too_costly()
    elif name == SCRYPT:
        n, r, p = (_integer(data, f) for f in fields[1:4])
        if 128 * n * r > MAX_SCRYPT_MEMORY or n * r * p > MAX_SCRYPT_WORK:
            raise _too_costly()
    else:
        raise _Malformed


def check_der(der: bytes) -> None:
    """Refuses an EncryptedPrivateKeyInfo whose key derivation costs too much, or that cannot
    be read; anything else (an unencrypted key) passes.
    """
    try:
        top = _items(der, 0, len(der))
        if len(top) != 1 or top[0][0] != SEQUENCE:
            return
        parts = _items(der, top[0][1], top[0][2])
        if len(parts) != 2 or parts[0][0] != SEQUENCE or parts[1][0] != OCTET_STRING:
            return  # not an EncryptedPrivateKeyInfo
        oid, params = _expect(der, parts[0], SEQUENCE)[:2]
        name = der[oid[1]:oid[2]] if oid[0] == OID else b""
        if name == PBES2:
            _check_kdf(der, _expect(der, params, SEQUENCE)[0])
        elif name[:-1] in (PBES1, PKCS12_PBE):
            if _integer(der, _expect(der, params, SEQUENCE)[1]) > MAX_ITERATIONS:
                raise _too_costly()
        else:
            raise _Malformed
    except (_Malformed, IndexError, ValueError) as exc:
        raise unsupported_key() from exc


def check_pem(text: bytes) -> None:
    """Checks each ENCRYPTED PRIVATE KEY block of PEM text as `check_der` does."""
    for block in PEM_BLOCK.finditer(text):
        try:
            der = base64.b64decode(b"".join(block.group(1).split()), validate=True)
        except ValueError as exc:
            raise unsupported_key() from exc
        check_der(der)
