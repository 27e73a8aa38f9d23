"""Executions that trap over and over, alone and on several threads at once.

Each failed execution used to keep its instance (and its pooled slot, 256 per engine) in a
reference cycle until a garbage collection, so a tenant whose action runs out of fuel in a
loop took every slot from everyone ("too many executions at once", internal). And
wasmtime-py hands a host function's exception over through one process-global variable, so
a trap on one thread could fail with the error another thread's host call raised.
"""

from __future__ import annotations

import gc
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from sandbox import Limits, Program, Sandbox
from sandbox.errors import ExecutorError, NoValidFactor

SPIN = "exports.onExecutePostChallenge = async () => { while (true) {} };"
ASKS = "exports.onExecutePostChallenge = async (event, api) => { api.cache.get('k'); };"
SLOTS = 256
"""The engine's pooled instance slots (sandbox.capi.PoolSettings)."""
FUEL = Limits(fuel=2_000_000)


def refuse(method: str, args: list[Any]) -> Any:
    """A host whose every answer traps the guest with a typed error."""
    raise NoValidFactor("refused by the host")


@pytest.fixture
def no_gc() -> Iterator[None]:
    """Turn the cyclic garbage collector off: only reference counting frees instances."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()


def outcome(run: Callable[[], object]) -> str:
    """The error type an execution failed with ("ok" if it did not)."""
    try:
        run()
    except ExecutorError as err:
        return err.type
    return "ok"


def test_more_traps_than_slots_free_every_slot(sb: Sandbox, echo: Program,
                                               no_gc: None) -> None:
    """More fuel-exhausted and host-trapped executions in a row than there are slots, with
    no garbage collection: each fails as itself, and a normal action still runs.
    """
    spin, asks = sb.load_action(SPIN), sb.load_action(ASKS)
    fuel = Counter(outcome(lambda: sb.execute(spin, {}, limits=FUEL))
                   for _ in range(SLOTS + 50))
    host = Counter(outcome(lambda: sb.execute(asks, {}, host=refuse))
                   for _ in range(SLOTS + 50))
    assert fuel == {"fuel_exhausted": SLOTS + 50}
    assert host == {"no_valid_factor": SLOTS + 50}
    assert sb.execute(echo, {"ok": 1}).result == {"ok": 1}


def test_concurrent_traps_keep_their_own_errors(sb: Sandbox, no_gc: None) -> None:
    """One thread's executions trapped by their host calls, two threads' executions out of
    fuel, at once for 3 s: every execution fails with its own error, never another's.
    """
    spin, asks = sb.load_action(SPIN), sb.load_action(ASKS)
    seen: dict[str, Counter[str]] = {"host": Counter(), "fuel": Counter()}
    deadline = time.monotonic() + 3.0

    def loop(kind: str, run: Callable[[], object]) -> None:
        while time.monotonic() < deadline:
            seen[kind][outcome(run)] += 1

    threads = [threading.Thread(target=loop, args=("host", lambda: sb.execute(
                   asks, {}, host=refuse))),
               *(threading.Thread(target=loop, args=("fuel", lambda: sb.execute(
                   spin, {}, limits=FUEL))) for _ in range(2))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert set(seen["host"]) == {"no_valid_factor"}, seen
    assert set(seen["fuel"]) == {"fuel_exhausted"}, seen
    assert seen["host"].total() > SLOTS and seen["fuel"].total() > SLOTS, seen
