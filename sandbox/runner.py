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
from sandbox.capi import Guest
from sandbox.engine import Engine
from sandbox.errors import FaultDetails, InternalError, LimitExceeded, MemoryLimit, Report
from sandbox.hostcall import CallContext


@dataclass(frozen=True)
class Instantiable:
    """A module ready to instantiate, and whether the raw reactor needs initializing."""

    pre: wasmtime.InstancePre
    needs_init: bool = False
    input_buffer: tuple[int, int] | None = None  # (ptr, cap) from exec_input_buffer


PROBE_FUEL = 100_000


def probe_input_buffer(engine: Engine, pre: wasmtime.InstancePre) -> tuple[int, int] | None:
    """Asks a throwaway instance where its static input buffer is (guest/ABI.md)."""
    store = wasmtime.Store(engine.wasm)
    store.set_wasi(wasmtime.WasiConfig())
    store.set_fuel(PROBE_FUEL)
    store.set_epoch_deadline(engine.deadline_ticks(1000))
    guest = Guest(store, pre.instantiate(store))
    if not guest.has("exec_input_buffer"):
        return None
    try:
        packed = guest.call("exec_input_buffer")
    except (wasmtime.Trap, wasmtime.WasmtimeError):
        return None
    return (packed >> 32) & 0xFFFFFFFF, packed & 0xFFFFFFFF


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
        guest = Guest(store, target.pre.instantiate(store))
    except wasmtime.WasmtimeError as exc:
        if "concurrent" in str(exc):  # the pooling allocator is out of slots
            raise InternalError(f"too many executions at once in this process: {exc}") from exc
        raise MemoryLimit(f"the action cannot start within its memory limit: {exc}") from exc
    packed = _enter(guest, export, payload, ctx, target=target, started=started)
    out_ptr, out_len = (packed >> 32) & 0xFFFFFFFF, packed & 0xFFFFFFFF
    report = _report(guest, ctx, started)
    if packed == 0:
        raise InternalError("the guest could not build an outcome",
                            details=FaultDetails(report=report))
    if out_len > ctx.limits.output_bytes:
        raise LimitExceeded(f"outcome of {out_len} bytes is over the cap",
                            details=FaultDetails(report=report))
    try:
        message = codec.unpack(guest.read(out_ptr, out_len))
    except (codec.CodecError, IndexError) as exc:
        raise InternalError(f"unreadable outcome: {exc}",
                            details=FaultDetails(report=report)) from exc
    if not isinstance(message, dict):
        raise InternalError("the guest's outcome is not a map", details=FaultDetails(report=report))
    return RawOutcome(message, ctx, report)


def _enter(guest: Guest, export: str, payload: bytes, ctx: CallContext, *,
           target: Instantiable, started: float) -> int:
    hostcall.bind(ctx)
    try:
        if target.needs_init:
            guest.call("_initialize")
        if target.input_buffer and len(payload) <= target.input_buffer[1]:
            ptr = target.input_buffer[0]
        else:
            ptr = guest.call("exec_alloc", len(payload)) & 0xFFFFFFFF
            if not ptr:
                raise MemoryLimit("the guest could not allocate its input")
        guest.write(ptr, payload)
        return guest.call(export, ptr, len(payload))
    except Exception as exc:
        details = FaultDetails(report=_report(guest, ctx, started))
        ctx.fault = traps.from_trap(ctx.fault or exc, ctx.limits, guest.memory_size(), details)
    finally:
        hostcall.bind(None)
    # Raised out here and from no variable of this frame: its traceback holds this frame
    # (and so the instance and its pooled slot). Raised inside the except block, the frame
    # also held the trap (`exc`), a cycle only the garbage collector breaks; a few hundred
    # failed executions between two collections took every slot ("too many executions").
    raise ctx.take_fault()


def _report(guest: Guest, ctx: CallContext, started: float) -> Report:
    return Report(
        fuel=ctx.limits.fuel - guest.store.get_fuel(),
        memory_bytes=guest.memory_size(),
        wall_ms=(time.perf_counter() - started) * 1000,
        requests=ctx.platform.requests() if ctx.platform is not None else (),
    )
