"""Fuzzed continue requests: forged, edited, used, foreign or damaged states and arbitrary
request bodies get typed errors from Executor.resume; a forged state never resumes a flow.
"""

from __future__ import annotations

import time

from hypothesis import example, given

from executor.stores import Store
from executor.stores.base import CommittedLookup

from .cases import CI, EXAMPLE_REQUESTS, Families, ResumeCase, resume_cases

CHALLENGE_DONE = EXAMPLE_REQUESTS[0]


@CI
@given(case=resume_cases)
# Damaged records that crashed the flow (internal) before FlowState checked field types:
# the event replaced by a string, the position by a list, an action's secrets by a string.
@example(case=ResumeCase("prompt", "record", 2, "text", {"hostname": "h"}))
@example(case=ResumeCase("challenge", "record", 2778, [], CHALLENGE_DONE))
@example(case=ResumeCase("redirect", "record", 2, "", {"prompt": {"fields": []}}))
@example(case=ResumeCase("challenge", "record", 9, {"x": 1}, CHALLENGE_DONE))
# A state string with a lone surrogate reached SQLite, which cannot encode it (internal);
# found by the long run (benchmarks/fuzz.py).
@example(case=ResumeCase("challenge", "arbitrary", 0, "a\udfffb", CHALLENGE_DONE))
def test_any_continue_is_typed(families: Families, case: ResumeCase) -> None:
    """A continue resumes, fails with an action fault or invalid_event/invalid_state; any
    state but the real one is invalid_state.
    """
    families.resume.check(case)


def test_a_state_resumes_once(families: Families) -> None:
    """A real state resumes its flow once; the same state again is invalid_state."""
    executor = families.resume.executor
    state = families.resume.suspend("challenge")
    first = executor.resume(state, CHALLENGE_DONE, tenant="fuzz")
    assert first.status == "completed", first.to_dict()
    again = executor.resume(state, CHALLENGE_DONE, tenant="fuzz")
    assert again.error is not None and again.error["type"] == "invalid_state"


def test_a_state_id_without_a_utf8_form_is_unknown_to_both_stores(store: Store) -> None:
    """A state id or idempotency key with a lone surrogate is simply not found."""
    now = int(time.time() * 1000)
    for key in ("\ud800", "a\udfffb"):
        assert store.state_get(key, now) is None
        assert isinstance(store, CommittedLookup) and store.committed(key, now) is None
