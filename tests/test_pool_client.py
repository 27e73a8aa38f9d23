"""The pool's parts that need no worker process: submitting, job fields, idempotent flows."""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
import redis

from executor import Action, Executor
from executor.pool.client import PoolClient
from executor.pool.jobs import GROUP, TENANTS_KEY, Job, MalformedJob, stream_key
from executor.pool.lanes import SLOW_NICE, Lanes, lower_this_threads_priority
from executor.pool.slots import Slots
from executor.pool.worker import Reader, WorkerSettings
from executor.stores import SqliteStore
from sandbox.errors import InvalidEvent, StoreUnavailable, Timeout

TRIGGER = "password-reset-post-challenge"
EVENT = {"user": {"user_id": "u1"}, "request": {"ip": "1.2.3.4"}}
COUNTER = """
exports.onExecutePostChallenge = async (event, api) => {
  const rec = api.cache.get("count");
  api.cache.set("count", String((rec ? Number(rec.value) : 0) + 1), { ttl: 600000 });
};
"""
SUSPEND = """
exports.onExecutePostChallenge = async (event, api) => {
  api.prompt.render("reason", { fields: { reason: "" } });
};
exports.onContinuePostChallenge = async (event, api) => {
  const rec = api.cache.get("count");
  api.cache.set("count", String((rec ? Number(rec.value) : 0) + 1), { ttl: 600000 });
};
"""


@pytest.fixture
def pool(redis_url: str) -> Iterator[PoolClient]:
    """A client of the flushed session server."""
    with PoolClient(redis_url) as client:
        yield client


@pytest.fixture
def executor(tmp_path: Path) -> Iterator[Executor]:
    """An executor on a fresh SQLite store."""
    with Executor(SqliteStore(tmp_path / "store.sqlite3")) as ex:
        yield ex


def test_submit_puts_the_job_on_the_tenant_stream(pool: PoolClient, redis_url: str) -> None:
    """A submitted job is one entry of its tenant's stream, its group exists, the tenant is
    listed.
    """
    job_id = pool.submit("acme", TRIGGER, EVENT)
    with redis.Redis.from_url(redis_url) as raw:
        entries = raw.xrange(stream_key("acme"))
        groups = raw.xinfo_groups(stream_key("acme"))
        tenants = raw.smembers(TENANTS_KEY)
    assert len(entries) == 1
    job = Job.from_fields("acme", entries[0][1])
    assert (job.id, job.kind, job.tenant, job.trigger, job.event) == (
        job_id, "execute", "acme", TRIGGER, EVENT)
    assert [g["name"] for g in groups] == [GROUP.encode()]
    assert tenants == {b"acme"}


def test_wait_times_out_without_workers(pool: PoolClient) -> None:
    """Without a worker, execute raises Timeout once its timeout has passed."""
    started = time.monotonic()
    with pytest.raises(Timeout, match="no result"):
        pool.execute("acme", TRIGGER, EVENT, timeout_s=0.3)
    assert 0.3 <= time.monotonic() - started < 2


def test_unreachable_redis_is_store_unavailable(redis_process: object) -> None:
    """A client of a server that is not there raises StoreUnavailable, naming no password."""
    with PoolClient("redis://user:hunter2@127.0.0.1:1/0") as client:
        with pytest.raises(StoreUnavailable) as caught:
            client.execute("acme", TRIGGER, EVENT, timeout_s=1)
        assert "hunter2" not in str(caught.value) + repr(client)


@pytest.mark.parametrize(("tenant", "trigger", "event"), [
    ("a:b", TRIGGER, EVENT), ("", TRIGGER, EVENT), ("acme", "x y", EVENT),
    ("acme", TRIGGER, {"f": object()}),
])
def test_unusable_input_is_refused_before_redis(tenant: str, trigger: str, event: object,
                                                pool: PoolClient, redis_url: str) -> None:
    """A tenant or trigger outside the name alphabet, or an event that is not data, raises
    InvalidEvent and queues nothing.
    """
    with pytest.raises(InvalidEvent):
        pool.submit(tenant, trigger, event)
    with redis.Redis.from_url(redis_url) as raw:
        assert raw.smembers(TENANTS_KEY) == set()


def test_closed_client_is_unavailable(redis_url: str) -> None:
    """Close is idempotent; a closed client raises StoreUnavailable."""
    client = PoolClient(redis_url)
    client.close()
    client.close()
    with pytest.raises(StoreUnavailable, match="closed"):
        client.submit("acme", TRIGGER, EVENT)


def good_fields() -> dict[bytes, bytes]:
    """The fields of a valid execute job of tenant acme."""
    return {k.encode(): v if isinstance(v, bytes) else str(v).encode()
            for k, v in Job.new("execute", "acme", TRIGGER, EVENT).fields().items()}


@pytest.mark.parametrize(("field", "value"), [
    (b"id", b"not-hex"), (b"kind", b"explode"), (b"tenant", b"other"), (b"trigger", b"a:b"),
    (b"payload", b"\xc1"), (b"submitted_ms", b"soon"), (b"id", None),
])
def test_malformed_jobs_are_refused(field: bytes, value: bytes | None) -> None:
    """An entry with a bad id, kind, tenant, trigger, payload or time is MalformedJob."""
    fields = good_fields()
    if value is None:
        del fields[field]
    else:
        fields[field] = value
    with pytest.raises(MalformedJob):
        Job.from_fields("acme", fields)


def test_continue_jobs_need_a_request_object() -> None:
    """A continue job's payload must be {state, request} with request an object."""
    job = Job.new("continue", "acme", TRIGGER, {"state": "s", "request": []})
    fields = {k.encode(): v if isinstance(v, bytes) else str(v).encode()
              for k, v in job.fields().items()}
    with pytest.raises(MalformedJob):
        Job.from_fields("acme", fields)


def test_slots_cap_each_tenant_and_the_total() -> None:
    """A tenant at its share, or a full worker, is not read from; a release reopens it."""
    slots = Slots(concurrency=3, per_tenant=2)
    assert slots.take("a", "1-0") and slots.take("a", "2-0")
    assert not slots.take("a", "2-0")  # the same entry twice: already held
    assert slots.readable(["a", "b"], 0) == ["b"]
    assert slots.take("b", "1-0")
    assert slots.readable(["a", "b"], 0) == []
    slots.release("a", "1-0")
    assert slots.readable(["a", "b"], 0) == ["a", "b"]
    assert slots.held() == {"a": ["2-0"], "b": ["1-0"]}


@pytest.mark.parametrize(("concurrency", "cap"), [(1, 1), (2, 1), (3, 2), (8, 4)])
def test_default_tenant_share_is_half_the_threads(concurrency: int, cap: int) -> None:
    """A tenant may hold ceil(concurrency / 2) jobs of a worker, at least one."""
    assert WorkerSettings("redis://x", concurrency=concurrency).tenant_cap == cap


def test_a_named_execution_commits_once(executor: Executor) -> None:
    """Run twice with one execution id, a flow commits once and answers the same twice."""
    action = [Action("counter", COUNTER)]
    first = executor.run(action, EVENT, tenant="acme", execution_id="e1")
    again = executor.run(action, EVENT, tenant="acme", execution_id="e1")
    other = executor.run(action, EVENT, tenant="acme", execution_id="e2")
    assert first.to_dict() == again.to_dict()
    assert first.execution_id == again.execution_id == "e1"
    assert first.to_dict()["cache"]["set"]["count"]["value"] == "1"
    assert other.to_dict()["cache"]["set"]["count"]["value"] == "2"


def test_a_named_resume_answers_the_same_twice(executor: Executor) -> None:
    """Resumed twice with one execution id, the second resume gets the first's result, not
    invalid_state for the state the first consumed; another id does get invalid_state.
    """
    suspended = executor.run([Action("reason", SUSPEND)], EVENT, tenant="acme")
    assert suspended.status == "prompt" and suspended.state
    request = {"prompt": {"id": "reason", "fields": {"reason": "x"}}}
    first = executor.resume(suspended.state, request, tenant="acme", execution_id="r1")
    again = executor.resume(suspended.state, request, tenant="acme", execution_id="r1")
    other = executor.resume(suspended.state, request, tenant="acme", execution_id="r2")
    assert first.status == "completed"
    assert again.to_dict() == first.to_dict()
    assert (other.error or {}).get("type") == "invalid_state"


def test_reader_rotation_serves_every_backlogged_tenant_equally() -> None:
    """With one free slot and the tenant just served at its cap, the reader's order still
    rotates over every tenant (an index-based cursor once starved one of them).
    """
    reader = Reader(cast("Any", None))
    tenants = ["t0", "t1", "t2", "t3"]
    served: list[str] = []
    capped: str | None = None
    for _ in range(40):
        eligible = [t for t in tenants if t != capped]
        first = reader._rotated(eligible)[0]  # every tenant has a backlog: the first serves
        reader.last = first
        served.append(first)
        capped = first
    assert Counter(served) == {t: 10 for t in tenants}


def answer_jobs(redis_url: str, tenant: str, delay_s: float, count: int = 1
                ) -> threading.Thread:
    """A stand-in worker thread: reads `count` jobs of the tenant and, after `delay_s`,
    pushes a result naming the job id, as a worker's publish does.
    """

    def run() -> None:
        with redis.Redis.from_url(redis_url) as raw:
            answered = 0
            deadline = time.monotonic() + 10
            while answered < count and time.monotonic() < deadline:
                with contextlib.suppress(redis.ResponseError):  # no group yet
                    reply = raw.xreadgroup(GROUP, "fake", {stream_key(tenant): ">"}, count=1,
                                           block=100)
                    for _, entries in reply or []:
                        for _, fields in entries:
                            job = Job.from_fields(tenant, fields)
                            time.sleep(delay_s)
                            raw.rpush(f"exec:result:{job.id}",
                                      json.dumps({"status": "completed", "execution_id": job.id}))
                            answered += 1
                time.sleep(0.01)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("delay_s", [0.0, 0.6])
def test_execute_returns_the_result_whether_early_or_late(pool: PoolClient, redis_url: str,
                                                          delay_s: float) -> None:
    """The result comes back whether it arrives within the BLPOP sent with the submission
    or after it (the usual wait takes over), and the job is submitted exactly once.
    """
    answer_jobs(redis_url, "acme", delay_s)
    result = pool.execute("acme", TRIGGER, EVENT, timeout_s=5)
    assert result["status"] == "completed"
    with redis.Redis.from_url(redis_url) as raw:
        assert raw.xlen(stream_key("acme")) == 1
        assert [e[1][b"id"].decode() for e in raw.xrange(stream_key("acme"))] == [
            result["execution_id"]]


def test_execute_after_the_server_forgot_the_script(pool: PoolClient, redis_url: str) -> None:
    """After SCRIPT FLUSH (a restarted server), execute submits once and still answers."""
    pool.submit("acme", TRIGGER, EVENT)  # the script is loaded now
    with redis.Redis.from_url(redis_url) as raw:
        raw.script_flush()
        raw.delete(stream_key("acme"))
    answer_jobs(redis_url, "acme", 0.0)
    result = pool.execute("acme", TRIGGER, EVENT, timeout_s=5)
    assert result["status"] == "completed"
    with redis.Redis.from_url(redis_url) as raw:
        assert raw.xlen(stream_key("acme")) == 1


def test_a_deadline_round_trips_and_expires() -> None:
    """A job's deadline survives the stream fields; past it the job is expired, and a job
    without one never expires.
    """
    job = Job.new("execute", "acme", TRIGGER, EVENT, timeout_s=2)
    fields = {k.encode(): str(v).encode() if not isinstance(v, bytes) else v
              for k, v in job.fields().items()}
    back = Job.from_fields("acme", fields)
    assert back.deadline_ms == job.deadline_ms
    assert job.deadline_ms is not None
    assert not back.expired(job.deadline_ms) and back.expired(job.deadline_ms + 1)
    assert not Job.new("execute", "acme", TRIGGER, EVENT).expired(2**62)


def test_lanes_follow_a_tenants_recent_job_times() -> None:
    """A tenant turns heavy once its jobs average over the threshold, and light again when
    they become short; a tenant never seen is light.
    """
    lanes = Lanes(heavy_ms=50)
    assert not lanes.heavy("new")
    lanes.record("burner", 1500)
    assert lanes.heavy("burner")
    for _ in range(12):
        lanes.record("burner", 1)
    assert not lanes.heavy("burner")
    lanes.record("quick", 2)
    assert not lanes.heavy("quick")


def test_a_slow_lane_thread_lowers_only_its_own_priority() -> None:
    """The slow lane's priority drop applies to the calling thread, not to the process."""
    seen: dict[str, int] = {}

    def slow() -> None:
        assert lower_this_threads_priority()
        seen["thread"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    thread = threading.Thread(target=slow)
    thread.start()
    thread.join()
    assert seen["thread"] == min(19, before + SLOW_NICE)
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before


def test_take_script_takes_the_first_free_streams_with_jobs(pool: PoolClient,
                                                            redis_url: str) -> None:
    """take.lua, given streams in turn order, takes one job from each of the first N that
    have one, skips empty ones, and leaves the rest undelivered for other workers.
    """
    from executor.pool.worker import TAKE_LUA

    ids = {t: pool.submit(t, TRIGGER, EVENT) for t in ("t1", "t3", "t4")}
    with redis.Redis.from_url(redis_url) as raw:
        raw.xgroup_create(stream_key("t0"), GROUP, id="0", mkstream=True)
        take = raw.register_script(TAKE_LUA)
        streams = [stream_key(t) for t in ("t0", "t1", "t2", "t3", "t4")]
        raw.xgroup_create(stream_key("t2"), GROUP, id="0", mkstream=True)
        first = take(keys=streams, args=[GROUP, "w1", 2])
        assert [(s.decode(), Job.from_fields(s.decode()[10:], dict(
            zip(f[::2], f[1::2], strict=True))).id) for s, _, f in first] == [
            (stream_key("t1"), ids["t1"]), (stream_key("t3"), ids["t3"])]
        rest = take(keys=streams, args=[GROUP, "w2", 5])
        assert [s.decode() for s, _, _ in rest] == [stream_key("t4")]
        assert take(keys=streams, args=[GROUP, "w3", 5]) == []


def test_pending_script_names_only_streams_with_unacknowledged_jobs(pool: PoolClient,
                                                                    redis_url: str) -> None:
    """pending.lua picks the streams holding delivered, unacknowledged jobs: not the empty
    ones, not those whose jobs nobody was given yet, not a missing stream.
    """
    from executor.pool.janitor import PENDING_LUA

    for tenant in ("idle", "queued", "running"):
        pool.submit(tenant, TRIGGER, EVENT)
    with redis.Redis.from_url(redis_url) as raw:
        raw.xreadgroup(GROUP, "w1", {stream_key("running"): ">"}, count=1)
        idle = raw.xreadgroup(GROUP, "w1", {stream_key("idle"): ">"}, count=1)
        raw.xack(stream_key("idle"), GROUP, idle[0][1][0][0])
        pending = raw.register_script(PENDING_LUA)
        keys = [stream_key(t) for t in ("idle", "queued", "running", "missing")]
        assert pending(keys=keys, args=[GROUP]) == [3]


def test_publish_answers_only_while_the_worker_owns_the_job(pool: PoolClient,
                                                           redis_url: str) -> None:
    """A worker whose job another worker claimed meanwhile (it was cut off from Redis past
    the claim idle time) publishes nothing; the owner's answer is the one the caller gets.
    """
    from executor.pool.runner import PUBLISH_LUA

    job_id = pool.submit("acme", TRIGGER, EVENT)
    stream, result = stream_key("acme"), f"exec:result:{job_id}"
    with redis.Redis.from_url(redis_url) as raw:
        entry_id = raw.xreadgroup(GROUP, "w1", {stream: ">"}, count=1)[0][1][0][0]
        raw.xclaim(stream, GROUP, "w2", 0, [entry_id])
        publish = raw.register_script(PUBLISH_LUA)

        def answer(worker: str, status: str) -> int:
            return int(publish(keys=[result, stream, f"exec:worker:{worker}"],
                               args=[json.dumps({"status": status}), 60, GROUP, entry_id, 60,
                                     worker]))

        assert answer("w1", "failed") == 0
        assert raw.llen(result) == 0 and raw.xpending(stream, GROUP)["pending"] == 1
        assert answer("w2", "completed") == 1
        assert [json.loads(r)["status"] for r in raw.lrange(result, 0, -1)] == ["completed"]
        assert raw.xpending(stream, GROUP)["pending"] == 0 and raw.xlen(stream) == 0
