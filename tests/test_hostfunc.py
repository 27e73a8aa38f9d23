"""Host functions through the C API (sandbox.hostfunc) behave as wasmtime-py's public ones do."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
import wasmtime

from sandbox import Sandbox, hostfunc
from sandbox.capi import Guest, note_host_exception
from sandbox.hostfunc import CallerMemory

U32 = 0xFFFFFFFF
WAT = """(module
  (import "t" "f" (func $f (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "run") (param i32 i32 i32 i32) (result i64)
    (i64.extend_i32_s (call $f (local.get 0) (local.get 1) (local.get 2) (local.get 3))))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
"""


def reverse_into(read: Callable[[int, int], bytes], write: Callable[[int, bytes], None],
                 *args: int) -> int:
    """What both definitions do with (a, b, c, d): copy `b` bytes at `a` to `c`, reversed;
    answer -(b + d).
    """
    a, b, c, d = args
    write(c, read(a, b)[::-1])
    return -(b + d)


def public(caller: wasmtime.Caller, a: int, b: int, c: int, d: int) -> int:
    """Through wasmtime-py's Caller and Memory, as the sandbox's host functions were: signed
    arguments made unsigned, an exception noted for Guest.call.
    """
    memory = caller["memory"]
    assert isinstance(memory, wasmtime.Memory)
    try:
        return reverse_into(lambda p, n: bytes(memory.read(caller, p, p + n)),
                            lambda p, data: memory.write(caller, data, p) and None,
                            a & U32, b & U32, c & U32, d & U32)
    except BaseException as exc:
        note_host_exception(exc)
        raise


def ours(memory: CallerMemory, a: int, b: int, c: int, d: int) -> int:
    """Through sandbox.hostfunc's CallerMemory."""
    return reverse_into(memory.read, memory.write, a, b, c, d)


def instance(engine: wasmtime.Engine, define: Callable[[wasmtime.Linker], None]) -> Guest:
    """A fresh instance of WAT whose import `t.f` is defined by `define`."""
    linker = wasmtime.Linker(engine)
    define(linker)
    store = wasmtime.Store(engine)
    store.set_fuel(1_000_000)
    store.set_epoch_deadline(1_000_000)
    return Guest(store, linker.instantiate(store, wasmtime.Module(engine, WAT)))


def both(engine: wasmtime.Engine) -> tuple[Guest, Guest]:
    """One instance defined each way."""
    ty = wasmtime.FuncType([wasmtime.ValType.i32()] * 4, [wasmtime.ValType.i32()])
    return (instance(engine, lambda ln: ln.define_func("t", "f", ty, public, access_caller=True)),
            instance(engine, lambda ln: hostfunc.define(ln, "t", "f", ours)))


@pytest.fixture
def engine(sb: Sandbox) -> wasmtime.Engine:
    """The product's engine (fuel, epochs, pooling)."""
    return sb.engine.wasm


def test_arguments_memory_and_result_match_the_public_api(engine: wasmtime.Engine) -> None:
    """The same call reads and writes the same bytes and returns the same i32 both ways."""
    guests = both(engine)
    for guest in guests:
        guest.write(100, b"hello, world")
    results = [g.call("run", 100, 12, 2000, 7) for g in guests]
    assert results[0] & U32 == results[1] & U32 == (-19) & U32
    assert guests[0].read(2000, 12) == guests[1].read(2000, 12) == b"dlrow ,olleh"


def test_arguments_are_unsigned(engine: wasmtime.Engine) -> None:
    """An argument with the high bit set arrives as a large unsigned value, not a negative one."""
    seen: list[tuple[int, ...]] = []

    def spy(memory: CallerMemory, a: int, b: int, c: int, d: int) -> int:
        seen.append((a, b, c, d))
        return 0

    guest = instance(engine, lambda ln: hostfunc.define(ln, "t", "f", spy))
    guest.call("run", -1, -2, 0x7FFFFFFF, 0)
    assert seen == [(0xFFFFFFFF, 0xFFFFFFFE, 0x7FFFFFFF, 0)]


def test_outside_the_memory_is_refused_and_the_exception_reaches_the_caller(
        engine: wasmtime.Engine) -> None:
    """A write past the end raises IndexError in the host function, and the guest's caller.

    The guest traps and its caller sees that IndexError, as with the public API. A read
    past the end is refused here too (the public Memory.read cuts it short instead).
    """
    for guest in both(engine):
        with pytest.raises(IndexError):
            guest.call("run", 0, 8, 65536 - 4, 0)
    with pytest.raises(IndexError):
        both(engine)[1].call("run", 65536 - 4, 8, 0, 0)


def test_memory_grown_by_the_guest_is_reachable(engine: wasmtime.Engine) -> None:
    """The memory's base and size are read at each call: pages the guest grew are in bounds."""
    for guest in both(engine):
        assert guest.call("grow", 1) & U32 == 1
        guest.write(70000, b"abc")
        assert guest.call("run", 70000, 3, 80000, 0) & U32 == (-3) & U32
        assert guest.read(80000, 3) == b"cba"


def test_each_call_sees_its_own_instance_memory(engine: wasmtime.Engine) -> None:
    """Two instances of one linker, from two threads at once, each read their own memory."""
    linker = wasmtime.Linker(engine)
    hostfunc.define(linker, "t", "f", ours)
    module = wasmtime.Module(engine, WAT)
    failures: list[Any] = []

    def run(tag: bytes) -> None:
        store = wasmtime.Store(engine)
        store.set_fuel(10_000_000)
        store.set_epoch_deadline(1_000_000)
        guest = Guest(store, linker.instantiate(store, module))
        guest.write(0, tag * 8)
        for _ in range(2000):
            guest.call("run", 0, 8, 100, 0)
            if guest.read(100, 8) != tag * 8:
                failures.append(tag)
                return

    threads = [threading.Thread(target=run, args=(t,)) for t in (b"a", b"b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_a_module_without_memory_sees_an_empty_one(engine: wasmtime.Engine) -> None:
    """A caller that exports no memory gets a zero-sized view: every access is refused."""
    sizes: list[int] = []

    def size(memory: CallerMemory, a: int, b: int, c: int, d: int) -> int:
        sizes.append(memory.size)
        return 0 if memory.holds(0, 0) and not memory.holds(0, 1) else 1

    no_memory = WAT.replace('(memory (export "memory") 1)', "(memory 1)")
    linker = wasmtime.Linker(engine)
    hostfunc.define(linker, "t", "f", size)
    store = wasmtime.Store(engine)
    store.set_fuel(100_000)
    store.set_epoch_deadline(1_000_000)
    run = linker.instantiate(store, wasmtime.Module(engine, no_memory)).exports(store)["run"]
    assert isinstance(run, wasmtime.Func)
    assert run(store, 0, 0, 0, 0) == 0
    assert sizes == [0]


def test_an_import_of_another_type_does_not_link(engine: wasmtime.Engine) -> None:
    """The callback trusts its four i32 slots: a module importing the function with another
    signature is refused when it links, before any call.
    """
    linker = wasmtime.Linker(engine)
    hostfunc.define(linker, "t", "f", ours)
    for signature in ("(param i32) (result i32)", "(param i64 i64 i64 i64) (result i32)",
                      "(param i32 i32 i32 i32)"):
        module = wasmtime.Module(engine, f'(module (import "t" "f" (func {signature})))')
        with pytest.raises(wasmtime.WasmtimeError, match="incompatible import type"):
            linker.instantiate_pre(module)
