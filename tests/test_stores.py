"""The stores: SQLite and Redis pass one suite, then the failures only one of them can have."""

from __future__ import annotations

import itertools
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from executor import stores
from executor.stores import (
    CacheEntry,
    Commit,
    Namespace,
    NewState,
    RedisStore,
    SqliteStore,
    StateGone,
    Store,
    open_store,
)
from executor.stores.base import DONE_TTL_MS, AlreadyCommitted
from sandbox.errors import InvalidEvent, StoreUnavailable

if TYPE_CHECKING:
    from tests.conftest_redis import RedisProcess

T0 = 1_000_000_000_000
"""The tests' clock (September 2001): far from the real one, since stores must follow the
caller's clock and never the server's."""

HOUR = 3_600_000
NS = Namespace("acme", "password-reset-post-challenge")
SECRET = "s3cr3t-value-never-in-messages"


@pytest.fixture
def sqlite_path(tmp_path: Path) -> Path:
    """Provide a path for a SQLite store file that does not exist yet."""
    return tmp_path / "data" / "store.sqlite3"


def entry(value: str, expires_at: int = T0 + HOUR) -> CacheEntry:
    """Make a cache entry that outlives the test unless told otherwise."""
    return CacheEntry(value, expires_at)


def put_values(store: Store, values: Mapping[str, str], namespace: Namespace = NS,
               now_ms: int = T0) -> None:
    """Commit `values` to the namespace's cache, each expiring in an hour."""
    store.commit(Commit(namespace, now_ms, cache_set={k: entry(v) for k, v in values.items()}))


def put(store: Store, **values: str) -> None:
    """Commit `values` to the default namespace's cache, each expiring in an hour."""
    put_values(store, values)


def new_state(store: Store, state_id: str, payload: bytes = b"flow",
              expires_at: int = T0 + HOUR) -> None:
    """Create a state with a commit of its own."""
    store.commit(Commit(NS, T0, create_state=NewState(state_id, payload, expires_at)))


def race(count: int, attempt: Callable[[int], None]) -> list[BaseException | None]:
    """Run `attempt(i)` in `count` threads released together; return what each raised."""
    barrier = threading.Barrier(count)
    outcomes: list[BaseException | None] = [None] * count

    def run(i: int) -> None:
        barrier.wait()
        try:
            attempt(i)
        except Exception as exc:  # each thread's exception is the result under test
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


# The suite both stores pass.


def test_cache_round_trip(store: Store) -> None:
    """Entries committed to a namespace load back with their values and expiries."""
    store.commit(Commit(NS, T0, cache_set={"a": entry("1"), "b": entry("two", T0 + 5)}))
    assert store.cache_load(NS, T0) == {"a": entry("1"), "b": entry("two", T0 + 5)}


def test_empty_namespace_loads_empty(store: Store) -> None:
    """A namespace nothing was committed to loads as an empty dict."""
    assert store.cache_load(NS, T0) == {}


def test_cache_overwrite(store: Store) -> None:
    """Setting a key again replaces its value and expiry."""
    put(store, a="old")
    store.commit(Commit(NS, T0, cache_set={"a": entry("new", T0 + 7)}))
    assert store.cache_load(NS, T0) == {"a": entry("new", T0 + 7)}


def test_cache_expiry_follows_now_ms(store: Store) -> None:
    """An entry expiring at t is returned at t - 1 and not at t."""
    store.commit(Commit(NS, T0, cache_set={"k": entry("v", T0 + 1000)}))
    assert store.cache_load(NS, T0 + 999) == {"k": entry("v", T0 + 1000)}
    assert store.cache_load(NS, T0 + 1000) == {}


def test_commit_purges_expired_entries(store: Store) -> None:
    """A commit removes the namespace's entries expired at its now_ms, keeping the rest."""
    store.commit(Commit(NS, T0, cache_set={"short": entry("s", T0 + 10), "long": entry("l")}))
    put_values(store, {"other": "o"}, now_ms=T0 + 10)
    assert store.cache_load(NS, T0) == {"long": entry("l"), "other": entry("o")}


def test_setting_an_expired_entry_removes_it(store: Store) -> None:
    """Setting an entry that expires at or before now_ms leaves the key absent."""
    put(store, a="1")
    store.commit(Commit(NS, T0 + 5, cache_set={"a": entry("2", T0 + 5), "b": entry("3", T0)}))
    assert store.cache_load(NS, T0) == {}


def test_cache_delete(store: Store) -> None:
    """Deleted keys are gone, other keys stay, and deleting a missing key is harmless."""
    put(store, a="1", b="2")
    store.commit(Commit(NS, T0, cache_delete=("a", "never-set")))
    assert store.cache_load(NS, T0) == {"b": entry("2")}


def test_large_commits_apply_whole(store: Store) -> None:
    """Commits setting, then expiring and deleting, thousands of keys apply entirely."""
    values = {f"k{i}": str(i) for i in range(5000)}
    put_values(store, values)
    assert store.cache_load(NS, T0) == {k: entry(v) for k, v in values.items()}
    store.commit(Commit(NS, T0 + HOUR, cache_delete=tuple(values)[:2500]))
    assert store.cache_load(NS, T0) == {}


def test_set_wins_over_delete_of_the_same_key(store: Store) -> None:
    """A commit applies its deletes before its sets."""
    put(store, a="1")
    store.commit(Commit(NS, T0, cache_set={"a": entry("2")}, cache_delete=("a",)))
    assert store.cache_load(NS, T0) == {"a": entry("2")}


NAMESPACES = [
    Namespace("a", "x"), Namespace("b", "x"), Namespace("a", "y"), Namespace("A", "x"),
    Namespace("a.b", "x"), Namespace("a", "b.x"), Namespace("a-b", "x"), Namespace("a_b", "x"),
]

TRICKY_KEYS = [
    "k", "K", "k ", " k", "", "a:b", "acme:x", "x/y", "/", "..", "../..", "../a/x",
    "k\x00", "\x00", "k\x00x", "k\u0430", "\uff4b", "k\u200b", "e\u0301", "\u00e9", "*", "%s",
]
"""Keys that must stay in their namespace and stay distinct from each other: separators,
paths, NUL bytes, unicode look-alikes (Cyrillic a, fullwidth k, zero-width space, combining
accents), glob and format characters."""


def test_namespaces_are_isolated(store: Store) -> None:
    """The same keys in different tenants or triggers never meet, however they are spelled."""
    for i, namespace in enumerate(NAMESPACES):
        put_values(store, {key: f"{i}:{key}" for key in TRICKY_KEYS}, namespace)
    for i, namespace in enumerate(NAMESPACES):
        assert store.cache_load(namespace, T0) == {
            key: entry(f"{i}:{key}") for key in TRICKY_KEYS
        }
    store.commit(Commit(NAMESPACES[0], T0, cache_delete=tuple(TRICKY_KEYS)))
    assert store.cache_load(NAMESPACES[0], T0) == {}
    assert len(store.cache_load(NAMESPACES[1], T0)) == len(TRICKY_KEYS)


_fresh = itertools.count()


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.dictionaries(st.text(max_size=30), st.text(max_size=200), max_size=6))
def test_any_text_round_trips(store: Store, values: dict[str, str]) -> None:
    """Any text keys and values (NUL, emoji, lone combining marks) load back unchanged."""
    namespace = Namespace("hypothesis", f"t{next(_fresh)}")
    store.commit(Commit(namespace, T0, cache_set={k: entry(v) for k, v in values.items()}))
    assert store.cache_load(namespace, T0) == {k: entry(v) for k, v in values.items()}


def test_state_round_trip(store: Store) -> None:
    """A created state is found by its id until it expires, as the commit's clock says."""
    new_state(store, "s1", b"payload", T0 + 1000)
    assert store.state_get("s1", T0) == b"payload"
    assert store.state_get("s1", T0 + 999) == b"payload"
    assert store.state_get("s1", T0 + 1000) is None


def test_unknown_state_is_none(store: Store) -> None:
    """State_get of an id never created returns None."""
    assert store.state_get("nope", T0) is None
    assert store.state_get("", T0) is None


@pytest.mark.parametrize("payload", [
    b"", b"\x00", b"\x00\x00abc\x00", bytes(range(256)), b"\xc1\xff\xfe", b"\x93\xa1a",
    b"x" * 300_000,
], ids=["empty", "nul", "nuls", "all-bytes", "invalid-msgpack", "msgpack-lookalike", "300k"])
def test_state_payload_bytes_round_trip(store: Store, payload: bytes) -> None:
    """State payloads are arbitrary bytes and come back byte for byte."""
    new_state(store, "s", payload)
    assert store.state_get("s", T0) == payload


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=st.binary(max_size=2000), state_id=st.text(min_size=1, max_size=40))
def test_any_payload_and_id_round_trip(store: Store, payload: bytes, state_id: str) -> None:
    """Any payload under any state id is found again and consumed exactly once."""
    new_state(store, state_id, payload)
    assert store.state_get(state_id, T0) == payload
    store.commit(Commit(NS, T0, consume_state=state_id))
    assert store.state_get(state_id, T0) is None


@pytest.mark.parametrize("how", ["unknown", "expired", "consumed"])
def test_commit_with_a_gone_state_applies_nothing(store: Store, how: str) -> None:
    """A commit whose state is unknown, expired or consumed raises StateGone, writes nothing."""
    put(store, keep="1", drop="2")
    if how != "unknown":
        new_state(store, "old", expires_at=T0 + 100)
    if how == "consumed":
        store.commit(Commit(NS, T0, consume_state="old"))
    with pytest.raises(StateGone) as caught:
        store.commit(Commit(
            NS, T0 + 100, consume_state="old",
            cache_set={"keep": entry("changed"), "new": entry("3")}, cache_delete=("drop",),
            create_state=NewState("next", b"x", T0 + HOUR),
        ))
    assert store.cache_load(NS, T0) == {"keep": entry("1"), "drop": entry("2")}
    assert store.state_get("next", T0) is None
    assert "old" not in str(caught.value)  # state ids are handles: kept out of messages


def test_consume_and_create_resume_once(store: Store) -> None:
    """Consuming a state and creating the next is one step; the old state resumes only once."""
    new_state(store, "s1")
    store.commit(Commit(NS, T0, consume_state="s1", cache_set={"n": entry("1")},
                        create_state=NewState("s2", b"second", T0 + HOUR)))
    assert store.state_get("s1", T0) is None
    assert store.state_get("s2", T0) == b"second"
    with pytest.raises(StateGone):
        store.commit(Commit(NS, T0, consume_state="s1",
                            create_state=NewState("s3", b"third", T0 + HOUR)))
    assert store.state_get("s3", T0) is None
    assert store.cache_load(NS, T0) == {"n": entry("1")}


def test_consume_then_recreate_the_same_id(store: Store) -> None:
    """A commit may consume a state and create a new one under the same id."""
    new_state(store, "s", b"one")
    store.commit(Commit(NS, T0, consume_state="s", create_state=NewState("s", b"two", T0 + 9)))
    assert store.state_get("s", T0) == b"two"


def test_creating_an_expired_state_creates_nothing(store: Store) -> None:
    """A state that expires at or before the commit's now_ms is not stored."""
    store.commit(Commit(NS, T0 + 5, create_state=NewState("s", b"x", T0 + 5)))
    assert store.state_get("s", T0) is None


def test_concurrent_consumers_exactly_one_wins(store: Store) -> None:
    """Threads committing the same consumed state at once: one succeeds, the rest StateGone."""
    new_state(store, "shared")
    count = 8

    def attempt(i: int) -> None:
        store.commit(Commit(NS, T0, consume_state="shared", cache_set={"winner": entry(str(i))},
                            create_state=NewState(f"next{i}", b"x", T0 + HOUR)))

    outcomes = race(count, attempt)
    winners = [i for i, outcome in enumerate(outcomes) if outcome is None]
    assert len(winners) == 1, outcomes
    assert all(isinstance(o, StateGone) for i, o in enumerate(outcomes) if i not in winners)
    assert store.cache_load(NS, T0) == {"winner": entry(str(winners[0]))}
    assert [i for i in range(count) if store.state_get(f"next{i}", T0)] == winners


def test_concurrent_writers_to_many_namespaces(store: Store) -> None:
    """Threads writing their own namespaces at once all succeed and see only their own data."""

    def attempt(i: int) -> None:
        for n in range(10):
            put_values(store, {f"k{n}": f"{i}.{n}"}, Namespace(f"t{i}", "x"))

    assert race(6, attempt) == [None] * 6
    for i in range(6):
        assert store.cache_load(Namespace(f"t{i}", "x"), T0) == {
            f"k{n}": entry(f"{i}.{n}") for n in range(10)
        }


def test_empty_commit_is_a_no_op(store: Store) -> None:
    """A commit with nothing to write changes nothing."""
    put(store, a="1")
    store.commit(Commit(NS, T0 + HOUR * 2))
    assert store.cache_load(NS, T0) == {"a": entry("1")}


def test_close_is_idempotent_and_final(store: Store) -> None:
    """Close can be called twice; a closed store raises StoreUnavailable."""
    store.close()
    store.close()
    with pytest.raises(StoreUnavailable, match="closed"):
        store.cache_load(NS, T0)


# Idempotency: a commit named by an execution id applies once (both stores).


def test_idempotent_commit_applies_once(store: Store) -> None:
    """A second commit with the same key applies nothing and raises the first outcome."""
    store.commit(Commit(NS, T0, cache_set={"n": entry("1")}, idempotency_key="job1",
                        outcome=b"first"))
    with pytest.raises(AlreadyCommitted) as caught:
        store.commit(Commit(NS, T0, cache_set={"n": entry("2"), "m": entry("x")},
                            cache_delete=("n",), create_state=NewState("s", b"x", T0 + HOUR),
                            idempotency_key="job1", outcome=b"second"))
    assert caught.value.outcome == b"first"
    assert store.cache_load(NS, T0) == {"n": entry("1")}
    assert store.state_get("s", T0) is None
    assert store.committed("job1", T0) == b"first"


def test_idempotency_marker_is_checked_before_the_state(store: Store) -> None:
    """A repeated resume commit gets AlreadyCommitted, not StateGone for the state it used."""
    new_state(store, "old")
    resume = Commit(NS, T0, consume_state="old", create_state=NewState("next", b"n", T0 + HOUR),
                    idempotency_key="job2", outcome=b"resumed")
    store.commit(resume)
    with pytest.raises(AlreadyCommitted) as caught:
        store.commit(resume)
    assert caught.value.outcome == b"resumed"
    assert store.state_get("next", T0) == b"n"


def test_commits_without_or_with_other_keys_are_independent(store: Store) -> None:
    """Distinct keys each apply; commits without a key leave no marker and always apply."""
    store.commit(Commit(NS, T0, cache_set={"a": entry("1")}, idempotency_key="k1",
                        outcome=b"one"))
    store.commit(Commit(NS, T0, cache_set={"b": entry("2")}, idempotency_key="k2",
                        outcome=b"two"))
    put(store, c="3")
    put(store, c="4")
    assert store.cache_load(NS, T0) == {"a": entry("1"), "b": entry("2"), "c": entry("4")}
    assert (store.committed("k1", T0), store.committed("k2", T0)) == (b"one", b"two")
    assert store.committed("never", T0) is None


def test_a_gone_state_writes_no_marker(store: Store) -> None:
    """A commit refused with StateGone leaves no marker: a retry with the key is not blocked."""
    with pytest.raises(StateGone):
        store.commit(Commit(NS, T0, consume_state="missing", idempotency_key="k",
                            outcome=b"x"))
    assert store.committed("k", T0) is None


def test_empty_commit_writes_no_marker(store: Store) -> None:
    """An execution without effects needs no marker: its key is not recorded."""
    store.commit(Commit(NS, T0, idempotency_key="k", outcome=b"x"))
    assert store.committed("k", T0) is None


def test_marker_expires_after_a_day_by_the_caller_clock(store: Store) -> None:
    """The marker lasts DONE_TTL_MS from the commit's now_ms; then the key applies again."""
    store.commit(Commit(NS, T0, cache_set={"n": entry("1", T0 + 2 * DONE_TTL_MS)},
                        idempotency_key="k", outcome=b"x"))
    assert store.committed("k", T0 + DONE_TTL_MS - 1) == b"x"
    assert store.committed("k", T0 + DONE_TTL_MS) is None
    store.commit(Commit(NS, T0 + DONE_TTL_MS, cache_set={"n": entry("2", T0 + 2 * DONE_TTL_MS)},
                        idempotency_key="k", outcome=b"y"))
    assert store.cache_load(NS, T0 + DONE_TTL_MS) == {"n": entry("2", T0 + 2 * DONE_TTL_MS)}


def test_concurrent_commits_with_one_key_apply_once(store: Store) -> None:
    """Threads committing one key at once: one applies, the rest get its outcome back."""
    count = 8

    def attempt(i: int) -> None:
        store.commit(Commit(NS, T0, cache_set={"winner": entry(str(i))},
                            idempotency_key="shared", outcome=str(i).encode()))

    outcomes = race(count, attempt)
    winners = [i for i, outcome in enumerate(outcomes) if outcome is None]
    assert len(winners) == 1, outcomes
    losers = [o for o in outcomes if o is not None]
    assert all(isinstance(o, AlreadyCommitted) and o.outcome == str(winners[0]).encode()
               for o in losers)
    assert store.cache_load(NS, T0) == {"winner": entry(str(winners[0]))}


def test_stores_are_context_managers(tmp_path: Path) -> None:
    """Leaving a `with` block closes the store."""
    with SqliteStore(tmp_path / "s.sqlite3") as store:
        put(store, a="1")
    with pytest.raises(StoreUnavailable):
        store.cache_load(NS, T0)


@pytest.mark.parametrize(("tenant", "trigger"), [
    ("", "x"), ("a:b", "x"), ("a b", "x"), ("a/b", "x"), ("ä", "x"), ("a" * 65, "x"),
    ("a\x00", "x"), ("a\n", "x"), ("*", "x"), ("a", ""), ("a", "x:y"), ("a", "{x}"),
])
def test_namespace_rejects_bad_names(tenant: str, trigger: str) -> None:
    """Tenant and trigger names outside [A-Za-z0-9_.-]{1,64} raise InvalidEvent."""
    with pytest.raises(InvalidEvent):
        Namespace(tenant, trigger)


def test_namespace_rejects_non_strings() -> None:
    """A tenant that is not a string raises InvalidEvent, not TypeError."""
    with pytest.raises(InvalidEvent):
        Namespace(None, "x")  # type: ignore[arg-type]


# SQLite only.


CHILD = """
import sys
from pathlib import Path
from executor.stores import CacheEntry, Commit, Namespace, NewState, SqliteStore, StateGone

step, path, now = sys.argv[1], Path(sys.argv[2]), 1_000_000_000_000
ns = Namespace("acme", "password-reset-post-challenge")
with SqliteStore(path) as store:
    if step == "run":
        store.commit(Commit(ns, now, cache_set={"seen": CacheEntry("run", now + 60_000)},
                            create_state=NewState("s1", b"\\x00suspended", now + 60_000)))
    else:
        # What a continue reads first; another process may consume the state meanwhile.
        assert store.state_get("s1", now) in (b"\\x00suspended", None)
        assert store.cache_load(ns, now)["seen"].expires_at == now + 60_000
        try:
            store.commit(Commit(ns, now, consume_state="s1",
                                cache_set={"seen": CacheEntry("continue", now + 60_000)}))
        except StateGone:
            sys.exit(3)
"""


def invoke(step: str, path: Path) -> subprocess.CompletedProcess[str]:
    """Run one CLI-like invocation of the store in a new Python process."""
    return subprocess.run([sys.executable, "-c", CHILD, step, str(path)],
                          capture_output=True, text=True, timeout=60, check=False)


def test_sqlite_run_then_continue_across_processes(sqlite_path: Path) -> None:
    """A state saved by one process is resumed by the next, and only once."""
    assert invoke("run", sqlite_path).returncode == 0
    done = invoke("continue", sqlite_path)
    assert done.returncode == 0, done.stderr
    assert invoke("continue", sqlite_path).returncode == 3
    with SqliteStore(sqlite_path) as store:
        assert store.cache_load(NS, T0) == {"seen": CacheEntry("continue", T0 + 60_000)}


def test_sqlite_processes_race_for_one_state(sqlite_path: Path) -> None:
    """Processes continuing the same state at once: exactly one succeeds."""
    assert invoke("run", sqlite_path).returncode == 0
    children = [
        subprocess.Popen([sys.executable, "-c", CHILD, "continue", str(sqlite_path)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    try:
        errors = [child.communicate(timeout=60)[1].decode() for child in children]
    finally:
        for child in children:
            child.kill()
            child.wait()
    codes = sorted(child.returncode for child in children)
    assert codes == [0, 3, 3, 3], errors


def test_sqlite_file_is_private(sqlite_path: Path) -> None:
    """The store file is created readable by its owner only."""
    with SqliteStore(sqlite_path) as store:
        put(store, a="1")
    assert sqlite_path.stat().st_mode & 0o777 == 0o600


def test_sqlite_uses_wal(sqlite_path: Path) -> None:
    """The store file is in WAL mode, so readers never wait for a writer."""
    with SqliteStore(sqlite_path) as store:
        put(store, a="1")
    with sqlite3.connect(sqlite_path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_sqlite_locked_beyond_timeout_is_unavailable(sqlite_path: Path) -> None:
    """A writer blocked past the busy timeout raises StoreUnavailable; readers still read."""
    store = SqliteStore(sqlite_path, timeout=0.2)
    put(store, a="1")
    holder = sqlite3.connect(sqlite_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        with pytest.raises(StoreUnavailable, match="locked") as caught:
            store.commit(Commit(NS, T0, cache_set={"b": entry(SECRET)}))
        assert time.monotonic() - started < 2
        assert SECRET not in str(caught.value)
        assert store.cache_load(NS, T0) == {"a": entry("1")}
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    put(store, b="2")
    assert store.cache_load(NS, T0) == {"a": entry("1"), "b": entry("2")}
    store.close()


@pytest.mark.parametrize("where", ["directory", "under-a-file"])
def test_sqlite_unusable_path_is_unavailable(tmp_path: Path, where: str) -> None:
    """A path that cannot hold a database raises StoreUnavailable naming it, on first use."""
    (tmp_path / "file").write_text("not a directory")
    path = tmp_path if where == "directory" else tmp_path / "file" / "store.sqlite3"
    store = SqliteStore(path)
    with pytest.raises(StoreUnavailable, match="sqlite store at"):
        store.cache_load(NS, T0)
    store.close()


def test_sqlite_not_a_database_is_unavailable(tmp_path: Path) -> None:
    """A file that is not a SQLite database raises StoreUnavailable."""
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"this is not a database, just bytes " * 200)
    with pytest.raises(StoreUnavailable), SqliteStore(path) as store:
        store.cache_load(NS, T0)


# Redis only.


@pytest.fixture
def redis_store(redis_url: str) -> Iterator[RedisStore]:
    """Provide a Redis store with a short timeout, on the flushed session server."""
    with RedisStore(redis_url, timeout=0.5) as store:
        yield store


def calls(store: Store) -> dict[str, Callable[[], Any]]:
    """One call of each kind, for the failure tests."""
    return {
        "cache_load": lambda: store.cache_load(NS, T0),
        "state_get": lambda: store.state_get("s", T0),
        "commit": lambda: store.commit(Commit(NS, T0, cache_set={"k": entry(SECRET)},
                                              create_state=NewState("n", b"x", T0 + HOUR))),
    }


def test_redis_down_is_unavailable_then_recovers(
    redis_store: RedisStore, redis_process: RedisProcess
) -> None:
    """With redis-server stopped every call raises StoreUnavailable at once; then it recovers."""
    put(redis_store, a="1")
    with redis_process.stopped():
        for name, call in calls(redis_store).items():
            started = time.monotonic()
            with pytest.raises(StoreUnavailable) as caught:
                call()
            assert time.monotonic() - started < redis_store.timeout, name
            message = str(caught.value)
            assert f"redis at 127.0.0.1:{redis_process.port} is unreachable" in message
            assert SECRET not in message
    calls(redis_store)["commit"]()
    assert redis_store.cache_load(NS, T0) == {"k": entry(SECRET)}
    assert redis_store.state_get("n", T0) == b"x"


def test_redis_frozen_times_out_then_recovers(
    redis_store: RedisStore, redis_process: RedisProcess
) -> None:
    """A server that stops answering makes each call fail within the socket timeout."""
    put(redis_store, a="1")
    with redis_process.paused():
        for name, call in calls(redis_store).items():
            started = time.monotonic()
            with pytest.raises(StoreUnavailable, match="unreachable"):
                call()
            assert time.monotonic() - started < redis_store.timeout + 0.5, name
    assert redis_store.cache_load(NS, T0)["a"] == entry("1")


def test_redis_commit_cut_off_by_a_crash_leaves_nothing(
    redis_store: RedisStore, redis_process: RedisProcess
) -> None:
    """A commit in flight when the server crashes is not applied in part, and can be retried."""
    put(redis_store, keep="1", drop="2")
    new_state(redis_store, "old")
    with redis_process.client() as admin:
        admin.save()  # what survives the crash below
    commit = Commit(NS, T0, consume_state="old", cache_set={"keep": entry("changed")},
                    cache_delete=("drop",), create_state=NewState("next", b"x", T0 + HOUR))
    outcome: list[BaseException] = []

    def send() -> None:
        try:
            redis_store.commit(commit)
        except StoreUnavailable as exc:
            outcome.append(exc)

    redis_process.pause()  # the commit is sent, then waits for a reply that never comes
    sender = threading.Thread(target=send)
    sender.start()
    time.sleep(redis_store.timeout / 3)
    redis_process.kill()
    sender.join()
    assert len(outcome) == 1
    assert "TimeoutError" not in str(outcome[0])  # cut off by the crash, not timed out
    redis_process.start(keep_data=True)
    assert redis_store.cache_load(NS, T0) == {"keep": entry("1"), "drop": entry("2")}
    assert redis_store.state_get("old", T0) == b"flow"
    assert redis_store.state_get("next", T0) is None
    redis_store.commit(commit)
    assert redis_store.cache_load(NS, T0) == {"keep": entry("changed")}
    assert redis_store.state_get("next", T0) == b"x"


def test_redis_commit_whose_reply_is_lost_is_all_or_nothing(
    redis_store: RedisStore, redis_process: RedisProcess
) -> None:
    """A commit that timed out is either wholly applied or not at all, and never replayed."""
    put(redis_store, keep="1", drop="2")
    new_state(redis_store, "old")
    with redis_process.paused(), pytest.raises(StoreUnavailable):
        redis_store.commit(Commit(
            NS, T0, consume_state="old", cache_set={"keep": entry("changed")},
            cache_delete=("drop",), create_state=NewState("next", b"x", T0 + HOUR)))
    applied = redis_store.state_get("old", T0) is None
    if applied:
        assert redis_store.cache_load(NS, T0) == {"keep": entry("changed")}
        assert redis_store.state_get("next", T0) == b"x"
    else:
        assert redis_store.cache_load(NS, T0) == {"keep": entry("1"), "drop": entry("2")}
        assert redis_store.state_get("next", T0) is None


def test_redis_keys_follow_the_caller_clock(
    redis_store: RedisStore, redis_process: RedisProcess
) -> None:
    """Redis key lifetimes are set relative to now_ms, so a moved clock keeps them alive."""
    put(redis_store, a="1")
    new_state(redis_store, "s", expires_at=T0 + 60_000)
    with redis_process.client() as admin:
        cache_ttl = admin.pttl(f"exec:cache:{NS.tenant}:{NS.trigger}")
        state_ttl = admin.pttl("exec:state:s")
    assert HOUR - 5_000 < cache_ttl <= HOUR
    assert 55_000 < state_ttl <= 60_000


def test_redis_url_with_password_stays_out_of_messages(redis_process: RedisProcess) -> None:
    """The store's repr and errors name host:port, never the URL's password."""
    with RedisStore(f"redis://user:hunter2@127.0.0.1:{redis_process.port}/0") as store:
        assert "hunter2" not in repr(store)
        with pytest.raises(StoreUnavailable) as caught:
            store.cache_load(NS, T0)  # the server has no such user
        assert "hunter2" not in str(caught.value)


# open_store.


def test_open_store_default_is_sqlite(tmp_path: Path) -> None:
    """No URL opens SQLite at default_path, a file or a directory to hold store.sqlite3."""
    file_store = open_store(None, tmp_path / "x.sqlite3")
    dir_store = open_store("", tmp_path)
    assert isinstance(file_store, SqliteStore)
    assert file_store.path == tmp_path / "x.sqlite3"
    assert isinstance(dir_store, SqliteStore)
    assert dir_store.path == tmp_path / "store.sqlite3"


def test_open_store_default_path_from_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without default_path the file is in $EXECUTOR_DATA_DIR, else ~/.local/share/executor."""
    monkeypatch.setenv("EXECUTOR_DATA_DIR", str(tmp_path))
    store = open_store(None)
    assert isinstance(store, SqliteStore)
    assert store.path == tmp_path / "store.sqlite3"
    monkeypatch.delenv("EXECUTOR_DATA_DIR")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert stores.default_store_path() == (
        tmp_path / "home" / ".local" / "share" / "executor" / "store.sqlite3"
    )


def test_open_store_sqlite_urls(tmp_path: Path) -> None:
    """A sqlite:///abs/path URL or a plain path opens SQLite there."""
    by_url = open_store(f"sqlite://{tmp_path}/a.sqlite3")
    by_path = open_store(str(tmp_path / "b.sqlite3"))
    assert isinstance(by_url, SqliteStore)
    assert by_url.path == tmp_path / "a.sqlite3"
    assert isinstance(by_path, SqliteStore)
    assert by_path.path == tmp_path / "b.sqlite3"


def test_open_store_redis_url() -> None:
    """A redis:// URL opens a RedisStore without connecting yet."""
    store = open_store("redis://127.0.0.1:1/3")
    assert isinstance(store, RedisStore)
    assert store.address == "127.0.0.1:1"
    store.close()


@pytest.mark.parametrize("url", [
    "http://example.com", "postgres://db/x", "sqlite://relative.db", "sqlite:///",
    "redis://127.0.0.1:notaport/0",
])
def test_open_store_rejects_other_urls(url: str) -> None:
    """URLs of other schemes, relative sqlite URLs and malformed redis URLs raise ValueError."""
    with pytest.raises(ValueError, match=r"store URL"):
        open_store(url)


def test_public_names() -> None:
    """The package exports exactly its public names."""
    assert sorted(stores.__all__) == [
        "CacheEntry", "Commit", "Namespace", "NewState", "RedisStore", "SqliteStore",
        "StateGone", "Store", "default_store_path", "open_store",
    ]
    assert all(hasattr(stores, name) for name in stores.__all__)
