"""The long fuzz run (not in CI): the three property families of tests/fuzz/cases.py for N
cases in total, counted by outcome.

    .venv/bin/python -m benchmarks.fuzz --cases 100000            # about an hour on 2 cores
    .venv/bin/python -m benchmarks.fuzz --cases 3000 --family hostcalls --seed 7

Unlike the CI tests, a broken property does not stop the run: it is counted as a
VIOLATION, its first examples are printed, and the exit status is 1. The last line is a
one-line summary.
"""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import structlog
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from tests.fuzz.cases import Families, Violation, events, frames, resume_cases

FAMILIES = ("events", "resume", "hostcalls")
SHOWN = 5
"""Violating examples printed per family."""


def run_family(name: str, check: Callable[[Any], str], strategy: st.SearchStrategy[Any],
               cases: int, run_seed: int) -> tuple[Counter[str], list[str]]:
    """Run `cases` generated cases; their outcome counts and the first violations."""
    counts: Counter[str] = Counter()
    shown: list[str] = []
    started = time.monotonic()

    @seed(run_seed)
    @settings(max_examples=cases, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def one(case: Any) -> None:
        try:
            counts[check(case)] += 1
        except Violation as exc:
            counts["VIOLATION"] += 1
            if len(shown) < SHOWN:
                shown.append(f"{exc}\n    case: {case!r:.500}")
        done = sum(counts.values())
        if done % 5000 == 0:
            print(f"  {name}: {done} cases, {time.monotonic() - started:.0f} s", flush=True)

    one()
    return counts, shown


def main(argv: list[str] | None = None) -> int:
    """Run the families; print counts per family, the total, and a summary line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fuzz", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=30_000,
                        help="cases in total, shared evenly by the families (default 30000)")
    parser.add_argument("--family", choices=FAMILIES, action="append",
                        help="run only this family (repeatable)")
    parser.add_argument("--seed", type=int, default=None, help="hypothesis seed (default: random)")
    args = parser.parse_args(argv)
    chosen = args.family or list(FAMILIES)
    run_seed = args.seed if args.seed is not None else secrets.randbits(32)
    # One execution event per case would drown the counts: warnings and errors only.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING),
                        logger_factory=structlog.PrintLoggerFactory(sys.stderr))
    print(f"fuzz: {args.cases} cases over {', '.join(chosen)}, seed {run_seed}", flush=True)
    started = time.monotonic()
    total: Counter[str] = Counter()
    with tempfile.TemporaryDirectory(prefix="executor-fuzz-") as workdir:
        families = Families(Path(workdir))
        strategies = {"events": events, "resume": resume_cases, "hostcalls": frames}
        for index, name in enumerate(chosen):
            share = args.cases // len(chosen) + (index < args.cases % len(chosen))
            family = getattr(families, name)
            counts, shown = run_family(name, family.check, strategies[name], share, run_seed)
            print(f"{name}: {sum(counts.values())} cases")
            for outcome, count in counts.most_common():
                print(f"  {outcome:40} {count}")
            for text in shown:
                print(f"  VIOLATION: {text}")
            total.update({f"{name} {k}": v for k, v in counts.items()})
            total[name] = sum(counts.values())
        families.close()
    cases = sum(total[name] for name in chosen)
    violations = sum(v for k, v in total.items() if k.endswith(" VIOLATION"))
    elapsed = time.monotonic() - started
    per_family = ", ".join(f"{name} {total[name]}" for name in chosen)
    print(f"fuzz summary: {cases} cases ({per_family}) in {elapsed:.0f} s, seed {run_seed}: "
          f"{violations} violations")
    sys.stdout.flush()
    # wasmtime's finalizers complain when the interpreter tears its modules down first.
    os._exit(1 if violations else 0)


if __name__ == "__main__":
    main()
