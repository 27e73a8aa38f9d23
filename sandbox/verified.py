"""Files the platform wrote itself, each with a SHA-256 beside it, checked on every read.

Compiled native code and QuickJS bytecode are trusted input to wasmtime and QuickJS: a file
that does not match the digest we wrote is deleted, never used.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


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

    def verified_path(self, key: str) -> Path | None:
        """The file's path if it exists and matches its digest; a mismatch deletes it."""
        path, digest = self.path(key), self._digest_path(key)
        try:
            expected = digest.read_text().strip()
            actual = _digest_file(path)
        except OSError:
            return None
        if actual != expected:
            self.reject(key)
            return None
        return path

    def read(self, key: str) -> bytes | None:
        """The file's bytes if they match the digest written with them."""
        path, digest = self.path(key), self._digest_path(key)
        try:
            data = path.read_bytes()
            expected = digest.read_text().strip()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != expected:
            self.reject(key)
            return None
        return data

    def write(self, key: str, data: bytes) -> bool:
        """Stores `data`; False when the directory is read-only or full (a cache miss later)."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path(key), data)
            write_atomic(self._digest_path(key), hashlib.sha256(data).hexdigest().encode())
        except OSError:
            return False
        return True

    def reject(self, key: str) -> None:
        """Deletes a file that failed its check (or could not be loaded)."""
        self.rejected += 1
        for path in (self.path(key), self._digest_path(key)):
            path.unlink(missing_ok=True)
