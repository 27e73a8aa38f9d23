"""What wasmtime-py does not wrap publicly: the pooling allocator and a fast call path.

Both go straight to wasmtime's C API through wasmtime-py's own ctypes bindings. wasmtime is
pinned to one major version in pyproject.toml because these bindings are not public API;
tests/test_capi.py pins the behaviour against the public path.

Fast calls. wasmtime-py's public `Func.__call__` re-reads the function type and converts
every value on each call, and `Instance.exports` wraps every export: about half the time of
an execution of a small action. Here an export is looked up by name and called with
`wasmtime_func_call_unchecked` on raw values. That call trusts the signature, so a module is
only ever called through this after `check_signatures` confirmed its exports' types
(program.py does so at load time).

Pooling. A fresh instance of a snapshot otherwise pays a copy-on-write page fault for each
page of the image it touches (about 40 for a small action: 100 us of a 130 us run). The
pooling allocator with `linear_memory_keep_resident` resets a finished instance's memory in
place, to the exact initial image, so the next instance of the module starts on resident pages.
"""

from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass
from typing import Any

import wasmtime
from wasmtime import _ffi as ffi
from wasmtime import _func

EXPECTED = {
    "exec_alloc": ([wasmtime.ValType.i32()], [wasmtime.ValType.i32()]),
    "exec_run": ([wasmtime.ValType.i32()] * 2, [wasmtime.ValType.i64()]),
    "exec_compile": ([wasmtime.ValType.i32()] * 2, [wasmtime.ValType.i64()]),
    "exec_abi_version": ([], [wasmtime.ValType.i32()]),
    "exec_input_buffer": ([], [wasmtime.ValType.i64()]),
    "_initialize": ([], []),
}


@dataclass(frozen=True)
class PoolSettings:
    """Pooling allocator sizes: slots bound concurrent instances in the process.

    A finished instance's slot stays warm (its memory resident, up to `keep_resident_bytes`)
    for the next instance of the same module; `warm_slots` bounds how many idle slots stay
    warm, and so the memory the pool holds beyond running instances (at most
    warm_slots x keep_resident_bytes). wasmtime's default (100) let a worker that had run
    many distinct snapshots hold ~8 MiB per snapshot.
    """

    slots: int = 256
    max_memory_bytes: int = 256 * 1024 * 1024
    keep_resident_bytes: int = 8 * 1024 * 1024
    warm_slots: int = 16


def enable_pooling(config: wasmtime.Config, pool: PoolSettings) -> None:
    """Switches `config` to the pooling instance allocator."""
    pc = ffi.wasmtime_pooling_allocation_config_new()
    try:
        ffi.wasmtime_pooling_allocation_config_total_memories_set(pc, pool.slots)
        ffi.wasmtime_pooling_allocation_config_total_core_instances_set(pc, pool.slots)
        ffi.wasmtime_pooling_allocation_config_total_tables_set(pc, pool.slots)
        ffi.wasmtime_pooling_allocation_config_max_memory_size_set(pc, pool.max_memory_bytes)
        ffi.wasmtime_pooling_allocation_config_linear_memory_keep_resident_set(
            pc, pool.keep_resident_bytes
        )
        ffi.wasmtime_pooling_allocation_config_max_unused_warm_slots_set(pc, pool.warm_slots)
        ffi.wasmtime_pooling_allocation_strategy_set(config.ptr(), pc)
    finally:
        ffi.wasmtime_pooling_allocation_config_delete(pc)


def check_signatures(module: wasmtime.Module) -> list[str]:
    """Problems with the module's ABI exports (empty when it can be called unchecked)."""
    problems = []
    for export in module.exports:
        expected = EXPECTED.get(export.name)
        ty = export.type
        if expected is None:
            if export.name == "memory" and not isinstance(ty, wasmtime.MemoryType):
                problems.append("memory is not a memory")
            continue
        if not isinstance(ty, wasmtime.FuncType):
            problems.append(f"{export.name} is not a function")
        elif (list(ty.params), list(ty.results)) != (expected[0], expected[1]):
            problems.append(f"{export.name} has type {ty.params} -> {ty.results}")
    return problems


_thread = threading.local()


def note_host_exception(exc: BaseException) -> None:
    """Remember `exc`, which a host function is raising on this thread, for `Guest.call`.

    wasmtime-py passes a host function's exception to the caller of the guest through one
    process-global variable (`_func.LAST_EXCEPTION`). A trap on another thread can take it
    first and raise it as its own: a fuel-exhausted execution then failed with another
    tenant's error, and the tenant whose host call raised saw a bare trap. Every host
    function of this package (sandbox.hostfunc) notes its exception here instead.
    """
    _thread.host_exception = exc


def _raise_host_exception() -> None:
    """Raise what a host function raised on this thread during the call, if anything."""
    exc = getattr(_thread, "host_exception", None)
    if not isinstance(exc, BaseException):
        return
    _thread.host_exception = None
    pending: object = _func.LAST_EXCEPTION
    if pending is exc:
        _func.LAST_EXCEPTION = None  # left there, wasmtime-py would raise it again elsewhere
    raise exc


class Guest:
    """One instance's exports, callable without wasmtime-py's per-call type handling."""

    __slots__ = ("_ctx", "_instance", "_memory", "store")

    def __init__(self, store: wasmtime.Store, instance: wasmtime.Instance) -> None:
        self.store = store
        self._ctx = store._context()
        self._instance = instance._instance
        self._memory = self._export("memory").of.memory

    def _export(self, name: str) -> Any:
        item = ffi.wasmtime_extern_t()
        raw = name.encode()
        if not ffi.wasmtime_instance_export_get(
            self._ctx, ctypes.byref(self._instance), raw, len(raw), ctypes.byref(item)
        ):
            raise KeyError(name)
        return item

    def has(self, name: str) -> bool:
        """Whether the instance exports `name`."""
        try:
            self._export(name)
        except KeyError:
            return False
        return True

    def call(self, name: str, *args: int) -> int:
        """Calls an i32-argument export; returns its first result (0 when it has none).

        Traps surface as wasmtime.Trap, errors as wasmtime.WasmtimeError, and a Python
        exception raised by a host function on this thread (see `note_host_exception`) as
        itself, as with the public API.
        """
        func = self._export(name).of.func
        raw = (ffi.wasmtime_val_raw_t * max(1, len(args)))()
        for i, arg in enumerate(args):
            raw[i].i32 = arg
        trap = ctypes.POINTER(ffi.wasm_trap_t)()
        error = ffi.wasmtime_func_call_unchecked(
            self._ctx, ctypes.byref(func), raw, len(raw), ctypes.byref(trap)
        )
        if not (trap or error):
            return int(raw[0].i64)
        exc: Exception = (wasmtime.Trap._from_ptr(trap) if trap
                          else wasmtime.WasmtimeError._from_ptr(error))
        try:
            _raise_host_exception()
            raise exc
        finally:
            # The exception's traceback holds this frame, and so the instance (and its
            # pooled slot): a reference back from the frame would make a cycle that only
            # the garbage collector breaks.
            del exc

    def _base(self) -> int:
        ptr = ffi.wasmtime_memory_data(self._ctx, ctypes.byref(self._memory))
        return ctypes.addressof(ptr.contents)

    def memory_size(self) -> int:
        """Linear memory size in bytes."""
        return int(ffi.wasmtime_memory_data_size(self._ctx, ctypes.byref(self._memory)))

    def write(self, ptr: int, data: bytes) -> None:
        """Copies `data` into guest memory at `ptr`, bounds-checked."""
        if ptr < 0 or ptr + len(data) > self.memory_size():
            raise IndexError("write outside guest memory")
        ctypes.memmove(self._base() + ptr, data, len(data))

    def read(self, ptr: int, length: int) -> bytes:
        """Copies `length` bytes out of guest memory at `ptr`, bounds-checked."""
        if ptr < 0 or length < 0 or ptr + length > self.memory_size():
            raise IndexError("read outside guest memory")
        return ctypes.string_at(self._base() + ptr, length)
