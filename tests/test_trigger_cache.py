"""api.cache end to end: Auth0's shapes, limits and error codes, lifetimes on the executor's
clock, and what reaches each store.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_trigger_support import (
    DAY,
    MINUTE,
    T0,
    TENANT,
    VERIFY_URL,
    Clock,
    Op,
    cached,
    load_event,
    outcomes,
    scripted,
)

from executor import Executor, Result
from executor.stores import Store

pytest_plugins = ["test_trigger_support"]

DEFAULT_TTL = 15 * MINUTE


def ok(value: str, expires_at: int) -> list[Any]:
    """Return the outcome of a successful cache.set."""
    return ["ok", {"type": "success", "record": {"value": value, "expires_at": expires_at}}]


def error(code: str) -> list[Any]:
    """Return the outcome of a cache call that failed with `code`."""
    return ["ok", {"type": "error", "code": code}]


def record(value: str, expires_at: int) -> list[Any]:
    """Return the outcome of a cache.get that found a record."""
    return ["ok", {"value": value, "expires_at": expires_at}]


def run(ex: Executor, *ops: Op, tenant: str = TENANT) -> Result:
    """Run one SCRIPT action performing `ops`."""
    return ex.run([scripted("cache", ops)], load_event(), tenant=tenant)


def test_set_get_delete_shapes(ex: Executor, flow_store: Store, clock: Clock) -> None:
    """set, get and delete answer with Auth0's shapes; get of a missing key is undefined."""
    r = run(ex, ["cache.get", "k"], ["cache.set", "k", "v"], ["cache.get", "k"],
            ["cache.set", "gone", "x"], ["cache.delete", "gone"], ["cache.get", "gone"],
            ["cache.delete", "never"])
    assert r.status == "completed"
    assert outcomes(r) == [
        ["undefined"], ok("v", T0 + DEFAULT_TTL), record("v", T0 + DEFAULT_TTL),
        ok("x", T0 + DEFAULT_TTL), ["ok", {"type": "success"}], ["undefined"],
        error("CacheKeyDoesNotExist")]
    assert cached(flow_store, clock()) == {"k": ("v", T0 + DEFAULT_TTL)}


def test_result_cache_lists_exactly_what_was_committed(
    ex: Executor, flow_store: Store, clock: Clock
) -> None:
    """result.cache lists the sets and deletes this execution committed, and the store agrees."""
    run(ex, ["cache.set", "old", "1"], ["cache.set", "kept", "2"])
    r = run(ex, ["cache.delete", "old"], ["cache.set", "new", "3", {"ttl": 1000}],
            ["cache.set", "tmp", "4"], ["cache.delete", "tmp"], ["cache.delete", "missing"])
    assert r.to_dict()["cache"] == {"set": {"new": {"value": "3", "expires_at": T0 + 1000}},
                                    "deleted": ["old", "tmp"]}
    assert cached(flow_store, clock()) == {"kept": ("2", T0 + DEFAULT_TTL),
                                           "new": ("3", T0 + 1000)}


def test_key_size(ex: Executor) -> None:
    """Keys up to 64 UTF-8 bytes are accepted; longer ones are CacheKeySizeExceeded."""
    r = run(ex, ["cache.set", "k" * 64, "v"], ["cache.set", "k" * 65, "v"],
            ["cache.set", "é" * 32, "v"], ["cache.set", "é" * 33, "v"])
    assert outcomes(r) == [ok("v", T0 + DEFAULT_TTL), error("CacheKeySizeExceeded"),
                           ok("v", T0 + DEFAULT_TTL), error("CacheKeySizeExceeded")]


def test_value_size(ex: Executor, flow_store: Store, clock: Clock) -> None:
    """Values up to 4 KiB of UTF-8 are accepted; longer ones are CacheValueSizeExceeded."""
    r = run(ex, ["cache.set", "a", {"$repeat": ["v", 4096]}],
            ["cache.set", "b", {"$repeat": ["v", 4097]}],
            ["cache.set", "c", {"$repeat": ["é", 2049]}])
    assert outcomes(r)[1:] == [error("CacheValueSizeExceeded"), error("CacheValueSizeExceeded")]
    assert cached(flow_store, clock()) == {"a": ("v" * 4096, T0 + DEFAULT_TTL)}


def test_twenty_first_entry_is_cache_size_exceeded(
    ex: Executor, flow_store: Store, clock: Clock
) -> None:
    """A namespace holds 20 entries: a 21st is refused, replacing an existing one is not."""
    r = run(ex, *[["cache.set", f"k{i}", "v"] for i in range(20)])
    assert all(o == ok("v", T0 + DEFAULT_TTL) for o in outcomes(r))
    r = run(ex, ["cache.set", "k20", "v"], ["cache.set", "k0", "new"], ["cache.delete", "k1"],
            ["cache.set", "k21", "v"])
    assert outcomes(r) == [error("CacheSizeExceeded"), ok("new", T0 + DEFAULT_TTL),
                           ["ok", {"type": "success"}], ok("v", T0 + DEFAULT_TTL)]
    held = cached(flow_store, clock())
    assert len(held) == 20
    assert "k20" not in held and "k1" not in held and held["k0"][0] == "new"


def test_total_size_is_8_kib(ex: Executor, flow_store: Store, clock: Clock) -> None:
    """Keys and values together may take 8 KiB: one byte more is CacheSizeExceeded."""
    r = run(ex, ["cache.set", "a", {"$repeat": ["x", 4096]}],
            ["cache.set", "b", {"$repeat": ["x", 4094]}],
            ["cache.set", "c", ""],
            ["cache.set", "b", {"$repeat": ["x", 4093]}],
            ["cache.set", "c", ""])
    assert [o[1]["type"] for o in outcomes(r)] == ["success", "success", "error", "success",
                                                   "success"]
    assert outcomes(r)[2] == error("CacheSizeExceeded")
    assert set(cached(flow_store, clock())) == {"a", "b", "c"}
    r = run(ex, ["cache.set", "d", "y"])
    assert outcomes(r) == [error("CacheSizeExceeded")]


def test_too_many_writes_in_one_execution(ex: Executor, flow_store: Store, clock: Clock) -> None:
    """More than 20 writes in one execution is MaxSideEffectsExceeded (rewrites are free)."""
    run(ex, ["cache.set", "existing", "e"])
    r = run(ex, *[["cache.set", f"k{i}", "v"] for i in range(19)],
            ["cache.delete", "existing"],
            ["cache.set", "k19", "v"], ["cache.set", "k0", "again"])
    got = outcomes(r)
    assert got[-2:] == [error("MaxSideEffectsExceeded"), ok("again", T0 + DEFAULT_TTL)]
    assert "existing" not in cached(flow_store, clock())
    run(ex, ["cache.set", "k19", "v"])
    r = run(ex, *[["cache.delete", f"k{i}"] for i in range(1, 20)], ["cache.set", "n", "v"],
            ["cache.delete", "k0"])
    assert outcomes(r)[-2:] == [ok("v", T0 + DEFAULT_TTL), error("MaxSideEffectsExceeded")]
    assert set(cached(flow_store, clock())) == {"k0", "n"}


@pytest.mark.parametrize(
    "options",
    [{"ttl": 0}, {"ttl": -1}, {"expires_at": T0}, {"expires_at": T0 - 1},
     {"ttl": 60_000, "expires_at": T0 - 1}],
    ids=["ttl-0", "ttl-negative", "expires-now", "expired", "expired-wins"],
)
def test_item_already_expired(ex: Executor, flow_store: Store, clock: Clock,
                              options: dict[str, int]) -> None:
    """An expiry at or before now is ItemAlreadyExpired, and nothing is stored."""
    r = run(ex, ["cache.set", "k", "v", options])
    assert outcomes(r) == [error("ItemAlreadyExpired")]
    assert cached(flow_store, clock()) == {}


@pytest.mark.parametrize(
    "options",
    [{"ttl": "soon"}, {"ttl": True}, {"expires_at": "2030-01-01"}, {"expires_at": [1]},
     {"ttl": {}}, "ten minutes", 5],
    ids=["ttl-string", "ttl-bool", "expires-string", "expires-array", "ttl-object",
         "options-string", "options-number"],
)
def test_invalid_expiry(ex: Executor, options: Any) -> None:
    """A ttl or expires_at that is not a number is InvalidExpiry."""
    assert outcomes(run(ex, ["cache.set", "k", "v", options])) == [error("InvalidExpiry")]


@pytest.mark.parametrize(
    ("options", "expires_at"),
    [
        ({}, T0 + DEFAULT_TTL),
        ({"ttl": 1000}, T0 + 1000),
        ({"expires_at": T0 + 5000}, T0 + 5000),
        ({"ttl": 60_000, "expires_at": T0 + 30_000}, T0 + 30_000),
        ({"ttl": 30_000, "expires_at": T0 + 60_000}, T0 + 30_000),
        ({"ttl": DAY}, T0 + DAY),
        ({"ttl": 2 * DAY}, T0 + DAY),
        ({"expires_at": T0 + 7 * DAY}, T0 + DAY),
    ],
    ids=["default-15-min", "ttl", "expires_at", "expires_at-earlier", "ttl-earlier", "24h",
         "ttl-clamped", "expires_at-clamped"],
)
def test_lifetimes(ex: Executor, flow_store: Store, clock: Clock, options: dict[str, Any],
                   expires_at: int) -> None:
    """Default 15 minutes; ttl vs expires_at, the earlier wins; clamped at 24 hours."""
    r = run(ex, ["cache.set", "k", "v", options])
    assert outcomes(r) == [ok("v", expires_at)]
    assert cached(flow_store, clock()) == {"k": ("v", expires_at)}


def test_reads_own_writes_within_an_action_and_across_actions(ex: Executor) -> None:
    """Writes are visible at once, to the same action and to later actions of the flow."""
    first = scripted("first", [["cache.set", "k", "1"], ["cache.get", "k"],
                               ["cache.set", "k", "2"], ["cache.get", "k"],
                               ["cache.set", "gone", "x"]])
    second = scripted("second", [["cache.get", "k"], ["cache.get", "gone"],
                                 ["cache.delete", "gone"]])
    third = scripted("third", [["cache.get", "gone"]])
    r = ex.run([first, second, third], load_event(), tenant=TENANT)
    assert outcomes(r, 0)[1::2][:2] == [record("1", T0 + DEFAULT_TTL),
                                        record("2", T0 + DEFAULT_TTL)]
    assert outcomes(r, 1)[:2] == [record("2", T0 + DEFAULT_TTL), record("x", T0 + DEFAULT_TTL)]
    assert outcomes(r, 2) == [["undefined"]]


def test_values_persist_between_executions(ex: Executor, clock: Clock) -> None:
    """A value set in one execution is there in the next, with its expiry."""
    run(ex, ["cache.set", "k", "v", {"ttl": 10 * MINUTE}])
    clock.advance(MINUTE)
    assert outcomes(run(ex, ["cache.get", "k"])) == [record("v", T0 + 10 * MINUTE)]


def test_expired_entries_are_gone_when_the_clock_moves(
    ex: Executor, flow_store: Store, clock: Clock
) -> None:
    """An entry is readable until its expiry and gone from then on."""
    run(ex, ["cache.set", "k", "v", {"ttl": 1000}], ["cache.set", "long", "l"])
    clock.advance(999)
    assert outcomes(run(ex, ["cache.get", "k"])) == [record("v", T0 + 1000)]
    clock.advance(1)
    assert outcomes(run(ex, ["cache.get", "k"], ["cache.delete", "k"])) == [
        ["undefined"], error("CacheKeyDoesNotExist")]
    assert cached(flow_store, clock()) == {"long": ("l", T0 + DEFAULT_TTL)}


def test_expired_entries_do_not_count_against_the_limits(ex: Executor, clock: Clock) -> None:
    """Once 20 entries expire, 20 new ones fit."""
    run(ex, *[["cache.set", f"old{i}", "v", {"ttl": 1000}] for i in range(20)])
    clock.advance(1000)
    r = run(ex, *[["cache.set", f"new{i}", "v"] for i in range(20)])
    assert all(o[1]["type"] == "success" for o in outcomes(r))


def test_namespaces_are_per_tenant(ex: Executor, flow_store: Store, clock: Clock) -> None:
    """One tenant's cache is invisible to another."""
    run(ex, ["cache.set", "k", "mine"], tenant="acme")
    assert outcomes(run(ex, ["cache.get", "k"], tenant="globex")) == [["undefined"]]
    assert cached(flow_store, clock(), "acme") == {"k": ("mine", T0 + DEFAULT_TTL)}
    assert cached(flow_store, clock(), "globex") == {}


def test_keys_and_values_must_be_strings(ex: Executor) -> None:
    """Non-string keys or values throw in the action."""
    r = run(ex, ["cache.set", "k", 5], ["cache.set", 5, "v"], ["cache.get", None],
            ["cache.delete", {}])
    assert outcomes(r) == [["threw", "cache values must be strings"]] + [
        ["threw", "cache keys must be strings"]] * 3


def test_writes_before_a_suspension_commit_with_it(
    ex: Executor, flow_store: Store, clock: Clock
) -> None:
    """Cache writes made before a redirect are committed with the suspension and read after it."""
    r = ex.run([scripted("a", [["cache.set", "k", "before"], ["redirect.sendUserTo", VERIFY_URL]],
                         [["cache.get", "k"], ["cache.set", "k", "after"]])],
               load_event(), tenant=TENANT)
    assert r.status == "redirect"
    assert r.to_dict()["cache"]["set"] == {"k": {"value": "before",
                                                 "expires_at": T0 + DEFAULT_TTL}}
    assert cached(flow_store, clock()) == {"k": ("before", T0 + DEFAULT_TTL)}
    assert r.state is not None
    clock.advance(1000)
    done = ex.resume(r.state, {}, tenant=TENANT)
    assert outcomes(done) == [record("before", T0 + DEFAULT_TTL),
                              ok("after", T0 + 1000 + DEFAULT_TTL)]
    assert cached(flow_store, clock()) == {"k": ("after", T0 + 1000 + DEFAULT_TTL)}
