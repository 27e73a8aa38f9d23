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
from sandbox.errors import InvalidState

STATE_BYTES = 24
FORMAT = 1


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

    def to_bytes(self) -> bytes:
        """Serialized for the store."""
        body = asdict(self)
        # Callers may pass any Mapping for secrets and limits; the store gets plain dicts.
        body["actions"] = [{"name": a.name, "code": a.code, "secrets": dict(a.secrets),
                            "limits": dict(a.limits) if a.limits else None}
                           for a in self.actions]
        body["format"] = FORMAT
        return msgpack.packb(body, use_bin_type=True)  # type: ignore[no-any-return]

    @classmethod
    def from_bytes(cls, data: bytes) -> FlowState:
        """Parsed back; a record we cannot read is an invalid state, never a crash."""
        try:
            body = msgpack.unpackb(data, raw=False)
            if body.pop("format") != FORMAT:
                raise ValueError("unknown state format")
            body["actions"] = tuple(Action(**a) for a in body["actions"])
            body["challenged"] = tuple(body["challenged"])
            body["satisfied"] = tuple(body["satisfied"])
            return cls(**body)
        except (ValueError, TypeError, KeyError, AttributeError, msgpack.UnpackException) as exc:
            raise InvalidState("the state record is unreadable") from exc
