"""Actions with npm dependencies, run by `node` and by the sandbox: the same output.

Each file of tests/node/packages/ is an action whose first line declares its dependencies
(`// deps: NAME@VERSION ...`, exact versions); a line `// known: REASON` marks a difference
known and not fixed (a strict expected failure, as in tests/node/cases). Node runs it from
a directory where `npm install --ignore-scripts` put those packages; the sandbox runs the
bundle the executor's packager makes of it (browser-first resolution, built-ins from the
runtime).
Both report what the action printed and how it ended.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from executor.packaging import Packager
from sandbox import CacheSettings, ExecutorError, Sandbox
from tests.node.differential import EVENT, NODE_ENV, Ran

HERE = Path(__file__).resolve().parent
KNOWN = re.compile(r"^// known: (.+)$", re.MULTILINE)
CASES = sorted((HERE / "packages").glob("*.js"))
RUNNER = HERE / "package_runner.js"

pytestmark = pytest.mark.skipif(shutil.which("npm") is None or shutil.which("node") is None,
                                reason="npm and node are needed")


def declared(case: Path) -> list[str]:
    """The dependencies a case file declares on its first line."""
    first = case.read_text().splitlines()[0]
    assert first.startswith("// deps: "), f"{case.name} must start with // deps: ..."
    return first.removeprefix("// deps: ").split()


@pytest.fixture(scope="module")
def node_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A directory where npm installed every case's dependencies, and the event."""
    directory = tmp_path_factory.mktemp("node-packages")
    deps = sorted({d for case in CASES for d in declared(case)})
    manifest = {"name": "differential", "version": "1.0.0", "private": True,
                "dependencies": dict(d.rsplit("@", 1) for d in deps)}
    (directory / "package.json").write_text(json.dumps(manifest))
    subprocess.run(["npm", "install", "--ignore-scripts", "--no-audit", "--no-fund",
                    "--loglevel=error"], cwd=directory, check=True, capture_output=True,
                   timeout=600)
    (directory / "event.json").write_text(json.dumps(EVENT))
    yield directory


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    """A sandbox on the bytecode path."""
    with Sandbox(cache=CacheSettings(snapshots=False, capacity=16)) as sb:
        yield sb


def run_node(case: Path, directory: Path) -> Ran:
    """What node printed for the action, run from the directory with its packages."""
    action = directory / case.name
    shutil.copyfile(case, action)
    proc = subprocess.run(["node", str(RUNNER), str(action), str(directory / "event.json")],
                          capture_output=True, text=True, timeout=120, cwd=directory,
                          env={**os.environ, **NODE_ENV}, check=True)
    row = json.loads(proc.stdout)
    return Ran(row["text"], row["ok"], row.get("error"))


def run_sandbox(sb: Sandbox, case: Path) -> Ran:
    """What the sandbox printed for the action bundled with its packages, and how it ended."""
    bundle = Packager().package(case.read_text(), declared(case))
    try:
        out = sb.execute(sb.load_action(bundle.code, source_map=bundle.source_map), EVENT)
    except ExecutorError as exc:
        return Ran("\n".join(exc.details.logs), False, exc.message)
    return Ran("\n".join(out.logs), True)


def _param(case: Path) -> Any:
    known = KNOWN.search(case.read_text())
    marks = [pytest.mark.xfail(reason=known.group(1), strict=True)] if known else []
    return pytest.param(case, id=case.stem, marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_the_sandbox_prints_what_node_prints(case: Path, node_dir: Path,
                                             sandbox: Sandbox) -> None:
    """The action with its packages prints the same lines and ends the same way."""
    assert run_sandbox(sandbox, case) == run_node(case, node_dir)
