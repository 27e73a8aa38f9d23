"""The host end of `executor.host_call`: one api call in, one answer out.

wasmtime calls the Python function on the thread that entered the guest, so the running
execution is found through a thread-local rather than per-store closures (those would
defeat `InstancePre`, which needs every import defined before any store exists).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sandbox import codec
from sandbox.errors import ExecutorError, LimitExceeded
from sandbox.hostfunc import CallerMemory
from sandbox.limits import Limits

if TYPE_CHECKING:
    from sandbox.platform import Platform


MALFORMED = -1
TOO_LARGE = -2
MAX_DEPTH = 64
"""How deeply the JS runtime nests one argument (guest/runtime/codec.c): a request whose
arguments go deeper is malformed, so that no handler recurses without bound on a raw guest's
message."""


class ApiError(Exception):
    """Raised by a host handler to make the guest's api call throw `Error(message)`."""


HostHandler = Callable[[str, list[Any]], Any]
"""Answers one api call: `(method, args) -> value`; raises ApiError to throw in the guest."""


def refuse_all(method: str, args: list[Any]) -> Any:
    """The default handler: every api call that needs an answer throws."""
    raise ApiError(f"{method} is not available here")


@dataclass(frozen=True)
class ApiCall:
    """One api call of an execution: answered by the host now, or recorded for later."""

    seq: int
    method: str
    args: tuple[Any, ...]
    answered: bool = False
    answer: Any = None
    error: str | None = None


@dataclass
class CallContext:
    """The running execution, as host_call sees it."""

    handler: HostHandler
    limits: Limits
    calls: list[ApiCall] = field(default_factory=list)
    fault: ExecutorError | None = None  # set when host_call traps the guest on purpose
    platform: Platform | None = None  # answers platform_call; None for raw-ABI guests

    def trap(self, error: ExecutorError) -> ExecutorError:
        """Remembers `error` as the reason the guest is being trapped, and returns it."""
        self.fault = error
        return error

    def take_fault(self) -> ExecutorError:
        """The fault, forgotten here, and without the traceback it collected in the guest
        call: those frames hold the instance, and with the fault held by them too (this
        context is in them) the cycle kept the instance's pooled slot until a garbage
        collection.
        """
        fault, self.fault = self.fault, None
        assert fault is not None
        return fault.with_traceback(None)


_current = threading.local()


def bind(context: CallContext | None) -> None:
    """Makes `context` the target of host calls made on this thread."""
    _current.context = context


def current() -> CallContext:
    """The execution running on this thread (host functions are called on it)."""
    ctx: CallContext | None = getattr(_current, "context", None)
    if ctx is None:
        raise RuntimeError("host call outside an execution")
    return ctx


def host_call(memory: CallerMemory, req: int, req_len: int, resp: int, cap: int) -> int:
    """The imported function (sandbox.hostfunc): decode, answer, encode. Limits trap the guest."""
    ctx = current()
    if len(ctx.calls) >= ctx.limits.host_calls:
        raise ctx.trap(LimitExceeded(f"more than {ctx.limits.host_calls} host calls"))
    if req_len > ctx.limits.call_bytes:
        raise ctx.trap(LimitExceeded(f"host call of {req_len} bytes is over the cap"))
    if not (memory.holds(req, req_len) and memory.holds(resp, cap)):
        return MALFORMED  # a buffer outside the guest's memory: refused before anything runs
    try:
        message = codec.unpack(memory.read(req, req_len))
        seq, method, args = message
        if not (isinstance(seq, int) and isinstance(method, str) and isinstance(args, list)
                and all(_nesting(arg) <= MAX_DEPTH + 1 for arg in args)):
            return MALFORMED
    except (codec.CodecError, ValueError, TypeError):
        return MALFORMED
    answer = _answer(ctx, seq, method, args)
    try:
        data = codec.pack(answer)
    except codec.CodecError:  # e.g. a token's claim beyond 64-bit integers
        data = codec.pack([False, f"the answer to {method} cannot be encoded"])
    if len(data) > cap:
        data = codec.pack([False, f"the answer to {method} is too large"])
        if len(data) > cap:
            return TOO_LARGE
    memory.write(resp, data)
    return len(data)


def _answer(ctx: CallContext, seq: int, method: str, args: list[Any]) -> list[Any]:
    try:
        value = ctx.handler(method, args)
    except ApiError as exc:
        ctx.calls.append(ApiCall(seq, method, tuple(args), answered=True, error=str(exc)))
        return [False, str(exc)]
    except ExecutorError as exc:
        ctx.trap(exc)  # e.g. the store went away: the execution fails
        raise
    ctx.calls.append(ApiCall(seq, method, tuple(args), answered=True, answer=value))
    return [True] if value is None else [True, value]


def _nesting(value: Any) -> int:
    """How many containers deep `value` goes (iteratively: the value may be hostile)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, list | dict):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH + 1:
                break
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest
