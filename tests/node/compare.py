"""Show where the sandbox and `node` differ, snippet by snippet (a developer's tool).

python -m tests.node.compare              # every case file
python -m tests.node.compare buffer url   # snippets whose id contains one of the words
"""

from __future__ import annotations

import difflib
import sys

from sandbox import CacheSettings, Sandbox
from tests.node.differential import load, run_node
from tests.node.test_differential import run_sandbox


def main(words: list[str]) -> int:
    """Prints a unified diff per differing snippet; returns how many differ."""
    snippets = [s for s in load() if not words or any(w in s.id for w in words)]
    node = run_node(snippets)
    bad = 0
    failing = [s.id for s in snippets if not node[s.id].ok and not s.known]
    with Sandbox(cache=CacheSettings(snapshots=False, capacity=64)) as sb:
        for s in snippets:
            ours, theirs = run_sandbox(sb, s), node[s.id]
            if ours == theirs:
                continue
            bad += 1
            print(f"==== {s.id}" + (f"   (known: {s.known})" if s.known else ""))
            if (ours.ok, ours.error) != (theirs.ok, theirs.error):
                print(f"  ending: ours {ours.ok} {ours.error!r}, node {theirs.ok} {theirs.error!r}")
            diff = difflib.unified_diff(theirs.text.splitlines(), ours.text.splitlines(),
                                        "node", "ours", lineterm="", n=0)
            for line in diff:
                print("  " + line[:300])
    if failing:
        # Worth a look: a snippet that fails in node too may fail for a reason of its own.
        print(f"ending with an error in node: {', '.join(failing)}")
    print(f"{bad} of {len(snippets)} differ")
    return bad


if __name__ == "__main__":
    raise SystemExit(1 if main(sys.argv[1:]) else 0)
