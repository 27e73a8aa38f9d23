"""CPU and memory of the processes under test, sampled with psutil.

Processes are grouped by role (workers, service, redis, harness; in-process mode: the
harness is the executor). CPU seconds are user + system time over the measured window
(read at its start and end); RSS is sampled every `interval_s` for the whole run, warm-up
included, and its peak kept per process and per role (the sum of the role's processes at
one sample). Sampling misses a peak shorter than the interval; for this process the
kernel's own peak (ru_maxrss) is reported too.
"""

from __future__ import annotations

import resource
import threading
import time
from collections.abc import Mapping, Sequence
from typing import Any

import psutil

MIB = 1024 * 1024
INTERVAL_S = 0.25


class ResourceSampler:
    """Samples the RSS of every process by role in a daemon thread; CPU at marks."""

    def __init__(self, roles: Mapping[str, Sequence[int]], interval_s: float = INTERVAL_S
                 ) -> None:
        self.roles = {role: list(pids) for role, pids in roles.items()}
        self.interval_s = interval_s
        self._procs = {pid: psutil.Process(pid) for pids in self.roles.values() for pid in pids}
        self._peak: dict[int, int] = dict.fromkeys(self._procs, 0)
        self._peak_role: dict[str, int] = dict.fromkeys(self.roles, 0)
        self._cpu_start: dict[int, float] = {}
        self._cpu_end: dict[int, float] = {}
        self._span = (0.0, 0.0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-resources", daemon=True)

    def start(self) -> None:
        """Starts sampling."""
        self._sample()
        self._thread.start()

    def stop(self) -> None:
        """Stops sampling (idempotent); takes one last sample."""
        if not self._stop.is_set():
            self._stop.set()
            if self._thread.is_alive():
                self._thread.join()
            self._sample()

    def mark_start(self) -> None:
        """The measured window starts: CPU times now."""
        self._cpu_start = self._cpu()
        self._span = (time.perf_counter(), 0.0)

    def mark_end(self) -> None:
        """The measured window (and its drain) ended: CPU times now."""
        self._cpu_end = self._cpu()
        self._span = (self._span[0], time.perf_counter())

    def _cpu(self) -> dict[int, float]:
        out = {}
        for pid, proc in self._procs.items():
            try:
                times = proc.cpu_times()
            except psutil.Error:  # it ended: its CPU is no longer readable
                continue
            out[pid] = float(times.user + times.system)
        return out

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            self._sample()

    def _sample(self) -> None:
        rss: dict[int, int] = {}
        for pid, proc in self._procs.items():
            try:
                rss[pid] = int(proc.memory_info().rss)
            except psutil.Error:
                continue
            self._peak[pid] = max(self._peak[pid], rss[pid])
        for role, pids in self.roles.items():
            total = sum(rss.get(pid, 0) for pid in pids)
            self._peak_role[role] = max(self._peak_role[role], total)

    def summary(self, executions: int) -> dict[str, Any]:
        """Per role: processes, CPU seconds between the marks, cores used on average, CPU ms
        per execution, peak RSS of one process and of the role's sum, in MiB.
        """
        window_s = self._span[1] - self._span[0]
        out: dict[str, Any] = {}
        for role, pids in self.roles.items():
            cpu = sum(self._cpu_end.get(p, 0.0) - self._cpu_start.get(p, 0.0) for p in pids
                      if p in self._cpu_start)
            out[role] = {
                "processes": len(pids),
                "cpu_s": round(cpu, 3),
                "cpu_cores": round(cpu / window_s, 3) if window_s > 0 else None,
                "cpu_ms_per_execution": round(cpu * 1e3 / executions, 3) if executions else None,
                "peak_rss_mib": round(max((self._peak[p] for p in pids), default=0) / MIB, 1),
                "peak_rss_mib_total": round(self._peak_role[role] / MIB, 1),
            }
        out["harness_max_rss_mib"] = round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MIB, 1)
        return out


class RedisCommands:
    """Redis's own count of commands (INFO commandstats) between the marks: which commands
    the path under test sends per execution, and what they cost the server.
    """

    def __init__(self, redis_url: str) -> None:
        self.redis_url = redis_url
        self._start: dict[str, tuple[int, int]] = {}
        self._end: dict[str, tuple[int, int]] = {}

    def _read(self) -> dict[str, tuple[int, int]]:
        import redis  # noqa: PLC0415 - redis-py on demand

        with redis.Redis.from_url(self.redis_url, socket_timeout=5) as raw:
            stats = raw.info("commandstats")
        return {name.removeprefix("cmdstat_"): (int(v["calls"]), int(v["usec"]))
                for name, v in stats.items() if isinstance(v, dict)}

    def mark_start(self) -> None:
        """Counts now."""
        self._start = self._read()

    def mark_end(self) -> None:
        """Counts now."""
        self._end = self._read()

    def summary(self, executions: int, top: int = 8) -> dict[str, Any]:
        """The `top` commands by server time: calls per execution, microseconds per call,
        and the server time and commands per execution in all.
        """
        deltas = []
        for name, (calls, usec) in self._end.items():
            calls0, usec0 = self._start.get(name, (0, 0))
            if calls > calls0:
                deltas.append((name, calls - calls0, usec - usec0))
        deltas.sort(key=lambda d: -d[2])
        per = max(1, executions)
        return {
            "server_us_per_execution": round(sum(d[2] for d in deltas) / per, 1),
            "commands_per_execution": round(sum(d[1] for d in deltas) / per, 2),
            "top": {name: {"per_execution": round(calls / per, 2),
                           "us_per_call": round(usec / calls, 1)}
                    for name, calls, usec in deltas[:top]},
        }
