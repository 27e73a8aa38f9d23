"""The guest's `fetch`, performed by the host under the execution's egress policy.

`fetch.start(method, url, headers, body, redirect)` checks its arguments, counts the
request against `net_requests` (over it, the execution fails: limit_exceeded), and runs it
on the I/O pool (io.py); the guest's promise settles with the response (status, headers,
final URL, the whole body) or rejects with the cause of a network error, which the guest's
fetch wraps in `TypeError: fetch failed` as Node's undici does.

On the host: every hop of a redirect is checked again (its URL here, its addresses in
connect.py); the request and response bodies are capped (`net_request_bytes`,
`net_response_bytes`: reading stops past the cap, after decompression too); each request
has `net_timeout_ms` and never outlives its execution. Connections are pooled per execution
only: a connection one execution's policy allowed never carries another's request.
"""

from __future__ import annotations

import re
import threading
import time
import zlib
from dataclasses import dataclass
from typing import Any

import ada_url
import httpcore

from sandbox.errors import LimitExceeded, RequestRecord
from sandbox.platform.connect import (
    CheckedBackend,
    NetFailure,
    Transfer,
    Transfers,
    failure,
)
from sandbox.platform.egress import EgressPolicy, canonical_host
from sandbox.platform.io import Cancel, Lane, OperationError
from sandbox.platform.services import Platform, PlatformCallError, arg, method
from sandbox.platform.url import URLParts, parse, parts_of

MAX_URL = 64 * 1024
MAX_HEADERS = 256
MAX_HEADER_BYTES = 64 * 1024
UNDICI_MAX_REDIRECTS = 20
REDIRECTS = frozenset({301, 302, 303, 307, 308})
SCHEMES = {"http:": 80, "https:": 443}
TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
TOKENS = re.compile(rf"{TOKEN.pattern}(?:\n{TOKEN.pattern})*")
"""Header names joined by newlines (which no token contains), checked in one match."""
BAD_VALUE = re.compile(r"[\r\n\x00]")
HOP_BY_HOP = frozenset({"host", "content-length", "transfer-encoding", "connection",
                        "keep-alive", "upgrade", "te", "trailer", "proxy-connection"})
"""Headers the host sets itself (from the URL and the body) or that would change how the
connection is used; a tenant's are dropped."""
BODY_HEADERS = ("content-encoding", "content-language", "content-location", "content-type")
CROSS_ORIGIN_DROPPED = ("authorization", "proxy-authorization", "cookie")
"""What undici removes from a request that a redirect sends to another origin."""
REFUSED_METHODS = frozenset({"CONNECT", "TRACE", "TRACK"})
DEADLINE_GRACE_S = 1.0
TEXT_BYTES = 256 * 1024
"""Bodies up to this size also travel decoded (text() and json() need no decoding in the
guest); larger ones travel once, as bytes, not to double a large answer."""
PARALLEL = 8
"""Requests of one execution in progress at once (each holds a thread of the process's I/O
pool while it runs); more wait their turn, their own timeout running."""
_ssl_context = httpcore.default_ssl_context()
"""Verifies certificates against certifi's roots; made once (loading them takes ~20 ms)."""


@dataclass(frozen=True)
class Outgoing:
    """One hop of a request, as the host sends it."""

    method: str
    url: URLParts
    headers: list[tuple[str, str]]
    body: bytes | None


class Network:
    """One execution's outbound requests: its connection pool, deadlines and report."""

    def __init__(self, platform: Platform) -> None:
        self.limits = platform.limits
        self.policy = platform.egress
        self.deadline = platform.deadline
        self.transfers = Transfers()
        self.pool = httpcore.ConnectionPool(
            ssl_context=_ssl_context, max_connections=platform.limits.net_requests,
            network_backend=CheckedBackend(platform.egress, self.transfers), http1=True,
            http2=False, retries=0)
        self.started = 0
        self.lane = Lane(PARALLEL)
        self._records: list[RequestRecord | _Pending] = []
        self._lock = threading.Lock()

    def reserve(self, method_name: str, host: str) -> int:
        """A report slot for a request that starts now, in start order."""
        with self._lock:
            self._records.append(_Pending(method_name, host, time.monotonic()))
            return len(self._records) - 1

    def finish(self, slot: int, host: str, status: int | None, received: int,
               error: str | None) -> None:
        """Fills the request's report slot."""
        with self._lock:
            pending = self._records[slot]
            assert isinstance(pending, _Pending)
            self._records[slot] = RequestRecord(
                pending.method, host, status, round((time.monotonic() - pending.started) * 1000, 3),
                received, error)

    def records(self) -> tuple[RequestRecord, ...]:
        """Every request so far; one still running is shown as aborted (the execution ended
        under it), or timeout when the execution's deadline passed.
        """
        now = time.monotonic()
        unfinished = "timeout" if now >= self.deadline else "aborted"
        with self._lock:
            return tuple(r if isinstance(r, RequestRecord) else
                         RequestRecord(r.method, r.host, None,
                                       round((now - r.started) * 1000, 3), 0, unfinished)
                         for r in self._records)

    def close(self) -> None:
        """Closes every connection of the execution."""
        self.pool.close()


@dataclass(frozen=True)
class _Pending:
    method: str
    host: str
    started: float


def network(platform: Platform) -> Network:
    """The execution's Network, made on its first request."""
    if platform.net is None:
        platform.net = Network(platform)
    assert isinstance(platform.net, Network)
    return platform.net


@method("fetch.start", replayable=False)
def _fetch_start(platform: Platform, args: list[Any]) -> int:
    request, redirect = _request(args, platform)
    net = network(platform)
    net.started += 1
    if net.started > platform.limits.net_requests:
        raise LimitExceeded(f"more than {platform.limits.net_requests} requests")
    slot = net.reserve(request.method, request.url.host)
    started = time.monotonic()
    # Past the execution's deadline the execution ends as a timeout and its end cancels the
    # request; the grace only keeps the request from failing first (a race the action would
    # see as a network error) and bounds it should that cancellation never come.
    deadline = min(started + platform.limits.net_timeout_ms / 1000,
                   platform.deadline + DEADLINE_GRACE_S)

    def work(cancel: Cancel) -> dict[str, Any]:
        return _perform(net, slot, request, redirect, Transfer(deadline, cancel))

    return platform.io.start(work, net.lane, ends_by=deadline)


def _request(args: list[Any], platform: Platform) -> tuple[Outgoing, str]:
    """The checked arguments of fetch.start: the guest is not trusted to send good ones."""
    method_name = arg(args, 0, str, "method")
    if not (0 < len(method_name) <= 32 and TOKEN.fullmatch(method_name)):
        raise PlatformCallError("method must be an HTTP token")
    if method_name.upper() in REFUSED_METHODS:
        raise PlatformCallError(f"'{method_name}' HTTP method is unsupported.")
    url = _parse_url(arg(args, 1, str, "url"))
    if url is None:
        raise PlatformCallError("url must be an absolute http: or https: URL")
    raw = arg(args, 2, list, "headers")
    if len(raw) % 2 or len(raw) > 2 * MAX_HEADERS:
        raise PlatformCallError(f"headers must be at most {MAX_HEADERS} name, value pairs")
    names, values = raw[0::2], raw[1::2]
    # All names in one match and all values in one search rather than one of each per
    # header (a request has five or more, undici's defaults included): a third faster.
    joined = "".join(values) if all(isinstance(v, str) for v in values) else None
    if (joined is None or not all(isinstance(n, str) for n in names)
            or (names and not TOKENS.fullmatch("\n".join(names)))
            or BAD_VALUE.search(joined) or not _latin1(joined)):
        raise PlatformCallError("headers must be valid header names and values")
    size = sum(map(len, names)) + len(joined)
    headers = [(n, v) for n, v in zip(names, values, strict=True) if n.lower() not in HOP_BY_HOP]
    if size > MAX_HEADER_BYTES:
        raise PlatformCallError(f"headers must be at most {MAX_HEADER_BYTES} bytes")
    body = args[3] if len(args) > 3 else None
    if body is not None and not isinstance(body, bytes):
        raise PlatformCallError("body must be bytes or null")
    redirect = arg(args, 4, str, "redirect")
    if redirect not in ("follow", "manual", "error"):
        raise PlatformCallError("redirect must be follow, manual or error")
    return Outgoing(method_name, url, headers, body), redirect


def _latin1(value: str) -> bool:
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def _parse_url(text: str, base: str | None = None) -> URLParts | None:
    """A WHATWG-parsed http(s) URL without credentials, or None."""
    if len(text) > MAX_URL:
        return None
    url = parse(text, base)
    if (url is None or url.protocol not in SCHEMES or url.username or url.password
            or not url.hostname):
        return None
    return url


@dataclass
class _Progress:
    """Where a request got to: the host of its last hop, that hop's status, bytes received."""

    host: str
    status: int | None = None
    received: int = 0


def _perform(net: Network, slot: int, request: Outgoing, redirect: str,
             transfer: Transfer) -> dict[str, Any]:
    """Runs the request on this I/O thread; records it; the answer or OperationError."""
    net.transfers.bind(transfer)
    progress = _Progress(request.url.host)
    try:
        answer = _exchange(net, request, redirect, transfer, progress)
    except Exception as exc:
        failed = _as_failure(exc, transfer)
        net.finish(slot, progress.host, progress.status, progress.received, failed.kind)
        raise OperationError({"kind": failed.kind, **failed.cause}) from None
    finally:
        net.transfers.bind(None)
    net.finish(slot, progress.host, progress.status, progress.received, None)
    return answer


def _exchange(net: Network, request: Outgoing, redirect: str, transfer: Transfer,
              progress: _Progress) -> dict[str, Any]:
    """Sends the request, following redirects as `redirect` says; the final answer."""
    limit = net.limits.net_request_bytes
    if request.body is not None and len(request.body) > limit:
        raise failure("too_large", f"request body is larger than the limit of {limit} bytes",
                      name="RangeError", code="ERR_ACTION_REQUEST_TOO_LARGE")
    hops = min(UNDICI_MAX_REDIRECTS, net.limits.net_redirects)
    for hop in range(hops + 1):
        progress.host, progress.status = request.url.host, None
        transfer.phase = "connect"
        _precheck(net.policy, request.url)
        with net.pool.stream(request.method, _target(request.url),
                             headers=_wire_headers(request), content=request.body,
                             extensions={"timeout": {"pool": transfer.remaining()}}
                             ) as response:
            transfer.phase = "body"
            progress.status = response.status
            following = response.status in REDIRECTS and redirect != "manual"
            if following and redirect == "error":
                raise failure("network", "unexpected redirect")
            location = _header(response.headers, b"location") if following else None
            if location is None:
                body, progress.received = _read_body(response, net.limits.net_response_bytes,
                                                     transfer)
                return _answer(response, request.url, hop > 0, body)
            if hop == hops:
                raise failure("network", "redirect count exceeded")
            request = _next_hop(request, response.status, location)
    raise AssertionError("unreachable: the last hop returns or raises")


def _answer(response: httpcore.Response, url: URLParts, redirected: bool,
            body: bytes) -> dict[str, Any]:
    """What the guest's fetch makes its Response from."""
    reason = response.extensions.get("reason_phrase", b"")
    return {
        "status": response.status,
        "statusText": reason.decode("latin-1") if isinstance(reason, bytes) else "",
        "headers": [part.decode("latin-1") for pair in response.headers for part in pair],
        "url": _without_hash(url),
        "redirected": redirected,
        "body": body,
        "text": _text(body),
    }


def _text(body: bytes) -> str | None:
    """The body as text() gives it (UTF-8, a leading BOM dropped) when it is valid UTF-8 and
    at most TEXT_BYTES; else None, and the guest decodes the bytes itself (with U+FFFD for
    what is not UTF-8, as the standard says), ~100 times slower in the interpreter.
    """
    if len(body) > TEXT_BYTES:
        return None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text[1:] if text.startswith("\ufeff") else text


def _as_failure(exc: Exception, transfer: Transfer) -> NetFailure:
    """Any failure of a request as the report's kind and the cause the guest sees."""
    if isinstance(exc, NetFailure):
        return exc
    if isinstance(exc, httpcore.TimeoutException):
        return transfer.timeout()
    if transfer.cancel.cancelled:
        return failure("aborted", "This operation was aborted", name="AbortError",
                       code="ABORT_ERR")
    if isinstance(exc, httpcore.ProtocolError | httpcore.NetworkError):
        if "disconnected" in str(exc) or "closed" in str(exc).lower():
            return failure("network", "other side closed", name="SocketError",
                           code="UND_ERR_SOCKET")
        return failure("network", "Response does not match the HTTP/1.1 protocol",
                       name="HTTPParserError", code="HPE_INVALID_CONSTANT")
    return failure("network", f"internal error: {type(exc).__name__}")


def _precheck(policy: EgressPolicy, url: URLParts) -> None:
    """The checks a hop's URL must pass before any connection is looked for (a pooled one
    to the same origin was checked when it was made): disabled policy, deny rules.
    """
    refusal = policy.refusal(canonical_host(url.hostname), _port(url))
    if refusal is not None:
        raise failure("refused", refusal, code="ERR_ACTION_EGRESS_REFUSED")


def _port(url: URLParts) -> int:
    return int(url.port) if url.port else SCHEMES[url.protocol]


def _target(url: URLParts) -> httpcore.URL:
    host = url.hostname
    if host.startswith("["):
        host = host[1:-1]
    return httpcore.URL(scheme=url.protocol[:-1].encode(), host=host.encode("ascii"),
                        port=_port(url), target=(url.pathname + url.search).encode("ascii"))


def _wire_headers(request: Outgoing) -> list[tuple[bytes, bytes]]:
    headers = [(b"Host", request.url.host.encode("ascii"))]
    headers += [(n.encode("latin-1"), v.encode("latin-1")) for n, v in request.headers]
    if request.body is None and request.method.upper() in ("POST", "PUT"):
        headers.append((b"Content-Length", b"0"))
    return headers


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> str | None:
    for key, value in headers:
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def _without_hash(url: URLParts) -> str:
    href = url.href
    return href[: len(href) - len(url.hash)] if url.hash else href


def _next_hop(request: Outgoing, status: int, location: str) -> Outgoing:
    """The request a redirect asks for, as the fetch standard (and undici) makes it."""
    url = _parse_url(location, request.url.href)
    if url is None:
        parsed = parse(location, request.url.href)
        if parsed is None:
            raise failure("network", "Invalid URL", name="TypeError", code="ERR_INVALID_URL")
        if parsed.protocol not in SCHEMES:
            raise failure("network", "URL scheme must be a HTTP(S) scheme")
        raise failure("network", "Request cannot be constructed from a URL that includes "
                      "credentials", name="TypeError")
    if not url.hash and request.url.hash:
        url = _with_hash(url, request.url.hash)
    method_name, body, headers = request.method, request.body, request.headers
    upper = method_name.upper()
    if (status in (301, 302) and upper == "POST") or (
            status == 303 and upper not in ("GET", "HEAD")):
        method_name, body = "GET", None
        headers = [(n, v) for n, v in headers if n.lower() not in BODY_HEADERS]
    if url.origin != request.url.origin:
        headers = [(n, v) for n, v in headers if n.lower() not in CROSS_ORIGIN_DROPPED]
    return Outgoing(method_name, url, headers, body)


def _with_hash(url: URLParts, hash_: str) -> URLParts:
    """`url` with its fragment set to `hash_` (the standard's hash setter)."""
    settable = ada_url.URL(url.href)
    settable.hash = hash_
    return parts_of(settable.urlobj)


def _read_body(response: httpcore.Response, cap: int, transfer: Transfer) -> tuple[bytes, int]:
    """The decoded body, at most `cap` bytes, and the bytes received on the wire."""
    decoders = _decoders(_header(response.headers, b"content-encoding"))
    chunks: list[bytes] = []
    size = received = 0
    for wire in response.iter_stream():
        received += len(wire)
        if received > cap and not decoders:
            raise _too_large(cap)
        chunk = wire
        for decoder in decoders:
            chunk = decoder.feed(chunk, cap - size)
        size += len(chunk)
        if size > cap:
            raise _too_large(cap)
        chunks.append(chunk)
        transfer.remaining()
    for decoder in decoders:
        chunks.append(decoder.flush())
    return b"".join(chunks), received


def _too_large(cap: int) -> NetFailure:
    return failure("too_large", f"response body is larger than the limit of {cap} bytes",
                   name="RangeError", code="ERR_ACTION_RESPONSE_TOO_LARGE")


class _Decoder:
    """One content coding undone incrementally, never producing more than asked for."""

    def __init__(self, wbits: int) -> None:
        self._wbits = wbits
        self._z: Any = None

    def feed(self, data: bytes, room: int) -> bytes:
        """`data` decoded; more than `room` bytes means the body is over its cap."""
        if self._z is None:
            wbits = self._wbits
            if wbits == zlib.MAX_WBITS and data and (data[0] & 0x0F) != 8:
                wbits = -zlib.MAX_WBITS  # "deflate" sent raw, as some servers do
            self._z = zlib.decompressobj(wbits)
        try:
            out: bytes = self._z.decompress(data, max(room, 0) + 1)
        except zlib.error:
            raise failure("network", "incorrect header check", code="Z_DATA_ERROR",
                          errno=-3) from None
        return out

    def flush(self) -> bytes:
        """What is left at the end of the body."""
        return b"" if self._z is None else bytes(self._z.flush())


def _decoders(encoding: str | None) -> list[_Decoder]:
    """Decoders for Content-Encoding, last applied first (as undici: gzip and deflate; an
    unknown coding leaves the body as it came).
    """
    if not encoding:
        return []
    codings = [c.strip().lower() for c in encoding.split(",") if c.strip()]
    decoders = []
    for coding in reversed(codings):
        if coding in ("gzip", "x-gzip"):
            decoders.append(_Decoder(zlib.MAX_WBITS | 16))
        elif coding == "deflate":
            decoders.append(_Decoder(zlib.MAX_WBITS))
        else:
            return []
    return decoders
