"""Jobs on the tenant streams: the keys, a job's fields, and checking them on the way in.

Keys (tenant names match stores.base.NAME_RE, so none contains ':'):

    exec:tenants                set: every tenant that has a job stream
    exec:jobs:<tenant>          stream: the tenant's jobs, read by the consumer group "workers"
    exec:result:<job id>        list: the job's result object (JSON), expiring after 300 s
    exec:dead                   stream: jobs given up after too many deliveries
    exec:worker:<worker id>     hash: a live worker (pid, host, started_ms, concurrency, jobs)

A job's fields: `id` (the execution id: 32 hex digits), `kind` (execute | continue),
`tenant`, `trigger`, `payload` (msgpack: the event, or {state, request}), `submitted_ms`,
and optionally `deadline_ms`: when its caller stops waiting (epoch ms). A job read after its
deadline is answered `timeout` without running: under overload the queue sheds work nobody
waits for instead of running it late.
The stream a job is read from decides its tenant: a job naming another is refused.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from executor.stores.base import NAME_RE
from sandbox.codec import CodecError, pack, unpack
from sandbox.errors import InvalidEvent

GROUP = "workers"
TENANTS_KEY = "exec:tenants"
DEAD_KEY = "exec:dead"
STREAM_PREFIX = "exec:jobs:"
RESULT_TTL_S = 300
DEAD_MAXLEN = 10_000
"""Dead-lettered jobs kept (approximately): the newest, for an operator to look at."""

EXECUTE, CONTINUE = "execute", "continue"
KINDS = (EXECUTE, CONTINUE)
JOB_ID_RE = re.compile(r"^[0-9a-f]{32}$")
MAX_PAYLOAD_BYTES = 1024 * 1024
"""A job's payload at most; the flow refuses events over 512 KiB anyway (Limits.input_bytes)."""


class MalformedJob(ValueError):
    """Raised when a stream entry is not a job a worker can run (messages quote no value)."""


def stream_key(tenant: str) -> str:
    """The tenant's job stream."""
    return f"{STREAM_PREFIX}{tenant}"


def result_key(job_id: str) -> str:
    """The list a job's result is pushed to."""
    return f"exec:result:{job_id}"


def worker_key(worker_id: str) -> str:
    """The hash describing a live worker."""
    return f"exec:worker:{worker_id}"


@dataclass(frozen=True)
class Job:
    """One execution to run: a flow from its start, or the continuation of a suspended one."""

    id: str
    kind: str
    tenant: str
    trigger: str
    payload: Any
    submitted_ms: int
    deadline_ms: int | None = None

    @classmethod
    def new(cls, kind: str, tenant: str, trigger: str, payload: Any, *,
            timeout_s: float | None = None, job_id: str | None = None) -> Job:
        """A job with `job_id` or a fresh execution id, due within `timeout_s` if given;
        InvalidEvent when its names or id are unusable.
        """
        for what, name in (("tenant", tenant), ("trigger", trigger)):
            if not isinstance(name, str) or not NAME_RE.fullmatch(name):
                raise InvalidEvent(f"{what} must match {NAME_RE.pattern}, got {name!r:.80}")
        if job_id is not None and not (isinstance(job_id, str) and JOB_ID_RE.fullmatch(job_id)):
            raise InvalidEvent("an execution id is 32 lowercase hex digits")
        now = time.time_ns() // 1_000_000
        deadline = None if timeout_s is None else now + max(1, int(timeout_s * 1000))
        return cls(job_id or secrets.token_hex(16), kind, tenant, trigger, payload, now,
                   deadline)

    def fields(self) -> dict[str, str | bytes | int]:
        """The stream entry; InvalidEvent when the payload cannot be sent."""
        try:
            payload = pack(self.payload)
        except CodecError as exc:
            raise InvalidEvent("the event must be plain JSON-like data") from exc
        if len(payload) > MAX_PAYLOAD_BYTES:
            raise InvalidEvent(f"the job is {len(payload)} bytes, over the "
                               f"{MAX_PAYLOAD_BYTES} allowed")
        fields: dict[str, str | bytes | int] = {
            "id": self.id, "kind": self.kind, "tenant": self.tenant, "trigger": self.trigger,
            "payload": payload, "submitted_ms": self.submitted_ms}
        if self.deadline_ms is not None:
            fields["deadline_ms"] = self.deadline_ms
        return fields

    @classmethod
    def from_fields(cls, tenant: str, fields: Mapping[bytes, bytes]) -> Job:
        """The job in an entry of `tenant`'s stream; MalformedJob when it is not one."""
        job_id = _text(fields, "id")
        if not JOB_ID_RE.fullmatch(job_id):
            raise MalformedJob("the job id is not 32 hex digits")
        kind = _text(fields, "kind")
        if kind not in KINDS:
            raise MalformedJob("unknown job kind")
        if _text(fields, "tenant") != tenant:
            raise MalformedJob("the job names another tenant than its stream's")
        trigger = _text(fields, "trigger")
        if not NAME_RE.fullmatch(trigger):
            raise MalformedJob("the trigger is not a valid name")
        try:
            payload = unpack(fields.get(b"payload", b""))
            submitted_ms = int(_text(fields, "submitted_ms"))
            deadline_ms = int(_text(fields, "deadline_ms")) if b"deadline_ms" in fields else None
        except (CodecError, ValueError) as exc:
            raise MalformedJob("the payload is not msgpack or a time is not a number") from exc
        if kind == CONTINUE and not (isinstance(payload, dict)
                                     and isinstance(payload.get("request"), dict)):
            raise MalformedJob("a continue job's payload is {state, request}")
        return cls(job_id, kind, tenant, trigger, payload, submitted_ms, deadline_ms)

    def expired(self, now_ms: int) -> bool:
        """Whether its caller has stopped waiting for it."""
        return self.deadline_ms is not None and now_ms > self.deadline_ms

    @property
    def event(self) -> Any:
        """The event of an execute job."""
        return self.payload

    @property
    def state(self) -> Any:
        """The state a continue job resumes (checked by the flow, like any caller's)."""
        return self.payload.get("state")

    @property
    def request(self) -> dict[str, Any]:
        """The new request of a continue job."""
        request: dict[str, Any] = self.payload["request"]
        return request


@dataclass(frozen=True)
class Delivery:
    """A stream entry handed to this worker: read (first delivery) or claimed (a retry)."""

    tenant: str
    entry_id: str
    fields: Mapping[bytes, bytes]
    deliveries: int = 1
    """How many times the entry has been delivered, this time included."""

    @property
    def stream(self) -> str:
        """The stream the entry is in."""
        return stream_key(self.tenant)


def _text(fields: Mapping[bytes, bytes], name: str) -> str:
    """A field as text; MalformedJob when missing or not UTF-8."""
    value = fields.get(name.encode())
    if value is None:
        raise MalformedJob(f"the job has no {name}")
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedJob(f"the job's {name} is not UTF-8") from None
