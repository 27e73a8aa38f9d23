"""Asymmetric keys with `cryptography`: reading PEM, DER, JWK and raw keys, writing them back
out, and making new ones.

The host keeps no key. A key travels with every call as `[kind, der]`: kind `private` with
its PKCS#8 DER or `public` with its SPKI DER, the canonical encodings `crypto.key.parse`
gives the guest when the key is created. RSA private keys are read without `cryptography`'s
consistency check (60 ms for a 2048-bit key): Node does not make it either, and a key that
fails it only signs wrongly for the tenant who brought it.
"""

from __future__ import annotations

import base64
from typing import Any

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa, x448, x25519

from sandbox.platform.crypto import pbe
from sandbox.platform.crypto.common import (
    MAX_KEY,
    CryptoError,
    data_arg,
    dict_arg,
    int_arg,
    invalid,
    metered,
    openssl,
    opt_bytes,
    str_arg,
    unsupported_key,
)
from sandbox.platform.services import Platform, method

PrivateKey = (rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey
              | ed448.Ed448PrivateKey | x25519.X25519PrivateKey | x448.X448PrivateKey
              | dsa.DSAPrivateKey)
PublicKey = (rsa.RSAPublicKey | ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey
             | ed448.Ed448PublicKey | x25519.X25519PublicKey | x448.X448PublicKey
             | dsa.DSAPublicKey)
Key = PrivateKey | PublicKey
"""The kinds of key actions may use (no DH, no post-quantum keys: Node 20 has neither)."""
MAX_RSA_BITS = 16384
"""OpenSSL's own bound on an RSA modulus."""
MAX_RSA_GENERATE_BITS = 4096
"""Making an 8192-bit key takes the host tens of seconds, which no call may take."""
MIN_RSA_GENERATE_BITS = 1024
"""`cryptography` makes no smaller RSA key (Node makes 512-bit ones)."""
MAX_DSA_BITS = 4096

CURVES: dict[str, type[ec.EllipticCurve]] = {
    "prime256v1": ec.SECP256R1, "secp256r1": ec.SECP256R1, "P-256": ec.SECP256R1,
    "secp384r1": ec.SECP384R1, "P-384": ec.SECP384R1, "secp521r1": ec.SECP521R1,
    "P-521": ec.SECP521R1, "secp256k1": ec.SECP256K1, "secp224r1": ec.SECP224R1,
    "P-224": ec.SECP224R1, "prime192v1": ec.SECP192R1, "P-192": ec.SECP192R1,
    "brainpoolP256r1": ec.BrainpoolP256R1, "brainpoolP384r1": ec.BrainpoolP384R1,
    "brainpoolP512r1": ec.BrainpoolP512R1,
}
"""Curve names Node accepts (OpenSSL's and NIST's) -> the curve."""
OPENSSL_CURVE_NAMES = {"secp256r1": "prime256v1", "secp192r1": "prime192v1"}
"""`cryptography`'s name -> OpenSSL's, where they differ (Node shows OpenSSL's)."""
JWK_CURVES: dict[str, type[ec.EllipticCurve]] = {
    "P-256": ec.SECP256R1, "P-384": ec.SECP384R1, "P-521": ec.SECP521R1,
    "secp256k1": ec.SECP256K1,
}
_OKP_PRIVATE: dict[str, Any] = {
    "ed25519": ed25519.Ed25519PrivateKey, "ed448": ed448.Ed448PrivateKey,
    "x25519": x25519.X25519PrivateKey, "x448": x448.X448PrivateKey,
}
_OKP_PUBLIC: dict[str, Any] = {
    "ed25519": ed25519.Ed25519PublicKey, "ed448": ed448.Ed448PublicKey,
    "x25519": x25519.X25519PublicKey, "x448": x448.X448PublicKey,
}
OKP_TYPES = (ed25519.Ed25519PrivateKey, ed25519.Ed25519PublicKey, ed448.Ed448PrivateKey,
             ed448.Ed448PublicKey, x25519.X25519PrivateKey, x25519.X25519PublicKey,
             x448.X448PrivateKey, x448.X448PublicKey)
OKP_SIZES = {"ed25519": 32, "ed448": 57, "x25519": 32, "x448": 56}
PRIVATE_TYPES = (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey, ed25519.Ed25519PrivateKey,
                 ed448.Ed448PrivateKey, x25519.X25519PrivateKey, x448.X448PrivateKey,
                 dsa.DSAPrivateKey)
PUBLIC_TYPES = (rsa.RSAPublicKey, ec.EllipticCurvePublicKey, ed25519.Ed25519PublicKey,
                ed448.Ed448PublicKey, x25519.X25519PublicKey, x448.X448PublicKey,
                dsa.DSAPublicKey)


def key_type(key: Key) -> str:
    """Node's `asymmetricKeyType` of a key."""
    for name, types in (
        ("rsa", (rsa.RSAPrivateKey, rsa.RSAPublicKey)),
        ("ec", (ec.EllipticCurvePrivateKey, ec.EllipticCurvePublicKey)),
        ("ed25519", (ed25519.Ed25519PrivateKey, ed25519.Ed25519PublicKey)),
        ("ed448", (ed448.Ed448PrivateKey, ed448.Ed448PublicKey)),
        ("x25519", (x25519.X25519PrivateKey, x25519.X25519PublicKey)),
        ("x448", (x448.X448PrivateKey, x448.X448PublicKey)),
        ("dsa", (dsa.DSAPrivateKey, dsa.DSAPublicKey)),
    ):
        if isinstance(key, types):
            return name
    raise unsupported_key()


def curve_name(curve: ec.EllipticCurve) -> str:
    """OpenSSL's name of a curve, as Node's `namedCurve` shows it."""
    return OPENSSL_CURVE_NAMES.get(curve.name, curve.name)


def _bounded(key: object) -> Key:
    if not isinstance(key, PRIVATE_TYPES + PUBLIC_TYPES):
        raise unsupported_key()
    if isinstance(key, rsa.RSAPrivateKey | rsa.RSAPublicKey) and key.key_size > MAX_RSA_BITS:
        raise CryptoError("ERR_OSSL_RSA_MODULUS_TOO_LARGE",
                          "error:0200008A:rsa routines::modulus too large")
    if isinstance(key, dsa.DSAPrivateKey | dsa.DSAPublicKey) and key.key_size > MAX_DSA_BITS:
        raise CryptoError("ERR_OSSL_DSA_MODULUS_TOO_LARGE",
                          "error:0A000067:dsa routines::modulus too large")
    return key


def load(value: Any) -> Key:
    """A key the guest sends back: `[kind, der]` as `describe` made it."""
    if not (isinstance(value, list) and len(value) == 2 and value[0] in ("private", "public")
            and isinstance(value[1], bytes) and len(value[1]) <= MAX_KEY):
        raise invalid("a key must be [kind, der]")
    try:
        if value[0] == "private":
            return _bounded(ser.load_der_private_key(value[1], None,
                                                     unsafe_skip_rsa_key_validation=True))
        return _bounded(ser.load_der_public_key(value[1]))
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise unsupported_key() from exc


def load_private(value: Any) -> PrivateKey:
    """A private key the guest sends back."""
    key = load(value)
    if not isinstance(key, PRIVATE_TYPES):
        raise invalid("a private key is needed")
    return key


def public_of(key: Key) -> PublicKey:
    """The public half of a key (a public key itself)."""
    return key.public_key() if isinstance(key, PRIVATE_TYPES) else key


def describe(key: Key) -> dict[str, Any]:
    """What the guest keeps of a key: its kind, canonical DER, type and details."""
    details: dict[str, Any] = {}
    if isinstance(key, rsa.RSAPrivateKey | rsa.RSAPublicKey):
        e = (key if isinstance(key, rsa.RSAPublicKey) else key.public_key()).public_numbers().e
        details = {"modulusLength": key.key_size,
                   "publicExponent": e.to_bytes((e.bit_length() + 7) // 8, "big")}
    elif isinstance(key, ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey):
        details = {"namedCurve": curve_name(key.curve)}
    elif isinstance(key, dsa.DSAPrivateKey | dsa.DSAPublicKey):
        q = key.parameters().parameter_numbers().q
        details = {"modulusLength": key.key_size, "divisorLength": q.bit_length()}
    if isinstance(key, PRIVATE_TYPES):
        der = key.private_bytes(ser.Encoding.DER, ser.PrivateFormat.PKCS8, ser.NoEncryption())
        kind = "private"
    else:
        der = key.public_bytes(ser.Encoding.DER, ser.PublicFormat.SubjectPublicKeyInfo)
        kind = "public"
    return {"type": kind, "keyType": key_type(key), "der": der, "details": details}


# ---- reading ---------------------------------------------------------------------------
def _private(data: bytes, pem: bool, passphrase: bytes | None) -> object:
    loader = ser.load_pem_private_key if pem else ser.load_der_private_key
    if passphrase is not None and pem:  # the key's own KDF runs before any check of ours
        pbe.check_pem(data)
    elif passphrase is not None:
        pbe.check_der(data)
    try:
        return loader(data, passphrase, unsafe_skip_rsa_key_validation=True)
    except TypeError as exc:
        if passphrase is not None and "not encrypted" in str(exc):
            return loader(data, None, unsafe_skip_rsa_key_validation=True)
        raise openssl("ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED", "07880109",
                      "common libcrypto routines", "interrupted or cancelled") from exc
    except ValueError as exc:
        if "password" in str(exc) or "decrypt" in str(exc):
            raise openssl("ERR_OSSL_BAD_DECRYPT", "1C800064", "Provider routines",
                          "bad decrypt") from exc
        raise unsupported_key() from exc
    except UnsupportedAlgorithm as exc:
        raise unsupported_key() from exc


def _public(data: bytes, pem: bool, passphrase: bytes | None) -> object:
    try:
        return ser.load_pem_public_key(data) if pem else ser.load_der_public_key(data)
    except (ValueError, UnsupportedAlgorithm):
        pass
    if pem and b"-----BEGIN CERTIFICATE-----" in data:
        try:
            return x509.load_pem_x509_certificate(data).public_key()
        except (ValueError, UnsupportedAlgorithm) as exc:
            raise unsupported_key() from exc
    return public_of(_bounded(_private(data, pem, passphrase)))


def _invalid_jwk() -> CryptoError:
    return CryptoError("ERR_CRYPTO_INVALID_JWK", "Invalid JWK data")


def _b64url(jwk: dict[str, Any], name: str) -> bytes:
    value = jwk.get(name)
    if not isinstance(value, str) or len(value) > MAX_KEY:
        raise _invalid_jwk()
    # As Node's base64 decoder: characters outside the alphabet are skipped.
    text = "".join(c for c in value if c.isalnum() or c in "-_+/")
    return base64.urlsafe_b64decode(text.replace("+", "-").replace("/", "_")
                                    + "=" * (-len(text) % 4))


def _uint(jwk: dict[str, Any], name: str) -> int:
    return int.from_bytes(_b64url(jwk, name), "big")


def _from_jwk(jwk: dict[str, Any], private: bool) -> Key:
    kty = jwk.get("kty")
    try:
        if kty == "RSA":
            return _rsa_jwk(jwk, private)
        if kty == "EC":
            curve: type[ec.EllipticCurve] | None = JWK_CURVES.get(str(jwk.get("crv")))
            if curve is None:
                raise _invalid_jwk()
            public = ec.EllipticCurvePublicNumbers(_uint(jwk, "x"), _uint(jwk, "y"), curve())
            if private:
                return ec.EllipticCurvePrivateNumbers(_uint(jwk, "d"), public).private_key()
            return public.public_key()
        if kty == "OKP":
            name = str(jwk.get("crv")).lower()
            if name not in OKP_SIZES:
                raise _invalid_jwk()
            if private:
                return _OKP_PRIVATE[name].from_private_bytes(_b64url(jwk, "d"))  # type: ignore[no-any-return]
            return _OKP_PUBLIC[name].from_public_bytes(_b64url(jwk, "x"))  # type: ignore[no-any-return]
    except ValueError as exc:
        raise _invalid_jwk() from exc
    raise _invalid_jwk()


def _rsa_jwk(jwk: dict[str, Any], private: bool) -> Key:
    public = rsa.RSAPublicNumbers(_uint(jwk, "e"), _uint(jwk, "n"))
    if public.n.bit_length() > MAX_RSA_BITS:
        raise _invalid_jwk()
    if not private:
        return public.public_key()
    parts = [_uint(jwk, name) for name in ("p", "q", "d", "dp", "dq", "qi")]
    # Unchecked numbers must still be no longer than the modulus: OpenSSL's work grows with them.
    if any(part.bit_length() > public.n.bit_length() for part in parts):
        raise _invalid_jwk()
    p, q, d, dp, dq, qi = parts
    numbers = rsa.RSAPrivateNumbers(p, q, d, dp, dq, qi, public)
    return numbers.private_key(unsafe_skip_rsa_key_validation=True)


def _from_raw(data: bytes, name: str, private: bool) -> Key:
    try:
        if name in CURVES and not private:
            return ec.EllipticCurvePublicKey.from_encoded_point(CURVES[name](), data)
        if name in OKP_SIZES:
            table = _OKP_PRIVATE if private else _OKP_PUBLIC
            if private:
                return table[name].from_private_bytes(data)  # type: ignore[no-any-return]
            return table[name].from_public_bytes(data)  # type: ignore[no-any-return]
    except ValueError as exc:
        raise CryptoError("ERR_CRYPTO_INVALID_KEY", "Invalid key data") from exc
    raise invalid("no raw form for this kind of key")


@method("crypto.key.parse")
def _parse(platform: Platform, args: list[Any]) -> dict[str, Any]:
    """[kind, data, format, type?, passphrase?] -> the key, described (a private key's public
    half when kind is 'public'). format: pem, der, jwk (data is a map) or raw (type names
    the curve or key type).
    """
    kind = str_arg(args, 0, "kind", frozenset({"private", "public"}))
    fmt = str_arg(args, 2, "format", frozenset({"pem", "der", "jwk", "raw"}))
    private = kind == "private"
    with metered(platform):
        if fmt == "jwk":
            jwk = dict_arg(args, 1, "jwk")
            key: object = _from_jwk(jwk, private)
        elif fmt == "raw":
            key = _from_raw(data_arg(args, 1, "key", MAX_KEY), str_arg(args, 3, "type"), private)
        else:
            data = data_arg(args, 1, "key", MAX_KEY)
            passphrase = opt_bytes(args, 4, "passphrase")
            pem = fmt == "pem"
            key = _private(data, pem, passphrase) if private else _public(data, pem, passphrase)
        bounded = _bounded(key)
        return describe(bounded if private else public_of(bounded))


@method("crypto.key.public")
def _public_half(platform: Platform, args: list[Any]) -> dict[str, Any]:
    """[key] -> its public half, described."""
    return describe(public_of(load(args[0] if args else None)))


# ---- writing ---------------------------------------------------------------------------
_PUBLIC_FORMATS = {"spki": ser.PublicFormat.SubjectPublicKeyInfo, "pkcs1": ser.PublicFormat.PKCS1}
_PRIVATE_FORMATS = {"pkcs8": ser.PrivateFormat.PKCS8, "pkcs1": ser.PrivateFormat.TraditionalOpenSSL,
                    "sec1": ser.PrivateFormat.TraditionalOpenSSL}
ENCRYPTING_CIPHERS = frozenset({"aes-256-cbc", "aes256"})
"""What `cryptography` encrypts a private key with (PBES2 for PKCS#8, a DEK-Info header for
PKCS#1 and SEC1 PEM); Node takes any cipher OpenSSL has."""


@method("crypto.key.export")
def _export(platform: Platform, args: list[Any]) -> bytes | str:
    """[key, format, type, cipher?, passphrase?] -> the key as PEM text or DER bytes."""
    key = load(args[0] if args else None)
    fmt = str_arg(args, 1, "format", frozenset({"pem", "der"}))
    kind = str_arg(args, 2, "type", frozenset({"spki", "pkcs1", "pkcs8", "sec1"}))
    encoding = ser.Encoding.PEM if fmt == "pem" else ser.Encoding.DER
    if kind == "pkcs1" and not isinstance(key, rsa.RSAPrivateKey | rsa.RSAPublicKey):
        raise invalid("pkcs1 is for RSA keys")
    if kind == "sec1" and not isinstance(key, ec.EllipticCurvePrivateKey):
        raise invalid("sec1 is for EC keys")
    with metered(platform):
        if not isinstance(key, PRIVATE_TYPES):
            if kind not in _PUBLIC_FORMATS:
                raise invalid("a public key is spki or pkcs1")
            out = key.public_bytes(encoding, _PUBLIC_FORMATS[kind])
        else:
            if kind not in _PRIVATE_FORMATS:
                raise invalid("a private key is pkcs8, pkcs1 or sec1")
            out = key.private_bytes(encoding, _PRIVATE_FORMATS[kind], _encryption(args))
    return out.decode() if fmt == "pem" else out


def _encryption(args: list[Any]) -> ser.KeySerializationEncryption:
    cipher = args[3] if len(args) > 3 else None
    if cipher is None:
        return ser.NoEncryption()
    if not isinstance(cipher, str) or cipher.lower() not in ENCRYPTING_CIPHERS:
        raise CryptoError("ERR_CRYPTO_UNSUPPORTED_KEY_CIPHER",
                          f"Encrypting a key with {str(cipher)[:40]} is not available in "
                          "actions (aes-256-cbc is)")
    passphrase = opt_bytes(args, 4, "passphrase") or b""
    if not passphrase:
        raise CryptoError("ERR_CRYPTO_EMPTY_PASSPHRASE", "An empty passphrase cannot encrypt a key")
    return ser.BestAvailableEncryption(passphrase)


def _b64(n: int, size: int | None = None) -> str:
    raw = n.to_bytes(size if size is not None else max(1, (n.bit_length() + 7) // 8), "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _raw64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@method("crypto.key.jwk")
def _jwk(platform: Platform, args: list[Any]) -> dict[str, str]:
    """[key] -> its JWK members (RSA: n e d p q dp dq qi; EC: x y d; OKP: x d)."""
    key = load(args[0] if args else None)
    if isinstance(key, rsa.RSAPrivateKey | rsa.RSAPublicKey):
        pub = (key if isinstance(key, rsa.RSAPublicKey) else key.public_key()).public_numbers()
        out = {"n": _b64(pub.n), "e": _b64(pub.e)}
        if isinstance(key, rsa.RSAPrivateKey):
            p = key.private_numbers()
            out.update(d=_b64(p.d), p=_b64(p.p), q=_b64(p.q), dp=_b64(p.dmp1),
                       dq=_b64(p.dmq1), qi=_b64(p.iqmp))
        return out
    if isinstance(key, ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey):
        size = (key.curve.key_size + 7) // 8
        point = (key if isinstance(key, ec.EllipticCurvePublicKey)
                 else key.public_key()).public_numbers()
        out = {"x": _b64(point.x, size), "y": _b64(point.y, size)}
        if isinstance(key, ec.EllipticCurvePrivateKey):
            out["d"] = _b64(key.private_numbers().private_value, size)
        return out
    if isinstance(key, OKP_TYPES):
        public = public_of(key).public_bytes(ser.Encoding.Raw, ser.PublicFormat.Raw)
        out = {"x": _raw64(public)}
        if isinstance(key, PRIVATE_TYPES):
            out["d"] = _raw64(key.private_bytes(ser.Encoding.Raw, ser.PrivateFormat.Raw,
                                                ser.NoEncryption()))
        return out
    raise CryptoError("ERR_CRYPTO_JWK_UNSUPPORTED_KEY_TYPE", "Unsupported JWK Key Type.")


@method("crypto.key.raw")
def _raw(platform: Platform, args: list[Any]) -> bytes:
    """[key] -> a public key's raw form (an EC point, uncompressed; an OKP key's bytes)."""
    key = public_of(load(args[0] if args else None))
    if isinstance(key, ec.EllipticCurvePublicKey):
        return key.public_bytes(ser.Encoding.X962, ser.PublicFormat.UncompressedPoint)
    if isinstance(key, OKP_TYPES):
        return key.public_bytes(ser.Encoding.Raw, ser.PublicFormat.Raw)
    raise invalid("no raw form for this kind of key")


# ---- making ----------------------------------------------------------------------------
@method("crypto.key.generate")
def _generate(platform: Platform, args: list[Any]) -> dict[str, Any]:
    """[type, options] -> {private, public}: a new key pair, described.
    options: modulusLength and publicExponent (rsa), namedCurve (ec).
    """
    kind = str_arg(args, 0, "type")
    options = dict_arg(args, 1, "options")
    with metered(platform):
        if kind in ("rsa", "rsa-pss"):
            bits = int_arg([options.get("modulusLength")], 0, "modulusLength",
                           MIN_RSA_GENERATE_BITS, MAX_RSA_GENERATE_BITS)
            exponent = int_arg([options.get("publicExponent", 65537)], 0, "publicExponent",
                               3, 2**32 - 1)
            try:
                key: PrivateKey = rsa.generate_private_key(exponent, bits)
            except ValueError as exc:
                raise CryptoError("ERR_OSSL_BAD_E_VALUE", "error:1C80006B:Provider routines::"
                                  "bad e value") from exc
        elif kind == "ec":
            curve = CURVES.get(str(options.get("namedCurve")))
            if curve is None:
                raise CryptoError("ERR_CRYPTO_INVALID_CURVE", "Invalid EC curve name")
            key = ec.generate_private_key(curve())
        elif kind in _OKP_PRIVATE:
            key = _OKP_PRIVATE[kind].generate()
        else:
            raise CryptoError("ERR_FEATURE_UNAVAILABLE_ON_PLATFORM",
                              f"Generating {kind[:20]} keys is not available in actions")
    return {"private": describe(key), "public": describe(key.public_key())}

