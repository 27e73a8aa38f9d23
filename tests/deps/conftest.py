"""Fixtures for packaging tests: a packager on the shared cache, a sandbox, a local server.

Installed trees and bundles live in the shared cache (guest.cache_root()), so real packages
are downloaded from the npm registry once per machine, not once per run. The local server
plays the services actions talk to (a JSON API, a SOAP endpoint, Auth0's Management API) on
127.0.0.1 only; sandboxed fetch reaches it through an egress policy that allows its port.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from executor.packaging import Bundle, Packager
from sandbox import CacheSettings, EgressPolicy, ExecutorError, Outcome, Program, Sandbox

EVENT: dict[str, Any] = {
    "user": {"user_id": "auth0|123", "email": "ada@example.com"},
    "request": {"ip": "10.1.2.3", "hostname": "login.example.com"},
    "secrets": {},
}
SOAP_RESPONSE = """<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
               xmlns:m="urn:example:risk">
  <soap:Body>
    <m:CheckUserResponse>
      <m:Risk level="high">0.93</m:Risk>
      <m:Reason>new device</m:Reason>
      <m:Reason>unusual country</m:Reason>
    </m:CheckUserResponse>
  </soap:Body>
</soap:Envelope>
"""

needs_tools = pytest.mark.skipif(shutil.which("npm") is None or shutil.which("node") is None,
                                 reason="npm and node are needed to package actions")


@dataclass
class Received:
    """One request the local server received."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        """The body as JSON."""
        return json.loads(self.body)


@dataclass
class LocalServer:
    """The local server's address and every request it received, in order."""

    port: int
    received: list[Received] = field(default_factory=list)

    @property
    def base(self) -> str:
        """`http://127.0.0.1:PORT`."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def egress(self) -> EgressPolicy:
        """A policy that lets actions reach this server (and public addresses)."""
        return EgressPolicy.from_config({"allow": [f"127.0.0.1:{self.port}"]})


def _handler(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            url = urlsplit(self.path)
            size = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(size) if size else b""
            seen = Received(self.command, url.path, parse_qs(url.query),
                            {k.lower(): v for k, v in self.headers.items()}, body)
            server.received.append(seen)
            status, kind, payload = _route(seen)
            self.send_response(status)
            self.send_header("content-type", kind)
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve

        def log_message(self, *args: Any) -> None:
            """Quiet: the tests read `received` instead."""

    return Handler


def _route(req: Received) -> tuple[int, str, bytes]:
    """The answer of each route the tests use."""
    if req.path == "/ping":
        return 200, "text/plain", b"pong"
    if req.path == "/json":
        echo = {"method": req.method, "query": {k: v[0] for k, v in req.query.items()},
                "body": json.loads(req.body) if req.body else None}
        return 200, "application/json", json.dumps(echo).encode()
    if req.path == "/soap":
        return 200, "text/xml; charset=utf-8", SOAP_RESPONSE.encode()
    if req.path == "/oauth/token":
        token = {"access_token": "mgmt-token-123", "token_type": "Bearer", "expires_in": 86400}
        return 200, "application/json", json.dumps(token).encode()
    if req.path.startswith("/api/v2/users/") and req.method == "PATCH":
        user = {"user_id": req.path.rsplit("/", 1)[1].replace("%7C", "|"), **req.json()}
        return 200, "application/json", json.dumps(user).encode()
    return 404, "application/json", b'{"error": "not found"}'


@pytest.fixture(scope="session")
def local_server() -> Iterator[LocalServer]:
    """A threaded HTTP server on 127.0.0.1 for the session."""
    server = LocalServer(0)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(server))
    server.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield server
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture(scope="session")
def packager() -> Packager:
    """A packager on the shared cache."""
    return Packager()


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Sandbox]:
    """A sandbox on the bytecode path (snapshots are tested on their own)."""
    with Sandbox(cache=CacheSettings(snapshots=False, capacity=64)) as sb:
        yield sb


Run = Callable[..., Outcome]


@pytest.fixture(scope="session")
def run_action(packager: Packager, sandbox: Sandbox) -> Run:
    """Packages an action with its dependencies and runs it once on an event."""

    def run(source: str, deps: list[str], *, event: dict[str, Any] | None = None,
            language: str = "javascript", egress: EgressPolicy | None = None) -> Outcome:
        bundle = packager.package(source, deps, language)
        program = sandbox.load_action(bundle.code, source_map=bundle.source_map)
        kwargs = {} if egress is None else {"egress": egress}
        return sandbox.execute(program, event or EVENT, **kwargs)

    return run


def load(packager: Packager, sandbox: Sandbox, source: str, deps: list[str],
         language: str = "javascript") -> tuple[Bundle, Program]:
    """The bundle of an action and its loaded program."""
    bundle = packager.package(source, deps, language)
    return bundle, sandbox.load_action(bundle.code, source_map=bundle.source_map)


def _probe(sandbox: Sandbox, source: str, expected: Any, egress: EgressPolicy | None = None
           ) -> bool:
    try:
        program = sandbox.load_action(source)
        kwargs = {} if egress is None else {"egress": egress}
        return sandbox.execute(program, EVENT, **kwargs).result == expected
    except ExecutorError:
        return False


@pytest.fixture(scope="session")
def fetch_works(sandbox: Sandbox, local_server: LocalServer) -> bool:
    """Whether the guest's fetch reaches an allowed local server (issue 10's fetch)."""
    source = ("exports.onExecutePostChallenge = async (event) => "
              f"(await fetch('{local_server.base}/ping')).text();\n")
    return _probe(sandbox, source, "pong", local_server.egress)


@pytest.fixture(scope="session")
def subtle_works(sandbox: Sandbox) -> bool:
    """Whether Web Crypto signs an HMAC (issue 10's host crypto), as jose needs."""
    source = """exports.onExecutePostChallenge = async () => {
      const key = await crypto.subtle.importKey('raw', new Uint8Array(32),
        { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      return (await crypto.subtle.sign('HMAC', key, new Uint8Array(1))).byteLength;
    };"""
    return _probe(sandbox, source, 32)


@pytest.fixture
def need_fetch(fetch_works: bool) -> None:
    """Skip until the guest's fetch reaches a local server."""
    if not fetch_works:
        pytest.skip("waiting on issue 10's fetch: fetch does not reach an allowed local server")


@pytest.fixture
def need_subtle(subtle_works: bool) -> None:
    """Skip until Web Crypto can sign (jose needs crypto.subtle)."""
    if not subtle_works:
        pytest.skip("waiting on issue 10's crypto: crypto.subtle cannot sign an HMAC")
