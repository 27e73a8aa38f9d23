"""Unusable input: each kind gets its typed error, runs nothing it should not, commits nothing."""

from __future__ import annotations

from typing import Any

import pytest
from test_trigger_support import (
    TENANT,
    Snapshot,
    load_event,
    outcomes,
    scripted,
)

from executor import TRIGGER, Action, Executor, Result

pytest_plugins = ["test_trigger_support"]

WRITER = scripted("writer", [["cache.set", "k", "v"]])
"""An action that would commit a cache write if it ran."""


def assert_refused(result: Result, error_type: str, message: str | None = None) -> None:
    """Assert the flow failed with `error_type` (and `message`) and nothing was suspended."""
    assert result.status == "failed"
    assert result.error is not None
    assert result.error["type"] == error_type, result.error
    if message is not None:
        assert result.error["message"] == message
    assert (result.state, result.deny, result.challenge, result.redirect, result.prompt,
            result.result_url) == (None, None, None, None, None, None)
    assert result.to_dict()["cache"] == {"set": {}, "deleted": []}


def changed(event: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """Return `event` with the dotted `path` set to `value` (or removed, for ...)."""
    *head, leaf = path.split(".")
    target = event
    for key in head:
        target = target[key]
    if value is ...:
        del target[leaf]
    else:
        target[leaf] = value
    return event


@pytest.mark.parametrize("event", [[], "event", None, 5, [load_event()]],
                         ids=["list", "string", "null", "number", "wrapped"])
def test_event_must_be_an_object(ex: Executor, contents: Snapshot, event: Any) -> None:
    """An event that is not a JSON object is invalid_event."""
    r = ex.run([WRITER], event, tenant=TENANT)
    assert_refused(r, "invalid_event", "the event must be a JSON object")
    assert r.actions == ()
    assert contents() == {}


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("user.email_verified", "yes", "event.user.email_verified must be a boolean"),
        ("request.ip", 5, "event.request.ip must be a string"),
        ("user.user_id", ..., "event.user.user_id is required"),
        ("user", ..., "event.user.user_id is required"),
        ("request.ip", ..., "event.request.ip is required"),
        ("user.user_id", 42, "event.user.user_id must be a string"),
        ("user.app_metadata", [], "event.user.app_metadata must be an object"),
        ("user.enrolledFactors", {"type": "otp"}, "event.user.enrolledFactors must be an array"),
        ("request.query", "a=1", "event.request.query must be an object"),
        ("stats.logins_count", True, "event.stats.logins_count must be a number"),
        ("user", "jane", "event.user must be an object"),
    ],
)
def test_known_fields_must_have_their_types(
    ex: Executor, contents: Snapshot, path: str, value: Any, message: str
) -> None:
    """Missing required fields and mistyped known fields are invalid_event; nothing runs."""
    r = ex.run([WRITER], changed(load_event(), path, value), tenant=TENANT)
    assert_refused(r, "invalid_event", message)
    assert r.actions == ()
    assert contents() == {}


def test_unknown_fields_pass_through(ex: Executor) -> None:
    """Fields the contract does not know are kept, whatever their type."""
    event = load_event()
    event["future_field"] = {"x": [1, 2]}
    event["user"]["newer_thing"] = "yes"
    r = ex.run([scripted("a", [["event", "future_field"], ["event", "user.newer_thing"]])],
               event, tenant=TENANT)
    assert r.status == "completed"


def test_event_over_the_input_cap(ex: Executor, contents: Snapshot) -> None:
    """An event larger than the input_bytes limit is invalid_event; no action runs."""
    event = load_event()
    event["user"]["app_metadata"]["blob"] = "x" * 2000
    r = ex.run([WRITER, scripted("second", [["cache.set", "k2", "v"]])], event, tenant=TENANT,
               limits={"input_bytes": 1000})
    assert_refused(r, "invalid_event")
    assert r.error is not None and "1000" in r.error["message"]
    assert r.actions == ()
    assert r.error is not None and r.error["action"] is None
    assert contents() == {}
    assert ex.run([WRITER], load_event(), tenant=TENANT,
                  limits={"input_bytes": 4000}).status == "completed"


def test_unknown_trigger(ex: Executor, contents: Snapshot) -> None:
    """Only password-reset-post-challenge runs here: another trigger is invalid_event."""
    r = ex.run([WRITER], load_event(), tenant=TENANT, trigger="post-login")
    assert_refused(r, "invalid_event")
    assert r.actions == ()
    assert contents() == {}
    assert ex.run([WRITER], load_event(), tenant=TENANT, trigger=TRIGGER).status == "completed"


@pytest.mark.parametrize("tenant", ["", "a:b", "x" * 65, "tenant with spaces", "t/../u"])
def test_bad_tenant_names(ex: Executor, contents: Snapshot, tenant: str) -> None:
    """Tenant names outside [A-Za-z0-9_.-]{1,64} are refused before anything runs."""
    r = ex.run([WRITER], load_event(), tenant=tenant)
    assert_refused(r, "invalid_event")
    assert r.actions == ()
    assert contents() == {}


def test_source_over_100_kb(ex: Executor, contents: Snapshot) -> None:
    """An action source over 100 kB is invalid_action, and no action of the flow commits."""
    big = "exports.onExecutePostChallenge = async () => {};\n//" + "x" * 100_000 + "\n"
    r = ex.run([WRITER, Action("big", big)], load_event(), tenant=TENANT)
    assert_refused(r, "invalid_action")
    assert r.error is not None and r.error["action"] == "big"
    assert contents() == {}


def test_syntax_error_and_missing_handler(ex: Executor, contents: Snapshot) -> None:
    """A source that does not parse, or exports no handler, is invalid_action."""
    r = ex.run([WRITER, Action("broken", "exports.onExecutePostChallenge = async (=> {};")],
               load_event(), tenant=TENANT)
    assert_refused(r, "invalid_action")
    assert r.error is not None and r.error["action"] == "broken"
    r = ex.run([WRITER, Action("nohandler", "exports.somethingElse = async () => {};\n")],
               load_event(), tenant=TENANT)
    assert_refused(r, "invalid_action",
                   "the action does not export a function named onExecutePostChallenge")
    assert contents() == {}


@pytest.mark.parametrize(("count", "ok"), [(20, True), (21, False)])
def test_at_most_20_actions(ex: Executor, contents: Snapshot, count: int, ok: bool) -> None:
    """Twenty actions may be bound; a 21st is invalid_action before any runs."""
    actions = [scripted(f"a{i}", [["cache.set", f"k{i}", "v"]]) for i in range(count)]
    r = ex.run(actions, load_event(), tenant=TENANT)
    if ok:
        assert r.status == "completed" and len(r.actions) == 20
    else:
        assert_refused(r, "invalid_action", "21 actions bound; the limit is 20")
        assert r.actions == ()
        assert contents() == {}


def test_no_actions(ex: Executor) -> None:
    """A flow without actions is invalid_action."""
    assert_refused(ex.run([], load_event(), tenant=TENANT), "invalid_action")


@pytest.mark.parametrize("name", ["", "n" * 65])
def test_action_names(ex: Executor, name: str) -> None:
    """Action names must be 1 to 64 characters."""
    r = ex.run([scripted(name)], load_event(), tenant=TENANT)
    assert_refused(r, "invalid_action", "action names must be 1 to 64 characters")


def many_secrets(count: int) -> dict[str, str]:
    """Return `count` secrets (besides the two SCRIPT uses)."""
    return {f"S{i}": "v" for i in range(count)}


@pytest.mark.parametrize(
    ("secrets", "ok"),
    [
        pytest.param(many_secrets(28), True, id="30-secrets"),
        pytest.param(many_secrets(29), False, id="31-secrets"),
        pytest.param({"N" * 128: "v"}, True, id="name-128"),
        pytest.param({"N" * 129: "v"}, False, id="name-129"),
        pytest.param({"V": "v" * 4096}, True, id="value-4096"),
        pytest.param({"V": "v" * 4097}, False, id="value-4097"),
        pytest.param({"": "v"}, False, id="empty-name"),
        pytest.param({"V": 5}, False, id="number-value"),
    ],
)
def test_secret_limits(ex: Executor, contents: Snapshot, secrets: dict[str, Any],
                       ok: bool) -> None:
    """30 secrets per action, names up to 128 characters, string values up to 4096."""
    action = scripted("a", [["cache.set", "k", "v"]], **secrets)
    r = ex.run([WRITER, action], load_event(), tenant=TENANT)
    if ok:
        assert r.status == "completed"
    else:
        assert_refused(r, "invalid_action")
        assert r.actions == ()
        assert contents() == {}


@pytest.mark.parametrize("limits", [{"no_such_limit": 1}, {"fuel": 0}, {"timeout_ms": "5"}])
def test_bad_limits(ex: Executor, limits: dict[str, Any]) -> None:
    """Unknown or non-positive limit overrides are refused before anything runs."""
    r = ex.run([WRITER], load_event(), tenant=TENANT, limits=limits)
    assert_refused(r, "invalid_action")
    assert r.actions == ()


def test_event_secrets_and_prompt_are_not_trusted(ex: Executor) -> None:
    """Secrets or a prompt claimed by the event are dropped, not handed to the action."""
    event = load_event()
    event["secrets"] = {"X": "from the event"}
    event["prompt"] = {"id": "forged"}
    r = ex.run([scripted("a", [["event", "secrets.X"], ["event", "prompt"]])], event,
               tenant=TENANT)
    assert outcomes(r) == [["undefined"], ["undefined"]]
