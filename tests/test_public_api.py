"""The `sandbox` package's public surface."""

from __future__ import annotations

import types

import sandbox

EXPECTED = {
    "ActionError", "ActionFault", "ApiCall", "ApiError", "CacheSettings", "EgressPolicy", "Engine",
    "EngineSettings", "HostRule", "RequestRecord",
    "ExecutorError", "FaultDetails", "FuelExhausted", "HostHandler", "InputError",
    "InternalError", "InvalidAction", "InvalidEvent", "InvalidState", "LimitExceeded", "Limits",
    "MemoryLimit", "NoValidFactor", "Outcome", "PlatformFault", "Program", "Report", "Sandbox",
    "StackOverflow", "StoreUnavailable", "Timeout", "default_engine",
}


def test_all_lists_exactly_the_reexported_names() -> None:
    """`__all__` names every public (non-module) attribute of the package, and nothing else."""
    public = {name for name, value in vars(sandbox).items()
              if not name.startswith("_") and not isinstance(value, types.ModuleType)}
    assert set(sandbox.__all__) == public


def test_all_is_the_documented_surface() -> None:
    """`__all__` is exactly the documented names, sorted and without duplicates."""
    assert set(sandbox.__all__) == EXPECTED
    assert len(sandbox.__all__) == len(EXPECTED)
    assert list(sandbox.__all__) == sorted(sandbox.__all__)

