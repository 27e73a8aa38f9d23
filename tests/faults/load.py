"""A steady stream of executions through the pool, and the books that account for each.

Every submission has its own cache key (its user id) in its tenant's namespace, and the
action adds one to it: after the run, the value is how many times that submission's
effects were committed ("1": once). A tenant holds at most PER_TENANT submissions, well
inside the cache's 20 entries.

Workers are started as in tests/test_pool_workers.py (same secret key, readiness check and
log parsing), on any server URL.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis
from test_pool_workers import KEY, TRIGGER, WorkerProcess, wait_ready

from executor.pool.client import PoolClient
from executor.registry import SECRET_KEY_ENV, Registry
from executor.stores import Namespace, RedisStore
from sandbox import Limits, Sandbox
from sandbox.errors import StoreUnavailable, Timeout

PER_TENANT = 15
LIMITS = {"fuel": 100_000_000_000, "timeout_ms": 20_000}


def counting(spin_ms: int) -> str:
    """An action that adds one to its submission's own cache entry, then spins `spin_ms`."""
    return f"""
exports.onExecutePostChallenge = async (event, api) => {{
  const key = event.user.user_id;
  const rec = api.cache.get(key);
  api.cache.set(key, String((rec ? Number(rec.value) : 0) + 1), {{ ttl: 3600000 }});
  const end = Date.now() + {spin_ms};
  while (Date.now() < end) {{}}
}};
"""


def tenant_of(n: int) -> str:
    """The tenant submission `n` belongs to."""
    return f"t{n // PER_TENANT}"


def deploy_all(url: str, code: str, tenants: int) -> None:
    """Deploy `code` as the one action of `tenants` tenants; warm the on-disk cache with it."""
    with Registry(url, secret_key=KEY) as registry:
        for t in range(tenants):
            registry.deploy(f"t{t}", "main", code, limits=LIMITS)
            registry.bind(f"t{t}", TRIGGER, ["main"])
    with Sandbox() as sandbox:
        sandbox.load_action(code, Limits().override(LIMITS))


class Workers:
    """`executor worker` processes on one server; `stop` terminates (then kills) them all."""

    def __init__(self, url: str, logs: Path) -> None:
        self.url = url
        self.logs = logs
        self.started: list[WorkerProcess] = []

    def start(self, *args: str) -> WorkerProcess:
        """Start a worker with extra CLI arguments; return once it reads."""
        log_path = self.logs / f"worker{len(self.started)}.log"
        with log_path.open("wb") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "executor", "worker", "--redis", self.url, *args],
                stderr=log, stdout=subprocess.DEVNULL, env={**os.environ, SECRET_KEY_ENV: KEY})
        worker = WorkerProcess(proc, log_path)
        self.started.append(worker)
        wait_ready(self.url, worker)
        return worker

    def stop(self) -> None:
        """SIGTERM every worker still alive, SIGKILL those not gone within 15 s."""
        for worker in self.started:
            if worker.proc.poll() is None:
                worker.proc.terminate()
        for worker in self.started:
            try:
                worker.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.proc.kill()
                worker.proc.wait()

    def events(self, name: str) -> list[dict[str, Any]]:
        """Log events named `name`, from every worker."""
        return [e for w in self.started for e in w.events(name)]


@dataclass
class Submission:
    """One call of PoolClient.submit, and what became of it."""

    n: int
    started: float
    took_s: float = 0.0
    job_id: str | None = None  # accepted
    refused: str | None = None  # the error type, when submit raised
    result: dict[str, Any] | None = None
    results: int = 0  # results found for the job id (must end at exactly 1)
    effect: str | None = None  # the committed value of its cache entry

    @property
    def user(self) -> str:
        """Its cache key, and its event's user id."""
        return f"s{self.n:04d}"

    @property
    def tenant(self) -> str:
        """Its tenant."""
        return tenant_of(self.n)


@dataclass
class Ledger:
    """All submissions of one run; `counts` is the accounting the fault tests assert on."""

    submissions: list[Submission] = field(default_factory=list)

    def counts(self) -> Counter[str]:
        """The books: submitted, accepted, refused:<error>, completed, failed:<type>, lost,
        double, answered_twice, failed_but_committed, refused_ran.
        """
        c: Counter[str] = Counter()
        for s in self.submissions:
            done = s.result is not None
            status = s.result["status"] if s.result is not None else None
            c["submitted"] += 1
            c["accepted" if s.job_id else f"refused:{s.refused}"] += 1
            if s.job_id and done and status == "completed":
                c["completed"] += 1
            elif s.job_id and done:
                c[f"failed:{(s.result or {}).get('error', {}).get('type')}"] += 1
            committed = int(s.effect or 0)
            # Lost: accepted and never answered, or answered "completed" without its effect.
            if s.job_id and (not done or (status == "completed" and committed != 1)):
                c["lost"] += 1
            if s.job_id and s.results > 1:
                c["answered_twice"] += 1
            if committed > 1:
                c["double"] += 1
            # A failed execution commits nothing (README: store_unavailable writes nothing).
            if s.job_id and done and status == "failed" and committed:
                c["failed_but_committed"] += 1
            if not s.job_id and committed:
                c["refused_ran"] += 1  # its request reached Redis, its reply did not
        return c


class Submitter(threading.Thread):
    """Submits one execution every `interval_s` until stopped (or `limit` submissions).

    Several submitters share a ledger by numbering apart: submitter `first` of `step` takes
    the numbers first, first + step, first + 2 * step...
    """

    def __init__(self, pool: PoolClient, ledger: Ledger, interval_s: float, limit: int,
                 *, first: int = 0, step: int = 1) -> None:
        super().__init__(name=f"submitter-{first}", daemon=True)
        self.pool = pool
        self.ledger = ledger
        self.interval_s = interval_s
        self.limit = limit
        self.first, self.step = first, step
        self.stopping = threading.Event()
        self.unexpected: list[BaseException] = []

    def run(self) -> None:
        """Submit until stopped; a refusal must be StoreUnavailable (anything else is kept)."""
        n = self.first
        while not self.stopping.is_set() and n < self.limit:
            s = Submission(n, time.monotonic())
            event = {"user": {"user_id": s.user}, "request": {"ip": "10.0.0.1"}}
            try:
                s.job_id = self.pool.submit(s.tenant, TRIGGER, event)
            except StoreUnavailable:
                s.refused = "StoreUnavailable"
            except Exception as exc:  # untyped: the test fails on it
                s.refused = type(exc).__name__
                self.unexpected.append(exc)
            s.took_s = time.monotonic() - s.started
            self.ledger.submissions.append(s)  # list.append is atomic: threads may share
            n += self.step
            self.stopping.wait(max(0.0, self.interval_s - s.took_s))

    def stop(self) -> None:
        """Stop submitting and wait for the thread."""
        self.stopping.set()
        self.join(timeout=30)
        assert not self.is_alive()


def collect(url: str, ledger: Ledger, timeout_s: float) -> None:
    """Wait for every accepted submission's result, riding out StoreUnavailable; then check
    that no second result is queued, and read every submission's committed effect.
    """
    deadline = time.monotonic() + timeout_s
    with PoolClient(url) as pool:
        for s in ledger.submissions:
            while s.job_id and s.result is None and time.monotonic() < deadline:
                try:
                    s.result = pool.wait(s.job_id, timeout_s=min(5.0, timeout_s))
                    s.results = 1
                except (StoreUnavailable, Timeout):
                    time.sleep(0.2)
    now = int(time.time() * 1000)
    with redis.Redis.from_url(url) as raw, RedisStore(url) as store:
        namespaces: dict[str, dict[str, Any]] = {}
        for s in ledger.submissions:
            if s.job_id:
                s.results += int(raw.llen(f"exec:result:{s.job_id}"))
            if s.tenant not in namespaces:
                namespaces[s.tenant] = store.cache_load(Namespace(s.tenant, TRIGGER), now)
            entry = namespaces[s.tenant].get(s.user)
            s.effect = None if entry is None else entry.value


def assert_nothing_lost(counts: Counter[str]) -> None:
    """No accepted submission lost, answered twice, or failed with its effect committed; no
    effect committed twice.
    """
    for bad in ("lost", "double", "answered_twice", "failed_but_committed"):
        assert counts[bad] == 0, (bad, dict(counts))
