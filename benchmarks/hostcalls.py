"""What one platform call costs, against a bare wasm -> Python crossing.

    .venv/bin/python -m benchmarks.hostcalls                      # 30 rounds of 1000 calls
    .venv/bin/python -m benchmarks.hostcalls --rounds 50 --calls 2000

Each case is a guest that makes `--calls` calls in a loop; its cost per call is the median
time of that execution minus the median of the same guest making none, over the calls. The
cases take turns round by round (benchmarks/timing.py), each with and without its calls, so
the machine's noise falls on all of them alike.

- **bare crossing, public API**: a WAT loop calling a host function that does nothing,
  defined with wasmtime-py's `Linker.define_func(access_caller=True)`, on the product's
  engine: what every host call cost before sandbox/hostfunc.py;
- **bare crossing, sandbox.hostfunc**: the same no-op through the C-API definition the
  sandbox uses now (skipped on a tree that has no sandbox/hostfunc.py);
- **platform call, raw wasm**: a WAT guest sending `["crypto.random", [1]]` through
  `executor.platform_call`, run by `Sandbox.execute`: the host function, the request's
  msgpack, the dispatch, the handler, the answer written back;
- **crypto.getRandomValues(1 byte)**, **new URL(...)**: the same from an action's JavaScript
  (the guest's encoding and decoding, and the Node layer's own checks, included).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import msgpack
import wasmtime

from benchmarks.timing import markdown_table
from sandbox import Program, Sandbox
from sandbox.capi import Guest

try:
    from sandbox import hostfunc
except ImportError:  # a tree from before it (python -m benchmarks.hostcalls there)
    hostfunc = None  # type: ignore[assignment]

I32X4 = "(param i32 i32 i32 i32) (result i32)"
REQUEST = msgpack.packb(["crypto.random", [1]])
URL = "https://example.com/a/b?c=d#e"
JS = """exports.onExecutePostChallenge = async (event) => {
  const bytes = new Uint8Array(1);
  for (let i = 0; i < event.n; i++) %s;
  return event.n;
};
"""


def loop_wat(calls: int, module: str, name: str) -> str:
    """A raw-ABI guest whose exec_run calls `module.name` on REQUEST `calls` times."""
    outcome = msgpack.packb({"status": "ok"})

    def data(raw: bytes) -> str:
        return "".join(f"\\{b:02x}" for b in raw)

    return f"""(module
  (import "{module}" "{name}" (func $call {I32X4}))
  (memory (export "memory") 1)
  (data (i32.const 16) "{data(REQUEST)}")
  (data (i32.const 512) "{data(outcome)}")
  (func (export "exec_abi_version") (result i32) i32.const 1)
  (func (export "exec_alloc") (param i32) (result i32) i32.const 8192)
  (func (export "exec_run") (param i32 i32) (result i64) (local $i i32)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (i32.const {calls})))
      (drop (call $call (i32.const 16) (i32.const {len(REQUEST)}) (i32.const 4096)
                        (i32.const 1024)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (i64.or (i64.shl (i64.const 512) (i64.const 32)) (i64.const {len(outcome)}))))
"""


def noop_public(caller: wasmtime.Caller, a: int, b: int, c: int, d: int) -> int:
    """A host function that does nothing (wasmtime-py's public definition)."""
    return 0


def noop(memory: object, a: int, b: int, c: int, d: int) -> int:
    """A host function that does nothing (sandbox.hostfunc's definition)."""
    return 0


def bare_case(engine: wasmtime.Engine, define: Callable[[wasmtime.Linker], None],
              calls: int) -> Callable[[int], object]:
    """Runs a WAT loop of 0 or `calls` calls to the no-op `define` puts in a linker."""
    linker = wasmtime.Linker(engine)
    define(linker)
    pres = {n: linker.instantiate_pre(wasmtime.Module(engine, loop_wat(n, "bare", "f")))
            for n in (0, calls)}

    def run(n: int) -> object:
        store = wasmtime.Store(engine)
        store.set_fuel(10**12)
        store.set_epoch_deadline(10**9)
        return Guest(store, pres[n].instantiate(store)).call("exec_run", 0, 0)

    return run


def cases(sb: Sandbox, calls: int) -> dict[str, Callable[[int], object]]:
    """Each case: run(n) executes its guest making n calls (0 or `calls`)."""
    engine = sb.engine.wasm
    ty = wasmtime.FuncType([wasmtime.ValType.i32()] * 4, [wasmtime.ValType.i32()])
    out: dict[str, Callable[[int], object]] = {
        "bare crossing, public API": bare_case(
            engine, lambda ln: ln.define_func("bare", "f", ty, noop_public, access_caller=True),
            calls)}
    if hostfunc is not None:
        out["bare crossing, sandbox.hostfunc"] = bare_case(
            engine, lambda ln: hostfunc.define(ln, "bare", "f", noop), calls)
    raw = {n: sb.load_module(bytes(wasmtime.wat2wasm(loop_wat(n, "executor", "platform_call"))))
           for n in (0, calls)}
    out["platform call, raw wasm (crypto.random)"] = lambda n: sb.execute(raw[n], {})

    def action(body: str) -> Callable[[int], object]:
        program: Program = sb.load_action(JS % body)
        return lambda n: sb.execute(program, {"n": n})

    out["crypto.getRandomValues(1 byte)"] = action("crypto.getRandomValues(bytes)")
    out["new URL(...)"] = action(f"new URL({URL!r})")
    return out


def per_call(runs: dict[str, Callable[[int], object]], calls: int, rounds: int,
             per_round: int) -> dict[str, float]:
    """Microseconds per call of each case: (median with calls - median without) / calls."""
    samples: dict[tuple[str, int], list[float]] = {(k, n): [] for k in runs for n in (0, calls)}
    names = list(runs)
    for r in range(rounds):
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            for n in (0, calls):
                run = runs[name]
                for _ in range(per_round):
                    start = time.perf_counter()
                    run(n)
                    samples[name, n].append(time.perf_counter() - start)
    return {name: (statistics.median(samples[name, calls]) - statistics.median(samples[name, 0]))
            / calls * 1e6 for name in names}


def main() -> None:
    """Prints the per-call cost of each case as a markdown table."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--per-round", type=int, default=3)
    parser.add_argument("--calls", type=int, default=1000)
    args = parser.parse_args()
    with Sandbox() as sb:
        runs = cases(sb, args.calls)
        for run in runs.values():  # warm: compile, snapshot, first instances
            run(0)
            run(args.calls)
        costs = per_call(runs, args.calls, args.rounds, args.per_round)
    floor = costs["bare crossing, public API"]
    print(markdown_table([{"case": name, "us_per_call": cost, "x_public_crossing": cost / floor}
                          for name, cost in costs.items()], ".2f"))


if __name__ == "__main__":
    main()
