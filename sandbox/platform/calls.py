"""The host end of `executor.platform_call` (guest/ABI.md): one platform call in, one answer out.

Same shape as `host_call`, and found the same way (the running execution's CallContext on
this thread), but answered by the platform's own handlers (services.METHODS), never by the
trigger. An answer larger than the guest's buffer is held here and handed over by the next
call, `answer.take`.
"""

from __future__ import annotations

from typing import Any

from sandbox import codec
from sandbox.errors import ActionFault, InternalError, LimitExceeded
from sandbox.hostcall import CallContext, current
from sandbox.hostfunc import CallerMemory
from sandbox.platform.services import METHODS, UNREPLAYABLE, Platform, PlatformCallError

MALFORMED = -1
TAKE = "answer.take"


def platform_call(memory: CallerMemory, req: int, req_len: int, resp: int, cap: int) -> int:
    """The imported function (sandbox.hostfunc). Limits and platform failures trap the guest."""
    ctx = current()
    platform = ctx.platform
    if platform is None:
        raise ctx.trap(InternalError("platform call without a platform"))
    if not (memory.holds(req, req_len) and memory.holds(resp, cap)):
        return MALFORMED
    request = memory.read(req, req_len)
    try:
        method, args = codec.unpack(request)
        if not (isinstance(method, str) and isinstance(args, list)):
            return MALFORMED
    except (codec.CodecError, ValueError, TypeError):
        return MALFORMED
    if method == TAKE:
        data = _take(platform)
    else:
        if platform.recording is not None:
            _record(platform, method, request)
        data = _answer(ctx, platform, method, args)
    if len(data) > cap:
        platform.held_answer = data
        return -len(data)
    memory.write(resp, data)
    return len(data)


def _record(platform: Platform, method: str, request: bytes) -> None:
    assert platform.recording is not None
    if method in UNREPLAYABLE:
        platform.replayable = False
    platform.recording.append(request)


def answer_recorded(platform: Platform, request: bytes) -> bytes:
    """The answer to a request recorded at compile time, given again for a snapshot's replay
    (no guest is running: a limit or a failure is an error answer).
    """
    try:
        method, args = codec.unpack(request)
        handler = METHODS[method]
        value = handler(platform, args)
    except PlatformCallError as exc:
        return codec.pack([False, str(exc)])
    return codec.pack([True] if value is None else [True, value])


def _take(platform: Platform) -> bytes:
    data, platform.held_answer = platform.held_answer, None
    return data if data is not None else codec.pack([False, "no answer is held"])


def _answer(ctx: CallContext, platform: Platform, method: str, args: list[Any]) -> bytes:
    platform.calls += 1
    if platform.calls > ctx.limits.platform_calls:
        raise ctx.trap(LimitExceeded(f"more than {ctx.limits.platform_calls} platform calls"))
    handler = METHODS.get(method)
    if handler is None:
        return codec.pack([False, f"platform method {method[:60]} does not exist"])
    try:
        value = handler(platform, args)
    except PlatformCallError as exc:
        return codec.pack([False, str(exc)])
    except ActionFault as exc:  # a limit the action went over (net_requests): it fails
        raise ctx.trap(exc) from None
    try:
        return codec.pack([True] if value is None else [True, value])
    except codec.CodecError as exc:
        raise ctx.trap(InternalError(f"the answer to {method} cannot be encoded: {exc}")) from exc
