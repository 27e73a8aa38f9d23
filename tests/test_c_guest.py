"""The C example guest and other raw-ABI modules.

guest/examples/allow_c runs as an action through the raw ABI; modules that do not follow the
ABI are refused at load time.
"""

from __future__ import annotations

from typing import Any

import pytest
import wasmtime
from hypothesis import given, settings
from hypothesis import strategies as st

import guest
from guest.examples.allow_c.build import build
from sandbox import ActionError, ApiCall, InvalidAction, InvalidEvent, Limits, Program, Sandbox
from sandbox.hostcall import CallContext, refuse_all
from sandbox.runner import call_guest

HITS = {"count": 3, "by": ["10.0.0.1"]}


@pytest.fixture(scope="module")
def allow_c(sb: Sandbox, tmp_path_factory: pytest.TempPathFactory) -> Program:
    """Compile the C guest for this session and load it as a raw-ABI module."""
    out = tmp_path_factory.mktemp("allow_c") / "allow_c.wasm"
    # The guest build unpacks the same libmpack sdist there, so no download is needed.
    wasm = build(out, guest.cache_root() / "sources")
    program = sb.load_module(wasm.read_bytes())
    assert program.kind == "module"
    return program


def hits_host(method: str, args: list[Any]) -> Any:
    """Answers the guest's one cache.get with HITS."""
    assert (method, args) == ("cache.get", ["allow-c-hits"])
    return HITS


def event_for(ip: str) -> dict[str, Any]:
    """Return a post-challenge event from `ip`."""
    return {"request": {"ip": ip, "hostname": "example.com"}, "user": {"id": "u1"}}


def test_allowed_ip_makes_only_the_answered_call(sb: Sandbox, allow_c: Program) -> None:
    """An allowed IP: the cache.get answer is the result and nothing is denied."""
    out = sb.execute(allow_c, event_for("10.0.0.1"), host=hits_host)
    assert out.result == HITS
    assert out.calls == (
        ApiCall(0, "cache.get", ("allow-c-hits",), answered=True, answer=HITS),
    )
    assert out.logs == ("checked 10.0.0.1",)


def test_denied_ip_records_a_deny_after_the_answered_call(sb: Sandbox, allow_c: Program) -> None:
    """A denied IP: the answered cache.get (seq 0) then the recorded access.deny (seq 1)."""
    out = sb.execute(allow_c, event_for("203.0.113.9"), host=hits_host)
    assert out.result == HITS
    assert out.calls == (
        ApiCall(0, "cache.get", ("allow-c-hits",), answered=True, answer=HITS),
        ApiCall(1, "access.deny", ("IP not allowed",)),
    )
    assert out.logs == ("checked 203.0.113.9",)


def test_event_without_ip_is_denied(sb: Sandbox, allow_c: Program) -> None:
    """An event with no request.ip is treated as not allowed."""
    out = sb.execute(allow_c, {"user": {}}, host=hits_host)
    assert [c.method for c in out.calls] == ["cache.get", "access.deny"]


def test_refused_host_call_is_an_action_error(sb: Sandbox, allow_c: Program) -> None:
    """A host that refuses cache.get makes the C guest fail with the host's message."""
    with pytest.raises(ActionError, match=r"cache\.get is not available here"):
        sb.execute(allow_c, event_for("10.0.0.1"))


def test_log_cap_applies_to_the_c_guest(sb: Sandbox, allow_c: Program) -> None:
    """The C guest honours log_bytes: a line that does not fit is dropped and counted."""
    out = sb.execute(allow_c, event_for("10.0.0.1"), host=hits_host, limits=Limits(log_bytes=5))
    assert out.logs == ()
    assert out.logs_dropped == len("checked 10.0.0.1")


def test_malformed_input_is_invalid_input(sb: Sandbox, allow_c: Program) -> None:
    """Bytes that are not an input message get status invalid_input, not a trap."""
    raw = call_guest(sb.engine, allow_c.target, "exec_run", b"\xc1garbage",
                     CallContext(refuse_all, Limits()))
    assert raw.message["status"] == "invalid_input"


def test_event_that_is_not_a_map_is_denied(sb: Sandbox, allow_c: Program) -> None:
    """An event that is not a map runs like one without an IP: denied."""
    out = sb.execute(allow_c, ["not", "a", "map"], host=hits_host)
    assert [c.method for c in out.calls] == ["cache.get", "access.deny"]


def test_event_nested_too_deep_is_an_invalid_event(sb: Sandbox, allow_c: Program) -> None:
    """The guest's invalid_input status (nesting past 64 levels) surfaces as InvalidEvent."""
    event: list[Any] = []
    for _ in range(100):
        event = [event]
    with pytest.raises(InvalidEvent):
        sb.execute(allow_c, event, host=hits_host)


@settings(max_examples=100, deadline=None)
@given(payload=st.binary(max_size=2048))
def test_random_input_never_traps(sb: Sandbox, allow_c: Program, payload: bytes) -> None:
    """Random bytes as the C guest's input always give an outcome (never a trap)."""
    raw = call_guest(sb.engine, allow_c.target, "exec_run", payload,
                     CallContext(refuse_all, Limits()))
    assert raw.message["status"] in {"invalid_input", "action_error"}


# ---------------------------------------------------------------- modules refused at load


def test_non_wasm_bytes_are_an_invalid_action(sb: Sandbox) -> None:
    """Bytes that are not a wasm module are refused as invalid_action."""
    with pytest.raises(InvalidAction, match="not a valid wasm module"):
        sb.load_module(b"\x00asm\x01\x00\x00\x00 then garbage")


def test_module_missing_abi_exports_is_an_invalid_action(sb: Sandbox) -> None:
    """A module without exec_run and friends is refused, naming what is missing."""
    wasm = wasmtime.wat2wasm('(module (memory (export "memory") 1))')
    with pytest.raises(InvalidAction, match="exec_abi_version, exec_alloc, exec_run"):
        sb.load_module(wasm)


def test_module_with_wrong_signatures_is_an_invalid_action(sb: Sandbox) -> None:
    """A module whose ABI exports have the wrong types is refused before it can be called."""
    wasm = wasmtime.wat2wasm("""(module
      (memory (export "memory") 1)
      (func (export "exec_abi_version") (result i32) i32.const 1)
      (func (export "exec_alloc") (param i32) (result i32) i32.const 8)
      (func (export "exec_run") (param i32) (result i32) i32.const 0))""")
    with pytest.raises(InvalidAction, match="exec_run"):
        sb.load_module(wasm)
