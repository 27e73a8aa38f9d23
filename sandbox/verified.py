"""Files the platform wrote itself, each with a SHA-256 beside it, checked on every read.

Compiled native code and QuickJS bytecode are trusted input to wasmtime and QuickJS: a file
that does not match the digest we wrote is deleted, never used. The digest file reads as
`sha256sum` prints it, `<hex>  <file name>`: the name binds it to its key, so a valid file
of another action copied in with its digest (a swapped or misplaced file) is refused too.

A cache directory that cannot be written (read-only, full) costs speed only: the write is
logged as a warning and the caller keeps what it compiled in memory. A file half written is
never used: writes go through a temporary file and a rename, and a data file whose digest
could not be written is removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

import structlog

log = structlog.get_logger("sandbox")


def _digest_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Writes via a temp file and rename, so readers see the old file or the whole new one."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class VerifiedFiles:
    """A directory of `<key><suffix>` files, each with a `<key><suffix>.sha256` beside it."""

    def __init__(self, directory: Path, suffix: str) -> None:
        self.directory = directory
        self.suffix = suffix
        self.rejected = 0

    def path(self, key: str) -> Path:
        """Where the file for `key` lives (whether or not it is there)."""
        return self.directory / f"{key}{self.suffix}"

    def _digest_path(self, key: str) -> Path:
        return self.directory / f"{key}{self.suffix}.sha256"

    def _digest_line(self, key: str, digest: str) -> str:
        return f"{digest}  {self.path(key).name}\n"

    def verified_path(self, key: str) -> Path | None:
        """The file's path if it exists and matches its digest; a mismatch deletes it."""
        path, digest = self.path(key), self._digest_path(key)
        try:
            expected = digest.read_text(errors="replace")
            actual = _digest_file(path)
        except OSError:
            return None
        if self._digest_line(key, actual) != expected:
            self.reject(key)
            return None
        return path

    def read(self, key: str) -> bytes | None:
        """The file's bytes if they match the digest written with them."""
        path, digest = self.path(key), self._digest_path(key)
        try:
            data = path.read_bytes()
            expected = digest.read_text(errors="replace")
        except OSError:
            return None
        if self._digest_line(key, hashlib.sha256(data).hexdigest()) != expected:
            self.reject(key)
            return None
        return data

    def write(self, key: str, data: bytes) -> bool:
        """Stores `data`; False (and a warning) when the directory is read-only or full: the
        caller goes on with what it has in memory, and the next process compiles again.
        """
        digest = self._digest_line(key, hashlib.sha256(data).hexdigest())
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path(key), data)
            write_atomic(self._digest_path(key), digest.encode())
        except OSError as exc:
            # Without its digest the data file would only be rejected later: remove it now.
            with contextlib.suppress(OSError):
                self.path(key).unlink(missing_ok=True)
            log.warning("cache_write_failed", directory=str(self.directory),
                        file=self.path(key).name, error=exc.strerror or type(exc).__name__)
            return False
        return True

    def reject(self, key: str) -> None:
        """Deletes a file that failed its check (or could not be loaded). In a directory
        that cannot be written it stays, and is checked and refused again on every read.
        """
        self.rejected += 1
        for path in (self.path(key), self._digest_path(key)):
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
