"""What npm dependencies cost: deploys with 0, 1 and 5 of them, and each execution after.

    python -m benchmarks.deps                     # deploys (3 rounds) + executions
    python -m benchmarks.deps --rounds 1 --executions 2000

Deploys: `Packager.package` (npm install --ignore-scripts, esbuild) on a fresh cache
directory (cold: npm downloads every tarball from the registry), the same declarations
again for a changed source (the installed tree is reused, esbuild runs), and the same
action again (warm: the bundle comes from the cache, neither npm nor esbuild runs); then
the first load of the bundle in a sandbox (compile + wizer snapshot). The cases take turns
round by round. With 0 dependencies a JavaScript action is not packaged at all; the
TypeScript one is compiled by esbuild only.

Executions: `Sandbox.execute` of the allow-list action, and of the same decision in an
action that bundles axios, lodash and jose, each on its snapshot, interleaved; also each one's
linear memory, what decoding the bundle's source map costs (once per process and program,
at its first mapped stack), and an execution that throws, with and without a map.
"""

from __future__ import annotations

import argparse
import functools
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.baselines import IP_ALLOWLIST_ACTION
from benchmarks.timing import interleave, markdown_table, summarize
from executor.packaging import Packager
from sandbox import CacheSettings, ExecutorError, Sandbox
from sandbox.sourcemap import SourceMap

RESULTS = Path(__file__).resolve().parent / "results"
DENIED = {"request": {"ip": "203.0.113.7", "hostname": "login.example.com"},
          "user": {"user_id": "auth0|1", "email": "a@example.com"}}
SETS: dict[str, tuple[list[str], str]] = {
    "0 (TypeScript)": ([], "typescript"),
    "1": (["lodash@4.17.21"], "javascript"),
    "5": (["axios@1.7.9", "lodash@4.17.21", "jose@5.9.6", "uuid@11.0.5", "date-fns@3.6.0"],
          "javascript"),
}
REQUIRES = {"lodash": "_", "axios": "axios", "jose": "jose", "uuid": "uuid",
            "date-fns": "dateFns"}
BUNDLED = """const axios = require('axios');
const _ = require('lodash');
const jose = require('jose');
const ALLOW = ['10.0.0.1', '10.0.0.2', '192.168.1.10'];
exports.onExecutePostChallenge = async (event, api) => {
  if (!_.includes(ALLOW, event.request.ip)) {
    api.access.deny(`IP ${event.request.ip} is not allowed`);
  }
};
exports.clients = { axios, jose };
"""
THROWS = BUNDLED.replace("if (!_.includes", "if (event.request.ip === '203.0.113.7') "
                         "throw new Error('bad ip');\n  if (!_.includes")


def _source(deps: list[str], salt: int) -> str:
    """An allow-list action that requires each dependency (`salt` makes the source new)."""
    lines = [f"const {REQUIRES[d.rsplit('@', 1)[0]]} = require('{d.rsplit('@', 1)[0]}');"
             for d in deps]
    body = IP_ALLOWLIST_ACTION.read_text().replace("exports.", f"// {salt}\nexports.", 1)
    return "\n".join([*lines, body])


def _ms(fn: Any) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1e3


def deploys(rounds: int) -> list[dict[str, object]]:
    """Packaging times per dependency count (cold, new source, warm) and the bundle's
    first load (compile + snapshot), medians over `rounds` fresh cache directories.
    """
    times: dict[str, dict[str, list[float]]] = {
        name: {"cold": [], "new source": [], "warm": [], "first load": [], "bytes": []}
        for name in SETS}
    for r in range(rounds):
        names = list(SETS)
        for name in names[r % len(names):] + names[:r % len(names)]:
            with tempfile.TemporaryDirectory(prefix="bench-deps-") as tmp:
                _deploy_round(Path(tmp), *SETS[name], r, times[name])
    rows = []
    for name, t in times.items():
        rows.append({"dependencies": name, "bundle_kb": _median(t["bytes"]) / 1000,
                     **{f"{k}_ms": _median(v) for k, v in t.items() if k != "bytes"},
                     "rounds": rounds})
    return rows


def _deploy_round(cache: Path, deps: list[str], language: str, salt: int,
                  t: dict[str, list[float]]) -> None:
    """One round of one dependency set on an empty cache directory."""
    source = _source(deps, salt)
    t["cold"].append(_ms(functools.partial(Packager(cache).package, source, deps, language)))
    # Each later step is another process's view: no memo, the disk cache only.
    t["new source"].append(_ms(functools.partial(
        Packager(cache).package, _source(deps, salt + 1000), deps, language)))
    t["warm"].append(_ms(functools.partial(Packager(cache).package, source, deps, language)))
    bundle = Packager(cache).package(source, deps, language)
    assert bundle.reused
    t["bytes"].append(len(bundle.code))
    with Sandbox(cache_dir=cache / "sandbox", cache=CacheSettings(snapshot_after=0)) as sb:
        t["first load"].append(_ms(functools.partial(
            sb.load_action, bundle.code, source_map=bundle.source_map)))


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def executions(count: int) -> tuple[list[dict[str, object]], dict[str, object]]:
    """The allow-list action and the bundled one on their snapshots, interleaved."""
    packager = Packager()
    bundle = packager.package(BUNDLED, ["axios@1.7.9", "lodash@4.17.21", "jose@5.9.6"])
    with Sandbox(cache=CacheSettings(snapshot_after=0)) as sb:
        plain = sb.load_action(IP_ALLOWLIST_ACTION.read_text())
        bundled = sb.load_action(bundle.code, source_map=bundle.source_map)
        assert (plain.kind, bundled.kind) == ("snapshot", "snapshot")
        memory = {"allow-list": sb.execute(plain, DENIED).report.memory_bytes,
                  "bundle": sb.execute(bundled, DENIED).report.memory_bytes}
        cases = {"allow-list action": lambda: sb.execute(plain, DENIED),
                 "axios + lodash + jose bundle": lambda: sb.execute(bundled, DENIED)}
        for fn in cases.values():
            for _ in range(200):
                fn()
        samples = interleave(cases, rounds=max(1, count // 100), per_round=100)
        thrower = packager.package(THROWS, ["axios@1.7.9", "lodash@4.17.21", "jose@5.9.6"])
        program = sb.load_action(thrower.code, source_map=thrower.source_map)
        mapped = _median([_ms(functools.partial(_throw, sb, program)) for _ in range(50)])
        unmapped = sb.load_action(THROWS.replace("require('axios')", "{}").replace(
            "require('lodash')", "{ includes: (a, x) => a.includes(x) }").replace(
            "require('jose')", "{}"))
        plain = _median([_ms(functools.partial(_throw, sb, unmapped)) for _ in range(50)])
    decode = _ms(lambda: SourceMap.parse(bundle.source_map).locate(1, 100))
    base = summarize(samples["allow-list action"])["median"]
    rows = []
    for name, xs in samples.items():
        s = summarize(xs)
        key = "allow-list" if name.startswith("allow") else "bundle"
        rows.append({"case": name, "median_ms": s["median"] * 1e3, "p99_ms": s["p99"] * 1e3,
                     "x_allow_list": s["median"] / base,
                     "memory_mb": memory[key] / 2**20, "n": s["n"]})
    extra = {"bundle_bytes": len(bundle.code), "map_bytes": len(bundle.source_map),
             "map_decode_ms": decode, "throwing_execution_mapped_ms": mapped,
             "throwing_execution_plain_ms": plain}
    return rows, extra


def _throw(sb: Sandbox, program: Any) -> None:
    try:
        sb.execute(program, DENIED)
    except ExecutorError as err:
        assert "action.js:" in err.details.stack and "bundle" not in err.details.stack, \
            err.details.stack
        return
    raise AssertionError("the action did not throw")


def main() -> None:
    """Runs both parts and prints Markdown tables (raw figures: results/deps.json)."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="deploy rounds (default 3)")
    parser.add_argument("--executions", type=int, default=4000,
                        help="executions per case (default 4000)")
    args = parser.parse_args()
    deploy_rows = deploys(args.rounds)
    print(markdown_table(deploy_rows, ".1f"))
    exec_rows, extra = executions(args.executions)
    print(markdown_table(exec_rows))
    print(json.dumps(extra, indent=1))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "deps.json").write_text(json.dumps(
        {"deploys": deploy_rows, "executions": exec_rows, **extra}, indent=1))


if __name__ == "__main__":
    main()
