"""The harness's one error.

    BenchError        the benchmark could not run (a process did not start, Redis refused
                      the deploy, the workload cannot be built); exits 1 with the message

Bad flags are ValueError from BenchSettings (the CLI turns them into exit 2).
"""

from __future__ import annotations


class BenchError(Exception):
    """Raised when the harness cannot set up or run the benchmark (not a usage error)."""
