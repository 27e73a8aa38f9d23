"""The HTTP service's settings: one frozen dataclass, checked when made."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sandbox import EgressPolicy
from sandbox.platform.egress import DEFAULT as DEFAULT_EGRESS

Mode = Literal["queue", "inprocess"]
MODES: tuple[Mode, ...] = ("queue", "inprocess")

ADMIN_TOKEN_ENV = "EXECUTOR_ADMIN_TOKEN"
MIB = 1024 * 1024


@dataclass(frozen=True)
class ServiceSettings:
    """How the service runs.

    `mode`: "queue" hands executions to the worker pool (PoolClient) and waits for them;
    "inprocess" runs them in the service's own threads (one machine, tests). `secret_key`:
    the registry's Fernet key(s); None reads EXECUTOR_SECRET_KEY. Tokens and keys never
    appear in the repr.
    """

    redis_url: str = field(repr=False)  # may hold a password
    admin_token: str = field(repr=False)
    mode: Mode = "queue"
    execution_timeout_s: float = 30.0
    """Queue mode: how long a request waits for the worker's result (504 after)."""
    redis_timeout_s: float = 2.0
    """Health check and queue-depth scrape: connect and reply timeout."""
    max_body_bytes: int = MIB
    """Request bodies over this are refused (413) before they are parsed."""
    threads: int = 64
    """Executions run (inprocess) or waited for (queue) in threads, at most this many at once;
    more wait for a thread."""
    io_threads: int = 16
    """Threads for the short Redis calls (key lookups, deploys, health, metrics): apart from
    the executions' so that a saturated pool never stalls authentication or /healthz."""
    secret_key: str | None = field(default=None, repr=False)
    net: EgressPolicy = DEFAULT_EGRESS
    """The operator's egress policy for every tenant (inprocess mode runs under it; a deploy
    is checked against it and the tenant's grants: it may narrow them, never widen)."""

    def __post_init__(self) -> None:
        if not self.admin_token:
            raise ValueError(f"an admin token is required (--admin-token or {ADMIN_TOKEN_ENV})")
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, got {self.mode!r}")
        for name in ("execution_timeout_s", "redis_timeout_s"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be positive")
        for name in ("max_body_bytes", "threads", "io_threads"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
