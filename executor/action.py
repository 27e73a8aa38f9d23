"""An action bound to the trigger: its name, CommonJS source, own secrets, limits and reach."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
    dependencies: Sequence[Any] = ()
    """npm packages it requires, as Auth0 declares them (`{"name", "version"}` or
    `NAME@VERSION`, at most 10): installed and bundled with it before it runs
    (executor.packaging), once per machine."""
    language: str = "javascript"
    """`typescript`: esbuild compiles the code first."""
    source_map: str | None = field(default=None, repr=False)
    """Set when `code` is already a bundle made by executor.packaging (a deployed version, a
    suspended flow): its map back to the original files. Such an action is not packaged
    again."""

    @property
    def needs_packaging(self) -> bool:
        """Whether it must be bundled before it runs (dependencies, or TypeScript)."""
        return self.source_map is None and (bool(self.dependencies)
                                            or self.language != "javascript")
