"""api.redirect.encodeToken and validateToken: HS256 JWTs with PyJWT, as Auth0 shapes them."""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeGuard

import jwt

from sandbox.hostcall import ApiError

DEFAULT_EXPIRES_S = 900
DEFAULT_PARAMETER = "session_token"
MAX_TOKEN_BYTES = 16 * 1024


@contextmanager
def _any_key_length() -> Iterator[None]:
    """The secret is the tenant's and Auth0 takes any length: PyJWT's short-HMAC-key warning
    would only reach stderr (or, where warnings are errors, fail the call as `internal`).
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The HMAC key is")
        yield


def _options(options: Any) -> dict[str, Any]:
    if not isinstance(options, dict):
        raise ApiError("options must be an object")
    secret = options.get("secret")
    if not isinstance(secret, str) or not secret:
        raise ApiError("options.secret must be a non-empty string")
    return options


def encode(options: Any, event: Mapping[str, Any], now_s: int) -> str:
    """The token Auth0's encodeToken makes: standard claims, then the payload's (which win)."""
    options = _options(options)
    payload = options.get("payload", {})
    if not isinstance(payload, dict):
        raise ApiError("options.payload must be an object")
    expires = options.get("expiresInSeconds", DEFAULT_EXPIRES_S)
    # NaN and the infinities pass a `<= 0` test but have no integer value: refuse them here.
    if isinstance(expires, bool) or not isinstance(expires, int | float) or expires <= 0 \
            or not math.isfinite(expires):
        raise ApiError("options.expiresInSeconds must be a positive number")
    claims = {
        "iat": now_s,
        "iss": event["request"].get("hostname"),
        "sub": event["user"]["user_id"],
        "exp": now_s + int(expires),
        "ip": event["request"].get("ip"),
        **payload,
    }
    try:
        with _any_key_length():
            return jwt.encode(claims, options["secret"], algorithm="HS256")
    except (TypeError, ValueError) as exc:
        raise ApiError(f"the payload cannot be encoded: {exc}") from exc


def validate(options: Any, event: Mapping[str, Any], state: str | None, now_s: int) -> Any:
    """Auth0's validateToken: the token from the continue request's query or body (body wins),
    HS256 only, unexpired, `sub` = this user, `iss` = this hostname, `state` = this flow.
    """
    options = _options(options)
    name = options.get("tokenParameterName", DEFAULT_PARAMETER)
    if not isinstance(name, str):
        raise ApiError("options.tokenParameterName must be a string")
    request = event["request"]
    params = {**(request.get("query") or {}), **(request.get("body") or {})}
    token = params.get(name)
    if token is None:
        raise ApiError(f"There is no parameter called '{name}' available in either the POST "
                       "body or query string.")
    if not isinstance(token, str) or len(token) > MAX_TOKEN_BYTES:
        raise ApiError("The session token is invalid: not a token")
    try:
        claims = _decode_at(token, options["secret"], event, now_s)
    except jwt.PyJWTError as exc:
        raise ApiError(f"The session token is invalid: {exc}") from exc
    if state is None or claims.get("state") != state:
        raise ApiError("The session token is invalid: state does not match")
    return claims


def _decode_at(token: str, secret: str, event: Mapping[str, Any], now_s: int) -> Any:
    """jwt.decode, with the time claims (exp, nbf, iat) checked against the executor's clock
    rather than PyJWT's own, so that one clock governs cache TTLs, states and tokens (and
    tests can move it).
    """
    with _any_key_length():
        claims = jwt.decode(
            token, secret, algorithms=["HS256"],
            issuer=event["request"].get("hostname"), subject=event["user"]["user_id"],
            options={"require": ["exp", "sub", "iss"], "verify_exp": False,
                     "verify_nbf": False, "verify_iat": False},
        )
    exp = claims.get("exp")
    if not _is_number(exp) or exp <= now_s:
        raise jwt.ExpiredSignatureError("Signature has expired")
    for name in ("nbf", "iat"):
        if name not in claims:
            continue
        if not _is_number(claims[name]):
            raise jwt.InvalidTokenError(f"The {name} claim must be a number")
        if claims[name] > now_s:
            raise jwt.ImmatureSignatureError(f"The token is not yet valid ({name})")
    return claims


def _is_number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)
