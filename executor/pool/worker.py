"""One pool worker process: a reader thread, worker threads in two lanes and a janitor.

    reader ── XREADGROUP (all tenant streams, COUNT 1, BLOCK 1 s) ─┬► fast lane ─► threads
      ▲ refreshes exec:tenants every loop         heavy tenants (lanes.py) └► slow lane ─► threads
      │                                                                    (nice +10) │ run,
      │                                                                       publish, ▼ XACK
    janitor ── heartbeat, lease renewal, XAUTOCLAIM of dead workers' jobs ──► a lane

The main thread only waits for a signal. SIGTERM or SIGINT raise Shutdown there; the worker
then stops reading (the blocking read returns within 1 s), lets the jobs it holds finish and
be acknowledged, and exits 0.
"""

from __future__ import annotations

import bisect
import contextlib
import math
import os
import queue
import secrets
import signal
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from types import FrameType
from typing import Any, cast

import redis
import structlog

from executor.executor import Executor
from executor.pool.connection import Guard, connect, lua
from executor.pool.janitor import Janitor
from executor.pool.jobs import GROUP, STREAM_PREFIX, Delivery, stream_key, worker_key
from executor.pool.lanes import Lanes, lower_this_threads_priority
from executor.pool.runner import JobRunner
from executor.pool.slots import Slots
from executor.pool.tenants import Tenants
from executor.redisclient import address
from executor.registry import Registry
from executor.sealing import StateSeal
from executor.stores.redis import RedisStore
from sandbox import CacheSettings, EgressPolicy, Sandbox
from sandbox.platform.egress import DEFAULT as DEFAULT_EGRESS

log = structlog.get_logger("executor.pool")

BLOCK_MS = 1000
"""How long one read waits for a job: bounds how late a new tenant or a shutdown is seen."""
POLL_S = 0.05
"""While a tenant is capped, the longest wait between reads that found nothing."""
TAKE_LUA = lua("take.lua")
WORKER_CACHE = CacheSettings(capacity=100_000, memory_bytes=1024 * 1024 * 1024, snapshot_after=5)
"""Tiered: an action is snapshotted once it ran 5 times within a minute (see program.py)."""


@dataclass(frozen=True)
class WorkerSettings:
    """How a worker runs. `per_tenant` defaults to ceil(concurrency / 2): no tenant can take
    every thread of a worker while another tenant has jobs waiting.
    """

    redis_url: str
    concurrency: int = field(default_factory=lambda: os.cpu_count() or 2)
    claim_idle_ms: int = 30_000  # longer than one flow may run (20 s)
    max_deliveries: int = 5
    per_tenant: int | None = None
    heavy_ms: float = 50.0
    """A tenant whose jobs average longer than this runs in the slow lane (lanes.py)."""
    cache: CacheSettings = WORKER_CACHE
    """Loaded actions: tiered, so a worker serving thousands of actions snapshots only the
    hot ones and stays within its memory budget (see sandbox/program.py)."""
    net: EgressPolicy = DEFAULT_EGRESS
    """The operator's egress policy for every tenant (a tenant's own grants come from the
    registry, an action's deploy may narrow them)."""

    def __post_init__(self) -> None:
        for name in ("concurrency", "claim_idle_ms", "max_deliveries"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.per_tenant is not None and self.per_tenant < 1:
            raise ValueError("per_tenant must be at least 1")

    @property
    def tenant_cap(self) -> int:
        """Jobs one tenant may hold in this worker at once."""
        return self.per_tenant or max(1, math.ceil(self.concurrency / 2))


class Shutdown(BaseException):
    """Raised in the main thread by SIGTERM or SIGINT to stop the worker gracefully.

    A BaseException, as KeyboardInterrupt is, so that no `except Exception` between the
    signal and `Worker.serve` (in redis-py, structlog or our own loops) can swallow it.
    """


class Worker:
    """A worker process's parts, and their start and graceful stop (see the module)."""

    def __init__(self, settings: WorkerSettings, *, sandbox: Sandbox | None = None) -> None:
        self.settings = settings
        self.id = f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}"
        self.client = connect(settings.redis_url)
        self.registry = Registry(settings.redis_url)  # ValueError without a secret key
        self.store = RedisStore(settings.redis_url)
        self.executor = Executor(self.store, sandbox=sandbox or Sandbox(cache=settings.cache),
                                 seal=StateSeal(self.registry.fernet), net=settings.net)
        self.slots = Slots(settings.concurrency, settings.tenant_cap)
        self.tenants = Tenants(self.client)
        self.take = self.client.register_script(TAKE_LUA)  # the reader's (Reader.step)
        self.lanes = Lanes(settings.heavy_ms)
        self.queue: queue.Queue[Delivery | None] = queue.Queue()
        self.slow_queue: queue.Queue[Delivery | None] = queue.Queue()
        self.stopping = threading.Event()
        self.runner = JobRunner(self.client, registry=self.registry, executor=self.executor,
                                worker_id=self.id, worker_ttl_s=60)
        self.janitor = Janitor(
            client=self.client, worker_id=self.id, tenants=self.tenants, slots=self.slots,
            runner=self.runner, dispatch=self.dispatch,
            claim_idle_ms=settings.claim_idle_ms, max_deliveries=settings.max_deliveries,
            stopping=self.stopping)
        self.runner.worker_ttl_s = self.janitor.ttl_s
        self.reader = Reader(self)
        # As many slow-lane threads as fast ones: the slots, not the threads, bound the jobs.
        self.threads = [WorkerThread(self, n, self.queue) for n in range(settings.concurrency)]
        self.threads += [WorkerThread(self, n, self.slow_queue, slow=True)
                         for n in range(settings.concurrency)]
        self._signalled = False

    def serve(self) -> int:
        """Run until SIGTERM or SIGINT; return the exit status (0)."""
        structlog.contextvars.bind_contextvars(worker=self.id)
        previous = {sig: signal.signal(sig, self._on_signal)
                    for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            self.start()
            while True:
                time.sleep(1.0)  # the signal handler raises Shutdown out of this
        except Shutdown as stop:
            held = sum(len(ids) for ids in self.slots.held().values())
            log.info("worker_stopping", signal=str(stop), held=held)
        finally:
            self.stop()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return 0

    def start(self) -> None:
        """Start the threads; the worker's entry in Redis says it is ready."""
        for thread in self.threads:
            thread.start()
        self.janitor.start()
        self.reader.start()
        self._heartbeat()
        s = self.settings
        log.info("worker_started", pid=os.getpid(), redis=address(self.client),
                 concurrency=s.concurrency, per_tenant=s.tenant_cap,
                 claim_idle_ms=s.claim_idle_ms, max_deliveries=s.max_deliveries)

    def stop(self) -> None:
        """Stop reading, let held jobs finish and be acknowledged, release everything."""
        self.stopping.set()
        self.slots.wake()
        if self.reader.is_alive():
            self.reader.join()
        for thread in self.threads:
            thread.jobs.put(None)  # after every job already queued
        for thread in self.threads:
            if thread.is_alive():
                thread.join()
        self.janitor.done.set()  # leases were renewed until the last job was answered
        if self.janitor.is_alive():
            self.janitor.join()
        self._forget_self()
        self.executor.close()
        self.executor.sandbox.close()
        self.registry.close()
        self.client.close()
        log.info("worker_stopped")

    def dispatch(self, delivery: Delivery) -> bool:
        """Hand a delivery to the worker threads; False when it is held already."""
        if not self.slots.take(delivery.tenant, delivery.entry_id):
            return False
        (self.slow_queue if self.lanes.heavy(delivery.tenant) else self.queue).put(delivery)
        return True

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self._signalled:
            return  # stopping already: the held jobs still get to finish
        self._signalled = True
        raise Shutdown(signal.Signals(signum).name)

    def _heartbeat(self) -> None:
        try:
            self.janitor.heartbeat()
        except redis.RedisError as exc:  # the janitor's next tick tries again
            log.warning("redis_unavailable", loop="start", error_type=type(exc).__name__)

    def _forget_self(self) -> None:
        with contextlib.suppress(redis.RedisError):  # else the entry expires by itself
            self.client.delete(worker_key(self.id))


class Reader(threading.Thread):
    """The consumer thread: reads jobs fairly across tenants and queues them."""

    def __init__(self, worker: Worker) -> None:
        super().__init__(name="reader", daemon=True)
        self.worker = worker
        # The tenant the rotation starts after. A name, not an index: the eligible list drops
        # capped tenants, and an index into a list that changes under it starved one tenant.
        self.last: str | None = None

    def run(self) -> None:
        """Read until the worker stops."""
        w = self.worker
        structlog.contextvars.bind_contextvars(worker=w.id)
        guard = Guard("reader", w.stopping, w.tenants.forget)
        while not w.stopping.is_set():
            guard.step(self.step)

    def step(self) -> None:
        """One read: at most one job per tenant (COUNT 1), so tenants take turns.

        When every eligible tenant fits in the free slots, one XREADGROUP names them all and
        blocks (1 s) until any has a job. Otherwise take.lua looks through them in turn,
        starting after the last tenant served, and takes jobs from the first `free` streams
        that have one, in one round trip, so that no more jobs are taken than can start (the
        rest stay available to other workers); when none has a job, block on all of them.
        Never block while a tenant is capped: a blocking read could not be cut short when
        that tenant's job finishes; wait locally for the release instead.
        """
        w = self.worker
        tenants = w.tenants.refresh()
        eligible = w.slots.readable(tenants, BLOCK_MS / 1000)
        if not eligible:
            return
        capped = len(eligible) < len(tenants)  # some tenant holds its whole share
        since = w.slots.releases()
        free = w.slots.free()
        ordered = self._rotated(eligible)
        if len(ordered) <= free:
            found = self._read(ordered, None if capped else BLOCK_MS)
        else:
            found = self._take(ordered, free)
            if not found and not capped:
                found = self._read(ordered, BLOCK_MS)
        if capped and not found:
            self._wait(ordered, set(tenants) - set(eligible), since)

    def _wait(self, eligible: list[str], capped: set[str], since: int) -> None:
        """Nothing to read, and some tenant at its share. When every capped tenant is heavy
        (its jobs run long: lanes.py), block in Redis on the others' streams for POLL_S: a
        quiet tenant's job then wakes the reader at once, and the heavy tenant's next job
        starts at most POLL_S after its release, little beside its run. Otherwise wait
        here for a release (a blocking read could not be cut short by it), POLL_S at most.
        """
        w = self.worker
        if all(w.lanes.heavy(t) for t in capped):
            self._read(eligible, int(POLL_S * 1000))
        else:
            w.slots.wait_release(since, POLL_S)

    def _rotated(self, eligible: list[str]) -> list[str]:
        """The tenants in name order, starting after the last one served."""
        ordered = sorted(eligible)
        start = 0 if self.last is None else bisect.bisect_right(ordered, self.last)
        return ordered[start:] + ordered[:start]

    def _take(self, tenants: list[str], free: int) -> int:
        """take.lua over the tenants' streams; queue what it took; return how many jobs."""
        w = self.worker
        reply = cast("list[Any]", w.take(
            keys=[stream_key(t) for t in tenants], args=[GROUP, w.id, free]))
        for stream, entry_id, flat in reply or []:
            fields = dict(zip(flat[::2], flat[1::2], strict=True))
            self._dispatch(_text(stream), entry_id, fields)
        return len(reply or [])

    def _read(self, tenants: list[str], block: int | None) -> int:
        """XREADGROUP the tenants' streams; queue what it returns; return how many jobs."""
        w = self.worker
        reply = cast("list[Any]", w.client.xreadgroup(
            GROUP, w.id, {stream_key(t): ">" for t in tenants}, count=1, block=block))
        found = 0
        for stream, entries in reply or []:
            for entry_id, fields in entries:
                self._dispatch(_text(stream), entry_id, fields)
                found += 1
        return found

    def _dispatch(self, stream: str, entry_id: bytes | str, fields: dict[bytes, bytes]
                  ) -> None:
        tenant = stream.removeprefix(STREAM_PREFIX)
        self.last = tenant  # the next read starts after it: tenants take turns
        self.worker.dispatch(Delivery(tenant, _text(entry_id), fields))


class WorkerThread(threading.Thread):
    """Runs jobs from its lane's queue, one at a time, until it takes the stop marker."""

    def __init__(self, worker: Worker, number: int, jobs: queue.Queue[Delivery | None], *,
                 slow: bool = False) -> None:
        super().__init__(name=f"worker-{'slow-' if slow else ''}{number}", daemon=True)
        self.worker = worker
        self.jobs = jobs
        self.slow = slow

    def run(self) -> None:
        """Take, run, account its time, release."""
        w = self.worker
        structlog.contextvars.bind_contextvars(worker=w.id)
        if self.slow:
            lower_this_threads_priority()
        while (delivery := self.jobs.get()) is not None:
            start = time.perf_counter()
            try:
                w.runner.process(delivery)
            finally:
                w.lanes.record(delivery.tenant, (time.perf_counter() - start) * 1000)
                w.slots.release(delivery.tenant, delivery.entry_id)


def configure_logging() -> None:
    """JSON lines on stderr: one per execution, plus the worker's lifecycle events."""
    structlog.configure(
        processors=[structlog.contextvars.merge_contextvars, structlog.processors.add_log_level,
                    structlog.processors.TimeStamper("iso"), structlog.processors.JSONRenderer()],
        wrapper_class=structlog.make_filtering_bound_logger(20),  # INFO
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
    )


def run_worker(settings: WorkerSettings) -> int:
    """The `executor worker` command: serve until SIGTERM or SIGINT; the exit status."""
    configure_logging()
    return Worker(settings).serve()


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
