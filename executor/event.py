"""The password-reset-post-challenge event: checked, completed with defaults, copied per action.

Known fields (shared/trigger.md) must have their documented types; unknown fields pass
through untouched, so newer Auth0 events still run. Validation happens once per run, before
any action: a malformed event runs nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sandbox.errors import InvalidEvent

TRIGGER = "password-reset-post-challenge"
ON_EXECUTE = "onExecutePostChallenge"
ON_CONTINUE = "onContinuePostChallenge"

_OBJ, _STR, _BOOL, _LIST, _NUM = dict, str, bool, list, (int, float)

# Dotted path -> expected type. `*` marks required fields.
_FIELDS: dict[str, Any] = {
    "user": _OBJ,
    "user.user_id*": _STR,
    "user.email": _STR,
    "user.email_verified": _BOOL,
    "user.name": _STR,
    "user.nickname": _STR,
    "user.given_name": _STR,
    "user.family_name": _STR,
    "user.username": _STR,
    "user.phone_number": _STR,
    "user.phone_verified": _BOOL,
    "user.picture": _STR,
    "user.created_at": _STR,
    "user.updated_at": _STR,
    "user.last_password_reset": _STR,
    "user.app_metadata": _OBJ,
    "user.user_metadata": _OBJ,
    "user.identities": _LIST,
    "user.enrolledFactors": _LIST,
    "request": _OBJ,
    "request.ip*": _STR,
    "request.method": _STR,
    "request.query": _OBJ,
    "request.body": _OBJ,
    "request.hostname": _STR,
    "request.language": _STR,
    "request.user_agent": _STR,
    "request.geoip": _OBJ,
    "client": _OBJ,
    "client.client_id": _STR,
    "client.name": _STR,
    "client.metadata": _OBJ,
    "connection": _OBJ,
    "connection.id": _STR,
    "connection.name": _STR,
    "connection.strategy": _STR,
    "tenant": _OBJ,
    "transaction": _OBJ,
    "transaction.locale": _STR,
    "transaction.ui_locales": _LIST,
    "authentication": _OBJ,
    "authentication.methods": _LIST,
    "authorization": _OBJ,
    "authorization.roles": _LIST,
    "organization": _OBJ,
    "custom_domain": _OBJ,
    "stats": _OBJ,
    "stats.logins_count": _NUM,
    "prompt": _OBJ,
    "secrets": _OBJ,
}

# Default values are shared between events, so nothing may modify a prepared event in place
# (the flow builds new dicts; each action gets a msgpack copy).
_DEFAULTS: dict[str, Any] = {
    "user": {"email_verified": False, "app_metadata": {}, "user_metadata": {},
             "identities": []},
    "request": {"method": "GET", "query": {}, "body": {}, "geoip": {}},
    "client": {"client_id": "", "name": "", "metadata": {}},
    "connection": {"id": "", "name": "", "strategy": ""},
    "transaction": {"locale": "en", "ui_locales": []},
    "authentication": {"methods": []},
    "authorization": {"roles": []},
    "stats": {"logins_count": 0},
}

REQUEST_FIELDS = ("ip", "method", "query", "body", "hostname", "language", "user_agent", "geoip")


# The specs as a tree, built once: section -> (type, {field: type}), plus the required
# paths. Checking walks the fields an event has, not every field we know.
_SECTIONS: dict[str, tuple[Any, dict[str, Any]]] = {}
for _spec, _expected in _FIELDS.items():
    _path = _spec.rstrip("*")
    if "." in _path:
        _section, _field = _path.split(".")
        _SECTIONS[_section][1][_field] = _expected
    else:
        _SECTIONS[_path] = (_expected, {})
_REQUIRED = tuple(tuple(s.rstrip("*").split(".")) for s in _FIELDS if s.endswith("*"))


def _type_name(expected: Any) -> str:
    names = {dict: "an object", str: "a string", bool: "a boolean", list: "an array"}
    return names.get(expected, "a number")


def _check_value(path: str, value: Any, expected: Any) -> None:
    # bool is an int in Python; a number field must not accept true/false.
    if not isinstance(value, expected) or (expected is _NUM and isinstance(value, bool)):
        raise InvalidEvent(f"event.{path} must be {_type_name(expected)}")


def _check(event: Mapping[str, Any]) -> None:
    for name, value in event.items():
        known = _SECTIONS.get(name)
        if known is None:
            continue
        _check_value(name, value, known[0])
        fields = known[1]
        if fields:
            for key, item in value.items():
                if key in fields:
                    _check_value(f"{name}.{key}", item, fields[key])
    for section, key in _REQUIRED:
        if key not in event.get(section, ()):
            raise InvalidEvent(f"event.{section}.{key} is required")


def prepare(event: Any, tenant: str) -> dict[str, Any]:
    """Validates the event and fills the documented defaults; the caller's object is not
    modified. `tenant.id` is always the executing tenant (an event cannot claim another).
    """
    if not isinstance(event, dict):
        raise InvalidEvent("the event must be a JSON object")
    _check(event)
    # Copies only what it changes: the sections that get defaults. Nested values are shared
    # with the caller's object but never modified (each action receives a msgpack copy).
    out = dict(event)
    for name, defaults in _DEFAULTS.items():
        out[name] = {**defaults, **out.get(name, {})}
    out["tenant"] = {**out.get("tenant", {}), "id": tenant}
    out.pop("secrets", None)
    out.pop("prompt", None)
    return out


def with_request(event: dict[str, Any], request: Mapping[str, Any]) -> dict[str, Any]:
    """The event as a continue request sees it: the new request's fields replace the old."""
    if not isinstance(request, Mapping):
        raise InvalidEvent("the continue request must be a JSON object")
    new_request = dict(event["request"])
    new_request["query"], new_request["body"] = {}, {}
    for key in REQUEST_FIELDS:
        if key in request:
            new_request[key] = request[key]
    out = {**event, "request": new_request}
    _check(out)
    return out
