"""How a benchmark runs: one frozen dataclass, checked when made (ValueError: bad usage)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from executor.bench.workload import DEFAULT_MIX, SKEWS, Mix, Skew

Mode = Literal["inprocess", "queue", "http"]
MODES: tuple[Mode, ...] = ("inprocess", "queue", "http")

MAX_TENANTS = 10_000
MAX_EVENT_BYTES = 400_000
"""Padding stays under the sandbox's 512 KiB input limit (the flow adds defaults)."""
CLOSED_CONCURRENCY = 8
"""Requests in flight in a closed loop through the queue or HTTP, by default."""
OPEN_SENDERS = 64
"""Sender threads of an open loop, by default: enough that slow answers rarely hold up
the schedule (a late send is still measured from its intended start)."""


@dataclass(frozen=True)
class BenchSettings:
    """One benchmark run.

    `rate` None is a closed loop (`concurrency` in flight, default 8; in-process always one
    thread: it measures one core); a rate is an open loop at that many flows per second
    (`concurrency` sender threads, default 64). `redis_url` None starts a private
    redis-server for queue and http. `warmup_s` of untimed load come first (queue and
    http: after one flow per tenant).
    """

    mode: Mode = "inprocess"
    duration_s: float = 10.0
    rate: float | None = None
    tenants: int = 100
    actions_per_tenant: int = 3
    workers: int = 2
    worker_concurrency: int | None = None
    redis_url: str | None = field(default=None, repr=False)  # may hold a password
    concurrency: int | None = None
    seed: int = 1
    mix: Mix = DEFAULT_MIX
    hostile_share: float = 0.02
    skew: Skew = "zipf"
    zipf_s: float = 1.0
    event_bytes: int = 0
    warmup_s: float = 2.0
    timeout_s: float = 30.0
    json_path: Path | None = None
    plot_path: Path | None = None
    progress: bool = True

    def __post_init__(self) -> None:
        self._check_load()
        self._check_workload()
        if self.redis_url is not None and not self.redis_url.startswith(("redis://",
                                                                         "rediss://")):
            raise ValueError("--redis must be a redis:// or rediss:// URL")
        for flag, path in (("--json", self.json_path), ("--plot", self.plot_path)):
            if path is not None and not path.parent.is_dir():
                raise ValueError(f"{flag}: no directory {path.parent}")
        if self.plot_path is not None and self.plot_path.suffix.lower() != ".png":
            raise ValueError("--plot writes a PNG: give a FILE.png")

    def _check_load(self) -> None:
        """Mode, loop, processes and threads."""
        if self.mode not in MODES:
            raise ValueError(f"--mode must be one of {', '.join(MODES)}, got {self.mode!r}")
        _positive("--duration", self.duration_s)
        _positive("--timeout", self.timeout_s)
        if self.rate is not None:
            _positive("--rate", self.rate)
        if not (math.isfinite(self.warmup_s) and self.warmup_s >= 0):
            raise ValueError(f"--warmup must be a non-negative number of seconds, got "
                             f"{self.warmup_s}")
        for name, value in (("--workers", self.workers), ("--concurrency", self.concurrency),
                            ("--worker-concurrency", self.worker_concurrency)):
            if value is not None and value < 1:
                raise ValueError(f"{name} must be at least 1, got {value}")
        if self.mode == "inprocess" and self.concurrency not in (None, 1):
            raise ValueError("--mode inprocess runs on one thread (it measures one core); "
                             "--concurrency is for queue and http")

    def _check_workload(self) -> None:
        """Tenants, actions, mix, events."""
        if self.skew not in SKEWS:
            raise ValueError(f"--skew must be one of {', '.join(SKEWS)}, got {self.skew!r}")
        if not 1 <= self.tenants <= MAX_TENANTS:
            raise ValueError(f"--tenants must be 1 to {MAX_TENANTS}, got {self.tenants}")
        if not 1 <= self.actions_per_tenant <= 20:  # Auth0's 20 actions per trigger
            raise ValueError(f"--actions-per-tenant must be 1 to 20, got "
                             f"{self.actions_per_tenant}")
        if not 0 <= self.hostile_share < 1:
            raise ValueError(f"--hostile-share must be in [0, 1), got {self.hostile_share}")
        if not (math.isfinite(self.zipf_s) and self.zipf_s >= 0):
            raise ValueError(f"--zipf-s must be a non-negative number, got {self.zipf_s}")
        if not 0 <= self.event_bytes <= MAX_EVENT_BYTES:
            raise ValueError(f"--event-bytes must be 0 to {MAX_EVENT_BYTES}")
        if not self.mix:
            raise ValueError("--mix names no action kind")

    @property
    def open_loop(self) -> bool:
        """A fixed rate (open loop) rather than as fast as answers come (closed)."""
        return self.rate is not None

    @property
    def threads(self) -> int:
        """Sender threads: 1 in-process; else --concurrency or the loop's default."""
        if self.mode == "inprocess":
            return 1
        if self.concurrency is not None:
            return self.concurrency
        return OPEN_SENDERS if self.open_loop else CLOSED_CONCURRENCY

    def describe(self) -> dict[str, Any]:
        """The settings as the JSON report shows them (the Redis URL left out)."""
        out = asdict(self)
        out.pop("redis_url")
        out["redis"] = "external" if self.redis_url else "private"
        out["mix"] = dict(self.mix)
        out["loop"] = "open" if self.open_loop else "closed"
        out["threads"] = self.threads
        for key in ("json_path", "plot_path"):
            out[key] = None if out[key] is None else str(out[key])
        return out


def _positive(name: str, value: float) -> None:
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive number, got {value}")
