"""`executor bench`: its statistics, schedules and workload on known inputs, then short real
runs in each mode (checking what the report says, never how fast anything was).
"""

from __future__ import annotations

import json
import math
import signal
import subprocess
import sys
import threading
import time
import types
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jwt
import psutil
import pytest
import redis

import executor.bench
from executor.bench import (
    BenchSettings,
    LatencyHistogram,
    Recorder,
    Schedule,
    Workload,
    jain_index,
    open_loop,
    parse_mix,
    served_fairness,
)
from executor.bench.actions import HOSTILE_ERRORS, KINDS
from executor.bench.driver import Driver, Recorders
from executor.bench.plot import write_plot
from executor.bench.stats import CallRecord
from executor.bench.targets import Answer
from executor.bench.workload import Tenant, plan_tenants
from executor.cli import main

PUBLIC = {"DEFAULT_MIX", "MODES", "SKEWS", "BenchError", "BenchSettings", "LatencyHistogram",
          "Recorder", "Schedule", "Workload", "closed_loop", "jain_index", "open_loop",
          "parse_mix", "print_summary", "run_bench", "served_fairness"}
REPORT_FIELDS = {"mode", "executions", "throughput_per_s", "latency_ms", "errors",
                 "duration_s", "elapsed_s", "flows", "calls", "statuses", "http_statuses",
                 "open_loop", "fairness", "resources", "machine", "workload", "config"}
LATENCY_FIELDS = {"p50", "p90", "p99", "p999", "max", "mean", "min"}
HDR_TOLERANCE = 0.002
"""3 significant digits: a percentile is within 0.1% of the value (0.2% leaves headroom)."""
SHORT = ["--duration", "2", "--tenants", "3", "--warmup", "0.3", "--hostile-share", "0.3",
         "--no-progress"]
"""A short run where hostile flows are common enough to show up in 2 s."""


# ---- the public surface


def test_all_is_the_public_surface() -> None:
    """`__all__` names exactly the package's public, non-module attributes."""
    public = {name for name, value in vars(executor.bench).items()
              if not name.startswith("_") and not isinstance(value, types.ModuleType)}
    assert set(executor.bench.__all__) == public == PUBLIC
    assert len(executor.bench.__all__) == len(PUBLIC)


# ---- statistics


def test_percentiles_of_one_to_a_thousand_ms() -> None:
    """1..1000 ms recorded: p50, p90, p99, p99.9 are 500, 900, 990, 999 ms within HDR
    precision, and max is exactly 1000 ms.
    """
    hist = LatencyHistogram()
    for ms in range(1, 1001):
        hist.record(ms / 1000)
    summary = hist.summary_ms()
    for name, expected in {"p50": 500, "p90": 900, "p99": 990, "p999": 999}.items():
        assert summary[name] == pytest.approx(expected, rel=HDR_TOLERANCE), name
    assert summary["max"] == 1000.0
    assert summary["min"] == pytest.approx(1.0, rel=HDR_TOLERANCE)
    assert hist.count == 1000


def test_histograms_merge_into_the_union_of_their_values() -> None:
    """Two threads' histograms merged give the percentiles of all values together."""
    low, high = LatencyHistogram(), LatencyHistogram()
    for ms in range(1, 501):
        low.record(ms / 1000)
    for ms in range(501, 1001):
        high.record(ms / 1000)
    low.add(high)
    assert low.count == 1000
    assert low.percentile_ms(50) == pytest.approx(500, rel=HDR_TOLERANCE)
    assert low.summary_ms()["max"] == 1000.0


def test_cdf_ends_at_one_and_never_falls() -> None:
    """The CDF for the plot rises monotonically to 1 over the recorded values."""
    hist = LatencyHistogram()
    for ms in (1, 1, 2, 5, 100):
        hist.record(ms / 1000)
    points = hist.cdf_ms()
    fractions = [f for _, f in points]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0
    assert points[0][0] == pytest.approx(1.0, rel=HDR_TOLERANCE)


def test_jain_index_of_equal_shares_is_one() -> None:
    """Equal values, at any scale, are perfectly fair."""
    assert jain_index([3.0] * 7) == pytest.approx(1.0)
    assert jain_index([0.2, 0.2]) == pytest.approx(1.0)


def test_jain_index_when_one_gets_everything_is_one_over_n() -> None:
    """One tenant holding everything among n gives 1/n."""
    for n in (2, 5, 100):
        assert jain_index([1.0] + [0.0] * (n - 1)) == pytest.approx(1 / n)


def test_jain_index_of_a_known_split() -> None:
    """[1, 0.5]: (1.5)^2 / (2 * 1.25) = 0.9."""
    assert jain_index([1.0, 0.5]) == pytest.approx(0.9)


def test_jain_index_refuses_what_it_cannot_rate() -> None:
    """No values, all zeros or a negative value are errors, not a number."""
    for values in ([], [0.0, 0.0], [1.0, -1.0]):
        with pytest.raises(ValueError, match="Jain"):
            jain_index(values)


def test_served_fairness_is_relative_to_offered_load() -> None:
    """Tenants served in proportion to what they offered score 1, however unequal the
    offers; one tenant served while three others are starved scores 1/4.
    """
    offered = {0: 900, 1: 90, 2: 9, 3: 1}
    assert served_fairness(offered, dict(offered)) == pytest.approx(1.0)
    assert served_fairness(offered, {0: 450, 1: 45, 2: 4.5, 3: 0.5}) == pytest.approx(1.0)
    assert served_fairness(offered, {0: 900}) == pytest.approx(1 / 4)
    assert served_fairness({}, {}) is None


def test_a_flow_answered_after_the_window_is_offered_not_served() -> None:
    """Fairness counts a flow served only if its answer came by the window's end."""
    recorder = Recorder(t0=0.0, window_end=10.0)
    recorder.flow(0, intended=1.0, sent=1.0, end=2.0)
    recorder.flow(0, intended=9.0, sent=9.0, end=11.0)
    recorder.flow(1, intended=3.0, sent=3.0, end=None)
    assert recorder.offered == {0: 2, 1: 1}
    assert recorder.served == {0: 1}


# ---- the open loop's schedule


class FakeClock:
    """A clock that moves only when slept on or told to."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        """The current fake time."""
        return self.now

    def sleep(self, seconds: float) -> None:
        """Moves the time on instead of waiting."""
        self.now += seconds


def test_schedule_fixes_every_intended_start_in_advance() -> None:
    """Request k is meant to start at start + k / rate, for every k inside the window."""
    schedule = Schedule(start=100.0, rate=4.0, duration_s=2.0)
    assert len(schedule) == 8
    assert [schedule.intended(k) for k in range(8)] == [100 + k / 4 for k in range(8)]
    assert schedule.intended(7) < schedule.end == 102.0
    assert len(Schedule(0.0, 3.0, 1.5)) == math.ceil(4.5)


class StallFirst:
    """A target whose first call takes `stall_s` of the fake clock; the rest take none."""

    def __init__(self, clock: FakeClock, stall_s: float) -> None:
        self.clock, self.stall_s, self.calls = clock, stall_s, 0

    def execute(self, tenant: Tenant, event_index: int) -> Answer:
        """Answer denied, after the stall on the first call."""
        self.calls += 1
        if self.calls == 1:
            self.clock.now += self.stall_s
        return Answer({"status": "denied", "state": None}, None)

    def resume(self, tenant: Tenant, state: str, request: Mapping[str, Any]) -> Answer:
        """Never called: nothing suspends."""
        raise AssertionError("no continue expected")

    def close(self) -> None:
        """Nothing to close."""


@pytest.fixture(scope="module")
def small_workload() -> Workload:
    """Three tenants, the default mix, seed 1."""
    return Workload(seed=1, tenants=3)


def test_stalled_answer_does_not_move_later_intended_starts(small_workload: Workload) -> None:
    """One sender at 10/s whose first answer takes 0.35 s: requests 1-3 go late but keep
    their intended starts, and their latency runs from the intended start.
    """
    clock = FakeClock()
    recorders = Recorders(t0=0.0, window_end=1.0)
    driver = Driver(StallFirst(clock, 0.35), small_workload, recorders, clock=clock)
    open_loop(Schedule(0.0, 10.0, 1.0), senders=1, send=driver, stop=threading.Event(),
              clock=clock, sleep=clock.sleep)
    recorder = recorders.merged()
    assert list(recorder.start_s) == pytest.approx([k / 10 for k in range(10)])
    assert list(recorder.latency_s) == pytest.approx([0.35, 0.25, 0.15, 0.05] + [0.0] * 6)
    assert recorder.late == 3
    assert recorder.latency.summary_ms()["max"] == pytest.approx(350.0)


def test_stalled_answer_does_not_hold_up_other_senders() -> None:
    """With several senders, request 0's answer can wait for requests 1-4 to be answered:
    a slow answer holds only its own sender.
    """
    others_done = threading.Event()
    answered: list[int] = []
    lock = threading.Lock()

    def send(k: int, intended: float) -> None:
        if k == 0:
            assert others_done.wait(10), "later requests waited for the stalled one"
        with lock:
            answered.append(k)
            if len(answered) == 4:
                others_done.set()

    open_loop(Schedule(0.0, 1000.0, 0.005), senders=4, send=send, stop=threading.Event())
    assert sorted(answered[:4]) == [1, 2, 3, 4]
    assert answered[4] == 0


# ---- the workload


def test_workload_is_the_same_for_the_same_seed() -> None:
    """Tenants, their actions and secrets, events and request k all follow from the seed."""
    one, two = Workload(seed=7, tenants=50), Workload(seed=7, tenants=50)
    assert one.tenants == two.tenants
    assert one.events == two.events
    assert [one.request(k) for k in range(0, 20_000, 7)] == \
           [two.request(k) for k in range(0, 20_000, 7)]
    other = Workload(seed=8, tenants=50)
    assert [one.request(k) for k in range(200)] != [other.request(k) for k in range(200)]
    assert one.events != other.events


def test_request_k_does_not_depend_on_the_order_asked() -> None:
    """Request k is the same whether asked first or after thousands of others."""
    late = Workload(seed=3, tenants=20)
    ks = [9000, 5, 4096, 4095]
    direct = [late.request(k) for k in ks]
    fresh = Workload(seed=3, tenants=20)
    _ = [fresh.request(k) for k in range(10_000)]
    assert [fresh.request(k) for k in ks] == direct


def test_mix_proportions_follow_the_weights() -> None:
    """One action per tenant over 10,000 tenants: each kind's share is its weight's, within
    two points.
    """
    tenants = plan_tenants(seed=1, tenants=10_000, actions_per_tenant=1,
                           mix=parse_mix("default"), hostile_share=0.0)
    counts = Counter(t.actions[0].kind.name for t in tenants)
    total_weight = sum(k.weight for k in KINDS.values())
    for name, kind in KINDS.items():
        assert counts[name] / 10_000 == pytest.approx(kind.weight / total_weight, abs=0.02)


def test_a_tenant_binds_distinct_kinds_while_the_mix_has_them() -> None:
    """Three actions from seven kinds are three different kinds; from one kind, three
    copies under distinct names.
    """
    for tenant in plan_tenants(seed=2, tenants=200, actions_per_tenant=3,
                               mix=parse_mix("default"), hostile_share=0.0):
        assert len({a.kind.name for a in tenant.actions}) == 3
    (only,) = plan_tenants(seed=2, tenants=1, actions_per_tenant=3,
                           mix=parse_mix("allowlist"), hostile_share=0.0)
    assert [a.name for a in only.actions] == ["ip_allowlist-0", "ip_allowlist-1",
                                              "ip_allowlist-2"]


def test_hostile_tenants_get_their_share_of_requests() -> None:
    """2% of 100 tenants are hostile (bound to the hostile action first) and get 2% of the
    requests, whatever the skew.
    """
    workload = Workload(seed=1, tenants=100, hostile_share=0.02)
    hostile = {t.index for t in workload.tenants if t.hostile}
    assert len(hostile) == 2
    assert all(workload.tenants[i].actions[0].kind.name == "hostile" for i in hostile)
    picks = Counter(workload.request(k).tenant for k in range(40_000))
    assert sum(picks[i] for i in hostile) / 40_000 == pytest.approx(0.02, abs=0.004)
    # Zipf: the first-ranked tenant gets about twice the second's requests.
    assert picks[0] / picks[1] == pytest.approx(2.0, rel=0.1)


def test_uniform_skew_spreads_requests_evenly() -> None:
    """Uniform: every non-hostile tenant gets about the same number of requests."""
    workload = Workload(seed=1, tenants=10, hostile_share=0.0, skew="uniform")
    picks = Counter(workload.request(k).tenant for k in range(20_000))
    assert set(picks) == set(range(10))
    assert max(picks.values()) / min(picks.values()) < 1.15


def test_redirect_continue_carries_a_valid_signed_answer(small_workload: Workload) -> None:
    """The verifier's answer is HS256 with the tenant's secret, for this user, host and
    flow state; after a challenge, the first offered factor is completed.
    """
    tenant = small_workload.tenants[0]
    event = small_workload.events[0]
    request = small_workload.continue_request(
        tenant, event, {"status": "redirect", "state": "st-1"})
    assert request is not None
    claims = jwt.decode(request["body"]["verification"], tenant.shared_secret,
                        algorithms=["HS256"], issuer=event["request"]["hostname"],
                        subject=event["user"]["user_id"])
    assert (claims["state"], claims["verified"]) == ("st-1", True)
    challenged = small_workload.continue_request(
        tenant, event, {"status": "challenge", "state": "st-2",
                        "challenge": {"mode": "with", "factors": [{"type": "phone"}]}})
    assert challenged is not None and challenged["challenge"] == {"completed": ["phone"]}
    assert small_workload.continue_request(tenant, event, {"status": "denied"}) is None


def test_events_are_realistic_in_size_and_padded_on_request() -> None:
    """Events are 2-4 KB of JSON by default; --event-bytes pads each to at least that."""
    sizes = [len(json.dumps(e).encode()) for e in Workload(seed=1, tenants=1).events]
    assert min(sizes) >= 2000 and max(sizes) <= 4096
    padded = Workload(seed=1, tenants=1, event_bytes=10_000).events
    assert min(len(json.dumps(e).encode()) for e in padded) >= 10_000


# ---- settings and the command line


@pytest.mark.parametrize("argv", [
    ["--concurrency", "4"],                 # in-process is one thread
    ["--mix", "bitcoin_miner"],
    ["--rate", "0"],
    ["--duration", "-1"],
    ["--tenants", "10001"],
    ["--mode", "grpc"],
    ["--plot", "out.svg"],
    ["--hostile-share", "1"],
])
def test_bad_usage_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Unusable flags stop the command with status 2 and a message, before anything runs."""
    with pytest.raises(SystemExit) as stopped:
        main(["bench", *argv])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.strip()


def test_missing_redis_server_is_a_clear_error(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Queue mode without --redis and without redis-server on PATH says how to fix it."""
    monkeypatch.setattr("executor.bench.processes.shutil.which", lambda name: None)
    assert main(["bench", "--mode", "queue", *SHORT]) == 1
    err = capsys.readouterr().err
    assert "redis-server is not on PATH" in err and "--redis URL" in err


def test_settings_describe_leaves_the_redis_url_out() -> None:
    """The report's config says whether Redis was external, never its URL (a password)."""
    settings = BenchSettings(mode="queue", redis_url="redis://:hunter2@127.0.0.1:1/0")
    described = settings.describe()
    assert "hunter2" not in json.dumps(described)
    assert described["redis"] == "external"
    assert "hunter2" not in repr(settings)


def test_plot_writes_a_png(tmp_path: Path) -> None:
    """--plot draws the CDF and the timeline of recorded calls into a PNG file."""
    recorder = Recorder(t0=0.0, window_end=3.0)
    for n in range(300):
        recorder.call(CallRecord(n % 3, "execute", "denied", None), n / 100, n / 100 + 0.001
                      * (1 + n % 17))
    path = tmp_path / "latency.png"
    write_plot(path, recorder, "test")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# ---- short real runs


def run_cli(argv: list[str], tmp_path: Path) -> dict[str, Any]:
    """`executor bench ... --json FILE` in this process; its exit status must be 0."""
    out = tmp_path / "report.json"
    assert main(["bench", *argv, "--json", str(out)]) == 0
    report: dict[str, Any] = json.loads(out.read_text())
    return report


def check_report(report: dict[str, Any], mode: str) -> None:
    """The JSON's shape and the invariants between its counts."""
    assert set(report) >= REPORT_FIELDS
    assert report["mode"] == mode
    assert set(report["latency_ms"]) == LATENCY_FIELDS
    assert report["executions"] > 0
    assert report["throughput_per_s"] > 0
    assert sum(report["calls"].values()) == report["executions"]
    assert sum(report["statuses"].values()) == report["executions"]
    assert report["calls"]["execute"] == report["flows"]
    lat = report["latency_ms"]
    assert 0 < lat["p50"] <= lat["p90"] <= lat["p99"] <= lat["p999"]
    assert lat["p999"] <= lat["max"] * (1 + HDR_TOLERANCE)
    # Every continue the harness sent was accepted: tokens and factors were right.
    assert report["calls"].get("continue", 0) > 0
    # The only errors are the hostile tenants' limits, and they were hit.
    assert set(report["errors"]) <= set(HOSTILE_ERRORS)
    assert sum(report["errors"].values()) > 0
    assert report["errors"] and report["statuses"]["failed"] == sum(report["errors"].values())
    fairness = report["fairness"]["jain_served_vs_offered"]
    assert fairness is not None and 1 / 3 <= fairness <= 1.0


def children() -> set[int]:
    """The pids of this process's running children (the session's redis-server among them)."""
    return {child.pid for child in psutil.Process().children(recursive=True)
            if child.status() != psutil.STATUS_ZOMBIE}


def test_inprocess_run_reports_executions_and_hostile_errors(tmp_path: Path) -> None:
    """Two seconds in-process on three tenants: executions counted, the hostile tenant's
    failures counted by type, one thread, the executor's own CPU and memory.
    """
    report = run_cli(["--mode", "inprocess", *SHORT], tmp_path)
    check_report(report, "inprocess")
    assert report["config"]["threads"] == 1
    assert report["open_loop"] is None
    assert set(report["resources"]) == {"executor", "harness_max_rss_mib"}
    assert report["resources"]["executor"]["peak_rss_mib"] > 0


def test_queue_run_against_a_given_redis(redis_url: str, tmp_path: Path) -> None:
    """A short queue run with one worker on the given Redis: the report holds the worker's
    resources, and afterwards no worker is left and none of the run's keys remain.
    """
    before = children()
    report = run_cli(["--mode", "queue", "--redis", redis_url, "--workers", "1", *SHORT],
                     tmp_path)
    check_report(report, "queue")
    assert report["resources"]["workers"]["processes"] == 1
    assert report["config"]["redis"] == "external"
    assert children() <= before
    with redis.Redis.from_url(redis_url) as raw:
        assert not [k for k in raw.scan_iter("*bench-*")]
        assert not [m for m in raw.smembers("exec:tenants") if b"bench-" in m]
        assert not [k for k in raw.scan_iter("exec:reg:apikey:*")]


def test_http_open_loop_on_a_private_redis(redis_server: str, tmp_path: Path) -> None:
    """An open-loop HTTP run starts its own redis-server, workers and service, answers
    every call with 200, reports the schedule, and stops everything it started.
    """
    before = children()
    report = run_cli(["--mode", "http", "--workers", "1", "--rate", "60", *SHORT], tmp_path)
    check_report(report, "http")
    assert set(report["http_statuses"]) == {"200"}
    assert report["open_loop"]["rate_per_s"] == 60
    assert report["open_loop"]["scheduled"] == report["flows"] == 120
    assert {"workers", "service", "redis", "harness"} <= set(report["resources"])
    assert report["config"]["redis"] == "private"
    assert children() <= before


def test_sigterm_stops_everything_the_run_started(redis_url: str) -> None:
    """SIGTERM while a queue run's load is on: exit 130, its worker gone, its keys removed."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "executor", "bench", "--mode", "queue", "--redis", redis_url,
         "--workers", "1", "--tenants", "3", "--duration", "120", "--no-progress"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        workers = wait_for_worker(proc, redis_url)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:  # the test failed early: let it clean up, then insist
            proc.terminate()
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()
    assert proc.returncode == 130, err
    assert b"interrupted" in err
    assert not [p for p in workers if psutil.pid_exists(p)]
    with redis.Redis.from_url(redis_url) as raw:
        assert not [k for k in raw.scan_iter("*bench-*")]


def submitted(raw: redis.Redis) -> int:
    """Jobs submitted to this server so far (XADDs, counted by the server since it started)."""
    return int(raw.info("commandstats").get("cmdstat_xadd", {}).get("calls", 0))


def wait_for_worker(proc: subprocess.Popen[bytes], redis_url: str) -> list[int]:
    """Until the bench's worker is registered and 30 jobs were submitted after (the load is
    on); the worker's pids.
    """
    deadline = time.monotonic() + 60
    with redis.Redis.from_url(redis_url) as raw:
        before = submitted(raw)
        while time.monotonic() < deadline:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else b""
            pids = [int(raw.hget(key, "pid") or 0) for key in raw.scan_iter("exec:worker:*")]
            if pids and submitted(raw) - before >= 30:
                return pids
            time.sleep(0.1)
    pytest.fail("the bench never got its load going")
