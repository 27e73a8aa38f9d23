"""Run by tests/faults/test_cache_dir.py in a child process whose cache directory cannot be
written: load and run one action, report on stdout as JSON, log (JSON lines) on stderr.

    python cachedir_child.py CACHE_DIR SOURCE_FILE
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import structlog

from sandbox import Sandbox


def probe(directory: Path) -> str:
    """Whether this process can create a file in `directory`: "written" or the error."""
    try:
        (directory / ".probe").write_bytes(b"x")
    except OSError as exc:
        return type(exc).__name__
    (directory / ".probe").unlink()
    return "written"


def main() -> None:
    """Load the action from scratch (no shared cache), run it, print what happened."""
    structlog.configure(
        processors=[structlog.processors.add_log_level, structlog.processors.JSONRenderer()],
        wrapper_class=structlog.make_filtering_bound_logger(logging.INFO),
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
    )
    directory, source = Path(sys.argv[1]), Path(sys.argv[2]).read_text()
    sb = Sandbox(cache_dir=directory)
    program = sb.load_action(source)
    out = sb.execute(program, {"name": "ada"})
    loader = sb.loader
    json.dump({"probe": probe(directory), "kind": program.kind, "result": out.result,
               "compiles": loader.modules.stats["compiles"],
               "rejected": loader.modules.files.rejected + loader.bytecode.rejected},
              sys.stdout)
    sb.close()


if __name__ == "__main__":
    main()
