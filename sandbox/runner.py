"""One call into a fresh instance: store, limits, instantiate, call, read, translate.

Every execution gets a new Store and instance; nothing is reused, so nothing an action
does (globals, prototypes, PRNG state, memory contents) can reach the next execution.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import wasmtime

from sandbox import codec, hostcall, traps
from sandbox.engine import Engine
from sandbox.errors import FaultDetails, InternalError, LimitExceeded, MemoryLimit, Report
from sandbox.hostcall import CallContext
from sandbox.limits import Limits


@dataclass(frozen=True)
class Instantiable:
    """A module ready to instantiate, and whether the raw reactor needs initializing."""

    pre: wasmtime.InstancePre
    needs_init: bool = False


@dataclass(frozen=True)
class RawOutcome:
    """A guest's outcome map, what the host answered, and what it cost."""

    message: dict[str, Any]
    context: CallContext
    report: Report


def call_guest(
    engine: Engine, target: Instantiable, export: str, payload: bytes, ctx: CallContext
) -> RawOutcome:
    """Runs `export(ptr, len)` on `payload` in a fresh instance and decodes its outcome."""
    limits = ctx.limits
    store = wasmtime.Store(engine.wasm)
    store.set_wasi(wasmtime.WasiConfig())  # no args, env, preopens; empty stdin
    store.set_limits(memory_size=limits.memory_bytes)
    store.set_fuel(limits.fuel)
    store.set_epoch_deadline(engine.deadline_ticks(limits.timeout_ms))
    started = time.perf_counter()
    try:
        instance = target.pre.instantiate(store)
    except wasmtime.WasmtimeError as exc:
        raise MemoryLimit(f"the action cannot start within its memory limit: {exc}") from exc
    exports = instance.exports(store)
    memory = exports["memory"]
    assert isinstance(memory, wasmtime.Memory)
    ctx.memory = memory
    packed = _enter(store, exports, export, payload, ctx, target.needs_init, started)
    out_ptr, out_len = (packed >> 32) & 0xFFFFFFFF, packed & 0xFFFFFFFF
    report = _report(store, memory, limits, started)
    if out_len > limits.output_bytes:
        raise LimitExceeded(f"outcome of {out_len} bytes is over the cap",
                            details=FaultDetails(report=report))
    if packed == 0:
        raise InternalError("the guest could not build an outcome",
                            details=FaultDetails(report=report))
    try:
        message = codec.unpack(memory.read(store, out_ptr, out_ptr + out_len))
    except codec.CodecError as exc:
        raise InternalError(str(exc), details=FaultDetails(report=report)) from exc
    if not isinstance(message, dict):
        raise InternalError("the guest's outcome is not a map", details=FaultDetails(report=report))
    return RawOutcome(message, ctx, report)


def _enter(
    store: wasmtime.Store,
    exports: Any,
    export: str,
    payload: bytes,
    ctx: CallContext,
    needs_init: bool,
    started: float,
) -> int:
    memory = ctx.memory
    assert memory is not None
    hostcall.bind(ctx)
    try:
        if needs_init:
            exports["_initialize"](store)
        ptr = exports["exec_alloc"](store, len(payload))
        if not ptr:
            raise MemoryLimit("the guest could not allocate its input")
        memory.write(store, payload, ptr)
        result = exports[export](store, ptr, len(payload))
        if not isinstance(result, int):
            raise InternalError(f"{export} returned {result!r}")
        return result
    except Exception as exc:
        details = FaultDetails(report=_report(store, memory, ctx.limits, started))
        raise traps.from_trap(ctx.fault or exc, ctx.limits, memory.data_len(store),
                              details) from exc
    finally:
        hostcall.bind(None)


def _report(store: wasmtime.Store, memory: wasmtime.Memory, limits: Limits, started: float) -> Report:
    return Report(
        fuel=limits.fuel - store.get_fuel(),
        memory_bytes=memory.data_len(store),
        wall_ms=(time.perf_counter() - started) * 1000,
    )
