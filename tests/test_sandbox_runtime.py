"""The JavaScript runtime as an action sees it: handlers, promises, timers, the api, console."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox import ActionError, ApiCall, ApiError, Limits, Outcome, Sandbox, Timeout

H = "exports.onExecutePostChallenge = "


def run(sb: Sandbox, source: str, event: Any = None, **kwargs: Any) -> Outcome:
    """Load `source` (cached by content) and execute it once on `event`."""
    return sb.execute(sb.load_action(source), {} if event is None else event, **kwargs)


def accept_all(method: str, args: list[Any]) -> Any:
    """Answer every api call with None."""
    return None


# ---------------------------------------------------------------- handlers


def test_sync_handler_value_is_the_result(sb: Sandbox) -> None:
    """A plain (non-async) handler's return value is the outcome's result."""
    out = run(sb, H + "(event) => event.n * 2;", {"n": 21})
    assert out.result == 42


def test_async_handler_resolves_awaited_promises(sb: Sandbox) -> None:
    """An async handler's awaited promises (resolved, timer-backed, Promise.all) all settle."""
    source = H + """async () => {
  const a = await Promise.resolve(1);
  const b = await new Promise((resolve) => setTimeout(() => resolve(2), 5));
  const [c, d] = await Promise.all([3, Promise.resolve(4)]);
  return a + b + c + d;
};"""
    assert run(sb, source).result == 10


def test_an_unhandled_rejection_fails_the_action_as_node_does(sb: Sandbox) -> None:
    """A promise rejected with no handler by the end of the microtask checkpoint fails the
    execution with its reason, as Node (Auth0's runtime) ends the process.
    """
    source = H + """async () => {
  Promise.reject(new TypeError("nobody caught me"));
  await new Promise((resolve) => setTimeout(resolve, 5));
  return "finished";
};"""
    with pytest.raises(ActionError, match="TypeError: nobody caught me"):
        run(sb, source)


def test_a_rejection_handled_within_the_checkpoint_is_fine(sb: Sandbox) -> None:
    """A rejection whose handler is attached before the microtasks drain is handled."""
    source = H + """async () => {
  const p = Promise.reject(new Error("late but in time"));
  await null;
  const reason = await p.catch((e) => e.message);
  return reason;
};"""
    assert run(sb, source).result == "late but in time"


def test_a_rejection_handled_only_in_a_later_timer_still_fails(sb: Sandbox) -> None:
    """A handler attached from a timer comes after the checkpoint: too late, as in Node."""
    source = H + """async () => {
  const p = Promise.reject(new Error("too late"));
  await new Promise((resolve) => setTimeout(() => { p.catch(() => {}); resolve(); }, 1));
  return "finished";
};"""
    with pytest.raises(ActionError, match="too late"):
        run(sb, source)


def test_the_handlers_own_rejection_is_an_action_error(sb: Sandbox) -> None:
    """A handler whose own promise rejects fails with that reason, reported once."""
    with pytest.raises(ActionError, match="RangeError: mine"):
        run(sb, H + "async () => { throw new RangeError('mine'); };")


def test_handler_returning_nothing_gives_none(sb: Sandbox) -> None:
    """A handler that returns undefined yields a None result."""
    assert run(sb, H + "async () => {};").result is None


def test_module_exports_object_form(sb: Sandbox) -> None:
    """`module.exports = {...}` exports handlers as well as `exports.x =` does."""
    source = "module.exports = { onExecutePostChallenge: (event) => 'via module.exports' };"
    assert run(sb, source).result == "via module.exports"


def test_handler_is_chosen_by_name(sb: Sandbox) -> None:
    """The `handler` argument selects which exported function runs."""
    source = "exports.first = () => 'first';\nexports.second = () => 'second';\n"
    program = sb.load_action(source)
    assert set(program.exports) == {"first", "second"}
    assert sb.execute(program, {}, handler="second").result == "second"
    assert sb.execute(program, {}, handler="first").result == "first"


# ---------------------------------------------------------------- virtual timers

TIMERS = H + """async () => {
  const order = [];
  setTimeout(() => order.push(30), 30);
  setTimeout(() => order.push(10), 10);
  setTimeout((a, b) => order.push(a + b), 20, 'twen', 'ty');
  setTimeout(() => order.push('10 again'), 10);
  const cancelled = setTimeout(() => order.push('cancelled'), 15);
  clearTimeout(cancelled);
  await new Promise((resolve) => setTimeout(resolve, 40));
  return order;
};"""


def test_timers_fire_in_due_order(sb: Sandbox) -> None:
    """Virtual timers fire by due time, ties in creation order, with their extra arguments."""
    assert run(sb, TIMERS).result == [10, "10 again", "twenty", 30]


def test_clear_timeout_cancels(sb: Sandbox) -> None:
    """A timer passed to clearTimeout never fires, even when the clock passes its due time."""
    assert "cancelled" not in run(sb, TIMERS).result


def test_promise_jobs_run_before_timers(sb: Sandbox) -> None:
    """Microtasks run before a zero-delay timer, as in Node."""
    source = H + """async () => {
  const order = [];
  setTimeout(() => order.push('timer'), 0);
  Promise.resolve().then(() => order.push('job'));
  await new Promise((resolve) => setTimeout(resolve, 1));
  return order;
};"""
    assert run(sb, source).result == ["job", "timer"]


# ---------------------------------------------------------------- the api

ORDERED_CALLS = H + """async (event, api) => {
  const hits = await api.cache.get('hits');
  api.access.deny('too many attempts');
  await api.cache.set('hits', String(Number(hits) + 1), { ttl: 60 });
  api.transaction.setResultUrl('https://example.com/done', { query: { ok: true } });
  return hits;
};"""


def test_api_calls_are_answered_and_recorded_in_order(sb: Sandbox) -> None:
    """Answered and recorded api calls come back in call order, seq 0..3, with their args."""
    seen: list[tuple[str, list[Any]]] = []

    def host(method: str, args: list[Any]) -> Any:
        seen.append((method, args))
        return "41" if method == "cache.get" else None

    out = run(sb, ORDERED_CALLS, host=host)
    assert out.result == "41"
    assert out.calls == (
        ApiCall(0, "cache.get", ("hits",), answered=True, answer="41"),
        ApiCall(1, "access.deny", ("too many attempts",)),
        ApiCall(2, "cache.set", ("hits", "42", {"ttl": 60}), answered=True, answer=None),
        ApiCall(3, "transaction.setResultUrl",
                ("https://example.com/done", {"query": {"ok": True}}), answered=True),
    )


def test_only_deny_stays_in_the_guest(sb: Sandbox) -> None:
    """access.deny is recorded in the guest; every other api method crosses to the host."""
    seen: list[str] = []

    def host(method: str, args: list[Any]) -> Any:
        seen.append(method)
        return "41" if method == "cache.get" else None

    run(sb, ORDERED_CALLS, host=host)
    assert seen == ["cache.get", "cache.set", "transaction.setResultUrl"]


def test_api_error_throws_in_the_action(sb: Sandbox) -> None:
    """An ApiError from the host makes the JS call throw an Error carrying its message."""
    source = H + """async (event, api) => {
  try {
    await api.cache.get('k');
    return 'no throw';
  } catch (err) {
    return [err instanceof Error, err.message];
  }
};"""

    def host(method: str, args: list[Any]) -> Any:
        raise ApiError("the cache is down")

    out = run(sb, source, host=host)
    assert out.result == [True, "the cache is down"]
    assert out.calls == (
        ApiCall(0, "cache.get", ("k",), answered=True, error="the cache is down"),
    )


def test_uncaught_api_error_is_an_action_error(sb: Sandbox) -> None:
    """An api call the host refuses and the action does not catch fails the execution."""
    source = H + "async (event, api) => api.cache.get('k');"
    with pytest.raises(ActionError, match=r"cache\.get is not available here"):
        run(sb, source)


def test_arguments_mutated_after_a_call_are_recorded_as_passed(sb: Sandbox) -> None:
    """Api arguments are captured at call time: later mutation changes nothing recorded."""
    source = H + """async (event, api) => {
  const reason = { code: 'before' };
  api.access.deny(reason);
  reason.code = 'after';
  const key = ['before'];
  await api.cache.get(key);
  key[0] = 'after';
  return [reason.code, key[0]];
};"""
    answered: list[list[Any]] = []

    def host(method: str, args: list[Any]) -> Any:
        answered.append(args)
        return None

    out = run(sb, source, host=host)
    assert out.result == ["after", "after"]
    assert [c.args for c in out.calls] == [({"code": "before"},), (["before"],)]
    assert answered == [[["before"]]]


def test_command_api_methods_chain(sb: Sandbox) -> None:
    """Api methods that issue commands return the api, so calls can be chained."""
    source = H + """async (event, api) => {
  api.prompt.render('p1').authentication.challengeWith({ type: 'otp' })
     .authentication.challengeWithAny([{ type: 'email' }]).redirect.sendUserTo('https://x');
};"""
    out = run(sb, source, host=accept_all)
    assert [(c.seq, c.method, c.args) for c in out.calls] == [
        (0, "prompt.render", ("p1", None)),
        (1, "authentication.challengeWith", ({"type": "otp"}, None)),
        (2, "authentication.challengeWithAny", ([{"type": "email"}],)),
        (3, "redirect.sendUserTo", ("https://x", None)),
    ]


# ---------------------------------------------------------------- console

CONSOLE = H + """async () => {
  console.log('plain', 42, { a: [1, 'two'] }, null, undefined);
  console.info('info');
  console.warn('warn');
  console.error(new TypeError('bad input'));
  return 'ok';
};"""


def test_console_levels_are_captured_in_order(sb: Sandbox) -> None:
    """log, info, warn and error lines are kept in order, objects formatted as Node does."""
    logs = run(sb, CONSOLE).logs
    assert logs[:3] == ("plain 42 { a: [ 1, 'two' ] } null undefined", "info", "warn")
    assert len(logs) == 4


def test_console_error_prints_the_stack(sb: Sandbox) -> None:
    """An Error logged to the console shows its name, message and stack."""
    line = run(sb, CONSOLE).logs[3]
    assert line.startswith("TypeError: bad input\n")
    assert "action.js" in line


def test_console_output_is_capped(sb: Sandbox) -> None:
    """Console output over log_bytes is dropped and counted; the execution still succeeds."""
    source = H + """async () => {
  for (let i = 0; i < 100; i++) console.log('line ' + i);
  return 7;
};"""
    out = run(sb, source, limits=Limits(log_bytes=100))
    assert out.result == 7
    assert 0 < len(out.logs) < 100
    assert out.logs == tuple(f"line {i}" for i in range(len(out.logs)))
    assert sum(len(line) for line in out.logs) <= 100
    assert out.logs_dropped > 0


def test_logs_survive_a_failed_execution(sb: Sandbox) -> None:
    """Lines logged before the handler threw are kept in the error's details."""
    source = H + "async () => { console.log('before the throw'); throw new Error('boom'); };"
    with pytest.raises(ActionError) as info:
        run(sb, source)
    assert info.value.details.logs == ("before the throw",)


# ---------------------------------------------------------------- no ambient authority


def test_require_names_the_missing_module(sb: Sandbox) -> None:
    """require() of a module a sandbox cannot have, or of no module at all, throws an error
    naming that module.
    """
    source = H + """async () => {
  const messages = [];
  for (const name of ['fs', 'child_process', 'net', 'std', 'http']) {
    try { require(name); messages.push('loaded ' + name); }
    catch (err) { messages.push(err.message); }
  }
  return messages;
};"""
    messages = run(sb, source).result
    assert len(messages) == 5
    for name, message in zip(["fs", "child_process", "net", "std", "http"], messages,
                             strict=True):
        assert f"'{name}'" in message
        assert not message.startswith("loaded")


def test_no_host_globals(sb: Sandbox) -> None:
    """QuickJS's std and os, and other runtimes' ways out, are not defined in the action's
    realm (Node's process and fetch are: the platform's, checked on the host).
    """
    source = H + """async () => {
  const names = ['std', 'os', 'WebAssembly', 'XMLHttpRequest', 'Deno', 'Bun', 'scriptArgs',
                 'print'];
  const found = {};
  for (const n of names) found[n] = typeof globalThis[n];
  return found;
};"""
    found = run(sb, source).result
    assert found == dict.fromkeys(found, "undefined")
    assert len(found) == 8


def test_process_env_is_empty(sb: Sandbox) -> None:
    """process.env is an empty object (no host environment reaches an action), and what would
    act on the host process throws.
    """
    source = H + """async () => {
  const out = [process.env, Object.keys(process.env).length];
  for (const m of ['exit', 'binding', 'kill', 'chdir']) {
    try { process[m](0); out.push('ran ' + m); } catch (err) { out.push(err.code); }
  }
  return out;
};"""
    assert run(sb, source).result == [{}, 0] + ["ERR_ACTION_UNAVAILABLE"] * 4


# ---------------------------------------------------------------- real timers and thenables


def test_a_returned_thenable_is_awaited(sb: Sandbox) -> None:
    """A plain handler returning a non-promise thenable resolves to what it resolves with,
    as `await handler(event, api)` would.
    """
    source = H + "() => ({ then(resolve) { setTimeout(() => resolve('later'), 5); } });"
    assert run(sb, source).result == "later"


def test_timers_take_real_time_and_waiting_costs_no_fuel(sb: Sandbox) -> None:
    """A 200 ms timer fires after 200 ms of real time (Date.now and performance.now move), and
    the wait spends no more fuel than a 1 ms one.
    """
    source = H + """async (event) => {
  const t0 = Date.now();
  const p0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, event.ms));
  return [Date.now() - t0, performance.now() - p0];
};"""
    program = sb.load_action(source)
    long = sb.execute(program, {"ms": 200})
    short = sb.execute(program, {"ms": 1})
    assert long.result[0] >= 199 and long.result[1] >= 199
    assert long.report.wall_ms >= 199
    assert long.report.fuel < short.report.fuel * 2


def test_a_timer_due_after_the_deadline_ends_the_execution_at_once(sb: Sandbox) -> None:
    """Waiting only for a timer due after the deadline is a timeout right away, not after the
    deadline has passed.
    """
    source = H + "async () => { await new Promise((r) => setTimeout(r, 60000)); };"
    with pytest.raises(Timeout):
        try:
            run(sb, source, limits=Limits(timeout_ms=5000))
        except Timeout as err:
            assert err.details.report.wall_ms < 1000
            raise
