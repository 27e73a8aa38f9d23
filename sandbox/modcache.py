"""Compiled modules: in memory (LRU), then on disk, content-addressed and verified.

The disk key includes the engine's settings and wasmtime's version (EngineSettings.cache_key),
so a module compiled elsewhere never loads; the digest check catches corrupt files before
`deserialize_file` maps them.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from pathlib import Path

import wasmtime

from sandbox.engine import Engine
from sandbox.verified import VerifiedFiles


class ModuleCache:
    """Modules by content key; `capacity` bounds how many stay loaded in memory."""

    def __init__(self, engine: Engine, directory: Path, capacity: int = 256) -> None:
        self.engine = engine
        self.files = VerifiedFiles(directory / engine.settings.cache_key(), ".cwasm")
        self.capacity = capacity
        self._memory: OrderedDict[str, wasmtime.Module] = OrderedDict()
        self._lock = threading.Lock()
        self.stats = {"memory_hits": 0, "disk_hits": 0, "compiles": 0}

    @staticmethod
    def key_for(wasm: bytes) -> str:
        """The content key of a wasm binary."""
        return hashlib.sha256(wasm).hexdigest()

    def get(self, key: str) -> wasmtime.Module | None:
        """The module for `key` from memory or a verified disk file, else None."""
        with self._lock:
            module = self._memory.get(key)
            if module is not None:
                self._memory.move_to_end(key)
                self.stats["memory_hits"] += 1
                return module
        path = self.files.verified_path(key)
        if path is None:
            return None
        try:
            module = wasmtime.Module.deserialize_file(self.engine.wasm, str(path))
        except wasmtime.WasmtimeError:
            self.files.reject(key)  # another wasmtime build or other settings
            return None
        self.stats["disk_hits"] += 1
        self._remember(key, module)
        return module

    def compile(self, wasm: bytes, key: str | None = None) -> wasmtime.Module:
        """Compiles `wasm`, or reuses what is cached under `key` (default: its hash)."""
        key = key or self.key_for(wasm)
        module = self.get(key)
        if module is not None:
            return module
        module = wasmtime.Module(self.engine.wasm, wasm)
        self.stats["compiles"] += 1
        self.files.write(key, bytes(module.serialize()))
        self._remember(key, module)
        return module

    def _remember(self, key: str, module: wasmtime.Module) -> None:
        with self._lock:
            self._memory[key] = module
            self._memory.move_to_end(key)
            while len(self._memory) > self.capacity:
                self._memory.popitem(last=False)

    def __len__(self) -> int:
        return len(self._memory)
