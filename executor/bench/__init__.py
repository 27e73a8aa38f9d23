"""`executor bench`: a load benchmark of the executor in-process, through the worker pool,
or through the HTTP service, with a realistic multi-tenant workload.

    from executor.bench import BenchSettings, run_bench, print_summary
    report, recorder = run_bench(BenchSettings(mode="queue", duration_s=10, rate=200))
    print_summary(report)        # report is what --json writes

benchmarks/README.md ("executor bench") explains the workload, each figure and the
fairness formula.
"""

from executor.bench.errors import BenchError
from executor.bench.loops import Schedule, closed_loop, open_loop
from executor.bench.report import print_summary
from executor.bench.runner import run_bench
from executor.bench.settings import MODES, BenchSettings
from executor.bench.stats import LatencyHistogram, Recorder, jain_index, served_fairness
from executor.bench.workload import DEFAULT_MIX, SKEWS, Workload, parse_mix

__all__ = [
    "DEFAULT_MIX",
    "MODES",
    "SKEWS",
    "BenchError",
    "BenchSettings",
    "LatencyHistogram",
    "Recorder",
    "Schedule",
    "Workload",
    "closed_loop",
    "jain_index",
    "open_loop",
    "parse_mix",
    "print_summary",
    "run_bench",
    "served_fairness",
]
