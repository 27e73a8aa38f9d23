"""The wasmtime sandbox: engine, compiled-module cache, limits and the host side of the ABI.

from sandbox import Sandbox, Limits
sb = Sandbox()
program = sb.load_action("exports.onExecutePostChallenge = async (e, api) => {}")
outcome = sb.execute(program, {"user": {}}, host=my_handler, limits=Limits(fuel=10**8))
"""

from sandbox.engine import Engine, EngineSettings, default_engine
from sandbox.errors import (
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
    Report,
    RequestRecord,
    StackOverflow,
    StoreUnavailable,
    Timeout,
)
from sandbox.hostcall import ApiCall, ApiError, HostHandler
from sandbox.limits import Limits
from sandbox.platform.egress import EgressPolicy, HostRule
from sandbox.program import CacheSettings, Program
from sandbox.sandbox import Outcome, Sandbox

__all__ = [
    "ActionError",
    "ActionFault",
    "ApiCall",
    "ApiError",
    "CacheSettings",
    "EgressPolicy",
    "Engine",
    "EngineSettings",
    "ExecutorError",
    "FaultDetails",
    "FuelExhausted",
    "HostHandler",
    "HostRule",
    "InputError",
    "InternalError",
    "InvalidAction",
    "InvalidEvent",
    "InvalidState",
    "LimitExceeded",
    "Limits",
    "MemoryLimit",
    "NoValidFactor",
    "Outcome",
    "PlatformFault",
    "Program",
    "Report",
    "RequestRecord",
    "Sandbox",
    "StackOverflow",
    "StoreUnavailable",
    "Timeout",
    "default_engine",
]
