"""Loaded programs in memory: bounded by count and by bytes, least recently used out first.

A worker that has served thousands of distinct actions must not hold them all: each snapshot
is a compiled copy of the whole engine (~5 MiB resident), each bytecode program a few KiB.
Every program carries its `weight` (its compiled image, or its bytecode and source), and the
cache drops the least recently used until both the count and the byte budget hold. A dropped
program is loaded again from the disk cache (a few ms) the next time it runs.

The cache also counts how often each bytecode program was used, which is how the loader
decides that an action is hot enough to earn a snapshot (see program.py).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sandbox.program import Program


class ProgramCache:
    """Programs by key, and by source text for JavaScript actions (with its source map's
    text, for a bundle); thread-safe.
    """

    def __init__(self, capacity: int, memory_bytes: int, window_s: float = 60.0) -> None:
        self.capacity = capacity
        self.memory_bytes = memory_bytes
        self.window_s = window_s
        self._programs: OrderedDict[str, Program] = OrderedDict()
        # Source text -> key: a str caches its own hash, so a warm lookup costs no SHA-256.
        self._by_source: dict[Hashable, str] = {}
        self._sources: dict[str, Hashable] = {}  # key -> source, to drop both together
        self._uses: dict[str, tuple[int, float]] = {}  # key -> (uses, window start)
        self._weight = 0
        self._lock = threading.Lock()

    def by_source(self, source: Hashable) -> tuple[Program, int] | None:
        """The program of an action's source and how often it was used in the current
        window of `window_s` seconds: its first load counts as one use, this lookup as
        another, and a window that ran out starts again at one.
        """
        with self._lock:
            key = self._by_source.get(source)
            program = None if key is None else self._programs.get(key)
            if key is None or program is None:
                return None
            self._programs.move_to_end(key)
            now = time.monotonic()
            uses, start = self._uses.get(key, (1, now))
            uses, start = (uses + 1, start) if now - start <= self.window_s else (1, now)
            self._uses[key] = (uses, start)
            return program, uses

    def get(self, key: str) -> Program | None:
        """The program cached under `key`, if any."""
        with self._lock:
            program = self._programs.get(key)
            if program is not None:
                self._programs.move_to_end(key)
            return program

    def put(self, program: Program, source: Hashable | None = None) -> Program:
        """Keep `program` (replacing one of the same key), then evict down to the bounds."""
        with self._lock:
            old = self._programs.pop(program.key, None)
            if old is not None:
                self._weight -= old.weight
            self._programs[program.key] = program
            self._weight += program.weight
            if source is not None:
                self._by_source[source] = program.key
                self._sources[program.key] = source
            self._evict()
        return program

    def replace(self, program: Program) -> bool:
        """Swap in a better program for a key still cached (a snapshot for its bytecode);
        False when the key was evicted meanwhile (nothing is added back).
        """
        with self._lock:
            old = self._programs.get(program.key)
            if old is None:
                return False
            self._programs[program.key] = program
            self._weight += program.weight - old.weight
            self._evict()
            return True

    def _evict(self) -> None:
        # The newest program stays even when it alone is over the byte budget.
        while len(self._programs) > 1 and (len(self._programs) > self.capacity
                                           or self._weight > self.memory_bytes):
            key, program = self._programs.popitem(last=False)
            self._weight -= program.weight
            self._uses.pop(key, None)
            source = self._sources.pop(key, None)
            if source is not None:
                self._by_source.pop(source, None)

    @property
    def weight(self) -> int:
        """Bytes the cached programs weigh (approximate: see the module)."""
        with self._lock:
            return self._weight

    def __len__(self) -> int:
        with self._lock:
            return len(self._programs)

    def kinds(self) -> dict[str, int]:
        """How many cached programs are of each kind."""
        with self._lock:
            counts: dict[str, int] = {}
            for program in self._programs.values():
                counts[program.kind] = counts.get(program.kind, 0) + 1
            return counts
