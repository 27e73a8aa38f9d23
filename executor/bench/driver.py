"""One user's password reset, end to end: the execute call, then a continue for each
suspension (the challenge completed, the verifier's signed answer), each call recorded.

The first call's latency runs from the flow's intended start (the open loop's schedule);
a continue's from when it was sent, which is the moment the previous answer arrived (the
harness plays a browser that answers at once). Every call counts as one execution.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from typing import Any

from executor.bench.loops import Clock
from executor.bench.stats import CallRecord, Recorder
from executor.bench.targets import Answer, Target
from executor.bench.workload import Request, Tenant, Workload

MAX_CONTINUES = 20
"""A flow suspends at most once per bound action (20 at most); more means a loop."""


class Recorders:
    """One Recorder per sender thread, made on its first call."""

    def __init__(self, t0: float, window_end: float) -> None:
        self.t0, self.window_end = t0, window_end
        self._local = threading.local()
        self._all: list[Recorder] = []
        self._lock = threading.Lock()

    def mine(self) -> Recorder:
        """The calling thread's recorder."""
        recorder: Recorder | None = getattr(self._local, "recorder", None)
        if recorder is None:
            recorder = Recorder(self.t0, self.window_end)
            self._local.recorder = recorder
            with self._lock:
                self._all.append(recorder)
        return recorder

    def every(self) -> list[Recorder]:
        """Every thread's recorder so far."""
        with self._lock:
            return list(self._all)

    def calls(self) -> int:
        """Calls recorded so far (approximate while threads run: for the progress bar)."""
        return sum(r.count for r in self.every())

    def errors(self) -> int:
        """Calls that counted an error so far (approximate, as `calls`)."""
        return sum(sum(r.errors.values()) for r in self.every())

    def merged(self) -> Recorder:
        """All of them in one."""
        return Recorder.merge(self.every(), self.t0, self.window_end)


class Driver:
    """Sends workload request k through a target as one flow and records it."""

    def __init__(self, target: Target, workload: Workload, recorders: Recorders, *,
                 clock: Clock = time.perf_counter) -> None:
        self.target = target
        self.workload = workload
        self.recorders = recorders
        self.clock = clock

    def __call__(self, k: int, intended: float) -> None:
        """Request k of the workload, meant to start at `intended` (clock time)."""
        self.flow(self.workload.request(k), intended)

    def flow(self, request: Request, intended: float) -> None:
        """One flow: the request's execute, then its continues."""
        recorder = self.recorders.mine()
        tenant = self.workload.tenants[request.tenant]
        event = self.workload.events[request.event]
        sent = self.clock()
        answer = self.target.execute(tenant, request.event)
        end = self.clock()
        recorder.call(_record(tenant.index, "execute", answer), intended, end)
        for _ in range(MAX_CONTINUES):
            follow = _follow_up(self.workload, tenant, event, answer)
            if follow is None:
                break
            state, continue_request = follow
            start = self.clock()
            answer = self.target.resume(tenant, state, continue_request)
            end = self.clock()
            recorder.call(_record(tenant.index, "continue", answer), start, end)
        # Served means a result object came back (a failed flow's too); a 503 or 504 without
        # one, or no answer at all, is demand the system did not serve.
        served = answer.result is not None
        recorder.flow(tenant.index, intended, sent, end if served else None)


def _record(tenant: int, kind: str, answer: Answer) -> CallRecord:
    return CallRecord(tenant, kind, answer.status, answer.error, answer.http_status)


def _follow_up(workload: Workload, tenant: Tenant, event: Mapping[str, Any], answer: Answer
               ) -> tuple[str, dict[str, Any]] | None:
    """The state and continue request a suspended answer calls for, if any."""
    result = answer.result
    if result is None or not result.get("state"):
        return None
    request = workload.continue_request(tenant, event, result)
    return None if request is None else (str(result["state"]), request)
