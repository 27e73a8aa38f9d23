"""What a run measured: latency histograms, counts by status and error, per-tenant figures.

Latency is recorded in an HDR histogram (hdrh) in microseconds with 3 significant digits
(1 us to 1 h): a percentile is exact to within 0.1% of its value, whatever the count, in
constant memory. `max` is kept exactly beside it.

Each sender thread records into its own Recorder (nothing shared on the hot path); the
runner merges them at the end.

Fairness between tenants is Jain's index over each tenant's served share relative to its
offered share:

    x_i = (served_i / served_total) / (offered_i / offered_total)   for tenants with offered_i > 0
    J   = (sum x_i)^2 / (n * sum x_i^2)

where offered_i counts the tenant's flows started in the measured window and served_i
those of them answered with a result object (a failed flow's included; not an HTTP error
without one, nor no answer) by the window's end. J = 1 when every tenant was served in
proportion to what it asked for; J = 1/n when one tenant got everything. Scaling every x_i
alike leaves J unchanged, so x_i = served_i / offered_i gives the same figure. In a closed
loop nearly everything offered is served (J close to 1 by construction); the index says
something in an open loop that the system cannot keep up with, where whose requests wait
is the question.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hdrh.histogram import HdrHistogram

LOWEST_US = 1
HIGHEST_US = 3_600_000_000
SIGNIFICANT_DIGITS = 3
LATE_S = 0.001
"""An open-loop send that starts more than this after its intended time is late."""
PERCENTILES = {"p50": 50.0, "p90": 90.0, "p99": 99.0, "p999": 99.9}


class LatencyHistogram:
    """Latencies in an HDR histogram (microseconds, 3 significant digits), the max exactly."""

    def __init__(self) -> None:
        self._hist = HdrHistogram(LOWEST_US, HIGHEST_US, SIGNIFICANT_DIGITS)
        self.max_s = 0.0

    @property
    def count(self) -> int:
        """How many values were recorded."""
        return int(self._hist.get_total_count())

    def record(self, seconds: float) -> None:
        """One latency; clamped into the histogram's range (1 us to 1 h)."""
        micros = min(HIGHEST_US, max(LOWEST_US, round(seconds * 1e6)))
        self._hist.record_value(micros)
        self.max_s = max(self.max_s, seconds)

    def add(self, other: LatencyHistogram) -> None:
        """Merges another histogram's values into this one."""
        if other.count:
            self._hist.add(other._hist)
        self.max_s = max(self.max_s, other.max_s)

    def percentile_ms(self, q: float) -> float:
        """The q-th percentile (0 < q <= 100) in milliseconds; 0.0 when empty."""
        if not self.count:
            return 0.0
        return float(self._hist.get_value_at_percentile(q)) / 1e3

    def summary_ms(self) -> dict[str, float]:
        """p50, p90, p99, p999, max, mean and min in milliseconds (zeros when empty)."""
        out = {name: round(self.percentile_ms(q), 3) for name, q in PERCENTILES.items()}
        out["max"] = round(self.max_s * 1e3, 3)
        empty = not self.count
        out["mean"] = 0.0 if empty else round(float(self._hist.get_mean_value()) / 1e3, 3)
        out["min"] = 0.0 if empty else round(float(self._hist.get_min_value()) / 1e3, 3)
        return out

    def cdf_ms(self) -> list[tuple[float, float]]:
        """(latency ms, fraction of values at or below it), one point per recorded bucket."""
        total = self.count
        points, seen = [], 0
        for item in self._hist.get_recorded_iterator():
            seen += item.count_at_value_iterated_to
            points.append((item.value_iterated_to / 1e3, seen / total))
        return points


def jain_index(values: Sequence[float]) -> float:
    """Jain's fairness index (sum x)^2 / (n * sum x^2): 1.0 for equal values, 1/n when one
    value holds everything. ValueError for no values, a negative one, or all zeros.
    """
    if not values:
        raise ValueError("Jain's index of no values")
    if any(v < 0 for v in values):
        raise ValueError("Jain's index is for non-negative values")
    squares = sum(v * v for v in values)
    if squares == 0:
        raise ValueError("Jain's index of all zeros is undefined")
    return sum(values) ** 2 / (len(values) * squares)


def served_fairness(offered: Mapping[int, int], served: Mapping[int, int]) -> float | None:
    """Jain's index of served_i / offered_i over tenants offered anything (the module's
    formula); None when nothing was served or offered.
    """
    shares = [served.get(t, 0) / n for t, n in offered.items() if n > 0]
    try:
        return jain_index(shares)
    except ValueError:
        return None


def nearest_rank(ordered: Sequence[float], q: float) -> float:
    """The nearest-rank q-th percentile of already sorted values."""
    rank = math.ceil(q / 100 * len(ordered))
    return ordered[max(rank, 1) - 1]


@dataclass(frozen=True)
class CallRecord:
    """One call as the recorder sees it (the target's answer, reduced)."""

    tenant: int
    kind: str
    """execute or continue"""
    status: str
    """the result's status, or "error" when no result object came back"""
    error: str | None
    http_status: int | None = None


class Recorder:
    """Everything one sender thread measured; `merge` combines them.

    Times are time.perf_counter() seconds; `t0` is the measured window's start and
    `window_end` its end (a flow answered after it is not "served" for fairness).
    """

    def __init__(self, t0: float, window_end: float) -> None:
        self.t0, self.window_end = t0, window_end
        self.latency = LatencyHistogram()
        self.send_lag = LatencyHistogram()
        self.late = 0
        self.calls: Counter[str] = Counter()
        self.statuses: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()
        self.http_statuses: Counter[str] = Counter()
        self.offered: Counter[int] = Counter()
        self.served: Counter[int] = Counter()
        self.last_end = t0
        # One entry per call, for per-tenant latency and the plot over time.
        self.tenant_of: array[int] = array("I")
        self.latency_s: array[float] = array("d")
        self.start_s: array[float] = array("d")

    @property
    def count(self) -> int:
        """Calls recorded so far (read by the progress display from another thread)."""
        return len(self.latency_s)

    def call(self, record: CallRecord, start: float, end: float) -> None:
        """A call started at `start` (for a flow's first call: its intended start) and
        answered at `end`.
        """
        latency = end - start
        self.latency.record(latency)
        self.calls[record.kind] += 1
        self.statuses[record.status] += 1
        if record.error is not None:
            self.errors[record.error] += 1
        if record.http_status is not None:
            self.http_statuses[str(record.http_status)] += 1
        self.tenant_of.append(record.tenant)
        self.latency_s.append(latency)
        self.start_s.append(start - self.t0)
        self.last_end = max(self.last_end, end)

    def flow(self, tenant: int, intended: float, sent: float, end: float | None) -> None:
        """A flow (its execute and continues) of `tenant`, meant to start at `intended`,
        sent at `sent`, finished at `end` (None: it got no result object).
        """
        self.offered[tenant] += 1
        if end is not None and end <= self.window_end:
            self.served[tenant] += 1
        lag = sent - intended
        self.send_lag.record(max(0.0, lag))
        if lag > LATE_S:
            self.late += 1

    @classmethod
    def merge(cls, recorders: Iterable[Recorder], t0: float, window_end: float) -> Recorder:
        """One recorder holding all of theirs."""
        out = cls(t0, window_end)
        for r in recorders:
            out.latency.add(r.latency)
            out.send_lag.add(r.send_lag)
            out.late += r.late
            for mine, theirs in ((out.calls, r.calls), (out.statuses, r.statuses),
                                 (out.errors, r.errors), (out.http_statuses, r.http_statuses)):
                mine.update(theirs)
            out.offered.update(r.offered)
            out.served.update(r.served)
            out.last_end = max(out.last_end, r.last_end)
            out.tenant_of.extend(r.tenant_of)
            out.latency_s.extend(r.latency_s)
            out.start_s.extend(r.start_s)
        return out

    def by_tenant(self) -> dict[int, list[float]]:
        """Each tenant's call latencies in seconds, sorted."""
        out: defaultdict[int, list[float]] = defaultdict(list)
        for tenant, latency in zip(self.tenant_of, self.latency_s, strict=True):
            out[tenant].append(latency)
        for values in out.values():
            values.sort()
        return dict(out)


def tenant_rows(recorder: Recorder, names: Sequence[str], hostile: Sequence[bool]
                ) -> list[dict[str, Any]]:
    """Per tenant (those offered anything): offered and served flows, calls, p50 and p99 ms."""
    latencies = recorder.by_tenant()
    rows: list[dict[str, Any]] = []
    for tenant, offered in recorder.offered.items():
        values = latencies.get(tenant, [])
        rows.append({
            "tenant": names[tenant], "hostile": hostile[tenant], "offered": offered,
            "served": recorder.served.get(tenant, 0), "calls": len(values),
            "p50_ms": round(nearest_rank(values, 50) * 1e3, 3) if values else None,
            "p99_ms": round(nearest_rank(values, 99) * 1e3, 3) if values else None,
        })
    rows.sort(key=lambda row: (-row["offered"], row["tenant"]))
    return rows


def spread(rows: Sequence[Mapping[str, Any]], field: str, min_calls: int
           ) -> dict[str, Any] | None:
    """Best, median and worst of a per-tenant figure over non-hostile tenants with at least
    `min_calls` calls (fewer make a p99 meaningless); None when no tenant qualifies.
    """
    eligible = [r for r in rows if not r["hostile"] and r["calls"] >= min_calls
                and r[field] is not None]
    if not eligible:
        return None
    ordered = sorted(eligible, key=lambda r: r[field])
    return {"tenants": len(ordered), "best": ordered[0][field],
            "median": ordered[len(ordered) // 2][field], "worst": ordered[-1][field],
            "worst_tenant": ordered[-1]["tenant"]}
