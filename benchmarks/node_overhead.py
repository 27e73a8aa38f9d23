"""What the Node platform costs an action that uses none of it: before and after, interleaved.

    python -m benchmarks.node_overhead                  # against the commit before issue 10
    python -m benchmarks.node_overhead --before REV     # against any other commit

The tree at REV is exported to a temporary directory (`git archive`) and driven by a second
Python process, the current tree by a third; both build their own guest (cached by content
in the shared cache) and time `Executor.run` of the IP allow-list action on the embedded
store, on its snapshot, with an event it denies. The two take turns round by round, so the
machine's noise falls on both alike. Also reported: each side's linear memory at the end of
an execution and its base snapshot's size.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path
from typing import Any

from benchmarks.timing import markdown_table, summarize

ROOT = Path(__file__).resolve().parent.parent
BEFORE = "fe4a34e"
"""main just before issue 10 (the Node platform) began."""

# Runs in each tree: builds its executor, then answers "N" on stdin with N timings (seconds).
DRIVER = r"""
import json, sys, time, tempfile
from pathlib import Path
import structlog
structlog.configure(processors=[], logger_factory=structlog.ReturnLoggerFactory())
from executor import Action, Executor
import guest
source = Path("benchmarks/actions/ip_allowlist.js").read_text()
event = {"request": {"ip": "203.0.113.7", "hostname": "login.example.com"},
         "user": {"user_id": "auth0|1", "email": "a@example.com"}}
ex = Executor(store_path=Path(tempfile.mkdtemp()) / "store.sqlite3")
run = lambda: ex.run([Action("allowlist", source)], event, tenant="bench")
for _ in range(300):
    result = run()
assert result.status == "denied", result.to_dict()
base = guest.build().base_snapshot
print(json.dumps({"memory_bytes": result.actions[0].memory_bytes,
                  "base_snapshot_bytes": base.stat().st_size if base else 0}), flush=True)
for line in sys.stdin:
    times = []
    for _ in range(int(line)):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    print(json.dumps(times), flush=True)
"""


def export_tree(rev: str, dest: Path) -> Path:
    """The files of commit `rev` (no .git), unpacked into `dest`."""
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True, check=True)
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def start(tree: Path) -> tuple[subprocess.Popen[str], dict[str, Any]]:
    """A driver process in `tree`, warmed up; its first report."""
    proc = subprocess.Popen([sys.executable, "-c", DRIVER], cwd=tree, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert proc.stdout is not None
    return proc, json.loads(proc.stdout.readline())


def measure(proc: subprocess.Popen[str], n: int) -> list[float]:
    """N timed executions in the driver."""
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(f"{n}\n")
    proc.stdin.flush()
    times: list[float] = json.loads(proc.stdout.readline())
    return times


def main() -> None:
    """Print the interleaved comparison as a markdown table."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", default=BEFORE, help=f"the commit to compare with "
                        f"(default {BEFORE})")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--per-round", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="executor-before-") as tmp:
        trees = {f"before ({args.before})": export_tree(args.before, Path(tmp)), "now": ROOT}
        procs = {name: start(tree) for name, tree in trees.items()}
        samples: dict[str, list[float]] = {name: [] for name in trees}
        for _ in range(args.rounds):
            for name, (proc, _info) in procs.items():
                samples[name].extend(measure(proc, args.per_round))
        for proc, _info in procs.values():
            proc.terminate()
    before = summarize(samples[next(iter(samples))])["median"]
    rows = []
    for name, xs in samples.items():
        s = summarize(xs)
        info = procs[name][1]
        rows.append({"case": f"Executor.run, allow-list (deny), {name}",
                     "median_ms": s["median"] * 1e3, "p99_ms": s["p99"] * 1e3,
                     "x_before": s["median"] / before, "memory_MiB": info["memory_bytes"] / 2**20,
                     "base_snapshot_MB": info["base_snapshot_bytes"] / 1e6, "n": s["n"]})
    print(markdown_table(rows))


if __name__ == "__main__":
    main()
