"""Executions share nothing: not globals, prototypes, PRNG state, nor another action's realm."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox import Program, Sandbox

H = "exports.onExecutePostChallenge = "

# Mutates everything it can reach, then reports what it found on arrival.
MUTATOR = """let counter = 0;
""" + H + """async () => {
  counter += 1;
  const found = {
    counter,
    global: typeof globalThis.leftBehind,
    arrayProto: [].x,
    objectProto: ({}).polluted,
    jsonPatched: JSON.stringify({ a: 1 }),
    random: Math.random(),
  };
  globalThis.leftBehind = 'from a previous run';
  Array.prototype.x = 1;
  Object.prototype.polluted = 'yes';
  JSON.stringify = () => 'patched';
  return found;
};"""


@pytest.fixture(params=["snapshot", "bytecode"])
def sandbox(request: pytest.FixtureRequest, sb: Sandbox, sb_bytecode: Sandbox) -> Sandbox:
    """Both load paths: the wizer snapshot and the bytecode fallback."""
    chosen: Sandbox = sb if request.param == "snapshot" else sb_bytecode
    return chosen


@pytest.fixture
def mutator(sandbox: Sandbox) -> Program:
    """Load the MUTATOR action on the sandbox under test."""
    return sandbox.load_action(MUTATOR)


def twice(sandbox: Sandbox, program: Program) -> list[dict[str, Any]]:
    """Two executions of `program` in a row."""
    return [sandbox.execute(program, {}).result for _ in range(2)]


def test_module_state_starts_fresh_every_time(sandbox: Sandbox, mutator: Program) -> None:
    """A module-level counter incremented by the handler reads 1 on every execution."""
    assert [r["counter"] for r in twice(sandbox, mutator)] == [1, 1]


def test_globals_do_not_leak(sandbox: Sandbox, mutator: Program) -> None:
    """A global set by one execution is absent from the next."""
    assert [r["global"] for r in twice(sandbox, mutator)] == ["undefined", "undefined"]


def test_prototype_mutations_do_not_leak(sandbox: Sandbox, mutator: Program) -> None:
    """Array.prototype and Object.prototype changes die with their execution."""
    for found in twice(sandbox, mutator):
        assert "arrayProto" not in found  # undefined: dropped from the encoded object
        assert "objectProto" not in found


def test_replaced_builtins_do_not_leak(sandbox: Sandbox, mutator: Program) -> None:
    """A built-in replaced by one execution is the original in the next."""
    assert [r["jsonPatched"] for r in twice(sandbox, mutator)] == ['{"a":1}', '{"a":1}']


def test_math_random_differs_between_executions(sandbox: Sandbox, mutator: Program) -> None:
    """Each execution draws a fresh Math.random sequence, even from one snapshot."""
    draws = {sandbox.execute(mutator, {}).result["random"] for _ in range(5)}
    assert len(draws) == 5


def test_polluted_prototype_adds_nothing_to_the_result(sb: Sandbox) -> None:
    """Only own properties are encoded: Object.prototype pollution does not reach the host."""
    source = H + "async () => { Object.prototype.injected = 'x'; return { a: 1, b: [2] }; };"
    assert sb.execute(sb.load_action(source), {}).result == {"a": 1, "b": [2]}


def test_actions_do_not_see_each_other(sb: Sandbox) -> None:
    """A global set by one action is not visible to a different action."""
    writer = sb.load_action(H + "async () => { globalThis.shared = 'secret'; return 'set'; };")
    reader = sb.load_action(H + "async () => typeof globalThis.shared;")
    assert sb.execute(writer, {}).result == "set"
    assert sb.execute(reader, {}).result == "undefined"


def test_events_do_not_leak_between_executions(sb: Sandbox) -> None:
    """The previous execution's event is not reachable from the next one."""
    source = """let last = null;
""" + H + """async (event) => { const seen = last; last = event.secret; return seen; };"""
    program = sb.load_action(source)
    assert sb.execute(program, {"secret": "first tenant's data"}).result is None
    assert sb.execute(program, {"secret": "second"}).result is None


def test_tampered_builtins_cannot_break_the_protocol(sb: Sandbox) -> None:
    """An action that vandalises built-ins still gets its logs, api calls and timers through."""
    source = H + """async (event, api) => {
  JSON.stringify = () => { throw new Error('no json'); };
  Reflect.apply = () => { throw new Error('no apply'); };
  Array.prototype.push = () => { throw new Error('no push'); };
  Function.prototype.call = () => { throw new Error('no call'); };
  String = () => 'hijacked';
  console.log({ still: 'json' }, 42);
  api.access.deny('denied anyway');
  await new Promise((resolve) => setTimeout(resolve, 10));
  return 'done';
};"""
    out = sb.execute(sb.load_action(source), {})
    assert out.result == "done"
    assert out.logs == ('{"still":"json"} 42',)
    assert [(c.method, c.args) for c in out.calls] == [("access.deny", ("denied anyway",))]


def test_replacing_api_methods_only_affects_the_action(sb: Sandbox) -> None:
    """An action that overwrites its api object cannot forge calls in the next execution."""
    source = H + """async (event, api) => {
  const before = typeof api.access.deny;
  api.access.deny = () => 'fake';
  api.access.deny('not recorded');
  return before;
};"""
    program = sb.load_action(source)
    for _ in range(2):
        out = sb.execute(program, {})
        assert out.result == "function"
        assert out.calls == ()
