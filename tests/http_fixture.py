"""A local HTTP server for the fetch tests, on 127.0.0.1 only, counting every request it gets.

Routes (GET unless said):
    /json                  {"hello": "world"}
    /echo                  any method: method, path, headers and body (latin-1) as JSON
    /status/N              status N with reason phrase, body "status N"
    /redirect/N            302 to /redirect/N-1, and /redirect/0 is /json
    /to?url=U&code=C       a redirect (default 302) to U
    /slow?ms=N&group=G     waits N ms, then "slow" (counting G's requests in progress)
    /drip                  headers at once, then one body byte every 100 ms (for 30 s at most)
    /big?n=N               N bytes of "x"
    /gzip                  a gzip-encoded body "compressed " * 100
    /bomb                  a gzip body that inflates to 64 MiB
    /cookies               two Set-Cookie headers and X-Custom
    /cut                   promises 100 body bytes, sends 10 and closes
    /bytes?hex=H&repeat=N  the bytes H (hexadecimal) N times (default once)
"""

from __future__ import annotations

import gzip
import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DRIP_MAX_S = 30.0
BOMB = gzip.compress(b"\0" * (64 << 20), compresslevel=9)


class Server(ThreadingHTTPServer):
    """The server, with its hits (method, path) and the client port of each (path, port)."""

    daemon_threads = True
    # socketserver's listen backlog is 5: a burst of connections (an execution's eight
    # requests starting at once) would overflow it, and a dropped SYN is retried after 1 s.
    request_queue_size = 64

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.hits: list[tuple[str, str]] = []
        self.peers: list[tuple[str, int]] = []
        self.active: dict[str, int] = {}
        self.most_active: dict[str, int] = {}
        """The most /slow requests of one `group` (a query parameter) in progress at once."""
        self.lock = threading.Lock()

    @property
    def port(self) -> int:
        """The port it listens on."""
        return int(self.server_address[1])

    def url(self, path: str = "/") -> str:
        """An http URL of this server."""
        return f"http://127.0.0.1:{self.port}{path}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Quiet: clients that go away mid-answer are what several tests do on purpose."""

    def hit_count(self) -> int:
        """How many requests it has received."""
        with self.lock:
            return len(self.hits)


class Handler(BaseHTTPRequestHandler):
    """Answers the routes of the module docstring."""

    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle's algorithm the body of an answer
    # on a kept-alive connection waits for the client's delayed ACK (~40 ms).
    disable_nagle_algorithm = True
    server: Server

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests look at hits, not logs."""

    def _record(self) -> None:
        with self.server.lock:
            self.server.hits.append((self.command, self.path))
            self.server.peers.append((self.path, self.client_address[1]))

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _route(self) -> None:
        self._record()
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = url.path.strip("/").split("/")
        if url.path == "/json":
            self._send(200, b'{"hello": "world"}', {"Content-Type": "application/json"})
        elif url.path == "/echo":
            echo = {"method": self.command, "path": self.path,
                    "headers": [[k.lower(), v] for k, v in self.headers.items()],
                    "body": body.decode("latin-1")}
            self._send(200, json.dumps(echo).encode(), {"Content-Type": "application/json"})
        elif parts[0] == "status":
            code = int(parts[1])
            self._send(code, b"" if code in (204, 304) else f"status {code}".encode())
        elif parts[0] == "redirect":
            left = int(parts[1])
            target = "/json" if left == 0 else f"/redirect/{left - 1}"
            self._send(302, b"", {"Location": target})
        elif url.path == "/to":
            self._send(int(query.get("code", "302")), b"", {"Location": query["url"]})
        elif not self._timed(url.path, query):
            self._content(url.path, query)

    def _timed(self, path: str, query: dict[str, str]) -> bool:
        """The routes that take their time; False for any other path."""
        if path == "/slow":
            self._slow(query)
        elif path == "/drip":
            self._drip()
        else:
            return False
        return True

    def _slow(self, query: dict[str, str]) -> None:
        group = query.get("group", "")
        with self.server.lock:
            active = self.server.active[group] = self.server.active.get(group, 0) + 1
            self.server.most_active[group] = max(self.server.most_active.get(group, 0), active)
        try:
            time.sleep(int(query["ms"]) / 1000)
        finally:
            with self.server.lock:
                self.server.active[group] -= 1
        self._send(200, b"slow")

    def _content(self, path: str, query: dict[str, str]) -> None:
        if path == "/big":
            self._send(200, b"x" * int(query["n"]))
        elif path == "/gzip":
            self._send(200, gzip.compress(b"compressed " * 100), {"Content-Encoding": "gzip"})
        elif path == "/bomb":
            self._send(200, BOMB, {"Content-Encoding": "gzip"})
        elif path == "/bytes":
            self._send(200, bytes.fromhex(query["hex"]) * int(query.get("repeat", "1")))
        elif path == "/cut":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.write(b"only ten b")
            self.close_connection = True
        elif path == "/cookies":
            self.send_response(200)
            self.send_header("Set-Cookie", "a=1; Path=/")
            self.send_header("Set-Cookie", "b=2")
            self.send_header("X-Custom", "yes")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")
        else:
            self._send(404, b"no such route")

    def _drip(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "100000")
        self.end_headers()
        ends = time.monotonic() + DRIP_MAX_S
        try:
            while time.monotonic() < ends:
                self.wfile.write(b"d")
                self.wfile.flush()
                time.sleep(0.1)
        except OSError:
            return  # the client went away: what the tests expect
        self.close_connection = True

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _route


@contextmanager
def serving() -> Iterator[Server]:
    """A running Server, shut down afterwards."""
    server = Server()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
