"""Fuzzed events: Executor.run answers any event with a result, an action's fault or
invalid_event; never internal, never an exception, and always with a JSON result.
"""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import example, given

from executor import Action

from .cases import CI, EXAMPLE_EVENTS, Families, events

RELAY = """
exports.onExecutePostChallenge = async (event, api) => {
  const odd = event.user.app_metadata.odd;
  if (event.request.query.how === 'prompt') api.prompt.render('p', { vars: { odd } });
  else api.authentication.challengeWith({ type: 'otp', options: { odd } });
};
"""
"""Hands the event's binary and non-finite values to the two effects that return them."""


@CI
@given(event=events)
@example(event={**EXAMPLE_EVENTS[0], "user": {"user_id": "u", "email_verified": math.nan}})
@example(event={**EXAMPLE_EVENTS[0], "request": {"ip": "10.0.0.1", "geoip": {"x": b"\x00"}}})
@example(event={**EXAMPLE_EVENTS[0], "user": {"user_id": "u", "app_metadata": 2**70}})
def test_any_event_runs_or_is_an_invalid_event(families: Families, event: Any) -> None:
    """Arbitrary and mutated example events: a result, an action fault or invalid_event."""
    families.events.check(event)


def test_binary_and_nan_reach_the_result_as_json(families: Families) -> None:
    """Binary data and NaN handed to prompt vars or factor options come back as
    JSON.stringify makes them, so the result object stays JSON (it was not, before).
    """
    executor = families.events.executor
    odd = {"bin": b"\x01\x02", "nan": math.nan, "inf": -math.inf, "big": 2**63}
    expected = {"bin": {"0": 1, "1": 2}, "nan": None, "inf": None, "big": 2**63}
    for how in ("prompt", "challenge"):
        event = {"user": {"user_id": "u", "app_metadata": {"odd": odd}},
                 "request": {"ip": "10.0.0.1", "query": {"how": how}}}
        result = executor.run([Action(name="relay", code=RELAY)], event, tenant="fuzz")
        assert result.status == how, result.to_dict()
        out = json.loads(json.dumps(result.to_dict(), allow_nan=False))
        if how == "prompt":
            assert out["prompt"]["vars"] == {"odd": expected}
        else:
            assert out["challenge"]["factors"] == [{"type": "otp",
                                                    "options": {"odd": expected}}]
