"""Putting the workload where the workers find it, and taking it away again.

- `warm_programs`: every distinct source loaded once in this process, so the on-disk
  program cache holds its snapshot before any worker starts (a cold compile costs seconds
  per source and would otherwise land on the clock, in every worker at once).
- `deploy`: each tenant's actions and binding through the Registry, as an operator's
  deploys would; `create_keys`: each tenant's API key (for the HTTP mode).
- `touch`: one execution per tenant, all submitted at once and then awaited, so that every
  tenant's stream exists and the workers read it before the clock starts. A tenant's very
  first job waits for the reader to notice its new stream (about a second); one at a time,
  10,000 tenants would take hours.
- `forget`: on a Redis the harness did not start, removes what the run left: its tenants'
  registry entries, streams, caches, the keys it made. Every tenant name of a run holds
  its random run id, so nothing of anyone else's matches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from executor.bench.errors import BenchError
from executor.bench.workload import Tenant, Workload
from executor.event import TRIGGER
from executor.pool.jobs import TENANTS_KEY, stream_key
from executor.registry import Registry

Tick = Callable[[int], None]
"""Told how many tenants were just done (for a progress display)."""


def warm_programs(sources: Iterable[tuple[str, dict[str, int] | None]]) -> None:
    """Loads each (source, limits) once in a throwaway sandbox: fills the on-disk cache."""
    from sandbox import Limits, Sandbox  # noqa: PLC0415 - wasmtime only when needed

    with Sandbox() as sandbox:
        for code, limits in sources:
            sandbox.load_action(code, Limits().override(limits))


def deploy(redis_url: str, secret_key: str, tenants: Iterable[Tenant],
           tick: Tick | None = None) -> None:
    """Deploys and binds every tenant's actions (secrets encrypted with `secret_key`)."""
    with Registry(redis_url, secret_key=secret_key) as registry:
        for tenant in tenants:
            for planned in tenant.actions:
                registry.deploy(tenant.name, planned.name, planned.kind.code,
                                dict(planned.secrets), planned.kind.limits)
            registry.bind(tenant.name, TRIGGER, [a.name for a in tenant.actions])
            if tick:
                tick(1)


def touch(redis_url: str, workload: Workload, timeout_s: float) -> None:
    """Submits one execution per tenant, then waits for each result (BenchError if one
    does not come within `timeout_s` of the previous).
    """
    from executor.pool.client import PoolClient  # noqa: PLC0415 - redis-py on demand
    from sandbox.errors import Timeout  # noqa: PLC0415

    events = workload.events
    with PoolClient(redis_url) as pool:
        ids = [pool.submit(t.name, TRIGGER, events[t.index % len(events)])
               for t in workload.tenants]
        for done, job in enumerate(ids):
            try:
                pool.wait(job, timeout_s=timeout_s)
            except Timeout:
                raise BenchError(f"warm-up: {done} of {len(ids)} tenants answered, then "
                                 f"nothing for {timeout_s:g} s") from None


def create_keys(redis_url: str, secret_key: str, tenants: Iterable[Tenant]) -> dict[str, str]:
    """An API key per tenant, made in the registry (as POST .../keys does)."""
    with Registry(redis_url, secret_key=secret_key) as registry:
        return {tenant.name: registry.create_key(tenant.name) for tenant in tenants}


def forget(redis_url: str, secret_key: str, run_id: str, keys: Iterable[str]) -> None:
    """Deletes every key naming the run's tenants, and the API keys it created."""
    import redis  # noqa: PLC0415 - redis-py on demand

    with Registry(redis_url, secret_key=secret_key) as registry:
        for key in keys:
            registry.revoke_key(key)
    with redis.Redis.from_url(redis_url, socket_timeout=10) as raw:
        names = [m for m in raw.smembers(TENANTS_KEY) if run_id.encode() in m]
        if names:
            raw.srem(TENANTS_KEY, *names)
            raw.delete(*(stream_key(n.decode()) for n in names))
        batch = []
        for key in raw.scan_iter(match=f"*{run_id}*", count=1000):
            batch.append(key)
            if len(batch) >= 500:
                raw.delete(*batch)
                batch.clear()
        if batch:
            raw.delete(*batch)
