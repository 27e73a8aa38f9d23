"""The HTTP service (executor/service) on the real redis-server, executions in process."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
import redis
import structlog
from cryptography.fernet import Fernet
from http_fixture import serving
from starlette.exceptions import StarletteDeprecationWarning
from starlette.routing import Route
from structlog.testing import capture_logs

from executor.registry import SECRET_KEY_ENV
from executor.service import ServiceSettings, create_app
from executor.service.settings import ADMIN_TOKEN_ENV
from sandbox import Sandbox

with warnings.catch_warnings():
    # Starlette 1.x prefers httpx2 for its TestClient; httpx (a dev dependency) still works.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

if TYPE_CHECKING:
    from tests.conftest_redis import RedisProcess

ADMIN = "admin-" + "x" * 40
TRIGGER = "password-reset-post-challenge"
EVENT = {"user": {"user_id": "auth0|1", "email_verified": False}, "request": {"ip": "10.0.0.1"}}
VERIFIED = {**EVENT, "user": {"user_id": "auth0|1", "email_verified": True}}
RESULT_FIELDS = {"status", "state", "deny", "challenge", "redirect", "prompt", "result_url",
                 "cache", "actions", "error"}

DENY_UNVERIFIED = """
exports.onExecutePostChallenge = async (event, api) => {
  if (!event.user.email_verified) api.access.deny('verify your email first');
  api.cache.set('seen', event.user.user_id);
};
"""
ALLOW = "exports.onExecutePostChallenge = async (event, api) => {};\n"
THROWS = "exports.onExecutePostChallenge = async () => { throw new Error('boom'); };\n"
REDIRECT = """
exports.onExecutePostChallenge = async (event, api) => {
  api.redirect.sendUserTo(event.secrets.VERIFY_URL, { query: { from: 'reset' } });
};
exports.onContinuePostChallenge = async (event, api) => {
  if (event.request.query.ok !== 'yes') { api.access.deny('not verified'); return; }
  api.transaction.setResultUrl('https://app.example.com/done');
};
"""
SPIN_1S = """
exports.onExecutePostChallenge = async () => {
  const end = Date.now() + 1000;
  while (Date.now() < end) {}
};
"""
SECRET_VALUE = "s3cr3t-value-never-logged"



@pytest.fixture
def secret_key(monkeypatch: pytest.MonkeyPatch) -> str:
    """Set EXECUTOR_SECRET_KEY to a fresh Fernet key for the registry."""
    key = Fernet.generate_key().decode()
    monkeypatch.setenv(SECRET_KEY_ENV, key)
    return key


@pytest.fixture
def settings(redis_url: str, secret_key: str) -> ServiceSettings:
    """Settings of an in-process service on the flushed session server."""
    return ServiceSettings(redis_url, ADMIN, mode="inprocess")


@pytest.fixture
def client(settings: ServiceSettings, sb: Sandbox) -> Iterator[TestClient]:
    """A TestClient of the app (its lifespan closes the app's connections at the end)."""
    with TestClient(create_app(settings, sandbox=sb)) as test_client:
        yield test_client


def bearer(token: str) -> dict[str, str]:
    """The Authorization header for a token."""
    return {"Authorization": f"Bearer {token}"}


def new_key(client: TestClient, tenant: str) -> str:
    """Create an API key for `tenant` with the admin token."""
    response = client.post(f"/v1/tenants/{tenant}/keys", headers=bearer(ADMIN))
    assert response.status_code == 200, response.text
    key: str = response.json()["key"]
    return key


def deploy(client: TestClient, token: str, tenant: str, name: str, code: str,
           **extra: Any) -> int:
    """Deploy an action; its new version."""
    response = client.put(f"/v1/tenants/{tenant}/actions/{name}", headers=bearer(token),
                          json={"code": code, **extra})
    assert response.status_code == 200, response.text
    version: int = response.json()["version"]
    return version


def bind(client: TestClient, token: str, tenant: str, *names: str) -> httpx.Response:
    """Bind `names` to the tenant's trigger."""
    response: httpx.Response = client.put(f"/v1/tenants/{tenant}/triggers/{TRIGGER}/bindings",
                                          headers=bearer(token), json={"actions": list(names)})
    return response


def execute(client: TestClient, token: str, tenant: str, event: Any = EVENT) -> httpx.Response:
    """Execute the tenant's trigger on `event`."""
    response: httpx.Response = client.post(f"/v1/tenants/{tenant}/triggers/{TRIGGER}/execute",
                                           headers=bearer(token), json={"event": event})
    return response


def resume(client: TestClient, token: str, tenant: str, state: str,
           request: dict[str, Any]) -> httpx.Response:
    """Continue a suspended flow of the tenant."""
    response: httpx.Response = client.post(f"/v1/tenants/{tenant}/continue",
                                           headers=bearer(token),
                                           json={"state": state, "request": request})
    return response


def assert_error(response: httpx.Response, status: int, type_: str) -> str:
    """Check an error response's status and error object; its message."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"type", "message"}
    assert body["error"]["type"] == type_, body
    message: str = body["error"]["message"]
    return message


@pytest.fixture
def acme(client: TestClient) -> str:
    """An API key of tenant acme, whose trigger runs DENY_UNVERIFIED."""
    key = new_key(client, "acme")
    deploy(client, key, "acme", "verified", DENY_UNVERIFIED)
    assert bind(client, key, "acme", "verified").status_code == 200
    return key


# ---- the happy paths

def test_tenant_deploys_binds_and_executes(client: TestClient) -> None:
    """An admin-made key deploys, binds and executes: denied and completed result objects."""
    key = new_key(client, "acme")
    assert key.startswith("ek_")
    response = client.put("/v1/tenants/acme/actions/verified", headers=bearer(key),
                          json={"code": DENY_UNVERIFIED, "secrets": {"A": "b"},
                                "limits": {"timeout_ms": 5000}})
    assert response.json() == {"name": "verified", "version": 1}
    response = bind(client, key, "acme", "verified")
    assert response.json() == {"tenant": "acme", "trigger": TRIGGER, "actions": ["verified"]}

    denied = execute(client, key, "acme")
    assert denied.status_code == 200
    result = denied.json()
    assert set(result) == RESULT_FIELDS
    assert result["status"] == "denied"
    assert result["deny"] == {"reason": "verify your email first"}
    assert result["actions"][0]["name"] == "verified"
    assert result["cache"]["set"]["seen"]["value"] == "auth0|1"

    completed = execute(client, key, "acme", VERIFIED).json()
    assert completed["status"] == "completed" and completed["error"] is None


def test_admin_may_manage_a_tenant(client: TestClient) -> None:
    """The admin token deploys and binds for any tenant; the tenant's key then executes."""
    deploy(client, ADMIN, "globex", "allow", ALLOW)
    assert bind(client, ADMIN, "globex", "allow").status_code == 200
    key = new_key(client, "globex")
    assert execute(client, key, "globex").json()["status"] == "completed"


def test_admin_grants_a_tenant_egress_rules(client: TestClient, acme: str) -> None:
    """The admin sets and reads a tenant's own egress rules; a tenant key may do neither."""
    assert client.get("/v1/tenants/acme/net", headers=bearer(ADMIN)).json() == {}
    response = client.put("/v1/tenants/acme/net", headers=bearer(ADMIN),
                          json={"allow": ["127.0.0.1:8080", "API.Example.com"]})
    assert response.json() == {"allow": ["127.0.0.1:8080", "api.example.com"]}
    assert client.get("/v1/tenants/acme/net", headers=bearer(ADMIN)).json() == response.json()
    for method in ("GET", "PUT"):
        assert_error(client.request(method, "/v1/tenants/acme/net", headers=bearer(acme),
                                    json={}), 403, "forbidden")
    bad = client.put("/v1/tenants/acme/net", headers=bearer(ADMIN), json={"allow": ["a/b"]})
    assert_error(bad, 400, "invalid_action")


def test_a_deploy_may_narrow_its_tenants_egress_never_widen(client: TestClient,
                                                            acme: str) -> None:
    """An action's net may deny hosts or keep a subset of the tenant's allowed ones; an allow
    the tenant was not granted is refused, naming it, and deploys nothing.
    """
    client.put("/v1/tenants/acme/net", headers=bearer(ADMIN), json={"allow": ["10.0.0.5"]})
    assert deploy(client, acme, "acme", "narrow", ALLOW,
                  net={"allow": ["10.0.0.5:443"], "deny": ["evil.example"]}) == 1
    wide = client.put("/v1/tenants/acme/actions/wide", headers=bearer(acme),
                      json={"code": ALLOW, "net": {"allow": ["10.0.0.6"]}})
    assert "10.0.0.6" in assert_error(wide, 400, "invalid_action")
    assert_error(client.put("/v1/tenants/acme/actions/wide", headers=bearer(acme),
                            json={"code": ALLOW, "net": {"allow": "10.0.0.5"}}),
                 400, "invalid_action")


def test_a_granted_host_is_reachable_from_the_tenants_executions(client: TestClient,
                                                                 acme: str) -> None:
    """The admin's grant reaches the tenant's executions from the next one on: before it a
    request to the local server is refused, after it the action reaches it.
    """
    fetcher = """exports.onExecutePostChallenge = async (event, api) => {
  try { api.access.deny(`reached ${(await fetch(event.request.query.url)).status}`); }
  catch (err) { api.access.deny(`refused ${err.cause && err.cause.code}`); }
};"""
    deploy(client, acme, "acme", "fetcher", fetcher)
    bind(client, acme, "acme", "fetcher")
    with serving() as server:
        event = {**EVENT, "request": {**EVENT["request"], "query": {"url": server.url("/json")}}}
        before = execute(client, acme, "acme", event).json()
        assert before["deny"] == {"reason": "refused ERR_ACTION_EGRESS_REFUSED"}
        assert before["actions"][0]["requests"][0]["error"] == "refused"
        client.put("/v1/tenants/acme/net", headers=bearer(ADMIN),
                   json={"allow": [f"127.0.0.1:{server.port}"]})
        after = execute(client, acme, "acme", event).json()
        assert after["deny"] == {"reason": "reached 200"}
        assert server.hit_count() == 1


def test_redirect_then_continue(client: TestClient) -> None:
    """A redirect suspends the flow; continue with the tenant's key completes it, once."""
    key = new_key(client, "acme")
    deploy(client, key, "acme", "verify", REDIRECT,
           secrets={"VERIFY_URL": "https://id.example.com/check"})
    bind(client, key, "acme", "verify")
    suspended = execute(client, key, "acme").json()
    assert suspended["status"] == "redirect"
    assert suspended["redirect"]["url"].startswith("https://id.example.com/check?")
    state = suspended["state"]
    assert isinstance(state, str) and state in suspended["redirect"]["url"]

    done = resume(client, key, "acme", state, {"query": {"ok": "yes"}})
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "completed"
    assert done.json()["result_url"] == "https://app.example.com/done"
    # A state resumes a flow exactly once.
    assert_error(resume(client, key, "acme", state, {"query": {"ok": "yes"}}), 409,
                 "invalid_state")


def test_a_suspended_flow_keeps_no_secret_in_redis(client: TestClient, redis_url: str) -> None:
    """While a flow waits for its continue, Redis holds its state sealed: the action's secret
    appears nowhere in the server's keys or values.
    """
    key = new_key(client, "acme")
    secret = "https://id.example.com/secret-path-4b1d"
    deploy(client, key, "acme", "verify", REDIRECT, secrets={"VERIFY_URL": secret})
    bind(client, key, "acme", "verify")
    assert execute(client, key, "acme").json()["status"] == "redirect"
    with redis.Redis.from_url(redis_url) as raw:
        for name in raw.scan_iter(count=1000):
            kind = raw.type(name)
            values = {b"string": lambda k: [raw.get(k)], b"hash": raw.hvals,
                      b"list": lambda k: raw.lrange(k, 0, -1)}.get(kind, lambda k: [])(name)
            assert all(secret.encode() not in (v or b"") for v in values), name


def test_continue_refuses_another_tenants_state(client: TestClient) -> None:
    """A state of acme, sent by globex to its own continue endpoint, is unknown to globex."""
    acme_key, globex_key = new_key(client, "acme"), new_key(client, "globex")
    deploy(client, acme_key, "acme", "verify", REDIRECT, secrets={"VERIFY_URL": "https://x.io"})
    bind(client, acme_key, "acme", "verify")
    state = execute(client, acme_key, "acme").json()["state"]

    assert_error(resume(client, globex_key, "globex", state, {"query": {"ok": "yes"}}), 409,
                 "invalid_state")
    # Refused without consuming it: acme's own continue still works.
    assert resume(client, acme_key, "acme", state, {"query": {"ok": "yes"}}).json()[
        "status"] == "completed"


def test_failed_flow_is_a_200_result(client: TestClient) -> None:
    """An action that throws answers 200 with a failed result naming action_error."""
    key = new_key(client, "acme")
    deploy(client, key, "acme", "throws", THROWS)
    bind(client, key, "acme", "throws")
    response = execute(client, key, "acme")
    assert response.status_code == 200
    result = response.json()
    assert result["status"] == "failed"
    assert result["error"]["type"] == "action_error" and result["error"]["action"] == "throws"


def test_nothing_bound_is_a_failed_result(client: TestClient) -> None:
    """Executing a trigger with nothing bound is a failed result (invalid_action), 200."""
    key = new_key(client, "acme")
    response = execute(client, key, "acme")
    assert response.status_code == 200
    assert response.json()["error"]["type"] == "invalid_action"


def test_unusable_event_is_400(client: TestClient, acme: str) -> None:
    """An event the executor refuses before any action runs is invalid_event, 400."""
    assert_error(execute(client, acme, "acme", {"user": {}, "request": {"ip": "1.2.3.4"}}),
                 400, "invalid_event")


def test_unknown_trigger_is_404(client: TestClient, acme: str) -> None:
    """Binding or executing a trigger this executor does not run is not_found."""
    assert_error(client.put("/v1/tenants/acme/triggers/post-login/bindings", headers=bearer(acme),
                            json={"actions": ["verified"]}), 404, "not_found")
    assert_error(client.post("/v1/tenants/acme/triggers/post-login/execute", headers=bearer(acme),
                             json={"event": EVENT}), 404, "not_found")


def test_bind_of_an_undeployed_action_is_refused(client: TestClient, acme: str) -> None:
    """Binding a name that was never deployed is invalid_action and changes nothing."""
    message = assert_error(bind(client, acme, "acme", "verified", "ghost"), 400,
                           "invalid_action")
    assert "ghost" in message
    assert execute(client, acme, "acme").json()["status"] == "denied"  # still bound alone


def test_rollback_makes_an_earlier_version_current(client: TestClient, acme: str) -> None:
    """Rolling back to version 1 after deploying version 2 runs version 1 again."""
    assert deploy(client, acme, "acme", "verified", ALLOW) == 2
    assert execute(client, acme, "acme").json()["status"] == "completed"
    response = client.post("/v1/tenants/acme/actions/verified/rollback", headers=bearer(acme),
                           json={"version": 1})
    assert response.json() == {"name": "verified", "version": 1}
    assert execute(client, acme, "acme").json()["status"] == "denied"
    assert_error(client.post("/v1/tenants/acme/actions/verified/rollback", headers=bearer(acme),
                             json={"version": 9}), 400, "invalid_action")


def test_execution_does_not_block_the_event_loop(client: TestClient) -> None:
    """While an action spins for a second in its thread, /healthz and deploys still answer."""
    key = new_key(client, "acme")
    deploy(client, key, "acme", "slow", SPIN_1S, limits={"fuel": 100_000_000_000})
    bind(client, key, "acme", "slow")
    with ThreadPoolExecutor(1) as threads:
        running = threads.submit(execute, client, key, "acme")
        time.sleep(0.2)
        started = time.monotonic()
        assert client.get("/healthz").status_code == 200
        deploy(client, key, "acme", "other", ALLOW)
        assert time.monotonic() - started < 0.5
        assert not running.done()
        assert running.result(timeout=30).json()["status"] == "completed"


def test_unexpected_exception_is_a_500_error_object(settings: ServiceSettings, sb: Sandbox,
                                                    info_logs: list[MutableMapping[str, Any]]
                                                    ) -> None:
    """A bug in a handler answers 500 internal without its message, and is logged by type."""
    app = create_app(settings, sandbox=sb)

    def broken(tenant: str) -> str:
        raise RuntimeError(f"leaky detail {SECRET_VALUE}")

    app.state.service.registry.create_key = broken
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post("/v1/tenants/acme/keys", headers=bearer(ADMIN))
    assert_error(response, 500, "internal")
    assert SECRET_VALUE not in response.text and SECRET_VALUE not in repr(info_logs)
    assert any(e["event"] == "unhandled" and e["error_type"] == "RuntimeError"
               for e in info_logs)
    assert any(e["event"] == "request" and e["status"] == 500 for e in info_logs)


def test_revoked_key_no_longer_authenticates(client: TestClient, acme: str) -> None:
    """A tenant revokes its own key; another tenant's key cannot be revoked through it."""
    other = new_key(client, "globex")
    assert_error(client.post("/v1/tenants/acme/keys/revoke", headers=bearer(acme),
                             json={"key": other}), 404, "not_found")
    spare = new_key(client, "acme")
    response = client.post("/v1/tenants/acme/keys/revoke", headers=bearer(acme),
                           json={"key": spare})
    assert response.json() == {"revoked": True}
    assert_error(execute(client, spare, "acme"), 401, "unauthorized")
    assert execute(client, other, "globex").status_code == 200  # untouched


# ---- authentication and authorization, on every route

def tenant_routes() -> list[tuple[str, str, dict[str, Any] | None]]:
    """Every tenant endpoint of acme, with a well-formed body."""
    base = "/v1/tenants/acme"
    return [
        ("POST", f"{base}/keys", None),
        ("POST", f"{base}/keys/revoke", {"key": "ek_nothing"}),
        ("PUT", f"{base}/actions/verified", {"code": ALLOW}),
        ("POST", f"{base}/actions/verified/rollback", {"version": 1}),
        ("PUT", f"{base}/triggers/{TRIGGER}/bindings", {"actions": ["verified"]}),
        ("GET", f"{base}/net", None),
        ("PUT", f"{base}/net", {"allow": ["127.0.0.1:8080"]}),
        ("POST", f"{base}/triggers/{TRIGGER}/execute", {"event": EVENT}),
        ("POST", f"{base}/continue", {"state": "s", "request": {}}),
    ]


def test_route_list_covers_the_app(client: TestClient) -> None:
    """The auth tests below loop over every tenant route the app has."""
    app_routes = {(method, route.path.replace("{tenant}", "acme")
                   .replace("{name}", "verified").replace("{trigger}", TRIGGER))
                  for route in client.app.routes  # type: ignore[attr-defined]
                  if isinstance(route, Route) and route.path.startswith("/v1/")
                  for method in route.methods or () if method != "HEAD"}
    assert app_routes == {(method, path) for method, path, _ in tenant_routes()}


@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer ", "Basic YWRtaW46eA==",
                                    f"Token {ADMIN}", "Bearer ek_not-a-key",
                                    f"Bearer {ADMIN}x", "Bearer " + "k" * 600])
def test_every_route_refuses_a_missing_or_invalid_token(client: TestClient, acme: str,
                                                        header: str | None) -> None:
    """No token, another scheme, or an unknown token is 401 with a Bearer challenge."""
    headers = {} if header is None else {"Authorization": header}
    for method, path, body in tenant_routes():
        response = client.request(method, path, headers=headers, json=body)
        assert_error(response, 401, "unauthorized")
        assert response.headers["www-authenticate"].startswith("Bearer")


def test_every_route_refuses_a_foreign_tenants_key(client: TestClient, acme: str) -> None:
    """A key of globex is 403 on every acme route, and changes nothing of acme's."""
    globex = new_key(client, "globex")
    for method, path, body in tenant_routes():
        message = assert_error(client.request(method, path, headers=bearer(globex), json=body),
                               403, "forbidden")
        assert globex not in message
    assert execute(client, acme, "acme").json()["actions"][0]["name"] == "verified"
    assert client.put(f"/v1/tenants/acme/triggers/{TRIGGER}/bindings", headers=bearer(acme),
                      json={"actions": ["verified"]}).status_code == 200


def test_roles_per_endpoint(client: TestClient, acme: str) -> None:
    """Keys are created by the admin only; executions need the tenant's key, not the admin."""
    assert_error(client.post("/v1/tenants/acme/keys", headers=bearer(acme)), 403, "forbidden")
    for method, path, body in tenant_routes()[-2:]:  # execute, continue
        message = assert_error(client.request(method, path, headers=bearer(ADMIN), json=body),
                               403, "forbidden")
        assert "tenant's own API key" in message


def test_public_endpoints_need_no_token(client: TestClient) -> None:
    """/healthz, /metrics and /openapi.json answer without a token."""
    for path in ("/healthz", "/metrics", "/openapi.json"):
        assert client.get(path).status_code == 200


# ---- malformed requests

OVERSIZED = b'{"code": "' + b"x" * (1024 * 1024) + b'"}'


@pytest.mark.parametrize(("path", "error_type"), [
    ("/v1/tenants/acme/actions/verified", "invalid_action"),
    (f"/v1/tenants/acme/triggers/{TRIGGER}/bindings", "invalid_action"),
    ("/v1/tenants/acme/actions/verified/rollback", "invalid_action"),
    ("/v1/tenants/acme/keys/revoke", "invalid_action"),
    (f"/v1/tenants/acme/triggers/{TRIGGER}/execute", "invalid_event"),
    ("/v1/tenants/acme/continue", "invalid_event"),
])
@pytest.mark.parametrize("content", [
    b"", b"{", b"not json", b"[1, 2]", b'"text"', b"null", b"{}", b'{"x": NaN}',
    b"\xff\xfe", b"[" * 100_000, OVERSIZED,
])
def test_malformed_bodies_are_4xx_error_objects(client: TestClient, acme: str, path: str,
                                                error_type: str, content: bytes) -> None:
    """Bodies that are not JSON objects of the right shape, or too large, are refused."""
    method = "PUT" if path.endswith(("verified", "bindings")) else "POST"
    response = client.request(method, path, headers=bearer(acme), content=content)
    assert_error(response, 413 if content is OVERSIZED else 400, error_type)


@pytest.mark.parametrize(("path", "body", "error_type"), [
    ("/v1/tenants/acme/actions/verified", {"code": 1}, "invalid_action"),
    ("/v1/tenants/acme/actions/verified", {"code": ALLOW, "secrets": []}, "invalid_action"),
    ("/v1/tenants/acme/actions/verified", {"code": ALLOW, "secrets": {"A": 1}},
     "invalid_action"),
    ("/v1/tenants/acme/actions/verified", {"code": ALLOW, "limits": {"fuel": "x"}},
     "invalid_action"),
    ("/v1/tenants/acme/actions/verified", {"code": ALLOW, "limits": {"nope": 1}},
     "invalid_action"),
    ("/v1/tenants/acme/actions/verified", {"code": ALLOW, "secret": {}}, "invalid_action"),
    ("/v1/tenants/acme/actions/verified", {"code": "x" * 100_001}, "invalid_action"),
    (f"/v1/tenants/acme/triggers/{TRIGGER}/bindings", {"actions": "verified"},
     "invalid_action"),
    (f"/v1/tenants/acme/triggers/{TRIGGER}/bindings", {"actions": [1]}, "invalid_action"),
    (f"/v1/tenants/acme/triggers/{TRIGGER}/bindings", {"actions": ["a:b"]}, "invalid_action"),
    (f"/v1/tenants/acme/triggers/{TRIGGER}/bindings", {"actions": ["verified"] * 2},
     "invalid_action"),
    ("/v1/tenants/acme/actions/verified/rollback", {"version": "1"}, "invalid_action"),
    ("/v1/tenants/acme/actions/verified/rollback", {"version": True}, "invalid_action"),
    ("/v1/tenants/acme/actions/verified/rollback", {"version": 0}, "invalid_action"),
    (f"/v1/tenants/acme/triggers/{TRIGGER}/execute", {"event": []}, "invalid_event"),
    (f"/v1/tenants/acme/triggers/{TRIGGER}/execute", {"evnt": EVENT}, "invalid_event"),
    (f"/v1/tenants/acme/triggers/{TRIGGER}/execute", {"event": EVENT, "x": 1},
     "invalid_event"),
    ("/v1/tenants/acme/continue", {"request": {}}, "invalid_event"),
    ("/v1/tenants/acme/continue", {"state": 5, "request": {}}, "invalid_event"),
    ("/v1/tenants/acme/continue", {"state": "s", "request": []}, "invalid_event"),
])
def test_wrong_shapes_are_400(client: TestClient, acme: str, path: str, body: dict[str, Any],
                              error_type: str) -> None:
    """Missing fields, unknown fields and wrong JSON types are 400 with the error object."""
    method = "PUT" if path.endswith(("verified", "bindings")) else "POST"
    assert_error(client.request(method, path, headers=bearer(acme), json=body), 400, error_type)


def test_oversized_streamed_body_is_413(client: TestClient, acme: str) -> None:
    """A body with no Content-Length is cut off as soon as it passes max_body_bytes."""
    chunks = iter([b'{"event": {"a": "', b"x" * (1024 * 1024), b'"}}'])
    response = client.post(f"/v1/tenants/acme/triggers/{TRIGGER}/execute",
                           headers=bearer(acme), content=chunks)
    assert_error(response, 413, "invalid_event")


def test_unknown_route_and_method_are_error_objects(client: TestClient) -> None:
    """Unknown paths are 404 and wrong methods 405, both with the error object."""
    assert_error(client.get("/v1/nothing"), 404, "not_found")
    assert_error(client.get("/v1/tenants/acme/keys", headers=bearer(ADMIN)), 405,
                 "method_not_allowed")


def test_invalid_tenant_name_is_400(client: TestClient) -> None:
    """The admin creating a key for a tenant name the registry refuses gets invalid_action."""
    assert_error(client.post("/v1/tenants/a%3Ab/keys", headers=bearer(ADMIN)), 400,
                 "invalid_action")


# ---- operations: health, metrics, OpenAPI, logs

def test_healthz_follows_redis(client: TestClient, acme: str,
                               redis_process: RedisProcess) -> None:
    """/healthz is 200 with Redis up, 503 store_unavailable while it is down, then 200."""
    assert client.get("/healthz").json() == {"status": "ok", "mode": "inprocess", "redis": "ok"}
    with redis_process.stopped():
        assert_error(client.get("/healthz"), 503, "store_unavailable")
        # A tenant key cannot be checked either: the service is unavailable, not the key.
        assert_error(execute(client, acme, "acme"), 503, "store_unavailable")
    assert client.get("/healthz").status_code == 200


def metric(text: str, name: str, **labels: str) -> float | None:
    """The value of one sample in Prometheus text, or None when absent."""
    want = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        sample, _, value = line.rpartition(" ")
        if line.startswith("#") or not sample.startswith(name):
            continue
        found_name, _, rest = sample.partition("{")
        found = ",".join(sorted(rest.rstrip("}").split(","))) if rest else ""
        if found_name == name and found == want:
            return float(value)
    return None


def test_metrics_count_executions(client: TestClient, acme: str) -> None:
    """/metrics counts executions by tenant and status, errors by type, and durations."""
    execute(client, acme, "acme")
    execute(client, acme, "acme", VERIFIED)
    execute(client, acme, "acme", {"user": {}})
    response = client.get("/metrics")
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert metric(text, "executor_executions_total", tenant="acme", status="denied") == 1
    assert metric(text, "executor_executions_total", tenant="acme", status="completed") == 1
    assert metric(text, "executor_execution_errors_total", tenant="acme",
                  type="invalid_event") == 1
    assert metric(text, "executor_execution_duration_seconds_count", kind="execute") == 3
    assert metric(text, "executor_in_flight", tenant="acme") == 0
    assert metric(text, "executor_queue_depth_total") == 0
    route = "/v1/tenants/{tenant}/triggers/{trigger}/execute"
    assert metric(text, "executor_http_requests_total", method="POST", route=route,
                  status="200") == 2


def test_metrics_report_queue_depth(client: TestClient, redis_url: str) -> None:
    """Queue depth is the XLEN of each tenant's stream, and their sum."""
    from executor.pool.client import PoolClient

    with PoolClient(redis_url) as pool:
        for tenant, jobs in (("acme", 2), ("globex", 1)):
            for _ in range(jobs):
                pool.submit(tenant, TRIGGER, EVENT)  # no worker runs them
    text = client.get("/metrics").text
    assert metric(text, "executor_queue_depth", tenant="acme") == 2
    assert metric(text, "executor_queue_depth", tenant="globex") == 1
    assert metric(text, "executor_queue_depth_total") == 3


def test_metrics_survive_redis_down(client: TestClient, redis_process: RedisProcess) -> None:
    """With Redis down, /metrics still answers, without the queue-depth gauges."""
    with redis_process.stopped():
        response = client.get("/metrics")
    assert response.status_code == 200
    assert "executor_queue_depth_total" not in response.text


def resolve(document: dict[str, Any], ref: str) -> Any:
    """Follow a local JSON pointer ($ref) in the document."""
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def test_openapi_lists_every_route(client: TestClient) -> None:
    """/openapi.json is OpenAPI 3.1 with every route and method, and every $ref resolves."""
    document = json.loads(client.get("/openapi.json").content)
    assert document["openapi"] == "3.1.0"
    assert {"adminToken", "tenantKey"} <= set(document["components"]["securitySchemes"])
    app_routes = {(route.path, method.lower())
                  for route in client.app.routes  # type: ignore[attr-defined]
                  if isinstance(route, Route) for method in route.methods or ()
                  if method != "HEAD"}
    documented = {(path, method) for path, item in document["paths"].items()
                  for method in item}
    assert documented == app_routes
    for path, item in document["paths"].items():
        for operation in item.values():
            assert "200" in operation["responses"], path
            assert operation["operationId"]
    text = json.dumps(document)
    refs = set(re.findall(r'"\$ref": "([^"]+)"', text))
    assert refs and all(resolve(document, ref) for ref in refs)
    error = document["components"]["schemas"]["Error"]["properties"]["error"]
    assert error["required"] == ["type", "message"]


@pytest.fixture
def info_logs() -> Iterator[list[MutableMapping[str, Any]]]:
    """Capture structlog events at INFO, whatever an earlier test configured."""
    saved = structlog.get_config()
    structlog.reset_defaults()
    try:
        with capture_logs() as logs:
            yield logs
    finally:
        structlog.configure(**saved)


def test_one_log_event_per_request_without_secrets(
        client: TestClient, info_logs: list[MutableMapping[str, Any]]) -> None:
    """Each request logs method, route, status, tenant and duration; never a token, a key,
    a secret or a body.
    """
    key = new_key(client, "acme")
    deploy(client, key, "acme", "verified", DENY_UNVERIFIED, secrets={"TOKEN": SECRET_VALUE})
    bind(client, key, "acme", "verified")
    execute(client, key, "acme")
    client.get("/healthz", headers=bearer(key))
    requests = [e for e in info_logs if e["event"] == "request"]
    assert [(e["method"], e["route"], e["status"]) for e in requests] == [
        ("POST", "/v1/tenants/{tenant}/keys", 200),
        ("PUT", "/v1/tenants/{tenant}/actions/{name}", 200),
        ("PUT", "/v1/tenants/{tenant}/triggers/{trigger}/bindings", 200),
        ("POST", "/v1/tenants/{tenant}/triggers/{trigger}/execute", 200),
        ("GET", "/healthz", 200),
    ]
    assert all(e["tenant"] == "acme" for e in requests[:4])
    assert all(e["duration_ms"] >= 0 for e in requests)
    logged = repr(info_logs)
    for secret in (key, ADMIN, SECRET_VALUE, "verify your email first", "auth0|1"):
        assert secret not in logged


def test_settings_refuse_no_admin_token_and_hide_secrets(redis_url: str) -> None:
    """ServiceSettings needs an admin token and leaves tokens and the URL out of its repr."""
    with pytest.raises(ValueError, match="admin token"):
        ServiceSettings(redis_url, "")
    with pytest.raises(ValueError, match="mode"):
        ServiceSettings(redis_url, ADMIN, mode="threads")  # type: ignore[arg-type]
    settings = ServiceSettings(redis_url, ADMIN, secret_key="k")
    assert ADMIN not in repr(settings) and redis_url not in repr(settings)


def test_app_refuses_to_start_without_a_secret_key(redis_url: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Without EXECUTOR_SECRET_KEY the app is not made, and the error says how to make one."""
    monkeypatch.delenv(SECRET_KEY_ENV, raising=False)
    with pytest.raises(ValueError, match=SECRET_KEY_ENV):
        create_app(ServiceSettings(redis_url, ADMIN, mode="inprocess"))


# ---- the real server, from the command line

def free_port() -> int:
    """A TCP port that was free on 127.0.0.1 a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def serve_env(secret_key: str | None, admin: str | None) -> dict[str, str]:
    """The environment of an `executor serve` subprocess."""
    env = {k: v for k, v in os.environ.items() if k not in (SECRET_KEY_ENV, ADMIN_TOKEN_ENV)}
    if secret_key is not None:
        env[SECRET_KEY_ENV] = secret_key
    if admin is not None:
        env[ADMIN_TOKEN_ENV] = admin
    return env


def test_cli_serves_over_loopback(redis_url: str, tmp_path: Path) -> None:
    """`executor serve` binds the port, answers /healthz, takes the admin token from the
    environment, logs JSON lines only, and shuts down cleanly on SIGTERM.
    """
    port = free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "executor", "serve", "--redis", redis_url,
             "--port", str(port), "--inprocess"],
            stdout=subprocess.DEVNULL, stderr=log,
            env=serve_env(Fernet.generate_key().decode(), ADMIN))
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, log_path.read_text()
            try:
                health = httpx.get(f"{base}/healthz", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, log_path.read_text()
                time.sleep(0.1)
        assert health.json()["status"] == "ok"
        key = httpx.post(f"{base}/v1/tenants/acme/keys", headers=bearer(ADMIN), timeout=5)
        assert key.status_code == 200 and key.json()["key"].startswith("ek_")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == -signal.SIGTERM  # uvicorn ends by the signal it got
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    lines = [json.loads(line) for line in log_path.read_text().splitlines()]
    assert any(e.get("event") == "request" and e.get("route") == "/healthz" for e in lines)
    assert any(e.get("event") == "Application shutdown complete." for e in lines)
    assert ADMIN not in log_path.read_text()


@pytest.mark.parametrize(("secret_key", "admin", "message"), [
    (Fernet.generate_key().decode(), None, ADMIN_TOKEN_ENV),
    (None, ADMIN, SECRET_KEY_ENV),
])
def test_cli_refuses_to_start_without_keys(redis_url: str, secret_key: str | None,
                                           admin: str | None, message: str) -> None:
    """Without an admin token or a secret key, `executor serve` exits 2 saying which."""
    done = subprocess.run(
        [sys.executable, "-m", "executor", "serve", "--redis", redis_url,
         "--port", str(free_port())],
        capture_output=True, text=True, timeout=60, env=serve_env(secret_key, admin),
        check=False)
    assert done.returncode == 2
    assert message in done.stderr
