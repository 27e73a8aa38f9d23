"""Per-execution limits: a frozen dataclass, overridable per tenant and per action."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sandbox.errors import InvalidAction

KIB = 1024
MIB = 1024 * KIB


@dataclass(frozen=True)
class Limits:
    """What one execution may use. Defaults follow Auth0's published limits where it has them.

    `fuel` is wasmtime fuel, about one unit per wasm instruction: 7-19 million per
    millisecond of CPU on the project's machines (python -m benchmarks.cpu), and QuickJS runs
    2-6x slower than node on what actions do (JSON, strings, regular expressions, objects;
    12x on tight numeric loops), so the default (1e11, 5-15 s of CPU) lets an action finish
    that node finishes in about a second of CPU, and runs out well before the 20 s wall
    clock. `timeout_ms` is wall clock for the whole execution; timers due after it end the
    execution at once. `platform_calls` bounds the runtime's own host calls (modules,
    crypto, randomness, I/O); the `net_` limits bound outbound requests: how many, their
    bodies' bytes each way, each request's own timeout and the redirects it may follow.
    `crypto_ms` bounds the time the host may spend on the execution's crypto calls in all
    (fuel does not see it: pbkdf2 calls could otherwise spend seconds of the host's CPU).
    """

    fuel: int = 100_000_000_000
    timeout_ms: int = 20_000
    memory_bytes: int = 64 * MIB
    input_bytes: int = 512 * KIB
    output_bytes: int = 512 * KIB
    log_bytes: int = 256 * KIB
    host_calls: int = 1_000
    call_bytes: int = 64 * KIB
    source_bytes: int = 100 * 1000
    """Auth0's 100 kB, for an action's own source (its npm dependencies do not count)."""
    bundle_bytes: int = 5 * MIB
    """A bundle made at deploy: the action compiled with its npm dependencies
    (executor/packaging). auth0@4 with jose and uuid bundles to ~450 KB, the auth0@7 SDK
    alone to 2.2 MB."""
    platform_calls: int = 100_000
    net_requests: int = 50
    net_request_bytes: int = 1 * MIB
    net_response_bytes: int = 10 * MIB
    net_timeout_ms: int = 10_000
    net_redirects: int = 20
    crypto_ms: int = 2_000

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if type(value) is not int or value <= 0:
                raise InvalidAction(f"limit {f.name} must be a positive integer, got {value!r}")
        if self.memory_bytes < 4 * MIB:
            raise InvalidAction("limit memory_bytes must be at least 4 MiB (the engine's own size)")

    def override(self, overrides: Mapping[str, Any] | None) -> Limits:
        """A copy with some limits replaced; unknown names are an error, not ignored."""
        if not overrides:
            return self
        known = {f.name for f in dataclasses.fields(self)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise InvalidAction(f"unknown limits: {', '.join(unknown)}")
        return dataclasses.replace(self, **dict(overrides))

    def with_timeout(self, timeout_ms: int) -> Limits:
        """A copy with a shorter wall-clock budget (a flow's remaining time)."""
        if timeout_ms >= self.timeout_ms:
            return self
        return dataclasses.replace(self, timeout_ms=max(1, timeout_ms))

    def guest_limits(self) -> dict[str, int]:
        """The subset the guest enforces itself (guest/ABI.md, input `limits`)."""
        return {
            "log_bytes": self.log_bytes,
            "output_bytes": self.output_bytes,
            "host_calls": self.host_calls,
            "call_bytes": self.call_bytes,
            "deadline_ms": self.timeout_ms,
            # A platform call carries at most one request body, plus its method and headers.
            "platform_bytes": max(self.call_bytes, self.net_request_bytes + 64 * KIB),
        }
