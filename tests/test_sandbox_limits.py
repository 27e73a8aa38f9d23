"""Every limit and failure mode ends in its typed error, and the sandbox stays usable after."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

import sandbox
from sandbox import (
    ActionError,
    ExecutorError,
    FuelExhausted,
    InvalidAction,
    InvalidEvent,
    LimitExceeded,
    Limits,
    MemoryLimit,
    Outcome,
    Program,
    Sandbox,
    StackOverflow,
    Timeout,
)

H = "exports.onExecutePostChallenge = "
MIB = 1024 * 1024

SPIN = H + "async () => { for (;;) {} };"
GROW = H + "async () => { const a = []; for (;;) a.push('x'.repeat(1000) + a.length); };"
RECURSE = H + "async () => { const f = (n) => f(n + 1) + 1; return f(0); };"
DENY_LOOP = H + """async (event, api) => {
  let refused = 0;
  for (let i = 0; i < event.n; i++) {
    try { api.access.deny('attempt ' + i); } catch (err) { refused++; }
  }
  return refused;
};"""
BIG_CALLS = H + """async (event, api) => {
  try { api.access.deny('x'.repeat(event.recorded)); } catch (err) {}
  try { await api.cache.set('k', 'y'.repeat(event.answered)); } catch (err) {}
  return 'caught';
};"""


def run(sb: Sandbox, source: str, event: Any = None, **kwargs: Any) -> Outcome:
    """Load `source` (cached by content) and execute it once on `event`."""
    return sb.execute(sb.load_action(source), {} if event is None else event, **kwargs)


def accept_all(method: str, args: list[Any]) -> Any:
    """Answer every api call with None."""
    return None


# ---------------------------------------------------------------- limits that fire at runtime

@dataclass(frozen=True)
class Failure:
    """An action that fails in a known way, and the error (and contract type) it must raise."""

    source: str
    error: type[ExecutorError]
    type: str
    limits: Limits = field(default_factory=Limits)
    event: dict[str, Any] = field(default_factory=dict)


FIRING = [
    pytest.param(Failure(SPIN, FuelExhausted, "fuel_exhausted", Limits(fuel=10_000_000)),
                 id="fuel"),
    pytest.param(Failure(SPIN, Timeout, "timeout", Limits(timeout_ms=200, fuel=10**13)),
                 id="wall-clock"),
    pytest.param(Failure(
        H + "async () => { await new Promise((r) => setTimeout(r, 60000)); return 'late'; };",
        Timeout, "timeout", Limits(timeout_ms=1000)), id="virtual-timers-past-deadline"),
    pytest.param(Failure(H + "async () => { await new Promise(() => {}); return 'never'; };",
                         Timeout, "timeout"), id="promise-never-settles"),
    pytest.param(Failure(GROW, MemoryLimit, "memory_limit", Limits(memory_bytes=16 * MIB)),
                 id="memory"),
    pytest.param(Failure(H + """async () => {
  const a = [];
  try { for (;;) a.push('x'.repeat(1000) + a.length); } catch (err) { a.length = 0; }
  return 'survived';
};""", MemoryLimit, "memory_limit", Limits(memory_bytes=16 * MIB)), id="memory-caught"),
    pytest.param(Failure(RECURSE, StackOverflow, "stack_overflow"), id="stack"),
    pytest.param(Failure(H + "async () => 'x'.repeat(100000);", LimitExceeded, "limit_exceeded",
                         Limits(output_bytes=1000)), id="output"),
    pytest.param(Failure(DENY_LOOP, LimitExceeded, "limit_exceeded", Limits(host_calls=10),
                         {"n": 50}), id="host-calls-caught"),
    pytest.param(Failure(BIG_CALLS, LimitExceeded, "limit_exceeded", Limits(call_bytes=1000),
                         {"recorded": 5000, "answered": 0}), id="recorded-call-bytes-caught"),
    pytest.param(Failure(BIG_CALLS, LimitExceeded, "limit_exceeded", Limits(call_bytes=1000),
                         {"recorded": 0, "answered": 5000}), id="answered-call-bytes-caught"),
    pytest.param(Failure(H + "async () => { throw new Error('boom'); };", ActionError,
                         "action_error"), id="throw"),
    pytest.param(Failure(H + "async () => Promise.reject(new TypeError('nope'));", ActionError,
                         "action_error"), id="reject"),
    pytest.param(Failure(H + """async () => {
  setTimeout(() => { throw new Error('in timer'); }, 5);
  await new Promise((r) => setTimeout(r, 10));
};""", ActionError, "action_error"), id="timer-callback-throws"),
    pytest.param(Failure(H + "async () => { throw 'a plain string'; };", ActionError,
                         "action_error"), id="throw-string"),
    pytest.param(Failure(H + """() => { throw {
  get name() { throw new Error('name'); },
  get message() { throw new Error('message'); },
  get stack() { throw new Error('stack'); },
}; };""", ActionError, "action_error"), id="throw-hostile-object"),
    pytest.param(Failure(H + "() => { throw Object.create(null); };", ActionError,
                         "action_error"), id="throw-null-prototype"),
    pytest.param(Failure("exports.other = () => 1;", InvalidAction, "invalid_action"),
                 id="missing-handler"),
    pytest.param(Failure(H + "'not a function';", InvalidAction, "invalid_action"),
                 id="handler-not-a-function"),
    pytest.param(Failure("module.exports = null;", InvalidAction, "invalid_action"),
                 id="exports-null"),
]


@pytest.mark.parametrize("failure", FIRING)
def test_failure_raises_its_typed_error_and_the_next_run_is_fine(
    sb: Sandbox, assert_healthy: Callable[[], None], failure: Failure
) -> None:
    """Each failure raises exactly its error class with its contract type; then all is well."""
    with pytest.raises(failure.error) as info:
        run(sb, failure.source, failure.event, limits=failure.limits, host=accept_all)
    assert type(info.value) is failure.error
    assert info.value.type == failure.type
    assert info.value.to_dict("my-action") == {
        "type": failure.type, "message": info.value.message, "action": "my-action",
    }
    assert_healthy()


# ---------------------------------------------------------------- details of specific failures


def test_fuel_exhaustion_reports_all_fuel_used(sb: Sandbox) -> None:
    """A FuelExhausted error's report says the whole fuel budget was spent."""
    with pytest.raises(FuelExhausted) as info:
        run(sb, SPIN, limits=Limits(fuel=10_000_000))
    assert info.value.details.report.fuel == 10_000_000


def test_memory_limit_reports_memory_near_the_cap(sb: Sandbox) -> None:
    """A MemoryLimit error's report shows linear memory grown up to (not past) the limit."""
    with pytest.raises(MemoryLimit) as info:
        run(sb, GROW, limits=Limits(memory_bytes=16 * MIB))
    assert 8 * MIB < info.value.details.report.memory_bytes <= 16 * MIB


def test_host_calls_up_to_the_limit_are_fine(sb: Sandbox) -> None:
    """Exactly `host_calls` api calls succeed; the cap is not off by one."""
    out = run(sb, DENY_LOOP, {"n": 10}, limits=Limits(host_calls=10))
    assert out.result == 0
    assert [c.seq for c in out.calls] == list(range(10))


def test_call_bytes_under_the_cap_are_fine(sb: Sandbox) -> None:
    """Api arguments under call_bytes go through, recorded and answered alike."""
    out = run(sb, BIG_CALLS, {"recorded": 500, "answered": 500}, host=accept_all,
              limits=Limits(call_bytes=1000))
    assert out.result == "caught"
    assert [c.method for c in out.calls] == ["access.deny", "cache.set"]
    assert out.calls[1].args[1] == "y" * 500


def test_output_under_the_cap_is_returned(sb: Sandbox) -> None:
    """A result under output_bytes comes back whole."""
    out = run(sb, H + "async (event) => 'x'.repeat(event.n);", {"n": 500},
              limits=Limits(output_bytes=1000))
    assert out.result == "x" * 500


def test_thrown_error_carries_message_and_stack(sb: Sandbox) -> None:
    """An uncaught Error becomes an ActionError with "Name: message" and the JS stack."""
    source = H + """async () => {
  function deepInside() { throw new RangeError('out of range'); }
  deepInside();
};"""
    with pytest.raises(ActionError) as info:
        run(sb, source)
    assert info.value.message == "RangeError: out of range"
    assert "deepInside" in info.value.details.stack
    assert "action.js" in info.value.details.stack


def test_rejection_reason_is_the_message(sb: Sandbox) -> None:
    """A rejected promise's Error names the ActionError."""
    with pytest.raises(ActionError, match=r"^TypeError: nope$"):
        run(sb, H + "async () => Promise.reject(new TypeError('nope'));")


def test_thrown_string_is_the_message(sb: Sandbox) -> None:
    """Throwing a non-Error value still reports what was thrown."""
    with pytest.raises(ActionError, match="a plain string"):
        run(sb, H + "async () => { throw 'a plain string'; };")


def test_api_calls_after_a_limit_hit_do_not_clear_it(sb: Sandbox) -> None:
    """A caught limit error stays sticky: the action cannot recover by catching it."""
    source = H + """async (event, api) => {
  try { api.access.deny('x'.repeat(5000)); } catch (err) {}
  api.access.deny('small');
  return 'recovered?';
};"""
    with pytest.raises(LimitExceeded, match="too large"):
        run(sb, source, limits=Limits(call_bytes=1000))


# ---------------------------------------------------------------- refused before running


def test_event_over_input_bytes_is_an_invalid_event(sb: Sandbox, echo: Program) -> None:
    """An event whose encoding is larger than input_bytes is refused as invalid_event."""
    with pytest.raises(InvalidEvent) as info:
        sb.execute(echo, {"blob": "x" * 2000}, limits=Limits(input_bytes=1000))
    assert info.value.type == "invalid_event"


def test_source_over_source_bytes_is_an_invalid_action(sb: Sandbox) -> None:
    """An action source larger than source_bytes is refused as invalid_action."""
    source = H + "async () => 1; // " + "x" * 200
    with pytest.raises(InvalidAction, match="limit is 100") as info:
        sb.load_action(source, Limits(source_bytes=100))
    assert info.value.type == "invalid_action"


def test_syntax_error_is_an_invalid_action_with_the_message(sb: Sandbox) -> None:
    """A syntax error is refused at load time with the parser's message."""
    with pytest.raises(InvalidAction, match=r"^SyntaxError: ") as info:
        sb.load_action(H + "async () => { return (1 + ; };")
    assert info.value.type == "invalid_action"


def test_top_level_throw_is_an_invalid_action(sb: Sandbox) -> None:
    """An action whose top level throws cannot be loaded, and says why."""
    with pytest.raises(InvalidAction, match="config missing"):
        sb.load_action("throw new Error('config missing');\n" + H + "() => 1;")


def test_top_level_infinite_loop_is_stopped_at_load(sb: Sandbox) -> None:
    """A top level that never ends runs out of fuel at load time instead of hanging."""
    with pytest.raises(FuelExhausted):
        sb.load_action("for (;;) {}\n" + H + "() => 1;", Limits(fuel=10_000_000))


@pytest.mark.parametrize("name", ["toString", "constructor", "hasOwnProperty", "__proto__"])
def test_inherited_names_are_not_handlers(sb: Sandbox, echo: Program, name: str) -> None:
    """Only the action's own exports are handlers, not what Object.prototype provides."""
    with pytest.raises(InvalidAction, match="does not export a function"):
        sb.execute(echo, {}, handler=name)


# ---------------------------------------------------------------- Limits itself


@pytest.mark.parametrize("bad", [0, -1, 1.5, "10", True, None])
def test_limits_must_be_positive_ints(bad: Any) -> None:
    """A limit that is not a positive int is refused when Limits is built."""
    with pytest.raises(InvalidAction, match="fuel"):
        Limits(fuel=bad)


def test_memory_limit_has_a_floor() -> None:
    """memory_bytes below the engine's own size is refused."""
    with pytest.raises(InvalidAction, match="memory_bytes"):
        Limits(memory_bytes=MIB)


def test_override_replaces_known_limits_and_refuses_unknown() -> None:
    """override() changes named limits and rejects names it does not know."""
    limits = Limits().override({"fuel": 5, "timeout_ms": 7})
    assert (limits.fuel, limits.timeout_ms) == (5, 7)
    assert limits.memory_bytes == Limits().memory_bytes
    with pytest.raises(InvalidAction, match="unknown limits: nope"):
        Limits().override({"nope": 1})


# ---------------------------------------------------------------- the contract strings


@pytest.mark.parametrize(
    ("error", "type_"),
    [
        (sandbox.ActionError, "action_error"),
        (sandbox.InvalidAction, "invalid_action"),
        (sandbox.FuelExhausted, "fuel_exhausted"),
        (sandbox.Timeout, "timeout"),
        (sandbox.MemoryLimit, "memory_limit"),
        (sandbox.StackOverflow, "stack_overflow"),
        (sandbox.LimitExceeded, "limit_exceeded"),
        (sandbox.InvalidEvent, "invalid_event"),
        (sandbox.NoValidFactor, "no_valid_factor"),
        (sandbox.InvalidState, "invalid_state"),
        (sandbox.StoreUnavailable, "store_unavailable"),
        (sandbox.InternalError, "internal"),
    ],
)
def test_error_type_strings_match_the_contract(error: type[ExecutorError], type_: str) -> None:
    """Each error class carries the contract's `error.type` string, on class and instance."""
    assert error.type == type_
    assert error("m").to_dict() == {"type": type_, "message": "m", "action": None}


def test_action_faults_and_input_errors_are_distinct_branches() -> None:
    """Tenant faults, caller input errors and platform faults are separate subtrees."""
    for cls in (ActionError, InvalidAction, FuelExhausted, Timeout, MemoryLimit, StackOverflow,
                LimitExceeded):
        assert issubclass(cls, sandbox.ActionFault)
        assert not issubclass(cls, sandbox.InputError)
    assert issubclass(InvalidEvent, sandbox.InputError)
    assert issubclass(sandbox.InternalError, sandbox.PlatformFault)


DEEP = """
exports.onExecutePostChallenge = async () => {
  let depth = 0;
  function dive(n) { depth = n; return dive(n + 1) + 1; }
  try { dive(0); } catch (e) { return {depth, name: e.name, message: e.message}; }
};
"""


def test_deep_recursion_is_a_catchable_range_error_as_in_node(sb: Sandbox) -> None:
    """Recursion past QuickJS's limit throws a RangeError the action can catch, after 2,000+
    frames, and the action goes on normally.
    """
    result = sb.execute(sb.load_action(DEEP), {}).result
    assert result["name"] == "RangeError"
    assert result["message"] == "Maximum call stack size exceeded"
    assert result["depth"] > 2000
