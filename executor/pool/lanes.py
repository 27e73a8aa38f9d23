"""Two lanes of worker threads: tenants whose jobs run long are run at a lower CPU priority.

Slots cap how many jobs a tenant holds, but not what each costs: a tenant whose every job
burns CPU until its fuel runs out takes a whole core per held job, and a quiet tenant's
short job then competes with it for the CPU (and so do Redis and the callers on the same
machine). A worker therefore keeps, per tenant, a moving average of its jobs' wall time;
a tenant above `heavy_ms` is *heavy*, and its jobs go to the slow lane: threads that lowered
their own scheduling priority (nice +10) when they started. The kernel then hands the CPU to
everyone else first and to the heavy tenant whenever it is free, so heavy work still runs at
full speed on an idle machine. (A thread may always lower its priority, never raise it back
without privileges: hence two lanes of threads rather than renicing one thread per job.)

Like a multi-level feedback queue, the classification follows behaviour: a tenant's first
job runs in the fast lane, and a heavy tenant whose jobs become short moves back.
"""

from __future__ import annotations

import contextlib
import os
import threading

SLOW_NICE = 10
"""Linux CFS weight of nice 10 is about a tenth of nice 0's."""
ALPHA = 0.3
"""Weight of the newest job in the moving average."""


class Lanes:
    """Per-tenant moving averages of job wall time, and which lane a tenant's jobs take."""

    def __init__(self, heavy_ms: float) -> None:
        self.heavy_ms = heavy_ms
        self._average_ms: dict[str, float] = {}
        self._lock = threading.Lock()

    def heavy(self, tenant: str) -> bool:
        """Whether the tenant's jobs go to the slow lane."""
        with self._lock:
            return self._average_ms.get(tenant, 0.0) > self.heavy_ms

    def record(self, tenant: str, elapsed_ms: float) -> None:
        """Account one finished job of the tenant."""
        with self._lock:
            before = self._average_ms.get(tenant)
            self._average_ms[tenant] = (elapsed_ms if before is None
                                        else ALPHA * elapsed_ms + (1 - ALPHA) * before)

    def average_ms(self, tenant: str) -> float | None:
        """The tenant's moving average, if it ran a job here."""
        with self._lock:
            return self._average_ms.get(tenant)


def lower_this_threads_priority(nice: int = SLOW_NICE) -> bool:
    """Lower the calling thread's CPU priority by `nice` (Linux: threads have their own);
    False where that is not possible.
    """
    if not hasattr(os, "setpriority"):
        return False
    tid = threading.get_native_id()
    with contextlib.suppress(OSError):
        current = os.getpriority(os.PRIO_PROCESS, tid)
        os.setpriority(os.PRIO_PROCESS, tid, min(19, current + nice))
        return True
    return False
