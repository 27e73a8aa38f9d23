"""The janitor: a thread in each worker that recovers the jobs of dead workers.

Every tick it (1) refreshes this worker's entry `exec:worker:<id>`, (2) renews the leases of
the jobs this worker holds, and (3) claims, on every tenant stream, the jobs pending longer
than `claim_idle_ms` (XAUTOCLAIM): their worker died or lost Redis. A claimed job delivered
more than `max_deliveries` times is dead-lettered instead of run.

A lease is the idle time of a pending entry. Renewing it (XCLAIM ... JUSTID by the owner,
which resets the idle time without counting a delivery) is what keeps a job that waits in
this worker's queue, or runs long, from being claimed by another worker while this one is
alive; only a dead worker's jobs go idle.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import redis
import structlog

from executor.pool.connection import Guard, lua
from executor.pool.jobs import GROUP, Delivery, stream_key, worker_key
from executor.pool.runner import JobRunner
from executor.pool.slots import Slots
from executor.pool.tenants import Tenants

log = structlog.get_logger("executor.pool")

RENEW_LUA = lua("renew.lua")
PENDING_LUA = lua("pending.lua")


class Janitor(threading.Thread):
    """Heartbeat, lease renewal and claims; see the module docstring.

    It runs until `done` is set, which the worker does after its last job is answered (so
    leases are renewed while in-flight jobs finish); it claims nothing once `stopping` is.
    """

    def __init__(self, *, client: redis.Redis, worker_id: str, tenants: Tenants,
                 slots: Slots, runner: JobRunner, dispatch: Callable[[Delivery], bool],
                 claim_idle_ms: int,
                 max_deliveries: int, stopping: threading.Event) -> None:
        super().__init__(name="janitor", daemon=True)
        self.client = client
        self.worker_id = worker_id
        self.tenants = tenants
        self.slots = slots
        self.runner = runner
        self.dispatch = dispatch
        self.claim_idle_ms = claim_idle_ms
        self.max_deliveries = max_deliveries
        self.stopping = stopping
        self.done = threading.Event()
        # A quarter of the claim idle time: a lease is renewed at least three times before
        # it could lapse; at most 5 s, the heartbeat's pace.
        self.interval_s = min(claim_idle_ms / 4000, 5.0)
        self.ttl_s = max(10, int(self.interval_s * 3) + 1)
        self.started_ms = time.time_ns() // 1_000_000
        self._renew = client.register_script(RENEW_LUA)
        self._pending = client.register_script(PENDING_LUA)
        self._cursors: dict[str, str] = {}

    def run(self) -> None:
        """Tick until done."""
        structlog.contextvars.bind_contextvars(worker=self.worker_id)
        guard = Guard("janitor", self.done, self.tenants.forget)
        while not self.done.wait(self.interval_s):
            guard.step(self.tick)

    def tick(self) -> None:
        """One round: heartbeat, leases, claims."""
        self.heartbeat()
        self.renew_leases()
        if not self.stopping.is_set():
            for tenant in self.with_pending(self.tenants.known()):
                self.claim(tenant)

    def with_pending(self, tenants: list[str]) -> list[str]:
        """The tenants whose streams hold delivered, unacknowledged jobs (pending.lua)."""
        if not tenants:
            return []
        found = self._pending(keys=[stream_key(t) for t in tenants], args=[GROUP])
        return [tenants[int(i) - 1] for i in found]

    def heartbeat(self) -> None:
        """Write this worker's entry (its existence is also how tests see it is ready)."""
        key = worker_key(self.worker_id)
        with self.client.pipeline(transaction=True) as pipe:
            pipe.hset(key, mapping={"pid": os.getpid(), "host": socket.gethostname(),
                                    "started_ms": self.started_ms,
                                    "concurrency": self.slots.concurrency})
            pipe.expire(key, self.ttl_s)
            pipe.execute()

    def renew_leases(self) -> None:
        """Reset the idle time of every entry this worker holds and still owns."""
        for tenant, entry_ids in self.slots.held().items():
            self._renew(keys=[stream_key(tenant)], args=[GROUP, self.worker_id, *entry_ids])

    def claim(self, tenant: str) -> None:
        """Claim the tenant's jobs idle past claim_idle_ms, as many as there is room for."""
        room = self.slots.free()
        if room <= 0:
            return
        stream = stream_key(tenant)
        reply: list[Any] = self.client.xautoclaim(
            stream, GROUP, self.worker_id, min_idle_time=self.claim_idle_ms,
            start_id=self._cursors.get(tenant, "0-0"), count=room)
        # The cursor goes on where this scan stopped; 0-0 when it went through the list.
        self._cursors[tenant] = _text(reply[0])
        entries = [(_text(entry_id), fields) for entry_id, fields in reply[1]
                   if fields is not None]
        if not entries:
            return
        with self.client.pipeline(transaction=False) as pipe:
            for entry_id, _ in entries:
                pipe.xpending_range(stream, GROUP, min=entry_id, max=entry_id, count=1)
            pending = pipe.execute()
        for (entry_id, fields), info in zip(entries, pending, strict=True):
            deliveries = int(info[0]["times_delivered"]) if info else 1
            self._claimed(Delivery(tenant, entry_id, fields, deliveries))

    def _claimed(self, delivery: Delivery) -> None:
        """Run a claimed job again, or dead-letter it when it was delivered too often."""
        attempts = delivery.deliveries - 1  # this delivery has not run yet
        if attempts >= self.max_deliveries:
            self.runner.dead_letter(delivery, attempts)
            return
        if self.dispatch(delivery):  # not when it is one of our own (a lapsed lease)
            log.info("job_claimed", tenant=delivery.tenant, entry=delivery.entry_id,
                     deliveries=delivery.deliveries)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
