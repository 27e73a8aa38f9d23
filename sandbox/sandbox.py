"""The sandbox's front door: load an action once, execute it many times, each in isolation."""

from __future__ import annotations

import dataclasses
import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import guest
from sandbox import codec, traps
from sandbox.engine import Engine, default_engine
from sandbox.errors import FaultDetails, InternalError, InvalidAction, InvalidEvent, Report
from sandbox.hostcall import ApiCall, CallContext, HostHandler, refuse_all
from sandbox.limits import Limits
from sandbox.platform.egress import DEFAULT as DEFAULT_EGRESS
from sandbox.platform.egress import EgressPolicy
from sandbox.program import ABI_VERSION, CacheSettings, Loader, Program
from sandbox.runner import RawOutcome, call_guest

SEED_BYTES = 16
DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Outcome:
    """A successful execution: the handler's value, every api call in order, logs, cost."""

    result: Any
    calls: tuple[ApiCall, ...]
    logs: tuple[str, ...]
    logs_dropped: int
    report: Report


class Sandbox:
    """Runs actions in wasmtime. One per process is typical; it is safe to share across threads.

    `cache_dir` holds compiled modules and bytecode (default: guest.cache_root()); `cache`
    bounds the programs kept loaded (count and bytes) and says when actions are snapshotted
    (program.CacheSettings). `capacity` and `snapshots` are shorthands for its fields.
    """

    def __init__(
        self,
        *,
        cache_dir: Path | None = None,
        engine: Engine | None = None,
        capacity: int | None = None,
        snapshots: bool | None = None,
        cache: CacheSettings | None = None,
    ) -> None:
        self.engine = engine or default_engine()
        root = cache_dir or guest.cache_root()
        settings = cache or CacheSettings()
        if capacity is not None:
            settings = dataclasses.replace(settings, capacity=capacity)
        if snapshots is not None:
            settings = dataclasses.replace(settings, snapshots=snapshots)
        self.loader = Loader(self.engine, root, settings)

    def load_action(self, source: str, limits: Limits | None = None, *,
                    source_map: str | None = None) -> Program:
        """Compiles and snapshots a JavaScript action (CommonJS); cached by content. A bundle
        made at deploy comes with its `source_map` (JSON text): its stacks then name the
        original files, and it is capped by `limits.bundle_bytes` (see Loader.load_action).
        """
        return self.loader.load_action(source, limits or DEFAULT_LIMITS, source_map)

    def load_module(self, wasm: bytes) -> Program:
        """Loads a guest written against guest/ABI.md in any language."""
        return self.loader.load_module(wasm)

    def execute(
        self,
        program: Program,
        event: Any,
        *,
        handler: str = "onExecutePostChallenge",
        host: HostHandler = refuse_all,
        limits: Limits | None = None,
        egress: EgressPolicy = DEFAULT_EGRESS,
    ) -> Outcome:
        """Runs `handler(event, api)` once in a fresh instance; raises an ExecutorError.
        `egress` says where its outbound requests may go (default: public addresses only).
        """
        limits = limits or DEFAULT_LIMITS
        ceiling = self.engine.settings.max_memory_bytes
        if ceiling is not None and limits.memory_bytes > ceiling:
            raise InvalidAction(f"limit memory_bytes {limits.memory_bytes} is over this engine's "
                                f"maximum of {ceiling}")
        payload = self._payload(program, event, handler, limits)
        platform = self.loader.new_platform(limits, egress, program.source_map)
        try:
            raw = call_guest(self.engine, program.target, "exec_run", payload,
                             CallContext(host, limits, platform=platform))
        finally:
            platform.close()
        return _outcome(raw)

    @staticmethod
    def _payload(program: Program, event: Any, handler: str, limits: Limits) -> bytes:
        try:
            event_bytes = codec.pack(event)
        except codec.CodecError as exc:
            raise InvalidEvent(f"the event is not plain data: {exc}") from exc
        if len(event_bytes) > limits.input_bytes:
            raise InvalidEvent(f"the event is {len(event_bytes)} bytes; the limit is "
                               f"{limits.input_bytes}")
        items = [
            *_fixed_items(handler, limits),
            ("seed", codec.pack(os.urandom(SEED_BYTES))),
            ("event", event_bytes),
        ]
        if program.bytecode is not None:
            items.append(("program", codec.pack(program.bytecode)))
        return codec.pack_map(items)

    def close(self) -> None:
        """Stops background snapshots; the engine outlives sandboxes. Idempotent."""
        self.loader.close()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@functools.lru_cache(maxsize=256)
def _fixed_items(handler: str, limits: Limits) -> tuple[tuple[str, bytes], ...]:
    """The payload entries that depend only on handler and limits, packed once."""
    return (
        ("abi", codec.pack(ABI_VERSION)),
        ("handler", codec.pack(handler)),
        ("limits", codec.pack(limits.guest_limits())),
    )


def _outcome(raw: RawOutcome) -> Outcome:
    msg = raw.message
    logs = tuple(str(line) for line in msg.get("logs") or ())
    status = msg.get("status")
    error = msg.get("error")
    stack = str(error.get("stack") or "") if isinstance(error, dict) else ""
    details = FaultDetails(stack=stack, logs=logs, report=raw.report)
    if status != "ok":
        raise traps.from_status(str(status), error, details)
    return Outcome(
        result=msg.get("result"),
        calls=_merge_calls(msg.get("calls"), raw.context.calls, details),
        logs=logs,
        logs_dropped=int(msg.get("logs_dropped") or 0),
        report=raw.report,
    )


def _merge_calls(
    recorded: Any, answered: list[ApiCall], details: FaultDetails
) -> tuple[ApiCall, ...]:
    """Recorded and answered calls, back in the order the action made them."""
    calls = list(answered)
    for item in recorded or ():
        if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], int)
                and isinstance(item[1], str) and isinstance(item[2], list)):
            raise InternalError(f"malformed recorded call {item!r:.80}", details=details)
        calls.append(ApiCall(item[0], item[1], tuple(item[2])))
    calls.sort(key=lambda c: c.seq)
    return tuple(calls)
