"""Worker pool and HTTP service: what the queue and the HTTP hop add to one execution.

    python -m benchmarks.pool                              # about 90 s on 2 cores
    python -m benchmarks.pool --rounds 10 --jobs 500 --fair-n 100  # quicker, noisier
    python -m benchmarks.pool --per-round 1 --rounds 1000  # cases alternate call by call

Starts its own redis-server on 127.0.0.1, deploys the allow-list action for a few tenants
through the Registry, starts real `executor worker` subprocesses and one `executor serve`
(queue mode, admin token in its environment) on free loopback ports, then measures:

- latency, closed loop from one client thread (one request at a time, so each figure is the
  path's own cost), the cases interleaved round by round: in-process `Executor(RedisStore)`
  (the baseline), `PoolClient.execute` through the queue, and `POST .../execute` over HTTP
  (httpx, keep-alive), with 1 and with 2 workers (restarted between the two); beside them,
  reference rows: one Redis round trip (PING), the HTTP floor (GET /healthz: uvicorn,
  the app, one thread hop and a PING) and the in-process run preceded by the registry
  lookup a worker makes for every job;
- throughput: K client threads through the queue for a fixed number of jobs, the tenants
  in turn (with each tenant's median wait: the best and the worst served);
- fairness: one worker (concurrency 2): a quiet tenant's latency alone, then while a
  flooding tenant keeps a backlog (blocks of each alternate); then the same with a hostile
  tenant whose every job burns CPU until its limits stop it (the noisy neighbour).

Prints markdown tables; writes benchmarks/results/pool.json.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import redis
from cryptography.fernet import Fernet

from benchmarks.baselines import IP_ALLOWLIST_ACTION
from benchmarks.timing import interleave, markdown_table, percentile
from benchmarks.trigger import quiet_json_logs, redis_server
from executor import Action, Executor
from executor.bench import processes
from executor.event import TRIGGER
from executor.pool.client import PoolClient
from executor.pool.jobs import stream_key
from executor.registry import SECRET_KEY_ENV, Registry
from executor.service.settings import ADMIN_TOKEN_ENV
from executor.stores import RedisStore
from sandbox import Sandbox

RESULTS = Path(__file__).resolve().parent / "results"
EVENT = {"user": {"user_id": "auth0|bench", "email": "b@example.com", "email_verified": True},
         "request": {"ip": "203.0.113.7", "hostname": "login.example.com"}}
"""An event the allow-list denies: every path must answer `denied`."""
EXPECTED = "denied"
ACTION_NAME = "allowlist"
QUIET, FLOOD, HOSTILE = "quiet", "flood", "hostile"
HOSTILE_ACTION = """// Burns CPU until its limits stop it (fuel, default limits: ~1-2 s each).
exports.onExecutePostChallenge = async (event, api) => {
  let x = 0;
  for (;;) { x = (x * 31 + 7) % 1000003; }
};
"""
DRAIN_TIMEOUT_S = 60.0
TARGET_QUEUE_ADDS_MS = 1.0
TARGET_FAIRNESS_RATIO = 2.0


@dataclass(frozen=True)
class Setup:
    """What every phase shares: Redis, the keys, the tenants, where the processes log."""

    redis_url: str
    secret_key: str
    admin_token: str
    tenants: tuple[str, ...]
    logs: Path


@contextlib.contextmanager
def workers(setup: Setup, count: int, concurrency: int, label: str, *extra: str
            ) -> Iterator[list[subprocess.Popen[bytes]]]:
    """`count` `executor worker` subprocesses, each ready, their logs under `label`; stopped
    (SIGTERM, then kill) on the way out whatever happens.
    """
    logs = setup.logs / label
    logs.mkdir(exist_ok=True)
    env = processes.child_env(**{SECRET_KEY_ENV: setup.secret_key})
    with processes.workers(setup.redis_url, count, concurrency=concurrency, env=env,
                           logs=logs, args=extra) as procs:
        yield procs


@contextlib.contextmanager
def service(setup: Setup) -> Iterator[str]:
    """One `executor serve` subprocess in queue mode; yields its base URL once /healthz
    answers 200. Stopped on the way out.
    """
    env = processes.child_env(**{SECRET_KEY_ENV: setup.secret_key,
                                 ADMIN_TOKEN_ENV: setup.admin_token})
    with processes.service(setup.redis_url, env=env, logs=setup.logs) as (base, _):
        yield base


def deploy(setup: Setup) -> None:
    """The allow-list action (HOSTILE's loop for HOSTILE), deployed and bound for every tenant
    through the Registry; the on-disk program cache warmed so that no process compiles it on
    the clock.
    """
    code = IP_ALLOWLIST_ACTION.read_text()
    with Registry(setup.redis_url, secret_key=setup.secret_key) as registry:
        for tenant in setup.tenants:
            registry.deploy(tenant, ACTION_NAME, HOSTILE_ACTION if tenant == HOSTILE else code)
            registry.bind(tenant, TRIGGER, [ACTION_NAME])
    with Sandbox() as sandbox:
        sandbox.load_action(code)
        sandbox.load_action(HOSTILE_ACTION)


def tenant_keys(base: str, setup: Setup) -> dict[str, str]:
    """An API key per tenant, created over HTTP with the admin token (as an operator does)."""
    keys = {}
    with httpx.Client(base_url=base, timeout=10.0) as client:
        for tenant in setup.tenants:
            response = client.post(f"/v1/tenants/{tenant}/keys",
                                   headers={"Authorization": f"Bearer {setup.admin_token}"})
            response.raise_for_status()
            keys[tenant] = response.json()["key"]
    return keys


def expect(result: dict[str, Any], path: str) -> None:
    """Every measured execution must have run the action (a fast failure is no figure)."""
    if result.get("status") != EXPECTED:
        raise RuntimeError(f"{path}: expected {EXPECTED}, got {json.dumps(result)[:500]}")


def latency_cases(setup: Setup, executor: Executor, registry: Registry, *, pool: PoolClient,
                  http: httpx.Client, raw: redis.Redis, keys: dict[str, str]
                  ) -> dict[str, Callable[[], None]]:
    """The paths timed against each other; each takes the tenants in turn."""
    tenants = [t for t in setup.tenants if t not in (QUIET, FLOOD, HOSTILE)]
    action = Action(ACTION_NAME, IP_ALLOWLIST_ACTION.read_text())
    turns = {name: itertools.cycle(tenants) for name in ("a", "a+", "b", "c")}
    headers = {t: {"Authorization": f"Bearer {keys[t]}"} for t in tenants}

    def inprocess() -> None:
        result = executor.run([action], EVENT, tenant=next(turns["a"]), trigger=TRIGGER)
        expect(result.to_dict(), "in-process")

    def inprocess_resolved() -> None:
        tenant = next(turns["a+"])
        actions = [d.action() for d in registry.resolve(tenant, TRIGGER)]
        expect(executor.run(actions, EVENT, tenant=tenant, trigger=TRIGGER).to_dict(),
               "in-process + registry")

    def queue() -> None:
        expect(pool.execute(next(turns["b"]), TRIGGER, EVENT, timeout_s=10.0), "queue")

    def over_http() -> None:
        tenant = next(turns["c"])
        response = http.post(f"/v1/tenants/{tenant}/triggers/{TRIGGER}/execute",
                             headers=headers[tenant], json={"event": EVENT})
        if response.status_code != 200:
            raise RuntimeError(f"http: {response.status_code} {response.text[:500]}")
        expect(response.json(), "http")

    def ping() -> None:
        raw.ping()

    def healthz() -> None:
        if http.get("/healthz").status_code != 200:
            raise RuntimeError("http: /healthz not 200")

    return {
        "(r) one Redis round trip: PING": ping,
        "(h) HTTP floor: GET /healthz (PING in a thread)": healthz,
        "(a) in-process: Executor(RedisStore)": inprocess,
        "(a+) in-process + registry resolve": inprocess_resolved,
        "(b) queue: PoolClient.execute": queue,
        "(c) HTTP: POST .../execute": over_http,
    }


def concurrently(threads: int, jobs: int, job: Callable[[int], None]) -> float:
    """Run job(0..jobs-1) from `threads` threads taking numbers in turn; wall seconds."""
    numbers = iter(range(jobs))
    lock = threading.Lock()
    errors: list[BaseException] = []

    def loop() -> None:
        while not errors:
            with lock:
                n = next(numbers, None)
            if n is None:
                return
            try:
                job(n)
            except BaseException as exc:
                errors.append(exc)
                return

    pool = [threading.Thread(target=loop, name=f"client-{i}") for i in range(threads)]
    start = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise errors[0]
    return elapsed


def row(label: str, xs: Sequence[float], **extra: object) -> dict[str, object]:
    """Median, p90, p99 in ms and executions/s on one thread (1 / mean)."""
    return {"case": label, **extra, "median_ms": statistics.median(xs) * 1e3,
            "p90_ms": percentile(xs, 90) * 1e3, "p99_ms": percentile(xs, 99) * 1e3,
            "per_s": 1 / statistics.fmean(xs), "n": len(xs)}


def configuration(setup: Setup, base: str, keys: dict[str, str], executor: Executor, *,
                  count: int, args: argparse.Namespace) -> dict[str, Any]:
    """With `count` fresh workers: interleaved latency of the paths, then throughput."""
    print(f"-- {count} worker(s), concurrency {args.concurrency} each", file=sys.stderr)
    with (workers(setup, count, args.concurrency, f"w{count}"),
          Registry(setup.redis_url, secret_key=setup.secret_key) as registry,
          PoolClient(setup.redis_url) as pool, redis.Redis.from_url(setup.redis_url) as raw,
          httpx.Client(base_url=base, timeout=10.0) as http):
        cases = latency_cases(setup, executor, registry, pool=pool, http=http, raw=raw,
                              keys=keys)
        # Warm-up: every worker loads the program (concurrent jobs reach every worker),
        # connections open, the service's threads start.
        concurrently(2 * count * args.concurrency, args.warmup * count,
                     lambda n: cases["(b) queue: PoolClient.execute"]())
        for fn in cases.values():
            for _ in range(args.warmup):
                fn()
        samples = interleave(cases, rounds=args.rounds, per_round=args.per_round)
        rows = [row(name, xs, workers=count) for name, xs in samples.items()]

        tenants = [t for t in setup.tenants if t not in (QUIET, FLOOD, HOSTILE)]
        waits: dict[str, list[float]] = {t: [] for t in tenants}

        def job(n: int) -> None:
            tenant = tenants[n % len(tenants)]
            start = time.perf_counter()
            expect(pool.execute(tenant, TRIGGER, EVENT, timeout_s=30.0), "throughput")
            waits[tenant].append(time.perf_counter() - start)

        elapsed = concurrently(args.threads, args.jobs, job)
        every = [x for xs in waits.values() for x in xs]
        by_tenant = {t: statistics.median(xs) * 1e3 for t, xs in waits.items() if xs}
        throughput = {"workers": count, "client_threads": args.threads, "jobs": args.jobs,
                      "seconds": elapsed, "jobs_per_s": args.jobs / elapsed,
                      "p50_ms": statistics.median(every) * 1e3,
                      "p99_ms": percentile(every, 99) * 1e3,
                      "tenant_p50_ms_best": min(by_tenant.values()),
                      "tenant_p50_ms_worst": max(by_tenant.values()),
                      "worst_tenant": max(by_tenant, key=lambda t: by_tenant[t])}
    medians = {name: statistics.median(xs) for name, xs in samples.items()}
    base_median = medians["(a) in-process: Executor(RedisStore)"]
    adds = [{"workers": count, "path": path, "adds_at_p50_ms": (medians[name] - base_median) * 1e3}
            for path, name in (("queue (b - a)", "(b) queue: PoolClient.execute"),
                               ("HTTP (c - a)", "(c) HTTP: POST .../execute"),
                               ("registry resolve (a+ - a)",
                                "(a+) in-process + registry resolve"))]
    return {"latency": rows, "adds": adds, "throughput": throughput}


class Flooder(threading.Thread):
    """Submits a flooding tenant's jobs without waiting for them, as fast as it can while the
    tenant's stream holds fewer than `backlog` unanswered jobs; stops when told, after
    `max_jobs`, or after `max_s`, whichever comes first.
    """

    def __init__(self, pool: PoolClient, raw: redis.Redis, backlog: int, max_jobs: int,
                 max_s: float, *, tenant: str = FLOOD) -> None:
        super().__init__(name="flooder", daemon=True)
        self.pool, self.raw, self.tenant = pool, raw, tenant
        self.backlog, self.max_jobs, self.max_s = backlog, max_jobs, max_s
        self.done = threading.Event()
        self.submitted = 0
        self.depths: list[int] = []
        self.error: BaseException | None = None

    def depth(self) -> int:
        """The tenant's unanswered jobs (answered entries are deleted from the stream)."""
        return int(self.raw.xlen(stream_key(self.tenant)))

    def run(self) -> None:
        """Top the backlog up; checks the depth every 16 submissions or 1 ms pause."""
        deadline = time.monotonic() + self.max_s
        try:
            while (not self.done.is_set() and self.submitted < self.max_jobs
                   and time.monotonic() < deadline):
                depth = self.depth()
                self.depths.append(depth)
                if depth >= self.backlog:
                    time.sleep(0.001)
                    continue
                for _ in range(min(16, self.max_jobs - self.submitted)):
                    self.pool.submit(self.tenant, TRIGGER, EVENT)
                    self.submitted += 1
        except BaseException as exc:
            self.error = exc


def fairness(setup: Setup, args: argparse.Namespace, flood: str = FLOOD,
             backlog: int | None = None) -> dict[str, Any]:
    """One worker: QUIET's sequential latency alone and under `flood`'s backlog, in
    alternating blocks. For HOSTILE (jobs that run until their limits stop them) the backlog
    left after each block is trimmed rather than drained.
    """
    concurrency = args.fair_concurrency
    backlog = backlog or args.flood_backlog
    print(f"-- fairness: 1 worker, concurrency {concurrency}, flood by {flood}",
          file=sys.stderr)
    unloaded: list[float] = []
    loaded: list[float] = []
    flood_jobs = 0
    depths: list[int] = []
    block = max(1, args.fair_n // args.fair_blocks)
    with (workers(setup, 1, concurrency, "fair", "--heavy-ms", str(args.heavy_ms)),
          PoolClient(setup.redis_url) as pool,
          redis.Redis.from_url(setup.redis_url) as raw):

        def quiet(into: list[float]) -> None:
            for _ in range(block):
                start = time.perf_counter()
                expect(pool.execute(QUIET, TRIGGER, EVENT, timeout_s=30.0), "quiet")
                into.append(time.perf_counter() - start)

        def drain() -> None:
            if flood == HOSTILE:  # jobs not yet read are dropped; those in flight finish
                raw.xtrim(stream_key(flood), maxlen=0)
            deadline = time.monotonic() + DRAIN_TIMEOUT_S
            while raw.xlen(stream_key(flood)) and time.monotonic() < deadline:
                time.sleep(0.02)

        for _ in range(args.warmup):  # warm-up
            expect(pool.execute(QUIET, TRIGGER, EVENT, timeout_s=30.0), QUIET)
            if flood != HOSTILE:
                expect(pool.execute(flood, TRIGGER, EVENT, timeout_s=30.0), flood)
        for _ in range(args.fair_blocks):
            quiet(unloaded)
            flooder = Flooder(pool, raw, backlog, args.flood_max, args.flood_max_s, tenant=flood)
            flooder.start()
            try:
                deadline = time.monotonic() + 10
                while flooder.depth() < backlog // 2 and time.monotonic() < deadline:
                    time.sleep(0.005)  # let the backlog build before timing
                before = len(flooder.depths)
                quiet(loaded)
                depths += flooder.depths[before:]
            finally:
                flooder.done.set()
                flooder.join()
            if flooder.error is not None:
                raise flooder.error
            flood_jobs += flooder.submitted
            drain()
    ratio = percentile(loaded, 99) / percentile(unloaded, 99)
    return {
        "flood": flood,
        "latency": [row(f"{QUIET}: alone", unloaded),
                    row(f"{QUIET}: while {flood} keeps a backlog", loaded)],
        "p99_ratio": ratio, "p50_ratio": statistics.median(loaded) / statistics.median(unloaded),
        "flood_jobs": flood_jobs, "concurrency": concurrency,
        "flood_depth_median": statistics.median(depths) if depths else None,
        "flood_depth_min": min(depths) if depths else None,
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Every phase, on one redis-server and one service; processes stopped whatever happens."""
    tenants = (*(f"t{i}" for i in range(args.tenants)), QUIET, FLOOD, HOSTILE)
    with (redis_server() as url, tempfile.TemporaryDirectory(prefix="bench-pool-") as tmp):
        setup = Setup(url, Fernet.generate_key().decode(), secrets.token_urlsafe(32), tenants,
                      Path(tmp))
        deploy(setup)
        result: dict[str, Any] = {"python": sys.version.split()[0], "cpus": os.cpu_count(),
                                  "args": vars(args), "configurations": []}
        with (service(setup) as base, Executor(RedisStore(url)) as executor):
            keys = tenant_keys(base, setup)
            for count in [] if args.noisy_only else args.workers:
                result["configurations"].append(
                    configuration(setup, base, keys, executor, count=count, args=args))
        if args.fair_n and not args.noisy_only:
            result["fairness"] = fairness(setup, args)
        if args.fair_n:
            result["noisy_neighbour"] = fairness(setup, args, HOSTILE, args.hostile_backlog)
    return result


def report(result: dict[str, Any]) -> str:
    """The markdown tables."""
    configs = result["configurations"]
    out: list[str] = []
    if configs:
        out.append(markdown_table([r for c in configs for r in c["latency"]]))
    adds = [{**a, "target": f"<= {TARGET_QUEUE_ADDS_MS:g} ms: "
             + ("met" if a["adds_at_p50_ms"] <= TARGET_QUEUE_ADDS_MS else "not met")
             if a["path"].startswith("queue") else None}
            for c in configs for a in c["adds"]]
    if configs:
        out.append(markdown_table(adds))
        out.append(markdown_table([c["throughput"] for c in configs], ".1f"))
    for fair in filter(None, (result.get("fairness"), result.get("noisy_neighbour"))):
        out.append(markdown_table(fair["latency"]))
        ok = fair["p99_ratio"] <= TARGET_FAIRNESS_RATIO
        out.append(f"quiet p99 loaded / unloaded: **{fair['p99_ratio']:.2f}x** "
                   f"(target <= {TARGET_FAIRNESS_RATIO:g}x: {'met' if ok else 'not met'}); "
                   f"p50 {fair['p50_ratio']:.2f}x; 1 worker, concurrency "
                   f"{fair['concurrency']}; {fair['flood_jobs']} {fair['flood']} jobs submitted, "
                   f"backlog while timed: median {fair['flood_depth_median']}, "
                   f"min {fair['flood_depth_min']}\n")
    return "\n".join(out)


def main() -> int:
    """Runs the benchmark; prints markdown tables and writes results/pool.json."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2],
                        help="worker counts to measure, restarted between (default: 1 2)")
    parser.add_argument("--concurrency", type=int, default=2, help="threads per worker")
    parser.add_argument("--tenants", type=int, default=4, help="tenants the paths rotate over")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--per-round", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=50, help="untimed calls per case")
    parser.add_argument("--threads", type=int, default=8, help="client threads, throughput")
    parser.add_argument("--jobs", type=int, default=3000, help="jobs per throughput run")
    parser.add_argument("--fair-n", type=int, default=400,
                        help="quiet executions per condition (0: skip fairness)")
    parser.add_argument("--fair-blocks", type=int, default=4,
                        help="alternating unloaded/loaded blocks")
    parser.add_argument("--fair-concurrency", type=int, default=2)
    parser.add_argument("--noisy-only", action="store_true",
                        help="only the noisy-neighbour phase (quiet tenant vs hostile one)")
    parser.add_argument("--heavy-ms", type=int, default=50,
                        help="the fairness workers' --heavy-ms (a huge value: one lane)")
    parser.add_argument("--hostile-backlog", type=int, default=8,
                        help="jobs the hostile tenant keeps queued (each runs ~1-2 s)")
    parser.add_argument("--flood-backlog", type=int, default=200,
                        help="flood jobs kept waiting in the stream")
    parser.add_argument("--flood-max", type=int, default=50_000,
                        help="most flood jobs submitted per block")
    parser.add_argument("--flood-max-s", type=float, default=60.0,
                        help="longest a flooder runs")
    args = parser.parse_args()
    quiet_json_logs()
    start = time.monotonic()
    result = run(args)
    result["wall_s"] = time.monotonic() - start
    print(report(result))
    print(f"wall time {result['wall_s']:.0f} s", file=sys.stderr)
    RESULTS.mkdir(exist_ok=True)
    name = "pool-noisy.json" if args.noisy_only else "pool.json"
    (RESULTS / name).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
