"""A real redis-server for the tests: a pytest plugin (register it with `pytest_plugins`).

`redis_server` starts one server for the session; `redis_url` hands a test that server
flushed before and after it; `redis_process` lets a test stop, freeze or restart it.
Without redis-server on PATH the Redis tests fail in CI (env CI set) and skip elsewhere.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis

START_TIMEOUT = 10.0
"""Seconds a starting server has to answer PING."""


class RedisProcess:
    """One redis-server on 127.0.0.1 that a test can stop and restart.

    It keeps its port across restarts, so clients holding its URL reconnect to the new one.
    Without persistence by default; `durable` turns on the append-only file with an fsync
    per write, so that everything the server acknowledged survives a SIGKILL.
    """

    def __init__(self, executable: str, workdir: Path, *, durable: bool = False) -> None:
        self.executable = executable
        self.workdir = workdir
        self.durable = durable
        self.port = _free_port()
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Return the server's URL (database 0)."""
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def running(self) -> bool:
        """Tell whether the server process is alive."""
        return self._proc is not None and self._proc.poll() is None

    def start(self, *, keep_data: bool = False) -> None:
        """Start the server and wait until it answers PING.

        With `keep_data`, it loads the snapshot a `SAVE` wrote before it stopped (and, when
        durable, its append-only file); otherwise it starts empty.
        """
        if self.running:
            return
        if not keep_data:
            (self.workdir / "dump.rdb").unlink(missing_ok=True)
            shutil.rmtree(self.workdir / "appendonlydir", ignore_errors=True)
        log = (self.workdir / "redis.log").open("ab")
        # Snapshots are off; `dir` is where an explicit SAVE writes one (and the AOF lives).
        aof = ["--appendonly", "yes", "--appendfsync", "always"] if self.durable \
            else ["--appendonly", "no"]
        self._proc = subprocess.Popen(
            [self.executable, "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", *aof, "--dir", str(self.workdir)],
            stdout=log, stderr=subprocess.STDOUT, cwd=self.workdir,
        )
        log.close()
        self._wait_ready()

    def stop(self) -> None:
        """Terminate the server (SIGTERM, then SIGKILL) and wait for it; idempotent."""
        self.resume()
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def kill(self) -> None:
        """Kill the server at once (SIGKILL), as a crash would; the rest as `stop`."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
        self.stop()

    def restart(self, *, keep_data: bool = False) -> None:
        """Stop the server and start a new one on the same port."""
        self.stop()
        self.start(keep_data=keep_data)

    def pause(self) -> None:
        """Freeze the server (SIGSTOP): connections stay open but nothing is answered."""
        if self._proc is not None:
            self._proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        """Unfreeze a paused server (SIGCONT); harmless when it is not paused."""
        if self.running and self._proc is not None:
            self._proc.send_signal(signal.SIGCONT)

    @contextmanager
    def stopped(self) -> Iterator[None]:
        """Stop the server for the duration of the block, then start it again (empty)."""
        self.stop()
        try:
            yield
        finally:
            self.start()

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Freeze the server for the duration of the block."""
        self.pause()
        try:
            yield
        finally:
            self.resume()

    def client(self) -> redis.Redis:
        """Return a new client of the server with short timeouts (close it after use)."""
        return redis.Redis(
            host="127.0.0.1", port=self.port, socket_timeout=2, socket_connect_timeout=2
        )

    def flushall(self) -> None:
        """Empty the server, starting it first if a test left it stopped or frozen."""
        self.resume()
        if not self.running:
            self.start()
        with self.client() as client:
            client.flushall()

    def _wait_ready(self) -> None:
        """Poll PING until the server answers; fail with its log when it does not."""
        deadline = time.monotonic() + START_TIMEOUT
        with redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=0.5,
                         socket_connect_timeout=0.5) as client:
            while time.monotonic() < deadline:
                if self._proc is None or self._proc.poll() is not None:
                    break
                try:
                    if client.ping():
                        return
                except redis.RedisError:
                    time.sleep(0.02)
        log = (self.workdir / "redis.log").read_text(errors="replace")[-2000:]
        self.stop()
        pytest.fail(f"redis-server on port {self.port} did not start:\n{log}")


def _free_port() -> int:
    """Return a TCP port that was free on 127.0.0.1 a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _in_ci() -> bool:
    """Tell whether the tests run in CI (env CI set to anything but "", "0" or "false")."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false")


@pytest.fixture(scope="session")
def redis_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisProcess]:
    """Provide the session's redis-server, started once and terminated at the end."""
    executable = shutil.which("redis-server")
    if executable is None:
        message = "redis-server is not on PATH (Debian: apt-get install redis-server)"
        if _in_ci():
            pytest.fail(message)
        pytest.skip(message)
    server = RedisProcess(executable, tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def redis_server(redis_process: RedisProcess) -> str:
    """Provide the URL of the session's redis-server."""
    return redis_process.url


@pytest.fixture
def redis_url(redis_process: RedisProcess) -> Iterator[str]:
    """Provide the server's URL, flushed before and after the test (restarted if need be)."""
    redis_process.flushall()
    yield redis_process.url
    redis_process.flushall()
