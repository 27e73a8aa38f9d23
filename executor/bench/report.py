"""The run's report: the JSON document, the summary table, and the progress bar.

JSON fields (benchmarks/README.md, "executor bench", explains each):

    mode, executions, throughput_per_s, latency_ms {p50, p90, p99, p999, max, mean, min},
    errors {type: count}, duration_s, elapsed_s, calls {execute, continue},
    statuses {status: count}, http_statuses {code: count}, open_loop {...} | null,
    fairness {...}, resources {role: {...}}, machine {...}, workload {...}, config {...}
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from executor.bench.settings import BenchSettings
from executor.bench.stats import Recorder, served_fairness, spread, tenant_rows
from executor.bench.workload import Workload

TOP_TENANTS = 20
"""Tenants listed one by one in the JSON (the most requested)."""
MIN_TENANT_CALLS = 20
"""A tenant's p99 counts in the spread only from this many calls."""


def build(settings: BenchSettings, workload: Workload, recorder: Recorder, *,
          resources: Mapping[str, Any], machine: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON report of a finished run."""
    window = recorder.window_end - recorder.t0
    # Until the last measured call was answered: an open loop drains after its window.
    elapsed = max(window, recorder.last_end - recorder.t0)
    executions = recorder.latency.count
    rows = tenant_rows(recorder, [t.name for t in workload.tenants],
                       [t.hostile for t in workload.tenants])
    flows = sum(recorder.offered.values())
    return {
        "mode": settings.mode,
        "executions": executions,
        "throughput_per_s": round(executions / elapsed, 1) if elapsed > 0 else 0.0,
        "latency_ms": recorder.latency.summary_ms(),
        "errors": dict(recorder.errors.most_common()),
        "duration_s": round(window, 3),
        "elapsed_s": round(elapsed, 3),
        "flows": flows,
        "calls": dict(recorder.calls),
        "statuses": dict(recorder.statuses.most_common()),
        "http_statuses": dict(recorder.http_statuses) or None,
        "open_loop": _open_loop(settings, recorder, flows),
        "fairness": {
            "jain_served_vs_offered": _round(served_fairness(recorder.offered,
                                                             recorder.served)),
            "formula": "J = (sum x_i)^2 / (n sum x_i^2), x_i = (served_i/served) / "
                       "(offered_i/offered), over tenants offered a flow in the window",
            "tenants_offered": len(recorder.offered),
            "tenant_p50_ms": spread(rows, "p50_ms", MIN_TENANT_CALLS),
            "tenant_p99_ms": spread(rows, "p99_ms", MIN_TENANT_CALLS),
            "top_tenants": rows[:TOP_TENANTS],
        },
        "resources": dict(resources),
        "machine": dict(machine),
        "workload": workload.describe(),
        "config": settings.describe(),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _open_loop(settings: BenchSettings, recorder: Recorder, flows: int
               ) -> dict[str, Any] | None:
    if settings.rate is None:
        return None
    lag = recorder.send_lag
    return {"rate_per_s": settings.rate, "scheduled": flows,
            "late_sends": recorder.late,
            "late_share": round(recorder.late / flows, 4) if flows else 0.0,
            "send_lag_ms": {"p50": round(lag.percentile_ms(50), 3),
                            "p99": round(lag.percentile_ms(99), 3),
                            "max": round(lag.max_s * 1e3, 3)}}


def summary_table(report: Mapping[str, Any]) -> Table:
    """The figures that matter, as a rich table."""
    cfg = report["config"]
    loop = (f"open loop at {cfg['rate']:g}/s" if cfg["rate"] is not None
            else f"closed loop, {cfg['threads']} in flight")
    table = Table(title=f"executor bench: {report['mode']}, {loop}", show_header=False)
    table.add_column("what", style="bold")
    table.add_column("value")
    lat = report["latency_ms"]
    table.add_row("executions", f"{report['executions']:,} in {report['elapsed_s']:.1f} s "
                  f"({report['flows']:,} flows)")
    table.add_row("throughput", f"{report['throughput_per_s']:,.1f} /s")
    table.add_row("latency ms", "  ".join(f"{k} {lat[k]:.2f}" for k in
                                          ("p50", "p90", "p99", "p999", "max")))
    errors = report["errors"]
    table.add_row("errors", ", ".join(f"{k} {v:,}" for k, v in errors.items()) or "none")
    table.add_row("statuses", ", ".join(f"{k} {v:,}" for k, v in report["statuses"].items()))
    if report["open_loop"]:
        ol = report["open_loop"]
        table.add_row("late sends", f"{ol['late_sends']:,} of {ol['scheduled']:,} "
                      f"(lag p99 {ol['send_lag_ms']['p99']:.2f} ms)")
    fair = report["fairness"]
    table.add_row("fairness (Jain)", str(fair["jain_served_vs_offered"]))
    p99 = fair["tenant_p99_ms"]
    if p99:
        table.add_row("tenant p99 ms", f"best {p99['best']:.2f}, median {p99['median']:.2f}, "
                      f"worst {p99['worst']:.2f} ({p99['worst_tenant']}; "
                      f"{p99['tenants']} tenants)")
    for role, use in report["resources"].items():
        if isinstance(use, dict) and "cpu_s" in use:
            table.add_row(f"{role}", f"{use['cpu_s']:.1f} CPU s ({use['cpu_cores']} cores), "
                          f"{use['cpu_ms_per_execution']} CPU ms/exec, peak RSS "
                          f"{use['peak_rss_mib_total']:.0f} MiB")
    commands = report["resources"].get("redis_commands")
    if commands:
        top = ", ".join(f"{name} {c['per_execution']:g}"
                        for name, c in list(commands["top"].items())[:4])
        table.add_row("redis / exec", f"{commands['commands_per_execution']:g} commands, "
                      f"{commands['server_us_per_execution']:g} us ({top})")
    return table


def print_summary(report: Mapping[str, Any], console: Console | None = None) -> None:
    """The summary table on stdout (or `console`)."""
    (console or Console()).print(summary_table(report))


Update = Callable[[float, int, int], None]
"""update(seconds done, calls so far, errors so far)."""


@contextmanager
def progress(enabled: bool, label: str, total_s: float) -> Iterator[Update]:
    """A progress bar on stdout while the block runs (no-op when disabled or not a TTY)."""
    if not enabled or not sys.stdout.isatty():
        yield lambda done, calls, errors: None
        return
    bar = Progress(TextColumn("[bold]{task.description}"), BarColumn(),
                   TextColumn("{task.fields[status]}"), TimeRemainingColumn(),
                   console=Console(), transient=True)
    task = bar.add_task(label, total=total_s, status="")

    def update(done: float, calls: int, errors: int) -> None:
        rate = calls / done if done > 0 else 0.0
        bar.update(task, completed=min(done, total_s),
                   status=f"{calls:,} calls, {rate:,.0f}/s, {errors:,} errors")

    with bar:
        yield update
