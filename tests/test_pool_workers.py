"""The worker pool end to end: real `executor worker` processes on the real redis-server."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import redis
from cryptography.fernet import Fernet
from http_fixture import serving

from executor.pool.client import PoolClient
from executor.pool.jobs import DEAD_KEY, EXECUTE, GROUP, TENANTS_KEY, Job, stream_key
from executor.pool.tenants import REFRESH_S
from executor.pool.worker import BLOCK_MS
from executor.registry import SECRET_KEY_ENV, Registry
from executor.stores import Namespace, RedisStore
from sandbox import InvalidEvent, Sandbox
from sandbox.limits import Limits
from sandbox.platform.egress import NetRules

if TYPE_CHECKING:
    from tests.conftest_redis import RedisProcess

KEY = Fernet.generate_key().decode()
TRIGGER = "password-reset-post-challenge"
EVENT = {"user": {"user_id": "u1"}, "request": {"ip": "1.2.3.4"}}
SECRET = "s3cr3t-never-logged"
PRIVATE = "jane.private@example.com"
READY_TIMEOUT_S = 30.0
BIG = {"fuel": 100_000_000_000, "timeout_ms": 20_000}
"""Limits that let an action spin for seconds."""


def spinning(ms: int) -> str:
    """An action that adds one to the cache's `count` and then spins `ms` in a busy loop."""
    return f"""
exports.onExecutePostChallenge = async (event, api) => {{
  const rec = api.cache.get("count");
  api.cache.set("count", String((rec ? Number(rec.value) : 0) + 1), {{ ttl: 600000 }});
  const end = Date.now() + {ms};
  while (Date.now() < end) {{}}
}};
"""


@dataclass
class WorkerProcess:
    """One `executor worker` subprocess and its stderr log file."""

    proc: subprocess.Popen[bytes]
    log_path: Path

    def events(self, name: str | None = None) -> list[dict[str, Any]]:
        """The JSON log lines written so far (those named `name`, if given)."""
        lines = self.log_path.read_text(errors="replace").splitlines()
        parsed = [json.loads(line) for line in lines if line.startswith("{")]
        return [e for e in parsed if name is None or e.get("event") == name]


Spawn = Callable[..., WorkerProcess]


@pytest.fixture
def spawn(redis_url: str, tmp_path: Path) -> Iterator[Spawn]:
    """Start workers (extra CLI arguments as given) and wait until each is ready; every one
    still alive is terminated, then killed, at teardown.
    """
    started: list[WorkerProcess] = []

    def start(*args: str) -> WorkerProcess:
        log_path = tmp_path / f"worker{len(started)}.log"
        with log_path.open("wb") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "executor", "worker", "--redis", redis_url, *args],
                stderr=log, stdout=subprocess.DEVNULL,
                env={**os.environ, SECRET_KEY_ENV: KEY},
            )
        worker = WorkerProcess(proc, log_path)
        started.append(worker)
        wait_ready(redis_url, worker)
        return worker

    yield start
    for worker in started:
        if worker.proc.poll() is None:
            worker.proc.terminate()
    for worker in started:
        try:
            worker.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.proc.kill()
            worker.proc.wait()


def wait_ready(redis_url: str, worker: WorkerProcess) -> None:
    """Wait until the worker's entry exec:worker:<id> (written once it reads) names its pid."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    with redis.Redis.from_url(redis_url) as raw:
        while time.monotonic() < deadline:
            assert worker.proc.poll() is None, worker.log_path.read_text()
            for key in raw.scan_iter("exec:worker:*"):
                if raw.hget(key, "pid") == str(worker.proc.pid).encode():
                    return
            time.sleep(0.05)
    pytest.fail(f"worker {worker.proc.pid} not ready:\n{worker.log_path.read_text()}")


@pytest.fixture
def raw(redis_url: str) -> Iterator[redis.Redis]:
    """A plain client of the flushed session server."""
    with redis.Redis.from_url(redis_url) as client:
        yield client


@pytest.fixture
def pool(redis_url: str) -> Iterator[PoolClient]:
    """A pool client of the flushed session server."""
    with PoolClient(redis_url) as client:
        yield client


def deploy(redis_url: str, tenant: str, code: str, limits: dict[str, int] | None = None,
           secrets: dict[str, str] | None = None) -> None:
    """Deploy `code` as the tenant's one action bound to the trigger, and warm the on-disk
    program cache with it so that workers do not compile it on the clock.
    """
    with Registry(redis_url, secret_key=KEY) as registry:
        registry.deploy(tenant, "main", code, secrets=secrets, limits=limits)
        registry.bind(tenant, TRIGGER, ["main"])
    with Sandbox() as sandbox:
        sandbox.load_action(code, Limits().override(limits))


def cached_count(redis_url: str, tenant: str) -> str | None:
    """The tenant's committed cache `count`, or None."""
    with RedisStore(redis_url) as store:
        entry = store.cache_load(Namespace(tenant, TRIGGER), int(time.time() * 1000)).get("count")
    return None if entry is None else entry.value


def wait_pending(raw: redis.Redis, tenant: str, timeout_s: float = 10.0) -> str:
    """Wait until a worker has read a job of the tenant; return the consumer holding it."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        pending = raw.xpending_range(stream_key(tenant), GROUP, "-", "+", 1)
        if pending:
            return str(pending[0]["consumer"].decode())
        time.sleep(0.02)
    pytest.fail("no worker read the job")


def wait_for(condition: Callable[[], bool], timeout_s: float) -> None:
    """Poll `condition` until it holds; fail after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"not within {timeout_s} s")
        time.sleep(0.05)


def pending_count(raw: redis.Redis, tenant: str) -> int:
    """Jobs of the tenant read and not yet acknowledged."""
    return int(raw.xpending(stream_key(tenant), GROUP)["pending"])


def test_work_spreads_across_workers(spawn: Spawn, pool: PoolClient, redis_url: str,
                                     raw: redis.Redis) -> None:
    """Jobs submitted together are run by both workers, each counting what it answered;
    neither logs a secret or a value of the event.
    """
    deploy(redis_url, "acme", spinning(50), BIG, secrets={"API_KEY": SECRET})
    workers = [spawn("--concurrency", "1"), spawn("--concurrency", "1")]
    event = {**EVENT, "user": {"user_id": "u1", "email": PRIVATE}}
    # A new tenant's stream is found by each reader within one tenant-list refresh and one
    # blocking read: let both find it, else one worker may finish the burst before the other.
    assert pool.execute("acme", TRIGGER, event, timeout_s=30)["status"] == "completed"
    time.sleep(REFRESH_S + BLOCK_MS / 1000 + 0.5)
    ids = [pool.submit("acme", TRIGGER, event) for _ in range(12)]
    results = [pool.wait(job_id, timeout_s=30) for job_id in ids]
    assert [r["status"] for r in results] == ["completed"] * 12
    counts = [int(raw.hget(key, "jobs") or 0) for key in raw.scan_iter("exec:worker:*")]
    assert len(counts) == 2
    assert sum(counts) == 13
    assert min(counts) >= 1, counts
    for worker in workers:
        text = worker.log_path.read_text()
        assert SECRET not in text and PRIVATE not in text
        assert len(worker.events("execution")) >= 1


def test_a_long_job_on_a_live_worker_is_not_claimed(spawn: Spawn, pool: PoolClient,
                                                   redis_url: str) -> None:
    """A job running far longer than the claim idle time keeps its lease while its worker
    lives: no other worker claims it, and it runs once.
    """
    deploy(redis_url, "acme", spinning(1500), BIG)
    workers = [spawn("--claim-idle-ms", "300"), spawn("--claim-idle-ms", "300")]
    result = pool.execute("acme", TRIGGER, EVENT, timeout_s=20)
    assert result["status"] == "completed"
    assert cached_count(redis_url, "acme") == "1"
    assert [w.events("job_claimed") for w in workers] == [[], []]
    assert sum(len(w.events("execution")) for w in workers) == 1


def test_worker_without_secret_key_exits_2(redis_url: str) -> None:
    """Without EXECUTOR_SECRET_KEY the worker refuses to start, saying how to make a key."""
    env = {k: v for k, v in os.environ.items() if k != SECRET_KEY_ENV}
    done = subprocess.run([sys.executable, "-m", "executor", "worker", "--redis", redis_url],
                          env=env, capture_output=True, timeout=30, check=False)
    assert done.returncode == 2
    assert SECRET_KEY_ENV.encode() in done.stderr


def test_killed_worker_job_completes_elsewhere_once(spawn: Spawn, pool: PoolClient,
                                                   redis_url: str, raw: redis.Redis) -> None:
    """A job whose worker is killed (-9) mid-run is claimed and run by another worker, and
    its cache effect is committed exactly once.
    """
    deploy(redis_url, "acme", spinning(1500), BIG)
    doomed = spawn()
    job_id = pool.submit("acme", TRIGGER, EVENT)
    wait_pending(raw, "acme")
    time.sleep(0.4)  # inside the busy loop
    doomed.proc.send_signal(signal.SIGKILL)
    doomed.proc.wait()
    rescuer = spawn("--claim-idle-ms", "2000")
    result = pool.wait(job_id, timeout_s=30)
    assert result["status"] == "completed", result
    assert result["cache"]["set"]["count"]["value"] == "1"
    assert cached_count(redis_url, "acme") == "1"
    assert pending_count(raw, "acme") == 0
    assert [e["deliveries"] for e in rescuer.events("job_claimed")] == [2]


def test_a_redelivered_job_commits_once_and_answers_the_same(
        spawn: Spawn, pool: PoolClient, redis_url: str, raw: redis.Redis) -> None:
    """The same job put on the stream twice commits its effects once and answers the same."""
    deploy(redis_url, "acme", spinning(0), BIG)
    spawn()
    job = Job.new("execute", "acme", TRIGGER, EVENT)
    raw.xadd(stream_key("acme"), job.fields())
    raw.sadd(TENANTS_KEY, "acme")  # the worker creates the group, from the stream's start
    first = pool.wait(job.id, timeout_s=20)
    raw.xadd(stream_key("acme"), job.fields())
    again = pool.wait(job.id, timeout_s=20)
    assert first == again
    assert first["cache"]["set"]["count"]["value"] == "1"
    assert cached_count(redis_url, "acme") == "1"


def test_workers_ride_out_a_redis_restart(spawn: Spawn, pool: PoolClient, redis_url: str,
                                          redis_process: RedisProcess) -> None:
    """With redis-server stopped and started again empty, workers reconnect, re-create their
    groups, and later jobs succeed.
    """
    deploy(redis_url, "acme", spinning(0), BIG)
    workers = [spawn(), spawn()]
    assert pool.execute("acme", TRIGGER, EVENT, timeout_s=20)["status"] == "completed"
    redis_process.stop()
    time.sleep(1.5)  # the workers notice and back off
    redis_process.start()
    deploy(redis_url, "acme", spinning(0), BIG)  # the server came back empty
    results = [pool.execute("acme", TRIGGER, EVENT, timeout_s=20) for _ in range(4)]
    assert [r["status"] for r in results] == ["completed"] * 4
    for worker in workers:  # each within its longest back-off (2 s) and one read
        wait_for(lambda w=worker: bool(w.events("redis_reconnected")), timeout_s=5)
        assert worker.proc.poll() is None
        assert worker.events("redis_unavailable")


def test_sigterm_lets_the_job_in_flight_finish(spawn: Spawn, pool: PoolClient, redis_url: str,
                                               raw: redis.Redis) -> None:
    """SIGTERM while a job runs: its result still arrives, nothing stays pending, exit 0."""
    deploy(redis_url, "acme", spinning(1500), BIG)
    worker = spawn()
    job_id = pool.submit("acme", TRIGGER, EVENT)
    wait_pending(raw, "acme")
    time.sleep(0.3)
    worker.proc.send_signal(signal.SIGTERM)
    result = pool.wait(job_id, timeout_s=20)
    assert worker.proc.wait(timeout=15) == 0
    assert result["status"] == "completed"
    assert pending_count(raw, "acme") == 0
    assert raw.xlen(stream_key("acme")) == 0
    events = [e["event"] for e in worker.events()]
    assert events[-3:] == ["worker_stopping", "execution", "worker_stopped"]
    assert not list(raw.scan_iter("exec:worker:*"))


@pytest.mark.parametrize("poison", [{b"payload": b"\xc1"}, {b"kind": b"explode"}],
                         ids=["not-msgpack", "unknown-kind"])
def test_poison_job_is_dead_lettered(poison: dict[bytes, bytes], spawn: Spawn,
                                     pool: PoolClient, raw: redis.Redis) -> None:
    """A job no worker can run is delivered max-deliveries times, then moved to exec:dead,
    and its caller gets a failed result.
    """
    worker = spawn("--max-deliveries", "2", "--claim-idle-ms", "400")
    job = Job.new("execute", "acme", TRIGGER, EVENT)
    raw.xgroup_create(stream_key("acme"), GROUP, id="0", mkstream=True)
    raw.xadd(stream_key("acme"), {**job.fields(), **poison})
    raw.sadd(TENANTS_KEY, "acme")
    result = pool.wait(job.id, timeout_s=20)
    assert result["status"] == "failed"
    assert result["error"] == {"type": "internal", "action": None,
                               "message": "job dead-lettered after 2 deliveries"}
    dead = raw.xrange(DEAD_KEY)
    assert len(dead) == 1
    fields = dead[0][1]
    assert (fields[b"id"], fields[b"deliveries"]) == (job.id.encode(), b"2")
    assert fields[b"reason"] == b"job dead-lettered after 2 deliveries"
    assert pending_count(raw, "acme") == 0
    assert len(worker.events("job_malformed")) == 2


def test_a_flooding_tenant_does_not_starve_a_quiet_one(spawn: Spawn, pool: PoolClient,
                                                       redis_url: str) -> None:
    """With one worker of two threads, 10 jobs of tenant B submitted behind 200 of tenant A
    all finish while most of A's backlog is still waiting.
    """
    for tenant in ("flood", "quiet"):
        deploy(redis_url, tenant, spinning(15), BIG)
    worker = spawn("--concurrency", "2")
    flood = [pool.submit("flood", TRIGGER, EVENT) for _ in range(200)]
    quiet = [pool.submit("quiet", TRIGGER, EVENT) for _ in range(10)]
    for job_id in quiet + flood:
        assert pool.wait(job_id, timeout_s=60)["status"] == "completed"
    order = [e["tenant"] for e in worker.events("execution")]
    assert sorted(order) == ["flood"] * 200 + ["quiet"] * 10
    last_quiet = max(i for i, tenant in enumerate(order) if tenant == "quiet")
    assert order[last_quiet + 1:].count("flood") >= 150, order


HOSTILE = """exports.onExecutePostChallenge = async (event, api) => {
  api.cache.set("count", "1");  // must never be committed: the execution fails
  let x = 0;
  for (;;) { x = (x * 31 + 7) % 1000003; }
};
"""


def test_a_hostile_tenant_does_not_starve_a_quiet_one(spawn: Spawn, pool: PoolClient,
                                                      redis_url: str) -> None:
    """With one worker of two threads, 10 quiet jobs submitted behind 40 CPU-burning jobs of
    a hostile tenant all finish while most of the hostile backlog waits; every hostile job
    fails with fuel_exhausted and nothing of it is committed.
    """
    deploy(redis_url, "hostile", HOSTILE, {"fuel": 100_000_000})
    deploy(redis_url, "quiet", spinning(5), BIG)
    worker = spawn("--concurrency", "2")
    hostile = [pool.submit("hostile", TRIGGER, EVENT) for _ in range(40)]
    quiet = [pool.submit("quiet", TRIGGER, EVENT) for _ in range(10)]
    assert [pool.wait(j, timeout_s=60)["status"] for j in quiet] == ["completed"] * 10
    results = [pool.wait(j, timeout_s=120) for j in hostile]
    assert {(r["status"], r["error"]["type"]) for r in results} == {("failed", "fuel_exhausted")}
    order = [e["tenant"] for e in worker.events("execution")]
    last_quiet = max(i for i, tenant in enumerate(order) if tenant == "quiet")
    assert order[last_quiet + 1:].count("hostile") >= 25, order
    assert cached_count(redis_url, "hostile") is None
    assert worker.proc.poll() is None


def test_a_job_past_its_deadline_is_answered_without_running(spawn: Spawn, pool: PoolClient,
                                                             redis_url: str) -> None:
    """A job whose caller stopped waiting before any worker read it is answered `timeout`
    and runs nothing (its cache write never happens); a fresh job then runs normally.
    """
    deploy(redis_url, "acme", spinning(1), BIG)
    stale = Job.new(EXECUTE, "acme", TRIGGER, EVENT, timeout_s=0.001)
    pool._put(stale)
    time.sleep(0.05)
    spawn("--concurrency", "1")
    result = pool.wait(stale.id, timeout_s=30)
    assert (result["status"], result["error"]["type"]) == ("failed", "timeout")
    assert cached_count(redis_url, "acme") is None
    assert pool.execute("acme", TRIGGER, EVENT, timeout_s=30)["status"] == "completed"
    assert cached_count(redis_url, "acme") == "1"


def test_a_retried_submission_with_its_own_id_commits_once(spawn: Spawn, pool: PoolClient,
                                                           redis_url: str) -> None:
    """A caller that submits the same execution id twice (retrying after a lost reply)
    gets the same answer for both, and the effects are committed once.
    """
    deploy(redis_url, "acme", spinning(1), BIG)
    spawn("--concurrency", "2")
    execution_id = "0123456789abcdef0123456789abcdef"
    first = pool.submit("acme", TRIGGER, EVENT, execution_id=execution_id)
    second = pool.submit("acme", TRIGGER, EVENT, execution_id=execution_id)
    assert first == second == execution_id
    answers = [pool.wait(execution_id, timeout_s=30) for _ in range(2)]
    assert answers[0] == answers[1] and answers[0]["status"] == "completed"
    assert cached_count(redis_url, "acme") == "1"
    with pytest.raises(InvalidEvent):
        pool.submit("acme", TRIGGER, EVENT, execution_id="not-hex")


FETCHER = """exports.onExecutePostChallenge = async (event, api) => {
  try { api.access.deny(`reached ${(await fetch(event.request.query.url)).status}`); }
  catch (err) { api.access.deny(`refused ${err.cause && err.cause.code}`); }
};"""


def test_workers_apply_the_operators_policy_and_the_tenants_grant(spawn: Spawn,
                                                                 pool: PoolClient,
                                                                 redis_url: str) -> None:
    """A worker's --allow-net reaches every tenant's executions; without it a tenant reaches
    a private host only once the registry holds a grant for that tenant.
    """
    deploy(redis_url, "acme", FETCHER)
    deploy(redis_url, "globex", FETCHER)
    with serving() as server:
        event = {**EVENT, "request": {**EVENT["request"], "query": {"url": server.url("/json")}}}
        worker = spawn("--concurrency", "1")
        assert pool.execute("acme", TRIGGER, event, timeout_s=30)["deny"] == {
            "reason": "refused ERR_ACTION_EGRESS_REFUSED"}
        with Registry(redis_url, secret_key=KEY) as registry:
            registry.set_net("acme", NetRules.from_config(
                {"allow": [f"127.0.0.1:{server.port}"]}))
        assert pool.execute("acme", TRIGGER, event, timeout_s=30)["deny"] == {
            "reason": "reached 200"}
        assert pool.execute("globex", TRIGGER, event, timeout_s=30)["deny"] == {
            "reason": "refused ERR_ACTION_EGRESS_REFUSED"}
        worker.proc.terminate()
        worker.proc.wait(timeout=15)
        spawn("--concurrency", "1", "--allow-net", f"127.0.0.1:{server.port}")
        assert pool.execute("globex", TRIGGER, event, timeout_s=30)["deny"] == {
            "reason": "reached 200"}
