"""The service's Prometheus metrics, in a registry of its own (one per app, so that two apps
in one process, as in tests, never share or clash).

    executor_executions_total{tenant, status}        executions answered, by result status
    executor_execution_errors_total{tenant, type}    failed executions, by error type
    executor_execution_duration_seconds{kind}        execute / continue, as the caller waits
    executor_in_flight{tenant}                       executions being waited for now
    executor_queue_depth{tenant}                     jobs in the tenant's stream (XLEN)
    executor_queue_depth_total                       the sum over all tenants
    executor_http_requests_total{method, route, status}
    executor_http_request_duration_seconds{route}

Queue depth is read from Redis at scrape time; the streams hold only jobs not yet answered
(a worker deletes a job once its result is published), so it counts jobs waiting or running.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

import redis
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from executor.pool.jobs import TENANTS_KEY, stream_key

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0)


class QueueDepth(Collector):
    """Collects XLEN of every tenant's job stream (tenants from exec:tenants) at scrape time.

    When Redis does not answer, the two queue metrics are left out of that scrape rather
    than reported as zero.
    """

    def __init__(self, client: redis.Redis) -> None:
        self.client = client

    def collect(self) -> Iterator[Metric]:
        """The per-tenant and total depth gauges."""
        try:
            members = cast("set[bytes]", self.client.smembers(TENANTS_KEY))
            tenants = sorted(member.decode() for member in members)
            with self.client.pipeline(transaction=False) as pipe:
                for tenant in tenants:
                    pipe.xlen(stream_key(tenant))
                depths = [int(n) for n in pipe.execute()] if tenants else []
        except redis.RedisError:
            return
        per_tenant = GaugeMetricFamily("executor_queue_depth",
                                       "Jobs in the tenant's stream (waiting or running).",
                                       labels=["tenant"])
        for tenant, depth in zip(tenants, depths, strict=True):
            per_tenant.add_metric([tenant], depth)
        yield per_tenant
        yield GaugeMetricFamily("executor_queue_depth_total",
                                "Jobs in all tenant streams (waiting or running).",
                                value=sum(depths))


class Metrics:
    """Every metric of one app, registered in its own CollectorRegistry."""

    def __init__(self, client: redis.Redis) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.executions = Counter("executor_executions", "Executions answered, by result status.",
                                  ["tenant", "status"], registry=r)
        self.errors = Counter("executor_execution_errors",
                              "Failed executions, by error type.", ["tenant", "type"], registry=r)
        self.duration = Histogram("executor_execution_duration_seconds",
                                  "Time from the request to its result, by kind.", ["kind"],
                                  buckets=LATENCY_BUCKETS, registry=r)
        self.in_flight = Gauge("executor_in_flight", "Executions being waited for, by tenant.",
                               ["tenant"], registry=r)
        self.requests = Counter("executor_http_requests", "HTTP requests answered.",
                                ["method", "route", "status"], registry=r)
        self.request_duration = Histogram("executor_http_request_duration_seconds",
                                          "HTTP request latency, by route template.", ["route"],
                                          buckets=LATENCY_BUCKETS, registry=r)
        r.register(QueueDepth(client))

    def execution(self, tenant: str, kind: str, status: str, error_type: str | None,
                  seconds: float) -> None:
        """Count one answered execution."""
        self.executions.labels(tenant, status).inc()
        if error_type is not None:
            self.errors.labels(tenant, error_type).inc()
        self.duration.labels(kind).observe(seconds)

    def request(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count one HTTP request."""
        self.requests.labels(method, route, str(status)).inc()
        self.request_duration.labels(route).observe(seconds)

    def render(self) -> bytes:
        """The text exposition format (blocking: the queue depth asks Redis)."""
        return generate_latest(self.registry)
