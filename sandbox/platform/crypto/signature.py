"""Signatures with `cryptography`: RSA (PKCS#1 v1.5 and PSS), ECDSA (DER or IEEE P1363),
DSA, Ed25519 and Ed448, for Node's Sign, Verify, sign() and verify() and Web Crypto.

Options are Node's: `padding` (RSA_PKCS1_PADDING 1, RSA_PKCS1_PSS_PADDING 6), `saltLength`
(RSA_PSS_SALTLEN_DIGEST -1, RSA_PSS_SALTLEN_MAX_SIGN / AUTO -2), `dsaEncoding` ('der',
'ieee-p1363'). `prehashed` says the data is already the digest (a Sign fed more than one
call can carry, hashed through a stream first).
"""

from __future__ import annotations

from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, padding, rsa, utils

from sandbox.platform.crypto.common import (
    DIGESTS,
    XOF,
    CryptoError,
    data_arg,
    dict_arg,
    digest_arg,
    hash_algorithm,
    invalid,
    metered,
    openssl,
)
from sandbox.platform.crypto.keys import Key, PrivateKey, PublicKey, load, load_private, public_of
from sandbox.platform.services import Platform, method

RSA_PKCS1_PADDING = 1
RSA_PKCS1_PSS_PADDING = 6
SALT_DIGEST = -1
SALT_MAX_SIGN = -2  # also RSA_PSS_SALTLEN_AUTO when verifying
SALT_MAX = -3
MAX_SIGNATURE = 4096


def _unsupported_keytype() -> CryptoError:
    return openssl("ERR_OSSL_EVP_OPERATION_NOT_SUPPORTED_FOR_THIS_KEYTYPE", "03000096",
                   "digital envelope routines", "operation not supported for this keytype")


def _digest(args: list[Any], options: dict[str, Any]) -> tuple[hashes.HashAlgorithm, Any]:
    """The hash to sign with and the algorithm argument for `cryptography` (Prehashed when the
    data is a digest already).
    """
    name = "sha256" if args[0] is None else digest_arg(args, 0)
    if name in XOF:
        raise openssl("ERR_OSSL_DIGEST_NOT_ALLOWED", "1C8000AE", "Provider routines",
                      "digest not allowed")
    h = hash_algorithm(name)
    return h, utils.Prehashed(h) if options.get("prehashed") is True else h


def _rsa_padding(options: dict[str, Any], h: hashes.HashAlgorithm,
                 signing: bool) -> padding.AsymmetricPadding:
    pad = options.get("padding")
    if pad is None or pad == RSA_PKCS1_PADDING:
        return padding.PKCS1v15()
    if pad != RSA_PKCS1_PSS_PADDING:
        raise openssl("ERR_OSSL_ILLEGAL_OR_UNSUPPORTED_PADDING_MODE", "1C8000A5",
                      "Provider routines", "illegal or unsupported padding mode")
    salt = options.get("saltLength")
    length: Any
    if salt is None or salt == SALT_MAX_SIGN:
        length = padding.PSS.MAX_LENGTH if signing else padding.PSS.AUTO
    elif salt == SALT_DIGEST:
        length = padding.PSS.DIGEST_LENGTH
    elif salt == SALT_MAX:
        length = padding.PSS.MAX_LENGTH
    elif isinstance(salt, int) and not isinstance(salt, bool) and 0 <= salt <= MAX_SIGNATURE:
        length = salt
    else:
        raise openssl("ERR_OSSL_INVALID_SALT_LENGTH", "1C800070", "Provider routines",
                      "invalid salt length")
    return padding.PSS(padding.MGF1(h), length)


def _p1363_size(key: Key) -> int:
    if isinstance(key, ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey):
        return (key.curve.key_size + 7) // 8
    assert isinstance(key, dsa.DSAPrivateKey | dsa.DSAPublicKey)
    return (key.parameters().parameter_numbers().q.bit_length() + 7) // 8


def _p1363(options: dict[str, Any]) -> bool:
    encoding = options.get("dsaEncoding", "der")
    if encoding not in (None, "der", "ieee-p1363"):
        raise invalid("dsaEncoding is der or ieee-p1363")
    return bool(encoding == "ieee-p1363")


def sign(key: PrivateKey, digest: list[Any], data: bytes, options: dict[str, Any]) -> bytes:
    """The signature of data (digest is the call's `[name or None]`)."""
    if isinstance(key, ed25519.Ed25519PrivateKey | ed448.Ed448PrivateKey):
        if digest[0] is not None:
            raise openssl("ERR_OSSL_INVALID_DIGEST", "1C80007A", "Provider routines",
                          "invalid digest")
        return key.sign(data)
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | dsa.DSAPrivateKey):
        raise _unsupported_keytype()
    h, algorithm = _digest(digest, options)
    if isinstance(key, rsa.RSAPrivateKey):
        return bytes(key.sign(data, _rsa_padding(options, h, signing=True), algorithm))
    der = key.sign(data, ec.ECDSA(algorithm)) if isinstance(key, ec.EllipticCurvePrivateKey) \
        else key.sign(data, algorithm)
    if not _p1363(options):
        return der
    r, s = utils.decode_dss_signature(der)
    size = _p1363_size(key)
    return r.to_bytes(size, "big") + s.to_bytes(size, "big")


def verify(key: PublicKey, digest: list[Any], data: bytes, signature: bytes,
           options: dict[str, Any]) -> bool:
    """Whether signature is data's, signed by key's private half."""
    try:
        if isinstance(key, ed25519.Ed25519PublicKey | ed448.Ed448PublicKey):
            if digest[0] is not None:
                raise openssl("ERR_OSSL_INVALID_DIGEST", "1C80007A", "Provider routines",
                              "invalid digest")
            key.verify(signature, data)
            return True
        if not isinstance(key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey | dsa.DSAPublicKey):
            raise _unsupported_keytype()
        h, algorithm = _digest(digest, options)
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, data, _rsa_padding(options, h, signing=False), algorithm)
            return True
        if _p1363(options):
            size = _p1363_size(key)
            if len(signature) != 2 * size:
                return False
            signature = utils.encode_dss_signature(int.from_bytes(signature[:size], "big"),
                                                   int.from_bytes(signature[size:], "big"))
        if isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, data, ec.ECDSA(algorithm))
        else:
            key.verify(signature, data, algorithm)
        return True
    except InvalidSignature:
        return False


def _failed(exc: Exception) -> CryptoError:
    """What a `cryptography` refusal to sign becomes (a digest too long for the key, a salt
    longer than the modulus allows...).
    """
    if isinstance(exc, CryptoError):
        return exc
    return openssl("ERR_OSSL_RSA_DATA_TOO_LARGE_FOR_KEY_SIZE", "0200006E", "rsa routines",
                   "data too large for key size")


@method("crypto.sign")
def _sign(platform: Platform, args: list[Any]) -> bytes:
    """[digest?, privateKey, data, options] -> the signature."""
    key = load_private(args[1] if len(args) > 1 else None)
    data = data_arg(args, 2, "data")
    options = dict_arg(args, 3, "options")
    if options.get("prehashed") is True and args[0] is not None \
            and len(data) != DIGESTS.get(args[0], -1):
        raise invalid("a prehashed digest has the digest's size")
    with metered(platform):
        try:
            return sign(key, args[:1] or [None], data, options)
        except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
            raise _failed(exc) from exc


@method("crypto.verify")
def _verify(platform: Platform, args: list[Any]) -> bool:
    """[digest?, key, data, signature, options] -> whether the signature holds (a private
    key verifies with its public half).
    """
    key = public_of(load(args[1] if len(args) > 1 else None))
    data = data_arg(args, 2, "data")
    signature = data_arg(args, 3, "signature", MAX_SIGNATURE)
    options = dict_arg(args, 4, "options")
    with metered(platform):
        try:
            return verify(key, args[:1] or [None], data, signature, options)
        except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
            raise _failed(exc) from exc
