"""What an action asked for, validated as it asks: deny, challenge, redirect, prompt, result URL.

Auth0 leaves some combinations open; the rules here (also in README "Trigger semantics"):
- setResultUrl: the last call wins, across all actions of the flow.
- sendUserTo twice, or challengeWith/challengeWithAny twice, in one action: the last wins.
- render twice: an error (Auth0's "Only 1 render command per action is allowed.").
- render and sendUserTo in one action: an error (Auth0's message).
- a challenge together with a redirect or a render in one action: an error at the second
  call ("Only one of challenge, redirect and render can be used in one action.").
- deny together with a suspension in one action: deny wins; the flow stops, denied.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sandbox.errors import LimitExceeded, NoValidFactor
from sandbox.hostcall import ApiError

MAX_URL_CHARS = 4096
MAX_REASON_CHARS = 1024
MAX_QUERY_PARAMS = 32
PROMPT_ID_CHARS = 48
PROMPT_KEYS = 24
PROMPT_OPTIONS_BYTES = 24 * 1024
FIELD_KEY_RE = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]{0,49}$")

FACTOR_TYPES = frozenset({"otp", "email", "recovery-code", "webauthn-platform",
                          "webauthn-roaming", "phone", "push-notification"})
PHONE_METHODS = frozenset({"sms", "voice", "both"})


@dataclass(frozen=True)
class Challenge:
    """An MFA challenge: `with` a default factor (others selectable) or `any` of a list."""

    mode: str
    factors: tuple[dict[str, Any], ...]

    @property
    def types(self) -> tuple[str, ...]:
        """The factor types the challenge offers."""
        return tuple(f["type"] for f in self.factors)


@dataclass(frozen=True)
class Redirect:
    """A redirect to an external site; `state` is added when the flow suspends."""

    url: str
    query: dict[str, str]


@dataclass(frozen=True)
class Prompt:
    """A custom prompt (form) to render."""

    id: str
    fields: dict[str, Any]
    vars: dict[str, Any]


Suspension = Challenge | Redirect | Prompt


@dataclass
class ActionEffects:
    """One action's requests, in the form the flow applies them."""

    deny: str | None = None
    suspension: Suspension | None = None
    result_url: str | None = None
    rendered: bool = False


@dataclass(frozen=True)
class FactorPolicy:
    """Which factors a challenge may use: enrolled by the user, enabled for the tenant, and not
    already satisfied in this transaction. `enrolled` None means unknown (no filtering).
    """

    enrolled: frozenset[str] | None
    enabled: frozenset[str]
    satisfied: frozenset[str] = field(default_factory=frozenset)

    def allows(self, factor: dict[str, Any]) -> bool:
        """Whether this factor can still be offered."""
        kind = factor["type"]
        return (kind in self.enabled and kind not in self.satisfied
                and (self.enrolled is None or kind in self.enrolled))


def with_query(url: str, query: dict[str, str]) -> str:
    """`url` with the query entries set (replacing same-named parameters)."""
    parts = urlsplit(url)
    params = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
              if k not in query]
    params += list(query.items())
    return urlunsplit(parts._replace(query=urlencode(params)))


def check_url(url: Any, what: str) -> str:
    """An absolute http(s) URL, or ApiError."""
    if not isinstance(url, str) or len(url) > MAX_URL_CHARS:
        raise ApiError(f"{what}: the URL must be a string of at most {MAX_URL_CHARS} characters")
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise ApiError(f"{what}: invalid URL: {exc}") from exc
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ApiError(f"{what}: only absolute http and https URLs are allowed")
    return url


def check_query(options: Any, what: str) -> dict[str, str]:
    """The `query` option: string values (numbers and booleans are written as text)."""
    if options is None:
        return {}
    if not isinstance(options, dict):
        raise ApiError(f"{what}: options must be an object")
    query = options.get("query") or {}
    if not isinstance(query, dict) or len(query) > MAX_QUERY_PARAMS:
        raise ApiError(f"{what}: options.query must be an object of at most "
                       f"{MAX_QUERY_PARAMS} entries")
    out = {}
    for key, raw in query.items():
        value = raw
        if isinstance(raw, bool):
            value = "true" if raw else "false"
        elif isinstance(raw, int | float):
            value = json.dumps(raw)
        if not isinstance(value, str):
            raise ApiError(f"{what}: query values must be strings")
        out[str(key)] = value
    return out


def check_factor(factor: Any) -> dict[str, Any]:
    """A factor selector as Auth0 accepts it, normalized to {type, options}."""
    # Type checks before the set lookups: an array or object there is unhashable.
    kind = factor.get("type") if isinstance(factor, dict) else None
    if not isinstance(kind, str) or kind not in FACTOR_TYPES:
        raise ApiError(f"Invalid factor: {json.dumps(factor, default=str)[:100]}")
    options = factor.get("options") or {}
    if not isinstance(options, dict):
        raise ApiError("Invalid factor: options must be an object")
    method = options.get("preferredMethod", "sms")
    if kind == "phone" and (not isinstance(method, str) or method not in PHONE_METHODS):
        raise ApiError("Invalid factor: phone preferredMethod must be sms, voice or both")
    if factor["type"] == "push-notification" and \
            not isinstance(options.get("otpFallback", False), bool):
        raise ApiError("Invalid factor: push-notification otpFallback must be a boolean")
    return {"type": kind, "options": plain(options)}


def challenge(mode: str, factors: list[Any], policy: FactorPolicy) -> Challenge:
    """The challenge after filtering; NoValidFactor (the flow fails) when none remain."""
    checked = [check_factor(f) for f in factors]
    usable = [f for f in checked if policy.allows(f)]
    if not usable:
        offered = ", ".join(f["type"] for f in checked) or "none"
        raise NoValidFactor(f"no requested factor can be used (requested: {offered})")
    # challengeWithAny with a single usable factor skips the selector.
    return Challenge("with" if len(usable) == 1 else mode, tuple(usable))


def prompt(prompt_id: Any, options: Any) -> Prompt:
    """A validated prompt.render request."""
    if not isinstance(prompt_id, str) or not 0 < len(prompt_id) <= PROMPT_ID_CHARS:
        raise ApiError(f"promptId must be a string of 1 to {PROMPT_ID_CHARS} characters")
    options = options or {}
    if not isinstance(options, dict):
        raise ApiError("prompt options must be an object")
    fields, variables = options.get("fields") or {}, options.get("vars") or {}
    for name, value in (("fields", fields), ("vars", variables)):
        if not isinstance(value, dict) or len(value) > PROMPT_KEYS:
            raise ApiError(f"{name} must be an object of at most {PROMPT_KEYS} keys")
    bad = [k for k in fields if not FIELD_KEY_RE.match(k)]
    if bad:
        raise ApiError(f"invalid field key {bad[0][:60]!r}")
    if len(json.dumps(options, default=str).encode()) > PROMPT_OPTIONS_BYTES:
        raise ApiError("prompt options are over 24 KiB")
    return Prompt(prompt_id, plain(fields), plain(variables))


def deny_reason(reason: Any) -> str:
    """The deny reason as text; an oversized one is an effect over its cap."""
    text = reason if isinstance(reason, str) else \
        ("" if reason is None else json.dumps(reason, default=_js_json))
    if len(text) > MAX_REASON_CHARS:
        raise LimitExceeded(f"deny reason of {len(text)} characters is over {MAX_REASON_CHARS}")
    return text


def plain(value: Any) -> Any:
    """`value` as JSON.stringify passes it on, for what reaches the result object (which is
    JSON): binary as an object of index -> byte, NaN and the infinities as null.
    """
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, bytes):
        return {str(i): b for i, b in enumerate(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def _js_json(value: Any) -> Any:
    """What JSON.stringify makes of the one non-JSON type the guest sends, binary (a
    Uint8Array or ArrayBuffer): an object of index -> byte.
    """
    if isinstance(value, bytes):
        return {str(i): b for i, b in enumerate(value)}
    raise TypeError(f"{type(value).__name__} is not plain data")
