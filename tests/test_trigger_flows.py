"""Flows of several actions: order, isolation between actions, continues after each kind of
suspension, continuation states, and the one atomic commit per execution.
"""

from __future__ import annotations

import base64
import copy
import secrets
import threading
from collections.abc import Callable
from typing import Any

import pytest
from test_trigger_support import (
    MINUTE,
    T0,
    TENANT,
    USER_ID,
    VERIFY_URL,
    Clock,
    Snapshot,
    cached,
    event_with,
    load_event,
    outcomes,
    scripted,
)

from executor import Action, Executor, FlowSettings, Result
from executor.stores import Store

pytest_plugins = ["test_trigger_support"]

OTP = {"type": "otp"}


def handlers(result: Result) -> list[tuple[str, str]]:
    """Return which actions ran, with which handler, in order."""
    return [(a.name, a.handler) for a in result.actions]


def exec_(name: str) -> tuple[str, str]:
    """Return an (action, onExecutePostChallenge) pair."""
    return (name, "onExecutePostChallenge")


def cont(name: str) -> tuple[str, str]:
    """Return an (action, onContinuePostChallenge) pair."""
    return (name, "onContinuePostChallenge")


# ---- order and isolation


def test_actions_run_in_order(ex: Executor) -> None:
    """Actions run in the order bound, each once, each reported."""
    names = ["c", "a", "b", "z"]
    r = ex.run([scripted(n, [["log", n]]) for n in names], load_event(), tenant=TENANT)
    assert r.status == "completed"
    assert handlers(r) == [exec_(n) for n in names]
    assert [a.logs[0] for a in r.actions] == names
    assert all(a.status == "ok" and a.error is None for a in r.actions)
    assert all(a.fuel > 0 and a.memory_bytes > 0 for a in r.actions)


def test_each_action_gets_its_own_copy_of_the_event(ex: Executor) -> None:
    """An action's changes to `event` are invisible to the next action and to the caller."""
    event = load_event()
    original = copy.deepcopy(event)
    mutator = scripted("mutator", [["mutate", "user.email", "evil@example.com"],
                                   ["mutate", "user.app_metadata.plan", "free"],
                                   ["mutate", "request.query.injected", "1"],
                                   ["mutate", "secrets.STOLEN", "x"]])
    observer = scripted("observer", [["event", "user.email"], ["event", "user.app_metadata"],
                                     ["event", "request.query"], ["event", "secrets.STOLEN"]])
    r = ex.run([mutator, observer], event, tenant=TENANT)
    assert outcomes(r) == [["ok", "jane.doe@example.com"], ["ok", {"plan": "enterprise"}],
                           ["ok", {}], ["undefined"]]
    assert event == original


def test_event_copies_are_also_isolated_across_a_suspension(ex: Executor) -> None:
    """Mutations made before a redirect do not reach the continue or later actions."""
    flow = [scripted("a", [["mutate", "user.email", "evil@example.com"],
                           ["redirect.sendUserTo", VERIFY_URL]],
                     [["event", "user.email"], ["mutate", "user.name", "Mallory"]]),
            scripted("b", [["event", "user.email"], ["event", "user.name"]])]
    r = ex.run(flow, load_event(), tenant=TENANT)
    assert r.state is not None
    done = ex.resume(r.state, {}, tenant=TENANT)
    assert outcomes(done, 0)[0] == ["ok", "jane.doe@example.com"]
    assert outcomes(done, 1) == [["ok", "jane.doe@example.com"], ["ok", "Jane Doe"]]


def test_secrets_are_the_actions_own(ex: Executor) -> None:
    """event.secrets holds only the running action's secrets, never another's or the caller's."""
    event = load_event()
    event["secrets"] = {"FROM_EVENT": "smuggled"}
    first = scripted("first", [["event", "secrets.A_KEY"]], A_KEY="a-secret")
    second = scripted("second", [["event", "secrets"]], B_KEY="b-secret")
    r = ex.run([first, second], event, tenant=TENANT)
    assert outcomes(r, 0) == [["ok", "a-secret"]]
    (status, seen), = outcomes(r, 1)
    assert status == "ok"
    assert set(seen) == {"OPS", "CONTINUE_OPS", "B_KEY"}
    assert seen["B_KEY"] == "b-secret"


def test_secrets_are_the_actions_own_after_a_continue(ex: Executor) -> None:
    """After a continue, each action again sees only its own secrets."""
    flow = [scripted("first", [["redirect.sendUserTo", VERIFY_URL]], [["event", "secrets.A"]],
                     A="a"),
            scripted("second", [["event", "secrets.A"], ["event", "secrets.B"]], B="b")]
    r = ex.run(flow, load_event(), tenant=TENANT)
    assert r.state is not None
    done = ex.resume(r.state, {}, tenant=TENANT)
    assert outcomes(done, 0) == [["ok", "a"]]
    assert outcomes(done, 1) == [["undefined"], ["ok", "b"]]


def test_event_is_completed_and_bound_to_the_tenant(ex: Executor) -> None:
    """Documented defaults are filled in, and event.tenant.id is the executing tenant."""
    event = {"user": {"user_id": USER_ID}, "request": {"ip": "10.1.2.3"},
             "tenant": {"id": "someone-else"}}
    r = ex.run([scripted("a", [["event", "tenant.id"], ["event", "user.email_verified"],
                               ["event", "user.app_metadata"], ["event", "request.query"],
                               ["event", "request.body"], ["event", "secrets"]])],
               event, tenant="acme")
    *fields, (status, seen) = outcomes(r)
    assert fields == [["ok", "acme"], ["ok", False], ["ok", {}], ["ok", {}], ["ok", {}]]
    assert status == "ok"
    assert set(seen) == {"OPS", "CONTINUE_OPS"}


# ---- continues


def test_redirect_continue_runs_the_same_action_and_not_the_earlier_ones(ex: Executor) -> None:
    """After a redirect, onContinuePostChallenge of the same action runs, then the rest."""
    flow = [scripted("before", [["cache.set", "runs", "1"]]),
            scripted("redirector", [["redirect.sendUserTo", VERIFY_URL]], [["log", "back"]]),
            scripted("after", [["log", "after"]])]
    r = ex.run(flow, load_event(), tenant=TENANT)
    assert r.status == "redirect"
    assert handlers(r) == [exec_("before"), exec_("redirector")]
    assert r.state is not None
    done = ex.resume(r.state, {"query": {"x": "1"}}, tenant=TENANT)
    assert done.status == "completed"
    assert handlers(done) == [cont("redirector"), exec_("after")]


NO_CONTINUE = """
exports.onExecutePostChallenge = async (event, api) => {
  api.redirect.sendUserTo('https://verify.example.com/start');
};
"""


def test_continue_without_on_continue_handler_goes_on_with_the_next_action(
    ex: Executor,
) -> None:
    """The continue handler is optional: without it the flow resumes at the next action."""
    flow = [Action("redirector", NO_CONTINUE), scripted("after", [["log", "after"]])]
    r = ex.run(flow, load_event(), tenant=TENANT)
    assert r.status == "redirect" and r.state is not None
    done = ex.resume(r.state, {"query": {}}, tenant=TENANT)
    assert done.status == "completed"
    assert handlers(done) == [exec_("after")]


def test_prompt_continue_runs_the_same_action_and_not_the_earlier_ones(ex: Executor) -> None:
    """After a prompt, the same action continues with event.prompt; earlier actions do not rerun."""
    flow = [scripted("before", [["log", "before"]]),
            scripted("asker", [["prompt.render", "p", {"fields": {"why": ""}}]],
                     [["event", "prompt.fields.why"]]),
            scripted("after", [["event", "prompt"]])]
    r = ex.run(flow, load_event(), tenant=TENANT)
    assert r.state is not None
    done = ex.resume(r.state, {"prompt": {"id": "p", "fields": {"why": "audit"}}},
                     tenant=TENANT)
    assert handlers(done) == [cont("asker"), exec_("after")]
    assert outcomes(done, 0) == [["ok", "audit"]]
    assert outcomes(done, 1) == [["undefined"]]  # the prompt is the asking action's only


def test_challenge_continue_runs_the_next_action(ex: Executor) -> None:
    """After a challenge, the next action runs: the challenging one is not continued."""
    flow = [scripted("before", [["log", "before"]]),
            scripted("mfa", [["authentication.challengeWith", OTP]], [["log", "continued"]]),
            scripted("after", [["log", "after"]])]
    r = ex.run(flow, event_with(enrolledFactors=None), tenant=TENANT)
    assert (r.status, handlers(r)) == ("challenge", [exec_("before"), exec_("mfa")])
    assert r.state is not None
    done = ex.resume(r.state, {"challenge": {"completed": ["otp"]}}, tenant=TENANT)
    assert done.status == "completed"
    assert handlers(done) == [exec_("after")]


def test_challenge_by_the_last_action_completes_on_continue(ex: Executor) -> None:
    """A challenge met by the last action's continue completes the flow with nothing left to run."""
    r = ex.run([scripted("mfa", [["authentication.challengeWith", OTP]])],
               event_with(enrolledFactors=None), tenant=TENANT)
    assert r.state is not None
    done = ex.resume(r.state, {"challenge": {"completed": ["otp"]}}, tenant=TENANT)
    assert (done.status, done.actions, done.error) == ("completed", (), None)


def test_continue_request_replaces_the_request(ex: Executor) -> None:
    """The continue's request fields replace the original ones; query and body start empty."""
    event = load_event()
    event["request"]["query"] = {"old": "1"}
    flow = [scripted("a", [["redirect.sendUserTo", VERIFY_URL]],
                     [["event", "request.ip"], ["event", "request.query"],
                      ["event", "request.body"], ["event", "request.method"],
                      ["event", "request.hostname"], ["event", "user.user_id"]])]
    r = ex.run(flow, event, tenant=TENANT)
    assert r.state is not None
    done = ex.resume(r.state, {"ip": "192.0.2.9", "method": "GET", "body": {"b": "2"}},
                     tenant=TENANT)
    assert outcomes(done) == [["ok", "192.0.2.9"], ["ok", {}], ["ok", {"b": "2"}],
                              ["ok", "GET"], ["ok", "login.example.com"], ["ok", USER_ID]]


def test_a_flow_can_suspend_several_times(ex: Executor) -> None:
    """Challenge, then redirect, then prompt: each continue picks up where the flow stopped."""
    flow = [scripted("mfa", [["authentication.challengeWith", OTP]]),
            scripted("verify", [["redirect.sendUserTo", VERIFY_URL]], [["log", "verified"]]),
            scripted("ask", [["prompt.render", "p"]], [["access.deny", "asked"]])]
    r = ex.run(flow, event_with(enrolledFactors=None), tenant=TENANT)
    assert r.status == "challenge" and r.state is not None
    r = ex.resume(r.state, {"challenge": {"completed": ["otp"]}}, tenant=TENANT)
    assert r.status == "redirect" and r.state is not None
    r = ex.resume(r.state, {}, tenant=TENANT)
    assert r.status == "prompt" and r.state is not None
    r = ex.resume(r.state, {"prompt": {"id": "p", "fields": {}}}, tenant=TENANT)
    assert (r.status, r.deny, handlers(r)) == ("denied", {"reason": "asked"}, [cont("ask")])


# ---- continuation state


def suspend(ex: Executor, tenant: str = TENANT) -> str:
    """Run a flow that redirects and return its state."""
    r = ex.run([scripted("a", [["redirect.sendUserTo", VERIFY_URL]], [["log", "back"]])],
               load_event(), tenant=tenant)
    assert r.state is not None
    return r.state


def assert_invalid_state(result: Result) -> None:
    """Assert the result is a refused continue: invalid_state, nothing ran."""
    assert result.status == "failed"
    assert result.error is not None
    assert result.error["type"] == "invalid_state"
    assert (result.actions, result.state) == ((), None)


def test_state_is_at_least_128_random_bits(ex: Executor) -> None:
    """A state is url-safe base64 of at least 16 bytes, and fresh every time."""
    states = [suspend(ex) for _ in range(3)]
    for state in states:
        raw = base64.urlsafe_b64decode(state + "=" * (-len(state) % 4))
        assert len(raw) * 8 >= 128
    assert len(set(states)) == 3


def test_state_is_bound_to_its_tenant(ex: Executor) -> None:
    """Resuming with another tenant is invalid_state, and does not use the state up."""
    state = suspend(ex, tenant="acme")
    assert_invalid_state(ex.resume(state, {}, tenant="other"))
    assert ex.resume(state, {}, tenant="acme").status == "completed"


def test_state_is_single_use(ex: Executor) -> None:
    """A state resumes its flow once; a second resume is invalid_state."""
    state = suspend(ex)
    assert ex.resume(state, {}, tenant=TENANT).status == "completed"
    assert_invalid_state(ex.resume(state, {}, tenant=TENANT))
    assert_invalid_state(ex.resume(state, {}))


def test_state_expires(make_ex: Callable[..., Executor], clock: Clock) -> None:
    """A state is good until FlowSettings.state_ttl_ms has passed, and invalid from then on."""
    ex = make_ex(FlowSettings(state_ttl_ms=5 * MINUTE))
    early, late = suspend(ex), suspend(ex)
    clock.advance(5 * MINUTE - 1)
    assert ex.resume(early, {}, tenant=TENANT).status == "completed"
    clock.advance(1)
    assert_invalid_state(ex.resume(late, {}, tenant=TENANT))


def test_default_state_lifetime_is_ten_minutes(ex: Executor, clock: Clock) -> None:
    """Without settings, a state lasts ten minutes."""
    state = suspend(ex)
    clock.advance(10 * MINUTE)
    assert_invalid_state(ex.resume(state, {}, tenant=TENANT))


@pytest.mark.parametrize(
    "state",
    [secrets.token_urlsafe(24), "", "x" * 129, "../../etc/passwd", "a:b:c", None, 42,
     ["list"]],
    ids=["random", "empty", "long", "path", "colons", "none", "int", "list"],
)
def test_forged_states_are_invalid(ex: Executor, contents: Snapshot, state: Any) -> None:
    """Anything that is not a state this store issued is invalid_state; nothing is written."""
    suspend(ex)
    before = contents()
    assert_invalid_state(ex.resume(state, {}, tenant=TENANT))
    assert contents() == before


def test_state_of_a_completed_prefix_cannot_be_replayed_after_a_later_suspension(
    ex: Executor
) -> None:
    """Each suspension consumes the state it continued from and issues a new one."""
    flow = [scripted("a", [["redirect.sendUserTo", VERIFY_URL]], [["log", "a back"]]),
            scripted("b", [["redirect.sendUserTo", VERIFY_URL]], [["log", "b back"]])]
    first = ex.run(flow, load_event(), tenant=TENANT)
    assert first.state is not None
    second = ex.resume(first.state, {}, tenant=TENANT)
    assert second.status == "redirect" and second.state not in (None, first.state)
    assert_invalid_state(ex.resume(first.state, {}, tenant=TENANT))


def test_invalid_continue_request_is_refused(ex: Executor) -> None:
    """A continue request that is not an object, or mistyped, is invalid_event; the state stays."""
    state = suspend(ex)
    for request in (["not", "an", "object"], {"ip": 5}, {"query": "x=1"}):
        r = ex.resume(state, request, tenant=TENANT)
        assert r.status == "failed"
        assert r.error is not None and r.error["type"] == "invalid_event"
    assert ex.resume(state, {}, tenant=TENANT).status == "completed"


# ---- one atomic commit


def test_failed_execution_commits_nothing(ex: Executor, flow_store: Store, clock: Clock,
                                          contents: Snapshot) -> None:
    """Action 1 writes, action 2 throws: the flow fails on action 2 and the cache is unchanged."""
    ex.run([scripted("seed", [["cache.set", "keep", "old"], ["cache.set", "drop", "x"]])],
           load_event(), tenant=TENANT)
    before = contents()
    writer = scripted("writer", [["cache.set", "keep", "new"], ["cache.set", "extra", "1"],
                                 ["cache.delete", "drop"],
                                 ["transaction.setResultUrl", "https://app.example.com/x"]])
    thrower = scripted("thrower", [["cache.set", "more", "2"], ["fail", "boom"]])
    never = scripted("never", [["cache.set", "never", "3"]])
    r = ex.run([writer, thrower, never], load_event(), tenant=TENANT)
    assert r.status == "failed"
    assert r.error == {"type": "action_error", "message": "Error: boom", "action": "thrower"}
    assert [(a.name, a.status) for a in r.actions] == [("writer", "ok"), ("thrower", "error")]
    assert r.actions[1].error is not None and r.actions[1].error["type"] == "action_error"
    assert r.to_dict()["cache"] == {"set": {}, "deleted": []}
    assert (r.state, r.result_url, r.deny) == (None, None, None)
    assert contents() == before
    assert cached(flow_store, clock()) == {"keep": ("old", T0 + 15 * MINUTE),
                                           "drop": ("x", T0 + 15 * MINUTE)}


def test_failed_continue_commits_nothing_and_keeps_the_state(
    ex: Executor, contents: Snapshot
) -> None:
    """A continue that fails writes nothing and does not use the state up."""
    flow = [scripted("a", [["redirect.sendUserTo", VERIFY_URL]],
                     [["cache.set", "k", "v"], ["fail", "not yet"]])]
    r = ex.run(flow, load_event(), tenant=TENANT)
    assert r.state is not None
    before = contents()
    failed = ex.resume(r.state, {}, tenant=TENANT)
    assert failed.status == "failed"
    assert failed.error is not None and failed.error["action"] == "a"
    assert contents() == before
    again = ex.resume(r.state, {}, tenant=TENANT)
    assert again.status == "failed"


def test_denied_flow_commits_its_writes(ex: Executor, flow_store: Store, clock: Clock) -> None:
    """A denied flow commits the cache writes of every action that ran, and lists them."""
    flow = [scripted("a", [["cache.set", "a", "1"]]),
            scripted("b", [["cache.set", "b", "2"], ["access.deny", "no"]]),
            scripted("c", [["cache.set", "c", "3"]])]
    r = ex.run(flow, load_event(), tenant=TENANT)
    assert r.status == "denied"
    committed = {k: (v["value"], v["expires_at"]) for k, v in r.to_dict()["cache"]["set"].items()}
    assert committed == cached(flow_store, clock()) == {"a": ("1", T0 + 15 * MINUTE),
                                                        "b": ("2", T0 + 15 * MINUTE)}


def test_suspended_then_failed_keeps_what_the_suspension_committed(
    ex: Executor, flow_store: Store, clock: Clock
) -> None:
    """Writes committed at a suspension stay when the continue later fails."""
    flow = [scripted("a", [["cache.set", "before", "1"], ["redirect.sendUserTo", VERIFY_URL]],
                     [["cache.set", "after", "2"]]),
            scripted("b", [["fail", "boom"]])]
    r = ex.run(flow, load_event(), tenant=TENANT)
    assert r.state is not None
    failed = ex.resume(r.state, {}, tenant=TENANT)
    assert failed.status == "failed"
    assert failed.error is not None and failed.error["action"] == "b"
    assert set(cached(flow_store, clock())) == {"before"}


def test_uncaught_api_error_fails_the_action(ex: Executor, contents: Snapshot) -> None:
    """An api error the action does not catch fails the flow as action_error."""
    code = ("exports.onExecutePostChallenge = async (event, api) => {\n"
            "  api.cache.set('k', 'v');\n"
            "  api.redirect.sendUserTo('ftp://nope');\n"
            "};\n")
    r = ex.run([Action("strict", code)], load_event(), tenant=TENANT)
    assert r.status == "failed"
    assert r.error == {"type": "action_error",
                       "message": "Error: sendUserTo: only absolute http and https URLs are "
                                  "allowed", "action": "strict"}
    assert contents() == {}


@pytest.mark.parametrize("prompt", ["a string", ["a", "list"], 5])
def test_continue_prompt_must_be_an_object(ex: Executor, prompt: Any) -> None:
    """A submitted prompt that is not an object is invalid_event; the state survives."""
    r = ex.run([scripted("a", [["prompt.render", "p"]], [["event", "prompt"]])], load_event(),
               tenant=TENANT)
    assert r.state is not None
    refused = ex.resume(r.state, {"prompt": prompt}, tenant=TENANT)
    assert refused.status == "failed"
    assert refused.error is not None and refused.error["type"] == "invalid_event"
    assert refused.actions == ()
    done = ex.resume(r.state, {"prompt": {"id": "p", "fields": {"a": "1"}}}, tenant=TENANT)
    assert outcomes(done) == [["ok", {"id": "p", "fields": {"a": "1"}}]]


def test_concurrent_resumes_of_one_state(ex: Executor, flow_store: Store, clock: Clock) -> None:
    """Of several resumes of one state racing, exactly one commits; the others are refused."""
    flow = [scripted("a", [["redirect.sendUserTo", VERIFY_URL]],
                     [["cache.get", "winner"], ["cache.set", "count", "1"]])]
    r = ex.run(flow, load_event(), tenant=TENANT)
    assert r.state is not None
    state = r.state
    barrier = threading.Barrier(4)
    results: list[Result] = []
    lock = threading.Lock()

    def attempt() -> None:
        barrier.wait()
        result = ex.resume(state, {}, tenant=TENANT)
        with lock:
            results.append(result)

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    statuses = sorted(res.status for res in results)
    assert statuses == ["completed", "failed", "failed", "failed"]
    for res in results:
        if res.status == "failed":
            assert res.error is not None and res.error["type"] == "invalid_state"
            assert res.to_dict()["cache"] == {"set": {}, "deleted": []}
    assert set(cached(flow_store, clock())) == {"count"}
