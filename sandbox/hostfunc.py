"""Host functions the guest imports, defined through wasmtime's C API without wasmtime-py's
per-call wrapping.

wasmtime-py's `Linker.define_func` wraps every call a guest makes: a `Caller` object, a
`Val` for each argument and for the result (each reading its type back through the C API),
and, to reach the guest's memory, an export looked up and wrapped by name and a `Memory`
whose every read, write and length is several more C calls. That was ~14 of the ~22 us a
platform call cost (python -m benchmarks.hostcalls). Here a function of the ABI's one shape,
`(i32, i32, i32, i32) -> i32`, is defined with `wasmtime_linker_define_func_unchecked`: the
callback gets the raw argument slots and the caller, finds the calling instance's memory
through the caller (so it is always the memory of the store making the call), and reads and
writes it with single copies. As with capi.py, these are wasmtime-py's own ctypes bindings
to the C API (wasmtime is pinned to one major version); tests/test_hostfunc.py pins the
behaviour against the public path.

A Python exception raised by the function traps the guest; the exception itself reaches the
caller of the guest through `capi.note_host_exception` (never wasmtime-py's process-global).
"""

from __future__ import annotations

import ctypes
import functools
import threading
from collections.abc import Callable
from typing import Any

import wasmtime
from wasmtime import _ffi as ffi

from sandbox import capi

U32 = 0xFFFFFFFF
_ARGS = ctypes.c_uint32 * 13
"""The four i32 arguments, one per 16-byte `wasmtime_val_raw_t` slot (the result goes back
into the first); read unsigned, as the ABI's pointers and lengths are."""
_MEMORY = ffi.WASMTIME_EXTERN_MEMORY.value
_OF = ffi.wasmtime_extern_t.of.offset
_TRAP_MESSAGE = b"host function raised"

# Plain C calls that neither block nor call back into Python: bound without releasing the
# GIL around each (the callback holds it throughout anyway).
_caller_context = ctypes.PYFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p)(
    ("wasmtime_caller_context", ffi.dll))
_caller_export_get = ctypes.PYFUNCTYPE(
    ctypes.c_bool, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p)(
    ("wasmtime_caller_export_get", ffi.dll))
_memory_data = ctypes.PYFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p)(
    ("wasmtime_memory_data", ffi.dll))
_memory_data_size = ctypes.PYFUNCTYPE(ctypes.c_size_t, ctypes.c_void_p, ctypes.c_void_p)(
    ("wasmtime_memory_data_size", ffi.dll))
_trap_new = ctypes.PYFUNCTYPE(ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t)(
    ("wasmtime_trap_new", ffi.dll))
_Callback = ctypes.CFUNCTYPE(ctypes.c_size_t, ctypes.c_void_p, ctypes.c_void_p,
                             ctypes.c_void_p, ctypes.c_size_t)
_NO_FINALIZER = ctypes.CFUNCTYPE(None, ctypes.c_void_p)(0)
"""NULL: the callbacks live as long as the process, so nothing is released with a linker."""


class CallerMemory:
    """The calling instance's linear memory, for the duration of one host call."""

    __slots__ = ("_base", "size")

    def __init__(self, base: int, size: int) -> None:
        self._base = base
        self.size = size

    def holds(self, ptr: int, length: int) -> bool:
        """Whether `length` bytes at `ptr` lie wholly inside the memory."""
        return ptr >= 0 and length >= 0 and ptr + length <= self.size

    def read(self, ptr: int, length: int) -> bytes:
        """A copy of `length` bytes at `ptr`; IndexError outside the memory."""
        if not self.holds(ptr, length):
            raise IndexError("read outside guest memory")
        return ctypes.string_at(self._base + ptr, length) if length else b""

    def write(self, ptr: int, data: bytes) -> None:
        """Copies `data` to `ptr`; IndexError outside the memory."""
        if not self.holds(ptr, len(data)):
            raise IndexError("write outside guest memory")
        if data:
            ctypes.memmove(self._base + ptr, data, len(data))


HostFunction = Callable[[CallerMemory, int, int, int, int], int]
"""`(memory, a, b, c, d) -> result`: the arguments unsigned, the result an i32 (a negative
one is sent as its two's complement)."""

_local = threading.local()


def _memory_of(caller: int) -> CallerMemory:
    """The memory the calling instance exports as `memory` (empty if it has none)."""
    item = getattr(_local, "item", None)
    if item is None:
        item = _local.item = ffi.wasmtime_extern_t()
    address = ctypes.addressof(item)
    if not _caller_export_get(caller, b"memory", 6, address) or item.kind != _MEMORY:
        return CallerMemory(0, 0)
    context = _caller_context(caller)
    memory = address + _OF
    return CallerMemory(_memory_data(context, memory) or 0, _memory_data_size(context, memory))


@functools.cache
def _callback(fn: HostFunction) -> Any:
    """The C callback that runs `fn`; made once per function and kept for the process (every
    linker that defines `fn` points at it).
    """

    def call(env: int | None, caller: int, raw: int, count: int) -> int:
        try:
            if count < 4:  # cannot happen for the type `define` gives it
                raise RuntimeError(f"host function called with {count} value slots")
            slots = _ARGS.from_address(raw)
            result = fn(_memory_of(caller), slots[0], slots[4], slots[8], slots[12])
            slots[0] = result & U32
            return 0
        except BaseException as exc:  # the guest traps; its caller raises exc (capi.Guest)
            capi.note_host_exception(exc)
            return int(_trap_new(_TRAP_MESSAGE, len(_TRAP_MESSAGE)) or 0)

    return _Callback(call)


def define(linker: wasmtime.Linker, module: str, name: str, fn: HostFunction) -> None:
    """Defines the import `module`.`name` as `(i32, i32, i32, i32) -> i32`, answered by `fn`."""
    # A new FuncType per linker: wasmtime ties one to the first engine it meets and aborts
    # the process when another engine uses it.
    ty = wasmtime.FuncType([wasmtime.ValType.i32()] * 4, [wasmtime.ValType.i32()])
    module_raw, name_raw = module.encode(), name.encode()
    callback = ctypes.cast(_callback(fn), ffi.wasmtime_func_unchecked_callback_t)
    error = ffi.wasmtime_linker_define_func_unchecked(
        linker.ptr(), ctypes.create_string_buffer(module_raw), len(module_raw),
        ctypes.create_string_buffer(name_raw), len(name_raw), ty.ptr(), callback, None,
        _NO_FINALIZER)
    if error:
        raise wasmtime.WasmtimeError._from_ptr(error)
