"""--plot FILE.png: the latency CDF on a log axis, and latency over the run.

matplotlib (the `plot` extra) is imported only here and only when asked for, with the Agg
backend: no display is needed and `executor bench` starts without it.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from executor.bench.errors import BenchError
from executor.bench.stats import Recorder, nearest_rank

MAX_POINTS = 50_000
"""Scatter points drawn at most (every n-th call beyond that)."""


def write_plot(path: Path, recorder: Recorder, title: str) -> None:
    """Two panels in one PNG: latency CDF (log x) and each call's latency over time with the
    p99 of every second (log y).
    """
    try:
        import matplotlib  # noqa: PLC0415 - optional, heavy

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt  # noqa: PLC0415
    except ImportError as exc:
        raise BenchError("--plot needs matplotlib: pip install 'action-executor[plot]'") from exc
    fig, (cdf, timeline) = plt.subplots(1, 2, figsize=(13, 5))
    try:
        _cdf(cdf, recorder)
        _timeline(timeline, recorder)
        fig.suptitle(title)
        fig.tight_layout()
        fig.savefig(path, dpi=110)
    finally:
        plt.close(fig)


def _cdf(ax: Any, recorder: Recorder) -> None:
    points = recorder.latency.cdf_ms()
    if points:
        xs, ys = zip(*points, strict=True)
        ax.step(xs, ys, where="post")
        ax.set_xscale("log")
    ax.set_xlabel("latency (ms, log)")
    ax.set_ylabel("fraction of calls at or below")
    ax.set_title("latency CDF")
    ax.grid(True, which="both", alpha=0.3)


def _timeline(ax: Any, recorder: Recorder) -> None:
    starts, latencies = recorder.start_s, recorder.latency_s
    step = max(1, len(starts) // MAX_POINTS)
    ax.scatter(starts[::step], [v * 1e3 for v in latencies[::step]], s=2, alpha=0.3,
               label="calls")
    by_second: defaultdict[int, list[float]] = defaultdict(list)
    for start, latency in zip(starts, latencies, strict=True):
        by_second[int(start)].append(latency)
    seconds = sorted(by_second)
    if seconds:
        p99 = [nearest_rank(sorted(by_second[s]), 99) * 1e3 for s in seconds]
        ax.plot([s + 0.5 for s in seconds], p99, color="red", label="p99 per second")
        ax.set_yscale("log")
    ax.set_xlabel("intended start (s into the window)")
    ax.set_ylabel("latency (ms, log)")
    ax.set_title("latency over time")
    ax.legend(loc="upper right")
    ax.grid(True, which="both", alpha=0.3)
