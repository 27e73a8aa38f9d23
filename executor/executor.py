"""The Python entry point of shared/contract.md: `Executor(...).run(...)` and `.resume(...)`."""

from __future__ import annotations

import dataclasses
import secrets
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from executor import log
from executor.action import Action
from executor.event import TRIGGER
from executor.flow import FlowRunner, FlowSettings
from executor.packaging import Packager
from executor.result import Result
from executor.sealing import StateSeal
from executor.stores import Store, open_store
from sandbox import EgressPolicy, Limits, Sandbox
from sandbox.errors import ExecutorError
from sandbox.platform.egress import NetRules
from sandbox.sandbox import DEFAULT_LIMITS


def wall_clock_ms() -> int:
    """Epoch milliseconds: the one clock for cache expiry, states and tokens."""
    return time.time_ns() // 1_000_000


class Executor:
    """Runs flows of actions for one trigger, committing their effects to a store.

    `store`: None for the embedded store on local disk, a URL (`redis://host:port/db`,
    `sqlite:///path`) or a Store; `store_path` moves the embedded store's file. `clock`
    returns epoch milliseconds (tests move it). `seal` encrypts suspended flows at rest
    (they hold the actions' code and secrets; see executor/sealing.py). `net` is the
    operator's egress policy: where actions may send requests (default: public addresses
    only; a mapping is read as EgressPolicy.from_config). A run's `net` adds the rules the
    operator gave that tenant; an action's own `net` can only narrow what it runs under.
    `packager` bundles actions that declare npm dependencies or are TypeScript, before they
    run (default: one on the shared cache, made at the first such action).
    """

    def __init__(
        self,
        store: str | Store | None = None,
        *,
        sandbox: Sandbox | None = None,
        settings: FlowSettings | None = None,
        clock: Callable[[], int] = wall_clock_ms,
        store_path: Path | None = None,
        seal: StateSeal | None = None,
        net: EgressPolicy | Mapping[str, Any] | None = None,
        packager: Packager | None = None,
    ) -> None:
        self.net = _policy(net)
        self._packager = packager
        self.store: Store = store if isinstance(store, Store) else open_store(store, store_path)
        self.sandbox = sandbox or Sandbox()
        self.flows = FlowRunner(self.sandbox, self.store, clock, settings or FlowSettings(),
                                seal)

    def run(
        self,
        actions: Sequence[Action],
        event: Any,
        *,
        tenant: str = "default",
        trigger: str = TRIGGER,
        limits: Limits | Mapping[str, int] | None = None,
        net: NetRules | Mapping[str, Any] | None = None,
        execution_id: str | None = None,
    ) -> Result:
        """Runs the actions in order on `event`; returns the result (never raises for a
        failed flow: `result.status == "failed"` and `result.error` say why). `net`: the
        egress rules the operator granted this tenant (sandbox NetRules or their mapping).

        `execution_id` names the execution and makes its commit idempotent: run again with
        the same id, nothing is committed twice and the first result comes back (the worker
        pool passes its job id, so a redelivered job is harmless).
        """
        try:
            resolved = _limits(limits)
            reach = self.net.granted(net if isinstance(net, NetRules)
                                     else NetRules.from_config(net))
        except ExecutorError as err:
            # Refused before any action, but still an execution: it gets an id and its event.
            result = _refused(err, None, execution_id)
        else:
            result = _guarded(lambda: self._start(
                actions, event, tenant, trigger, limits=resolved, net=reach,
                execution_id=execution_id), execution_id)
        log.execution(result, tenant, trigger, "run")
        return result

    def _start(self, actions: Sequence[Action], event: Any, tenant: str, trigger: str, *,
               limits: Limits, net: EgressPolicy, execution_id: str | None) -> Result:
        """Packages the actions that need it, then runs the flow."""
        ready = []
        for action in actions:
            try:
                ready.append(self.packaged(action))
            except ExecutorError as err:
                return _refused(err, action.name, execution_id)
        return self.flows.start(ready, event, tenant, trigger, limits, net=net,
                                execution_id=execution_id)

    def packaged(self, action: Action) -> Action:
        """The action ready to run: bundled with its npm dependencies (or compiled from
        TypeScript) when it declares them; InvalidAction when that fails (npm's reason).
        """
        if not action.needs_packaging:
            return action
        if self._packager is None:
            self._packager = Packager()
        bundle = self._packager.package(action.code, action.dependencies, action.language)
        return dataclasses.replace(action, code=bundle.code, source_map=bundle.source_map)

    def resume(self, state: str, request: Mapping[str, Any], *, tenant: str | None = None,
               execution_id: str | None = None) -> Result:
        """Continues a suspended flow. With `tenant`, a state of another tenant is refused;
        `execution_id` as in `run`.
        """
        result = _guarded(lambda: self.flows.resume(state, request, tenant, net=self.net,
                                                    execution_id=execution_id), execution_id)
        # The flow's own tenant once its state is found, even when the caller gave none.
        log.execution(result, result.tenant or tenant or "", TRIGGER, "resume")
        return result

    def close(self) -> None:
        """Closes the store's connections; idempotent."""
        self.store.close()

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _guarded(flow: Callable[[], Result], execution_id: str | None) -> Result:
    """A bug below us (or a store raising something unexpected) still answers with the
    contract's `internal` error instead of an exception in the caller's request; the
    traceback goes to the log, which never carries secrets or values.
    """
    try:
        return flow()
    except Exception:
        log.log.exception("execution_crashed", execution_id=execution_id)
        return Result("failed", error={"type": "internal", "message": "internal error: see "
                                       "the executor's log", "action": None},
                      execution_id=execution_id or secrets.token_hex(8))


def _refused(err: ExecutorError, action: str | None, execution_id: str | None) -> Result:
    """A run refused before any action ran: still an execution, with an id."""
    return Result("failed", error=err.to_dict(action),
                  execution_id=execution_id or secrets.token_hex(8))


def _policy(net: EgressPolicy | Mapping[str, Any] | None) -> EgressPolicy:
    if isinstance(net, EgressPolicy):
        return net
    return EgressPolicy.from_config(net)


def _limits(limits: Limits | Mapping[str, int] | None) -> Limits:
    if isinstance(limits, Limits):
        return limits
    return DEFAULT_LIMITS.override(limits)
