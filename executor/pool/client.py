"""Submitting executions to the worker pool and waiting for their results.

    with PoolClient("redis://127.0.0.1:6379/0") as pool:
        result = pool.execute("acme", "password-reset-post-challenge", event)
        if result["status"] == "challenge":
            result = pool.resume("acme", result["state"], {"challenge": {"completed": ["otp"]}})

`execute`/`resume` are `submit`/`submit_resume` followed by `wait`; callers with many jobs in
flight (the HTTP service, benchmarks) submit first and wait later.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Mapping
from typing import Any, cast

import redis

from executor.event import TRIGGER
from executor.pool.connection import CONNECT_TIMEOUT_S, REPLY_TIMEOUT_S, lua
from executor.pool.jobs import CONTINUE, EXECUTE, GROUP, TENANTS_KEY, Job, result_key, stream_key
from executor.redisclient import RedisClient
from sandbox.errors import StoreUnavailable, Timeout

SUBMIT_LUA = lua("submit.lua")

WAIT_SLICE_S = 2.0
"""One BLPOP waits at most this long (under the client's reply timeout); `wait` loops."""
FIRST_SLICE_S = 0.25
"""`execute` sends its first BLPOP with the submission; most jobs are answered within it."""



class PoolClient(RedisClient):
    """Puts jobs on the tenant's Redis stream and waits for the result the worker publishes.

    Results come back as the contract's result object (a dict). A job whose result does not
    arrive within `timeout_s` raises sandbox.errors.Timeout; Redis unreachable raises
    StoreUnavailable. Safe to share between threads (one connection pool).
    """

    def __init__(self, redis_url: str) -> None:
        super().__init__(redis_url, timeout=CONNECT_TIMEOUT_S, reply_timeout=REPLY_TIMEOUT_S)
        self._submit = self._client.register_script(SUBMIT_LUA)

    def execute(self, tenant: str, trigger: str, event: Any, *, timeout_s: float = 30.0,
                execution_id: str | None = None) -> dict[str, Any]:
        """Runs the actions bound to the tenant's trigger on `event`, via a worker. Pass
        your own `execution_id` (32 hex digits) to retry safely after StoreUnavailable: a
        submission whose reply was lost may still run, and the same id commits once.
        """
        job = Job.new(EXECUTE, tenant, trigger, event, timeout_s=timeout_s, job_id=execution_id)
        return self._submit_and_wait(job, timeout_s)

    def resume(self, tenant: str, state: str, request: Mapping[str, Any], *,
               timeout_s: float = 30.0) -> dict[str, Any]:
        """Continues a suspended flow of this tenant, via a worker."""
        job = Job.new(CONTINUE, tenant, TRIGGER, {"state": state, "request": dict(request)},
                      timeout_s=timeout_s)
        return self._submit_and_wait(job, timeout_s)

    def submit(self, tenant: str, trigger: str, event: Any, *,
               execution_id: str | None = None) -> str:
        """Queues an execution; returns its id (for `wait`). InvalidEvent for a tenant or
        trigger that is not a valid name, an event that is not plain data, or an
        `execution_id` that is not 32 hex digits (see `execute` for why to pass one).
        """
        return self._put(Job.new(EXECUTE, tenant, trigger, event, job_id=execution_id))

    def submit_resume(self, tenant: str, state: str, request: Mapping[str, Any]) -> str:
        """Queues the continuation of a suspended flow; returns its id (for `wait`)."""
        return self._put(Job.new(CONTINUE, tenant, TRIGGER,
                                 {"state": state, "request": dict(request)}))

    def wait(self, execution_id: str, *, timeout_s: float = 30.0) -> dict[str, Any]:
        """The result of a submitted execution; Timeout when none arrives in `timeout_s`."""
        key = result_key(execution_id)
        deadline = time.monotonic() + timeout_s
        while (remaining := deadline - time.monotonic()) > 0:
            slice_s = max(0.01, min(remaining, WAIT_SLICE_S))
            reply = self._call(functools.partial(self._client.blpop, [key], timeout=slice_s))
            if reply is not None:
                result: dict[str, Any] = json.loads(cast("list[bytes]", reply)[1])
                return result
        raise Timeout(f"no result for execution {execution_id} within {timeout_s:g} s")

    def _put(self, job: Job) -> str:
        self._call(lambda: self._submit(keys=self._keys(job), args=self._args(job)))
        return job.id

    def _submit_and_wait(self, job: Job, timeout_s: float) -> dict[str, Any]:
        """Submit and take the first wait in one round trip: EVALSHA then BLPOP, pipelined
        on one connection, which Redis runs in order. When the server does not know the
        script (it restarted), the BLPOP found nothing: submit the usual way and wait.
        """
        first = min(timeout_s, FIRST_SLICE_S)
        start = time.monotonic()
        keys, args = self._keys(job), self._args(job)  # InvalidEvent before anything is sent

        def both() -> list[Any]:
            with self._client.pipeline(transaction=False) as pipe:
                pipe.evalsha(self._submit.sha, len(keys), *keys, *args)
                pipe.blpop([result_key(job.id)], timeout=first)
                return pipe.execute(raise_on_error=False)

        submitted, reply = self._call(both)
        if isinstance(submitted, redis.exceptions.NoScriptError):
            self._put(job)  # loads the script and submits
        elif isinstance(submitted, Exception):
            raise StoreUnavailable(f"redis at {self.address} refused the job: {submitted}")
        elif reply is not None:
            result: dict[str, Any] = json.loads(cast("list[bytes]", reply)[1])
            return result
        return self.wait(job.id, timeout_s=timeout_s - (time.monotonic() - start))

    @staticmethod
    def _keys(job: Job) -> list[str]:
        return [stream_key(job.tenant), TENANTS_KEY]

    @staticmethod
    def _args(job: Job) -> list[str | bytes | int]:
        args: list[str | bytes | int] = [GROUP, job.tenant]
        for name, value in job.fields().items():
            args += [name, value]
        return args
