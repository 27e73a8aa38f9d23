"""An action bound to the trigger: its name, CommonJS source, own secrets, limits and reach."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Action:
    """An action as callers give it and as suspended flows keep it."""

    name: str
    code: str
    # Out of the repr: an action printed or logged must not show its secrets.
    secrets: Mapping[str, str] = field(default_factory=dict, repr=False)
    limits: Mapping[str, int] | None = None
    net: Mapping[str, Any] | None = None
    """The action's own egress rules (sandbox.EgressPolicy.from_config): they narrow the
    policy it runs under, never widen it."""
