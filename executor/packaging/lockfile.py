"""What npm resolved: every installed package with its version and integrity hash.

Read from the `package-lock.json` npm writes (lockfile version 2 or 3): its `packages` map
names each package by its place in the tree (`node_modules/a/node_modules/b`). The set of
(place, version, integrity) is the install's identity: two installs with the same set are
the same tree, and its digest names the tree's directory in the cache.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sandbox.errors import InternalError

LAYOUT = "npm-hoisted-omit-dev-optional-1"
"""How trees are installed (packager.py's npm flags): part of every tree's digest, so a
change of flags never reuses a tree installed under the old ones."""
NODE_MODULES = "node_modules/"


@dataclass(frozen=True, order=True)
class ResolvedPackage:
    """One installed package: where it sits in the tree, its name, version and integrity."""

    path: str
    name: str
    version: str
    integrity: str

    def to_dict(self) -> dict[str, str]:
        """As the deploy answer, the registry and `executor deps` list it."""
        return {"name": self.name, "version": self.version, "integrity": self.integrity}


def read_lock(path: Path) -> tuple[ResolvedPackage, ...]:
    """The installed packages of a lockfile, ordered by place; InternalError if unreadable."""
    try:
        lock: Any = json.loads(path.read_text(encoding="utf-8"))
        entries = lock["packages"]
        if not isinstance(entries, dict):
            raise TypeError("packages is not an object")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InternalError(f"npm's lockfile {path} is unreadable: {exc}") from exc
    found = []
    for place, entry in entries.items():
        if not place.startswith(NODE_MODULES) or not isinstance(entry, dict):
            continue  # the root project
        if any(entry.get(flag) for flag in ("link", "extraneous", "dev", "optional",
                                              "devOptional")):
            continue  # not installed: installs omit dev and optional packages
        name = entry.get("name") or place[place.rfind(NODE_MODULES) + len(NODE_MODULES):]
        found.append(ResolvedPackage(place, str(name), str(entry.get("version", "")),
                                     str(entry.get("integrity", ""))))
    return tuple(sorted(found))


def tree_digest(packages: tuple[ResolvedPackage, ...]) -> str:
    """The identity of an installed tree (see the module)."""
    canonical = json.dumps([LAYOUT, [[p.path, p.version, p.integrity] for p in packages]],
                           separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def top_level(packages: tuple[ResolvedPackage, ...], names: set[str]
              ) -> dict[str, ResolvedPackage]:
    """The packages installed at the top of the tree under `names`: what each declared
    dependency resolved to.
    """
    return {p.name: p for p in packages if p.path == NODE_MODULES + p.name and p.name in names}
