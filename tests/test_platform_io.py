"""The I/O loop's hand-off (sandbox/platform/io.py): an operation waits for the guest's next
wait; then it runs on the waiting thread when it is alone and bound to end within the wait,
and on the pool otherwise.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from sandbox.platform.io import Cancel, IoLoop


@pytest.fixture
def loop() -> Iterator[IoLoop]:
    """A loop on its own small pool."""
    pool = ThreadPoolExecutor(4)
    io = IoLoop(pool)
    yield io
    io.close()
    pool.shutdown(wait=True)


def recorder(seen: list[int], value: Any = "done", sleep_s: float = 0.0) -> Any:
    """Work that notes the thread it ran on."""

    def work(cancel: Cancel) -> Any:
        seen.append(threading.get_ident())
        time.sleep(sleep_s)
        return value

    return work


def test_alone_and_bound_within_the_wait_it_runs_on_the_waiting_thread(loop: IoLoop) -> None:
    """No thread hand-off: the completion is there when the wait returns."""
    seen: list[int] = []
    op = loop.start(recorder(seen), ends_by=time.monotonic() + 1)
    assert seen == []  # nothing runs before the guest waits
    assert loop.wait(5) == [[op, True, "done"]]
    assert seen == [threading.get_ident()]
    assert loop.in_flight == 0


def test_not_bound_within_the_wait_it_runs_on_the_pool(loop: IoLoop) -> None:
    """A timer due before the operation's deadline (a shorter wait) keeps it off the waiting
    thread, which must wake for the timer.
    """
    seen: list[int] = []
    op = loop.start(recorder(seen, sleep_s=0.2), ends_by=time.monotonic() + 10)
    assert loop.wait(0.05) == []
    assert loop.wait(5) == [[op, True, "done"]]
    assert seen and seen[0] != threading.get_ident()


def test_unbounded_work_runs_on_the_pool(loop: IoLoop) -> None:
    """Work without a deadline is never run inline."""
    seen: list[int] = []
    op = loop.start(recorder(seen))
    assert loop.wait(5) == [[op, True, "done"]]
    assert seen[0] != threading.get_ident()


def test_two_operations_run_at_once_on_the_pool(loop: IoLoop) -> None:
    """With two in flight neither runs inline: they overlap."""
    seen: list[int] = []
    ends = time.monotonic() + 10
    first = loop.start(recorder(seen, "a", 0.3), ends_by=ends)
    second = loop.start(recorder(seen, "b", 0.3), ends_by=ends)
    started = time.monotonic()
    done: list[Any] = []
    while len(done) < 2:
        done += loop.wait(5)
    assert time.monotonic() - started < 0.55
    assert sorted(done) == [[first, True, "a"], [second, True, "b"]]
    assert threading.get_ident() not in seen


def test_a_poll_hands_work_to_the_pool(loop: IoLoop) -> None:
    """A zero wait (the guest has other work queued) dispatches without running anything."""
    seen: list[int] = []
    op = loop.start(recorder(seen, sleep_s=0.1), ends_by=time.monotonic() + 10)
    assert loop.wait(0) == []
    assert loop.wait(5) == [[op, True, "done"]]
    assert seen[0] != threading.get_ident()


def test_cancelled_or_closed_before_the_wait_it_never_runs(loop: IoLoop) -> None:
    """An operation the guest gave up on, or whose execution ended, is not started at all."""
    seen: list[int] = []
    op = loop.start(recorder(seen), ends_by=time.monotonic() + 1)
    loop.cancel(op)
    assert loop.in_flight == 0
    loop.start(recorder(seen), ends_by=time.monotonic() + 1)
    loop.close()
    assert loop.wait(0.05) == []
    assert seen == []


def test_an_inline_run_past_the_wait_leaves_its_completion_for_the_next(loop: IoLoop) -> None:
    """Overrunning its deadline, inline work ends the wait with nothing (as the wait would
    have timed out); its completion comes with the next wait.
    """
    seen: list[int] = []
    op = loop.start(recorder(seen, sleep_s=0.15), ends_by=time.monotonic() + 0.05)
    assert loop.wait(0.1) == []
    assert loop.wait(0) == [[op, True, "done"]]
