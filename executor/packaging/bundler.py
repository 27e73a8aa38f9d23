"""esbuild, run by node on bundle.mjs: one action and its packages into one CommonJS program.

The esbuild is guest/node's pinned one (guest.node_packages(), installed once into the
cache with `npm ci --ignore-scripts`); bundle.mjs says how modules resolve. A build error
(the action's own syntax or type-stripping error, a package that cannot be resolved)
becomes an InvalidAction quoting esbuild's messages with their file, line and column.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import guest
from sandbox.errors import InvalidAction

SCRIPT = Path(__file__).resolve().parent / "bundle.mjs"
LANGUAGES = {"javascript": ("js", "action.js"), "typescript": ("ts", "action.ts")}
"""esbuild's loader and the file name stack frames and the source map give the action."""
MAX_MESSAGES = 5


@dataclass(frozen=True)
class Built:
    """esbuild's output: the program, its source map (JSON text) and the warnings."""

    code: str
    source_map: str
    warnings: tuple[str, ...]


def esbuild_dir() -> Path:
    """The node_modules directory esbuild is installed in."""
    return guest.node_packages()


def bundle(source: str, *, language: str, workdir: Path, available: Iterable[str],
           timeout_s: float) -> Built:
    """Bundles `source` (in `language`) with the packages installed in `workdir`."""
    loader, sourcefile = LANGUAGES[language]
    node = shutil.which("node")
    if node is None:
        raise InvalidAction("node is not installed on this host: actions with dependencies or "
                            "TypeScript cannot be deployed here")
    request = {"source": source, "sourcefile": sourcefile, "loader": loader,
               "workdir": str(workdir), "available": sorted(available)}
    try:
        proc = subprocess.run([node, str(SCRIPT), str(esbuild_dir())], input=json.dumps(request),
                              capture_output=True, text=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired:
        raise InvalidAction(f"bundling took longer than {timeout_s:.0f} s") from None
    try:
        out = json.loads(proc.stdout)
    except ValueError:
        raise InvalidAction(f"bundling failed: {proc.stderr.strip()[-600:] or 'no output'}"
                            ) from None
    if proc.returncode != 0 or "errors" in out:
        errors = [str(e) for e in out.get("errors") or ["no message"]]
        more = f" (and {len(errors) - MAX_MESSAGES} more)" if len(errors) > MAX_MESSAGES else ""
        raise InvalidAction("bundling failed: " + "; ".join(errors[:MAX_MESSAGES])[:1500] + more)
    return Built(str(out["code"]), str(out["map"]), tuple(str(w) for w in out["warnings"]))
