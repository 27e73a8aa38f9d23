"""Events and results crossing the host/guest boundary: what goes in comes back out."""

from __future__ import annotations

import math
from typing import Any

import pytest

from sandbox import InvalidEvent, Program, Sandbox

H = "exports.onExecutePostChallenge = "

# Returns the event's `v` together with how JavaScript saw it.
INSPECT = H + """async (event) => {
  const v = event.v;
  return {
    v,
    type: typeof v,
    text: typeof v === 'bigint' ? String(v) : null,
    negativeZero: Object.is(v, -0),
    bytes: v instanceof Uint8Array,
    isArray: Array.isArray(v),
  };
};"""


@pytest.fixture(scope="module")
def inspect(sb: Sandbox) -> Program:
    """Load the INSPECT action once for the module."""
    return sb.load_action(INSPECT)


def seen(sb: Sandbox, inspect: Program, value: Any) -> dict[str, Any]:
    """Return what INSPECT reports for `value`."""
    result: dict[str, Any] = sb.execute(inspect, {"v": value}).result
    return result


def echo_value(sb: Sandbox, echo: Program, value: Any) -> Any:
    """`value` after a round trip through the echo action."""
    return sb.execute(echo, {"v": value}).result["v"]


# ---------------------------------------------------------------- strings

UNICODE = [
    pytest.param("grinning 😀, family 👨‍👩‍👧‍👦, flag 🇫🇷", id="emoji"),
    pytest.param("漢字かなカナ한국어", id="cjk"),
    pytest.param("עברית ومرحبا", id="rtl"),
    pytest.param("\u0301\u0308", id="lone-combining-marks"),
    pytest.param("e\u0301 vs \u00e9", id="decomposed-vs-composed"),
    pytest.param("nul\x00inside", id="nul"),
    pytest.param("\U0010ffff\ufeff\u200b", id="edge-code-points"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("text", UNICODE)
def test_unicode_round_trips(sb: Sandbox, echo: Program, text: str) -> None:
    """Strings come back code point for code point, with no normalisation."""
    assert echo_value(sb, echo, text) == text


@pytest.mark.parametrize("text", UNICODE)
def test_unicode_keys_round_trip(sb: Sandbox, echo: Program, text: str) -> None:
    """Map keys are strings like any other and come back unchanged."""
    assert echo_value(sb, echo, {text: 1}) == {text: 1}


def test_string_length_is_counted_in_utf16_units(sb: Sandbox) -> None:
    """JavaScript sees the decoded string (an emoji is two UTF-16 units), not its bytes."""
    source = H + "async (event) => [event.s.length, event.s.codePointAt(0)];"
    assert sb.execute(sb.load_action(source), {"s": "😀"}).result == [2, 0x1F600]


# ---------------------------------------------------------------- binary


def test_bytes_arrive_as_uint8array(sb: Sandbox, inspect: Program) -> None:
    """Python bytes become a Uint8Array in JavaScript and come back as the same bytes."""
    report = seen(sb, inspect, bytes(range(256)))
    assert report["bytes"] is True
    assert report["v"] == bytes(range(256))


def test_uint8array_made_in_js_returns_bytes(sb: Sandbox) -> None:
    """A Uint8Array (and an ArrayBuffer) built by the action come back as bytes."""
    source = H + "async () => [new Uint8Array([0, 255, 7]), new Uint8Array([1, 2]).buffer];"
    assert sb.execute(sb.load_action(source), {}).result == [b"\x00\xff\x07", b"\x01\x02"]


# ---------------------------------------------------------------- structure


def test_nested_structures_round_trip(sb: Sandbox, echo: Program) -> None:
    """Nested dicts and lists of mixed values come back equal."""
    event = {
        "user": {"id": "u1", "tags": ["a", "b"], "meta": {"deep": [[1, [2, [3, {"x": None}]]]]}},
        "list": [True, False, None, 1, -1, 2.5, "s", b"b", [], {}],
    }
    assert sb.execute(echo, event).result == event


def test_large_event_round_trips(sb: Sandbox, echo: Program) -> None:
    """An event of about 200 KB comes back whole."""
    event = {"rows": [{"i": i, "name": f"user-{i}", "blob": "x" * 90} for i in range(2000)]}
    assert sb.execute(echo, event).result == event


def test_int_keys_become_strings(sb: Sandbox, echo: Program) -> None:
    """Integer map keys arrive as (and come back as) strings, as the ABI says."""
    assert echo_value(sb, echo, {1: "one", -2: "minus two"}) == {"1": "one", "-2": "minus two"}


def test_proto_key_is_a_plain_own_property(sb: Sandbox) -> None:
    """A `__proto__` key in the event is an own property and leaves the prototype alone."""
    source = H + """async (event) => {
  const o = event.o;
  return {
    protoIsObject: Object.getPrototypeOf(o) === Object.prototype,
    keys: Object.keys(o),
    own: Object.prototype.hasOwnProperty.call(o, '__proto__'),
    inherited: o.polluted === undefined,
    global: ({}).polluted === undefined,
    value: Object.getOwnPropertyDescriptor(o, '__proto__').value,
  };
};"""
    event = {"o": {"__proto__": {"polluted": True}, "a": 1}}
    assert sb.execute(sb.load_action(source), event).result == {
        "protoIsObject": True,
        "keys": ["__proto__", "a"],
        "own": True,
        "inherited": True,
        "global": True,
        "value": {"polluted": True},
    }


def test_proto_key_survives_the_round_trip(sb: Sandbox, echo: Program) -> None:
    """A `__proto__` key is encoded back like any other key."""
    event = {"__proto__": {"x": 1}, "constructor": "c"}
    assert sb.execute(echo, event).result == event


def test_js_only_values_encode_like_json(sb: Sandbox) -> None:
    """undefined, functions and symbols drop out of objects and become None in arrays."""
    source = H + """async () => ({
  keep: 1, undef: undefined, fn() {}, sym: Symbol('s'),
  list: [undefined, () => 1, Symbol('t'), null],
});"""
    assert sb.execute(sb.load_action(source), {}).result == {"keep": 1, "list": [None] * 4}


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    "value",
    [0, 1, -1, 127, 128, 255, 256, 65535, 65536, 2**31 - 1, 2**32, 2**53 - 1,
     -32, -33, -128, -129, -32768, -32769, -(2**31), -(2**31) - 1, -(2**32) - 1, -(2**40) - 1,
     -(2**53 - 1), 1.5, -2.25, 1e308, 5e-324, 2.0**60],
)
def test_numbers_round_trip(sb: Sandbox, inspect: Program, value: int | float) -> None:
    """Numbers a double holds exactly come back equal and arrive as JS numbers."""
    report = seen(sb, inspect, value)
    assert report["type"] == "number"
    assert report["v"] == value


@pytest.mark.parametrize("value", [2**53, 2**53 + 1, -(2**53) - 1, -(2**63), 2**63, 2**64 - 1])
def test_big_ints_arrive_as_bigint_and_round_trip(
    sb: Sandbox, inspect: Program, value: int
) -> None:
    """Integers beyond 2**53 in magnitude arrive as exact BigInts and come back exact."""
    report = seen(sb, inspect, value)
    assert report["type"] == "bigint"
    assert report["text"] == str(value)
    assert report["v"] == value
    assert isinstance(report["v"], int)


def test_int_beyond_64_bits_is_an_invalid_event(sb: Sandbox, echo: Program) -> None:
    """An integer msgpack cannot carry is refused before the action runs."""
    with pytest.raises(InvalidEvent):
        sb.execute(echo, {"v": 2**64})


def test_bigint_from_js_comes_back_exact(sb: Sandbox) -> None:
    """BigInts computed in JavaScript within 64 bits come back as exact ints."""
    source = H + "async () => [2n ** 63n - 1n, -(2n ** 63n), 2n ** 64n - 1n, 5n];"
    assert sb.execute(sb.load_action(source), {}).result == [2**63 - 1, -(2**63), 2**64 - 1, 5]


def test_negative_zero_keeps_its_sign(sb: Sandbox, inspect: Program) -> None:
    """-0.0 arrives as -0 and comes back as a float whose sign is negative."""
    report = seen(sb, inspect, -0.0)
    assert report["negativeZero"] is True
    assert isinstance(report["v"], float)
    assert math.copysign(1.0, report["v"]) == -1.0


@pytest.mark.parametrize("value", [math.inf, -math.inf])
def test_infinities_round_trip(sb: Sandbox, inspect: Program, value: float) -> None:
    """Infinities arrive as JS numbers and come back as the same float."""
    report = seen(sb, inspect, value)
    assert report["type"] == "number"
    assert report["v"] == value


def test_nan_round_trips(sb: Sandbox, inspect: Program) -> None:
    """NaN arrives as a JS number and comes back as a float NaN."""
    report = seen(sb, inspect, math.nan)
    assert report["type"] == "number"
    assert isinstance(report["v"], float)
    assert math.isnan(report["v"])


def test_negative_ints_from_js_keep_their_value(sb: Sandbox) -> None:
    """Negative integers computed in JavaScript come back exact at every msgpack width."""
    source = H + """async () => [-1, -32, -33, -128, -129, -32768, -32769, -(2 ** 31),
  -(2 ** 31) - 1, -(2 ** 32) - 1, -(2 ** 40) - 1, -(2 ** 53) + 1];"""
    assert sb.execute(sb.load_action(source), {}).result == [
        -1, -32, -33, -128, -129, -32768, -32769, -(2**31),
        -(2**31) - 1, -(2**32) - 1, -(2**40) - 1, -(2**53) + 1,
    ]


def test_integral_js_numbers_come_back_as_ints(sb: Sandbox) -> None:
    """Integral doubles computed in JavaScript come back as Python ints, fractions as floats."""
    source = H + "async () => [4 / 2, 2 ** 31, 0.5 + 0.25, -0];"
    result = sb.execute(sb.load_action(source), {}).result
    assert result == [2, 2**31, 0.75, 0.0]
    assert [type(v) for v in result] == [int, int, float, float]


@pytest.mark.parametrize(
    ("value", "js_type"), [(True, "boolean"), (False, "boolean"), (None, "object")]
)
def test_booleans_and_none_round_trip(
    sb: Sandbox, inspect: Program, value: bool | None, js_type: str
) -> None:
    """True, False and None arrive as true, false and null and come back unchanged."""
    report = seen(sb, inspect, value)
    assert report["type"] == js_type
    assert report["v"] is value


def test_non_plain_event_is_an_invalid_event(sb: Sandbox, echo: Program) -> None:
    """An event holding something that is not plain data is refused as invalid_event."""
    with pytest.raises(InvalidEvent, match="not plain data"):
        sb.execute(echo, {"v": object()})


def test_event_nested_too_deep_is_an_invalid_event(sb: Sandbox, echo: Program) -> None:
    """An event nested deeper than the guest's 64 levels is refused as invalid_event."""
    event: list[Any] = []
    for _ in range(100):
        event = [event]
    with pytest.raises(InvalidEvent, match="nested too deeply"):
        sb.execute(echo, event)


def test_result_nested_too_deep_is_not_a_crash(sb: Sandbox) -> None:
    """A result too deep (or circular) to encode does not crash the host."""
    source = H + "async () => { const a = []; a.push(a); return a; };"
    out = sb.execute(sb.load_action(source), {})
    assert out.result is None
