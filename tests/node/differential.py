"""Differential tests against Node: the same snippet in `node` and in the sandbox.

A case file (tests/node/cases/*.js) holds snippets, each the body of an async handler,
starting with a line `// == NAME`. A line `// known: REASON` inside a snippet marks a
difference we know of and have not fixed: the test is then an expected failure (strict, so it
fails once the difference is gone). Node runs each snippet in a fresh worker
thread (tests/node/runner.js, one process per case file); the sandbox runs each snippet in a
fresh instance. Both sides report what the snippet wrote to the console and how it ended; the
two must be equal, except for what cannot be: stack frames, as QuickJS's are not V8's (other
function names and columns, and node's include the runner's), so on both sides each run of
frame lines (`    at f (/action.js:2:9)`, and node's `    ... 7 lines matching cause stack
trace ...`) becomes one placeholder line; and the process id in a warning, `(node:<pid>)`.
Everything else of an error's printout (its `Name: message` line, its properties, its
`[cause]`) is compared as it is.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
RUNNER = HERE / "runner.js"
HEADER = re.compile(r"^// == (.+?)\s*$", re.MULTILINE)
KNOWN = re.compile(r"^\s*// known: (.+?)\s*$", re.MULTILINE)
EVENT: dict[str, Any] = {
    "user": {"user_id": "auth0|123", "email": "ada@example.com", "app_metadata": {"plan": "pro"}},
    "request": {"ip": "203.0.113.7", "hostname": "login.example.com", "query": {"a": "1"}},
    "tenant": {"id": "t1"},
}
# A stack frame line as V8 and QuickJS write them, indented by at least four spaces (more when
# the error is nested in an object or a console group).
FRAME = re.compile(r"^( {4,})(?:at \S.*|\.\.\. \d+ lines? matching cause stack trace \.\.\.)$")
# A warning's prefix, `(node:4242) Warning: ...`.
PID = re.compile(r"^(\s*)\(node:\d+\) ", re.MULTILINE)
NODE_ENV = {"TZ": "UTC", "LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8", "NODE_NO_WARNINGS": ""}


@dataclass(frozen=True)
class Snippet:
    """One snippet of a case file."""

    area: str
    name: str
    body: str
    known: str | None

    @property
    def id(self) -> str:
        """The test id: `area: name`."""
        return f"{self.area}: {self.name}"

    @property
    def source(self) -> str:
        """The action the snippet runs as."""
        return f"exports.onExecutePostChallenge = async (event, api) => {{\n{self.body}\n}};\n"


def load(directory: Path = CASES) -> list[Snippet]:
    """Every snippet of every case file, in file order."""
    snippets = []
    for path in sorted(directory.glob("*.js")):
        text = path.read_text()
        heads = list(HEADER.finditer(text))
        for i, head in enumerate(heads):
            end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
            body = text[head.end():end].strip("\n")
            known = KNOWN.search(body)
            snippets.append(Snippet(path.stem, head.group(1), body,
                                    known.group(1) if known else None))
    return snippets


@dataclass(frozen=True)
class Ran:
    """What a snippet did: its console text and how it ended."""

    text: str
    ok: bool
    error: str | None = None


def normalize(text: str) -> str:
    """`text` with each run of stack-frame lines replaced by one line, `<indent>at <frames>`,
    and each warning's process id by `<pid>`.
    """
    out: list[str] = []
    folding = False
    for line in text.split("\n"):
        frame = FRAME.match(line)
        if frame is None:
            out.append(line)
            folding = False
        elif not folding:
            out.append(f"{frame.group(1)}at <frames>")
            folding = True
    return PID.sub(r"\1(node:<pid>) ", "\n".join(out))


def ran(text: str, ok: bool, error: str | None = None) -> Ran:
    """What a snippet did, its console text normalized (`normalize`)."""
    return Ran(normalize(text), ok, error)


def run_node(snippets: list[Snippet]) -> dict[str, Ran]:
    """Runs the snippets in `node`, one process per case file; keyed by snippet id."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is needed for the differential tests")
    results: dict[str, Ran] = {}
    areas: dict[str, list[Snippet]] = {}
    for s in snippets:
        areas.setdefault(s.area, []).append(s)
    env = {**os.environ, **NODE_ENV}
    with tempfile.TemporaryDirectory(prefix="executor-diff-") as tmp:
        event = Path(tmp) / "event.json"
        event.write_text(json.dumps(EVENT))
        procs = []
        # The sandbox's working directory is `/`: node runs in it too (path.resolve, process.cwd).
        for area, items in areas.items():
            cases = Path(tmp) / f"{area}.json"
            cases.write_text(json.dumps([{"name": s.name, "source": s.source} for s in items]))
            procs.append((area, subprocess.Popen([node, RUNNER, cases, event], env=env,
                                                 stdout=subprocess.PIPE, text=True, cwd="/")))
        for area, proc in procs:
            out, _ = proc.communicate(timeout=300)
            for line in out.splitlines():
                row = json.loads(line)
                results[f"{area}: {row['name']}"] = ran(row["text"], row["ok"], row.get("error"))
    return results
