"""Fixtures of the fault tests: a redis-server that survives SIGKILL, and pool workers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest_redis import RedisProcess

from .load import Workers


@pytest.fixture
def durable_redis(redis_process: RedisProcess,
                  tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisProcess]:
    """A redis-server of its own with the append-only file fsynced on every write
    (`appendfsync always`): what it acknowledged survives a SIGKILL. Stopped at teardown.
    """
    server = RedisProcess(redis_process.executable, tmp_path_factory.mktemp("durable"),
                          durable=True)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[list[Workers]]:
    """Worker sets to start on any server; every worker is stopped at teardown."""
    made: list[Workers] = []
    yield made
    for group in made:
        group.stop()
