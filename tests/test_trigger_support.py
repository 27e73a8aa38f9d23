"""Fixtures and helpers the trigger suites share (each registers this module with pytest_plugins).

Most tests run one action source, SCRIPT, that performs the api calls listed in its own
secrets and logs what each returned: one compiled program serves hundreds of scenarios.
"""

from __future__ import annotations

import copy
import json
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

import jwt
import pytest
import redis

from executor import TRIGGER, Action, Executor, FlowSettings, Result
from executor.stores import Namespace, SqliteStore, Store
from sandbox import Sandbox

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

T0 = 1_700_000_000_000
"""The executor's clock at the start of every test (epoch ms, November 2023)."""

TENANT = "t1"
USER_ID = "auth0|64f1c2a9e1b2c3d4e5f60718"
HOSTNAME = "login.example.com"
IP = "10.1.2.3"
MINUTE = 60_000
DAY = 24 * 60 * MINUTE

SCRIPT = r"""
// Test action: performs the api calls listed in its secret OPS (CONTINUE_OPS on continue)
// and logs their outcomes as the last console line, a JSON array of
// ["ok", value] | ["undefined"] | ["api"] (a chained api return) | ["threw", message].
// Special ops: ["log", text], ["event", "dotted.path"], ["mutate", "dotted.path", value],
// ["fail", message] (throws out of the handler). {"$repeat": [s, n]} in an argument is
// s.repeat(n), for values longer than a secret may be.
function expand(arg) {
  if (Array.isArray(arg)) return arg.map(expand);
  if (arg && typeof arg === 'object') {
    if ('$repeat' in arg) return arg.$repeat[0].repeat(arg.$repeat[1]);
    const out = {};
    for (const key of Object.keys(arg)) out[key] = expand(arg[key]);
    return out;
  }
  return arg;
}

function walk(obj, path) {
  return path.split('.').reduce((o, k) => (o === undefined || o === null ? undefined : o[k]), obj);
}

async function run(event, api, ops) {
  const out = [];
  for (const [op, ...raw] of JSON.parse(ops || '[]')) {
    const args = raw.map(expand);
    if (op === 'fail') {
      console.log(JSON.stringify(out));
      throw new Error(args[0]);
    }
    try {
      let value;
      if (op === 'log') {
        value = console.log(args[0]);
      } else if (op === 'event') {
        value = walk(event, args[0]);
      } else if (op === 'mutate') {
        const keys = args[0].split('.');
        const last = keys.pop();
        walk(event, keys.join('.'))[last] = args[1];
      } else {
        const [ns, name] = op.split('.');
        value = api[ns][name](...args);
      }
      out.push(value === api ? ['api'] : value === undefined ? ['undefined'] : ['ok', value]);
    } catch (e) {
      out.push(['threw', e.message]);
    }
  }
  console.log(JSON.stringify(out));
}

exports.onExecutePostChallenge = async (event, api) => run(event, api, event.secrets.OPS);
exports.onContinuePostChallenge = async (event, api) => run(event, api, event.secrets.CONTINUE_OPS);
"""

Op = Sequence[Any]


def scripted(name: str, ops: Sequence[Op] = (), on_continue: Sequence[Op] = (),
             **secrets: str) -> Action:
    """Return a SCRIPT action performing `ops` on execute and `on_continue` on continue."""
    return Action(name, SCRIPT, {"OPS": json.dumps(ops), "CONTINUE_OPS": json.dumps(on_continue),
                                 **secrets})


def outcomes(result: Result, action: int = -1) -> list[list[Any]]:
    """Return the outcomes a SCRIPT action logged (its last console line)."""
    logs = result.actions[action].logs
    assert logs, f"action {result.actions[action].name} logged nothing"
    parsed: list[list[Any]] = json.loads(logs[-1])
    return parsed


def example(name: str) -> str:
    """Return the source of an example action."""
    return (EXAMPLES / name).read_text(encoding="utf-8")


def load_event(name: str = "reset.json") -> dict[str, Any]:
    """Return a fresh copy of an example event."""
    event: dict[str, Any] = json.loads((EXAMPLES / "events" / name).read_text(encoding="utf-8"))
    return event


def event_with(**user: Any) -> dict[str, Any]:
    """Return the reset event with some user fields replaced (None removes the field)."""
    event = copy.deepcopy(load_event())
    for key, value in user.items():
        if value is None:
            event["user"].pop(key, None)
        else:
            event["user"][key] = value
    return event


class Clock:
    """The executor's clock: epoch milliseconds that only the test moves."""

    def __init__(self, now: int = T0) -> None:
        self.now = now

    def __call__(self) -> int:
        """Return the current time."""
        return self.now

    def advance(self, ms: int) -> None:
        """Move the clock forward by `ms` milliseconds."""
        self.now += ms


def namespace(tenant: str = TENANT) -> Namespace:
    """Return the tenant's cache namespace for the trigger."""
    return Namespace(tenant, TRIGGER)


def cached(store: Store, now: int, tenant: str = TENANT) -> dict[str, tuple[str, int]]:
    """Return the tenant's cache as the store holds it: key -> (value, expires_at)."""
    return {k: (e.value, e.expires_at) for k, e in store.cache_load(namespace(tenant), now).items()}


Snapshot = Callable[[], dict[str, Any]]


def sqlite_contents(path: Path) -> dict[str, Any]:
    """Return every non-empty table of a SQLite file, rows sorted."""
    if not path.exists():
        return {}
    with closing(sqlite3.connect(path)) as db:
        tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        rows = {t: sorted(db.execute(f'SELECT * FROM "{t}"').fetchall()) for t in tables}
    return {t: r for t, r in rows.items() if r}


def redis_contents(url: str) -> dict[str, Any]:
    """Return every key of a Redis database with its serialized value."""
    with redis.Redis.from_url(url) as client:
        return {key: client.dump(key) for key in sorted(client.keys("*"))}


@pytest.fixture
def clock() -> Clock:
    """Provide a clock at T0."""
    return Clock()


@pytest.fixture
def flow_store(store: Store) -> Store:
    """Provide each store, empty (conftest's `store`, parametrized over SQLite and Redis)."""
    return store


@pytest.fixture
def contents(flow_store: Store, request: pytest.FixtureRequest, tmp_path: Path) -> Snapshot:
    """Provide a snapshot of everything the test's store holds, to compare before and after."""
    if isinstance(flow_store, SqliteStore):
        return lambda: sqlite_contents(tmp_path / "store.sqlite3")
    url: str = request.getfixturevalue("redis_url")
    return lambda: redis_contents(url)


@pytest.fixture
def make_ex(flow_store: Store, clock: Clock, sb: Sandbox) -> Callable[..., Executor]:
    """Provide a factory of executors on the test's store and clock, with optional settings."""

    def make(settings: FlowSettings | None = None) -> Executor:
        return Executor(flow_store, sandbox=sb, clock=clock, settings=settings)

    return make


@pytest.fixture
def ex(make_ex: Callable[..., Executor]) -> Executor:
    """Provide an executor with the default settings on the test's store and clock."""
    return make_ex()


SECRET = "shared-secret-between-the-executor-and-the-verification-site-0123"
"""The HS256 secret shared with the external site (64 bytes: enough for PyJWT even as HS512)."""
OTHER_SECRET = "another-secret-of-64-bytes-that-the-verification-site-does-not-use"
VERIFY_URL = "https://verify.example.com/start"


def token_claims(state: str, now_ms: int, **claims: Any) -> dict[str, Any]:
    """Return the claims an external site puts in the token it sends back (valid 5 minutes)."""
    now_s = now_ms // 1000
    return {"sub": USER_ID, "iss": HOSTNAME, "iat": now_s, "exp": now_s + 300, "state": state,
            **claims}


def sign(claims: dict[str, Any], secret: str = SECRET) -> str:
    """Return the HS256 token an external site signs with the shared secret."""
    return jwt.encode(claims, secret, algorithm="HS256")
