"""Connections for outbound requests, made only where the egress policy lets them go.

httpcore performs the HTTP; this module is its network backend. It resolves the name
itself, checks every address against the execution's policy, and connects only to an
address it checked, so no second resolution (DNS rebinding) can send the request elsewhere.
TLS is verified against the URL's host name (httpcore passes it as the server name).

Every socket operation is bounded by the request's deadline (its own timeout, and never
past the execution's wall clock: a server that drips bytes cannot hold an execution), and a
cancelled request (the guest aborted it, or the execution ended) has its sockets shut down
at once, which wakes a thread blocked reading them.
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import select
import socket
import ssl
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any

import httpcore

from sandbox.platform.egress import Address, EgressPolicy, canonical_host, literal_address
from sandbox.platform.io import Cancel

RESOLVER_THREADS = 8
"""Name resolutions at once for the process; getaddrinfo cannot be interrupted, so it runs
apart and a request stops waiting for it at its deadline."""
_resolver = ThreadPoolExecutor(RESOLVER_THREADS, thread_name_prefix="platform-resolve")

# What Node (libuv) reports for these resolver failures.
GAI_CODES = {socket.EAI_AGAIN: ("EAI_AGAIN", -3001), socket.EAI_FAIL: ("EAI_FAIL", -3007)}
NOT_FOUND = ("ENOTFOUND", -3008)

# OpenSSL verification results, as Node names and words them.
TLS_ERRORS = {
    10: ("CERT_HAS_EXPIRED", "certificate has expired"),
    18: ("DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate"),
    19: ("SELF_SIGNED_CERT_IN_CHAIN", "self-signed certificate in certificate chain"),
    20: ("UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "unable to get local issuer certificate"),
    21: ("UNABLE_TO_VERIFY_LEAF_SIGNATURE", "unable to verify the first certificate"),
}
HOSTNAME_MISMATCH = 62


class NetFailure(Exception):
    """Raised when a request cannot go on: `kind` is the report's error kind (refused,
    timeout, network, aborted, too_large) and `cause` the error the guest's fetch rejects
    with as its `cause` (plain data: name, message, code and Node's extra fields).
    """

    def __init__(self, kind: str, cause: dict[str, Any]) -> None:
        super().__init__(f"{kind}: {cause.get('message')}")
        self.kind = kind
        self.cause = cause


def failure(kind: str, message: str, *, name: str = "Error", code: str | None = None,
            **extra: Any) -> NetFailure:
    """A NetFailure whose cause is `name: message` with `code` and Node's extra fields."""
    cause: dict[str, Any] = {"name": name, "message": message, **extra}
    if code is not None:
        cause["code"] = code
    return NetFailure(kind, cause)


@dataclass
class Transfer:
    """One request in progress: its deadline, its cancellation and the sockets it uses."""

    deadline: float
    cancel: Cancel
    phase: str = "connect"
    """connect, headers or body: which of undici's timeouts a timeout is."""
    _sockets: set[socket.socket] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.cancel.on_cancel(self._interrupt)

    def remaining(self) -> float:
        """Seconds left; raises the request's failure when none are (timeout or aborted)."""
        if self.cancel.cancelled:
            raise failure("aborted", "This operation was aborted", name="AbortError",
                          code="ABORT_ERR")
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise self.timeout()
        return left

    def timeout(self) -> NetFailure:
        """The failure for a timeout in the current phase, as undici names it."""
        if self.phase == "connect":
            return failure("timeout", "Connect Timeout Error", name="ConnectTimeoutError",
                           code="UND_ERR_CONNECT_TIMEOUT")
        if self.phase == "headers":
            return failure("timeout", "Headers Timeout Error", name="HeadersTimeoutError",
                           code="UND_ERR_HEADERS_TIMEOUT")
        return failure("timeout", "Body Timeout Error", name="BodyTimeoutError",
                       code="UND_ERR_BODY_TIMEOUT")

    def attach(self, sock: socket.socket) -> None:
        """`sock` serves this request now (a pooled connection is attached again by every
        request that uses it); interrupted at once if the request is already cancelled.
        """
        with self._lock:
            self._sockets.add(sock)
        if self.cancel.cancelled:
            self._interrupt()

    def _interrupt(self) -> None:
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):  # already closed
                sock.shutdown(socket.SHUT_RDWR)


class Transfers:
    """Which Transfer the current thread is performing (httpcore's sync I/O runs on the
    thread that sent the request, so the stream finds its request here).
    """

    def __init__(self) -> None:
        self._local = threading.local()

    def current(self) -> Transfer:
        """The transfer of this thread; one is always set while a request runs."""
        transfer: Transfer | None = getattr(self._local, "transfer", None)
        if transfer is None:
            raise RuntimeError("network I/O outside a request")
        return transfer

    def bind(self, transfer: Transfer | None) -> None:
        """Makes `transfer` this thread's (None when its request is over)."""
        self._local.transfer = transfer


class CheckedBackend(httpcore.NetworkBackend):
    """httpcore's network backend for one execution: its policy, its requests."""

    def __init__(self, policy: EgressPolicy, transfers: Transfers) -> None:
        self.policy = policy
        self.transfers = transfers

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        """Resolves `host`, checks every address, connects to the first that answers."""
        transfer = self.transfers.current()
        transfer.phase = "connect"
        name = canonical_host(host)
        refusal = self.policy.refusal(name, port)
        if refusal is None:
            addresses = self._resolve(name, port, transfer)
            refusal = self.policy.address_refusal(name, port, addresses)
        if refusal is not None:
            raise failure("refused", refusal, code="ERR_ACTION_EGRESS_REFUSED")
        last: NetFailure | None = None
        for address in addresses:
            try:
                return Stream(self._connect(address, port, transfer), self.transfers)
            except NetFailure as exc:
                if exc.kind != "network":
                    raise
                last = exc
        assert last is not None
        raise last

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None
                            ) -> httpcore.NetworkStream:
        """Never: actions reach hosts by URL only."""
        raise failure("refused", "unix sockets are not reachable", code="ERR_ACTION_EGRESS_REFUSED")

    @staticmethod
    def _resolve(name: str, port: int, transfer: Transfer) -> list[Address]:
        literal = literal_address(name)
        if literal is not None:
            return [literal]
        future = _resolver.submit(socket.getaddrinfo, name, port, 0, socket.SOCK_STREAM)
        # Woken by the answer or by a cancellation, whichever comes first.
        woken = threading.Event()
        future.add_done_callback(lambda _: woken.set())
        transfer.cancel.on_cancel(woken.set)
        woken.wait(transfer.remaining())
        transfer.remaining()  # cancelled or past the deadline: that is the failure
        try:
            infos = future.result(timeout=0)
        except FutureTimeout:
            raise transfer.timeout() from None
        except (socket.gaierror, UnicodeError) as exc:
            code, number = GAI_CODES.get(getattr(exc, "errno", 0), NOT_FOUND)
            raise failure("network", f"getaddrinfo {code} {name}", code=code, errno=number,
                          syscall="getaddrinfo", hostname=name) from None
        addresses: list[Address] = []
        for _family, _type, _proto, _canon, sockaddr in infos:
            address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
            if address not in addresses:
                addresses.append(address)
        if not addresses:
            raise failure("network", f"getaddrinfo ENOTFOUND {name}", code="ENOTFOUND",
                          errno=-3008, syscall="getaddrinfo", hostname=name)
        return addresses

    @staticmethod
    def _connect(address: Address, port: int, transfer: Transfer) -> socket.socket:
        family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        transfer.attach(sock)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.settimeout(transfer.remaining())
            sock.connect((str(address), port))
        except NetFailure:
            sock.close()
            raise
        except TimeoutError:
            sock.close()
            raise transfer.timeout() from None
        except OSError as exc:
            sock.close()
            transfer.remaining()  # an abort shut the socket down: say so
            raise _os_failure(exc, "connect", str(address), port) from None
        return sock


def _os_failure(exc: OSError, syscall: str, address: str | None = None,
                port: int | None = None) -> NetFailure:
    """A socket error as Node words it: `connect ECONNREFUSED 127.0.0.1:8080`."""
    number = exc.errno or errno.EIO
    code = errno.errorcode.get(number, "EIO")
    extra: dict[str, Any] = {"errno": -number, "syscall": syscall}
    where = ""
    if address is not None:
        extra.update(address=address, port=port)
        where = f" {address}:{port}"
    return failure("network", f"{syscall} {code}{where}", code=code, **extra)


def _closed() -> NetFailure:
    return failure("network", "other side closed", name="SocketError", code="UND_ERR_SOCKET")


class Stream(httpcore.NetworkStream):
    """A connected socket whose every operation is bounded by its request's deadline."""

    def __init__(self, sock: socket.socket, transfers: Transfers) -> None:
        self._sock: socket.socket = sock
        self._transfers = transfers

    def _transfer(self) -> Transfer:
        transfer = self._transfers.current()
        transfer.attach(self._sock)
        return transfer

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        """At most `max_bytes`, before the deadline."""
        transfer = self._transfer()
        try:
            self._sock.settimeout(transfer.remaining())
            return self._sock.recv(max_bytes)
        except TimeoutError:
            raise transfer.timeout() from None
        except ssl.SSLError as exc:
            transfer.remaining()
            raise failure("network", f"TLS: {exc.reason or exc}", code="ERR_SSL_PROTOCOL") from None
        except OSError as exc:
            transfer.remaining()
            raise _os_failure(exc, "read") if exc.errno else _closed() from None

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        """All of `buffer`, before the deadline."""
        transfer = self._transfer()
        if transfer.phase == "connect":  # connected (or reusing a connection): now sending
            transfer.phase = "headers"
        try:
            view = memoryview(buffer)
            while view:
                self._sock.settimeout(transfer.remaining())
                sent = self._sock.send(view)
                view = view[sent:]
        except TimeoutError:
            raise transfer.timeout() from None
        except OSError as exc:
            transfer.remaining()
            raise _os_failure(exc, "write") if exc.errno else _closed() from None

    def close(self) -> None:
        """Closes the socket."""
        self._sock.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        """TLS over this connection, its certificate verified against `server_hostname` (the
        URL's host); Node's error codes when verification fails.
        """
        transfer = self._transfer()
        try:
            self._sock.settimeout(transfer.remaining())
            tls = ssl_context.wrap_socket(self._sock, server_hostname=server_hostname)
        except TimeoutError:
            self._sock.close()
            raise transfer.timeout() from None
        except ssl.SSLCertVerificationError as exc:
            self._sock.close()
            raise _tls_failure(exc, server_hostname) from None
        except (ssl.SSLError, OSError) as exc:
            self._sock.close()
            transfer.remaining()
            raise failure("network", "Client network socket disconnected before secure TLS "
                          "connection was established", code="ECONNRESET") from exc
        transfer.attach(tls)
        return Stream(tls, self._transfers)

    def get_extra_info(self, info: str) -> Any:
        """The socket, for httpcore's checks of a pooled connection."""
        if info == "socket":
            return self._sock
        if info == "ssl_object" and isinstance(self._sock, ssl.SSLSocket):
            return self._sock  # httpcore asks it for the negotiated protocol
        if info == "is_readable":
            return _readable(self._sock)
        return None


def _readable(sock: socket.socket) -> bool:
    """Whether an idle pooled connection has bytes waiting or was closed by the server
    (either way it is not reused).
    """
    try:
        fd = sock.fileno()
        if fd < 0:
            return True
        poll = select.poll()
        poll.register(fd, select.POLLIN)
        return bool(poll.poll(0))
    except (OSError, ValueError):
        return True


def _tls_failure(exc: ssl.SSLCertVerificationError, host: str | None) -> NetFailure:
    if exc.verify_code == HOSTNAME_MISMATCH:
        return failure("network", f"Hostname/IP does not match certificate's altnames: "
                       f"Host: {host}. is not in the cert's altnames",
                       code="ERR_TLS_CERT_ALTNAME_INVALID", reason=f"Host: {host}. is not in "
                       "the cert's altnames", host=host)
    code, message = TLS_ERRORS.get(exc.verify_code, ("UNABLE_TO_VERIFY_LEAF_SIGNATURE",
                                                     exc.verify_message or "certificate error"))
    return failure("network", message, code=code)
