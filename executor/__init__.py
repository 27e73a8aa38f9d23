"""The action executor: Auth0's password-reset-post-challenge actions, sandboxed.

from executor import Executor, Action
ex = Executor()                                   # embedded store on local disk
result = ex.run([Action(name="a", code=src)], event, tenant="t1")
result.status, result.state, result.to_dict()
result = ex.resume(result.state, request={...})
"""

from executor.action import Action
from executor.effects import FACTOR_TYPES
from executor.errors import (
    ActionError,
    ActionFault,
    ExecutorError,
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
from executor.event import TRIGGER
from executor.executor import Executor
from executor.flow import FlowSettings
from executor.result import ActionReport, Result
from sandbox.limits import Limits

__all__ = [
    "FACTOR_TYPES",
    "TRIGGER",
    "Action",
    "ActionError",
    "ActionFault",
    "ActionReport",
    "Executor",
    "ExecutorError",
    "FlowSettings",
    "FuelExhausted",
    "InputError",
    "InternalError",
    "InvalidAction",
    "InvalidEvent",
    "InvalidState",
    "LimitExceeded",
    "Limits",
    "MemoryLimit",
    "NoValidFactor",
    "PlatformFault",
    "Result",
    "StackOverflow",
    "StoreUnavailable",
    "Timeout",
]
