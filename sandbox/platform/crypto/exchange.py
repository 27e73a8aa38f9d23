"""Public-key encryption and key agreement with `cryptography`: RSA-OAEP and PKCS#1 v1.5
encryption (Node's publicEncrypt/privateDecrypt, Web Crypto's RSA-OAEP) and ECDH, X25519
and X448 (Node's diffieHellman, Web Crypto's deriveBits).
"""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, x448, x25519

from sandbox.platform.crypto.common import (
    MAX_KEY,
    CryptoError,
    data_arg,
    digest_arg,
    hash_algorithm,
    metered,
    openssl,
    opt_bytes,
)
from sandbox.platform.crypto.keys import key_type, load, load_private, public_of
from sandbox.platform.services import Platform, method

RSA_PKCS1_PADDING = 1
RSA_PKCS1_OAEP_PADDING = 4


def _padding(args: list[Any]) -> padding.AsymmetricPadding:
    """[.., padding, oaepHash, oaepLabel] (arguments 2 to 4) as `cryptography`'s padding."""
    pad = args[2] if len(args) > 2 else RSA_PKCS1_OAEP_PADDING
    if pad == RSA_PKCS1_PADDING:
        return padding.PKCS1v15()
    if pad != RSA_PKCS1_OAEP_PADDING:
        raise openssl("ERR_OSSL_RSA_UNKNOWN_PADDING_TYPE", "0200008F", "rsa routines",
                      "unknown padding type")
    try:
        h = hash_algorithm(digest_arg(args, 3) if len(args) > 3 and args[3] is not None
                           else "sha1")
    except CryptoError as exc:
        raise CryptoError("ERR_OSSL_EVP_INVALID_DIGEST", "Invalid digest used") from exc
    label = opt_bytes(args, 4, "oaepLabel")
    return padding.OAEP(padding.MGF1(h), h, label or None)


@method("crypto.rsa.encrypt")
def _encrypt(platform: Platform, args: list[Any]) -> bytes:
    """[key, data, padding, oaepHash?, oaepLabel?] -> data encrypted to the RSA key."""
    key = public_of(load(args[0] if args else None))
    data = data_arg(args, 1, "data", MAX_KEY)
    if not isinstance(key, rsa.RSAPublicKey):
        raise openssl("ERR_OSSL_EVP_OPERATION_NOT_SUPPORTED_FOR_THIS_KEYTYPE", "03000096",
                      "digital envelope routines", "operation not supported for this keytype")
    pad = _padding(args)
    with metered(platform):
        try:
            return key.encrypt(data, pad)
        except ValueError as exc:
            raise openssl("ERR_OSSL_RSA_DATA_TOO_LARGE_FOR_KEY_SIZE", "0200006E",
                          "rsa routines", "data too large for key size") from exc


@method("crypto.rsa.decrypt")
def _decrypt(platform: Platform, args: list[Any]) -> bytes:
    """[privateKey, data, padding, oaepHash?, oaepLabel?] -> the plaintext."""
    key = load_private(args[0] if args else None)
    data = data_arg(args, 1, "data", MAX_KEY)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise openssl("ERR_OSSL_EVP_OPERATION_NOT_SUPPORTED_FOR_THIS_KEYTYPE", "03000096",
                      "digital envelope routines", "operation not supported for this keytype")
    pad = _padding(args)
    with metered(platform):
        try:
            return key.decrypt(data, pad)
        except ValueError as exc:
            if isinstance(pad, padding.OAEP):
                raise openssl("ERR_OSSL_RSA_OAEP_DECODING_ERROR", "02000079", "rsa routines",
                              "oaep decoding error") from exc
            raise openssl("ERR_OSSL_RSA_PADDING_CHECK_FAILED", "02000072", "rsa routines",
                          "padding check failed") from exc


@method("crypto.key.agree")
def _agree(platform: Platform, args: list[Any]) -> bytes:
    """[privateKey, publicKey] -> the shared secret (ECDH on one curve, X25519, X448)."""
    private = load_private(args[0] if args else None)
    public = public_of(load(args[1] if len(args) > 1 else None))
    if key_type(private) != key_type(public):
        raise CryptoError("ERR_CRYPTO_INCOMPATIBLE_KEY",
                          f"Incompatible key types for Diffie-Hellman: {key_type(private)} "
                          f"and {key_type(public)}")
    with metered(platform):
        try:
            if isinstance(private, ec.EllipticCurvePrivateKey):
                assert isinstance(public, ec.EllipticCurvePublicKey)
                if private.curve.name != public.curve.name:
                    raise ValueError("curves differ")
                return private.exchange(ec.ECDH(), public)
            if isinstance(private, x25519.X25519PrivateKey):
                assert isinstance(public, x25519.X25519PublicKey)
                return private.exchange(public)
            if isinstance(private, x448.X448PrivateKey):
                assert isinstance(public, x448.X448PublicKey)
                return private.exchange(public)
        except ValueError as exc:
            raise openssl("ERR_OSSL_EVP_DIFFERENT_PARAMETERS", "03000099",
                          "digital envelope routines", "different parameters") from exc
    raise openssl("ERR_OSSL_EVP_OPERATION_NOT_SUPPORTED_FOR_THIS_KEYTYPE", "03000096",
                  "digital envelope routines", "operation not supported for this keytype")
