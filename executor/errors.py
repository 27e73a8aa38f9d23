"""The executor's errors: the one tree defined in sandbox.errors, re-exported here.

See sandbox/errors.py for the drawn tree; `error.type` strings are those of
shared/contract.md.
"""

from sandbox.errors import (
    ERROR_TYPES,
    ActionError,
    ActionFault,
    ExecutorError,
    FaultDetails,
    FuelExhausted,
    InputError,
    InternalError,
    InvalidAction,
    InvalidEvent,
    InvalidState,
    LimitExceeded,
    MemoryLimit,
    NoValidFactor,
    PlatformFault,
    StackOverflow,
    StoreUnavailable,
    Timeout,
)

__all__ = [
    "ERROR_TYPES",
    "ActionError",
    "ActionFault",
    "ExecutorError",
    "FaultDetails",
    "FuelExhausted",
    "InputError",
    "InternalError",
    "InvalidAction",
    "InvalidEvent",
    "InvalidState",
    "LimitExceeded",
    "MemoryLimit",
    "NoValidFactor",
    "PlatformFault",
    "StackOverflow",
    "StoreUnavailable",
    "Timeout",
]
