"""The executor's one error tree. Every failure a caller can see is one of these.

    ExecutorError                      internal
    ├── ActionFault                    the tenant's code failed; the platform is fine
    │   ├── ActionError                action_error      (threw or rejected)
    │   ├── InvalidAction              invalid_action    (syntax, no handler, too large)
    │   ├── FuelExhausted              fuel_exhausted
    │   ├── Timeout                    timeout           (wall clock, or timers due after it)
    │   ├── MemoryLimit                memory_limit
    │   ├── StackOverflow              stack_overflow
    │   ├── LimitExceeded              limit_exceeded    (output, logs, calls, effects)
    │   └── NoValidFactor              no_valid_factor
    ├── InputError                     the caller's input is unusable
    │   ├── InvalidEvent               invalid_event
    │   └── InvalidState               invalid_state
    └── PlatformFault                  our side failed
        ├── StoreUnavailable           store_unavailable
        └── InternalError              internal

`type` is the `error.type` string of the result object (shared/contract.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar


@dataclass(frozen=True)
class RequestRecord:
    """One outbound request of an execution, as its report shows it: never a header, a body
    or the URL's path and query (they may carry a tenant's secrets).

    `status` is the final response's HTTP status, None when there was none (refused by the
    egress policy, a network error, a timeout: `error` says which); `bytes` counts the
    response body bytes received.
    """

    method: str
    host: str
    status: int | None
    duration_ms: float
    bytes: int = 0
    error: str | None = None


@dataclass(frozen=True)
class Report:
    """What one execution cost: fuel, peak linear memory, wall time, outbound requests."""

    fuel: int = 0
    memory_bytes: int = 0
    wall_ms: float = 0.0
    requests: tuple[RequestRecord, ...] = ()


@dataclass(frozen=True)
class FaultDetails:
    """What the guest had said before it failed: kept for the result object and logs."""

    stack: str = ""
    logs: tuple[str, ...] = ()
    report: Report = field(default_factory=Report)


class ExecutorError(Exception):
    """Raised for anything that stops an execution; the root of the tree."""

    type: ClassVar[str] = "internal"

    def __init__(self, message: str, *, details: FaultDetails | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or FaultDetails()

    def to_dict(self, action: str | None = None) -> dict[str, str | None]:
        """The result object's `error` field."""
        return {"type": self.type, "message": self.message, "action": action}


class ActionFault(ExecutorError):
    """Raised when the tenant's action fails; the platform is unaffected."""


class ActionError(ActionFault):
    """Raised when the handler throws or its promise rejects."""

    type = "action_error"


class InvalidAction(ActionFault):
    """Raised when the action cannot run: syntax error, missing handler, source too large."""

    type = "invalid_action"


class FuelExhausted(ActionFault):
    """Raised when the action used up its CPU budget (wasmtime fuel)."""

    type = "fuel_exhausted"


class Timeout(ActionFault):
    """Raised when the wall-clock deadline passed, or the action waits for a timer due after it."""

    type = "timeout"


class MemoryLimit(ActionFault):
    """Raised when the action needed more linear memory than its limit."""

    type = "memory_limit"


class StackOverflow(ActionFault):
    """Raised when the action recursed past the wasm stack."""

    type = "stack_overflow"


class LimitExceeded(ActionFault):
    """Raised when output, logs, api calls, arguments or effects went over their caps."""

    type = "limit_exceeded"


class NoValidFactor(ActionFault):
    """Raised when a challenge was requested but no requested factor can be used."""

    type = "no_valid_factor"


class InputError(ExecutorError):
    """Raised when the caller's input is unusable; nothing ran."""


class InvalidEvent(InputError):
    """Raised when the event is malformed, mistyped or over its size cap."""

    type = "invalid_event"


class InvalidState(InputError):
    """Raised when a continuation state is unknown, expired, foreign or already used."""

    type = "invalid_state"


class PlatformFault(ExecutorError):
    """Raised when the executor itself failed, not the action or its input."""


class StoreUnavailable(PlatformFault):
    """Raised when the store (Redis or the embedded database) cannot be reached."""

    type = "store_unavailable"


class InternalError(PlatformFault):
    """Raised when an invariant of the executor broke; a bug to report."""

    type = "internal"


ERROR_TYPES: dict[str, type[ExecutorError]] = {
    cls.type: cls
    for cls in (
        ActionError, InvalidAction, FuelExhausted, Timeout, MemoryLimit, StackOverflow,
        LimitExceeded, NoValidFactor, InvalidEvent, InvalidState, StoreUnavailable,
        InternalError,
    )
}
