"""The processes a queue or HTTP run needs: a private redis-server (unless --redis), N
`executor worker`s, one `executor serve`, all on 127.0.0.1, stopped whatever happens.

Children start in their own session: a Ctrl-C at the terminal reaches only the harness,
which then stops them in order (SIGTERM; SIGKILL after STOP_TIMEOUT_S). On Linux each
child also asks the kernel for SIGTERM when the harness dies (PR_SET_PDEATHSIG), so even a
SIGKILLed harness leaves no worker behind. Their stderr goes to log files in the run's
directory, whose tail is quoted when one fails to start.
"""

from __future__ import annotations

import contextlib
import ctypes
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

from executor.bench.errors import BenchError

READY_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 15.0
POLL_S = 0.05
LOG_TAIL = 2000

Proc = subprocess.Popen[bytes]

PR_SET_PDEATHSIG = 1
# Loaded before any fork: the child only makes the one system call.
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform == "linux" else None


def _die_with_parent() -> None:
    """Runs in the child before exec: SIGTERM when the parent thread ends (Linux)."""
    if _LIBC is not None:
        _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def free_port() -> int:
    """A loopback port free a moment ago (the child binds it right after)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def stop(procs: Sequence[Proc]) -> None:
    """SIGTERM every process still running, then wait; SIGKILL any that does not end, and
    every one still running if the wait itself is interrupted (a second Ctrl-C).
    """
    try:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    except BaseException:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
        raise


def _tail(log: Path) -> str:
    try:
        return log.read_text(errors="replace")[-LOG_TAIL:]
    except OSError:
        return ""


def _spawn(argv: Sequence[str], log: Path, env: Mapping[str, str] | None = None) -> Proc:
    with log.open("wb") as out:
        # preexec_fn with threads around is unsafe when the child needs a lock a parent
        # thread held at the fork; this one makes one call into an already loaded libc.
        return subprocess.Popen(list(argv), stdout=subprocess.DEVNULL, stderr=out,
                                env=dict(env) if env is not None else None,
                                start_new_session=True,
                                preexec_fn=_die_with_parent)  # noqa: PLW1509


def _died(proc: Proc, what: str, log: Path) -> BenchError:
    return BenchError(f"{what} exited ({proc.returncode}) while starting; its log ends:\n"
                      f"{_tail(log)}")


@contextlib.contextmanager
def redis_server(workdir: Path) -> Iterator[tuple[str, Proc]]:
    """A private redis-server on a free loopback port, no persistence; yields (url, proc)."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise BenchError("redis-server is not on PATH: install it (Debian: apt-get install "
                         "redis-server) or pass --redis URL")
    port = free_port()
    log = workdir / "redis.log"
    proc = _spawn([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                   "--appendonly", "no", "--dir", str(workdir)], log)
    try:
        _await_ready(proc, "redis-server", log, lambda: _listening(port))
        yield f"redis://127.0.0.1:{port}/0", proc
    finally:
        stop([proc])


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _await_ready(proc: Proc, what: str, log: Path, ready: Callable[[], bool]) -> None:
    """Poll `ready` until it holds; BenchError when the process dies or time runs out."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    while not ready():
        if proc.poll() is not None:
            raise _died(proc, what, log)
        if time.monotonic() > deadline:
            raise BenchError(f"{what} not ready in {READY_TIMEOUT_S:g} s")
        time.sleep(POLL_S)


def _wait_workers(redis_url: str, procs: Sequence[Proc], logs: Sequence[Path]) -> None:
    """Until each worker's exec:worker:<id> entry names its pid (it reads from then on)."""
    import redis  # noqa: PLC0415 - redis-py on demand

    pending = {str(p.pid).encode(): (p, log) for p, log in zip(procs, logs, strict=True)}
    deadline = time.monotonic() + READY_TIMEOUT_S
    with redis.Redis.from_url(redis_url, socket_timeout=5) as raw:
        while pending:
            for proc, log in pending.values():
                if proc.poll() is not None:
                    raise _died(proc, f"executor worker {proc.pid}", log)
            if time.monotonic() > deadline:
                raise BenchError(f"workers not ready in {READY_TIMEOUT_S:g} s")
            for key in raw.scan_iter("exec:worker:*"):
                pending.pop(raw.hget(key, "pid") or b"", None)
            time.sleep(POLL_S)


@contextlib.contextmanager
def workers(redis_url: str, count: int, *, concurrency: int | None, env: Mapping[str, str],
            logs: Path, args: Sequence[str] = ()) -> Iterator[list[Proc]]:
    """`count` `executor worker` processes (with `args` besides), each ready; stopped on the
    way out.
    """
    procs: list[Proc] = []
    paths = [logs / f"worker{n}.log" for n in range(count)]
    extra = [*([] if concurrency is None else ["--concurrency", str(concurrency)]), *args]
    try:
        for path in paths:
            procs.append(_spawn([sys.executable, "-m", "executor", "worker", "--redis",
                                 redis_url, *extra], path, env))
        _wait_workers(redis_url, procs, paths)
        yield procs
    finally:
        stop(procs)


def _healthy(port: int) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        conn.request("GET", "/healthz")
        response = conn.getresponse()
        body = response.read()
    except (OSError, http.client.HTTPException):
        return False
    finally:
        conn.close()
    if response.status != 200:
        return False
    if json.loads(body).get("mode") != "queue":
        raise BenchError(f"executor serve is not in queue mode: {body[:200]!r}")
    return True


@contextlib.contextmanager
def service(redis_url: str, *, env: Mapping[str, str], logs: Path) -> Iterator[tuple[str, Proc]]:
    """One `executor serve` (queue mode) on a free loopback port; yields (base URL, proc)
    once /healthz answers. Stopped on the way out.
    """
    port = free_port()
    log = logs / "serve.log"
    proc = _spawn([sys.executable, "-m", "executor", "serve", "--redis", redis_url,
                   "--host", "127.0.0.1", "--port", str(port)], log, env)
    try:
        _await_ready(proc, "executor serve", log, lambda: _healthy(port))
        yield f"http://127.0.0.1:{port}", proc
    finally:
        stop([proc])


def child_env(**extra: str) -> dict[str, str]:
    """The environment of this process plus `extra` (the secret key, the admin token)."""
    return {**os.environ, **extra}
