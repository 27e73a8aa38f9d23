"""The host end of `executor.platform_call` (guest/ABI.md): one platform call in, one answer out.

Same shape as `host_call`, and found the same way (the running execution's CallContext on
this thread), but answered by the platform's own handlers (services.METHODS), never by the
trigger. An answer larger than the guest's buffer is held here and handed over by the next
call, `answer.take`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import wasmtime

from sandbox import capi, codec
from sandbox.errors import ActionFault, InternalError, LimitExceeded
from sandbox.platform.services import METHODS, UNREPLAYABLE, Platform, PlatformCallError

if TYPE_CHECKING:
    from sandbox.hostcall import CallContext

MALFORMED = -1
U32 = 0xFFFFFFFF
TAKE = "answer.take"


def platform_call(caller: wasmtime.Caller, req: int, req_len: int, resp: int, cap: int) -> int:
    """The imported function. Limits and platform failures trap the guest."""
    try:
        return _platform_call(caller, req, req_len, resp, cap)
    except BaseException as exc:
        capi.note_host_exception(exc)  # see capi.note_host_exception
        raise


def _platform_call(caller: wasmtime.Caller, req: int, req_len: int, resp: int, cap: int) -> int:
    from sandbox.hostcall import current  # noqa: PLC0415 - hostcall imports this module

    ctx = current()
    platform = ctx.platform
    if platform is None:
        raise ctx.trap(InternalError("platform call without a platform"))
    memory = caller["memory"]
    assert isinstance(memory, wasmtime.Memory)
    req, req_len, resp, cap = (v & U32 for v in (req, req_len, resp, cap))
    size = memory.data_len(caller)
    if req + req_len > size or resp + cap > size:
        return MALFORMED
    try:
        message = codec.unpack(memory.read(caller, req, req + req_len))
        method, args = message
        if not (isinstance(method, str) and isinstance(args, list)):
            return MALFORMED
    except (codec.CodecError, ValueError, TypeError):
        return MALFORMED
    if method == TAKE:
        data = _take(platform)
    else:
        _record(platform, method, bytes(memory.read(caller, req, req + req_len)))
        data = _answer(ctx, platform, method, args)
    if len(data) > cap:
        platform.held_answer = data
        return -len(data)
    memory.write(caller, data, resp)
    return len(data)


def _record(platform: Platform, method: str, request: bytes) -> None:
    if platform.recording is None:
        return
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
