"""Fuel per CPU millisecond, and how much slower than node the sandbox runs, per workload.

    python -m benchmarks.cpu            # 30 rounds of each workload (benchmarks/cpu/work.js)
    python -m benchmarks.cpu --rounds 100

Each workload (a tight numeric loop, JSON round trips, regular expressions, sorting, string
and object churn) runs in `node` (warm) and in the sandbox (bytecode path, fuel unlimited);
the sandbox's CPU time is the calling thread's (wasmtime runs the guest on it), best of
three. The default `Limits.fuel` is set from these figures: enough fuel that an action node
finishes in about a second of CPU finishes here too, within the 20 s wall clock.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time
from pathlib import Path

from benchmarks.timing import markdown_table
from sandbox import CacheSettings, Limits, Sandbox

HERE = Path(__file__).resolve().parent / "cpu"
UNLIMITED = Limits(fuel=10**13, timeout_ms=600_000)


def node_cpu_ms(rounds: int) -> dict[str, float]:
    """CPU milliseconds node spends on each workload."""
    out = subprocess.run(["node", str(HERE / "node_bench.js"), str(rounds)], capture_output=True,
                         text=True, check=True, cwd=HERE).stdout
    return {row["name"]: row["cpu_ms"] for row in map(json.loads, out.splitlines())}


def sandbox_cpu(sb: Sandbox, name: str, rounds: int) -> tuple[float, int]:
    """(CPU milliseconds, fuel) of one workload in the sandbox, best of three."""
    work = (HERE / "work.js").read_text().replace("module.exports = WORK;", "")
    source = f"{work}\nexports.onExecutePostChallenge = async () => WORK.{name}({rounds});\n"
    program = sb.load_action(source, UNLIMITED)
    best: tuple[float, int] | None = None
    for _ in range(3):
        start = time.thread_time()
        fuel = sb.execute(program, {}, limits=UNLIMITED).report.fuel
        cpu_ms = (time.thread_time() - start) * 1000
        if best is None or cpu_ms < best[0]:
            best = (cpu_ms, fuel)
    assert best is not None
    return best


def main() -> None:
    """Print the table (markdown) and the fuel a node-second needs at the worst slowdown."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    node = node_cpu_ms(args.rounds)
    rows = []
    with Sandbox(cache=CacheSettings(snapshots=False)) as sb:
        for name, node_ms in node.items():
            cpu_ms, fuel = sandbox_cpu(sb, name, args.rounds)
            rows.append({"workload": name, "node_cpu_ms": node_ms, "sandbox_cpu_ms": cpu_ms,
                         "slowdown": cpu_ms / node_ms, "fuel_M": fuel / 1e6,
                         "fuel_per_cpu_ms_M": fuel / cpu_ms / 1e6})
    print(markdown_table(rows))
    worst = max(r["slowdown"] * r["fuel_per_cpu_ms_M"] for r in rows)
    print(f"\nfuel for one node-CPU-second at the worst workload: {worst * 1000 / 1e3:.0f}e9 "
          f"(default Limits.fuel: {Limits().fuel:.3g})")


if __name__ == "__main__":
    main()
