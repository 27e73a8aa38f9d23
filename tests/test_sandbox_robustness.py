"""Property tests at the host/guest boundary.

Arbitrary plain data round-trips, and arbitrary bytes given to exec_run never crash the host or
the guest.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox import ActionFault, ExecutorError, InputError, InvalidEvent, Limits, Program, Sandbox
from sandbox.hostcall import CallContext, refuse_all
from sandbox.runner import call_guest

PROPERTY = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Every status a guest may report (guest/ABI.md), except "internal": malformed input must be
# classified, never blamed on the platform.
CLASSIFIED = {"ok", "action_error", "invalid_action", "limit_exceeded", "timeout",
              "memory_limit", "invalid_input"}

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.floats(allow_nan=False)
    | st.text()
    | st.binary(max_size=64)
)
PLAIN = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=6) | st.dictionaries(st.text(), children,
                                                                      max_size=6),
    max_leaves=30,
)


def same_number(sent: int | float, got: Any) -> bool:
    """Check a number's round trip: integral floats may come back as ints, except -0.0."""
    if type(got) is float:
        return type(sent) is float and got == sent and (
            math.copysign(1, got) == math.copysign(1, sent))
    negative_zero = sent == 0 and math.copysign(1, sent) < 0
    return type(got) is int and got == sent and not negative_zero


def same(sent: Any, got: Any) -> bool:
    """Check that `got` is `sent` after a round trip, types included (see same_number)."""
    if sent is None or isinstance(sent, bool):
        result = got is sent
    elif isinstance(sent, int | float):
        result = same_number(sent, got)
    elif isinstance(sent, list):
        result = type(got) is list and len(got) == len(sent) and all(
            same(s, g) for s, g in zip(sent, got, strict=True))
    elif isinstance(sent, dict):
        result = type(got) is dict and got.keys() == sent.keys() and all(
            same(v, got[k]) for k, v in sent.items())
    else:
        result = type(got) is type(sent) and got == sent
    return result


@PROPERTY
@given(value=PLAIN)
def test_plain_data_round_trips(sb: Sandbox, echo: Program, value: Any) -> None:
    """Any JSON-like value (plus bytes and 64-bit ints) comes back through the echo action."""
    event = {"v": value}
    assert same(event, sb.execute(echo, event).result)


WITH_SURROGATES = st.text(st.characters() | st.characters(categories=["Cs"]), max_size=8)


@PROPERTY
@given(
    value=st.recursive(
        SCALARS | st.integers() | WITH_SURROGATES,
        lambda children: st.lists(children, max_size=4) | st.dictionaries(
            WITH_SURROGATES, children, max_size=4),
        max_leaves=15,
    )
)
def test_unencodable_events_are_refused_not_crashed(
    sb: Sandbox, echo: Program, value: Any
) -> None:
    """Values msgpack cannot carry (huge ints, lone surrogates) are InvalidEvent; others return."""
    event = {"v": value}
    try:
        out = sb.execute(echo, event)
    except InvalidEvent:
        return
    assert same(event, out.result)


def call_raw(sb: Sandbox, program: Program, payload: bytes) -> None:
    """Send `payload` straight to exec_run and check that the guest classified it."""
    try:
        raw = call_guest(sb.engine, program.target, "exec_run", payload,
                         CallContext(refuse_all, Limits()))
    except ExecutorError as exc:
        assert isinstance(exc, ActionFault | InputError), repr(exc)
        return
    assert raw.message.get("status") in CLASSIFIED, raw.message


@PROPERTY
@given(payload=st.binary(max_size=4096))
def test_random_bytes_to_exec_run_are_classified(
    sb: Sandbox, echo: Program, assert_healthy: Callable[[], None], payload: bytes
) -> None:
    """Random bytes as the exec_run input never crash the host; the next execution is fine."""
    call_raw(sb, echo, payload)
    assert_healthy()


@PROPERTY
@given(payload=st.binary(max_size=4096))
def test_random_bytes_on_the_bytecode_path_are_classified(
    sb_bytecode: Sandbox, payload: bytes
) -> None:
    """The base engine (no action loaded) also classifies random input instead of failing."""
    call_raw(sb_bytecode, sb_bytecode.loader.base, payload)


@PROPERTY
@given(data=st.data())
def test_mutated_payloads_are_classified(
    sb: Sandbox, echo: Program, assert_healthy: Callable[[], None], data: st.DataObject
) -> None:
    """A well-formed input with bytes overwritten or cut short never crashes anything."""
    good = bytearray(Sandbox._payload(echo, {"a": [1, "x", b"y", {"b": None}], "c": -1.5},
                                      "onExecutePostChallenge", Limits()))
    edits = data.draw(st.lists(st.tuples(st.integers(0, len(good) - 1), st.integers(0, 255)),
                               min_size=1, max_size=6))
    for at, byte in edits:
        good[at] = byte
    cut = data.draw(st.integers(0, len(good)))
    call_raw(sb, echo, bytes(good[:cut]))
    assert_healthy()
