"""Whole-flow cost: effect-free and cache-using actions on the embedded store and on Redis.

    python -m benchmarks.trigger                     # starts its own redis-server on 127.0.0.1
    python -m benchmarks.trigger --redis redis://127.0.0.1:6379/15

One interleaved run (the cases take turns). Reports latency per case, executions per second
on one thread (1 / mean), and the store's share: the commit's own latency, timed around
`Store.commit`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import structlog

from benchmarks.baselines import IP_ALLOWLIST_ACTION, WatFloor
from benchmarks.timing import interleave, markdown_table, percentile, summarize
from executor import Action, Executor, event
from executor.bench import processes
from executor.stores import CacheEntry, Commit, Namespace, RedisStore, SqliteStore, Store
from sandbox import Sandbox

RESULTS = Path(__file__).resolve().parent / "results"
EVENT = {"user": {"user_id": "auth0|bench", "email": "b@example.com", "email_verified": True},
         "request": {"ip": "203.0.113.7", "hostname": "login.example.com"}}
COUNTER = """
exports.onExecutePostChallenge = async (event, api) => {
  const key = `n:${event.user.user_id}`;
  const hit = api.cache.get(key);
  api.cache.set(key, String(hit ? Number(hit.value) + 1 : 1), { ttl: 60000 });
};
"""


class TimedStore:
    """A Store that times its commits (the latency the commit adds to an execution)."""

    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.commits: list[float] = []

    def cache_load(self, namespace: Namespace, now_ms: int) -> dict[str, CacheEntry]:
        """Delegates."""
        return self.inner.cache_load(namespace, now_ms)

    def state_get(self, state_id: str, now_ms: int) -> bytes | None:
        """Delegates."""
        return self.inner.state_get(state_id, now_ms)

    def commit(self, commit: Commit) -> None:
        """Delegates, timed."""
        start = time.perf_counter()
        self.inner.commit(commit)
        self.commits.append(time.perf_counter() - start)

    def close(self) -> None:
        """Delegates."""
        self.inner.close()


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    """A throwaway redis-server on a free loopback port (executor bench's), its URL."""
    with (tempfile.TemporaryDirectory() as tmp,
          processes.redis_server(Path(tmp)) as (url, _)):
        yield url


def run(redis_url: str, rounds: int, per_round: int) -> dict[str, Any]:
    """The interleaved measurement; returns rows and commit latencies."""
    sandbox = Sandbox()
    floor = WatFloor(sandbox.engine.wasm)
    allow = Action("allow", IP_ALLOWLIST_ACTION.read_text())
    counter = Action("counter", COUNTER)
    program = sandbox.load_action(allow.code)
    prepared = {**event.prepare(EVENT, "b"), "secrets": {}}  # what the flow hands the action
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = TimedStore(SqliteStore(Path(tmp) / "bench.sqlite3"))
        redis = TimedStore(RedisStore(redis_url))
        on_sqlite = Executor(sqlite, sandbox=sandbox)
        on_redis = Executor(redis, sandbox=sandbox)
        cases = {
            "floor: trivial WAT, C-API call": floor.run_once_capi,
            "sandbox only: allow-list": lambda: sandbox.execute(program, EVENT),
            "sandbox only: allow-list, flow's event": lambda: sandbox.execute(program, prepared),
            "flow: allow-list, no effects": lambda: on_sqlite.run([allow], EVENT, tenant="b"),
            "flow: cache get+set, SQLite": lambda: on_sqlite.run([counter], EVENT, tenant="b"),
            "flow: cache get+set, Redis": lambda: on_redis.run([counter], EVENT, tenant="b"),
        }
        for fn in cases.values():
            for _ in range(100):
                fn()
        sqlite.commits.clear()
        redis.commits.clear()
        samples = interleave(cases, rounds=rounds, per_round=per_round)
        assert on_redis.run([counter], EVENT, tenant="b").status == "completed"
        commits = {"SQLite": list(sqlite.commits), "Redis": list(redis.commits)}
        redis.close()
        sqlite.close()
    floor_median = summarize(samples["floor: trivial WAT, C-API call"])["median"]
    rows = []
    for name, xs in samples.items():
        s = summarize(xs)
        rows.append({"case": name, "median_ms": s["median"] * 1e3, "p99_ms": s["p99"] * 1e3,
                     "per_s_one_thread": 1 / s["mean"], "x_floor": s["median"] / floor_median})
    commit_rows = [{"store": k, "commit_median_ms": percentile(v, 50) * 1e3,
                    "commit_p99_ms": percentile(v, 99) * 1e3, "n": len(v)}
                   for k, v in commits.items()]
    return {"latency": rows, "commit": commit_rows}


def quiet_json_logs() -> None:
    """Logs as production would (one JSON line per execution) into /dev/null: the cost of
    logging is counted, the terminal is not flooded.
    """
    sink = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
    structlog.configure(
        processors=[structlog.processors.add_log_level, structlog.processors.TimeStamper("iso"),
                    structlog.processors.JSONRenderer()],
        logger_factory=structlog.PrintLoggerFactory(sink), cache_logger_on_first_use=True)


def main() -> int:
    """Runs the benchmark; prints markdown tables and writes results/trigger.json."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--redis", help="use this Redis instead of starting one")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--per-round", type=int, default=40)
    args = parser.parse_args()
    quiet_json_logs()
    with contextlib.ExitStack() as stack:
        url = args.redis or stack.enter_context(redis_server())
        result = run(url, args.rounds, args.per_round)
    print(markdown_table(result["latency"]))
    print()
    print(markdown_table(result["commit"]))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "trigger.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
