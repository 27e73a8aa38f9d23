"""The `executor` command line (shared/contract.md).

Exit status: 0 when the flow produced a result other than `failed`, 1 for `failed`, 2 for
unusable input (a message on stderr; nothing ran).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import structlog

from executor.action import Action
from executor.event import TRIGGER
from executor.executor import Executor
from executor.packaging import Packager
from executor.result import Result
from executor.sealing import SECRET_KEY_ENV, StateSeal
from sandbox.errors import InvalidAction
from sandbox.platform.egress import DEFAULT, NO_NET, EgressPolicy, HostRule, NetRules

EXAMPLES = """\
examples:
  executor run examples/ip_allowlist.js --event examples/events/reset_from_unknown_ip.json
  executor run a.js b.js --event event.json --secret API_KEY=abc --tenant acme
  executor run a.js --event event.json --allow-net 127.0.0.1:8080   # fetch may reach it
  executor run a.ts --event event.json --dep axios@1.7.9 --dep lodash@^4.17.21
  executor deps a.js --dep axios@1.7.9        # what it resolves to, and the bundle's digest
  executor run examples/flows/mfa.json --event examples/events/reset.json
  executor continue --state STATE --request examples/requests/challenge_done.json
  executor bench --mode queue --workers 2 --duration 30 --rate 200 --json out.json

Without --store, an embedded store on local disk keeps the cache and suspended flows between
invocations (set EXECUTOR_DATA_DIR to move it), so `run` then `continue` works.
"""


class UsageError(Exception):
    """Raised for input the command cannot use; exits 2 with the message on stderr."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="executor", description="Run Auth0 password-reset-post-challenge actions in a "
        "WebAssembly sandbox.", epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="log one structured event per execution on stderr")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="run actions (or a FLOW.json) on an event",
                         description="Run ACTION.js files in order as one flow, or a FLOW.json.")
    run.add_argument("files", nargs="+", metavar="ACTION.js|FLOW.json")
    run.add_argument("--event", required=True, metavar="EVENT.json",
                     help="the event (shared/trigger.md)")
    run.add_argument("--secret", action="append", default=[], metavar="NAME=VALUE",
                     help="a secret for every action (repeatable)")
    run.add_argument("--secrets", metavar="SECRETS.json",
                     help='per-action secrets: {"action-name": {"NAME": "value"}}')
    run.add_argument("--tenant", default="default", help="tenant id (default: default)")
    run.add_argument("--store", metavar="URL", help="redis://host:port/db or sqlite:///path")
    run.add_argument("--limits", metavar="LIMITS.json", help="limit overrides (sandbox.Limits)")
    _add_dep_argument(run)
    _add_net_arguments(run)

    deps = sub.add_parser("deps", help="install and bundle an action's npm dependencies, and "
                          "print what they resolved to",
                          description="Package ACTION.js (or .ts) with its dependencies as a "
                          "deploy does (npm install --ignore-scripts, esbuild), and print the "
                          "resolved packages with their versions and integrity hashes and the "
                          "bundle's SHA-256, as JSON.")
    deps.add_argument("file", metavar="ACTION.js|ACTION.ts")
    _add_dep_argument(deps)

    cont = sub.add_parser("continue", help="resume a suspended flow",
                          description="Resume a flow suspended by a challenge, redirect or "
                          "prompt, with the browser's new request.")
    cont.add_argument("--state", required=True, help="the state from the suspended result")
    cont.add_argument("--request", required=True, metavar="REQUEST.json",
                      help="query, body, ip, hostname, method, prompt or challenge")
    cont.add_argument("--store", metavar="URL", help="the store the flow was suspended in")
    cont.add_argument("--tenant", help="refuse a state of any other tenant")
    cont.add_argument("--no-net", action="store_true",
                      help="refuse every outbound request of the resumed flow")
    _add_worker_parser(sub)
    _add_serve_parser(sub)
    _add_bench_parser(sub)
    return parser


def _add_dep_argument(parser: argparse.ArgumentParser) -> None:
    """--dep: an npm dependency of every action given (executor.packaging)."""
    parser.add_argument("--dep", action="append", default=[], metavar="NAME@VERSION",
                        help="an npm dependency of every action (repeatable, at most 10; a "
                        "range or tag is resolved once and pinned), installed and bundled "
                        "before anything runs")


def _add_net_arguments(parser: argparse.ArgumentParser) -> None:
    """--allow-net and --no-net: the operator's egress policy (sandbox EgressPolicy)."""
    parser.add_argument("--allow-net", action="append", default=[], metavar="HOST[:PORT]",
                        help="let fetch reach this host too, even a private or loopback one "
                        "(repeatable; by default only public addresses are reachable)")
    parser.add_argument("--no-net", action="store_true", help="refuse every outbound request")


def _net_policy(args: argparse.Namespace, flow_net: Any = None) -> EgressPolicy:
    """The egress policy the flags (and a FLOW.json's `net`) give: whoever runs the command
    is the operator.
    """
    if args.no_net:
        return NO_NET
    try:
        flags = NetRules(allow=frozenset(HostRule.parse(h) for h in args.allow_net))
        return DEFAULT.granted(NetRules.from_config(flow_net)).granted(flags)
    except InvalidAction as exc:
        raise UsageError(str(exc)) from exc


def _int_in(low: int, high: int | None) -> Callable[[str], int]:
    """An argparse type: an integer in [low, high] (no upper bound when high is None)."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
        if value < low or (high is not None and value > high):
            bound = f"at least {low}" if high is None else f"{low} to {high}"
            raise argparse.ArgumentTypeError(f"must be {bound}, got {value}")
        return value
    return parse


_positive = _int_in(1, None)
_port = _int_in(0, 65535)


def _add_worker_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    worker = sub.add_parser(
        "worker", help="run one worker of the pool (jobs from Redis streams)",
        description="Run pool jobs from the tenants' Redis streams until SIGTERM or SIGINT "
        "(then finish the jobs in hand and exit 0). Logs JSON lines on stderr. Needs "
        "EXECUTOR_SECRET_KEY (the key deployed actions' secrets are encrypted with).")
    worker.add_argument("--redis", required=True, metavar="URL", help="redis://host:port/db")
    worker.add_argument("--concurrency", type=_positive, metavar="N",
                        help="jobs run at once (default: the number of CPUs)")
    worker.add_argument("--claim-idle-ms", type=_positive, default=30_000, metavar="MS",
                        help="run again a job another worker left pending this long "
                        "(default 30000: longer than one flow may run)")
    worker.add_argument("--max-deliveries", type=_positive, default=5, metavar="N",
                        help="dead-letter a job after this many deliveries (default 5)")
    worker.add_argument("--heavy-ms", type=_positive, default=50, metavar="MS",
                        help="a tenant whose jobs average longer runs at a lower CPU priority "
                        "(default 50)")
    worker.add_argument("--cache-mb", type=_positive, default=1024, metavar="MB",
                        help="memory for loaded actions (default 1024; a snapshot weighs "
                        "about 5 MB, an action on the bytecode path a few KB)")
    worker.add_argument("--snapshot-after", type=_int_in(0, None), default=5, metavar="N",
                        help="snapshot an action once it has run N times within a minute "
                        "(default 5; 0: at its first run, which then waits ~1.5 s for it)")
    _add_net_arguments(worker)


def _worker(args: argparse.Namespace) -> int:
    import dataclasses  # noqa: PLC0415

    from executor.pool.worker import (  # noqa: PLC0415 (redis-py)
        WORKER_CACHE,
        WorkerSettings,
        run_worker,
    )

    extra = {} if args.concurrency is None else {"concurrency": args.concurrency}
    cache = dataclasses.replace(WORKER_CACHE, memory_bytes=args.cache_mb * 1024 * 1024,
                                snapshot_after=args.snapshot_after)
    return run_worker(WorkerSettings(args.redis, claim_idle_ms=args.claim_idle_ms,
                                     max_deliveries=args.max_deliveries, cache=cache,
                                     heavy_ms=args.heavy_ms, net=_net_policy(args), **extra))


def _add_serve_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = sub.add_parser(
        "serve", help="run the HTTP service (deploy, bind, execute, continue)",
        description="Serve the HTTP API until SIGTERM or SIGINT. Logs JSON lines on stderr. "
        "Needs an admin token (--admin-token or EXECUTOR_ADMIN_TOKEN) and EXECUTOR_SECRET_KEY "
        "(the key deployed actions' secrets are encrypted with). Executions go to the worker "
        "pool (`executor worker`) unless --inprocess.")
    serve.add_argument("--redis", required=True, metavar="URL", help="redis://host:port/db")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8080, help="port to bind (default 8080)")
    serve.add_argument("--admin-token", metavar="TOKEN",
                       help="the admin token (default: env EXECUTOR_ADMIN_TOKEN; prefer the "
                       "environment: arguments show in the process list)")
    serve.add_argument("--inprocess", action="store_true",
                       help="run executions in this process instead of the worker pool")
    serve.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                       help="queue mode: how long a request waits for a worker (default 30)")
    _add_net_arguments(serve)


def _serve(args: argparse.Namespace) -> int:
    # starlette and uvicorn load only for this command.
    from executor.service import ServiceSettings, create_app  # noqa: PLC0415
    from executor.service.server import configure_logging, run  # noqa: PLC0415
    from executor.service.settings import ADMIN_TOKEN_ENV  # noqa: PLC0415

    token = (args.admin_token or os.environ.get(ADMIN_TOKEN_ENV, "")).strip()
    if not token:
        raise UsageError(f"serve needs an admin token: --admin-token TOKEN or {ADMIN_TOKEN_ENV}"
                         " (generate one with: python -c \"import secrets; "
                         "print(secrets.token_urlsafe(32))\")")
    configure_logging()
    try:
        settings = ServiceSettings(args.redis, token,
                                   mode="inprocess" if args.inprocess else "queue",
                                   execution_timeout_s=args.timeout, net=_net_policy(args))
        app = create_app(settings)
    except ValueError as exc:  # no EXECUTOR_SECRET_KEY, a bad --timeout
        raise UsageError(str(exc)) from exc
    return run(app, settings, host=args.host, port=args.port)


def _add_bench_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    bench = sub.add_parser(
        "bench", help="load benchmark: in-process, through the pool, or over HTTP",
        description="Send a multi-tenant workload (allow-lists, cache, redirect and MFA "
        "flows with their continues, a few hostile actions) and report throughput, latency "
        "percentiles, errors by type, fairness between tenants, CPU and memory. Queue and "
        "http modes start their own workers (and service), and a private redis-server "
        "unless --redis. benchmarks/README.md explains every figure.")
    bench.add_argument("--mode", choices=("inprocess", "queue", "http"), default="inprocess",
                       help="inprocess: an Executor on one thread; queue: PoolClient and "
                       "workers; http: the service in front of the workers (default inprocess)")
    bench.add_argument("--duration", type=float, default=10.0, metavar="SECONDS",
                       help="measured window (default 10)")
    bench.add_argument("--rate", type=float, metavar="PER_SECOND",
                       help="open loop: flows started per second on a fixed schedule, latency "
                       "from each one's intended start (default: closed loop, max throughput)")
    bench.add_argument("--tenants", type=_int_in(1, 10_000), default=100, metavar="N",
                       help="tenants (default 100, at most 10000)")
    bench.add_argument("--actions-per-tenant", type=_int_in(1, 20), default=3, metavar="N",
                       help="actions bound per tenant, drawn from --mix (default 3)")
    bench.add_argument("--workers", type=_positive, default=2, metavar="N",
                       help="queue, http: worker processes to start (default 2)")
    bench.add_argument("--redis", metavar="URL", help="queue, http: use this Redis (the run's "
                       "tenants are removed after) instead of a private redis-server")
    bench.add_argument("--json", metavar="FILE", help="write the report as JSON")
    bench.add_argument("--plot", metavar="FILE.png",
                       help="latency CDF and latency over time (needs matplotlib)")
    bench.add_argument("--concurrency", type=_positive, metavar="N",
                       help="queue, http: requests in flight (closed loop, default 8) or sender "
                       "threads (open loop, default 64)")
    bench.add_argument("--worker-concurrency", type=_positive, metavar="N",
                       help="each worker's --concurrency (default: its own, the CPU count)")
    bench.add_argument("--mix", default="default", metavar="KIND[=W],...",
                       help="action kinds and weights: default, or e.g. allowlist, or "
                       "ip_allowlist=2,mfa=1 (kinds: ip_allowlist email_allowlist cache_read "
                       "cache_write redirect mfa audit)")
    bench.add_argument("--hostile-share", type=float, default=0.02, metavar="FRACTION",
                       help="share of flows sent to tenants whose first action is hostile "
                       "(loop, hang, memory; default 0.02)")
    bench.add_argument("--skew", choices=("zipf", "uniform"), default="zipf",
                       help="how tenants are picked per request (default zipf)")
    bench.add_argument("--zipf-s", type=float, default=1.0, metavar="S",
                       help="Zipf exponent: P(rank r) ~ 1/r^S (default 1)")
    bench.add_argument("--seed", type=int, default=1, help="workload seed (default 1)")
    bench.add_argument("--event-bytes", type=_int_in(0, 400_000), default=0, metavar="N",
                       help="pad each event to at least N bytes of JSON (default: ~2.2 KB)")
    bench.add_argument("--warmup", type=float, default=2.0, metavar="SECONDS",
                       help="untimed load before the window (default 2)")
    bench.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                       help="give up on one call after this long (default 30)")
    bench.add_argument("--no-progress", action="store_true",
                       help="no progress bar (none either when stdout is not a terminal)")


def _bench(args: argparse.Namespace) -> int:
    # hdrh, rich and psutil load only for this command.
    from executor.bench import (  # noqa: PLC0415
        BenchError,
        BenchSettings,
        parse_mix,
        print_summary,
        run_bench,
    )

    try:
        settings = BenchSettings(
            mode=args.mode, duration_s=args.duration, rate=args.rate, tenants=args.tenants,
            actions_per_tenant=args.actions_per_tenant, workers=args.workers,
            worker_concurrency=args.worker_concurrency, redis_url=args.redis,
            concurrency=args.concurrency, seed=args.seed, mix=parse_mix(args.mix),
            hostile_share=args.hostile_share, skew=args.skew, zipf_s=args.zipf_s,
            event_bytes=args.event_bytes, warmup_s=args.warmup, timeout_s=args.timeout,
            json_path=Path(args.json) if args.json else None,
            plot_path=Path(args.plot) if args.plot else None, progress=not args.no_progress)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    try:
        report, _ = run_bench(settings)
    except BenchError as exc:
        print(f"executor bench: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("executor bench: interrupted; everything it started is stopped", file=sys.stderr)
        return 130
    print_summary(report)
    return 0


def _json_file(path: str, what: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read {what} {path}: {exc.strerror}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{what} {path} is not valid JSON: {exc}") from exc


def _object_file(path: str | None, what: str) -> dict[str, Any]:
    if path is None:
        return {}
    value = _json_file(path, what)
    if not isinstance(value, dict):
        raise UsageError(f"{what} {path} must be a JSON object")
    return value


def _read_source(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read action {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise UsageError(f"action {path} is not UTF-8") from exc


def _secret_pairs(pairs: Sequence[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"--secret wants NAME=VALUE, got {pair!r}")
        out[name] = value
    return out


def _flow_actions(path: Path) -> tuple[list[Action], dict[str, Any]]:
    flow = _object_file(str(path), "flow")
    if flow.get("trigger", TRIGGER) != TRIGGER:
        raise UsageError(f"unknown trigger {flow.get('trigger')!r}; only {TRIGGER} is supported")
    entries = flow.get("actions")
    if not isinstance(entries, list) or not entries:
        raise UsageError(f"flow {path}: actions must be a non-empty array")
    actions = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise UsageError(f"flow {path}: each action needs a name")
        if "code" in entry:
            code = entry["code"]
        elif "file" in entry:
            code = _read_source(path.parent / str(entry["file"]))
        else:
            raise UsageError(f"flow {path}: action {entry['name']} needs file or code")
        secrets = entry.get("secrets") or {}
        if not isinstance(code, str) or not isinstance(secrets, dict):
            raise UsageError(f"flow {path}: action {entry['name']} is malformed")
        typescript = str(entry.get("file", "")).endswith(".ts")
        language = entry.get("language") or ("typescript" if typescript else "javascript")
        actions.append(Action(entry["name"], code, secrets,
                              dependencies=entry.get("dependencies") or (), language=language))
    return actions, flow


def _run(args: argparse.Namespace) -> Result:
    event = _json_file(args.event, "event")
    limits = _object_file(args.limits, "limits")
    if len(args.files) == 1 and args.files[0].endswith(".json"):
        actions, flow = _flow_actions(Path(args.files[0]))
        tenant = str(flow.get("tenant") or args.tenant)
        limits = {**(flow.get("limits") or {}), **limits}
        net = _net_policy(args, flow.get("net"))
    else:
        common = _secret_pairs(args.secret)
        per_action = _object_file(args.secrets, "secrets")
        actions = []
        for name in args.files:
            path = Path(name)
            own = per_action.get(path.stem, {})
            if not isinstance(own, dict):
                raise UsageError(f"secrets for {path.stem} must be an object")
            actions.append(Action(path.stem, _read_source(path), {**common, **own},
                                  dependencies=tuple(args.dep), language=_language(path)))
        tenant = args.tenant
        net = _net_policy(args)
    with Executor(args.store, seal=_seal(), net=net) as ex:
        return ex.run(actions, event, tenant=tenant, limits=limits or None)


def _language(path: Path) -> str:
    """A .ts file is TypeScript; anything else is JavaScript."""
    return "typescript" if path.suffix == ".ts" else "javascript"


def _deps(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        bundle = Packager().package(_read_source(path), args.dep, _language(path))
    except InvalidAction as exc:
        raise UsageError(exc.message) from exc
    print(json.dumps({"action": path.name, **bundle.describe(),
                      "warnings": list(bundle.warnings)}, indent=2))
    return 0


def _continue(args: argparse.Namespace) -> Result:
    request = _object_file(args.request, "request")
    # The flow keeps the policy it was suspended under; --no-net turns it off.
    with Executor(args.store, seal=_seal(), net=NO_NET if args.no_net else DEFAULT) as ex:
        return ex.resume(args.state, request, tenant=args.tenant)


def _seal() -> StateSeal | None:
    """Suspended flows sealed with EXECUTOR_SECRET_KEY when it is set (else kept plain)."""
    keys = os.environ.get(SECRET_KEY_ENV)
    if not keys:
        return None
    try:
        return StateSeal.from_keys(keys)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc


def _configure_logging(verbose: bool) -> None:
    level = logging.INFO if verbose else logging.WARNING
    structlog.configure(
        processors=[structlog.processors.add_log_level, structlog.processors.TimeStamper("iso"),
                    structlog.processors.JSONRenderer()],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),  # stdout is the result's
    )


def _die(message: str) -> NoReturn:
    print(f"executor: {message}", file=sys.stderr)
    raise SystemExit(2)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `executor` console script."""
    args = _parser().parse_args(argv)
    _configure_logging(args.verbose)
    commands: dict[str, Callable[[argparse.Namespace], int]] = {
        "worker": _worker, "serve": _serve, "bench": _bench, "deps": _deps}
    try:
        if args.command in commands:
            return commands[args.command](args)
        result = _run(args) if args.command == "run" else _continue(args)
    except UsageError as exc:
        _die(str(exc))
    except ValueError as exc:  # e.g. an unsupported --store URL
        _die(str(exc))
    print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    if result.status != "failed":
        return 0
    error = result.error or {}
    if error.get("type") in ("invalid_event", "invalid_state") and not result.actions:
        print(f"executor: {error.get('type')}: {error.get('message')}", file=sys.stderr)
        return 2
    return 1
