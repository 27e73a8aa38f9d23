"""Fuzzed host calls: a raw WAT guest (cases.FUZZ_GUEST_WAT) sends arbitrary bytes, with
arbitrary pointers and lengths, through executor.host_call to the real ActionApi. The host
answers, refuses (-1/-2) or traps with a typed action fault; never internal, never an
exception; and the next normal execution is fine.
"""

from __future__ import annotations

import msgpack
from hypothesis import example, given

from executor import Action
from sandbox import Sandbox

from .cases import CI, Families, Frame, frames

CACHE_SET = msgpack.packb([0, "cache.set", ["k", "v"]])
DEEPEST = 65
"""Containers the JS runtime nests one argument at most (guest/runtime/codec.c: depth 64)."""


def nested(levels: int) -> list[object]:
    """`levels` arrays, each holding the next."""
    value: list[object] = []
    for _ in range(levels - 1):
        value = [value]
    return value


def deep_render(levels: int) -> bytes:
    """A prompt.render call whose vars hold a value nested `levels` containers deep."""
    return msgpack.packb([0, "prompt.render", ["p", {"vars": {"v": nested(levels - 2)}}]])


@CI
@given(batch=frames)
# Pointers the host mishandled before it took them as unsigned and checked them:
# an answer buffer past the memory (IndexError: internal), one at a "negative" address
# (written at the memory's end), a request at a "negative" address (read from the end).
@example(batch=[Frame(CACHE_SET, resp_ptr=0x7FFFFF00)])
@example(batch=[Frame(CACHE_SET, resp_ptr=0xFFFFFF00)])
@example(batch=[Frame(CACHE_SET, req_ptr=0xFFFFFFF0, req_len=10)])
@example(batch=[Frame(CACHE_SET, resp_ptr=131_070, resp_cap=100)])
@example(batch=[Frame(CACHE_SET, req_len=0x80000001)])
# Nesting the host's JSON encoding recursed into until RecursionError (internal).
@example(batch=[Frame(deep_render(1000))])
@example(batch=[Frame(msgpack.packb([0, "redirect.encodeToken",
                                     [{"secret": "s", "payload": {"x": nested(1000)}}]]))])
def test_any_host_call_is_answered_or_typed(families: Families, batch: list[Frame]) -> None:
    """Hostile host-call messages and pointers: answered, refused, or a typed action fault."""
    families.hostcalls.check(batch)


def test_buffers_outside_memory_are_refused_before_the_call_runs(families: Families) -> None:
    """A request or answer buffer not wholly inside the guest's memory is malformed: the
    api method does not run (no call is recorded, the cache is not written).
    """
    family = families.hostcalls
    for frame in (Frame(CACHE_SET, resp_ptr=0xFFFFFF00), Frame(CACHE_SET, resp_ptr=131_070),
                  Frame(CACHE_SET, req_ptr=0xFFFFFFF0, req_len=len(CACHE_SET))):
        outcome = family.run([frame])
        assert outcome.calls == ()
    assert family.run([Frame(CACHE_SET)]).calls[0].answer["type"] == "success"


def test_nesting_at_the_runtime_limit_is_answered_deeper_is_refused(
        families: Families, sb: Sandbox) -> None:
    """The deepest argument a JS action can send is answered; one level more, which only a
    raw guest can send, is refused as malformed.
    """
    family = families.hostcalls
    deepest = family.run([Frame(deep_render(DEEPEST))])
    assert [c.method for c in deepest.calls] == ["prompt.render"]
    assert family.run([Frame(deep_render(DEEPEST + 1))]).calls == ()
    js = """exports.onExecutePostChallenge = async (event, api) => {
      let v = []; for (let i = 0; i < 62; i++) v = [v];
      api.prompt.render('p', { vars: { v } });
    };"""
    result = families.events.executor.run([Action(name="deep", code=js)],
                                          {"user": {"user_id": "u"}, "request": {"ip": "1"}},
                                          tenant="fuzz")
    assert result.status == "prompt", result.to_dict()
