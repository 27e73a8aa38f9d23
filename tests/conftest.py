"""Shared fixtures for the sandbox tests.

One Sandbox serves the session: loading an action the first time costs a compile and a wizer
snapshot; later sessions find it in the on-disk cache.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import structlog
import wasmtime

from executor.stores import RedisStore, SqliteStore, Store
from sandbox import Program, Sandbox

pytest_plugins = ["conftest_redis"]  # the real redis-server fixtures

ECHO = "exports.onExecutePostChallenge = async (event, api) => event;\n"
"""The action most tests share: returns its event unchanged."""


@pytest.fixture(scope="session")
def sb() -> Iterator[Sandbox]:
    """Yield the session's sandbox, on the snapshot path."""
    with Sandbox() as sandbox:
        yield sandbox


@pytest.fixture(scope="session")
def sb_bytecode() -> Iterator[Sandbox]:
    """Yield a sandbox forced onto the bytecode fallback path (no wizer snapshot)."""
    with Sandbox(snapshots=False) as sandbox:
        yield sandbox


@pytest.fixture(scope="session")
def echo(sb: Sandbox) -> Program:
    """Load the echo action once."""
    return sb.load_action(ECHO)


@pytest.fixture(scope="session")
def assert_healthy(sb: Sandbox, echo: Program) -> Callable[[], None]:
    """Return a check that the sandbox still runs a normal action (used after failures)."""

    def check() -> None:
        event = {"still": ["fine", 1, None]}
        out = sb.execute(echo, event)
        assert out.result == event
        assert out.calls == ()

    return check


@pytest.fixture
def loaded_paths(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file wasmtime is asked to deserialize from now on."""
    paths: list[Path] = []
    original = wasmtime.Module.deserialize_file

    def spy(engine: wasmtime.Engine, path: str) -> wasmtime.Module:
        paths.append(Path(path))
        return original(engine, path)

    monkeypatch.setattr(wasmtime.Module, "deserialize_file", staticmethod(spy))
    return paths


@pytest.fixture(params=["sqlite", "redis"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """Each store, empty: SQLite in a fresh file, Redis on the flushed session server."""
    opened: Store
    if request.param == "sqlite":
        opened = SqliteStore(tmp_path / "store.sqlite3")
    else:
        opened = RedisStore(request.getfixturevalue("redis_url"))
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def _structlog_restored() -> Iterator[None]:
    """Give every test the logging configuration the session started with: a test that runs
    the CLI in-process configures structlog globally (filtering below WARNING), which would
    hide the events that later tests capture.
    """
    saved = structlog.get_config()
    yield
    structlog.configure(**saved)
