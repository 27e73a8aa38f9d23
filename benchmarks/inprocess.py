"""In-process cost of one execution, beside the wasmtime floor and the quickjs-rs peer.

    python -m benchmarks.inprocess                 # interleaved latency + one-off costs
    python -m benchmarks.inprocess --rss-actions 200   # also: RSS after 200 distinct actions

All latency figures come from one interleaved run (the cases take turns, round by round), so
machine noise hits every case alike; read the ratios, not the absolute numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import wasmtime

import guest
from benchmarks.baselines import IP_ALLOWLIST_ACTION, QuickjsRsPeer, WatFloor
from benchmarks.timing import interleave, markdown_table, summarize
from sandbox import Sandbox
from sandbox.engine import Engine

RESULTS = Path(__file__).resolve().parent / "results"
DENIED = {"request": {"ip": "203.0.113.7", "hostname": "login.example.com"},
          "user": {"user_id": "auth0|1", "email": "a@example.com"}}
ALLOWED = {**DENIED, "request": {**DENIED["request"], "ip": "10.0.0.1"}}


def _ours(sandbox: Sandbox) -> Any:
    program = sandbox.load_action(IP_ALLOWLIST_ACTION.read_text())

    def run() -> str | None:
        calls = sandbox.execute(program, DENIED).calls
        return str(calls[0].args[0]) if calls else None

    return run


def latency(rounds: int, per_round: int) -> list[dict[str, object]]:
    """Median and p99 of ours, the floor (public API and C API) and the peer, interleaved."""
    sandbox = Sandbox()
    ours = _ours(sandbox)
    floor = WatFloor(sandbox.engine.wasm)
    with QuickjsRsPeer() as peer:
        agree = ours() == peer.run_once(DENIED)
        assert agree, "ours and the peer disagree on the deny reason"
        cases = {
            "ours: allow-list action (deny)": ours,
            "floor: trivial WAT, C-API call": floor.run_once_capi,
            "floor: trivial WAT, public API": floor.run_once,
            "peer: quickjs-rs, fresh runtime": lambda: peer.run_once(DENIED),
        }
        for fn in cases.values():  # warm-up: caches, branch predictors, the pool's slots
            for _ in range(200):
                fn()
        samples = interleave(cases, rounds=rounds, per_round=per_round)
    base = summarize(samples["floor: trivial WAT, C-API call"])["median"]
    ours_median = summarize(samples["ours: allow-list action (deny)"])["median"]
    rows = []
    for name, xs in samples.items():
        s = summarize(xs)
        rows.append({"case": name, "median_ms": s["median"] * 1e3, "p99_ms": s["p99"] * 1e3,
                     "x_floor": s["median"] / base, "x_ours": s["median"] / ours_median,
                     "n": s["n"]})
    return rows


def _timed(fn: Any) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1e3


def one_off_costs(actions: int) -> list[dict[str, object]]:
    """Engine compile, snapshot creation per action, cold load of a cached action."""
    engine = Engine()
    wasm = guest.build().engine.read_bytes()
    compile_ms = _timed(lambda: wasmtime.Module(engine.wasm, wasm))
    rows: list[dict[str, object]] = [{"what": "compile the engine module (Cranelift)",
                                      "ms": compile_ms}]
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as tmp:
        cold = Sandbox(cache_dir=Path(tmp), engine=engine)
        sources = [_variant(i) for i in range(actions)]
        create = [_timed(lambda s=s: cold.load_action(s)) for s in sources]
        rows.append({"what": f"snapshot creation per action (compile + wizer + Cranelift), "
                             f"median of {actions}", "ms": sorted(create)[len(create) // 2]})
        fresh = Sandbox(cache_dir=Path(tmp), engine=engine)  # empty in-memory caches
        load = [_timed(lambda s=s: fresh.load_action(s)) for s in sources]
        rows.append({"what": f"cold load of a cached action (verify + mmap + probe), "
                             f"median of {actions}", "ms": sorted(load)[len(load) // 2]})
        program = fresh.load_action(sources[0])
        rows.append({"what": "first execution after a cold load",
                     "ms": _timed(lambda: fresh.execute(program, DENIED))})
    return rows


def _variant(i: int) -> str:
    """A distinct allow-list action per i (distinct source -> distinct snapshot)."""
    return IP_ALLOWLIST_ACTION.read_text().replace("'10.0.0.2'", f"'10.0.{i // 250}.{i % 250}'")


def rss_after(actions: int) -> dict[str, object]:
    """RSS of a fresh process that loaded and executed `actions` distinct actions."""
    code = (
        "import resource, sys\n"
        "from benchmarks.inprocess import _variant, DENIED\n"
        "from sandbox import Sandbox\n"
        f"sb = Sandbox(capacity={actions})\n"
        f"for i in range({actions}):\n"
        "    sb.execute(sb.load_action(_variant(i)), DENIED)\n"
        "rss = [l for l in open('/proc/self/status') if l.startswith('VmRSS')][0].split()[1]\n"
        "print(int(rss) * 1024, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[1])
    rss, peak = (int(x) for x in out.stdout.split())
    return {"actions": actions, "rss_mib": rss / 2**20, "peak_rss_mib": peak / 2**20}


def main() -> int:
    """Runs the benchmark and prints markdown tables; writes results/inprocess.json."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--per-round", type=int, default=50)
    parser.add_argument("--snapshot-actions", type=int, default=5)
    parser.add_argument("--rss-actions", type=int, default=0,
                        help="also measure RSS after this many distinct actions (slow: "
                             "about 1.5 s per new action on a cold cache)")
    args = parser.parse_args()
    result: dict[str, object] = {"python": sys.version.split()[0], "cpus": os.cpu_count()}
    lat = latency(args.rounds, args.per_round)
    result["latency"] = lat
    print(markdown_table(lat))
    costs = one_off_costs(args.snapshot_actions)
    result["one_off"] = costs
    print()
    print(markdown_table(costs))
    if args.rss_actions:
        rss = rss_after(args.rss_actions)
        result["rss"] = rss
        print()
        print(markdown_table([rss]))
    result["self_peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "inprocess.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
