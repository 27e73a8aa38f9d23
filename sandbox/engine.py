"""The process's one wasmtime Engine, with fuel, epoch interruption and its ticker."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from importlib.metadata import version

import wasmtime

from sandbox.capi import PoolSettings, enable_pooling

# Above 2 MiB wasmtime aborts the whole process instead of trapping (wasm-facts.md).
MAX_WASM_STACK = 2 * 1024 * 1024
DEFAULT_POOL = PoolSettings()


@dataclass(frozen=True)
class EngineSettings:
    """Engine-wide settings: compiled code depends on them, so they cannot vary per tenant."""

    # The most wasmtime allows: deep JS recursion then meets QuickJS's own limit first (about
    # 2,300 frames, a catchable RangeError as in Node) instead of a trap.
    wasm_stack_bytes: int = MAX_WASM_STACK
    tick_ms: int = 10
    pool: PoolSettings | None = DEFAULT_POOL  # None: wasmtime's on-demand allocator

    def __post_init__(self) -> None:
        if not 64 * 1024 <= self.wasm_stack_bytes <= MAX_WASM_STACK:
            raise ValueError(f"wasm_stack_bytes must be in [64 KiB, {MAX_WASM_STACK}]")
        if self.tick_ms < 1:
            raise ValueError("tick_ms must be at least 1")

    def cache_key(self) -> str:
        """Names compiled artifacts: a module compiled under other settings never loads."""
        pool = f"pool{self.pool.max_memory_bytes}" if self.pool else "ondemand"
        return f"wasmtime-{version('wasmtime')}-fuel-epoch-stack{self.wasm_stack_bytes}-{pool}"

    @property
    def max_memory_bytes(self) -> int | None:
        """The most linear memory any instance may have (the pool's slot size), if bounded."""
        return self.pool.max_memory_bytes if self.pool else None


class Engine:
    """A wasmtime Engine plus the thread that advances its epoch every `tick_ms`.

    Deadlines are counted in ticks; a coarse tick keeps the ticker's cost (it needs the GIL)
    negligible next to the 20 s execution limit.
    """

    def __init__(self, settings: EngineSettings | None = None) -> None:
        self.settings = settings or EngineSettings()
        config = wasmtime.Config()
        config.consume_fuel = True
        config.epoch_interruption = True
        config.max_wasm_stack = self.settings.wasm_stack_bytes
        if self.settings.pool is not None:
            enable_pooling(config, self.settings.pool)
        self.wasm = wasmtime.Engine(config)
        self._stop = threading.Event()
        self._ticker = threading.Thread(target=self._tick, name="wasm-epoch", daemon=True)
        self._ticker.start()

    def _tick(self) -> None:
        interval = self.settings.tick_ms / 1000
        while not self._stop.wait(interval):
            self.wasm.increment_epoch()

    def deadline_ticks(self, timeout_ms: int) -> int:
        """Epoch ticks for a wall-clock budget, rounded up, plus one for the partial tick."""
        return -(-timeout_ms // self.settings.tick_ms) + 1

    def close(self) -> None:
        """Stops the ticker; idempotent."""
        self._stop.set()


_default: Engine | None = None
_default_lock = threading.Lock()


def default_engine() -> Engine:
    """The process-wide engine, created on first use."""
    global _default  # noqa: PLW0603 - the one process-wide engine, created lazily
    with _default_lock:
        if _default is None:
            _default = Engine()
        return _default

