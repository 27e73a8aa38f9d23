"""Suspended flows sealed at rest: unreadable in the store, refused when planted or altered."""

from __future__ import annotations

import time

import pytest
from cryptography.fernet import Fernet

from executor import Action, Executor, InvalidState
from executor.sealing import StateSeal, fernet_from_keys
from executor.state import FlowState
from executor.stores.base import Commit, Namespace, NewState, Store

TRIGGER = "password-reset-post-challenge"
EVENT = {"user": {"user_id": "u1"}, "request": {"ip": "1.2.3.4"}}
SECRET = "sealed-secret-value-7f3a"
CODE_MARK = "distinctive_code_marker_91"
PROMPT = f"""
// {CODE_MARK}
exports.onExecutePostChallenge = async (event, api) => {{
  api.prompt.render("reason", {{ fields: {{ reason: "" }} }});
}};
exports.onContinuePostChallenge = async (event, api) => {{
  if (event.secrets.API_KEY !== "{SECRET}") api.access.deny("secret lost");
}};
"""
KEY = Fernet.generate_key().decode()


def suspended(store: Store, seal: StateSeal | None) -> tuple[Executor, str]:
    """An executor on `store` and the state id of a flow it suspended."""
    ex = Executor(store, seal=seal)
    result = ex.run([Action("prompt", PROMPT, {"API_KEY": SECRET})], EVENT, tenant="acme")
    assert result.status == "prompt" and result.state
    return ex, result.state


def now_ms() -> int:
    """The wall clock, as the executor reads it."""
    return time.time_ns() // 1_000_000


def test_a_sealed_state_holds_no_code_or_secret_in_clear(store: Store) -> None:
    """The stored record of a sealed suspension names neither the secret nor the code, and
    the flow still continues with its secrets.
    """
    ex, state = suspended(store, StateSeal.from_keys(KEY))
    record = store.state_get(state, now_ms())
    assert record is not None
    assert SECRET.encode() not in record and CODE_MARK.encode() not in record
    assert ex.resume(state, {"prompt": {"reason": "x"}}, tenant="acme").status == "completed"


def test_without_a_seal_the_record_is_plain(store: Store) -> None:
    """Without a seal (the embedded default), the record is the plain msgpack FlowState."""
    _, state = suspended(store, None)
    record = store.state_get(state, now_ms())
    assert record is not None
    assert FlowState.from_bytes(record).tenant == "acme"


def test_a_planted_unsealed_state_is_refused(store: Store) -> None:
    """A record written into the store without the key (someone with store access) is an
    unknown state to a sealing executor, and it runs none of the planted code.
    """
    _, plain_state = suspended(store, None)
    record = store.state_get(plain_state, now_ms())
    assert record is not None
    store.commit(Commit(Namespace("acme", TRIGGER), now_ms(), {}, (), None,
                        NewState("planted-state-id", record, now_ms() + 60_000)))
    sealing = Executor(store, seal=StateSeal.from_keys(KEY))
    result = sealing.resume("planted-state-id", {"prompt": {"reason": "x"}}, tenant="acme")
    assert result.status == "failed" and result.error is not None
    assert result.error["type"] == "invalid_state"


def test_an_altered_sealed_state_is_refused(store: Store) -> None:
    """Flipping one byte of a sealed record makes it fail authentication: invalid_state."""
    seal = StateSeal.from_keys(KEY)
    ex, state = suspended(store, seal)
    record = bytearray(store.state_get(state, now_ms()) or b"")
    record[len(record) // 2] ^= 0x01
    store.commit(Commit(Namespace("acme", TRIGGER), now_ms(), {}, (), None,
                        NewState("altered-state-id", bytes(record), now_ms() + 60_000)))
    result = ex.resume("altered-state-id", {"prompt": {"reason": "x"}}, tenant="acme")
    assert result.error is not None and result.error["type"] == "invalid_state"


def test_a_rotated_key_still_opens_old_states(store: Store) -> None:
    """With NEW,OLD listed, a state sealed with OLD continues; with OLD dropped it does not."""
    new = Fernet.generate_key().decode()
    _, state = suspended(store, StateSeal.from_keys(KEY))
    rotated = Executor(store, seal=StateSeal.from_keys(f"{new},{KEY}"))
    assert rotated.resume(state, {"prompt": {"reason": "x"}}, tenant="acme").status == (
        "completed")
    _, other = suspended(store, StateSeal.from_keys(KEY))
    dropped = Executor(store, seal=StateSeal.from_keys(new))
    result = dropped.resume(other, {"prompt": {"reason": "x"}}, tenant="acme")
    assert result.error is not None and result.error["type"] == "invalid_state"


def test_open_raises_invalid_state_and_repr_hides_the_key() -> None:
    """Opening garbage is InvalidState; the seal's repr never shows a key."""
    seal = StateSeal(fernet_from_keys(KEY))
    with pytest.raises(InvalidState):
        seal.open(b"not a token")
    assert KEY not in repr(seal)
