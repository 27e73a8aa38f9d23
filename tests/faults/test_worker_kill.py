"""A worker SIGKILLed with several jobs in flight, while the other worker is busy too
(tests/test_pool_workers.py kills one holding a single job, with the rescuer started after).

Two workers (concurrency 4, two jobs per tenant each) take 16 jobs of 4 tenants, 1.2 s of
work each. Once each worker holds at least two, one is killed with SIGKILL. Every job it
held is claimed by the survivor after its idle time and completes there; every job is
answered once with its effect (its own cache counter) committed once.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest
import redis

from executor.pool.client import PoolClient
from executor.pool.jobs import DEAD_KEY, GROUP, stream_key

from .load import (
    PER_TENANT,
    Ledger,
    Submission,
    Workers,
    assert_nothing_lost,
    collect,
    counting,
    deploy_all,
)

JOBS = 16
TENANTS = 4


def held(raw: redis.Redis, consumer: str) -> set[str]:
    """The entries the consumer holds (read, not acknowledged), as "<tenant number>:<id>"
    (ids repeat across streams).
    """
    return {f"{t}:{p['message_id'].decode()}" for t in range(TENANTS)
            for p in raw.xpending_range(stream_key(f"t{t}"), GROUP, "-", "+", 100, consumer)}


def consumer_of(raw: redis.Redis, pid: int) -> str:
    """The consumer name (worker id) of the worker process `pid`."""
    for key in raw.scan_iter("exec:worker:*"):
        if raw.hget(key, "pid") == str(pid).encode():
            return key.decode().removeprefix("exec:worker:")
    pytest.fail(f"no worker entry for pid {pid}")


def test_a_worker_killed_with_jobs_in_flight(redis_url: str, workers: list[Workers],
                                             tmp_path: Path) -> None:
    """Kill -9 a worker holding several jobs: all its jobs complete once on the other."""
    deploy_all(redis_url, counting(1200), TENANTS)
    pool_workers = Workers(redis_url, tmp_path)
    workers.append(pool_workers)
    doomed, survivor = (pool_workers.start("--concurrency", "4", "--claim-idle-ms", "1500")
                        for _ in range(2))
    ledger = Ledger()
    with PoolClient(redis_url) as pool, redis.Redis.from_url(redis_url) as raw:
        names = consumer_of(raw, doomed.proc.pid), consumer_of(raw, survivor.proc.pid)
        # Four tenants' jobs in turn, so that each worker can hold up to four at once.
        for n in (t * PER_TENANT + i for i in range(JOBS // TENANTS) for t in range(TENANTS)):
            s = Submission(n, time.monotonic())
            s.job_id = pool.submit(s.tenant, "password-reset-post-challenge",
                                   {"user": {"user_id": s.user}, "request": {"ip": "1.2.3.4"}})
            ledger.submissions.append(s)
        deadline = time.monotonic() + 30
        while min(len(held(raw, name)) for name in names) < 2:
            assert time.monotonic() < deadline, "the workers did not both take jobs"
            time.sleep(0.02)
        in_flight = held(raw, names[0])
        doomed.proc.send_signal(signal.SIGKILL)
        doomed.proc.wait(timeout=10)
        collect(redis_url, ledger, timeout_s=90)
        counts = ledger.counts()
        claimed = {f"{e['tenant'].removeprefix('t')}:{e['entry']}"
                   for e in survivor.events("job_claimed")}
        counts["in_flight_at_kill"] = len(in_flight)
        counts["claimed_by_survivor"] = len(claimed)
        print("worker SIGKILL:", dict(counts))

        assert len(in_flight) >= 2
        assert counts["completed"] == JOBS, counts
        assert_nothing_lost(counts)
        assert in_flight <= claimed  # and maybe more: the doomed one read on until it died
        assert all(e["deliveries"] == 2 for e in survivor.events("job_claimed"))
        assert sum(int(raw.xpending(stream_key(f"t{t}"), GROUP)["pending"])
                   for t in range(TENANTS)) == 0
        assert raw.xlen(DEAD_KEY) == 0
        assert survivor.proc.poll() is None
