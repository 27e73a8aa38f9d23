"""Where executions run: the worker pool ("queue") or the service's own threads ("inprocess").

Both answer with the contract's result object (a dict) and are blocking: the app calls them
in its thread pool. Both raise sandbox.errors for what is not a result: StoreUnavailable
(Redis away before anything ran), Timeout (queue: no worker answered in time), InvalidEvent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from executor.executor import Executor
from executor.pool.client import PoolClient
from executor.registry import Registry
from executor.result import Result
from executor.sealing import StateSeal
from executor.stores.redis import RedisStore
from sandbox import EgressPolicy, Sandbox
from sandbox.errors import ExecutorError, PlatformFault


class Backend(Protocol):
    """Runs executions for the service."""

    def execute(self, tenant: str, trigger: str, event: Any) -> dict[str, Any]:
        """Runs the actions bound to the tenant's trigger on `event`."""

    def resume(self, tenant: str, state: str, request: Mapping[str, Any]) -> dict[str, Any]:
        """Continues a suspended flow of this tenant (a foreign state is invalid_state)."""

    def close(self) -> None:
        """Releases connections; idempotent."""


class QueueBackend:
    """Submits to the tenant's job stream and waits for a worker's result."""

    def __init__(self, redis_url: str, timeout_s: float) -> None:
        self.pool = PoolClient(redis_url)
        self.timeout_s = timeout_s

    def execute(self, tenant: str, trigger: str, event: Any) -> dict[str, Any]:
        """Via a worker; Timeout after `timeout_s`."""
        return self.pool.execute(tenant, trigger, event, timeout_s=self.timeout_s)

    def resume(self, tenant: str, state: str, request: Mapping[str, Any]) -> dict[str, Any]:
        """Via a worker; Timeout after `timeout_s`."""
        return self.pool.resume(tenant, state, request, timeout_s=self.timeout_s)

    def close(self) -> None:
        """Closes the pool client."""
        self.pool.close()


class InprocessBackend:
    """Resolves the trigger's actions in the registry and runs them here, on a RedisStore:
    the same store, hence the same cache and states, as the workers use.
    """

    def __init__(self, redis_url: str, registry: Registry, sandbox: Sandbox | None,
                 net: EgressPolicy) -> None:
        self.registry = registry
        self.executor = Executor(RedisStore(redis_url), sandbox=sandbox,
                                 seal=StateSeal(registry.fernet), net=net)

    def execute(self, tenant: str, trigger: str, event: Any) -> dict[str, Any]:
        """Runs the bound actions' current versions; a platform fault while resolving them
        is raised (nothing ran), any other (nothing bound...) is a failed result, as the
        worker answers it.
        """
        try:
            deployed, net = self.registry.resolve_with_net(tenant, trigger)
        except PlatformFault:
            raise
        except ExecutorError as err:
            return Result("failed", error=err.to_dict(None)).to_dict()
        return self.executor.run([d.action() for d in deployed], event, tenant=tenant,
                                 trigger=trigger, net=net).to_dict()

    def resume(self, tenant: str, state: str, request: Mapping[str, Any]) -> dict[str, Any]:
        """Resumes with `tenant`, so another tenant's state is refused as unknown."""
        return self.executor.resume(state, request, tenant=tenant).to_dict()

    def close(self) -> None:
        """Closes the store (the registry is the app's to close)."""
        self.executor.close()
