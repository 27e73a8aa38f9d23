"""Native addons: packages that need compiled code, which an action can never load.

A package is native when its package.json says `"gypfile": true`, when it has a
`binding.gyp`, or when it ships a `.node` file (a prebuilt addon). Installs run no script
(`npm install --ignore-scripts`), so nothing was compiled; the deploy is refused, naming the
packages, rather than failing at the first `require` in production.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

NODE_MODULES = "node_modules"


def native_packages(root: Path) -> list[str]:
    """The names of the native packages installed under `root/node_modules`, sorted."""
    found: set[str] = set()
    top = root / NODE_MODULES
    for directory, subdirs, files in os.walk(top):
        subdirs[:] = [d for d in subdirs if d != ".bin"]
        here = Path(directory)
        if "package.json" in files and _declares_native(here, files):
            found.add(_package_of(top, here))
        if any(name.endswith(".node") for name in files):
            found.add(_package_of(top, here))
    found.discard("")
    return sorted(found)


def _declares_native(directory: Path, files: list[str]) -> bool:
    if "binding.gyp" in files:
        return True
    try:
        manifest = json.loads((directory / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and manifest.get("gypfile") is True


def _package_of(top: Path, directory: Path) -> str:
    """The package a directory of the tree belongs to (the innermost node_modules entry)."""
    parts = directory.relative_to(top).parts
    last = max((i for i, p in enumerate(parts) if p == NODE_MODULES), default=-1)
    rest = parts[last + 1:]
    if not rest:
        return ""
    return "/".join(rest[:2]) if rest[0].startswith("@") and len(rest) > 1 else rest[0]
