"""How requests are sent: a closed loop (as fast as answers come back) or an open loop
(at a fixed rate, whatever the answers do).

Closed loop: `concurrency` threads each send request k (the next number), wait for its
answer, and take the next, until the deadline. Throughput is what the system gives; each
latency starts when the request is sent.

Open loop (`Schedule`): request k is meant to start at start + k / rate, fixed before the
run. `senders` threads take the next k, sleep until its intended start and send it; a slow
answer holds only its own sender, so later requests still go at their times while other
senders are free. When every sender is busy, request k goes late, but its latency is
still measured from its *intended* start: the time the user would have waited. Measuring
from the actual send instead hides exactly the queueing an overloaded system causes
("coordinated omission"). The `send` callback gets the intended start and records how
late it actually went.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

Clock = Callable[[], float]
Sleep = Callable[[float], object]
Send = Callable[[int, float], None]
"""send(k, intended start): sends request k and records it (raising stops the loop)."""


@dataclass(frozen=True)
class Schedule:
    """The open loop's intended start times: request k at start + k / rate, for every k
    whose time falls in [start, start + duration_s).
    """

    start: float
    rate: float
    duration_s: float

    def __post_init__(self) -> None:
        if not self.rate > 0 or not self.duration_s > 0:
            raise ValueError("a schedule needs a positive rate and duration")

    def __len__(self) -> int:
        return math.ceil(self.rate * self.duration_s)

    @property
    def end(self) -> float:
        """When the window closes."""
        return self.start + self.duration_s

    def intended(self, k: int) -> float:
        """Request k's intended start: fixed, whatever happened to the others."""
        return self.start + k / self.rate


class Numbers:
    """Hands out 0, 1, 2... to any number of threads, each number once."""

    def __init__(self, first: int = 0) -> None:
        self._next = first
        self._lock = threading.Lock()

    def take(self) -> int:
        """The next number."""
        with self._lock:
            k = self._next
            self._next += 1
            return k


def _in_threads(count: int, body: Callable[[], None], stop: threading.Event,
                name: str) -> None:
    """Runs `body` in `count` threads (inline when 1) until all return; the first exception
    sets `stop` (so the others end soon) and is raised here once all have ended.
    """
    if count == 1:
        body()
        return
    failures: list[BaseException] = []

    def guarded() -> None:
        try:
            body()
        except BaseException as exc:
            failures.append(exc)
            stop.set()

    threads = [threading.Thread(target=guarded, name=f"{name}-{i}", daemon=True)
               for i in range(count)]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            thread.join()
    except BaseException:  # Ctrl-C while joining: the threads stop after their call
        stop.set()
        raise
    if failures:
        raise failures[0]


def closed_loop(*, until: float, concurrency: int, send: Send, stop: threading.Event,
                first: int = 0, clock: Clock = time.perf_counter) -> None:
    """`concurrency` threads (the caller's own when 1) send request after request until
    `until` (clock time) or `stop`; request numbers start at `first`. Each send gets its
    actual start as its intended one.
    """
    numbers = Numbers(first)

    def body() -> None:
        while not stop.is_set() and (now := clock()) < until:
            send(numbers.take(), now)

    _in_threads(concurrency, body, stop, "bench-closed")


def open_loop(schedule: Schedule, *, senders: int, send: Send, stop: threading.Event,
              first: int = 0, clock: Clock = time.perf_counter,
              sleep: Sleep | None = None) -> None:
    """Sends every request of `schedule` at (or, all senders busy, after) its intended
    start, from `senders` threads (the caller's own when 1); request numbers start at
    `first`. Returns when all were sent and answered, or on `stop`. `sleep` defaults to
    waiting on `stop`, so that a stop wakes the senders at once.
    """
    pause: Sleep = sleep or stop.wait
    numbers = Numbers()
    count = len(schedule)

    def body() -> None:
        while not stop.is_set():
            k = numbers.take()
            if k >= count:
                return
            intended = schedule.intended(k)
            wait = intended - clock()
            if wait > 0:
                pause(wait)
                if stop.is_set():
                    return
            send(first + k, intended)

    _in_threads(senders, body, stop, "bench-open")

