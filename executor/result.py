"""The result object of shared/contract.md: every field always present."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from executor.stores.base import CacheEntry
from sandbox.errors import RequestRecord


@dataclass(frozen=True)
class ActionReport:
    """One action's run: which handler, how it ended, what it cost, what it logged."""

    name: str
    handler: str
    status: str  # "ok" or "error"
    duration_ms: float
    fuel: int
    memory_bytes: int
    logs: tuple[str, ...] = ()
    error: dict[str, Any] | None = None
    requests: tuple[RequestRecord, ...] = ()
    """Its outbound requests: method, host, status, duration, bytes; never a header, body,
    path or query."""

    def to_dict(self) -> dict[str, Any]:
        """The `actions[]` entry."""
        return {"name": self.name, "handler": self.handler, "status": self.status,
                "duration_ms": round(self.duration_ms, 3), "fuel": self.fuel,
                "memory_bytes": self.memory_bytes, "logs": list(self.logs), "error": self.error,
                "requests": [_request(r) for r in self.requests]}

    @classmethod
    def from_dict(cls, entry: dict[str, Any]) -> ActionReport:
        """The inverse of `to_dict` (an idempotency marker's stored result)."""
        return cls(**{**entry, "logs": tuple(entry["logs"]),
                      "requests": tuple(RequestRecord(**r) for r in entry.get("requests", ()))})


def _request(record: RequestRecord) -> dict[str, Any]:
    out = asdict(record)
    out["duration_ms"] = round(record.duration_ms, 3)
    return out


@dataclass(frozen=True)
class Result:
    """How a flow ended (or suspended), and what it committed."""

    status: str
    state: str | None = None
    deny: dict[str, str] | None = None
    challenge: dict[str, Any] | None = None
    redirect: dict[str, str] | None = None
    prompt: dict[str, Any] | None = None
    result_url: str | None = None
    cache_set: dict[str, CacheEntry] = field(default_factory=dict)
    cache_deleted: tuple[str, ...] = ()
    actions: tuple[ActionReport, ...] = ()
    error: dict[str, Any] | None = None
    execution_id: str = ""
    tenant: str = ""  # whose flow this was, once known (for the log; not in the result object)

    @property
    def ok(self) -> bool:
        """True unless the flow failed."""
        return self.status != "failed"

    def to_dict(self) -> dict[str, Any]:
        """The result object, exactly as the contract names its fields."""
        return {
            "status": self.status,
            "state": self.state,
            "deny": self.deny,
            "challenge": self.challenge,
            "redirect": self.redirect,
            "prompt": self.prompt,
            "result_url": self.result_url,
            "cache": {
                "set": {k: {"value": e.value, "expires_at": e.expires_at}
                        for k, e in self.cache_set.items()},
                "deleted": list(self.cache_deleted),
            },
            "actions": [a.to_dict() for a in self.actions],
            "error": self.error,
        }
