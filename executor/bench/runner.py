"""One benchmark run, start to end.

    1. the workload (tenants, actions, events, request stream) from the seed
    2. the target: in-process Executor, or redis-server + registry deploy + workers
       (+ the HTTP service and tenant keys)
    3. warm-up: programs loaded; one flow per tenant (queue, http); `warmup_s` of load
    4. the measured window: the closed or open loop, a Recorder per sender thread,
       the progress bar, CPU and RSS sampled
    5. the report (JSON, plot); every process stopped and every temporary file removed,
       whatever happened (an ExitStack; SIGTERM is handled as Ctrl-C)

Only `run_bench` is public.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import secrets
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

import structlog

from executor.bench import deployment, processes
from executor.bench.actions import sources
from executor.bench.driver import Driver, Recorders
from executor.bench.errors import BenchError
from executor.bench.loops import Schedule, closed_loop, open_loop
from executor.bench.report import build, progress
from executor.bench.resources import RedisCommands, ResourceSampler
from executor.bench.settings import BenchSettings
from executor.bench.stats import Recorder
from executor.bench.targets import HttpTarget, InprocessTarget, QueueTarget, Target
from executor.bench.workload import Workload

WARMUP_FIRST = 1 << 30
"""Warm-up requests are numbered from here: the measured ones (0, 1, ...) stay the same
whatever the warm-up did."""
POLL_S = 0.25
SWITCH_INTERVAL_S = 0.0005


def run_bench(settings: BenchSettings) -> tuple[dict[str, Any], Recorder]:
    """Runs the benchmark; returns the JSON report and the merged recorder, after writing
    --json and --plot if asked. BenchError when it cannot run; KeyboardInterrupt (Ctrl-C or
    SIGTERM) after stopping everything it started.
    """
    run_id = secrets.token_hex(4)
    # On a Redis the harness does not own, every key it makes carries the run id.
    prefix = "t" if settings.redis_url is None else f"bench-{run_id}-t"
    workload = Workload(seed=settings.seed, tenants=settings.tenants,
                        actions_per_tenant=settings.actions_per_tenant, mix=settings.mix,
                        hostile_share=settings.hostile_share, skew=settings.skew,
                        zipf_s=settings.zipf_s, event_bytes=settings.event_bytes,
                        prefix=prefix)
    with ExitStack() as stack:
        stack.enter_context(_sigterm_as_interrupt())
        stack.enter_context(_execution_logs_to_devnull())
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="executor-bench-")))
        ready = _prepare(settings, workload, stack, work, run_id)
        target = ready.target
        stack.callback(target.close)
        sampler = ResourceSampler(ready.roles)
        sampler.start()
        stack.callback(sampler.stop)
        stack.enter_context(_precise_thread_switches())
        _warm_up(settings, workload, target, ready.redis_url)
        load_before = os.getloadavg()[0]
        commands = RedisCommands(ready.redis_url) if ready.redis_url else None
        recorder = _measure(settings, workload, target, sampler, commands)
        machine = {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                   "loadavg_1m_before": round(load_before, 2),
                   "loadavg_1m_after": round(os.getloadavg()[0], 2)}
        sampler.stop()
        resources = sampler.summary(recorder.latency.count)
        if commands is not None:
            resources["redis_commands"] = commands.summary(recorder.latency.count)
    report = build(settings, workload, recorder, resources=resources, machine=machine)
    _write(settings, report, recorder)
    return report, recorder


def _say(settings: BenchSettings, message: str) -> None:
    """A setup step, on stderr, when the progress display is on."""
    if settings.progress and sys.stderr.isatty():
        print(f"executor bench: {message}", file=sys.stderr, flush=True)


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM raises KeyboardInterrupt in the main thread, so the ExitStack still stops
    every process (a default SIGTERM would end the harness and orphan them).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _precise_thread_switches() -> Iterator[None]:
    """A 0.5 ms GIL switch interval instead of 5 ms: a sender waking for its intended start
    gets the GIL sooner (the open loop's sends go out closer to their schedule).
    """
    previous = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    try:
        yield
    finally:
        sys.setswitchinterval(previous)


@contextlib.contextmanager
def _execution_logs_to_devnull() -> Iterator[None]:
    """In-process executions log as a worker does (a JSON line each), into /dev/null: the
    cost is counted, the terminal is not flooded. The previous configuration comes back.
    """
    previous = structlog.get_config()
    with open(os.devnull, "w") as sink:
        structlog.configure(
            processors=[structlog.processors.add_log_level,
                        structlog.processors.TimeStamper("iso"),
                        structlog.processors.JSONRenderer()],
            wrapper_class=structlog.make_filtering_bound_logger(logging.INFO),
            logger_factory=structlog.PrintLoggerFactory(sink), cache_logger_on_first_use=False)
        try:
            yield
        finally:
            structlog.configure(**previous)


def _distinct_sources(workload: Workload) -> list[tuple[str, dict[str, int] | None]]:
    """Each bound source once, with the limits it is deployed under."""
    seen: dict[str, dict[str, int] | None] = {}
    for tenant in workload.tenants:
        for planned in tenant.actions:
            limits = planned.kind.limits
            seen.setdefault(planned.kind.code, dict(limits) if limits else None)
    return [(code, seen[code]) for code in sources() if code in seen]


@dataclass(frozen=True)
class Ready:
    """A mode's target, set up: what to send to, the processes to sample by role, and the
    Redis of queue and http.
    """

    target: Target
    roles: dict[str, list[int]]
    redis_url: str | None = field(default=None, repr=False)


def _prepare(settings: BenchSettings, workload: Workload, stack: ExitStack, work: Path,
             run_id: str) -> Ready:
    """The mode's target, ready."""
    if settings.mode == "inprocess":
        return _inprocess(workload, work)
    return _pool(settings, workload, stack, work, run_id)


def _inprocess(workload: Workload, work: Path) -> Ready:
    from executor.executor import Executor  # noqa: PLC0415
    from sandbox import Limits  # noqa: PLC0415

    executor = Executor(store_path=work / "bench.sqlite3")
    try:
        for code, limits in _distinct_sources(workload):
            executor.sandbox.load_action(code, Limits().override(limits))
    except BaseException:
        executor.close()
        raise
    return Ready(InprocessTarget(executor, workload), {"executor": [os.getpid()]})


def _pool(settings: BenchSettings, workload: Workload, stack: ExitStack, work: Path,
          run_id: str) -> Ready:
    """Redis (private or given), the workload deployed, workers (and the service)."""
    from cryptography.fernet import Fernet  # noqa: PLC0415

    from executor.registry import SECRET_KEY_ENV  # noqa: PLC0415

    secret_key = Fernet.generate_key().decode()
    roles: dict[str, list[int]] = {}
    made_keys: list[str] = []
    if settings.redis_url is None:
        _say(settings, "starting redis-server")
        url, redis_proc = stack.enter_context(processes.redis_server(work))
        roles["redis"] = [redis_proc.pid]
    else:
        url = settings.redis_url
        # Registered before anything is deployed: a failed setup is cleaned up too.
        stack.callback(deployment.forget, url, secret_key, run_id, made_keys)
    _say(settings, "loading the workload's programs (the first time: seconds per action)")
    deployment.warm_programs(_distinct_sources(workload))
    _say(settings, f"deploying {len(workload.tenants)} tenants")
    try:
        deployment.deploy(url, secret_key, workload.tenants)
    except Exception as exc:  # StoreUnavailable, InvalidAction: nothing to measure
        raise BenchError(f"deploying the workload failed: {exc}") from exc
    _say(settings, f"starting {settings.workers} worker(s)")
    env = processes.child_env(**{SECRET_KEY_ENV: secret_key})
    procs = stack.enter_context(processes.workers(
        url, settings.workers, concurrency=settings.worker_concurrency, env=env, logs=work))
    roles = {"workers": [p.pid for p in procs], **roles}
    if settings.mode == "queue":
        target: Target = QueueTarget(url, workload, settings.timeout_s)
    else:
        # The service package (Starlette) loads only for this mode.
        from executor.service.settings import ADMIN_TOKEN_ENV  # noqa: PLC0415

        _say(settings, "starting executor serve")
        env = processes.child_env(**{SECRET_KEY_ENV: secret_key,
                                     ADMIN_TOKEN_ENV: secrets.token_urlsafe(32)})
        base, service_proc = stack.enter_context(processes.service(url, env=env, logs=work))
        roles["service"] = [service_proc.pid]
        keys = deployment.create_keys(url, secret_key, workload.tenants)
        made_keys.extend(keys.values())
        target = HttpTarget(base, keys, workload, settings.timeout_s)
    roles["harness"] = [os.getpid()]
    return Ready(target, roles, url)


def _warm_up(settings: BenchSettings, workload: Workload, target: Target,
             redis_url: str | None) -> None:
    """Untimed: queue and http, one execution per tenant (deployment.touch); then
    `warmup_s` of the measured loop.
    """
    recorders = Recorders(0.0, math.inf)
    driver = Driver(target, workload, recorders)
    stop = threading.Event()
    if redis_url is not None:
        _say(settings, f"warming up: one execution per tenant ({len(workload.tenants)})")
        deployment.touch(redis_url, workload, settings.timeout_s)
    if settings.warmup_s > 0:
        _say(settings, f"warming up: {settings.warmup_s:g} s of load")
        _run_loop(settings, driver, time.perf_counter(), settings.warmup_s,
                  first=WARMUP_FIRST, stop=stop)


def _run_loop(settings: BenchSettings, driver: Driver, t0: float, duration_s: float, *,
              first: int, stop: threading.Event) -> None:
    """The closed or open loop from t0 for duration_s, request numbers from `first`."""
    if settings.rate is None:
        closed_loop(until=t0 + duration_s, concurrency=settings.threads, send=driver,
                    stop=stop, first=first)
    else:
        open_loop(Schedule(t0, settings.rate, duration_s), senders=settings.threads,
                  send=driver, stop=stop, first=first)


def _measure(settings: BenchSettings, workload: Workload, target: Target,
             sampler: ResourceSampler, commands: RedisCommands | None) -> Recorder:
    """The measured window, in a thread, while this one shows progress (and takes Ctrl-C)."""
    t0 = time.perf_counter()
    recorders = Recorders(t0, t0 + settings.duration_s)
    driver = Driver(target, workload, recorders)
    stop = threading.Event()
    failures: list[BaseException] = []

    def loop() -> None:
        try:
            _run_loop(settings, driver, t0, settings.duration_s, first=0, stop=stop)
        except BaseException as exc:
            failures.append(exc)

    thread = threading.Thread(target=loop, name="bench-loop", daemon=True)
    if commands is not None:
        commands.mark_start()
    sampler.mark_start()
    thread.start()
    label = f"{settings.mode} {settings.duration_s:g} s"
    try:
        with progress(settings.progress, label, settings.duration_s) as update:
            while thread.is_alive():
                thread.join(POLL_S)
                update(time.perf_counter() - t0, recorders.calls(), recorders.errors())
    except BaseException:
        stop.set()
        thread.join()
        raise
    sampler.mark_end()
    if commands is not None:
        commands.mark_end()
    if failures:
        raise BenchError(f"the load loop failed: {failures[0]!r}") from failures[0]
    return recorders.merged()


def _write(settings: BenchSettings, report: dict[str, Any], recorder: Recorder) -> None:
    if settings.json_path is not None:
        settings.json_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if settings.plot_path is not None:
        from executor.bench.plot import write_plot  # noqa: PLC0415 - matplotlib on demand

        loop = "closed" if settings.rate is None else f"open at {settings.rate:g}/s"
        write_plot(settings.plot_path, recorder,
                   f"executor bench: {settings.mode}, {loop}, {report['executions']:,} calls")

