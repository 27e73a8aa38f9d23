"""The embedded default store: one SQLite file on local disk, shared by threads and processes.

Two CLI invocations (`executor run`, then `executor continue`) meet here, so the file is
opened in WAL mode with a busy timeout, each thread gets its own connection, and every
commit is one `BEGIN IMMEDIATE` transaction: writers queue on the file lock instead of
failing, and a state is consumed by exactly one of them.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from sandbox.errors import StoreUnavailable

from .base import (
    DONE_TTL_MS,
    AlreadyCommitted,
    CacheEntry,
    Commit,
    Namespace,
    StateGone,
    encodable,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS cache (
    tenant TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (tenant, "trigger", key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS states (
    id TEXT PRIMARY KEY,
    payload BLOB NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS states_expires_at ON states (expires_at);
CREATE TABLE IF NOT EXISTS done (
    key TEXT PRIMARY KEY,
    outcome BLOB NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS done_expires_at ON done (expires_at);
"""

_OPENING = threading.Lock()
"""Held while a connection sets WAL mode and the schema: switching a new file to WAL fails
at once, without a busy wait, while another connection of this process does the same."""

PURGE_STATES_LIMIT = 100
"""Expired states (and idempotency markers) a commit deletes on the way, at most: keeps
every commit short."""


class SqliteStore:
    """A store in one SQLite file; safe to share between threads and between processes.

    Nothing is opened until first use: an unusable path surfaces as StoreUnavailable from
    the first call, like an unreachable Redis. `timeout` (seconds) is how long a call waits
    for another writer before giving up.
    """

    def __init__(self, path: Path, *, timeout: float = 5.0) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self._closed = False

    def cache_load(self, namespace: Namespace, now_ms: int) -> dict[str, CacheEntry]:
        """Return every unexpired entry of the namespace; expired ones seen are deleted (see
        base.Store: expiry is final).
        """
        with self._errors():
            db = self._connection()
            rows = db.execute(
                'SELECT key, value, expires_at FROM cache WHERE tenant = ? AND "trigger" = ?',
                (namespace.tenant, namespace.trigger),
            ).fetchall()
            live = {key: CacheEntry(value, expires_at) for key, value, expires_at in rows
                    if expires_at > now_ms}
            if len(live) < len(rows):
                # By expiry again, not by key: a commit may have just written a fresh value.
                db.execute('DELETE FROM cache WHERE tenant = ? AND "trigger" = ?'
                           " AND expires_at <= ?", (namespace.tenant, namespace.trigger, now_ms))
        return live

    def state_get(self, state_id: str, now_ms: int) -> bytes | None:
        """Return the payload of an unexpired state, or None; an expired one seen is deleted
        (see base.Store: expiry is final).
        """
        if not encodable(state_id):
            return None
        with self._errors():
            db = self._connection()
            row = db.execute("SELECT payload, expires_at FROM states WHERE id = ?",
                             (state_id,)).fetchone()
            if row is not None and row[1] <= now_ms:
                db.execute("DELETE FROM states WHERE id = ? AND expires_at <= ?",
                           (state_id, now_ms))
                return None
        return None if row is None else bytes(row[0])

    def committed(self, idempotency_key: str, now_ms: int) -> bytes | None:
        """Return the outcome stored by the unexpired commit with this key, or None."""
        if not encodable(idempotency_key):
            return None
        with self._errors():
            row = self._connection().execute(
                "SELECT outcome FROM done WHERE key = ? AND expires_at > ?",
                (idempotency_key, now_ms),
            ).fetchone()
        return None if row is None else bytes(row[0])

    def commit(self, commit: Commit) -> None:
        """Apply the commit in one transaction; raise AlreadyCommitted or StateGone (nothing
        applied).
        """
        if commit.empty:
            return
        tenant, trigger, now = commit.namespace.tenant, commit.namespace.trigger, commit.now_ms
        key = commit.idempotency_key
        with self._errors(), self._transaction() as db:
            # The marker first: a redelivered resume gets its first answer back, not
            # StateGone for the state its first run consumed.
            if key is not None:
                row = db.execute("SELECT outcome FROM done WHERE key = ? AND expires_at > ?",
                                 (key, now)).fetchone()
                if row is not None:
                    raise AlreadyCommitted(bytes(row[0]))
            if commit.consume_state is not None:
                gone = db.execute(
                    "DELETE FROM states WHERE id = ? AND expires_at > ?",
                    (commit.consume_state, now),
                ).rowcount != 1
                if gone:
                    raise StateGone("the continuation state is unknown, expired or used")
            db.executemany(
                'DELETE FROM cache WHERE tenant = ? AND "trigger" = ? AND key = ?',
                [(tenant, trigger, key) for key in commit.cache_delete],
            )
            db.executemany(
                'INSERT INTO cache (tenant, "trigger", key, value, expires_at)'
                ' VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant, "trigger", key) DO UPDATE'
                " SET value = excluded.value, expires_at = excluded.expires_at",
                [(tenant, trigger, key, entry.value, entry.expires_at)
                 for key, entry in commit.cache_set.items()],
            )
            if (new := commit.create_state) is not None and new.expires_at > now:
                db.execute(
                    "INSERT INTO states (id, payload, expires_at) VALUES (?, ?, ?)"
                    " ON CONFLICT (id) DO UPDATE"
                    " SET payload = excluded.payload, expires_at = excluded.expires_at",
                    (new.state_id, new.payload, new.expires_at),
                )
            if key is not None:
                db.execute(
                    "INSERT INTO done (key, outcome, expires_at) VALUES (?, ?, ?)"
                    " ON CONFLICT (key) DO UPDATE"
                    " SET outcome = excluded.outcome, expires_at = excluded.expires_at",
                    (key, commit.outcome or b"", now + DONE_TTL_MS),
                )
            db.execute(
                'DELETE FROM cache WHERE tenant = ? AND "trigger" = ? AND expires_at <= ?',
                (tenant, trigger, now),
            )
            db.execute(
                "DELETE FROM states WHERE id IN"
                " (SELECT id FROM states WHERE expires_at <= ? LIMIT ?)",
                (now, PURGE_STATES_LIMIT),
            )
            db.execute(
                "DELETE FROM done WHERE key IN"
                " (SELECT key FROM done WHERE expires_at <= ? LIMIT ?)",
                (now, PURGE_STATES_LIMIT),
            )

    def close(self) -> None:
        """Close every thread's connection; idempotent. The store is unusable afterwards."""
        with self._lock:
            self._closed = True
            connections, self._connections = self._connections, []
        for connection in connections:
            connection.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SqliteStore({str(self.path)!r})"

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Turn sqlite and file-system failures into StoreUnavailable."""
        try:
            yield
        except (sqlite3.Error, OSError) as exc:
            raise StoreUnavailable(
                f"sqlite store at {self.path} is unavailable: {exc}"
                + (f" (waited {self.timeout:g} s for another writer)" if _is_busy(exc) else "")
            ) from exc

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """Run BEGIN IMMEDIATE ... COMMIT, rolled back on any exception."""
        db = self._connection()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.rollback()
            raise

    def _connection(self) -> sqlite3.Connection:
        """Return the calling thread's connection, opened (and the schema made) on first use."""
        if self._closed:
            raise StoreUnavailable(f"sqlite store at {self.path} is closed")
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        # A connection must not cross a fork: a child process opens its own.
        if db is not None and self._local.pid == os.getpid():
            return db
        db = self._open()
        self._local.db, self._local.pid = db, os.getpid()
        with self._lock:
            self._connections.append(db)
        return db

    def _open(self) -> sqlite3.Connection:
        """Open a connection: autocommit mode (transactions are explicit), WAL, schema."""
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Cached values and suspended flows can be sensitive: owner-only file (SQLite gives
        # the -wal and -shm files the same mode).
        os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
        db = sqlite3.connect(
            self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False
        )
        try:
            with _OPENING:
                if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    db.execute("PRAGMA journal_mode = WAL")
                # The write lock taken up front: in WAL mode a read that turns into a write
                # after another connection wrote fails at once (SQLITE_BUSY_SNAPSHOT, no busy
                # wait), as processes opening a new file together would.
                db.executescript(f"BEGIN IMMEDIATE;\n{SCHEMA}\nCOMMIT;")
        except BaseException:
            db.close()
            raise
        return db


def _is_busy(exc: BaseException) -> bool:
    """Tell whether SQLite said "database is locked" (a writer held the lock too long)."""
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)
