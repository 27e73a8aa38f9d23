"""The wire format between host and guest: msgpack behind two functions."""

from __future__ import annotations

import functools
from typing import Any

import msgpack


class CodecError(ValueError):
    """Raised when a value cannot be encoded or a message cannot be decoded."""


def pack(value: Any) -> bytes:
    """Encodes plain data (dict, list, str, bytes, int, float, bool, None)."""
    try:
        return msgpack.packb(value, use_bin_type=True)  # type: ignore[no-any-return]
    except (TypeError, ValueError, OverflowError) as exc:
        raise CodecError(str(exc)) from exc


def unpack(data: bytes | bytearray | memoryview) -> Any:
    """Decodes one message; str keys only matter to callers, so any key type is kept."""
    try:
        return msgpack.unpackb(data, raw=False, strict_map_key=False, unicode_errors="replace")
    except (ValueError, TypeError, msgpack.ExtraData, msgpack.FormatError,
            msgpack.StackError) as exc:
        raise CodecError(f"malformed message: {exc}") from exc


def pack_map(items: list[tuple[str, bytes]]) -> bytes:
    """A map from already-packed values: lets a caller pack (and size-check) the big value
    once and splice it in, instead of packing the whole message twice.
    """
    n = len(items)
    header = bytes([0x80 | n]) if n < 16 else b"\xde" + n.to_bytes(2, "big")
    return header + b"".join(_packed_key(key) + value for key, value in items)


@functools.lru_cache(maxsize=64)
def _packed_key(key: str) -> bytes:
    return pack(key)
