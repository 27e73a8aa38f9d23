"""Running one delivered job and answering it: the result first, then the acknowledgement.

A job is acknowledged only once its result is published (one script, publish.lua: RPUSH,
EXPIRE, XACK, XDEL), so a worker that dies at any point leaves the job pending, and the
janitor of a live worker runs it again. Running it again is safe: the flow commits with the
job id as its idempotency key, so effects are committed once and the second run answers as
the first.
A job that cannot be answered (malformed, or a worker bug) is left pending too, until it
has been delivered `max_deliveries` times and the janitor dead-letters it.
"""

from __future__ import annotations

import json
import time

import redis
import structlog
from redis.typing import EncodableT, FieldT

from executor import log as execution_log
from executor.executor import Executor
from executor.pool.connection import REDIS_DOWN, lua, where
from executor.pool.jobs import (
    DEAD_KEY,
    DEAD_MAXLEN,
    EXECUTE,
    GROUP,
    JOB_ID_RE,
    RESULT_TTL_S,
    Delivery,
    Job,
    MalformedJob,
    result_key,
    worker_key,
)
from executor.registry import Registry
from executor.result import Result
from sandbox.errors import ExecutorError, InternalError, StoreUnavailable, Timeout

log = structlog.get_logger("executor.pool")

PUBLISH_LUA = lua("publish.lua")


class JobRunner:
    """Runs jobs on one executor (shared by the worker threads) and publishes their results."""

    def __init__(self, client: redis.Redis, *, registry: Registry, executor: Executor,
                 worker_id: str, worker_ttl_s: int) -> None:
        self.client = client
        self.registry = registry
        self.executor = executor
        self.worker_id = worker_id
        self.worker_ttl_s = worker_ttl_s
        self._publish_lua = client.register_script(PUBLISH_LUA)

    def process(self, delivery: Delivery) -> None:
        """Run and answer one delivery; on any failure leave it pending (see the module)."""
        try:
            job = Job.from_fields(delivery.tenant, delivery.fields)
        except MalformedJob as exc:
            log.warning("job_malformed", tenant=delivery.tenant, entry=delivery.entry_id,
                        deliveries=delivery.deliveries, reason=str(exc))
            return
        try:
            result = self._answer(job)
            self._publish(delivery, job.id, result)
        except (*REDIS_DOWN, StoreUnavailable) as exc:
            log.warning("job_unanswered", tenant=job.tenant, execution_id=job.id,
                        error_type=type(exc).__name__)
        except Exception as exc:  # a bug: the job stays pending, the worker carries on
            log.error("job_crashed", tenant=job.tenant, execution_id=job.id,
                      error_type=type(exc).__name__, where=where(exc))

    def dead_letter(self, delivery: Delivery, attempts: int) -> None:
        """Give up on a job delivered too often: move it to exec:dead, acknowledge it, and
        answer its caller with a failed result so that nobody waits for it.
        """
        job_id = _job_id(delivery)
        message = f"job dead-lettered after {attempts} deliveries"
        with self.client.pipeline(transaction=True) as pipe:
            dead: dict[FieldT, EncodableT] = {k: v for k, v in delivery.fields.items()}
            dead.update({b"reason": message, b"deliveries": attempts,
                         b"stream": delivery.stream, b"entry": delivery.entry_id})
            pipe.xadd(DEAD_KEY, dead, maxlen=DEAD_MAXLEN, approximate=True)
            pipe.xack(delivery.stream, GROUP, delivery.entry_id)
            pipe.xdel(delivery.stream, delivery.entry_id)
            if job_id is not None:
                failed = _failed(job_id, delivery.tenant, InternalError(message))
                pipe.rpush(result_key(job_id), json.dumps(failed.to_dict()))
                pipe.expire(result_key(job_id), RESULT_TTL_S)
            pipe.execute()
        log.warning("job_dead_lettered", tenant=delivery.tenant, execution_id=job_id,
                    entry=delivery.entry_id, deliveries=attempts)

    def _answer(self, job: Job) -> Result:
        """The job's result. With the job id as execution id, a job whose earlier delivery
        committed answers with that delivery's result and commits nothing (see flow.py). A
        job past its deadline is not run (see jobs.py).
        """
        if job.expired(time.time_ns() // 1_000_000):
            result = _failed(job.id, job.tenant, Timeout(
                "the job was not started before its caller's deadline; nothing ran"))
            execution_log.execution(result, job.tenant, job.trigger,
                                    "run" if job.kind == EXECUTE else "resume")
            return result
        if job.kind == EXECUTE:
            return self._execute(job)
        return self.executor.resume(job.state, job.request, tenant=job.tenant,
                                    execution_id=job.id)

    def _execute(self, job: Job) -> Result:
        try:
            deployed, net = self.registry.resolve_with_net(job.tenant, job.trigger)
        except ExecutorError as err:  # not deployed, undecryptable secrets, Redis away
            result = _failed(job.id, job.tenant, err)
            execution_log.execution(result, job.tenant, job.trigger, "run")
            return result
        return self.executor.run([d.action() for d in deployed], job.event, tenant=job.tenant,
                                 trigger=job.trigger, net=net, execution_id=job.id)

    def _publish(self, delivery: Delivery, job_id: str, result: Result) -> None:
        """Push the result, then acknowledge and delete the entry: one script (publish.lua),
        which answers only while this worker still owns the entry.
        """
        owned = self._publish_lua(
            keys=[result_key(job_id), delivery.stream, worker_key(self.worker_id)],
            args=[json.dumps(result.to_dict()), RESULT_TTL_S, GROUP, delivery.entry_id,
                  self.worker_ttl_s, self.worker_id])
        if not owned:
            log.warning("job_superseded", tenant=delivery.tenant, execution_id=job_id,
                        status=result.status)


def _failed(job_id: str, tenant: str, err: ExecutorError) -> Result:
    return Result("failed", error=err.to_dict(None), execution_id=job_id, tenant=tenant)


def _job_id(delivery: Delivery) -> str | None:
    """The entry's job id when it has a usable one: there is a caller to answer."""
    raw = delivery.fields.get(b"id", b"")
    text = raw.decode("ascii", "replace")
    return text if JOB_ID_RE.fullmatch(text) else None
