"""What one execution's platform calls are answered with: modules, randomness, host I/O.

`PlatformServices` is shared by every execution of a sandbox (the modules, the thread pool
that performs I/O); `Platform` is one execution's view of it, holding that execution's
operations, limits and counters. Handlers are registered by name in `METHODS`; each takes
the execution's Platform and the call's arguments and returns plain data, or raises
`PlatformCallError` to make the call throw in the guest.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sandbox.errors import RequestRecord
from sandbox.limits import Limits
from sandbox.platform.egress import DEFAULT, EgressPolicy
from sandbox.platform.io import IoLoop
from sandbox.platform.modules import NodeModules
from sandbox.sourcemap import SourceMap

if TYPE_CHECKING:
    from sandbox.platform.fetch import Network

MAX_RANDOM_BYTES = 65536
"""As Web Crypto's getRandomValues: at most 64 KiB per call."""
IO_THREADS = 64
"""Operations performed at once for all executions of a process (each blocks a thread)."""


class PlatformCallError(Exception):
    """Raised by a handler to make the guest's platform call throw `Error(message)`."""


class PlatformServices:
    """Process-wide: the built-in modules and the I/O thread pool."""

    def __init__(self, modules: NodeModules) -> None:
        self.modules = modules
        self.pool = ThreadPoolExecutor(IO_THREADS, thread_name_prefix="platform-io")

    def close(self) -> None:
        """Stops the I/O threads after the operations they run. Idempotent."""
        self.pool.shutdown(wait=False, cancel_futures=True)


@dataclass
class Platform:
    """One execution's platform: its I/O loop, limits and what it did."""

    services: PlatformServices
    limits: Limits
    egress: EgressPolicy = DEFAULT
    io: IoLoop = field(init=False)
    net: Network | None = None  # its outbound requests (fetch.py), from the first one on
    calls: int = 0
    held_answer: bytes | None = None  # an answer larger than the guest's buffer
    deadline: float = field(init=False)
    recording: list[bytes] | None = None
    """Set while the platform compiles an action: the requests its top level made, for a
    snapshot to replay (calls.py); `replayable` turns False at one that cannot be replayed."""
    replayable: bool = True
    state: dict[str, object] = field(default_factory=dict)
    """What a platform area keeps for this execution only (crypto's open hashes), by area;
    dropped with the execution."""
    source_map: SourceMap | None = None
    """The running program's source map, when it is a bundle (sourcemap.py answers with it)."""

    def __post_init__(self) -> None:
        self.io = IoLoop(self.services.pool)
        self.deadline = time.monotonic() + self.limits.timeout_ms / 1000

    def close(self) -> None:
        """Ends the execution's operations and closes its connections. Idempotent."""
        self.io.close()
        if self.net is not None:
            self.net.close()

    def requests(self) -> tuple[RequestRecord, ...]:
        """The execution's outbound requests so far, in the order they were started."""
        return () if self.net is None else self.net.records()


Handler = Callable[[Platform, list[Any]], Any]
METHODS: dict[str, Handler] = {}
UNREPLAYABLE: set[str] = set()
"""Methods whose effect is outside the answer (I/O): a top level that calls one cannot be
snapshotted, since replaying the call at snapshot time would repeat the effect."""


def method(name: str, *, replayable: bool = True) -> Callable[[Handler], Handler]:
    """Registers a handler for the platform method `name`."""

    def register(fn: Handler) -> Handler:
        METHODS[name] = fn
        if not replayable:
            UNREPLAYABLE.add(name)
        return fn

    return register


def arg(args: list[Any], i: int, kind: type, what: str) -> Any:
    """Argument `i`, checked to be a `kind`; the guest is not trusted to send the right one."""
    value = args[i] if i < len(args) else None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise PlatformCallError(f"{what} must be a {kind.__name__}")
    return value


@method("module.load")
def _module_load(platform: Platform, args: list[Any]) -> bytes:
    name = arg(args, 0, str, "module name")
    code = platform.services.modules.bytecode(name)
    if code is None:
        raise PlatformCallError(f"no built-in module named {name[:64]!r}")
    return code


@method("crypto.random")
def _random(platform: Platform, args: list[Any]) -> bytes:
    n = arg(args, 0, int, "byte count")
    if not 0 <= n <= MAX_RANDOM_BYTES:
        raise PlatformCallError(f"at most {MAX_RANDOM_BYTES} random bytes per call")
    return os.urandom(n)


@method("io.wait", replayable=False)
def _io_wait(platform: Platform, args: list[Any]) -> list[Any]:
    ms = args[0] if args and isinstance(args[0], int | float) else 0
    # Never past the execution's deadline, whatever the guest asks: the epoch deadline only
    # interrupts wasm, not this wait.
    remaining = max(0.0, platform.deadline - time.monotonic())
    timeout = min(max(0.0, float(ms) / 1000), remaining)
    if platform.io.in_flight == 0:
        platform.io.sleep(timeout)
        return []
    return platform.io.wait(timeout)


@method("io.cancel", replayable=False)
def _io_cancel(platform: Platform, args: list[Any]) -> None:
    platform.io.cancel(arg(args, 0, int, "operation id"))
