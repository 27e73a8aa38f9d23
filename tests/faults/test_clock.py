"""The executor's wall clock jumping, on both stores.

Forward past an expiry: cache entries are gone and states are refused (invalid_state).
Backward: what was seen expired stays expired (the read that saw it deleted it), and a cache
entry keeps its original absolute expiry: a clock set back does not lengthen it.
"""

from __future__ import annotations

import json
from typing import Any

from executor import Action, Executor
from executor.flow import FlowSettings
from executor.stores import Namespace, Store
from sandbox import Sandbox

T0 = 1_700_000_000_000
MINUTE = 60_000
HOUR = 60 * MINUTE
STATE_TTL = FlowSettings().state_ttl_ms
TENANT = "clock"
NS = Namespace(TENANT, "password-reset-post-challenge")
EVENT = {"user": {"user_id": "u1", "enrolledFactors": [{"type": "otp"}]},
         "request": {"ip": "10.0.0.1"}}
DONE = {"challenge": {"completed": ["otp"]}}

CACHE = """
exports.onExecutePostChallenge = async (event, api) => {
  const q = event.request.query;
  if (q.set) api.cache.set('k', q.set, { ttl: Number(q.ttl) });
  if (q.other) api.cache.set('other', q.other);
  console.log(JSON.stringify(api.cache.get('k') ?? null));
};
"""
CHALLENGE = """
exports.onExecutePostChallenge = async (event, api) => {
  api.authentication.challengeWith({ type: 'otp' });
};
"""


class Clock:
    """The executor's clock, set by the test."""

    def __init__(self, now: int) -> None:
        self.now = now

    def __call__(self) -> int:
        """The time the test set, epoch ms."""
        return self.now


def cache_at(ex: Executor, **query: str) -> Any:
    """Run the cache action (with `query` as its instructions); what cache.get('k') saw."""
    result = ex.run([Action(name="cache", code=CACHE)],
                    {**EVENT, "request": {"ip": "10.0.0.1", "query": query}}, tenant=TENANT)
    assert result.status == "completed", result.to_dict()
    return json.loads(result.actions[0].logs[-1])


def suspend(ex: Executor) -> str:
    """A fresh state of a flow suspended by a challenge."""
    result = ex.run([Action(name="mfa", code=CHALLENGE)], EVENT, tenant=TENANT)
    assert result.status == "challenge" and result.state is not None, result.to_dict()
    return result.state


def resume_status(ex: Executor, state: str) -> str:
    """How resuming `state` ends: a status, or failed:<error type>."""
    result = ex.resume(state, DONE, tenant=TENANT)
    return result.status if result.error is None else f"failed:{result.error['type']}"


def test_a_forward_jump_expires_entries_and_refuses_states(store: Store, sb: Sandbox) -> None:
    """Jumped past their expiry, a cache entry reads as missing and a state is refused,
    while one jumped to just before its expiry still resumes.
    """
    clock = Clock(T0)
    ex = Executor(store, sandbox=sb, clock=clock)
    assert cache_at(ex, set="v", ttl=str(MINUTE)) == {"value": "v", "expires_at": T0 + MINUTE}
    early, late = suspend(ex), suspend(ex)
    clock.now = T0 + MINUTE - 1
    assert cache_at(ex) == {"value": "v", "expires_at": T0 + MINUTE}
    clock.now = T0 + MINUTE
    assert cache_at(ex) is None
    clock.now = T0 + STATE_TTL - 1
    assert resume_status(ex, early) == "completed"
    clock.now = T0 + STATE_TTL
    assert resume_status(ex, late) == "failed:invalid_state"


def test_an_expired_state_stays_expired_when_the_clock_goes_back(store: Store,
                                                                 sb: Sandbox) -> None:
    """A state refused as expired is not revived by setting the clock back within its
    lifetime: the refusal deleted it.
    """
    clock = Clock(T0)
    ex = Executor(store, sandbox=sb, clock=clock)
    state = suspend(ex)
    clock.now = T0 + STATE_TTL + HOUR
    assert resume_status(ex, state) == "failed:invalid_state"
    clock.now = T0 + MINUTE
    assert store.state_get(state, clock.now) is None
    assert resume_status(ex, state) == "failed:invalid_state"
    assert resume_status(ex, suspend(ex)) == "completed"  # states made now still resume


def test_a_cache_entry_keeps_its_expiry_when_the_clock_goes_back(store: Store,
                                                                 sb: Sandbox) -> None:
    """With the clock set back an hour, an entry still expires at its original instant, also
    after another write to its namespace; once seen expired, setting the clock back again
    does not bring it back.
    """
    clock = Clock(T0)
    ex = Executor(store, sandbox=sb, clock=clock)
    expires = T0 + 10 * MINUTE
    assert cache_at(ex, set="v", ttl=str(10 * MINUTE)) == {"value": "v", "expires_at": expires}
    clock.now = T0 - HOUR
    assert cache_at(ex, other="o") == {"value": "v", "expires_at": expires}
    assert store.cache_load(NS, clock.now)["k"].expires_at == expires
    clock.now = expires - 1
    assert cache_at(ex) == {"value": "v", "expires_at": expires}
    clock.now = expires
    assert cache_at(ex) is None
    clock.now = T0
    assert cache_at(ex) is None
    assert store.cache_load(NS, clock.now) == {}  # "other" expired at T0 - 45 min, too
