"""Keeping the on-disk compiled-module cache under a byte budget.

Each snapshot is a compiled copy of the engine (~4 MB on disk), so a worker that has
snapshotted thousands of actions would fill its disk. After each new snapshot the loader
prunes the module directory to its budget, oldest first by modification time; the loader
touches a module's file whenever it loads it, so "oldest" means "least recently loaded".

Deleting is safe while other processes share the directory: a module already mapped stays
valid (Linux keeps the pages of an unlinked file), and one deleted between the digest check
and the load fails to load and is rebuilt, as a corrupt file would be.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

DIGEST_SUFFIX = ".sha256"


def touch(path: Path) -> None:
    """Mark a cached file as just used; missing or read-only files are left alone."""
    with contextlib.suppress(OSError):
        os.utime(path)


def prune(directory: Path, suffix: str, max_bytes: int, *, keep: frozenset[str] = frozenset()
          ) -> int:
    """Delete the least recently used `*suffix` files (and their digests) until the rest
    weigh at most `max_bytes`; files named in `keep` are never deleted. Returns how many
    files were deleted.
    """
    entries: list[tuple[float, int, Path]] = []
    total = 0
    for path in directory.glob(f"*{suffix}"):
        with contextlib.suppress(OSError):  # deleted by another process meanwhile
            stat = path.stat()
            entries.append((stat.st_mtime, stat.st_size, path))
            total += stat.st_size
    deleted = 0
    for _, size, path in sorted(entries):
        if total <= max_bytes:
            break
        if path.name in keep:
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            Path(str(path) + DIGEST_SUFFIX).unlink(missing_ok=True)
            deleted += 1
        total -= size
    return deleted
