"""Flows: actions in order, suspensions, continue requests, and the one commit at the end.

start(actions, event)           resume(state, request)
│                               │ load + check the state (tenant, expiry)
▼                               ▼
action 0 .. n  ── each: sandbox.execute(handler, event copy + own secrets, ActionApi)
│   deny → stop (denied)   challenge/redirect/prompt → stop (suspended, new state)
▼
commit: cache writes + consumed state + new state, atomically; failed → nothing
"""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from executor import event as events
from executor.action import Action
from executor.api import ActionApi
from executor.cache import CacheLimits, CacheSession
from executor.effects import FACTOR_TYPES, Challenge, FactorPolicy, Prompt, Redirect, with_query
from executor.result import ActionReport, Result
from executor.sealing import StateSeal
from executor.state import FlowState, new_state_id
from executor.stores.base import (
    AlreadyCommitted,
    CacheEntry,
    Commit,
    CommittedLookup,
    Namespace,
    NewState,
    StateGone,
    Store,
)
from sandbox import EgressPolicy, Limits, Sandbox
from sandbox.codec import pack, unpack
from sandbox.errors import (
    ExecutorError,
    InvalidAction,
    InvalidEvent,
    InvalidState,
    StoreUnavailable,
    Timeout,
)
from sandbox.platform.egress import NetRules

NAME_CHARS = 64
TICK_MS = 10


@dataclass(frozen=True)
class FlowSettings:
    """Per-executor flow rules. Defaults are Auth0's published limits where it has them."""

    flow_timeout_ms: int = 20_000  # one run, or one resume: before and after a redirect
    state_ttl_ms: int = 10 * 60_000
    max_actions: int = 20
    max_secrets: int = 30
    max_secret_name: int = 128
    max_secret_value: int = 4096
    enabled_factors: frozenset[str] = FACTOR_TYPES
    cache: CacheLimits = field(default_factory=CacheLimits)


@dataclass
class FlowRun:
    """One execution: a run, or a resume up to the flow's end or its next suspension."""

    namespace: Namespace
    actions: tuple[Action, ...]
    event: dict[str, Any]
    limits: Limits
    net: EgressPolicy
    cache: CacheSession
    consume: str | None = None
    result_url: str | None = None
    satisfied: tuple[str, ...] = ()
    spent_ms: float = 0.0
    reports: list[ActionReport] = field(default_factory=list)
    execution_id: str = field(default_factory=lambda: secrets.token_hex(8))
    idempotency_key: str | None = None  # set when the caller named the execution


class FlowRunner:
    """Runs and resumes flows on one sandbox and one store."""

    def __init__(self, sandbox: Sandbox, store: Store, clock: Callable[[], int],
                 settings: FlowSettings, seal: StateSeal | None = None) -> None:
        self.sandbox = sandbox
        self.store = store
        self.clock = clock
        self.settings = settings
        self.seal = seal  # suspended flows hold code and secrets: sealed at rest if given

    # ---- entry points
    def start(self, actions: Sequence[Action], event: Any, tenant: str, trigger: str,
              limits: Limits, *, net: EgressPolicy, execution_id: str | None = None) -> Result:
        """Runs a flow from its first action, its outbound requests within `net`. An
        `execution_id` makes the commit idempotent: run again with the same id, the flow
        commits nothing and returns the first result.
        """
        try:
            namespace = Namespace(tenant, trigger)
            if trigger != events.TRIGGER:
                raise InvalidEvent(f"unknown trigger {trigger[:64]!r}; this executor runs "
                                   f"{events.TRIGGER}")
            self._check_actions(actions)
            prepared = events.prepare(event, tenant)
        except ExecutorError as err:
            return _failed_early(err, execution_id)
        run = FlowRun(namespace, tuple(actions), prepared, limits, net, self._cache(namespace),
                      **_named(execution_id))
        return self._run_from(run, 0, events.ON_EXECUTE)

    def resume(self, state_id: str, request: Any, tenant: str | None, *,
               net: EgressPolicy, execution_id: str | None = None) -> Result:
        """Continues a suspended flow with the browser's new request, its requests within
        both `net` and the policy it was suspended under (`execution_id`: as in start).
        """
        try:
            flow = self._load_state(state_id, tenant)
            event = events.with_request(flow.event, request)
            start, handler, satisfied = self._continue_point(flow, request)
            limits = Limits().override(flow.limits)
            net = EgressPolicy.from_config(flow.net).bounded_by(net)
            prompt = request.get("prompt") if flow.kind == "prompt" else None
            if prompt is not None and not isinstance(prompt, dict):
                raise InvalidEvent("request.prompt must be an object")  # event.prompt's type
        except InvalidState as err:
            # Resumed again under the same id: the first resume consumed the state.
            return self._replayed(execution_id) or _failed_early(err, execution_id)
        except ExecutorError as err:
            return _failed_early(err, execution_id)
        namespace = Namespace(flow.tenant, flow.trigger)
        run = FlowRun(namespace, flow.actions, event, limits, net, self._cache(namespace),
                      consume=state_id, result_url=flow.result_url, satisfied=satisfied,
                      **_named(execution_id))
        return self._run_from(run, start, handler, prompt)

    def _replayed(self, execution_id: str | None) -> Result | None:
        """The result an execution with this id committed, if one did."""
        if execution_id is None or not isinstance(self.store, CommittedLookup):
            return None
        try:
            earlier = self.store.committed(execution_id, self.clock())
        except StoreUnavailable:
            return None  # the caller gets the state's own error
        return None if earlier is None else unpack_outcome(earlier)

    # ---- checks
    def _check_actions(self, actions: Sequence[Action]) -> None:
        s = self.settings
        if not actions:
            raise InvalidAction("a flow needs at least one action")
        if len(actions) > s.max_actions:
            raise InvalidAction(f"{len(actions)} actions bound; the limit is {s.max_actions}")
        for action in actions:
            if not isinstance(action.name, str) or not 0 < len(action.name) <= NAME_CHARS:
                raise InvalidAction(f"action names must be 1 to {NAME_CHARS} characters")
            if not isinstance(action.code, str):
                raise InvalidAction(f"action {action.name}: code must be a string")
            if action.needs_packaging:  # Executor.run packages actions before flows start
                raise InvalidAction(f"action {action.name}: its dependencies or TypeScript "
                                    "need packaging first (executor.packaging)")
            if action.net is not None:
                NetRules.from_config(action.net)  # refused here, typed, before any runs
            if len(action.secrets) > s.max_secrets:
                raise InvalidAction(f"action {action.name}: more than {s.max_secrets} secrets")
            for key, value in action.secrets.items():
                if not isinstance(key, str) or not 0 < len(key) <= s.max_secret_name:
                    raise InvalidAction(f"action {action.name}: secret names must be 1 to "
                                        f"{s.max_secret_name} characters")
                if not isinstance(value, str) or len(value) > s.max_secret_value:
                    raise InvalidAction(f"action {action.name}: secret {key} must be a string "
                                        f"of at most {s.max_secret_value} characters")

    def _load_state(self, state_id: Any, tenant: str | None) -> FlowState:
        unknown = InvalidState("the state is unknown, expired or already used")
        if not isinstance(state_id, str) or not 0 < len(state_id) <= 128:
            raise unknown
        payload = self.store.state_get(state_id, self.clock())
        if payload is None:
            raise unknown
        flow = FlowState.from_bytes(payload if self.seal is None else self.seal.open(payload))
        if tenant is not None and flow.tenant != tenant:
            raise unknown  # the same answer as for a missing state: nothing to probe
        return flow

    def _continue_point(self, flow: FlowState, request: Any) -> tuple[int, str, tuple[str, ...]]:
        if flow.kind != "challenge":
            return flow.position, events.ON_CONTINUE, flow.satisfied
        challenge = request.get("challenge") if isinstance(request, dict) else None
        completed = challenge.get("completed") if isinstance(challenge, dict) else None
        if not isinstance(completed, list) or not all(isinstance(c, str) for c in completed):
            raise InvalidEvent("request.challenge.completed must list the completed factors")
        if not set(completed) & set(flow.challenged):
            raise InvalidEvent("the continue request does not complete the challenge "
                               f"(offered: {', '.join(flow.challenged)})")
        # Only offered factors become satisfied: the continue body is the browser's word, and
        # an unoffered factor claimed there would be skipped by every later challenge.
        done = tuple(dict.fromkeys(c for c in completed if c in flow.challenged))
        return flow.position + 1, events.ON_EXECUTE, (*flow.satisfied, *done)

    def _cache(self, namespace: Namespace) -> CacheSession:
        return CacheSession(self.store, namespace, self.clock, self.settings.cache)

    # ---- running
    def _run_from(self, run: FlowRun, start: int, handler: str,
                  prompt: Any = None) -> Result:
        for index in range(start, len(run.actions)):
            action = run.actions[index]
            current = handler if index == start else events.ON_EXECUTE
            try:
                api = self._run_action(run, action, current, prompt if index == start else None)
            except InvalidEvent as err:  # refused before it ran (e.g. over the input cap)
                return _failed(run, err, None)
            except ExecutorError as err:
                run.reports.append(_error_report(action.name, current, err))
                return _failed(run, err, action.name)
            if api is None:
                continue
            effects = api.effects
            if effects.result_url is not None:
                run.result_url = effects.result_url  # the last call wins
            if effects.deny is not None:
                return self._commit(run, "denied", deny={"reason": effects.deny})
            if effects.suspension is not None:
                return self._suspend(run, index, effects.suspension)
        return self._commit(run, "completed")

    def _run_action(self, run: FlowRun, action: Action, handler: str,
                    prompt: Any) -> ActionApi | None:
        """Runs one handler; None when it is the optional onContinuePostChallenge and the
        action does not have it (the flow goes on with the next action).
        """
        # Spent time rounds up to the epoch tick (10 ms): limits repeat, and so do the
        # payload entries packed once per (handler, limits).
        spent = -(-int(run.spent_ms) // TICK_MS) * TICK_MS
        remaining = self.settings.flow_timeout_ms - spent
        if remaining <= 0:
            raise Timeout(f"the flow ran past its {self.settings.flow_timeout_ms} ms limit")
        limits = run.limits.override(action.limits).with_timeout(remaining)
        program = self.sandbox.load_action(action.code, limits, source_map=action.source_map)
        if handler not in program.exports:
            if handler == events.ON_CONTINUE:
                return None
            raise InvalidAction(f"the action does not export a function named {handler}")
        event: dict[str, Any] = {**run.event, "secrets": dict(action.secrets)}
        if prompt is not None:
            event["prompt"] = prompt
        policy = FactorPolicy(_enrolled(run.event), self.settings.enabled_factors,
                              frozenset(run.satisfied))
        api = ActionApi(event, run.cache, policy, self.clock, state=run.consume)
        egress = run.net if action.net is None else run.net.narrowed(
            NetRules.from_config(action.net))
        try:
            outcome = self.sandbox.execute(program, event, handler=handler, host=api,
                                           limits=limits, egress=egress)
        except ExecutorError as err:
            run.spent_ms += err.details.report.wall_ms
            raise
        run.spent_ms += outcome.report.wall_ms
        api.apply_recorded(outcome.calls)
        run.reports.append(ActionReport(
            action.name, handler, "ok", outcome.report.wall_ms, outcome.report.fuel,
            outcome.report.memory_bytes, outcome.logs, requests=outcome.report.requests))
        return api

    def _suspend(self, run: FlowRun, index: int, suspension: Challenge | Redirect | Prompt
                 ) -> Result:
        state_id = new_state_id()
        kind, fields = _suspension_fields(suspension, state_id)
        flow = FlowState(
            run.namespace.tenant, run.namespace.trigger, kind, index, run.actions, run.event,
            result_url=run.result_url,
            challenged=suspension.types if isinstance(suspension, Challenge) else (),
            satisfied=run.satisfied, limits=_limit_overrides(run.limits),
            net=run.net.to_config())
        record = flow.to_bytes() if self.seal is None else self.seal.seal(flow.to_bytes())
        new = NewState(state_id, record, self.clock() + self.settings.state_ttl_ms)
        return self._commit(run, kind, new, state=state_id, **fields)

    def _commit(self, run: FlowRun, status: str, new_state: NewState | None = None,
                **fields: Any) -> Result:
        sets, deletes = run.cache.pending()
        result = Result(status, result_url=run.result_url, cache_set=sets,
                        cache_deleted=deletes, actions=tuple(run.reports),
                        execution_id=run.execution_id, tenant=run.namespace.tenant, **fields)
        key = run.idempotency_key
        try:
            if sets or deletes or run.consume or new_state:
                self.store.commit(Commit(run.namespace, self.clock(), sets, deletes,
                                         run.consume, new_state, idempotency_key=key,
                                         outcome=None if key is None else pack_outcome(result)))
        except AlreadyCommitted as done:
            # A redelivered job: its first run committed; answer as that run did.
            return unpack_outcome(done.outcome)
        except StateGone:
            return _failed(run, InvalidState("the state was used by another request"), None)
        except StoreUnavailable as err:
            return _failed(run, err, None)
        return result


def pack_outcome(result: Result) -> bytes:
    """The result as an idempotency marker keeps it (msgpack: the result object + ids)."""
    return pack({**result.to_dict(), "execution_id": result.execution_id,
                 "tenant": result.tenant})


def unpack_outcome(blob: bytes) -> Result:
    """The Result that `pack_outcome` stored."""
    out = unpack(blob)
    cache = out["cache"]
    return Result(
        out["status"], state=out["state"], deny=out["deny"], challenge=out["challenge"],
        redirect=out["redirect"], prompt=out["prompt"], result_url=out["result_url"],
        cache_set={k: CacheEntry(e["value"], e["expires_at"]) for k, e in cache["set"].items()},
        cache_deleted=tuple(cache["deleted"]),
        actions=tuple(ActionReport.from_dict(a) for a in out["actions"]),
        error=out["error"], execution_id=out["execution_id"], tenant=out["tenant"])


def _named(execution_id: str | None) -> dict[str, Any]:
    """FlowRun's id fields for an execution the caller named (idempotent), else none."""
    if execution_id is None:
        return {}
    return {"execution_id": execution_id, "idempotency_key": execution_id}


def _suspension_fields(suspension: Challenge | Redirect | Prompt, state_id: str
                       ) -> tuple[str, dict[str, Any]]:
    if isinstance(suspension, Challenge):
        return "challenge", {"challenge": {"mode": suspension.mode,
                                           "factors": list(suspension.factors)}}
    if isinstance(suspension, Redirect):
        url = with_query(suspension.url, {**suspension.query, "state": state_id})
        return "redirect", {"redirect": {"url": url}}
    return "prompt", {"prompt": {"id": suspension.id, "fields": suspension.fields,
                                 "vars": suspension.vars}}


def _enrolled(event: Mapping[str, Any]) -> frozenset[str] | None:
    factors = event["user"].get("enrolledFactors")
    if factors is None:
        return None  # unknown: Auth0 does not filter on enrollment then
    return frozenset(str(f.get("type")) for f in factors if isinstance(f, dict))


def _limit_overrides(limits: Limits) -> dict[str, int] | None:
    default = Limits()
    changed = {f.name: getattr(limits, f.name) for f in dataclasses.fields(limits)
               if getattr(limits, f.name) != getattr(default, f.name)}
    return changed or None


def _error_report(name: str, handler: str, err: ExecutorError) -> ActionReport:
    r = err.details.report
    return ActionReport(name, handler, "error", r.wall_ms, r.fuel, r.memory_bytes,
                        err.details.logs, _error_dict(err, name), r.requests)


def _error_dict(err: ExecutorError, action: str | None) -> dict[str, Any]:
    out: dict[str, Any] = err.to_dict(action)
    if err.details.stack:
        out["stack"] = err.details.stack
    return out


def _failed(run: FlowRun, err: ExecutorError, action: str | None) -> Result:
    return Result("failed", error=err.to_dict(action), actions=tuple(run.reports),
                  execution_id=run.execution_id, tenant=run.namespace.tenant)


def _failed_early(err: ExecutorError, execution_id: str | None = None) -> Result:
    return Result("failed", error=err.to_dict(None),
                  execution_id=execution_id or secrets.token_hex(8))
