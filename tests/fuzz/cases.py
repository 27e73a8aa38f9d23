"""The three fuzzed properties, shared by the CI tests (tests/fuzz) and the long run
(benchmarks/fuzz.py): hypothesis strategies for hostile input, and a checker per family that
classifies one case's outcome or raises Violation.

    events      Executor.run(flow, event)        a result, or failed with an action fault
                                                 or invalid_event; never internal
    resume      Executor.resume(state, request)  a forged state is invalid_state; a real one
                                                 resumes or fails typed; never internal
    hostcalls   a WAT guest sends arbitrary      the host answers, refuses (-1/-2) or traps
                bytes through host_call          with a typed action fault; never internal,
                                                 and the next normal execution is fine

Every result must also be the contract's JSON (json.dumps with allow_nan=False): the worker
pool and the HTTP service send it as such.
"""

from __future__ import annotations

import copy
import json
import secrets
import struct
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgpack
import wasmtime
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from executor import Action, Executor
from executor.api import ActionApi
from executor.cache import CacheSession
from executor.effects import FACTOR_TYPES, FactorPolicy
from executor.event import prepare
from executor.result import Result
from executor.stores import Namespace, NewState, SqliteStore
from executor.stores.base import Commit
from sandbox import Outcome, Program, Sandbox
from sandbox.errors import ActionFault, ExecutorError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
TENANT = "fuzz"
TRIGGER = "password-reset-post-challenge"

ACTION_FAULTS = frozenset(
    {"action_error", "invalid_action", "fuel_exhausted", "timeout", "memory_limit",
     "stack_overflow", "limit_exceeded", "no_valid_factor"})
"""The tenant's code failed: a normal outcome for hostile input."""


CI = settings(
    max_examples=250,
    derandomize=True,  # the same cases on every CI run: benchmarks/fuzz.py explores
    deadline=None,  # a first compile or a busy CI machine is not a failure
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
"""The CI budget per property: 250 cases, a few seconds each on the 2-core machine."""


class Violation(AssertionError):
    """Raised when a case breaks its family's property."""


# ---------------------------------------------------------------- values

AWKWARD_KEYS = ("__proto__", "constructor", "prototype", "toString", "then", "length",
                "hasOwnProperty", "", "\x00", "user", "request", "ip", "user_id", "secrets")
"""Keys that JavaScript, the event checks or the flow treat specially."""

keys = st.one_of(st.sampled_from(AWKWARD_KEYS), st.text(max_size=12))
scalars = st.one_of(
    st.none(), st.booleans(),
    st.integers(),  # unbounded: beyond 2**64 msgpack cannot carry it
    st.integers(min_value=-(2**63), max_value=2**64 - 1),
    st.floats(),  # NaN and infinities included
    st.text(max_size=40),
    st.sampled_from(["\ud800", "a\udfffb", "10.0.0.1", "otp", "https://x.example/"]),
    st.binary(max_size=16),
)
json_like: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=6),
        st.dictionaries(keys, children, max_size=6),
    ),
    max_leaves=30,
)
"""JSON-like data as a Python caller may hand it over: big integers, NaN, surrogates and
bytes included, since the Python API and the pool's msgpack jobs accept all of them."""


def _load_examples(folder: str) -> list[Any]:
    return [json.loads(p.read_text()) for p in sorted((EXAMPLES / folder).glob("*.json"))]


EXAMPLE_EVENTS = _load_examples("events")
EXAMPLE_REQUESTS = _load_examples("requests")


def _slots(value: Any) -> Iterator[tuple[Any, Any]]:
    """Every (container, key) inside `value`: the places a mutation can hit."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield value, key
            yield from _slots(item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield value, index
            yield from _slots(item)


@st.composite
def mutated(draw: st.DrawFn, originals: list[Any]) -> Any:
    """One of `originals`, with one to four of its values replaced, removed, retyped, or
    with a key added.
    """
    value = copy.deepcopy(draw(st.sampled_from(originals)))
    for _ in range(draw(st.integers(1, 4))):
        slots = list(_slots(value))
        if not slots:
            break
        container, key = draw(st.sampled_from(slots))
        operation = draw(st.sampled_from(["replace", "delete", "add", "wrap", "stringify"]))
        if operation == "replace":
            container[key] = draw(json_like)
        elif operation == "delete":
            del container[key]
        elif operation == "add" and isinstance(container, dict):
            container[draw(keys)] = draw(json_like)
        elif operation == "add":
            container.append(draw(json_like))
        elif operation == "wrap":
            container[key] = draw(st.sampled_from([[container[key]], {"v": container[key]}]))
        else:
            container[key] = json.dumps(container[key], default=repr)
    return value


events = st.one_of(json_like, mutated(EXAMPLE_EVENTS), mutated(EXAMPLE_EVENTS))
requests = st.one_of(json_like, mutated(EXAMPLE_REQUESTS), st.sampled_from(EXAMPLE_REQUESTS))


def check_json(result: Result) -> dict[str, Any]:
    """The result object, which must be strict JSON (no bytes, NaN or non-str keys)."""
    out = result.to_dict()
    try:
        json.dumps(out, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise Violation(f"result is not JSON: {exc}; {out!r:.300}") from exc
    return out


def label(result: Result, allowed: frozenset[str]) -> str:
    """The outcome's name (`failed:<type>` for failures); Violation for a type not allowed."""
    check_json(result)
    if result.status != "failed":
        return result.status
    error = result.error or {}
    kind = str(error.get("type"))
    if kind not in allowed:
        raise Violation(f"failed with {kind}: {error.get('message')!r:.300}")
    return f"failed:{kind}"


# ---------------------------------------------------------------- family 1: events

INSPECT = r"""
// Hands event values straight to api methods: whatever the event holds reaches the host.
exports.onExecutePostChallenge = async (event, api) => {
  const u = event.user, r = event.request;
  console.log(JSON.stringify(event, (k, v) => (typeof v === 'bigint' ? String(v) : v)));
  const attempt = (f) => { try { f(); } catch (e) { console.log(String(e && e.message)); } };
  attempt(() => api.cache.set('geo', JSON.stringify(r.geoip ?? null).slice(0, 1000)));
  attempt(() => api.transaction.setResultUrl('https://example.com/done', { query: r.query }));
  attempt(() => api.redirect.encodeToken({ secret: 's', payload: u.app_metadata }));
  switch (JSON.stringify(event, (k, v) => (typeof v === 'bigint' ? 0 : v)).length % 5) {
    case 1: attempt(() => api.prompt.render('fuzz', { fields: {}, vars: r.geoip })); break;
    case 2: attempt(() => api.redirect.sendUserTo('https://example.com/x', { query: r.query }));
      break;
    case 3: attempt(() => api.access.deny(u.app_metadata)); break;
    case 4: attempt(() => api.authentication.challengeWithAny(
      (u.enrolledFactors || []).map((f) => ({ type: f && f.type, options: f && f.options }))));
      break;
    default: break;
  }
};
"""


def flow_actions() -> list[Action]:
    """The flow the events family runs: INSPECT, then the examples' corporate flow."""
    def example(name: str, **secrets_: str) -> Action:
        return Action(name=name, code=(EXAMPLES / f"{name}.js").read_text(), secrets=secrets_)

    return [Action(name="inspect", code=INSPECT), example("email_verified"),
            example("ip_allowlist", ALLOWED_CIDRS="10.0.0.0/8"), example("reset_rate_limit"),
            example("mfa_challenge")]


class EventsFamily:
    """Executor.run on hostile events."""

    allowed = ACTION_FAULTS | {"invalid_event"}

    def __init__(self, executor: Executor) -> None:
        self.executor = executor
        self.actions = flow_actions()

    def check(self, event: Any) -> str:
        """Run the flow on `event`; the outcome's label."""
        result = self.executor.run(self.actions, event, tenant=TENANT)
        return label(result, self.allowed)


# ---------------------------------------------------------------- family 2: resume

SUSPENDERS = {
    "challenge": ("mfa_challenge", {}),
    "redirect": ("redirect_verify", {"SHARED_SECRET": "fuzz-secret",
                                     "VERIFY_URL": "https://verify.example.com/start"}),
    "prompt": ("reason_prompt", {}),
}
ADMIN_EVENT = {**EXAMPLE_EVENTS[0], "user": {
    **EXAMPLE_EVENTS[0]["user"], "app_metadata": {"roles": ["admin"]},
    "enrolledFactors": [{"type": "otp"}, {"type": "email"}]}}
"""An event that every suspender suspends on (examples/events/admin_reset.json's user)."""


def _mutate_text(state: str, how: int) -> str:
    """A state string one edit away from a real one."""
    if not state:
        return "x"
    i = how % len(state)
    flipped = "A" if state[i] != "A" else "B"
    return [state[:i] + flipped + state[i + 1:], state[:i], state + "A", state.upper(),
            " " + state, state[::-1], state + "\x00", state * 2][how % 8]


@dataclass(frozen=True)
class ResumeCase:
    """One continue request: which suspension, how its state is forged, and the request."""

    kind: str
    forgery: str  # "real", "edited", "arbitrary", "consumed", "foreign", "record"
    how: int
    junk: Any
    request: Any


resume_cases = st.builds(
    ResumeCase,
    kind=st.sampled_from(sorted(SUSPENDERS)),
    forgery=st.sampled_from(["real", "real", "edited", "arbitrary", "consumed", "foreign",
                             "record"]),
    how=st.integers(0, 2**16),
    junk=st.one_of(st.text(max_size=200), json_like),
    request=requests,
)


def mutate_record(payload: bytes, how: int, junk: Any) -> bytes:
    """A stored state record damaged: a field retyped or replaced, or bytes flipped."""
    body = msgpack.unpackb(payload, raw=False)
    names = sorted(body)
    name = names[how % len(names)]
    choice = (how // len(names)) % 4
    if choice == 0:
        body[name] = junk
    elif choice == 1:
        del body[name]
    elif choice == 2 and isinstance(body[name], list) and body[name]:
        body[name][how % len(body[name])] = junk
    else:
        raw = bytearray(payload)
        raw[how % len(raw)] ^= 1 + how % 255
        return bytes(raw)
    try:
        return msgpack.packb(body, use_bin_type=True)  # type: ignore[no-any-return]
    except (TypeError, ValueError, OverflowError):
        return payload[: how % len(payload)]


class ResumeFamily:
    """Executor.resume on forged states and hostile requests."""

    allowed_real = ACTION_FAULTS | {"invalid_event", "invalid_state"}

    def __init__(self, executor: Executor, store: SqliteStore) -> None:
        self.executor = executor
        self.store = store
        self.flows = {kind: [Action(name=name, code=(EXAMPLES / f"{name}.js").read_text(),
                                    secrets=secrets_)]
                      for kind, (name, secrets_) in SUSPENDERS.items()}

    def suspend(self, kind: str, tenant: str = TENANT) -> str:
        """A fresh state of a flow suspended by a challenge, a redirect or a prompt."""
        result = self.executor.run(self.flows[kind], ADMIN_EVENT, tenant=tenant)
        if result.status != kind or result.state is None:
            raise Violation(f"setting up a {kind}: {result.to_dict()!r:.300}")
        return result.state

    def check(self, case: ResumeCase) -> str:
        """Resume with the case's state and request; the outcome's label."""
        state: Any = self.suspend(case.kind)
        tenant: str | None = TENANT
        if case.forgery == "edited":
            state = _mutate_text(state, case.how)
        elif case.forgery == "arbitrary":
            state = case.junk
        elif case.forgery == "consumed":
            if self.executor.resume(state, EXAMPLE_REQUESTS[0], tenant=TENANT).status \
                    == "failed":
                return "setup-not-consumed"  # e.g. the prompt needs its fields: nothing to reuse
        elif case.forgery == "foreign":
            tenant = "someone-else"
        elif case.forgery == "record":
            state = self._damaged_copy(state, case)
        result = self.executor.resume(state, case.request, tenant=tenant)
        if case.forgery in ("real", "record"):
            return f"{case.forgery}:{label(result, self.allowed_real)}"
        # A forged, used or foreign state never resumes anything.
        return f"{case.forgery}:{label(result, frozenset({'invalid_state'}))}"

    def _damaged_copy(self, state: str, case: ResumeCase) -> str:
        """A new state whose stored record is a damaged copy of `state`'s."""
        now = int(time.time() * 1000)
        payload = self.store.state_get(state, now)
        assert payload is not None
        forged = secrets.token_urlsafe(24)
        damaged = mutate_record(payload, case.how, case.junk)
        self.store.commit(Commit(Namespace(TENANT, TRIGGER), now,
                                 create_state=NewState(forged, damaged, now + 600_000)))
        return forged


# ---------------------------------------------------------------- family 3: host calls

FUZZ_GUEST_WAT = r"""
(module
  ;; A raw-ABI guest (guest/ABI.md) that turns its input into host calls. The event is a
  ;; msgpack bin and the input's last value, so the input ends with a region of frames and
  ;; the region's length (u32, little-endian). A frame is five u32s, then inline bytes:
  ;;   req_ptr (0: the inline bytes), req_len, resp_ptr, resp_cap, inline length
  ;; for host_call(req_ptr, req_len, resp_ptr, resp_cap). The guest parses nothing else,
  ;; never traps itself and writes its outcome last, so whatever goes wrong is the host's.
  (import "executor" "host_call" (func $host_call (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  ;; the outcome {"status": "ok"}: passive, copied out last, since the host may write anywhere
  (data $outcome "\81\a6status\a2ok")
  (func (export "exec_abi_version") (result i32) (i32.const 1))
  (func (export "exec_alloc") (param $len i32) (result i32)
    (local $pages i32)
    ;; the input goes at 64 KiB: grow by the pages it needs beyond the current ones
    (local.set $pages (i32.sub
      (i32.shr_u (i32.add (i32.add (local.get $len) (i32.const 65536)) (i32.const 65535))
                 (i32.const 16))
      (memory.size)))
    (if (i32.gt_s (local.get $pages) (i32.const 0))
      (then (if (i32.eq (memory.grow (local.get $pages)) (i32.const -1))
        (then (return (i32.const 0))))))
    (i32.const 65536))
  (func (export "exec_run") (param $ptr i32) (param $len i32) (result i64)
    (local $end i32) (local $p i32) (local $n i32) (local $req i32) (local $inline i32)
    (block $done
      (br_if $done (i32.lt_u (local.get $len) (i32.const 4)))
      (local.set $end (i32.sub (i32.add (local.get $ptr) (local.get $len)) (i32.const 4)))
      (local.set $n (i32.load (local.get $end)))
      (br_if $done (i32.gt_u (local.get $n) (i32.sub (local.get $len) (i32.const 4))))
      (local.set $p (i32.sub (local.get $end) (local.get $n)))
      (loop $next
        (br_if $done (i32.gt_u (i32.add (local.get $p) (i32.const 20)) (local.get $end)))
        (local.set $req (i32.load (local.get $p)))
        (local.set $inline (i32.load offset=16 (local.get $p)))
        (br_if $done (i32.gt_u (local.get $inline)
          (i32.sub (local.get $end) (i32.add (local.get $p) (i32.const 20)))))
        (if (i32.eqz (local.get $req))
          (then (local.set $req (i32.add (local.get $p) (i32.const 20)))))
        (drop (call $host_call (local.get $req) (i32.load offset=4 (local.get $p))
          (i32.load offset=8 (local.get $p)) (i32.load offset=12 (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.add (i32.const 20) (local.get $inline))))
        (br $next)))
    (memory.init $outcome (i32.const 16) (i32.const 0) (i32.const 11))
    (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 11))))
"""

SCRATCH = 1024
"""Where in the guest's first page answers go when the frame uses the normal buffer."""
METHODS = ("cache.get", "cache.set", "cache.delete", "redirect.encodeToken",
           "redirect.validateToken", "redirect.sendUserTo", "authentication.challengeWith",
           "authentication.challengeWithAny", "prompt.render", "transaction.setResultUrl",
           "access.deny", "nope", "")


@dataclass(frozen=True)
class Frame:
    """One host call: the message bytes and the pointers the guest passes with them."""

    message: bytes
    req_ptr: int = 0  # 0: point at the message
    req_len: int | None = None  # None: the message's length
    resp_ptr: int = SCRATCH
    resp_cap: int = 60_000

    def encode(self) -> bytes:
        """The frame as the guest reads it."""
        inline = self.message if self.req_ptr == 0 else b""
        length = len(self.message) if self.req_len is None else self.req_len
        return struct.pack("<5I", self.req_ptr, length, self.resp_ptr, self.resp_cap,
                           len(inline)) + inline


def encode_frames(frames: list[Frame]) -> bytes:
    """The fuzz guest's event: the frames, then their total length."""
    region = b"".join(f.encode() for f in frames)
    return region + struct.pack("<I", len(region))


def _pack(value: Any) -> bytes:
    try:
        return msgpack.packb(value, use_bin_type=True)  # type: ignore[no-any-return]
    except (TypeError, ValueError, OverflowError):
        return b"\xc1"


factors = st.fixed_dictionaries(
    {"type": st.one_of(st.sampled_from(sorted(FACTOR_TYPES)), json_like)},
    optional={"options": st.one_of(json_like, st.fixed_dictionaries(
        {}, optional={"preferredMethod": json_like, "otpFallback": json_like}))})
api_args = st.one_of(
    st.lists(json_like, max_size=4),
    st.tuples(st.text(max_size=70), st.text(max_size=5000)).map(list),
    st.tuples(st.text(max_size=10), st.text(max_size=10),
              st.fixed_dictionaries({}, optional={"ttl": json_like, "expires_at": json_like})
              ).map(list),
    st.tuples(factors, st.fixed_dictionaries(
        {}, optional={"additionalFactors": st.lists(factors, max_size=3)})).map(list),
    st.lists(factors, max_size=4).map(lambda fs: [fs]),
    st.tuples(json_like, st.fixed_dictionaries(
        {}, optional={"fields": json_like, "vars": json_like, "query": json_like,
                      "secret": json_like, "payload": json_like,
                      "tokenParameterName": json_like, "expiresInSeconds": json_like})
              ).map(list),
)
structured = st.builds(
    lambda seq, method, args, shape: _pack([[seq, method, args], [seq, method],
                                            [method, seq, args], {"0": seq}][shape]),
    st.integers(-(2**63), 2**64 - 1), st.one_of(st.sampled_from(METHODS), st.text(max_size=20)),
    api_args, st.sampled_from([0, 0, 0, 0, 1, 2, 3]))
messages = st.one_of(
    st.binary(max_size=300), structured,
    st.tuples(structured, st.integers(0, 2**16)).map(
        lambda m: m[0][: m[1] % (len(m[0]) + 1)]),  # truncated
)
u32 = st.one_of(st.integers(0, 2**32 - 1), st.sampled_from([0, 1, 2**31 - 1, 2**31, 2**32 - 1]))
frames = st.lists(st.one_of(
    st.builds(Frame, messages),  # a well-formed call buffer, hostile bytes
    st.builds(Frame, messages, req_ptr=u32, req_len=st.one_of(st.none(), u32)),
    st.builds(Frame, messages, resp_ptr=u32, resp_cap=u32),
    st.builds(Frame, messages, resp_cap=st.integers(0, 64)),
), min_size=1, max_size=8)


ECHO = "exports.onExecutePostChallenge = async (event, api) => event;\n"


@dataclass
class HostCallFamily:
    """Arbitrary host-call messages from a raw WAT guest, answered by the real ActionApi."""

    sandbox: Sandbox
    store: SqliteStore
    guest: Program = field(init=False)
    echo: Program = field(init=False)
    event: dict[str, Any] = field(init=False)

    def __post_init__(self) -> None:
        self.guest = self.sandbox.load_module(wasmtime.wat2wasm(FUZZ_GUEST_WAT))
        self.echo = self.sandbox.load_action(ECHO)
        self.event = {**prepare(EXAMPLE_EVENTS[0], TENANT), "secrets": {}}

    def run(self, batch: list[Frame]) -> Outcome:
        """Run the guest on `batch`, answered by a fresh ActionApi; raises ExecutorError."""
        now: Callable[[], int] = lambda: int(time.time() * 1000)  # noqa: E731
        cache = CacheSession(self.store, Namespace(TENANT, TRIGGER), now)
        api = ActionApi(self.event, cache, FactorPolicy(None, FACTOR_TYPES), now,
                        state="fuzz-state")
        outcome = self.sandbox.execute(self.guest, encode_frames(batch), host=api)
        api.apply_recorded(outcome.calls)
        return outcome

    def check(self, batch: list[Frame]) -> str:
        """Run the guest on `batch`, then a normal action; the guest's outcome's label."""
        try:
            outcome = self.run(batch)
            name = "ok" if all(c.error is None for c in outcome.calls) else "ok:api-errors"
        except ActionFault as err:
            name = f"fault:{err.type}"
        except ExecutorError as err:
            raise Violation(f"{err.type}: {err.message!r:.300}") from err
        healthy = self.sandbox.execute(self.echo, {"still": ["fine", 1]})
        if healthy.result != {"still": ["fine", 1]}:
            raise Violation(f"the next execution went wrong: {healthy.result!r:.200}")
        return name


@dataclass
class Families:
    """The three families on one sandbox and private SQLite stores under `workdir`."""

    workdir: Path
    sandbox: Sandbox = field(default_factory=Sandbox)
    events: EventsFamily = field(init=False)
    resume: ResumeFamily = field(init=False)
    hostcalls: HostCallFamily = field(init=False)
    _stores: list[SqliteStore] = field(default_factory=list)

    def __post_init__(self) -> None:
        run_store = self._store("events.sqlite3")
        self.events = EventsFamily(Executor(run_store, sandbox=self.sandbox))
        resume_store = self._store("resume.sqlite3")
        self.resume = ResumeFamily(Executor(resume_store, sandbox=self.sandbox), resume_store)
        self.hostcalls = HostCallFamily(self.sandbox, self._store("hostcalls.sqlite3"))

    def _store(self, name: str) -> SqliteStore:
        store = SqliteStore(self.workdir / name)
        self._stores.append(store)
        return store

    def close(self) -> None:
        """Close the stores."""
        for store in self._stores:
            store.close()
