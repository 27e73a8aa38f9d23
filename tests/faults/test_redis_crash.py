"""Redis SIGKILLed and restarted with its data in the middle of a steady load.

A client thread submits an execution every 25 ms through PoolClient to two real worker
processes. After 2 s the redis-server (append-only file, fsync on every write) is killed
with SIGKILL; 1.5 s later it is started again on the same port and loads its data; the load
goes on for 3 s more. Then every submission is accounted for:

- accepted (submit returned an id): exactly one result each, and its effect (its own cache
  counter) committed exactly once if it completed, never if it failed;
- refused while Redis was down: a typed StoreUnavailable, quickly (no hang);
- lost (accepted, never answered or answered without its effect) and double (an effect
  committed twice): zero.
"""

from __future__ import annotations

import time
from pathlib import Path

from conftest_redis import RedisProcess

from executor.pool.client import PoolClient

from .load import (
    Ledger,
    Submitter,
    Workers,
    assert_nothing_lost,
    collect,
    counting,
    deploy_all,
)

SUBMIT_EVERY_S = 0.025
MAX_SUBMISSIONS = 600
TENANTS = MAX_SUBMISSIONS // 15


def test_redis_killed_and_restarted_mid_load_loses_and_doubles_nothing(
        durable_redis: RedisProcess, workers: list[Workers], tmp_path: Path) -> None:
    """Every accepted submission answered once with its effect committed once; refusals
    during the outage are StoreUnavailable; lost and double-committed executions: 0.
    """
    url = durable_redis.url
    deploy_all(url, counting(60), TENANTS)
    pool_workers = Workers(url, tmp_path)
    workers.append(pool_workers)
    for _ in range(2):
        pool_workers.start("--concurrency", "2", "--claim-idle-ms", "2000")
    ledger = Ledger()
    with PoolClient(url) as pool:
        submitter = Submitter(pool, ledger, SUBMIT_EVERY_S, MAX_SUBMISSIONS)
        submitter.start()
        time.sleep(2.0)
        durable_redis.kill()
        down_at = time.monotonic()
        time.sleep(1.5)
        durable_redis.start(keep_data=True)
        up_at = time.monotonic()
        time.sleep(3.0)
        submitter.stop()
    collect(url, ledger, timeout_s=90)
    counts = ledger.counts()
    counts["unanswered_by_a_worker"] = len(pool_workers.events("job_unanswered"))
    counts["claimed_again"] = len(pool_workers.events("job_claimed"))
    print("redis SIGKILL + restart:", dict(counts))

    assert submitter.unexpected == []
    assert_nothing_lost(counts)
    accepted = [s for s in ledger.submissions if s.job_id]
    refused = [s for s in ledger.submissions if not s.job_id]
    # Every accepted submission completed, or failed typed because the store went away.
    assert counts["completed"] + counts["failed:store_unavailable"] == len(accepted), counts
    assert counts["completed"] >= len(accepted) - 10, counts
    # Refusals are StoreUnavailable, prompt, and happened while the server was away.
    assert refused, "no submission fell into the outage"
    assert {s.refused for s in refused} == {"StoreUnavailable"}
    assert max(s.took_s for s in refused) < 3.0
    assert all(down_at - 0.5 <= s.started <= up_at + 1.0 for s in refused)
    # Accepted ones before and after the outage: the load really spanned the crash.
    assert any(s.started < down_at for s in accepted)
    assert any(s.started > up_at for s in accepted)
    assert all(w.proc.poll() is None for w in pool_workers.started)
    assert pool_workers.events("redis_reconnected")
