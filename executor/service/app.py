"""The HTTP service: a Starlette app over the registry and an execution backend.

    request ─► RequestLog (one log event + HTTP metrics per request)
            ─► route ─► authenticate (admin token | tenant key) ─► authorize (role, tenant)
            ─► body (bounded JSON object of the documented shape)
            ─► Packager (deploy: npm dependencies, TypeScript) ─► Registry (deploy, bind,
               rollback, keys)  |  Backend (execute, continue)
            ─► JSON response, or {"error": {"type", "message"}} (executor/service/errors.py)

Every blocking call runs in a thread, so the event loop only parses and routes: executions
(run here, or waited for from the pool) on at most `settings.threads`, short Redis calls
(key lookups, registry, health, metrics) on `settings.io_threads` of their own, packaging
(npm and esbuild, seconds) on PACKAGING_THREADS.
"""

from __future__ import annotations

import functools
import time
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import anyio
import anyio.to_thread
import redis
import structlog
from prometheus_client import CONTENT_TYPE_LATEST
from redis.backoff import NoBackoff
from redis.retry import Retry
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from executor.event import TRIGGER
from executor.packaging import Packager, check_language
from executor.redisclient import address
from executor.registry import Registry
from executor.service import openapi
from executor.service.auth import Caller, Role, authenticate, authorize
from executor.service.backends import Backend, InprocessBackend, QueueBackend
from executor.service.bodies import check_shape, read_object
from executor.service.errors import (
    METHOD_NOT_ALLOWED,
    NOT_FOUND,
    ApiError,
    error_response,
    result_error,
)
from executor.service.metrics import Metrics
from executor.service.settings import ServiceSettings
from sandbox import Sandbox
from sandbox.errors import ExecutorError
from sandbox.platform.egress import NetRules

log = structlog.get_logger("executor.service")

T = TypeVar("T")

ADMIN_ONLY = frozenset({Role.ADMIN})
MANAGERS = frozenset({Role.ADMIN, Role.TENANT})
TENANT_ONLY = frozenset({Role.TENANT})
MANAGE_INPUT = "invalid_action"
EXEC_INPUT = "invalid_event"
NO_STORE = {"Cache-Control": "no-store"}
PACKAGING_THREADS = 2
"""Deploys that install or bundle at once (the packager does one at a time per process;
the other waits without holding an execution's thread)."""
CALLER_KEY = "executor.caller"
ERROR_KEY = "executor.error_type"


class Service:
    """The app's state and endpoints: one registry, one backend, one metrics registry."""

    def __init__(self, settings: ServiceSettings, sandbox: Sandbox | None = None,
                 packager: Packager | None = None) -> None:
        self.settings = settings
        self.registry = Registry(settings.redis_url, secret_key=settings.secret_key)
        self.packager = packager or Packager()
        self.backend: Backend = (
            QueueBackend(settings.redis_url, settings.execution_timeout_s)
            if settings.mode == "queue"
            else InprocessBackend(settings.redis_url, self.registry, sandbox, settings.net)
        )
        # Health checks and queue-depth scrapes: short timeouts, no retries.
        self.redis = redis.Redis.from_url(
            settings.redis_url, socket_connect_timeout=settings.redis_timeout_s,
            socket_timeout=settings.redis_timeout_s, retry=Retry(NoBackoff(), 0))
        self.redis_address = address(self.redis)
        self.metrics = Metrics(self.redis)
        self._limiters: dict[str, anyio.CapacityLimiter] = {}
        self._closed = False

    # ---- plumbing
    async def blocking(self, func: Callable[..., T], *args: Any, pool: str = "io") -> T:
        """Run `func(*args)` in a thread of `pool`: "io" (short Redis calls), "exec" or
        "package".
        """
        limiter = self._limiters.get(pool)
        if limiter is None:  # made on the event loop, at first use
            size = {"exec": self.settings.threads,
                    "package": PACKAGING_THREADS}.get(pool, self.settings.io_threads)
            limiter = self._limiters[pool] = anyio.CapacityLimiter(size)
        return await anyio.to_thread.run_sync(functools.partial(func, *args), limiter=limiter)

    async def caller(self, request: Request, allowed: frozenset[Role]) -> Caller:
        """The authenticated caller, allowed on this endpoint and this path's tenant."""
        caller = await authenticate(request, self.settings.admin_token, self._tenant_for_key)
        request.scope[CALLER_KEY] = caller.role.value
        authorize(caller, request.path_params["tenant"], allowed)
        return caller

    async def _tenant_for_key(self, token: str) -> str | None:
        return await self.blocking(self.registry.tenant_for_key, token)

    async def body(self, request: Request, error_type: str) -> dict[str, Any]:
        """The request's JSON object (bounded by max_body_bytes)."""
        return await read_object(request, self.settings.max_body_bytes, error_type)

    def close(self) -> None:
        """Close every connection pool; idempotent."""
        if not self._closed:
            self._closed = True
            self.backend.close()
            self.registry.close()
            self.redis.close()

    # ---- management
    async def create_key(self, request: Request) -> Response:
        """POST /v1/tenants/{tenant}/keys (admin): a new API key for the tenant."""
        await self.caller(request, ADMIN_ONLY)
        key = await self.blocking(self.registry.create_key, request.path_params["tenant"])
        return JSONResponse({"key": key}, headers=NO_STORE)

    async def revoke_key(self, request: Request) -> Response:
        """POST /v1/tenants/{tenant}/keys/revoke: forget one of the tenant's keys."""
        await self.caller(request, MANAGERS)
        body = await self.body(request, MANAGE_INPUT)
        check_shape(body, MANAGE_INPUT, required={"key": str})
        tenant = request.path_params["tenant"]
        # Only the path's tenant's keys: a tenant cannot revoke (or probe) another's.
        if await self._tenant_for_key(body["key"]) != tenant:
            raise ApiError(404, NOT_FOUND, "no such key for this tenant")
        await self.blocking(self.registry.revoke_key, body["key"])
        return JSONResponse({"revoked": True})

    async def deploy(self, request: Request) -> Response:
        """PUT /v1/tenants/{tenant}/actions/{name}: a new current version. An action with
        `dependencies` or in TypeScript is packaged first (npm, esbuild); if that fails,
        nothing is deployed.
        """
        await self.caller(request, MANAGERS)
        body = await self.body(request, MANAGE_INPUT)
        check_shape(body, MANAGE_INPUT, required={"code": str},
                    optional={"secrets": dict, "limits": dict, "net": dict,
                              "dependencies": list, "language": str})
        tenant, name = request.path_params["tenant"], request.path_params["name"]
        if body.get("net") is not None:
            await self._check_narrows(tenant, body["net"])
        deps, language = body.get("dependencies") or [], body.get("language") or "javascript"
        bundle = None
        if deps or check_language(language) != "javascript":
            bundle = await self.blocking(self.packager.package, body["code"], deps, language,
                                         pool="package")
        deploy = functools.partial(self.registry.deploy, net=body.get("net"), bundle=bundle)
        version = await self.blocking(deploy, tenant, name, body["code"], body.get("secrets"),
                                      body.get("limits"))
        answer: dict[str, Any] = {"name": name, "version": version}
        if bundle is not None:
            answer |= bundle.describe()
        return JSONResponse(answer)

    async def _check_narrows(self, tenant: str, net: Mapping[str, Any]) -> None:
        """400 unless an action's egress rules only narrow what its tenant may reach."""
        rules = NetRules.from_config(net)  # InvalidAction (400) when malformed
        granted = self.settings.net.granted(await self.blocking(self.registry.net, tenant))
        widening = granted.widening(rules)
        if widening:
            raise ApiError(400, MANAGE_INPUT, "an action's net may only narrow its tenant's "
                           f"policy; not allowed for tenant {tenant}: {', '.join(widening)}")

    async def get_net(self, request: Request) -> Response:
        """GET /v1/tenants/{tenant}/net (admin): the egress rules granted to the tenant."""
        await self.caller(request, ADMIN_ONLY)
        rules = await self.blocking(self.registry.net, request.path_params["tenant"])
        return JSONResponse(rules.to_config())

    async def set_net(self, request: Request) -> Response:
        """PUT /v1/tenants/{tenant}/net (admin): grant the tenant egress rules of its own."""
        await self.caller(request, ADMIN_ONLY)
        body = await self.body(request, MANAGE_INPUT)
        check_shape(body, MANAGE_INPUT, required={},
                    optional={"allow": list, "deny": list, "enabled": bool, "public": bool})
        rules = NetRules.from_config(body)
        await self.blocking(self.registry.set_net, request.path_params["tenant"], rules)
        return JSONResponse(rules.to_config())

    async def rollback(self, request: Request) -> Response:
        """POST /v1/tenants/{tenant}/actions/{name}/rollback: an earlier version current."""
        await self.caller(request, MANAGERS)
        body = await self.body(request, MANAGE_INPUT)
        check_shape(body, MANAGE_INPUT, required={"version": int})
        tenant, name = request.path_params["tenant"], request.path_params["name"]
        await self.blocking(self.registry.rollback, tenant, name, body["version"])
        return JSONResponse({"name": name, "version": body["version"]})

    async def bind(self, request: Request) -> Response:
        """PUT /v1/tenants/{tenant}/triggers/{trigger}/bindings: the ordered action names."""
        await self.caller(request, MANAGERS)
        trigger = _known_trigger(request)
        body = await self.body(request, MANAGE_INPUT)
        check_shape(body, MANAGE_INPUT, required={"actions": list})
        tenant = request.path_params["tenant"]
        await self.blocking(self.registry.bind, tenant, trigger, body["actions"])
        return JSONResponse({"tenant": tenant, "trigger": trigger, "actions": body["actions"]})

    # ---- executions
    async def execute(self, request: Request) -> Response:
        """POST /v1/tenants/{tenant}/triggers/{trigger}/execute (tenant key): a result."""
        await self.caller(request, TENANT_ONLY)
        trigger = _known_trigger(request)
        body = await self.body(request, EXEC_INPUT)
        check_shape(body, EXEC_INPUT, required={"event": dict})
        tenant = request.path_params["tenant"]
        return await self._run(tenant, "execute", functools.partial(
            self.backend.execute, tenant, trigger, body["event"]))

    async def resume(self, request: Request) -> Response:
        """POST /v1/tenants/{tenant}/continue (tenant key): the resumed flow's result."""
        await self.caller(request, TENANT_ONLY)
        body = await self.body(request, EXEC_INPUT)
        check_shape(body, EXEC_INPUT, required={"state": str}, optional={"request": dict})
        tenant = request.path_params["tenant"]
        return await self._run(tenant, "continue", functools.partial(
            self.backend.resume, tenant, body["state"], body.get("request") or {}))

    async def _run(self, tenant: str, kind: str,
                   call: Callable[[], Mapping[str, Any]]) -> Response:
        """Run one execution in a thread; count it; answer with the result or an error."""
        started = time.perf_counter()
        in_flight = self.metrics.in_flight.labels(tenant)
        in_flight.inc()
        try:
            result = dict(await self.blocking(call, pool="exec"))
        except ExecutorError as err:
            self.metrics.execution(tenant, kind, "failed", err.type,
                                   time.perf_counter() - started)
            raise ApiError.of(err) from None
        finally:
            in_flight.dec()
        error = result.get("error") or {}
        self.metrics.execution(tenant, kind, str(result.get("status")), error.get("type"),
                               time.perf_counter() - started)
        refused = result_error(result)
        if refused is not None:
            raise refused
        return JSONResponse(result)

    # ---- operations
    async def healthz(self, request: Request) -> Response:
        """GET /healthz: 200 when Redis answers PING, else 503."""
        try:
            await self.blocking(self.redis.ping)
        except redis.RedisError as exc:
            return error_response(503, "store_unavailable", f"redis at {self.redis_address} "
                                  f"is unreachable: {type(exc).__name__}")
        return JSONResponse({"status": "ok", "mode": self.settings.mode, "redis": "ok"})

    async def metrics_text(self, request: Request) -> Response:
        """GET /metrics: the Prometheus text format."""
        return Response(await self.blocking(self.metrics.render),
                        media_type=CONTENT_TYPE_LATEST)

    async def openapi_json(self, request: Request) -> Response:
        """GET /openapi.json: the OpenAPI 3.1 document."""
        return JSONResponse(openapi.document())

    def routes(self) -> list[Route]:
        """Every route, as the contract names it."""
        tenant = "/v1/tenants/{tenant}"
        return [
            Route(f"{tenant}/keys", self.create_key, methods=["POST"]),
            Route(f"{tenant}/keys/revoke", self.revoke_key, methods=["POST"]),
            Route(f"{tenant}/actions/{{name}}", self.deploy, methods=["PUT"]),
            Route(f"{tenant}/actions/{{name}}/rollback", self.rollback, methods=["POST"]),
            Route(f"{tenant}/triggers/{{trigger}}/bindings", self.bind, methods=["PUT"]),
            Route(f"{tenant}/net", self.get_net, methods=["GET"]),
            Route(f"{tenant}/net", self.set_net, methods=["PUT"]),
            Route(f"{tenant}/triggers/{{trigger}}/execute", self.execute, methods=["POST"]),
            Route(f"{tenant}/continue", self.resume, methods=["POST"]),
            Route("/healthz", self.healthz, methods=["GET"]),
            Route("/metrics", self.metrics_text, methods=["GET"]),
            Route("/openapi.json", self.openapi_json, methods=["GET"]),
        ]


def _known_trigger(request: Request) -> str:
    """The path's trigger; 404 unless it is the one trigger this executor runs."""
    trigger: str = request.path_params["trigger"]
    if trigger != TRIGGER:
        raise ApiError(404, NOT_FOUND, f"unknown trigger {trigger[:64]!r}; this executor runs "
                       f"{TRIGGER}")
    return trigger


class RequestLog:
    """ASGI middleware: one log event and the HTTP metrics of every request.

    The event has method, route template (never the raw path beyond it), status, tenant,
    caller role, error type and duration: no header, token, key, query or body.
    """

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; log and count it however it ends."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # unless a response starts: an exception escaped

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            seconds = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            self.metrics.request(scope["method"], route, status, seconds)
            log.info("request", method=scope["method"], route=route, status=status,
                     tenant=scope.get("path_params", {}).get("tenant"),
                     caller=scope.get(CALLER_KEY), error_type=scope.get(ERROR_KEY),
                     duration_ms=round(seconds * 1000, 3))


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    request.scope[ERROR_KEY] = exc.type
    return exc.response()


async def _executor_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ExecutorError)
    return await _api_error(request, ApiError.of(exc))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    type_ = {404: NOT_FOUND, 405: METHOD_NOT_ALLOWED}.get(exc.status_code, "invalid_event")
    return await _api_error(request, ApiError(exc.status_code, type_, str(exc.detail),
                                              dict(exc.headers or {})))


async def _internal(request: Request, exc: Exception) -> Response:
    # The type only: an unexpected exception's message may quote a tenant's value.
    log.error("unhandled", route=getattr(request.scope.get("route"), "path", None),
              error_type=type(exc).__name__)
    return error_response(500, "internal", "internal error")


def create_app(settings: ServiceSettings, *, sandbox: Sandbox | None = None,
               packager: Packager | None = None) -> Starlette:
    """The service's Starlette app. `sandbox`: the Sandbox of inprocess mode (default: a new
    one on the shared engine); `packager`: what deploys bundle with (default: one on the
    shared cache). The app's lifespan closes its connections at shutdown.
    """
    service = Service(settings, sandbox, packager)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            service.close()

    app = Starlette(
        routes=service.routes(),
        middleware=[Middleware(RequestLog, metrics=service.metrics)],
        exception_handlers={ApiError: _api_error, ExecutorError: _executor_error,
                            HTTPException: _http_error, Exception: _internal},
        lifespan=lifespan,
    )
    app.state.service = service
    return app
