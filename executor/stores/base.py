"""What the executor needs from a store, and the values that cross it.

A store keeps two things: each (tenant, trigger) cache namespace, and suspended flows
(continuation states). Everything an execution changes reaches the store in one `Commit`,
applied atomically: all of it or none of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from sandbox.errors import InvalidEvent

# Tenant and trigger names become parts of store keys: a closed alphabet keeps every
# namespace distinct (no separator can be smuggled in) and keys printable.
NAME_RE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")

DONE_TTL_MS = 24 * 3_600_000
"""How long a commit's idempotency marker is kept: far longer than any redelivery of a job."""


def encodable(key: str) -> bool:
    """Whether a caller's key (a state id, an idempotency key) can be stored at all: a lone
    surrogate has no UTF-8 form, so no state or commit can have been stored under it.
    """
    try:
        key.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@dataclass(frozen=True)
class Namespace:
    """One cache namespace: a tenant's cache for one trigger."""

    tenant: str
    trigger: str

    def __post_init__(self) -> None:
        for what, value in (("tenant", self.tenant), ("trigger", self.trigger)):
            if not isinstance(value, str) or not NAME_RE.fullmatch(value):
                raise InvalidEvent(f"{what} must match {NAME_RE.pattern}, got {value!r:.80}")


@dataclass(frozen=True)
class CacheEntry:
    """A cached value and when it expires (epoch milliseconds)."""

    value: str
    expires_at: int


@dataclass(frozen=True)
class NewState:
    """A suspended flow to remember: opaque to the store, found by `state_id` until expiry."""

    state_id: str
    payload: bytes
    expires_at: int


@dataclass(frozen=True)
class Commit:
    """Everything one execution changes, applied atomically.

    `consume_state`, when set, must still exist (and not be expired) at commit time: it is
    deleted in the same transaction, so a state resumes a flow exactly once. If it is gone,
    nothing at all is applied and the store raises StateGone.

    `idempotency_key`, when set (the worker pool's execution id), is checked first: if a
    commit with that key was applied within DONE_TTL_MS, nothing at all is applied and the
    store raises AlreadyCommitted carrying that commit's `outcome` (the serialized result).
    Otherwise the marker is written with `outcome` in the same transaction, so a job that
    is delivered twice commits its effects once and answers the same both times.
    """

    namespace: Namespace
    now_ms: int
    cache_set: dict[str, CacheEntry] = field(default_factory=dict)
    cache_delete: tuple[str, ...] = ()
    consume_state: str | None = None
    create_state: NewState | None = None
    idempotency_key: str | None = None
    outcome: bytes | None = None

    @property
    def empty(self) -> bool:
        """True when there is nothing to write (an idempotency key alone is not written:
        re-running an execution without effects is harmless).
        """
        return not (self.cache_set or self.cache_delete or self.consume_state
                    or self.create_state)


class StateGone(Exception):
    """Raised by `commit` when `consume_state` no longer exists: nothing was applied."""


class AlreadyCommitted(Exception):
    """Raised by `commit` when its idempotency key was committed before: nothing was applied.

    `outcome` is what that earlier commit stored: the caller answers with it again.
    """

    def __init__(self, outcome: bytes) -> None:
        super().__init__("this execution was already committed")
        self.outcome = outcome


@runtime_checkable
class Store(Protocol):
    """A store. Implementations raise sandbox.errors.StoreUnavailable when unreachable.

    Expiry is final: an entry or state that a read found expired is deleted by that read, so
    a clock set back afterwards (an NTP step, a skewed worker) cannot bring it back.
    """

    def cache_load(self, namespace: Namespace, now_ms: int) -> dict[str, CacheEntry]:
        """Every unexpired entry of the namespace (at most a few dozen, by the cache limits)."""
        ...

    def state_get(self, state_id: str, now_ms: int) -> bytes | None:
        """Return the payload of an unexpired state, or None (unknown, expired or consumed)."""
        ...

    def commit(self, commit: Commit) -> None:
        """Apply the commit atomically; raise AlreadyCommitted, StateGone or StoreUnavailable."""
        ...

    def close(self) -> None:
        """Releases connections; idempotent."""
        ...


@runtime_checkable
class CommittedLookup(Protocol):
    """A store that can also say what an idempotent commit stored (both stores here can).

    Apart from Store so that a store without it (a wrapper, a test double) is still a Store:
    it only loses the answer to a resume repeated after its first commit.
    """

    def committed(self, idempotency_key: str, now_ms: int) -> bytes | None:
        """The outcome stored by the unexpired commit with this idempotency key, or None."""
        ...
