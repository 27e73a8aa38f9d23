"""Comparison baselines for the in-process sandbox benchmark.

Two reference points bracket the product's per-request cost:

* :class:`WatFloor` is the floor: the least any wasmtime-based executor can pay per run.
  It uses the product's Engine configuration (fuel + epoch interruption), a trivial
  module compiled once and pre-linked once, and per run only creates a Store, gives it
  the product's fuel and epoch budget, instantiates, and calls one export.
* :class:`QuickjsRsPeer` is the peer: the same JavaScript action run by ``quickjs-rs``
  (QuickJS-ng via rquickjs in wasmtime, driven from Python) with a fresh JS runtime
  and context for every run, as an isolation-per-request executor built on it would.

Both expose ``run_once``; the peer returns the deny reason so the benchmark can check
that it and the product agree on every event.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from types import TracebackType
from typing import Any, Final

import wasmtime
from quickjs_rs import Context, Handle, Runtime

from sandbox.capi import Guest

ACTIONS_DIR: Final[Path] = Path(__file__).resolve().parent / "actions"
"""Folder holding the JavaScript actions the benchmark runs."""

IP_ALLOWLIST_ACTION: Final[Path] = ACTIONS_DIR / "ip_allowlist.js"
"""The benchmark's action: denies any ``event.request.ip`` outside a fixed allowlist."""

HANDLER_NAME: Final[str] = "onExecutePostChallenge"
"""The exported handler the peer calls."""

FUEL: Final[int] = 10_000_000
"""Fuel given to every floor Store (the product's per-run fuel budget)."""

EPOCH_DEADLINE: Final[int] = 1_000_000
"""Epoch deadline, in ticks, set on every floor Store (the product's setting)."""

FLOOR_WAT: Final[str] = """
(module
  (memory (export "memory") 1)
  (func (export "run") (result i32)
    i32.const 42))
"""
"""The floor's guest: one page of memory and one export returning a constant."""

FLOOR_RESULT: Final[int] = 42
"""What :data:`FLOOR_WAT`'s ``run`` export returns."""


def product_engine_config() -> wasmtime.Config:
    """Return a wasmtime Config set up the way the product configures its Engine."""
    config = wasmtime.Config()
    config.consume_fuel = True
    config.epoch_interruption = True
    return config


class WatFloor:
    """Floor baseline: new Store, instantiate a pre-linked trivial module, call one export."""

    def __init__(self, engine: wasmtime.Engine | None = None) -> None:
        self.engine = engine or wasmtime.Engine(product_engine_config())
        self.module = wasmtime.Module(self.engine, FLOOR_WAT)
        self._instance_pre = wasmtime.Linker(self.engine).instantiate_pre(self.module)

    def run_once_capi(self) -> int:
        """The same through the product's C-API call path (sandbox.capi): the strictest floor."""
        store = wasmtime.Store(self.engine)
        try:
            store.set_fuel(FUEL)
            store.set_epoch_deadline(EPOCH_DEADLINE)
            return Guest(store, self._instance_pre.instantiate(store)).call("run") & 0xFFFFFFFF
        finally:
            store.close()

    def run_once(self) -> int:
        """Create a fuelled Store, instantiate through the InstancePre, call ``run`` once."""
        store = wasmtime.Store(self.engine)
        try:
            store.set_fuel(FUEL)
            store.set_epoch_deadline(EPOCH_DEADLINE)
            instance = self._instance_pre.instantiate(store)
            run = instance.exports(store)["run"]
            if not isinstance(run, wasmtime.Func):
                raise TypeError(f"floor export 'run' is {type(run).__name__}, not a Func")
            result = run(store)
        finally:
            store.close()
        if not isinstance(result, int):
            raise TypeError(f"floor export 'run' returned {result!r}, not an int")
        return result


def commonjs_shim(source: str, handler: str = HANDLER_NAME) -> str:
    """Wrap an action's CommonJS source so it defines ``globalThis.__invoke(event)``.

    The action runs inside a function that receives ``exports``/``module`` (as a tenant
    would have to do it on an engine without CommonJS), and ``__invoke`` calls the named
    handler with the event and a minimal ``api`` whose ``access.deny(reason)`` records the
    reason; it resolves to the recorded reason, or ``null`` when the action did not deny.
    """
    return f"""(() => {{
  const module = {{ exports: {{}} }};
  (function (exports, module) {{
{source}
  }})(module.exports, module);
  const handler = module.exports[{json.dumps(handler)}];
  if (typeof handler !== 'function') {{
    throw new TypeError('action does not export ' + {json.dumps(handler)});
  }}
  globalThis.__invoke = async (event) => {{
    let denied = null;
    const api = {{ access: {{ deny(reason) {{ denied = String(reason); }} }} }};
    await handler(event, api);
    return denied;
  }};
}})();
"""


class QuickjsRsPeer:
    """Peer baseline: run the action in quickjs-rs with a fresh runtime and context per run.

    ``run_once`` drives the handler's promise on an event loop the peer owns, so it must
    not be called from inside a running event loop (use ``run_once_async`` there).
    Call :meth:`close` (or use the peer as a context manager) to release that loop.
    """

    def __init__(self, action_path: Path = IP_ALLOWLIST_ACTION, handler: str = HANDLER_NAME):
        self.action_path = action_path
        self.source = action_path.read_text(encoding="utf-8")
        self._script = commonjs_shim(self.source, handler)
        self._filename = action_path.name
        self._loop = asyncio.new_event_loop()

    def run_once(self, event: dict[str, Any]) -> str | None:
        """Run the action on ``event`` in a fresh runtime; return the deny reason or None."""
        return self._loop.run_until_complete(self.run_once_async(event))

    async def run_once_async(self, event: dict[str, Any]) -> str | None:
        """Do what :meth:`run_once` does, on the caller's running event loop."""
        with Runtime() as runtime:
            # Runtime.new_context is annotated as returning Any; it returns a Context.
            context: Context = runtime.new_context()
            with context:
                context.eval(self._script, filename=self._filename)
                with (
                    context.globals.get_handle("__invoke") as invoke,
                    invoke.call(event) as promise,
                ):
                    settled: Handle = await promise.await_promise()
                with settled:
                    reason = settled.to_python()
        if reason is None or isinstance(reason, str):
            return reason
        raise TypeError(f"action resolved to {reason!r}, expected a string or null")

    def close(self) -> None:
        """Close the event loop ``run_once`` uses."""
        self._loop.close()

    def __enter__(self) -> QuickjsRsPeer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
