"""What operators see and live through: the one log event per execution (with nothing of the
tenant's in it), and Redis going away in the middle of a flow.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from structlog.testing import capture_logs
from test_trigger_support import (
    SECRET,
    TENANT,
    VERIFY_URL,
    Clock,
    cached,
    event_with,
    load_event,
    redis_contents,
    scripted,
    sign,
    token_claims,
)

from executor import TRIGGER, Executor
from executor.stores import Commit, Namespace, RedisStore, Store
from sandbox import Sandbox

if TYPE_CHECKING:
    from conftest_redis import RedisProcess

pytest_plugins = ["test_trigger_support"]

SENTINEL = "Sentinel7f3a"
"""Marks every piece of tenant data in the logging tests: it must never reach a log event."""


# ---- logging


def tenant_data_flow() -> list[Any]:
    """Return a flow whose actions handle secrets, cache data, console output and a deny."""
    first = scripted("first", [
        ["cache.set", f"key-{SENTINEL}", f"value-{SENTINEL}"],
        ["log", f"console-{SENTINEL}"],
        ["redirect.encodeToken", {"secret": f"secret-{SENTINEL}"}],
        ["transaction.setResultUrl", f"https://app.example.com/{SENTINEL}"],
    ], API_KEY=f"secret-{SENTINEL}")
    second = scripted("second", [["access.deny", f"reason-{SENTINEL}"]],
                      OTHER_KEY=f"secret-{SENTINEL}")
    return [first, second]


def executions(logs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the captured "execution" events."""
    return [e for e in logs if e.get("event") == "execution"]


def test_a_run_logs_one_execution_event(ex: Executor) -> None:
    """A run emits exactly one "execution" event with tenant, trigger, id, status and actions."""
    event = event_with(email=f"{SENTINEL}@example.com")
    with capture_logs() as logs:
        r = ex.run(tenant_data_flow(), event, tenant=TENANT)
    assert r.status == "denied"
    (entry,) = executions(logs)
    assert entry["tenant"] == TENANT
    assert entry["trigger"] == TRIGGER
    assert entry["status"] == "denied"
    assert isinstance(entry["execution_id"], str) and entry["execution_id"]
    assert entry["execution_id"] == r.execution_id
    assert [(a["name"], a["handler"], a["status"]) for a in entry["actions"]] == [
        ("first", "onExecutePostChallenge", "ok"), ("second", "onExecutePostChallenge", "ok")]
    for action, report in zip(entry["actions"], r.actions, strict=True):
        assert action["fuel"] == report.fuel
        assert action["memory_bytes"] == report.memory_bytes
    assert SENTINEL not in repr(logs)


def test_execution_ids_are_distinct(ex: Executor) -> None:
    """Every execution has its own id."""
    with capture_logs() as logs:
        for _ in range(3):
            ex.run([scripted("a")], load_event(), tenant=TENANT)
    assert len({e["execution_id"] for e in executions(logs)}) == 3


def test_failures_log_their_type_but_not_their_message(ex: Executor) -> None:
    """A failed run logs the error type and action, never the message the action threw."""
    flow = [scripted("thrower", [["log", f"console-{SENTINEL}"], ["fail", f"boom-{SENTINEL}"]],
                     KEY=f"secret-{SENTINEL}")]
    with capture_logs() as logs:
        r = ex.run(flow, load_event(), tenant=TENANT)
    assert r.error is not None and SENTINEL in r.error["message"]
    (entry,) = executions(logs)
    assert (entry["status"], entry["error_type"], entry["error_action"]) == (
        "failed", "action_error", "thrower")
    assert entry["actions"][0]["error_type"] == "action_error"
    assert SENTINEL not in repr(logs)


def test_refused_input_logs_one_event(ex: Executor) -> None:
    """A run refused before any action still logs its one execution event."""
    with capture_logs() as logs:
        ex.run([scripted("a")], {"user": {"email": f"{SENTINEL}@example.com"}}, tenant=TENANT)
    (entry,) = executions(logs)
    assert (entry["status"], entry["error_type"], entry["actions"]) == (
        "failed", "invalid_event", [])
    assert SENTINEL not in repr(logs)


def test_a_resume_logs_one_execution_event(ex: Executor, clock: Clock) -> None:
    """A resume logs one event too; the validated token and its claims stay out of it."""
    flow = [scripted("v", [["redirect.sendUserTo", VERIFY_URL, {"query": {"q": SENTINEL}}]],
                     [["redirect.validateToken", {"secret": SECRET}],
                      ["log", f"console-{SENTINEL}"]])]
    r = ex.run(flow, load_event(), tenant=TENANT)
    assert r.state is not None
    token = sign(token_claims(r.state, clock(), note=SENTINEL))
    with capture_logs() as logs:
        done = ex.resume(r.state, {"query": {"session_token": token}}, tenant=TENANT)
    assert done.status == "completed"
    (entry,) = executions(logs)
    assert (entry["tenant"], entry["status"], entry["kind"]) == (TENANT, "completed", "resume")
    assert [a["handler"] for a in entry["actions"]] == ["onContinuePostChallenge"]
    assert SENTINEL not in repr(logs)
    assert r.state not in repr(logs)


# ---- Redis going away


@pytest.fixture
def redis_ex(redis_url: str, sb: Sandbox, clock: Clock) -> Iterator[Executor]:
    """Provide an executor on the test Redis server, with short timeouts."""
    with Executor(RedisStore(redis_url, timeout=1.0), sandbox=sb, clock=clock) as executor:
        yield executor


def save_and_stop(server: RedisProcess) -> None:
    """Snapshot the server's data to disk (as a persistent Redis would have it), then stop it."""
    with server.client() as client:
        client.save()
    server.stop()


MFA_FLOW = [
    scripted("mfa", [["cache.set", "before", "1"],
                     ["authentication.challengeWith", {"type": "otp"}]]),
    scripted("after", [["cache.get", "before"], ["cache.set", "after", "2"],
                       ["cache.delete", "before"]]),
]
DONE = {"challenge": {"completed": ["otp"]}}


def test_redis_stopped_between_run_and_resume(
    redis_ex: Executor, redis_process: RedisProcess, redis_url: str, clock: Clock
) -> None:
    """Resume with Redis down fails store_unavailable; once it is back the state resumes once."""
    r = redis_ex.run(MFA_FLOW, event_with(enrolledFactors=None), tenant=TENANT)
    assert r.status == "challenge" and r.state is not None
    before = redis_contents(redis_url)
    save_and_stop(redis_process)
    failed = redis_ex.resume(r.state, DONE, tenant=TENANT)
    assert failed.status == "failed"
    assert failed.error is not None and failed.error["type"] == "store_unavailable"
    assert (failed.state, failed.actions) == (None, ())
    redis_process.start(keep_data=True)
    assert redis_contents(redis_url) == before
    done = redis_ex.resume(r.state, DONE, tenant=TENANT)
    assert done.status == "completed"
    assert cached(redis_ex.store, clock()) == {"after": ("2", clock() + 15 * 60_000)}
    again = redis_ex.resume(r.state, DONE, tenant=TENANT)
    assert again.error is not None and again.error["type"] == "invalid_state"


class StopsBeforeCommit:
    """A Redis store whose server goes down just before the next commit reaches it."""

    def __init__(self, inner: RedisStore, server: RedisProcess) -> None:
        self.inner = inner
        self.server = server
        self.armed = False

    def cache_load(self, namespace: Namespace, now_ms: int) -> Any:
        """Load from Redis."""
        return self.inner.cache_load(namespace, now_ms)

    def state_get(self, state_id: str, now_ms: int) -> bytes | None:
        """Read a state from Redis."""
        return self.inner.state_get(state_id, now_ms)

    def commit(self, commit: Commit) -> None:
        """Commit to Redis, stopping the server first when armed."""
        if self.armed:
            self.armed = False
            save_and_stop(self.server)
        self.inner.commit(commit)

    def close(self) -> None:
        """Close the Redis store."""
        self.inner.close()


def test_redis_stopped_during_a_resume_writes_nothing(
    redis_url: str, redis_process: RedisProcess, sb: Sandbox, clock: Clock
) -> None:
    """Redis dying after the actions ran but before the commit leaves the store as it was."""
    store = StopsBeforeCommit(RedisStore(redis_url, timeout=1.0), redis_process)
    assert isinstance(store, Store)
    with Executor(store, sandbox=sb, clock=clock) as ex:
        r = ex.run(MFA_FLOW, event_with(enrolledFactors=None), tenant=TENANT)
        assert r.state is not None
        before = redis_contents(redis_url)
        store.armed = True
        failed = ex.resume(r.state, DONE, tenant=TENANT)
        assert failed.status == "failed"
        assert failed.error is not None
        assert (failed.error["type"], failed.error["action"]) == ("store_unavailable", None)
        assert [a.name for a in failed.actions] == ["after"]
        assert failed.to_dict()["cache"] == {"set": {}, "deleted": []}
        redis_process.start(keep_data=True)
        assert redis_contents(redis_url) == before
        assert ex.resume(r.state, DONE, tenant=TENANT).status == "completed"
        assert ex.resume(r.state, DONE, tenant=TENANT).status == "failed"


def test_redis_down_during_a_run_fails_the_action(
    redis_ex: Executor, redis_process: RedisProcess
) -> None:
    """An action reaching for the cache while Redis is down fails the run: store_unavailable."""
    redis_process.stop()
    r = redis_ex.run([scripted("a", [["cache.get", "k"]])], load_event(), tenant=TENANT)
    assert r.status == "failed"
    assert r.error is not None
    assert (r.error["type"], r.error["action"]) == ("store_unavailable", "a")
    redis_process.start()
    assert redis_ex.run([scripted("a", [["cache.get", "k"]])], load_event(),
                        tenant=TENANT).status == "completed"


def test_a_resume_without_tenant_logs_the_flows_tenant(ex: Executor) -> None:
    """A resume whose caller names no tenant still logs the tenant the flow belongs to."""
    r = ex.run([scripted("a", [["prompt.render", "p"]])], load_event(), tenant="acme")
    assert r.state is not None
    with capture_logs() as logs:
        ex.resume(r.state, {"prompt": {"id": "p"}})
    (entry,) = executions(logs)
    assert (entry["tenant"], entry["status"]) == ("acme", "completed")


def test_a_run_refused_for_its_limits_logs_one_event(ex: Executor) -> None:
    """A run refused for bad limit overrides is still one logged execution, with an id."""
    with capture_logs() as logs:
        r = ex.run([scripted("a")], load_event(), tenant=TENANT, limits={"no_such_limit": 1})
    assert r.error is not None and r.error["type"] == "invalid_action"
    (entry,) = executions(logs)
    assert (entry["tenant"], entry["status"], entry["error_type"]) == (
        TENANT, "failed", "invalid_action")
    assert entry["execution_id"] and entry["execution_id"] == r.execution_id


class _BrokenStore:
    """A store whose every call fails with a bug, not a StoreUnavailable."""

    def cache_load(self, namespace: object, now_ms: int) -> dict[str, object]:
        """Fails like a bug would."""
        raise RuntimeError("bug in a store")

    def state_get(self, state_id: str, now_ms: int) -> bytes | None:
        """Fails like a bug would."""
        raise RuntimeError("bug in a store")

    def commit(self, commit: object) -> None:
        """Fails like a bug would."""
        raise RuntimeError("bug in a store")

    def close(self) -> None:
        """Nothing to close."""


def test_an_unexpected_exception_is_an_internal_result_not_a_raise(sb: Sandbox) -> None:
    """A bug under the flow answers with error type internal and logs the traceback."""
    ex = Executor(_BrokenStore(), sandbox=sb)  # type: ignore[arg-type]
    with capture_logs() as logs:
        r = ex.run([scripted("a", [["cache.get", "k"]])], load_event(), tenant=TENANT)
        again = ex.resume("some-state", {}, tenant=TENANT)
    assert r.status == "failed" and r.error is not None and r.error["type"] == "internal"
    assert again.status == "failed" and again.error is not None
    assert again.error["type"] == "internal"
    assert any(e["event"] == "execution_crashed" for e in logs)
