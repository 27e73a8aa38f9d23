"""Reading request bodies: bounded, JSON, an object of the documented shape, or a 4xx."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from starlette.requests import Request

from executor.service.errors import ApiError

JSON_TYPES: dict[type, str] = {dict: "an object", list: "an array", str: "a string",
                               int: "an integer", bool: "a boolean"}


async def read_body(request: Request, max_bytes: int, error_type: str) -> bytes:
    """The raw body, refused with 413 as soon as it is known to be over `max_bytes` (from
    Content-Length, else while it streams in).
    """
    too_large = ApiError(413, error_type, f"the body is over {max_bytes} bytes")
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


async def read_object(request: Request, max_bytes: int, error_type: str) -> dict[str, Any]:
    """The body as a JSON object; 400 when it is not UTF-8 JSON or not an object."""
    raw = await read_body(request, max_bytes, error_type)
    try:
        value = json.loads(raw.decode("utf-8"), parse_constant=_no_constants)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        where = f" (line {exc.lineno}, column {exc.colno})" if isinstance(
            exc, json.JSONDecodeError) else ""
        raise ApiError(400, error_type, f"the body is not valid JSON{where}") from None
    if not isinstance(value, dict):
        raise ApiError(400, error_type, f"the body must be a JSON object, got {_kind(value)}")
    return value


def check_shape(body: Mapping[str, Any], error_type: str, *,
                required: Mapping[str, type | tuple[type, ...]],
                optional: Mapping[str, type | tuple[type, ...]] | None = None) -> None:
    """400 unless `body` has every required field, no unknown one, and each of the right
    JSON type (None is accepted for an optional field).
    """
    optional = optional or {}
    unknown = sorted(set(body) - set(required) - set(optional))
    if unknown:
        raise ApiError(400, error_type, f"unknown field(s): {', '.join(unknown)[:200]}")
    for name, expected in required.items():
        if name not in body:
            raise ApiError(400, error_type, f"missing field: {name}")
        _check_type(body, name, expected, error_type)
    for name, expected in optional.items():
        if body.get(name) is not None:
            _check_type(body, name, expected, error_type)


def _check_type(body: Mapping[str, Any], name: str, expected: type | tuple[type, ...],
                error_type: str) -> None:
    value = body[name]
    types = expected if isinstance(expected, tuple) else (expected,)
    # bool is an int in Python but not in JSON.
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
        wanted = " or ".join(JSON_TYPES.get(t, t.__name__) for t in types)
        raise ApiError(400, error_type, f"{name} must be {wanted}, got {_kind(value)}")


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, float):
        return "a number"
    return JSON_TYPES.get(type(value), type(value).__name__)
