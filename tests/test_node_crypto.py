"""Node's crypto in the sandbox against a second implementation (PyJWT on `cryptography`), and
the host's bounds: sizes, CPU, open streams, per-execution state.

The differential snippets (tests/node/cases/crypto.js) pin the API against node itself; these
pin interoperability and the limits node has no notion of.
"""

from __future__ import annotations

import base64
import hashlib
import time
from collections.abc import Iterator
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from sandbox import ActionError, LimitExceeded, Limits, Outcome, Sandbox
from sandbox.platform.crypto.common import MAX_DATA, MAX_STREAMS, CryptoError
from sandbox.platform.services import METHODS, Platform, PlatformServices

H = "exports.onExecutePostChallenge = async (event) => {\n"


def run(sb: Sandbox, body: str, event: Any = None, **kwargs: Any) -> Outcome:
    """Run `body` as a handler (cached by content) on `event`."""
    return sb.execute(sb.load_action(H + body + "\n};\n"), {} if event is None else event,
                      **kwargs)


def pem(key: Any, private: bool) -> str:
    """A `cryptography` key as PEM text (PKCS#8 or SPKI)."""
    if private:
        return str(key.private_bytes(serialization.Encoding.PEM,
                                     serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption()).decode())
    return str(key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode())


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    """A 2048-bit RSA key, as real RS256 issuers use."""
    return rsa.generate_private_key(65537, 2048)


@pytest.fixture(scope="module")
def ec_key() -> ec.EllipticCurvePrivateKey:
    """A P-256 key for ES256."""
    return ec.generate_private_key(ec.SECP256R1())


# A JWT's parts and its signing input, in the guest.
SPLIT = """
const [h, p, s] = event.token.split('.');
const input = Buffer.from(`${h}.${p}`);
const sig = Buffer.from(s, 'base64url');
"""

# ---------------------------------------------------------------- PyJWT -> sandbox


def test_an_hs256_token_from_pyjwt_verifies_with_node_crypto_and_subtle(sb: Sandbox) -> None:
    """Node's createHmac with timingSafeEqual, and subtle's HMAC verify, both accept PyJWT's
    HS256 token and refuse one signed with another secret.
    """
    body = SPLIT + """
const crypto = require('crypto');
const mac = crypto.createHmac('sha256', event.secret).update(input).digest();
const node = mac.length === sig.length && crypto.timingSafeEqual(mac, sig);
const key = await crypto.subtle.importKey('raw', Buffer.from(event.secret),
  { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
return [node, await crypto.subtle.verify('HMAC', key, sig, input)];
"""
    good = jwt.encode({"sub": "u1"}, "s3cret-s3cret-s3cret-s3cret-s3cret", algorithm="HS256")
    bad = jwt.encode({"sub": "u1"}, "another-secret-another-secret-xx", algorithm="HS256")
    secret = "s3cret-s3cret-s3cret-s3cret-s3cret"
    assert run(sb, body, {"token": good, "secret": secret}).result == [True, True]
    assert run(sb, body, {"token": bad, "secret": secret}).result == [False, False]


def test_an_rs256_token_from_pyjwt_verifies_with_node_crypto_and_subtle(
    sb: Sandbox, rsa_key: rsa.RSAPrivateKey
) -> None:
    """Node's createVerify with a PEM, and subtle's RSASSA-PKCS1-v1_5 with an SPKI key, both
    accept PyJWT's RS256 token, and refuse it once the payload is changed.
    """
    body = SPLIT + """
const crypto = require('crypto');
const node = crypto.createVerify('RSA-SHA256').update(input).verify(event.pem, sig);
const spki = crypto.createPublicKey(event.pem).export({ type: 'spki', format: 'der' });
const key = await crypto.subtle.importKey('spki', spki,
  { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
return [node, await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, sig, input)];
"""
    token = jwt.encode({"sub": "u1", "n": 1}, rsa_key, algorithm="RS256")
    event = {"token": token, "pem": pem(rsa_key, private=False)}
    assert run(sb, body, event).result == [True, True]
    header, _, signature = token.split(".")
    payload = jwt.utils.base64url_encode(b'{"sub":"admin"}').decode()
    forged = f"{header}.{payload}.{signature}"
    assert run(sb, body, {**event, "token": forged}).result == [False, False]


def test_an_es256_token_from_pyjwt_verifies_with_node_crypto_and_subtle(
    sb: Sandbox, ec_key: ec.EllipticCurvePrivateKey
) -> None:
    """ES256's raw r||s signature verifies with crypto.verify (dsaEncoding ieee-p1363) and with
    subtle's ECDSA on the JWK of the key.
    """
    body = SPLIT + """
const crypto = require('crypto');
const pub = crypto.createPublicKey(event.pem);
const node = crypto.verify('sha256', input, { key: pub, dsaEncoding: 'ieee-p1363' }, sig);
const key = await crypto.subtle.importKey('jwk', pub.export({ format: 'jwk' }),
  { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
return [node, await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, sig, input)];
"""
    token = jwt.encode({"sub": "u1"}, ec_key, algorithm="ES256")
    assert run(sb, body, {"token": token, "pem": pem(ec_key, private=False)}).result == [True,
                                                                                         True]


# ---------------------------------------------------------------- sandbox -> PyJWT

SIGN = """
const crypto = require('crypto');
const b64 = (x) => Buffer.from(typeof x === 'string' ? x : JSON.stringify(x)).toString('base64url');
const input = `${b64({ alg: event.alg, typ: 'JWT' })}.${b64({ sub: 'u1', iat: 1700000000 })}`;
let sig;
"""


def sandbox_token(sb: Sandbox, alg: str, how: str, key: str) -> str:
    """A JWT the sandbox signed with `how` (a statement assigning `sig`, a Buffer or an
    ArrayBuffer) and `key` (event.key).
    """
    body = SIGN + how + "\nreturn `${input}.${Buffer.from(sig).toString('base64url')}`;"
    out = run(sb, body, {"alg": alg, "key": key})
    assert isinstance(out.result, str)
    return out.result


@pytest.mark.parametrize("how", [
    "sig = crypto.createHmac('sha256', event.key).update(input).digest();",
    "const k = await crypto.subtle.importKey('raw', Buffer.from(event.key),"
    " { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);"
    " sig = await crypto.subtle.sign('HMAC', k, Buffer.from(input));",
])
def test_hs256_tokens_the_sandbox_signs_verify_with_pyjwt(sb: Sandbox, how: str) -> None:
    """PyJWT accepts HS256 tokens made with createHmac and with subtle.sign."""
    secret = "a-secret-long-enough-for-hs256!!"
    token = sandbox_token(sb, "HS256", how, secret)
    assert jwt.decode(token, secret, algorithms=["HS256"]) == {"sub": "u1", "iat": 1700000000}


@pytest.mark.parametrize("how", [
    "sig = crypto.createSign('RSA-SHA256').update(input).sign(event.key);",
    "sig = crypto.sign('sha256', Buffer.from(input), crypto.createPrivateKey(event.key));",
    "const k = await crypto.subtle.importKey('pkcs8', crypto.createPrivateKey(event.key)"
    ".export({ type: 'pkcs8', format: 'der' }), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },"
    " false, ['sign']); sig = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', k,"
    " Buffer.from(input));",
])
def test_rs256_tokens_the_sandbox_signs_verify_with_pyjwt(
    sb: Sandbox, rsa_key: rsa.RSAPrivateKey, how: str
) -> None:
    """PyJWT accepts RS256 tokens made with createSign, sign() and subtle.sign."""
    token = sandbox_token(sb, "RS256", how, pem(rsa_key, private=True))
    assert jwt.decode(token, rsa_key.public_key(), algorithms=["RS256"])["sub"] == "u1"


def test_ps256_and_es256_and_eddsa_tokens_the_sandbox_signs_verify_with_pyjwt(
    sb: Sandbox, rsa_key: rsa.RSAPrivateKey, ec_key: ec.EllipticCurvePrivateKey
) -> None:
    """Fresh (randomized) PSS and ECDSA signatures and an Ed25519 one verify with PyJWT."""
    pss = sandbox_token(sb, "PS256", "sig = crypto.sign('sha256', Buffer.from(input), { key: "
                        "event.key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength:"
                        " crypto.constants.RSA_PSS_SALTLEN_DIGEST });", pem(rsa_key, True))
    assert jwt.decode(pss, rsa_key.public_key(), algorithms=["PS256"])["sub"] == "u1"
    es = sandbox_token(sb, "ES256", "sig = crypto.sign('sha256', Buffer.from(input), { key: "
                       "event.key, dsaEncoding: 'ieee-p1363' });", pem(ec_key, True))
    assert jwt.decode(es, ec_key.public_key(), algorithms=["ES256"])["sub"] == "u1"
    ed = ed25519.Ed25519PrivateKey.generate()
    eddsa = sandbox_token(sb, "EdDSA", "sig = crypto.sign(null, Buffer.from(input), event.key);",
                          pem(ed, True))
    assert jwt.decode(eddsa, ed.public_key(), algorithms=["EdDSA"])["sub"] == "u1"


# ---------------------------------------------------------------- errors and bounds


def test_openssl_errors_reach_the_action_with_nodes_code_library_and_reason(
    sb: Sandbox,
) -> None:
    """A key the host cannot read throws what node throws: OpenSSL's text, its code, library
    and reason.
    """
    body = """
try { require('crypto').createPrivateKey('not a key'); } catch (e) {
  return [e.name, e.code, e.message, e.library, e.reason];
}"""
    assert run(sb, body).result == ["Error", "ERR_OSSL_UNSUPPORTED",
                                    "error:1E08010C:DECODER routines::unsupported",
                                    "DECODER routines", "unsupported"]


def test_work_past_what_one_call_may_cost_is_refused_with_a_code(sb: Sandbox) -> None:
    """A pbkdf2 of billions of iterations and a scrypt asking for gigabytes are refused before
    the host starts, with their own code, not left to run for minutes.
    """
    body = """
const crypto = require('crypto');
const out = [];
for (const f of [() => crypto.pbkdf2Sync('p', 's', 2 ** 31 - 1, 32, 'sha256'),
  () => crypto.scryptSync('p', 's', 16, { N: 2 ** 20, r: 8, maxmem: 2 ** 32 })]) {
  try { f(); out.push('ran'); } catch (e) { out.push(`${e.name} ${e.code}`); }
}
return out;"""
    assert run(sb, body).result == ["RangeError ERR_CRYPTO_TOO_COSTLY"] * 2


def test_the_crypto_cpu_budget_ends_an_action_that_keeps_the_host_busy(sb: Sandbox) -> None:
    """Fuel does not see the host's work: an action looping on pbkdf2 is stopped by its
    crypto_ms budget, as a limit, and catching the error does not help.
    """
    body = """
const crypto = require('crypto');
for (let i = 0; i < 1000; i++) {
  try { crypto.pbkdf2Sync('p', 's', 200000, 32, 'sha512'); } catch (e) {}
}
return 'finished';"""
    started = time.monotonic()
    with pytest.raises(LimitExceeded, match="ms of host CPU for crypto"):
        run(sb, body, limits=Limits(crypto_ms=200))
    assert time.monotonic() - started < 15  # a few calls of ~0.2 s, not 1000


def test_a_call_too_large_for_the_platform_is_a_range_error_not_a_crash(sb: Sandbox) -> None:
    """Data past what one platform call carries, given to a one-shot that cannot stream (an
    Ed25519 verify), fails as a RangeError the action can catch, not as a crash.
    """
    body = """
const crypto = require('crypto');
const { publicKey } = crypto.generateKeyPairSync('ed25519');
try { crypto.verify(null, new Uint8Array(3 * 1024 * 1024), publicKey, Buffer.alloc(64)); }
catch (e) { return [e.name, /larger than/.test(e.message)]; }
return 'no error';"""
    assert run(sb, body).result == ["RangeError", True]


# ---------------------------------------------------------------- host handlers


@pytest.fixture
def platform() -> Iterator[Platform]:
    """One execution's platform, as the host gives it, without a guest."""
    services = PlatformServices(None)  # type: ignore[arg-type]  # modules: not needed here
    try:
        yield Platform(services, Limits())
    finally:
        services.close()


def call(platform: Platform, method: str, *args: Any) -> Any:
    """Calls a platform method's handler directly."""
    return METHODS[method](platform, list(args))


def test_the_host_refuses_data_past_its_bound_before_hashing(platform: Platform) -> None:
    """More than MAX_DATA bytes in one call is refused with ERR_OUT_OF_RANGE."""
    with pytest.raises(CryptoError) as caught:
        call(platform, "crypto.hash", "sha256", b"\0" * (MAX_DATA + 1), None)
    assert caught.value.code == "ERR_OUT_OF_RANGE"


def test_the_host_takes_only_its_own_digest_names_and_checks_argument_types(
    platform: Platform,
) -> None:
    """The guest maps Node's aliases; the host takes canonical names only and checks types."""
    assert call(platform, "crypto.hash", "sha256", "abc", None).hex().startswith("ba7816bf")
    with pytest.raises(CryptoError) as caught:
        call(platform, "crypto.hash", "RSA-SHA256", "abc", None)
    assert caught.value.code == "ERR_CRYPTO_INVALID_DIGEST"
    with pytest.raises(CryptoError):
        call(platform, "crypto.hash", "sha256", 5, None)
    with pytest.raises(CryptoError):
        call(platform, "crypto.sign", "sha256", ["private", "not bytes"], b"x", {})


def test_open_streams_are_bounded_and_belong_to_one_execution(platform: Platform) -> None:
    """An execution holds at most MAX_STREAMS open hashes; another execution cannot use them."""
    ids = [call(platform, "crypto.stream.open", "sha256") for _ in range(MAX_STREAMS)]
    with pytest.raises(CryptoError) as caught:
        call(platform, "crypto.stream.open", "sha256")
    assert caught.value.code == "ERR_CRYPTO_TOO_MANY_STREAMS"
    other = Platform(platform.services, Limits())
    with pytest.raises(CryptoError):
        call(other, "crypto.stream.update", ids[0], b"x")
    call(platform, "crypto.stream.digest", ids[0], None)
    assert call(platform, "crypto.stream.open", "sha256") > ids[-1]


def der(tag: int, content: bytes) -> bytes:
    """One DER element."""
    size = len(content)
    head = bytes([size]) if size < 0x80 else bytes([0x82]) + size.to_bytes(2, "big")
    return bytes([tag]) + head + content


def pem_of(der_bytes: bytes, label: str) -> bytes:
    """DER as a PEM block."""
    body = base64.encodebytes(der_bytes).decode()
    return f"-----BEGIN {label}-----\n{body}-----END {label}-----\n".encode()


def costly_pkcs8(iterations: int) -> bytes:
    """An EncryptedPrivateKeyInfo (PBES2, PBKDF2, AES-256-CBC) whose PBKDF2 count says
    `iterations`; its ciphertext is zeros, since the host must refuse before decrypting.
    """
    oid = bytes.fromhex
    pbkdf2 = der(0x30, der(4, bytes(16)) + der(2, iterations.to_bytes(4, "big")))
    kdf = der(0x30, der(6, oid("2a864886f70d01050c")) + pbkdf2)
    cipher = der(0x30, der(6, oid("60864801650304012a")) + der(4, bytes(16)))
    alg = der(0x30, der(6, oid("2a864886f70d01050d")) + der(0x30, kdf + cipher))
    return pem_of(der(0x30, alg + der(4, bytes(48))), "ENCRYPTED PRIVATE KEY")


def test_an_encrypted_key_whose_own_kdf_costs_too_much_is_refused_before_decrypting(
    platform: Platform,
) -> None:
    """The tenant writes the PBKDF2 count of its encrypted key; past the bound the host refuses
    at once rather than spend seconds in OpenSSL that no budget could interrupt.
    """
    started = time.monotonic()
    with pytest.raises(CryptoError) as caught:
        call(platform, "crypto.key.parse", "private", costly_pkcs8(2**31 - 1), "pem", None,
             b"pw")
    assert caught.value.code == "ERR_CRYPTO_TOO_COSTLY"
    assert time.monotonic() - started < 1
    with pytest.raises(CryptoError) as cheap:  # within the bound: OpenSSL decrypts, and fails
        call(platform, "crypto.key.parse", "private", costly_pkcs8(2048), "pem", None, b"pw")
    assert cheap.value.code in {"ERR_OSSL_BAD_DECRYPT", "ERR_OSSL_UNSUPPORTED"}
    key = ec.generate_private_key(ec.SECP256R1())
    real = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.BestAvailableEncryption(b"pw"))
    assert call(platform, "crypto.key.parse", "private", real, "pem", None, b"pw")["keyType"] \
        == "ec"


def test_an_rsa_jwk_with_numbers_longer_than_its_modulus_is_refused(platform: Platform) -> None:
    """Unchecked RSA numbers (the host skips OpenSSL's slow key check) are bounded by n."""
    key = rsa.generate_private_key(65537, 1024)
    jwk = {k: v for k, v in jwt.algorithms.RSAAlgorithm.to_jwk(key, as_dict=True).items()}
    jwk["d"] = jwt.utils.base64url_encode((1 << 4000).to_bytes(501, "big")).decode()
    with pytest.raises(CryptoError) as caught:
        call(platform, "crypto.key.parse", "private", jwk, "jwk")
    assert caught.value.code == "ERR_CRYPTO_INVALID_JWK"


# ---------------------------------------------------------------- snapshots


def test_top_level_crypto_works_on_the_snapshot_path(sb: Sandbox) -> None:
    """A top-level digest (replayed when the snapshot is made) and a top-level hash stream
    (which keeps the action off the snapshot path) both give node's answers.
    """
    small = """const c = require('crypto');
const d = c.createHash('sha256').update('abc').digest('hex');
exports.onExecutePostChallenge = async () => [d, c.createHash('md5').update('x').digest('hex')];
"""
    out = sb.execute(sb.load_action(small), {})
    assert out.result == ["ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                          "9dd4e461268c8034f5c8564e155c67a6"]
    big = """const c = require('crypto');
const d = c.createHash('sha1').update(new Uint8Array(200000)).digest('hex');
exports.onExecutePostChallenge = async () => d;
"""
    assert sb.execute(sb.load_action(big), {}).result == hashlib.sha1(bytes(200000)).hexdigest()


def test_an_action_error_inside_crypto_is_the_actions(sb: Sandbox) -> None:
    """An uncaught crypto error fails the action as action_error, with node's message."""
    with pytest.raises(ActionError, match="Digest method not supported"):
        run(sb, "require('crypto').createHash('nope');")
