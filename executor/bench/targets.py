"""What the harness sends requests to, one class per mode, behind one small interface.

    InprocessTarget  Executor.run / .resume in this process (embedded SQLite store)
    QueueTarget      PoolClient.execute / .resume: Redis streams, `executor worker`s
    HttpTarget       POST .../execute and .../continue on `executor serve` (http.client,
                     one keep-alive connection per sender thread)

Each call returns an Answer: the result object when one came back, and the error type to
count: the result's `error.type` for a failed flow, the HTTP error body's type for a 4xx
or 5xx, or a harness-level one when nothing came back (`client_timeout`,
`connection_error`, `bad_response`).
"""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

from executor.action import Action
from executor.bench.workload import Tenant, Workload
from executor.event import TRIGGER
from executor.executor import Executor
from sandbox.errors import ExecutorError, Timeout

CLIENT_TIMEOUT = "client_timeout"
CONNECTION_ERROR = "connection_error"
BAD_RESPONSE = "bad_response"


@dataclass(frozen=True)
class Answer:
    """One call's outcome: the result object if any, the error type to count if any."""

    result: Mapping[str, Any] | None
    error: str | None
    http_status: int | None = None

    @classmethod
    def of(cls, result: Mapping[str, Any], http_status: int | None = None) -> Answer:
        """From a result object: its error type when the flow failed."""
        error = result.get("error") if result.get("status") == "failed" else None
        kind = str(error.get("type")) if isinstance(error, Mapping) else None
        return cls(result, kind, http_status)

    @property
    def status(self) -> str:
        """The result's status, or "error" when no result object came back."""
        return str(self.result.get("status")) if self.result is not None else "error"


class Target(Protocol):
    """Runs a tenant's flow on an event, and continues suspended flows."""

    def execute(self, tenant: Tenant, event_index: int) -> Answer:
        """The tenant's bound actions on workload event `event_index`."""

    def resume(self, tenant: Tenant, state: str, request: Mapping[str, Any]) -> Answer:
        """Continues the tenant's suspended flow."""

    def close(self) -> None:
        """Releases connections; idempotent."""


class InprocessTarget:
    """Executor.run in the calling thread, each tenant's actions built once."""

    def __init__(self, executor: Executor, workload: Workload) -> None:
        self.executor = executor
        self.workload = workload
        self._actions: dict[int, list[Action]] = {
            t.index: [a.action() for a in t.actions] for t in workload.tenants}

    def execute(self, tenant: Tenant, event_index: int) -> Answer:
        """One Executor.run."""
        result = self.executor.run(self._actions[tenant.index],
                                   self.workload.events[event_index], tenant=tenant.name)
        return Answer.of(result.to_dict())

    def resume(self, tenant: Tenant, state: str, request: Mapping[str, Any]) -> Answer:
        """One Executor.resume."""
        return Answer.of(self.executor.resume(state, request, tenant=tenant.name).to_dict())

    def close(self) -> None:
        """Closes the executor's store."""
        self.executor.close()


class QueueTarget:
    """PoolClient (one, shared by the sender threads: it is thread-safe)."""

    def __init__(self, redis_url: str, workload: Workload, timeout_s: float) -> None:
        from executor.pool.client import PoolClient  # noqa: PLC0415 - redis-py on demand

        self.pool = PoolClient(redis_url)
        self.workload = workload
        self.timeout_s = timeout_s

    def execute(self, tenant: Tenant, event_index: int) -> Answer:
        """Submit, then wait for the worker's result."""
        event = self.workload.events[event_index]
        return self._call(lambda: self.pool.execute(tenant.name, TRIGGER, event,
                                                    timeout_s=self.timeout_s))

    def resume(self, tenant: Tenant, state: str, request: Mapping[str, Any]) -> Answer:
        """Submit the continue, then wait."""
        return self._call(lambda: self.pool.resume(tenant.name, state, request,
                                                   timeout_s=self.timeout_s))

    @staticmethod
    def _call(call: Callable[[], dict[str, Any]]) -> Answer:
        try:
            return Answer.of(call())
        except Timeout:
            return Answer(None, CLIENT_TIMEOUT)
        except ExecutorError as err:  # store_unavailable: Redis away
            return Answer(None, err.type)

    def close(self) -> None:
        """Closes the pool client's connections."""
        self.pool.close()


class HttpTarget:
    """The HTTP API with each tenant's key; a keep-alive connection per sender thread."""

    def __init__(self, base_url: str, keys: Mapping[str, str], workload: Workload,
                 timeout_s: float) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.workload = workload
        self.timeout_s = timeout_s
        self._headers = {name: {"Authorization": f"Bearer {key}",
                                "Content-Type": "application/json"}
                         for name, key in keys.items()}
        # Bodies serialized once per user: the client's JSON work stays off the clock.
        self._bodies: Sequence[bytes] = [json.dumps({"event": e}).encode()
                                         for e in workload.events]
        self._local = threading.local()
        self._opened: list[http.client.HTTPConnection] = []
        self._lock = threading.Lock()

    def execute(self, tenant: Tenant, event_index: int) -> Answer:
        """POST /v1/tenants/{tenant}/triggers/{trigger}/execute."""
        return self._post(f"/v1/tenants/{tenant.name}/triggers/{TRIGGER}/execute",
                          tenant.name, self._bodies[event_index])

    def resume(self, tenant: Tenant, state: str, request: Mapping[str, Any]) -> Answer:
        """POST /v1/tenants/{tenant}/continue."""
        body = json.dumps({"state": state, "request": dict(request)}).encode()
        return self._post(f"/v1/tenants/{tenant.name}/continue", tenant.name, body)

    def _connection(self) -> tuple[http.client.HTTPConnection, bool]:
        """The calling thread's connection, and whether it has served a request before."""
        conn: http.client.HTTPConnection | None = getattr(self._local, "conn", None)
        if conn is not None:
            return conn, True
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout_s + 5)
        self._local.conn = conn
        with self._lock:
            self._opened.append(conn)
        return conn, False

    def _drop(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def _post(self, path: str, tenant: str, body: bytes) -> Answer:
        for attempt in range(2):
            conn, reused = self._connection()
            try:
                conn.request("POST", path, body=body, headers=self._headers[tenant])
                response = conn.getresponse()
                data = response.read()
            except TimeoutError:
                self._drop()
                return Answer(None, CLIENT_TIMEOUT)
            except (ConnectionError, http.client.HTTPException, OSError):
                self._drop()
                # A kept-alive connection the server closed while idle fails before the
                # request was read: once, on a fresh connection, is what browsers do too.
                if reused and attempt == 0:
                    continue
                return Answer(None, CONNECTION_ERROR)
            return _answer(response.status, data)
        return Answer(None, CONNECTION_ERROR)

    def close(self) -> None:
        """Closes every sender's connection."""
        with self._lock:
            opened, self._opened = self._opened, []
        for conn in opened:
            conn.close()


def _answer(status: int, data: bytes) -> Answer:
    try:
        body = json.loads(data)
    except ValueError:
        return Answer(None, BAD_RESPONSE, status)
    if not isinstance(body, dict):
        return Answer(None, BAD_RESPONSE, status)
    if status == 200:
        return Answer.of(body, status)
    error = body.get("error")
    kind = error.get("type") if isinstance(error, dict) else None
    return Answer(None, str(kind) if kind else f"http_{status}", status)
