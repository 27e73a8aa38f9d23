"""Traps and guest statuses become the error tree here, and nowhere else."""

from __future__ import annotations

from typing import Any

import wasmtime

from sandbox.errors import (
    ERROR_TYPES,
    ActionError,
    ExecutorError,
    FaultDetails,
    FuelExhausted,
    InternalError,
    InvalidAction,
    MemoryLimit,
    StackOverflow,
    Timeout,
)
from sandbox.limits import Limits

# A trap with memory this close to the limit is the limit, whatever instruction tripped.
MEMORY_SLACK = 1024 * 1024


def from_trap(  # noqa: PLR0911 - one return per trap kind reads best
    exc: BaseException, limits: Limits, memory_bytes: int, details: FaultDetails
) -> ExecutorError:
    """The error for an exception raised out of a guest call."""
    if isinstance(exc, ExecutorError):
        exc.details = details
        return exc
    if isinstance(exc, wasmtime.Trap):
        code = exc.trap_code
        if code == wasmtime.TrapCode.OUT_OF_FUEL:
            return FuelExhausted(f"the action used all of its {limits.fuel} fuel", details=details)
        if code == wasmtime.TrapCode.INTERRUPT:
            return Timeout(f"the action ran past its {limits.timeout_ms} ms deadline",
                           details=details)
        if code == wasmtime.TrapCode.STACK_OVERFLOW:
            return StackOverflow("the action overflowed the wasm stack (recursion too deep)",
                                 details=details)
        if memory_bytes + MEMORY_SLACK >= limits.memory_bytes:
            return MemoryLimit(f"the action needed more than {limits.memory_bytes} bytes",
                               details=details)
        return InternalError(f"the guest trapped: {exc.message}", details=details)
    if isinstance(exc, wasmtime.WasmtimeError):
        return InternalError(f"wasmtime: {exc}", details=details)
    return InternalError(f"host call failed: {exc!r}", details=details)


# Guest status -> error type name (guest/ABI.md, "Status codes").
_STATUS_TYPES = {
    "action_error": "action_error",
    "invalid_action": "invalid_action",
    "limit_exceeded": "limit_exceeded",
    "timeout": "timeout",
    "memory_limit": "memory_limit",
    "invalid_input": "invalid_event",
    "internal": "internal",
}


# QuickJS's own recursion limit throws this; uncaught, it is the contract's stack_overflow.
JS_STACK_OVERFLOW = ("RangeError", "Maximum call stack size exceeded")


def from_status(status: str, error: Any, details: FaultDetails) -> ExecutorError:
    """The error for a guest outcome whose status is not `ok`."""
    cls = ERROR_TYPES.get(_STATUS_TYPES.get(status, "internal"), InternalError)
    if not isinstance(error, dict):
        return cls(f"the guest reported {status}", details=details)
    name = str(error.get("name") or "")
    message = str(error.get("message") or "")
    if cls is ActionError and (name, message) == JS_STACK_OVERFLOW:
        return StackOverflow("the action recursed too deeply (Maximum call stack size "
                             "exceeded)", details=details)
    # JS errors read as Node prints them ("TypeError: x is not a function"); our own
    # statuses (limits, bad input) carry their whole message already.
    text = f"{name}: {message}" if name and cls in (ActionError, InvalidAction) else message
    return cls(text or status, details=details)
