"""Stores for cache namespaces and suspended flows: SQLite on disk, or Redis.

SQLite on local disk is the default; a `redis://` URL selects Redis. `open_store` picks one
from a `--store` URL.

    from executor.stores import open_store
    store = open_store("redis://127.0.0.1:6379/0")   # or None: the embedded default
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from .base import CacheEntry, Commit, Namespace, NewState, StateGone, Store
from .sqlite import SqliteStore

if TYPE_CHECKING:
    from .redis import RedisStore

__all__ = [
    "CacheEntry",
    "Commit",
    "Namespace",
    "NewState",
    "RedisStore",
    "SqliteStore",
    "StateGone",
    "Store",
    "default_store_path",
    "open_store",
]

REDIS_SCHEMES = ("redis://", "rediss://")
SQLITE_SCHEME = "sqlite://"
DEFAULT_FILE = "store.sqlite3"


def default_store_path() -> Path:
    """Return the embedded store's file: in `$EXECUTOR_DATA_DIR`, else ~/.local/share/executor."""
    data_dir = os.environ.get("EXECUTOR_DATA_DIR")
    base = Path(data_dir) if data_dir else Path.home() / ".local" / "share" / "executor"
    return base.expanduser() / DEFAULT_FILE


def open_store(url: str | None, default_path: Path | None = None) -> Store:
    """Return the store a `--store` URL names.

    None or "" is the embedded default at `default_path` (a file, or a directory to hold
    store.sqlite3; else `default_store_path()`);
    `sqlite:///abs/path` or a plain file path is SQLite; `redis://host:port/db` (or
    `rediss://`) is Redis.

    Nothing is connected yet: an unreachable store raises StoreUnavailable on first use.
    Raises ValueError for any other URL.
    """
    if not url:
        path = default_path or default_store_path()
        # A data directory is accepted too: the store is its store.sqlite3.
        return SqliteStore(path / DEFAULT_FILE if path.is_dir() else path)
    if url.startswith(REDIS_SCHEMES):
        # Imported on demand: redis-py adds ~0.2 s to every CLI start.
        from .redis import RedisStore  # noqa: PLC0415

        try:
            return RedisStore(url)
        except ValueError as exc:
            raise ValueError(f"invalid redis store URL: {exc}") from exc
    if url.startswith(SQLITE_SCHEME):
        file = url.removeprefix(SQLITE_SCHEME)
        if not file.startswith("/") or file == "/":
            raise ValueError(
                "a sqlite store URL takes an absolute file path: sqlite:///abs/path/store.sqlite3"
            )
        return SqliteStore(Path(file))
    if "://" in url:
        scheme = url.split("://", 1)[0]
        raise ValueError(
            f"unsupported store URL scheme {scheme!r:.40}: use redis://host:port/db,"
            " sqlite:///abs/path or a file path"
        )
    return SqliteStore(Path(url).expanduser())


def __getattr__(name: str) -> object:
    """Load RedisStore (and so redis-py) only when it is asked for."""
    if name == "RedisStore":
        from .redis import RedisStore  # noqa: PLC0415 (see open_store)

        return RedisStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
