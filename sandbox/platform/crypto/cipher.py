"""AES with `cryptography`: Node's Cipheriv/Decipheriv as streams the host keeps for the
execution (`crypto.cipher.*`), and Web Crypto's one-shot AES-CBC, AES-CTR, AES-GCM and
AES-KW (`crypto.aes`).

Block modes pad as OpenSSL does (PKCS#7, on unless the guest turns it off), and a decipher
holds back its last block until `final` so that the padding can be taken off.
"""

from __future__ import annotations

from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.decrepit.ciphers import modes as decrepit
from cryptography.hazmat.primitives import keywrap
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from sandbox.platform.crypto.common import (
    MAX_KEY,
    CryptoError,
    data_arg,
    int_arg,
    invalid,
    metered,
    openssl,
    opt_bytes,
    session,
    str_arg,
)
from sandbox.platform.services import Platform, method

BLOCK = 16
MODES: dict[str, Any] = {
    "cbc": modes.CBC, "ecb": modes.ECB, "ctr": modes.CTR, "gcm": modes.GCM,
    # Node still has these; `cryptography` keeps them apart as outdated.
    "cfb": decrepit.CFB, "cfb8": decrepit.CFB8, "ofb": decrepit.OFB,
}
PADDED = frozenset({"cbc", "ecb"})
CIPHERS = {f"aes-{bits}-{mode}": (bits // 8, mode) for bits in (128, 192, 256) for mode in MODES}
"""Canonical name -> (key bytes, mode): what the guest's names resolve to."""
MIN_TAG = 4


def _bad_decrypt() -> CryptoError:
    return openssl("ERR_OSSL_BAD_DECRYPT", "1C800064", "Provider routines", "bad decrypt")


def _wrong_length() -> CryptoError:
    return openssl("ERR_OSSL_WRONG_FINAL_BLOCK_LENGTH", "1C80006B", "Provider routines",
                   "wrong final block length")


def _auth_failed() -> CryptoError:
    return CryptoError("ERR_CRYPTO_AUTH_FAILED", "Unsupported state or unable to authenticate data")


def _pad(data: bytes) -> bytes:
    n = BLOCK - len(data) % BLOCK
    return data + bytes([n]) * n


def _unpad(block: bytes) -> bytes:
    n = block[-1] if block else 0
    if not 1 <= n <= BLOCK or block[-n:] != bytes([n]) * n:
        raise _bad_decrypt()
    return block[:-n]


def _context(mode: str, key: bytes, iv: bytes | None, decrypt: bool) -> Any:
    if mode == "ecb":
        cipher_mode: Any = modes.ECB()
    elif mode == "gcm":
        cipher_mode = modes.GCM(iv or b"", min_tag_length=MIN_TAG) if decrypt \
            else modes.GCM(iv or b"")
    else:
        cipher_mode = MODES[mode](iv or b"")
    cipher = Cipher(algorithms.AES(key), cipher_mode)
    return cipher.decryptor() if decrypt else cipher.encryptor()


class CipherStream:
    """An open Cipheriv or Decipheriv."""

    def __init__(self, mode: str, ctx: Any, decrypt: bool, tag_length: int) -> None:
        self.mode = mode
        self.ctx = ctx
        self.decrypt = decrypt
        self.tag_length = tag_length
        self.pending = b""  # block modes: bytes not yet given to ctx

    def update(self, data: bytes, auto_padding: bool) -> bytes:
        """Output for data: whole blocks only in block modes (the last one held back by a
        padded decipher).
        """
        if self.mode not in PADDED:
            return bytes(self.ctx.update(data))
        buf = self.pending + data
        keep = len(buf) % BLOCK
        if self.decrypt and auto_padding and keep == 0 and buf:
            keep = BLOCK
        self.pending = buf[len(buf) - keep:]
        return bytes(self.ctx.update(buf[:len(buf) - keep]))

    def final(self, auto_padding: bool, tag: bytes | None) -> list[Any]:
        """[output, authTag or None]: the rest of the output, padding handled."""
        out = b""
        if self.mode in PADDED:
            if not self.decrypt and auto_padding:
                out = self.ctx.update(_pad(self.pending))
            elif self.decrypt and auto_padding:
                if len(self.pending) != BLOCK:
                    raise _wrong_length()
                out = _unpad(self.ctx.update(self.pending))
            elif self.pending:
                raise _wrong_length()
        if self.mode == "gcm" and self.decrypt:
            if tag is None:
                raise _auth_failed()
            try:
                return [out + self.ctx.finalize_with_tag(tag), None]
            except InvalidTag as exc:
                raise _auth_failed() from exc
        out += self.ctx.finalize()
        tag_out = bytes(self.ctx.tag[:self.tag_length]) if self.mode == "gcm" else None
        return [bytes(out), tag_out]


@method("crypto.cipher.open", replayable=False)
def _open(platform: Platform, args: list[Any]) -> int:
    """[name, key, iv?, decrypt, authTagLength?] -> the id of a new cipher or decipher."""
    name = str_arg(args, 0, "cipher", frozenset(CIPHERS))
    key = data_arg(args, 1, "key", MAX_KEY)
    iv = opt_bytes(args, 2, "iv")
    decrypt = args[3] is True if len(args) > 3 else False
    tag_length = int_arg(args, 4, "authTagLength", MIN_TAG, BLOCK) \
        if len(args) > 4 and args[4] is not None else BLOCK
    size, mode = CIPHERS[name]
    if len(key) != size:
        raise CryptoError("ERR_CRYPTO_INVALID_KEYLEN", "Invalid key length")
    try:
        ctx = _context(mode, key, iv, decrypt)
    except ValueError as exc:
        raise CryptoError("ERR_CRYPTO_INVALID_IV", "Invalid initialization vector") from exc
    return session(platform).open(CipherStream(mode, ctx, decrypt, tag_length))


@method("crypto.cipher.update", replayable=False)
def _update(platform: Platform, args: list[Any]) -> bytes:
    """[id, data, autoPadding] -> the output so far."""
    stream: CipherStream = session(platform).get(args, 0, CipherStream)
    data = data_arg(args, 1, "data")
    with metered(platform):
        return stream.update(data, args[2] is not False if len(args) > 2 else True)


@method("crypto.cipher.aad", replayable=False)
def _aad(platform: Platform, args: list[Any]) -> None:
    """[id, aad]: additional authenticated data, before any update (GCM)."""
    stream = session(platform).get(args, 0, CipherStream)
    if stream.mode != "gcm":
        raise invalid("only GCM takes additional data")
    stream.ctx.authenticate_additional_data(data_arg(args, 1, "aad"))


@method("crypto.cipher.final", replayable=False)
def _final(platform: Platform, args: list[Any]) -> list[Any]:
    """[id, autoPadding, authTag?] -> [output, authTag?]; the stream is closed."""
    s = session(platform)
    stream: CipherStream = s.get(args, 0, CipherStream)
    del s.streams[args[0]]
    tag = opt_bytes(args, 2, "authTag")
    with metered(platform):
        return stream.final(args[1] is not False if len(args) > 1 else True, tag)


# ---- Web Crypto's one-shot AES -----------------------------------------------------------
def _ctr(key: bytes, counter: bytes, bits: int, data: bytes) -> bytes:
    """AES-CTR whose counter is the low `bits` bits of the block, wrapping there."""
    if len(counter) != BLOCK:
        raise invalid("the counter is 16 bytes")
    whole = int.from_bytes(counter, "big")
    mask = (1 << bits) - 1
    low = whole & mask
    blocks = -(-len(data) // BLOCK)
    if blocks > mask + 1:
        raise CryptoError("ERR_CRYPTO_OPERATION_FAILED", "The counter would repeat")
    first = min(blocks, mask + 1 - low) * BLOCK
    out = Cipher(algorithms.AES(key), modes.CTR(counter)).encryptor().update(data[:first])
    if first < len(data):  # the counter wrapped to zero in its low bits
        wrapped = (whole & ~mask).to_bytes(BLOCK, "big")
        out += Cipher(algorithms.AES(key), modes.CTR(wrapped)).encryptor().update(data[first:])
    return bytes(out)


def _gcm(key: bytes, iv: bytes, data: bytes, aad: bytes, *, tag_bytes: int,
         decrypt: bool) -> bytes:
    if decrypt:
        if len(data) < tag_bytes:
            raise CryptoError("ERR_CRYPTO_OPERATION_FAILED", "The provided data is too small.")
        body, tag = data[:len(data) - tag_bytes], data[len(data) - tag_bytes:]
        dec = Cipher(algorithms.AES(key), modes.GCM(iv, min_tag_length=MIN_TAG)).decryptor()
        dec.authenticate_additional_data(aad)
        try:
            return bytes(dec.update(body) + dec.finalize_with_tag(tag))
        except InvalidTag as exc:
            raise CryptoError("ERR_CRYPTO_OPERATION_FAILED",
                              "The operation failed for an operation-specific reason") from exc
    ctx = Cipher(algorithms.AES(key), modes.GCM(iv)).encryptor()
    ctx.authenticate_additional_data(aad)
    out = ctx.update(data) + ctx.finalize()
    return bytes(out + ctx.tag[:tag_bytes])


def _cbc(key: bytes, iv: bytes, data: bytes, decrypt: bool) -> bytes:
    if not decrypt:
        ctx = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
        return bytes(ctx.update(_pad(data)) + ctx.finalize())
    if not data or len(data) % BLOCK:
        raise CryptoError("ERR_CRYPTO_OPERATION_FAILED",
                          "The operation failed for an operation-specific reason")
    ctx = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    plain = ctx.update(data) + ctx.finalize()
    try:
        return _unpad(bytes(plain))
    except CryptoError as exc:
        raise CryptoError("ERR_CRYPTO_OPERATION_FAILED",
                          "The operation failed for an operation-specific reason") from exc


def _kw(key: bytes, data: bytes, decrypt: bool) -> bytes:
    try:
        return keywrap.aes_key_unwrap(key, data) if decrypt else keywrap.aes_key_wrap(key, data)
    except (ValueError, keywrap.InvalidUnwrap) as exc:
        raise CryptoError("ERR_CRYPTO_OPERATION_FAILED",
                          "The operation failed for an operation-specific reason") from exc


@method("crypto.aes")
def _aes(platform: Platform, args: list[Any]) -> bytes:
    """[mode, decrypt, key, iv, data, aad?, tagLength (bits)?, counterLength?] -> the output of
    Web Crypto's AES-CBC, AES-CTR, AES-GCM (tag appended) or AES-KW.
    """
    mode = str_arg(args, 0, "mode", frozenset({"cbc", "ctr", "gcm", "kw"}))
    decrypt = args[1] is True if len(args) > 1 else False
    key = data_arg(args, 2, "key", MAX_KEY)
    if len(key) not in (16, 24, 32):
        raise CryptoError("ERR_CRYPTO_INVALID_KEYLEN", "Invalid key length")
    iv = opt_bytes(args, 3, "iv") or b""
    data = data_arg(args, 4, "data")
    with metered(platform):
        try:
            if mode == "cbc":
                return _cbc(key, iv, data, decrypt)
            if mode == "ctr":
                return _ctr(key, iv, int_arg(args, 7, "length", 1, 128), data)
            if mode == "gcm":
                aad = opt_bytes(args, 5, "additionalData", len(data) + MAX_KEY) or b""
                bits = int_arg(args, 6, "tagLength", 32, 128)
                return _gcm(key, iv, data, aad, tag_bytes=bits // 8, decrypt=decrypt)
            return _kw(key, data, decrypt)
        except ValueError as exc:
            raise CryptoError("ERR_CRYPTO_OPERATION_FAILED",
                              "The operation failed for an operation-specific reason") from exc
