"""The C-API fast path (sandbox.capi) behaves as wasmtime-py's public API does."""

from __future__ import annotations

import pytest
import wasmtime

from sandbox import Sandbox
from sandbox.capi import Guest, check_signatures
from sandbox.errors import InvalidAction

WAT = """(module
  (memory (export "memory") 1)
  (func (export "exec_abi_version") (result i32) i32.const 1)
  (func (export "exec_alloc") (param i32) (result i32) i32.const 1024)
  (func (export "exec_run") (param i32 i32) (result i64)
    (i64.or (i64.shl (i64.extend_i32_u (local.get 0)) (i64.const 32))
            (i64.extend_i32_u (local.get 1))))
  (func (export "spin") (loop (br 0)))
  (func (export "boom") unreachable))
"""


@pytest.fixture
def engine(sb: Sandbox) -> wasmtime.Engine:
    """The product's engine (fuel, epochs, pooling)."""
    return sb.engine.wasm


def _instance(engine: wasmtime.Engine, fuel: int = 10_000) -> tuple[wasmtime.Store, Guest,
                                                                     wasmtime.Instance]:
    store = wasmtime.Store(engine)
    store.set_fuel(fuel)
    store.set_epoch_deadline(1_000_000)
    instance = wasmtime.Instance(store, wasmtime.Module(engine, WAT), [])
    return store, Guest(store, instance), instance


def test_call_matches_public_api(engine: wasmtime.Engine) -> None:
    """An i64 result packed from two i32 arguments is the same through both paths."""
    store, guest, instance = _instance(engine)
    public = instance.exports(store)["exec_run"]
    assert isinstance(public, wasmtime.Func)
    assert guest.call("exec_run", 7, 9) == public(store, 7, 9) == (7 << 32) | 9


def test_memory_read_write_round_trip_and_bounds(engine: wasmtime.Engine) -> None:
    """Writes land where the public Memory sees them, and out-of-bounds access raises."""
    store, guest, instance = _instance(engine)
    guest.write(100, b"hello")
    memory = instance.exports(store)["memory"]
    assert isinstance(memory, wasmtime.Memory)
    assert bytes(memory.read(store, 100, 105)) == b"hello" == guest.read(100, 5)
    with pytest.raises(IndexError):
        guest.write(65536 - 2, b"abc")
    with pytest.raises(IndexError):
        guest.read(-1, 4)


def test_traps_surface_as_wasmtime_traps(engine: wasmtime.Engine) -> None:
    """Fuel exhaustion and unreachable raise wasmtime.Trap with their trap codes."""
    _, guest, _ = _instance(engine)
    with pytest.raises(wasmtime.Trap) as fuel:
        guest.call("spin")
    assert fuel.value.trap_code == wasmtime.TrapCode.OUT_OF_FUEL
    _, guest, _ = _instance(engine)
    with pytest.raises(wasmtime.Trap) as boom:
        guest.call("boom")
    assert boom.value.trap_code == wasmtime.TrapCode.UNREACHABLE


def test_missing_export_is_a_key_error(engine: wasmtime.Engine) -> None:
    """Calling an export the module does not have raises KeyError, not a crash."""
    _, guest, _ = _instance(engine)
    assert not guest.has("nope")
    with pytest.raises(KeyError):
        guest.call("nope")


def test_wrong_signatures_are_refused_before_any_unchecked_call(sb: Sandbox) -> None:
    """A module whose ABI exports have other types never reaches the unchecked call path."""
    bad = WAT.replace('(func (export "exec_run") (param i32 i32) (result i64)',
                      '(func (export "exec_run") (param i32) (result i64)')
    bad = bad.replace("(local.get 1)", "(i32.const 0)")
    assert check_signatures(wasmtime.Module(sb.engine.wasm, bad))
    with pytest.raises(InvalidAction, match="exec_run"):
        sb.load_module(wasmtime.wat2wasm(bad))
