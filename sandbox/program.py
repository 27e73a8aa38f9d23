"""Actions turned into something to instantiate: compile, snapshot, or fall back.

A JavaScript action goes: source -> `exec_compile` in a fresh base instance (syntax checked,
top level run once under the action's limits, exports listed) -> QuickJS bytecode -> wizer
snapshot of the engine with that program loaded -> compiled module. An execution is then
instantiate + one call. When wizer is missing or fails, the program is the base snapshot plus
the bytecode, loaded at the start of each execution (slower, same behaviour).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import msgpack
import wasmtime

import guest
from sandbox import codec, hostcall
from sandbox.capi import check_signatures
from sandbox.engine import Engine
from sandbox.errors import InvalidAction
from sandbox.hostcall import CallContext
from sandbox.limits import Limits
from sandbox.modcache import ModuleCache
from sandbox.runner import Instantiable, call_guest, probe_input_buffer
from sandbox.verified import VerifiedFiles

ABI_VERSION = 1
WIZER_TIMEOUT_S = 60


@dataclass(frozen=True)
class Program:
    """A loaded action: what to instantiate, and the bytecode to hand over if not snapshotted."""

    key: str
    kind: str  # "snapshot", "bytecode" or "module" (a raw-ABI guest)
    target: Instantiable
    bytecode: bytes | None = None
    exports: tuple[str, ...] = ()
    source_bytes: int = 0


class Loader:
    """Builds Programs and caches every step: programs in memory, bytecode and modules on disk."""

    def __init__(self, engine: Engine, cache_dir: Path, capacity: int, snapshots: bool) -> None:
        self.engine = engine
        self.artifacts = guest.build()
        self.modules = ModuleCache(engine, cache_dir / "modules", capacity)
        self.bytecode = VerifiedFiles(cache_dir / "programs" / self.artifacts.build_key, ".qjsbc")
        self.snapshots = snapshots and self.artifacts.wizer is not None
        self.linker = wasmtime.Linker(engine.wasm)
        self.linker.define_wasi()
        self.linker.define_func("executor", "host_call", hostcall.host_call_type(),
                                hostcall.host_call, access_caller=True)
        self.capacity = capacity
        self._programs: OrderedDict[str, Program] = OrderedDict()
        # Source text -> program: a str caches its own hash, so a warm lookup costs no SHA-256.
        self._by_source: dict[str, Program] = {}
        self._lock = threading.Lock()
        self.base = self._base_program()

    def _instantiable(self, module: wasmtime.Module) -> Instantiable:
        names = {e.name for e in module.exports}
        missing = {"memory", "exec_alloc", "exec_run", "exec_abi_version"} - names
        if missing:
            raise InvalidAction(f"the module does not export {', '.join(sorted(missing))}")
        problems = check_signatures(module)
        if problems:
            raise InvalidAction(f"the module does not follow the guest ABI: {'; '.join(problems)}")
        pre = self.linker.instantiate_pre(module)
        # A module not pre-initialized by wizer still exports its reactor initializer.
        return Instantiable(pre, "_initialize" in names, probe_input_buffer(self.engine, pre))

    def _base_program(self) -> Program:
        path = self.artifacts.base_snapshot or self.artifacts.engine
        wasm = path.read_bytes()
        module = self.modules.compile(wasm)
        return Program("base", "base", self._instantiable(module))

    def load_module(self, wasm: bytes) -> Program:
        """A raw-ABI guest (any language): compiled, cached, checked for the ABI exports."""
        key = "m-" + ModuleCache.key_for(wasm)
        cached = self._cached(key)
        if cached:
            return cached
        try:
            module = self.modules.compile(wasm, key)
        except wasmtime.WasmtimeError as exc:
            raise InvalidAction(f"not a valid wasm module: {exc}") from exc
        return self._remember(Program(key, "module", self._instantiable(module)))

    def load_action(self, source: str, limits: Limits) -> Program:
        """A JavaScript action as a snapshot (or bytecode on the base): cached by content."""
        cached = self._by_source.get(source)
        if cached is not None and cached.source_bytes <= limits.source_bytes:
            return cached
        raw = source.encode("utf-8", "surrogatepass")
        if len(raw) > limits.source_bytes:
            raise InvalidAction(f"action source is {len(raw)} bytes; the limit is "
                                f"{limits.source_bytes}")
        key = hashlib.sha256(self.artifacts.build_key.encode() + b"\0" + raw).hexdigest()
        cached = self._cached(key)
        if cached:
            return self._by_source_remember(source, cached)
        bytecode, exports = self._compiled(key, raw, limits)
        module = self._snapshot(key, bytecode) if self.snapshots else None
        if module is None:
            program = Program(key, "bytecode", self.base.target, bytecode, exports, len(raw))
        else:
            program = Program(key, "snapshot", self._instantiable(module), None, exports,
                              len(raw))
        return self._by_source_remember(source, self._remember(program))

    def _by_source_remember(self, source: str, program: Program) -> Program:
        with self._lock:
            self._by_source[source] = program
            while len(self._by_source) > self.capacity:
                del self._by_source[next(iter(self._by_source))]
        return program

    def _compiled(self, key: str, raw: bytes, limits: Limits) -> tuple[bytes, tuple[str, ...]]:
        stored = self.bytecode.read(key)
        if stored is not None:
            entry = msgpack.unpackb(stored)
            return bytes(entry["program"]), tuple(entry["exports"])
        ctx = CallContext(hostcall.refuse_all, limits)
        out = call_guest(self.engine, self.base.target, "exec_compile", raw, ctx).message
        if out.get("status") != "ok":
            err = out.get("error") or {}
            prefix = f"{err.get('name')}: " if err.get("name") else ""
            raise InvalidAction(f"{prefix}{err.get('message', 'compile failed')}")
        program, exports = bytes(out["program"]), tuple(str(e) for e in out["exports"])
        self.bytecode.write(key, codec.pack({"program": program, "exports": list(exports)}))
        return program, exports

    def _snapshot(self, key: str, bytecode: bytes) -> wasmtime.Module | None:
        module = self.modules.get(key)
        if module is not None:
            return module
        wasm = self._wizer(bytecode)
        return None if wasm is None else self.modules.compile(wasm, key)

    def _wizer(self, bytecode: bytes) -> bytes | None:
        """Pre-initializes the engine with `bytecode` loaded; None if wizer fails (the
        program then runs on the bytecode path).
        """
        assert self.artifacts.wizer is not None
        try:
            return guest.snapshot(self.artifacts.wizer, self.artifacts.engine, bytecode,
                                  WIZER_TIMEOUT_S)
        except guest.BuildError:
            return None

    def _cached(self, key: str) -> Program | None:
        with self._lock:
            program = self._programs.get(key)
            if program is not None:
                self._programs.move_to_end(key)
            return program

    def _remember(self, program: Program) -> Program:
        with self._lock:
            self._programs[program.key] = program
            while len(self._programs) > self.capacity:
                self._programs.popitem(last=False)
        return program
