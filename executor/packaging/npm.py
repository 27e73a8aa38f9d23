"""Running npm: installs from the registry, never a script, errors in npm's own words.

Every install runs `npm install --ignore-scripts` (no lifecycle script of any package ever
runs on the host) in a directory of ours holding only the package.json we wrote, and
writes a lockfile with each package's integrity hash, which npm checked against the
tarball it downloaded. npm's `--json` error (code, summary, detail) becomes the reason of an
InvalidAction; a registry that cannot be reached says so.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from executor.packaging.spec import Dependency
from sandbox.errors import InvalidAction

UNREACHABLE = frozenset({"ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNRESET",
                         "EHOSTUNREACH", "ENETUNREACH", "ENETDOWN", "ESOCKETTIMEDOUT",
                         "ERR_SOCKET_TIMEOUT", "EPROTO", "CERT_HAS_EXPIRED",
                         "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "SELF_SIGNED_CERT_IN_CHAIN"})
FLAGS = ("--ignore-scripts", "--omit=dev", "--omit=optional", "--no-audit", "--no-fund",
         "--no-update-notifier", "--json", "--loglevel=error", "--fetch-retries=1",
         "--fetch-retry-mintimeout=1000", "--fetch-retry-maxtimeout=5000")
"""--omit=optional: optional dependencies are mostly native accelerators, which an action
could not load anyway (lockfile.LAYOUT names these choices)."""


@dataclass(frozen=True)
class Npm:
    """How to run npm: its cache directory (tarballs, metadata), the registry (None: npm's
    configured one) and how long an install may take.
    """

    cache: Path
    registry: str | None = None
    timeout_s: float = 300.0

    def install(self, directory: Path, dependencies: Sequence[Dependency]) -> None:
        """Installs `dependencies` into `directory` (node_modules and package-lock.json);
        InvalidAction with npm's reason when it fails.
        """
        manifest = {"name": "executor-action", "version": "1.0.0", "private": True,
                    "dependencies": {d.name: d.version for d in dependencies}}
        (directory / "package.json").write_text(json.dumps(manifest, indent=1))
        self._run(["install", *FLAGS], directory)

    def _run(self, args: list[str], cwd: Path) -> None:
        npm = shutil.which("npm")
        if npm is None:
            raise InvalidAction("npm is not installed on this host: actions with dependencies "
                                "cannot be deployed here")
        cmd = [npm, *args, f"--cache={self.cache}"]
        if self.registry is not None:
            cmd.append(f"--registry={self.registry}")
        try:
            proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True,
                                  timeout=self.timeout_s, check=False)
        except subprocess.TimeoutExpired:
            raise InvalidAction(f"npm did not finish installing the dependencies within "
                                f"{self.timeout_s:.0f} s (is the npm registry reachable?)"
                                ) from None
        if proc.returncode != 0:
            raise InvalidAction(npm_failure(proc.stdout, proc.stderr))


def npm_failure(stdout: str, stderr: str) -> str:
    """The reason an install failed, from npm's `--json` error (or its last error lines)."""
    error = _json_error(stdout) or _json_error(stderr)
    if error is None:
        lines = [ln.removeprefix("npm error ").strip() for ln in stderr.splitlines()
                 if ln.startswith("npm error") and "complete log" not in ln]
        return "npm failed: " + ("; ".join(lines[:6]) or "no message")[:600]
    code = str(error.get("code") or "")
    summary = str(error.get("summary") or "").strip()
    detail = str(error.get("detail") or "").strip().split("\n")[0]
    if code in UNREACHABLE:
        return f"the npm registry is unreachable ({code}): {summary}"[:600]
    text = summary if not detail or code == "ETARGET" else f"{summary}: {detail}"
    return f"npm {code}: {text}"[:600] if code else f"npm: {text}"[:600]


def _json_error(text: str) -> dict[str, Any] | None:
    start = text.find("{")
    if start == -1:
        return None
    try:
        value = json.loads(text[start:])
    except ValueError:
        return None
    error = value.get("error") if isinstance(value, dict) else None
    return error if isinstance(error, dict) else None
