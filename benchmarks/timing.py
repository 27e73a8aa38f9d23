"""Timing helpers for the in-process benchmark.

Cases are interleaved round-robin in a rotating order so that drift on a noisy machine
(frequency scaling, neighbours, GC pressure) lands on every case alike instead of on
whichever ran last. Samples are per call, in seconds, from ``time.perf_counter_ns``.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TypedDict


class Summary(TypedDict):
    """Summary statistics of one case's samples, in the samples' unit (seconds)."""

    median: float
    p99: float
    mean: float
    n: int


def interleave(
    cases: Mapping[str, Callable[[], object]], rounds: int, per_round: int
) -> dict[str, list[float]]:
    """Time each case ``rounds * per_round`` times, round-robin, and return samples in seconds.

    In round ``r`` the cases run in their given order rotated left by ``r``; each case runs
    ``per_round`` consecutive calls, each timed on its own.
    """
    if not cases:
        raise ValueError("interleave needs at least one case")
    if rounds < 1 or per_round < 1:
        raise ValueError(f"rounds and per_round must be >= 1, got {rounds} and {per_round}")
    names = list(cases)
    samples: dict[str, list[float]] = {name: [] for name in names}
    clock = time.perf_counter_ns
    for r in range(rounds):
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            fn = cases[name]
            out = samples[name]
            for _ in range(per_round):
                start = clock()
                fn()
                out.append((clock() - start) / 1e9)
    return samples


def percentile(samples: Sequence[float], q: float) -> float:
    """Return the nearest-rank ``q``-th percentile (0 < q <= 100) of ``samples``."""
    if not samples:
        raise ValueError("percentile of no samples")
    if not 0 < q <= 100:
        raise ValueError(f"percentile must be in (0, 100], got {q}")
    ordered = sorted(samples)
    rank = math.ceil(q / 100 * len(ordered))
    return ordered[max(rank, 1) - 1]


def summarize(samples: Sequence[float]) -> Summary:
    """Return the median, nearest-rank p99, mean and count of ``samples``."""
    if not samples:
        raise ValueError("summarize needs at least one sample")
    return Summary(
        median=statistics.median(samples),
        p99=percentile(samples, 99),
        mean=statistics.fmean(samples),
        n=len(samples),
    )


def _cell(value: object, float_format: str) -> str:
    """Render one table cell: floats formatted, None blank, pipes escaped."""
    if value is None:
        return ""
    text = format(value, float_format) if isinstance(value, float) else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table(rows: Sequence[Mapping[str, object]], float_format: str = ".3f") -> str:
    """Render ``rows`` as a GitHub Markdown table; columns are the keys in first-seen order."""
    if not rows:
        return ""
    columns: list[str] = []
    for row in rows:
        columns.extend(key for key in row if key not in columns)
    lines = [
        "| " + " | ".join(_cell(c, float_format) for c in columns) + " |",
        "|" + "|".join(" --- " for _ in columns) + "|",
    ]
    lines.extend(
        "| " + " | ".join(_cell(row.get(c, ""), float_format) for c in columns) + " |"
        for row in rows
    )
    return "\n".join(lines) + "\n"
