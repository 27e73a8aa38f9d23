"""fetch from an action vs the same request made directly with the host's client.

Cases, interleaved (benchmarks/timing.py), against a local HTTP server that answers a
small body (loopback only; the egress policy allows its address and port):

- **sandbox fetch**: `Sandbox.execute` of an action that fetches the body and returns its
  text (snapshot path, internal/fetch preloaded into the snapshot by the hints);
- **sandbox, no fetch**: the same action without the request, for the execution's own cost;
- **httpcore**: `httpcore.request` (a fresh connection, as each execution has its own
  pool);
- **httpx**: `httpx.get`, for reference.

Also: on the bytecode path (nothing preloaded), what the first use of fetch costs in load
time, and the guest memory (`Report.memory_bytes`) after it.

    .venv/bin/python -m benchmarks.fetch --rounds 40 --per-round 10
    .venv/bin/python -m benchmarks.fetch --server-process     # the server in its own process

By default the server runs in this process, and its threads compete for the GIL with the
sandbox's host functions and with httpcore alike; with `--server-process` they do not.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.queues import Queue
from typing import Any

import httpcore
import httpx

from benchmarks.timing import interleave, summarize
from sandbox import CacheSettings, EgressPolicy, Sandbox

BODY = b'{"ok": true, "user": "ada"}'
FETCHING = """exports.onExecutePostChallenge = async (event) => {
  const r = await fetch(event.url);
  return await r.text();
};
"""
IDLE = """exports.onExecutePostChallenge = async (event) => {
  return event.url;
};
"""
TOUCHING = """exports.onExecutePostChallenge = async (event) => {
  return typeof (event.touch ? fetch : undefined);
};
"""


class Handler(BaseHTTPRequestHandler):
    """Answers BODY to every GET."""

    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: with Nagle's algorithm the body would wait for
    # the client's acknowledgement of the headers (a delayed ACK: up to 40 ms). Real servers
    # send with TCP_NODELAY.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        """The small body."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)


def serve(ports: Queue[int] | None = None) -> ThreadingHTTPServer:
    """Starts the server on a free port; in a process of its own when given `ports` (where
    it puts its port, then serves until killed).
    """
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if ports is not None:
        ports.put(server.server_address[1])
        server.serve_forever()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    """Runs the cases and prints medians."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--per-round", type=int, default=10)
    parser.add_argument("--server-process", action="store_true",
                        help="run the server in a process of its own (not competing for this "
                        "process's GIL)")
    args = parser.parse_args()
    if args.server_process:
        spawn = multiprocessing.get_context("spawn")
        ports: Queue[int] = spawn.Queue()
        child = spawn.Process(target=serve, args=(ports,), daemon=True)
        child.start()
        port = ports.get(timeout=30)
        stop = child.terminate
    else:
        server = serve()
        port = server.server_address[1]

        def stop() -> None:
            server.shutdown()
            server.server_close()

    url = f"http://127.0.0.1:{port}/data"
    policy = EgressPolicy.from_config({"allow": [f"127.0.0.1:{port}"]})
    event = {"url": url}
    try:
        with Sandbox() as sb:
            fetching, idle = sb.load_action(FETCHING), sb.load_action(IDLE)
            assert sb.execute(fetching, event, egress=policy).result == BODY.decode()
            samples = interleave({
                "sandbox fetch": lambda: sb.execute(fetching, event, egress=policy),
                "sandbox, no fetch": lambda: sb.execute(idle, event, egress=policy),
                "httpcore": lambda: httpcore.request("GET", url),
                "httpx": lambda: httpx.get(url),
            }, args.rounds, args.per_round)
            memory = {name: sb.execute(program, event, egress=policy).report.memory_bytes
                      for name, program in (("fetch", fetching), ("no fetch", idle))}
        for name, values in samples.items():
            s = summarize(values)
            print(f"{name:20s} median {s['median'] * 1000:7.3f} ms  p99 {s['p99'] * 1000:7.3f} ms"
                  f"  (n={s['n']})")
        print(f"snapshot memory: fetch {memory['fetch'] / 2**20:.2f} MiB, "
              f"no fetch {memory['no fetch'] / 2**20:.2f} MiB")
        with Sandbox(cache=CacheSettings(snapshots=False)) as sb:
            touching = sb.load_action(TOUCHING)
            first = {True: [], False: []}  # type: dict[bool, list[float]]
            mem = {}
            for _ in range(30):
                for touch in (True, False):
                    out = sb.execute(touching, {"touch": touch})
                    first[touch].append(out.report.wall_ms)
                    mem[touch] = out.report.memory_bytes
        load = statistics.median(first[True]) - statistics.median(first[False])
        print(f"bytecode path: loading internal/fetch costs {load:.2f} ms; memory "
              f"{mem[True] / 2**20:.2f} MiB vs {mem[False] / 2**20:.2f} MiB without")
    finally:
        stop()


if __name__ == "__main__":
    main()
