"""Actions turned into something to instantiate: compile, snapshot, or fall back.

A JavaScript action goes: source -> `exec_compile` in a fresh base instance (syntax checked,
top level run once under the action's limits, exports listed) -> QuickJS bytecode -> wizer
snapshot of the engine with that program loaded -> compiled module. An execution is then
instantiate + one call. Without a snapshot, the program is the base snapshot plus the
bytecode, loaded at the start of each execution (slower, same behaviour).

Snapshots are tiered (`CacheSettings.snapshot_after`): making one costs ~1.5 s of CPU and
~5 MiB of memory, so with snapshot_after=N an action runs on the bytecode path (ready in
milliseconds) and is snapshotted in a background thread once it has run N times within
`hot_window_s`; actions that run rarely never cost a snapshot. snapshot_after=0 snapshots
at the first load, which waits for it. A snapshot already on disk is always used at once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import queue
import threading
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgpack
import wasmtime

import guest
from sandbox import codec, diskbudget, hostcall, hostfunc, traps
from sandbox.capi import check_signatures
from sandbox.engine import Engine
from sandbox.errors import FaultDetails, InvalidAction
from sandbox.hints import preload_hints
from sandbox.hostcall import CallContext
from sandbox.limits import MIB, Limits
from sandbox.modcache import ModuleCache
from sandbox.platform import NodeModules, Platform, PlatformServices, platform_call
from sandbox.platform.calls import answer_recorded
from sandbox.platform.egress import DEFAULT as DEFAULT_EGRESS
from sandbox.platform.egress import NO_NET, EgressPolicy
from sandbox.programcache import ProgramCache
from sandbox.runner import Instantiable, call_guest, probe_input_buffer
from sandbox.sourcemap import BUNDLE_FILE, SourceMap
from sandbox.verified import VerifiedFiles

ABI_VERSION = 1
WIZER_TIMEOUT_S = 20
"""A snapshot takes ~1.5 s (5-7 s on a loaded machine); the guest caps what a top level may
do while wizer runs it outside wasmtime's limits, and this bounds what is left (a long native
call). On timeout the action runs on the bytecode path."""
RESOURCE_STATUSES = frozenset({"memory_limit", "timeout", "limit_exceeded"})
SNAPSHOT_WEIGHT = 5 * MIB
MODULE_OVERHEAD = 1 * MIB
"""What a loaded snapshot costs in memory when its compiled file's size is unknown."""
LOADED_MODULES = 8
"""Modules the module cache keeps loaded besides the programs that hold them: few, so that
the program cache's bounds are what bound memory."""
COMPILED_PER_SOURCE_BYTE = 16
"""Bound on a compile's outcome (the bytecode) per byte of source: about 5 with the source
text kept, 1 without; the execution's `output_bytes` is for results, not programs."""


@dataclass(frozen=True)
class CacheSettings:
    """How many loaded programs a sandbox keeps, and when an action earns a snapshot.

    `capacity` and `memory_bytes` bound the loaded programs (their weight: a snapshot's
    compiled image, a bytecode program's bytecode and source); an action that runs
    `snapshot_after` times within `hot_window_s` seconds on the bytecode path is snapshotted
    in the background (0: at its first load, synchronously); `snapshots=False` never
    snapshots.
    """

    capacity: int = 256
    memory_bytes: int = 1024 * MIB
    snapshot_after: int = 0
    hot_window_s: float = 60.0
    snapshots: bool = True
    disk_bytes: int = 4096 * MIB
    """Budget of the on-disk compiled modules, pruned after each new snapshot (diskbudget.py)."""

    def __post_init__(self) -> None:
        if (min(self.capacity, self.memory_bytes, self.disk_bytes) < 1
                or self.snapshot_after < 0 or self.hot_window_s <= 0):
            raise ValueError("capacity, memory_bytes, disk_bytes and hot_window_s must be "
                             "positive, snapshot_after >= 0")


@dataclass(frozen=True)
class Program:
    """A loaded action: what to instantiate, and the bytecode to hand over if not snapshotted."""

    key: str
    kind: str  # "snapshot", "bytecode" or "module" (a raw-ABI guest)
    target: Instantiable
    bytecode: bytes | None = None
    exports: tuple[str, ...] = ()
    source_bytes: int = 0
    weight: int = 0
    """Approximate bytes of memory it holds while loaded (see programcache.py)."""
    init: InitPlan | None = None
    """How to pre-initialize it into a snapshot; None when it cannot be snapshotted."""
    source_map: SourceMap | None = None
    """A bundle's map back to its original files (sourcemap.py); None for a plain action."""


@dataclass(frozen=True)
class InitPlan:
    """What a snapshot of an action is made with, besides its bytecode: the built-in modules
    to load ahead of use, and the platform calls its top level and those loads make, in
    order, to be answered again while wizer runs it (there is no host there).
    """

    preload: tuple[str, ...] = ()
    requests: tuple[bytes, ...] = ()


class Loader:
    """Builds Programs and caches every step: programs in memory, bytecode and modules on disk."""

    def __init__(self, engine: Engine, cache_dir: Path, settings: CacheSettings) -> None:
        self.engine = engine
        self.settings = settings
        self.artifacts = guest.build()
        self.modules = ModuleCache(engine, cache_dir / "modules", LOADED_MODULES)
        self.bytecode = VerifiedFiles(cache_dir / "programs" / self.artifacts.build_key, ".qjsbc")
        self.snapshots = settings.snapshots and self.artifacts.wizer is not None
        self.linker = wasmtime.Linker(engine.wasm)
        self.linker.define_wasi()
        hostfunc.define(self.linker, "executor", "host_call", hostcall.host_call)
        hostfunc.define(self.linker, "executor", "platform_call", platform_call)
        self.platform = PlatformServices(NodeModules(self.artifacts.node_modules))
        self.programs = ProgramCache(settings.capacity, settings.memory_bytes,
                                     settings.hot_window_s)
        self.promoter = Promoter(self)
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
        self.base_key = ModuleCache.key_for(wasm)
        module = self.modules.compile(wasm, self.base_key)
        return Program("base", "base", self._instantiable(module))

    def load_module(self, wasm: bytes) -> Program:
        """A raw-ABI guest (any language): compiled, cached, checked for the ABI exports."""
        key = "m-" + ModuleCache.key_for(wasm)
        cached = self.programs.get(key)
        if cached:
            return cached
        try:
            module = self.modules.compile(wasm, key)
        except wasmtime.WasmtimeError as exc:
            raise InvalidAction(f"not a valid wasm module: {exc}") from exc
        return self.programs.put(Program(key, "module", self._instantiable(module),
                                         weight=self._module_weight(key, len(wasm))))

    def load_action(self, source: str, limits: Limits, source_map: str | None = None) -> Program:
        """A JavaScript action as a snapshot or bytecode on the base (see the module). With a
        `source_map` (JSON text) the source is a bundle made at deploy: capped by
        `limits.bundle_bytes` rather than `source_bytes`, compiled without its functions'
        source text (QuickJS keeps a copy per nested function: for a bundle, most of its
        memory), its stack frames mapped back to the original files.
        """
        mapped = source_map is not None
        cap = limits.bundle_bytes if mapped else limits.source_bytes
        # A map's text caches its hash like the source's: a warm lookup costs no SHA-256.
        lookup: Hashable = (source, source_map) if mapped else source
        cached = self.programs.by_source(lookup)
        if cached is not None and cached[0].source_bytes <= cap:
            program, uses = cached
            if program.kind == "bytecode" and self._hot(uses):
                self.promoter.submit(program)
            return program
        raw = source.encode("utf-8", "surrogatepass")
        if len(raw) > cap:
            what = "bundle" if mapped else "action source"
            raise InvalidAction(f"{what} is {len(raw)} bytes; the limit is {cap}")
        parsed = SourceMap.parse(source_map) if source_map is not None else None
        digest = hashlib.sha256(self.artifacts.build_key.encode() + b"\0" + raw)
        if parsed is not None:
            digest.update(b"\0map\0" + parsed.digest.encode())
        key = digest.hexdigest()
        known = self.programs.get(key)
        if known is not None:
            return self.programs.put(known, lookup)
        bytecode, exports, init = self._compiled(key, raw, limits, parsed)
        module = None
        if self.snapshots:
            # A snapshot made earlier (by any process sharing the cache) costs nothing now.
            module = self.modules.get(key)
            if module is None and self.settings.snapshot_after == 0 and init is not None:
                module = self._snapshot(key, bytecode, init, parsed)
        if module is not None:
            return self.programs.put(self._snapshot_program(
                key, module, exports, len(raw), init, source_map=parsed), lookup)
        program = self.programs.put(self._bytecode_program(
            key, bytecode, exports, len(raw), init, source_map=parsed), lookup)
        if self._hot(1):
            self.promoter.submit(program)
        return program

    def _hot(self, uses: int) -> bool:
        """Whether an action used `uses` times (this one included) should be snapshotted."""
        return self.snapshots and 0 < self.settings.snapshot_after <= uses

    def _bytecode_program(self, key: str, bytecode: bytes, exports: tuple[str, ...],
                          source_bytes: int, init: InitPlan | None, *,
                          source_map: SourceMap | None) -> Program:
        return Program(key, "bytecode", self.base.target, bytecode, exports, source_bytes,
                       weight=len(bytecode) + source_bytes, init=init, source_map=source_map)

    def _snapshot_program(self, key: str, module: wasmtime.Module, exports: tuple[str, ...],
                          source_bytes: int, init: InitPlan | None, *,
                          source_map: SourceMap | None) -> Program:
        diskbudget.touch(self.modules.files.path(key))  # recently used: pruned last
        return Program(key, "snapshot", self._instantiable(module), None, exports,
                       source_bytes, weight=self._module_weight(key, SNAPSHOT_WEIGHT),
                       init=init, source_map=source_map)

    def promote(self, program: Program) -> bool:
        """Snapshot a bytecode program and swap it in (the Promoter's thread calls this);
        False when wizer could not make the snapshot.
        """
        assert program.bytecode is not None
        if program.init is None:
            return False
        module = self._snapshot(program.key, program.bytecode, program.init, program.source_map)
        if module is None:
            return False
        self.programs.replace(self._snapshot_program(program.key, module, program.exports,
                                                     program.source_bytes, program.init,
                                                     source_map=program.source_map))
        return True

    def _module_weight(self, key: str, default: int) -> int:
        """What a loaded module costs in memory: its compiled file's size plus about 1 MiB
        (measured: 20 snapshots of ~4.05 MB files added 102 MiB of RSS when loaded).
        """
        path = self.modules.files.path(key)
        try:
            return path.stat().st_size + MODULE_OVERHEAD
        except OSError:
            return default

    def _compiled(self, key: str, raw: bytes, limits: Limits, source_map: SourceMap | None
                  ) -> tuple[bytes, tuple[str, ...], InitPlan | None]:
        """Bytecode, exported names and how to snapshot it (None: it cannot be)."""
        stored = self.bytecode.read(key)
        if stored is not None:
            entry = msgpack.unpackb(stored)
            plan = entry.get("init")
            init = None if plan is None else InitPlan(tuple(plan[0]), tuple(plan[1]))
            return bytes(entry["program"]), tuple(entry["exports"]), init
        preload = preload_hints(raw, self.platform.modules.names)
        # The top level runs here outside any execution: it reaches no network.
        platform = self.new_platform(limits, NO_NET, source_map=source_map)
        platform.recording = []
        compiling = dataclasses.replace(limits, output_bytes=max(
            limits.output_bytes, COMPILED_PER_SOURCE_BYTE * len(raw)))
        ctx = CallContext(hostcall.refuse_all, compiling, platform=platform)
        request: dict[str, Any] = {"source": raw, "preload": list(preload)}
        if source_map is not None:
            request |= {"filename": BUNDLE_FILE, "strip_source": True}
        message = codec.pack(request)
        try:
            out = call_guest(self.engine, self.base.target, "exec_compile", message, ctx).message
        finally:
            platform.close()
        status = str(out.get("status"))
        if status in RESOURCE_STATUSES:  # the top level ran out of a limit: say which
            raise traps.from_status(status, out.get("error"), FaultDetails())
        if status != "ok":
            err = out.get("error") or {}
            prefix = f"{err.get('name')}: " if err.get("name") else ""
            raise InvalidAction(f"{prefix}{err.get('message', 'compile failed')}")
        program, exports = bytes(out["program"]), tuple(str(e) for e in out["exports"])
        init = InitPlan(preload, tuple(platform.recording)) if platform.replayable else None
        plan = None if init is None else [list(init.preload), list(init.requests)]
        self.bytecode.write(key, codec.pack({"program": program, "exports": list(exports),
                                             "init": plan}))
        return program, exports, init

    def new_platform(self, limits: Limits, egress: EgressPolicy = DEFAULT_EGRESS,
                     source_map: SourceMap | None = None) -> Platform:
        """One execution's platform (its I/O, reach and counters), on this loader's services;
        `source_map`: the running program's, when it is a bundle.
        """
        return Platform(self.platform, limits, egress, source_map=source_map)

    def _snapshot(self, key: str, bytecode: bytes, init: InitPlan,
                  source_map: SourceMap | None) -> wasmtime.Module | None:
        module = self.modules.get(key)
        if module is not None:
            return module
        wasm = self._wizer(bytecode, init, source_map)
        if wasm is None:
            return None
        module = self.modules.compile(wasm, key)
        files = self.modules.files
        diskbudget.prune(files.directory, files.suffix, self.settings.disk_bytes,
                         keep=frozenset({files.path(key).name, files.path(self.base_key).name}))
        return module

    def _wizer(self, bytecode: bytes, init: InitPlan,
               source_map: SourceMap | None) -> bytes | None:
        """Pre-initializes the engine with `bytecode` loaded and `init.preload` after it, the
        recorded platform calls answered again; None if wizer fails (the program then runs
        on the bytecode path).
        """
        assert self.artifacts.wizer is not None
        platform = self.new_platform(Limits(), NO_NET, source_map=source_map)
        try:
            replay = [[req, answer_recorded(platform, req)] for req in init.requests]
        finally:
            platform.close()
        message = codec.pack({"program": bytecode, "preload": list(init.preload),
                              "replay": replay})
        try:
            return guest.snapshot(self.artifacts.wizer, self.artifacts.engine, message,
                                  WIZER_TIMEOUT_S)
        except guest.BuildError:
            return None

    def close(self) -> None:
        """Stop the background snapshots (one in progress finishes first) and the I/O threads."""
        self.promoter.close()
        self.platform.close()


class Promoter:
    """One background thread that snapshots the actions the loader found hot, in turn.

    One at a time: a snapshot is ~1.5 s of CPU, and executions must keep the other cores.
    Bounded: when more actions turn hot than it can keep up with, the extra ones stay on the
    bytecode path until they are used again after being evicted and reloaded.
    """

    PENDING = 64

    def __init__(self, loader: Loader) -> None:
        self._loader = loader
        self._queue: queue.Queue[Program | None] = queue.Queue(self.PENDING)
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        # Queued or failed: a key is not queued twice, nor tried again after a failure. A
        # made one leaves the set: should its snapshot be pruned from disk, the action may
        # come back on bytecode and earn one again.
        self._seen: set[str] = set()
        self.made = 0
        self.failed = 0

    def submit(self, program: Program) -> None:
        """Queue a program for a snapshot, once; dropped when the queue is full (it is
        offered again on its next use).
        """
        with self._lock:
            if program.key in self._seen:
                return
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="snapshots", daemon=True)
                self._thread.start()
            try:
                self._queue.put_nowait(program)
            except queue.Full:
                return
            self._seen.add(program.key)

    def wait_idle(self, timeout_s: float) -> bool:
        """Wait until every queued snapshot is made (tests, benchmarks); False on timeout."""
        done = threading.Event()

        def join() -> None:
            self._queue.join()
            done.set()

        threading.Thread(target=join, daemon=True).start()
        return done.wait(timeout_s)

    def close(self) -> None:
        """Stop the thread after the snapshot in progress."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            while True:  # make room for the stop marker: pending snapshots are dropped
                try:
                    self._queue.get_nowait()
                    self._queue.task_done()
                except queue.Empty:
                    break
            self._queue.put(None)
            thread.join()

    def _run(self) -> None:
        while (program := self._queue.get()) is not None:
            try:
                made = self._loader.promote(program)
            except Exception:  # the action keeps running on bytecode; nothing is lost
                made = False
            with self._lock:
                if made:
                    self.made += 1
                    self._seen.discard(program.key)
                else:
                    self.failed += 1
            self._queue.task_done()
        self._queue.task_done()
