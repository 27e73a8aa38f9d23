"""Hostile tenants and hostile requests, run through the public Executor on both stores.

Every `*.js` file here is an action written to attack the executor. Its header says what it
must get, in lines of the form `// key: value` before the code:

    // <what the attack is, in a sentence or two>
    // expect: <error type> | status=<result status>     required
    // limits: {"fuel": 50000000}     the flow's limits (JSON); the defaults otherwise
    // message: <text>                must appear in error.message
    // deny: <reason>                 the exact deny reason
    // deny-re: <regex>               a pattern the deny reason matches
    // resume: <token kind>           the expectation is for a continue carrying that forged
    //                                token (see TOKENS); the action must redirect first
    // paths: bytecode|snapshot|both  the program path (default bytecode, see below)
    // wall: <seconds>                the wall bound (default: the time limit plus slack)
    // known-bug: <where>             a bug in a module this suite may not change: strict xfail

For every case: the exact typed outcome; nothing committed (the whole store, every tenant's
cache and every state, byte for byte as before); logs within their cap; the host still
answering; and the next execution of a normal action in the same Executor correct, with no
trace of the hostile one. Each case runs in a thread with a wall bound, so a containment
failure fails the test instead of hanging the suite.

Forged states, replays and malicious events are requests rather than actions: RESUME_CASES
and EVENT_CASES below, with the same checks.

Program path: the corpus runs on the bytecode path (the base snapshot plus the action's
QuickJS bytecode, the same guest and limits) because a cold snapshot costs several seconds
of wizer and Cranelift per action; `paths: both` cases also run as per-action snapshots.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import sqlite3
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgpack
import pytest
import redis
from test_trigger_support import Clock

from executor import TRIGGER, Action, Executor, Result
from executor.stores import Namespace, RedisStore, SqliteStore, Store
from executor.stores.base import CacheEntry, Commit, NewState
from sandbox import Limits, Sandbox

HERE = Path(__file__).resolve().parent
T0 = 1_700_000_000_000
DAY = 24 * 3_600_000
ATTACKER = "t1"
VICTIM = "victim"
USER_ID = "auth0|attacker"
HOSTNAME = "login.example.com"
SLACK_S = 10.0
"""Seconds a case may run past its time limit before it counts as not contained."""

SEEDED = {
    ATTACKER: {"mine": "mine-value"},
    VICTIM: {"secret": "victim-secret", "mine": "victim-mine"},
}
"""Cache entries in the store before every case: the attacker's own, and another tenant's."""

NORMAL = """
exports.onExecutePostChallenge = async (event, api) => {
  const own = api.cache.get('mine');
  const clean = typeof globalThis.leak === 'undefined' && ({}).polluted === undefined &&
    [].polluted === undefined && ({}).type === undefined && JSON.stringify([1]) === '[1]' &&
    String(1) === '1' && [1].map((x) => x + 1)[0] === 2 && typeof Math.random() === 'number';
  api.access.deny(`normal ${event.tenant.id} ${own && own.value} ${clean ? 'clean' : 'tainted'}`);
};
"""
NORMAL_REASON = f"normal {ATTACKER} mine-value clean"

REDIRECTOR = """
exports.onExecutePostChallenge = async (event, api) => {
  api.redirect.sendUserTo('https://verify.example.com/start');
};
exports.onContinuePostChallenge = async (event, api) => {
  api.access.deny('continued');
};
"""
CHALLENGER = """
exports.onExecutePostChallenge = async (event, api) => {
  api.authentication.challengeWith({ type: 'otp' });
};
"""
PROMPTER = """
exports.onExecutePostChallenge = async (event, api) => {
  api.prompt.render('consent', { fields: { agree: 'yes' } });
};
exports.onContinuePostChallenge = async (event, api) => {
  api.access.deny('prompted');
};
"""
EVENT_PROBE = """
exports.onExecutePostChallenge = async (event, api) => {
  const meta = event.user.app_metadata;
  api.access.deny(`tenant ${event.tenant.id}; secrets ${JSON.stringify(event.secrets)}; ` +
    `own __proto__ ${Object.prototype.hasOwnProperty.call(meta, '__proto__')}; ` +
    `polluted ${({}).polluted}; proto intact ${Object.getPrototypeOf(meta) === Object.prototype}`);
};
"""


def base_event() -> dict[str, Any]:
    """Return the event every case runs on."""
    return {
        "user": {"user_id": USER_ID, "email_verified": True, "app_metadata": {},
                 "enrolledFactors": [{"type": "otp"}, {"type": "email"}]},
        "request": {"ip": "203.0.113.7", "hostname": HOSTNAME},
    }


# ---- the corpus

HEADER_KEYS = {"expect", "limits", "message", "deny", "deny-re", "resume", "paths", "wall",
               "known-bug"}
HEADER_RE = re.compile(r"^// ([a-z-]+): (.*)$")


@dataclass(frozen=True)
class Case:
    """One action of the corpus and what it must get."""

    name: str
    source: str
    expect: str
    limits: dict[str, int] | None = None
    message: str | None = None
    deny: str | None = None
    deny_re: str | None = None
    resume: str | None = None
    paths: tuple[str, ...] = ("bytecode",)
    wall: float | None = None
    known_bug: str | None = None

    @property
    def wall_s(self) -> float:
        """The wall bound: the case's own, else its time limit plus slack."""
        if self.wall is not None:
            return self.wall
        return Limits().override(self.limits).timeout_ms / 1000 + SLACK_S


def parse(path: Path) -> Case:
    """Read a corpus file's header; an unknown or malformed header line is an error."""
    source = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    for line in source.splitlines():
        if not line.startswith("//"):
            break
        match = HEADER_RE.match(line)
        if match is None:
            continue  # the description
        if match[1] not in HEADER_KEYS:  # a typo must not silently drop an expectation
            raise ValueError(f"{path.name}: unknown header {match[1]!r}")
        header[match[1]] = match[2].strip()
    if "expect" not in header:
        raise ValueError(f"{path.name}: no '// expect:' header")
    paths = header.get("paths", "bytecode")
    return Case(
        name=path.stem, source=source, expect=header["expect"],
        limits=json.loads(header["limits"]) if "limits" in header else None,
        message=header.get("message"), deny=header.get("deny"), deny_re=header.get("deny-re"),
        resume=header.get("resume"),
        paths=("bytecode", "snapshot") if paths == "both" else (paths,),
        wall=float(header["wall"]) if "wall" in header else None,
        known_bug=header.get("known-bug"),
    )


CORPUS = [parse(p) for p in sorted(HERE.glob("*.js"))]


def corpus_params() -> Iterator[Any]:
    """Yield one pytest param per (case, program path)."""
    for case in CORPUS:
        for path in case.paths:
            bug = case.known_bug
            marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
            suffix = "" if path == "bytecode" else "-snapshot"
            yield pytest.param(case, path, id=case.name + suffix, marks=marks)


# ---- the world each case runs in


@dataclass
class World:
    """An Executor on a seeded store, and what is needed to check it afterwards."""

    ex: Executor
    store: Store
    clock: Clock
    contents: Callable[[], dict[Any, Any]]
    victim_state: str
    setup: dict[str, Any] = field(default_factory=dict)

    def run(self, source: str, *, tenant: str = ATTACKER, limits: dict[str, int] | None = None,
            event: Any = None, secrets: dict[str, str] | None = None) -> Result:
        """Run one action as `tenant`."""
        action = Action(name="hostile", code=source, secrets=secrets or {})
        return self.ex.run([action], base_event() if event is None else event, tenant=tenant,
                           limits=limits)


@pytest.fixture(scope="session")
def bytecode_sandbox(sb_bytecode: Sandbox) -> Sandbox:
    """Provide the bytecode-path sandbox the corpus runs on."""
    return sb_bytecode


def seed(store: Store) -> None:
    """Write SEEDED into the store, as earlier executions of each tenant would have."""
    for tenant, entries in SEEDED.items():
        store.commit(Commit(Namespace(tenant, TRIGGER), T0,
                            {k: CacheEntry(v, T0 + DAY) for k, v in entries.items()}))


def make_world(store: Store, sandbox: Sandbox, request: pytest.FixtureRequest) -> World:
    """Return a World on `store`: seeded, with a suspended flow of the victim."""
    clock = Clock(T0)
    ex = Executor(store, sandbox=sandbox, clock=clock)
    seed(store)
    contents: Callable[[], dict[Any, Any]]
    if isinstance(store, SqliteStore):
        contents = lambda: live_sqlite(store.path, clock())  # noqa: E731 - a snapshot
    else:
        assert isinstance(store, RedisStore)
        url: str = request.getfixturevalue("redis_url")
        contents = lambda: live_redis(url, clock())  # noqa: E731 - a snapshot
    # Compiled now, so that the checks' wall bounds measure executions, not a cold snapshot.
    sandbox.load_action(NORMAL)
    return World(ex, store, clock, contents, suspend_victim(ex))


def suspend_victim(ex: Executor) -> str:
    """Return the state of a flow of the victim tenant, suspended by a redirect."""
    victim = ex.run([Action(name="verify", code=REDIRECTOR)], base_event(), tenant=VICTIM)
    assert victim.status == "redirect" and victim.state is not None
    return victim.state


@pytest.fixture
def world(store: Store, bytecode_sandbox: Sandbox, request: pytest.FixtureRequest) -> World:
    """Provide a World on each store, on the bytecode path."""
    return make_world(store, bytecode_sandbox, request)


@pytest.fixture
def world_on(store: Store, bytecode_sandbox: Sandbox, sb: Sandbox,
             request: pytest.FixtureRequest) -> Callable[[str], World]:
    """Provide a factory of Worlds on each store, on the program path asked for."""
    return lambda path: make_world(store, sb if path == "snapshot" else bytecode_sandbox,
                                   request)


def live_sqlite(path: Path, now: int) -> dict[str, Any]:
    """Return every table of a SQLite store, rows sorted, without the rows expired at `now`
    (a read may reap those: expiry is final, executor/stores/base.py).
    """
    with closing(sqlite3.connect(path)) as db:
        out = {}
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            columns = [c[1] for c in db.execute(f'PRAGMA table_info("{table}")')]
            where = " WHERE expires_at > ?" if "expires_at" in columns else ""
            args = (now,) if where else ()
            out[table] = sorted(db.execute(f'SELECT * FROM "{table}"{where}', args))
    return out


def live_redis(url: str, now: int) -> dict[bytes, Any]:
    """Return every key of a Redis store with its contents, without what expired at `now`:
    states and markers by their expiry header, cache fields by their [value, expires_at].
    """
    out: dict[bytes, Any] = {}
    with redis.Redis.from_url(url) as client:
        for key in sorted(client.keys("*")):
            kind = client.type(key)
            if kind == b"hash":
                fields = client.hgetall(key)
                out[key] = {f: v for f, v in fields.items() if msgpack.unpackb(v)[1] > now}
            elif kind == b"string" and key.startswith((b"exec:state:", b"exec:done:")):
                value = client.get(key)
                if struct.unpack_from(">q", value)[0] > now:
                    out[key] = value
            else:
                out[key] = client.dump(key)
    return out


def bounded(call: Callable[[], Result], seconds: float) -> Result:
    """Run `call` in a thread; fail the test if it has not returned within `seconds`."""
    box: list[Result | BaseException] = []

    def target() -> None:
        try:
            box.append(call())
        except BaseException as exc:  # handed to the test thread below
            box.append(exc)

    started = time.monotonic()
    thread = threading.Thread(target=target, name="hostile-case", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        pytest.fail(f"not contained: still running after {seconds:.0f} s")
    (out,) = box
    if isinstance(out, BaseException):
        raise out
    assert time.monotonic() - started < seconds
    return out


# ---- the checks every case gets


def check_outcome(result: Result, case: Case) -> None:
    """The exact typed outcome the header asks for, and no effect of a failed execution."""
    summary = json.dumps({"status": result.status, "error": result.error, "deny": result.deny})
    if case.expect.startswith("status="):
        assert result.status == case.expect.removeprefix("status="), summary
        assert result.error is None, summary
    else:
        assert result.status == "failed", summary
        assert result.error is not None and result.error["type"] == case.expect, summary
        assert (result.state, result.deny, result.redirect) == (None, None, None), summary
        failing = [a for a in result.actions if a.status == "error"]
        for report in failing:  # the action's own report agrees with the flow's error
            assert report.error is not None and report.error["type"] == case.expect
    if case.message is not None:
        assert result.error is not None and case.message in result.error["message"], summary
    if case.deny is not None:
        assert result.deny == {"reason": case.deny}, summary
    if case.deny_re is not None:
        assert result.deny is not None and re.search(case.deny_re, result.deny["reason"]), summary
    assert (result.cache_set, result.cache_deleted) == ({}, ()), summary
    cap = Limits().override(case.limits).log_bytes
    for report in result.actions:
        assert sum(len(line.encode()) for line in report.logs) <= cap


def check_aftermath(world: World, before: dict[Any, Any]) -> None:
    """Nothing committed; the host alive; the next normal execution correct and untainted."""
    assert world.contents() == before, "the hostile execution changed the store"
    normal = bounded(lambda: world.run(NORMAL), SLACK_S)
    assert (normal.status, normal.deny, normal.error) == (
        "denied", {"reason": NORMAL_REASON}, None)
    victim = bounded(lambda: world.ex.resume(world.victim_state, {}, tenant=VICTIM), SLACK_S)
    assert (victim.status, victim.deny) == ("denied", {"reason": "continued"})


# ---- forged tokens (corpus files with `// resume:`)

SECRET_RE = re.compile(r"const SECRET = '([^']+)';")


def b64(data: bytes) -> str:
    """Return base64url without padding, as JWTs write it."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt_token(claims: dict[str, Any], secret: str, alg: str = "HS256") -> str:
    """Return a JWT built by hand, so that any alg and any key (even empty) can be forged."""
    head = b64(json.dumps({"alg": alg, "typ": "JWT"}).encode())
    body = b64(json.dumps(claims).encode())
    digest = {"HS256": hashlib.sha256, "HS512": hashlib.sha512}.get(alg)
    signature = b"" if digest is None else hmac.new(
        secret.encode(), f"{head}.{body}".encode(), digest).digest()
    return f"{head}.{body}.{b64(signature)}"


def claims_for(state: str, now_ms: int, **extra: Any) -> dict[str, Any]:
    """Return the claims the verification site would sign for `state` (valid 5 minutes)."""
    now_s = now_ms // 1000
    return {"sub": USER_ID, "iss": HOSTNAME, "iat": now_s, "exp": now_s + 300, "state": state,
            **extra}


def tampered(claims: dict[str, Any], secret: str) -> str:
    """Return a genuine token whose payload was then changed (the signature kept)."""
    head, _, signature = jwt_token(claims, secret).split(".")
    return f"{head}.{b64(json.dumps({**claims, 'admin': True}).encode())}.{signature}"


def forge(kind: str, state: str, other: dict[str, Any], secret: str, now_ms: int) -> str:
    """Return the forged token of `kind` aimed at `state`."""
    good = claims_for(state, now_ms)
    now_s = now_ms // 1000
    kinds: dict[str, Callable[[], str]] = {
        "alg_none": lambda: jwt_token(good, "", alg="none"),
        "empty_secret": lambda: jwt_token(good, ""),
        "hs512": lambda: jwt_token(good, secret, alg="HS512"),
        "other_state": lambda: jwt_token(claims_for(other["state"], now_ms), secret),
        "replayed": lambda: str(other["used_token"]),
        "expired": lambda: jwt_token({**good, "exp": now_s - 1}, secret),
        "future_iat": lambda: jwt_token({**good, "iat": now_s + 3600}, secret),
        "other_user": lambda: jwt_token({**good, "sub": "auth0|victim"}, secret),
        "tampered": lambda: tampered(good, secret),
    }
    return kinds[kind]()


def run_with_token(world: World, case: Case, before_snapshot: Callable[[], None]) -> Result:
    """Suspend the case's action, forge its token, and return the continue's result."""
    match = SECRET_RE.search(case.source)
    assert match, f"{case.name}: a resume case must declare const SECRET = '...'"
    secret = match[1]
    first = world.run(case.source, limits=case.limits)
    assert first.status == "redirect" and first.state, first.error
    other: dict[str, Any] = {}
    if case.resume in ("other_state", "replayed"):
        second = world.run(case.source, limits=case.limits)
        assert second.status == "redirect" and second.state
        other["state"] = second.state
        token = jwt_token(claims_for(second.state, world.clock()), secret)
        used = world.ex.resume(second.state, {"query": {"session_token": token}}, tenant=ATTACKER)
        assert used.status == "denied", used.error  # the control: a genuine token is accepted
        other["used_token"] = token
    before_snapshot()
    forged = forge(str(case.resume), first.state, other, secret, world.clock())
    result = bounded(lambda: world.ex.resume(first.state or "", {"query": {
        "session_token": forged}}, tenant=ATTACKER), case.wall_s)
    world.setup["retry"] = (first.state, jwt_token(claims_for(first.state, world.clock()), secret))
    return result


# ---- the corpus test


@pytest.mark.parametrize(("case", "path"), list(corpus_params()))
def test_hostile_action(case: Case, path: str, world_on: Callable[[str], World]) -> None:
    """Each corpus action gets its exact typed outcome, commits nothing and leaves no trace."""
    world = world_on(path)
    snapshot: dict[str, Any] = {}

    def take() -> None:
        snapshot["before"] = world.contents()

    if case.resume:
        result = run_with_token(world, case, take)
    else:
        take()
        result = bounded(lambda: world.run(case.source, limits=case.limits), case.wall_s)
    check_outcome(result, case)
    check_aftermath(world, snapshot["before"])
    if case.resume:  # the refused continue did not consume the state: a genuine token works
        state, token = world.setup["retry"]
        retried = world.ex.resume(state, {"query": {"session_token": token}}, tenant=ATTACKER)
        assert retried.status == "denied", retried.error


def test_corpus_is_large_and_covers_every_category() -> None:
    """The corpus holds at least 45 actions, spread over every attack category."""
    assert len(CORPUS) >= 45
    prefixes = {case.name.split("_")[0] for case in CORPUS}
    assert prefixes == {"api", "cache", "cpu", "escape", "mem", "out", "stack", "token"}
    assert any(case.limits is None for case in CORPUS if case.expect == "fuel_exhausted")
    assert any(case.limits is None for case in CORPUS if case.expect == "memory_limit")


# ---- forged, replayed and foreign continue requests


def suspended(world: World, source: str = REDIRECTOR) -> str:
    """Return the state of a fresh flow of the attacker suspended by `source`."""
    result = world.run(source)
    assert result.state is not None, result.error
    return result.state


def flip(state: str) -> str:
    """Return `state` with its last character changed."""
    return state[:-1] + ("B" if state.endswith("A") else "A")


def replayed(world: World) -> str:
    """Return a state that a first continue has already consumed."""
    state = suspended(world)
    assert world.ex.resume(state, {}, tenant=ATTACKER).status == "denied"
    return state


def expired(world: World) -> str:
    """Return a state, then move the clock past its ten-minute lifetime (the victim's flow,
    which expired with it, is suspended again, for the checks that follow).
    """
    state = suspended(world)
    world.clock.advance(10 * 60_000 + 1)
    world.victim_state = suspend_victim(world.ex)
    return state


def planted(world: World, payload: bytes) -> str:
    """Return the id of a state record written straight into the store (someone with store
    access), holding `payload`.
    """
    state_id = "planted-state-0123456789abcdef"
    world.store.commit(Commit(Namespace(ATTACKER, TRIGGER), T0, create_state=NewState(
        state_id, payload, T0 + DAY)))
    return state_id


@dataclass(frozen=True)
class ResumeCase:
    """A continue request an attacker sends, built on a World, and the error it must get."""

    name: str
    build: Callable[[World], tuple[Any, Any, str]]  # -> (state, request, tenant)
    expect: str


RESUME_CASES = [
    ResumeCase("unknown_state", lambda w: ("x" * 32, {}, ATTACKER), "invalid_state"),
    ResumeCase("flipped_character", lambda w: (flip(suspended(w)), {}, ATTACKER),
               "invalid_state"),
    ResumeCase("truncated", lambda w: (suspended(w)[:-1], {}, ATTACKER), "invalid_state"),
    ResumeCase("extended", lambda w: (suspended(w) + "A", {}, ATTACKER), "invalid_state"),
    ResumeCase("empty", lambda w: ("", {}, ATTACKER), "invalid_state"),
    ResumeCase("path_traversal", lambda w: ("../" + suspended(w), {}, ATTACKER),
               "invalid_state"),
    ResumeCase("glob", lambda w: (suspended(w)[:8] + "*", {}, ATTACKER), "invalid_state"),
    ResumeCase("nul_suffix", lambda w: (suspended(w) + "\x00", {}, ATTACKER), "invalid_state"),
    ResumeCase("huge", lambda w: ("A" * 100_000, {}, ATTACKER), "invalid_state"),
    ResumeCase("integer", lambda w: (12345, {}, ATTACKER), "invalid_state"),
    ResumeCase("null", lambda w: (None, {}, ATTACKER), "invalid_state"),
    ResumeCase("list", lambda w: ([suspended(w)], {}, ATTACKER), "invalid_state"),
    ResumeCase("object", lambda w: ({"state": suspended(w)}, {}, ATTACKER), "invalid_state"),
    ResumeCase("other_tenants_state", lambda w: (w.victim_state, {}, ATTACKER),
               "invalid_state"),
    ResumeCase("replayed_after_success", lambda w: (replayed(w), {}, ATTACKER),
               "invalid_state"),
    ResumeCase("expired", lambda w: (expired(w), {}, ATTACKER), "invalid_state"),
    ResumeCase("planted_garbage_record", lambda w: (planted(w, b"\xc1garbage"), {}, ATTACKER),
               "invalid_state"),
    ResumeCase("planted_record_of_wrong_shape", lambda w: (planted(w, msgpack.packb(
        {"format": 1, "tenant": ATTACKER, "kind": "redirect"})), {}, ATTACKER), "invalid_state"),
    ResumeCase("unoffered_factor", lambda w: (suspended(w, CHALLENGER), {
        "challenge": {"completed": ["email"]}}, ATTACKER), "invalid_event"),
    ResumeCase("completed_not_a_list", lambda w: (suspended(w, CHALLENGER), {
        "challenge": {"completed": "otp"}}, ATTACKER), "invalid_event"),
    ResumeCase("request_not_an_object", lambda w: (suspended(w), ["query"], ATTACKER),
               "invalid_event"),
    ResumeCase("mistyped_request_field", lambda w: (suspended(w), {"ip": 5}, ATTACKER),
               "invalid_event"),
    ResumeCase("prompt_not_an_object", lambda w: (suspended(w, PROMPTER), {"prompt": "x"},
                                                  ATTACKER), "invalid_event"),
]


@pytest.mark.parametrize("case", RESUME_CASES, ids=[c.name for c in RESUME_CASES])
def test_hostile_continue(case: ResumeCase, world: World) -> None:
    """A forged, replayed, foreign or malformed continue gets its typed error, commits nothing
    and leaves every state (the victim's included) usable by its owner.
    """
    state, req, tenant = case.build(world)
    before = world.contents()
    result = bounded(lambda: world.ex.resume(state, req, tenant=tenant), SLACK_S)
    assert result.status == "failed" and result.error is not None
    assert result.error["type"] == case.expect, result.error
    assert (result.state, result.cache_set, result.cache_deleted) == (None, {}, ())
    check_aftermath(world, before)


# ---- malicious events


@dataclass(frozen=True)
class EventCase:
    """An event an attacker controls, and what it must get."""

    name: str
    event: Any
    expect: str
    deny: str | None = None


def nested(depth: int) -> dict[str, Any]:
    """Return an object nested `depth` levels deep."""
    value: dict[str, Any] = {}
    for _ in range(depth):
        value = {"d": value}
    return value


def with_user(**fields: Any) -> dict[str, Any]:
    """Return the base event with some user fields set."""
    event = base_event()
    event["user"].update(fields)
    return event


CLEAN_PROBE = f"tenant {ATTACKER}; secrets {{}}; own __proto__ false; polluted undefined; " \
              "proto intact true"
EVENT_CASES = [
    EventCase("nested_too_deep", with_user(app_metadata=nested(100)), "invalid_event"),
    EventCase("oversized", with_user(app_metadata={"blob": "x" * 600_000}), "invalid_event"),
    EventCase("integer_beyond_64_bits", with_user(app_metadata={"n": 2**70}), "invalid_event"),
    EventCase("not_an_object", ["user"], "invalid_event"),
    EventCase("no_user_id", {"user": {}, "request": {"ip": "203.0.113.7"}}, "invalid_event"),
    EventCase("mistyped_field", with_user(email_verified="yes"), "invalid_event"),
    EventCase("spoofed_tenant_secrets_and_prompt",
              {**base_event(), "tenant": {"id": VICTIM}, "secrets": {"API_KEY": "stolen"},
               "prompt": {"id": "consent", "fields": {"agree": "yes"}}},
              "status=denied", CLEAN_PROBE),
    EventCase("proto_key", with_user(app_metadata={"__proto__": {"polluted": "yes"}}),
              "status=denied", CLEAN_PROBE.replace("own __proto__ false", "own __proto__ true")),
]


@pytest.mark.parametrize("case", EVENT_CASES, ids=[c.name for c in EVENT_CASES])
def test_hostile_event(case: EventCase, world: World) -> None:
    """A malicious event is refused, typed, before any action, or reaches the action as plain
    data bound to the executing tenant; either way nothing is committed.
    """
    before = world.contents()
    result = bounded(lambda: world.run(EVENT_PROBE, event=case.event), SLACK_S)
    if case.expect.startswith("status="):
        assert (result.status, result.deny) == (case.expect[7:], {"reason": case.deny})
    else:
        assert result.error is not None and result.error["type"] == case.expect, result.error
        assert result.actions == ()  # refused before the action ran
    check_aftermath(world, before)


# ---- what only a commit can show


WEIRD_KEYS = ["../victim/secret", "victim:secret", "secret", "mine\x00", "s\u0435cret",
              "exec:cache:victim:password-reset-post-challenge", "k" * 64]


def test_weird_keys_commit_into_the_writers_namespace_only(world: World) -> None:
    """Keys shaped like other namespaces, once committed, are plain keys of the writer's own
    namespace: the victim's cache is byte for byte unchanged and still reads its own values.
    """
    victim_before = world.store.cache_load(Namespace(VICTIM, TRIGGER), T0)
    writer = "exports.onExecutePostChallenge = async (event, api) => {\n" + "".join(
        f"  api.cache.set({json.dumps(k)}, 'attacker');\n" for k in WEIRD_KEYS) + "};"
    assert world.run(writer).status == "completed"
    assert world.store.cache_load(Namespace(VICTIM, TRIGGER), T0) == victim_before
    own = world.store.cache_load(Namespace(ATTACKER, TRIGGER), T0)
    assert set(own) == {"mine", *WEIRD_KEYS}
    reader = ("exports.onExecutePostChallenge = async (event, api) => "
              "{ api.access.deny(api.cache.get('secret').value); };")
    assert world.run(reader, tenant=VICTIM).deny == {"reason": "victim-secret"}


def test_a_continue_cannot_mark_unoffered_factors_satisfied(world: World) -> None:
    """A challenge continue that also claims factors never offered gets only the offered one
    counted: a later challenge for the unoffered factor is still asked for.
    """
    email = """exports.onExecutePostChallenge = async (event, api) => {
      api.authentication.challengeWith({ type: 'email' });
    };"""
    actions = [Action(name="otp", code=CHALLENGER), Action(name="email", code=email)]
    first = world.ex.run(actions, base_event(), tenant=ATTACKER)
    assert first.status == "challenge" and first.state
    claim = {"challenge": {"completed": ["otp", "email", "webauthn-platform"]}}
    second = world.ex.resume(first.state, claim, tenant=ATTACKER)
    assert (second.status, second.error) == ("challenge", None)
    assert second.challenge == {"mode": "with", "factors": [{"type": "email", "options": {}}]}
