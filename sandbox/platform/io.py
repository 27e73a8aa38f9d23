"""Operations the host performs for one execution while its guest goes on running.

A platform method that starts one (a fetch) gets an id back at once; the work runs on a
shared thread pool and its completion is queued here. When the guest has nothing to run,
it calls `io.wait`, which blocks on that queue (releasing the GIL, spending no fuel) until a
completion arrives or its timeout passes. Closing the loop cancels what is still running, so
nothing an execution started outlives it.

An operation is handed to the pool when the guest next reaches its event loop (`wait`),
as Node sends a request once the task that made it yields. If it is then the only one and
the guest would wait for it anyway, with no timer of its own due before the operation's
deadline, it runs right there on the guest's thread: the same outcome at the same moment,
without two thread hand-offs (~50 us on an idle machine, far more on a busy one).
"""

from __future__ import annotations

import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

Completion = list[Any]
"""`[id, ok, value]`: value is the result, or the error to reject with."""


class OperationError(Exception):
    """Raised by an operation to reject its promise with `value` (plain data)."""

    def __init__(self, value: Any) -> None:
        super().__init__(value)
        self.value = value


@dataclass
class Cancel:
    """What a running operation checks to know it should stop, and how it is interrupted."""

    event: threading.Event = field(default_factory=threading.Event)
    _hooks: list[Callable[[], None]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def cancelled(self) -> bool:
        """Whether the execution ended or the guest gave up on the operation."""
        return self.event.is_set()

    def on_cancel(self, hook: Callable[[], None]) -> None:
        """Calls `hook` when the operation is cancelled (at once if it already is): what
        wakes an operation blocked in a system call (a socket read) so that it stops now.
        """
        with self._lock:
            if not self.event.is_set():
                self._hooks.append(hook)
                return
        hook()

    def fire(self) -> None:
        """Cancels: sets the event, then runs the hooks, once."""
        with self._lock:
            self.event.set()
            hooks, self._hooks = self._hooks, []
        for hook in hooks:
            hook()


class Lane:
    """At most `width` operations of one execution running at once; the others wait here for
    their turn without holding a thread of the shared pool, so that one execution's many
    slow requests cannot take every thread from the others.
    """

    def __init__(self, width: int) -> None:
        self.width = width
        self.running = 0
        self.waiting: deque[tuple[int, Callable[[Cancel], Any], Cancel]] = deque()
        self.lock = threading.Lock()


@dataclass(frozen=True)
class _Deferred:
    """An operation started by the guest and not yet handed to the pool."""

    work: Callable[[Cancel], Any]
    cancel: Cancel
    lane: Lane | None
    ends_by: float | None
    """The monotonic time by which the work is bound to have ended (its own deadline), or
    None when nothing bounds it."""


class IoLoop:
    """One execution's operations in flight and their completions."""

    def __init__(self, pool: ThreadPoolExecutor) -> None:
        self._pool = pool
        self._done: queue.SimpleQueue[Completion] = queue.SimpleQueue()
        self._cancels: dict[int, Cancel] = {}
        self._deferred: dict[int, _Deferred] = {}
        self._next_id = 1
        self._closed = False

    @property
    def in_flight(self) -> int:
        """Operations started and neither completed nor cancelled."""
        return len(self._cancels)

    def start(self, work: Callable[[Cancel], Any], lane: Lane | None = None, *,
              ends_by: float | None = None) -> int:
        """Registers `work`, to run when the guest next waits (see the module); returns the id
        its completion will carry. `lane` bounds how many of the execution's operations
        run on the pool at once; `ends_by` is when the work is bound to have ended.
        """
        op_id = self._next_id
        self._next_id += 1
        cancel = Cancel()
        self._cancels[op_id] = cancel
        self._deferred[op_id] = _Deferred(work, cancel, lane, ends_by)
        return op_id

    def _dispatch(self) -> None:
        """Hands every deferred operation to the pool, in the order they were started."""
        deferred, self._deferred = self._deferred, {}
        for op_id, op in deferred.items():
            self._submit(op_id, op.work, op.cancel, op.lane)

    def _submit(self, op_id: int, work: Callable[[Cancel], Any], cancel: Cancel,
                lane: Lane | None) -> None:
        """Runs `work` on the pool when `lane` has room, else once it has."""
        if lane is not None:
            with lane.lock:
                if lane.running >= lane.width:
                    lane.waiting.append((op_id, work, cancel))
                    return
                lane.running += 1
        self._pool.submit(self._run, op_id, work, cancel, lane)

    def _run(self, op_id: int, work: Callable[[Cancel], Any], cancel: Cancel,
             lane: Lane | None) -> None:
        try:
            if not cancel.cancelled:
                self._perform(op_id, work, cancel)
        finally:
            if lane is not None:
                self._next_in(lane)

    def _perform(self, op_id: int, work: Callable[[Cancel], Any], cancel: Cancel) -> None:
        try:
            result: Completion = [op_id, True, work(cancel)]
        except OperationError as exc:
            result = [op_id, False, exc.value]
        except Exception as exc:  # a bug in the operation: the guest sees a plain error
            message = f"internal error: {type(exc).__name__}"
            result = [op_id, False, {"name": "Error", "message": message}]
        if not cancel.cancelled:
            self._done.put(result)

    def _next_in(self, lane: Lane) -> None:
        """Hands the lane's place to the next operation waiting that is still wanted."""
        with lane.lock:
            while lane.waiting and lane.waiting[0][2].cancelled:
                lane.waiting.popleft()
            if not lane.waiting:
                lane.running -= 1
                return
            op_id, work, cancel = lane.waiting.popleft()
        try:
            self._pool.submit(self._run, op_id, work, cancel, lane)
        except RuntimeError:  # the pool is shut down: the process is stopping
            cancel.fire()

    def wait(self, timeout_s: float) -> list[Completion]:
        """Completions so far, waiting up to `timeout_s` for the first if there is none."""
        if self._deferred:
            until = time.monotonic() + timeout_s
            if not self._run_inline(until):
                self._dispatch()
            elif time.monotonic() >= until:
                # It overran the wait (its deadline is only checked between socket
                # operations): the guest sees the wait end first, as it would have.
                return []
        out: list[Completion] = []
        try:
            first = self._done.get(timeout=timeout_s) if timeout_s > 0 else self._done.get_nowait()
        except queue.Empty:
            return out
        out.append(first)
        while True:
            try:
                out.append(self._done.get_nowait())
            except queue.Empty:
                break
        for item in out:
            self._cancels.pop(item[0], None)
        return out

    def _run_inline(self, until: float) -> bool:
        """Performs the one operation in flight here, if the guest's wait would last until it
        has ended anyway; whether it did.
        """
        if len(self._cancels) != 1 or len(self._deferred) != 1:
            return False
        [(op_id, op)] = self._deferred.items()
        if op.ends_by is None or op.ends_by > until:
            return False
        del self._deferred[op_id]
        self._perform(op_id, op.work, op.cancel)
        return True

    def sleep(self, timeout_s: float) -> None:
        """Waits without operations in flight (a timer is due later)."""
        threading.Event().wait(timeout_s)

    def cancel(self, op_id: int) -> None:
        """The guest stopped waiting for `op_id`: let it stop."""
        self._deferred.pop(op_id, None)
        cancel = self._cancels.pop(op_id, None)
        if cancel is not None:
            cancel.fire()

    def close(self) -> None:
        """Cancels everything still running (the execution is over). Idempotent."""
        self._closed = True
        self._deferred.clear()
        cancels = list(self._cancels.values())
        self._cancels.clear()
        for cancel in cancels:
            cancel.fire()
