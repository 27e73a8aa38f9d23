"""Suspended flows: what is remembered between a suspension and its continue request.

A state id is 192 random bits (url-safe base64), the only handle the browser ever sees; the
record itself stays in the store, so it cannot be forged or altered from outside. It is bound
to one tenant and one flow, expires, and is consumed by the commit of the execution that
resumes it (single use).
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass
from typing import Any

import msgpack

from executor.action import Action
from executor.stores.base import NAME_RE
from sandbox.errors import InvalidAction, InvalidState
from sandbox.platform.egress import EgressPolicy

STATE_BYTES = 24
FORMAT = 1
KINDS = ("challenge", "redirect", "prompt")


def new_state_id() -> str:
    """A fresh, unguessable state id. Never one starting with "-": command lines take it as
    `--state STATE`, where argparse would read it as an option (1 id in 64 otherwise).
    """
    while (state_id := secrets.token_urlsafe(STATE_BYTES)).startswith("-"):
        pass
    return state_id


@dataclass(frozen=True)
class FlowState:
    """Where a suspended flow stands and what it needs to go on."""

    tenant: str
    trigger: str
    kind: str  # "challenge", "redirect" or "prompt"
    position: int  # index of the action that suspended
    actions: tuple[Action, ...]
    event: dict[str, Any]  # prepared event, without secrets
    result_url: str | None = None
    challenged: tuple[str, ...] = ()
    satisfied: tuple[str, ...] = ()
    limits: dict[str, int] | None = None
    net: dict[str, Any] | None = None  # the policy the flow runs under (EgressPolicy config)

    def to_bytes(self) -> bytes:
        """Serialized for the store."""
        body = asdict(self)
        # Callers may pass any Mapping for secrets and limits; the store gets plain dicts.
        body["actions"] = [{"name": a.name, "code": a.code, "secrets": dict(a.secrets),
                            "limits": dict(a.limits) if a.limits else None,
                            "net": dict(a.net) if a.net else None,
                            "source_map": a.source_map}
                           for a in self.actions]
        body["format"] = FORMAT
        return msgpack.packb(body, use_bin_type=True)  # type: ignore[no-any-return]

    @classmethod
    def from_bytes(cls, data: bytes) -> FlowState:
        """Parsed back; a record we cannot read, or whose fields do not have the types this
        class writes, is an invalid state, never a crash further on.
        """
        try:
            body = msgpack.unpackb(data, raw=False)
            if not isinstance(body, dict) or body.pop("format", None) != FORMAT:
                raise ValueError("unknown state format")
            body["actions"] = tuple(_action(a) for a in _typed(body["actions"], list))
            body["challenged"] = _strings(body["challenged"])
            body["satisfied"] = _strings(body["satisfied"])
            flow = cls(**body)
            flow._check()
        except (ValueError, TypeError, KeyError, AttributeError, InvalidAction,
                msgpack.UnpackException) as exc:
            raise InvalidState("the state record is unreadable") from exc
        return flow

    def _check(self) -> None:
        """Raise TypeError or ValueError unless every field has the type `to_bytes` wrote (a
        damaged record could otherwise fail deep in the flow, as an internal error).
        """
        for name in (self.tenant, self.trigger):
            if not NAME_RE.fullmatch(_typed(name, str)):
                raise ValueError("not a tenant or trigger name")
        if self.kind not in KINDS:
            raise ValueError("unknown suspension kind")
        if type(self.position) is not int or not 0 <= self.position < len(self.actions):
            raise ValueError("the position is not an action of the flow")
        for section in ("user", "request"):
            _typed(_typed(self.event, dict)[section], dict)
        if self.result_url is not None:
            _typed(self.result_url, str)
        _limits(self.limits)
        if self.net is not None:
            EgressPolicy.from_config(_typed(self.net, dict))


def _typed(value: Any, kind: type) -> Any:
    """`value`, if it is a `kind`; else TypeError."""
    if not isinstance(value, kind):
        raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
    return value


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(_typed(item, str) for item in _typed(value, list))


def _limits(value: Any) -> dict[str, int] | None:
    if value is None:
        return None
    limits: dict[str, int] = _typed(value, dict)
    if not all(isinstance(name, str) and type(limit) is int for name, limit in limits.items()):
        raise TypeError("limits map names to integers")
    return limits


def _action(value: Any) -> Action:
    a = _typed(value, dict)
    secrets_ = _typed(a["secrets"], dict)
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in secrets_.items()):
        raise TypeError("secrets map names to strings")
    net = a.get("net")
    if net is not None:
        EgressPolicy.from_config(_typed(net, dict))
    source_map = a.get("source_map")  # a bundle's (the flow keeps the bundle as its code)
    if source_map is not None:
        _typed(source_map, str)
    return Action(_typed(a["name"], str), _typed(a["code"], str), secrets_, _limits(a["limits"]),
                  net, source_map=source_map)
