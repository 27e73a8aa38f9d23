"""A compiled-cache directory that cannot be written: read-only, or full.

Each case runs in a child process (tests/faults/cachedir_child.py) against a real write
failure. Read-only is the directory's mode (0555); as root, which writes through any mode,
the child is started without the capabilities that let it do so (CAP_DAC_OVERRIDE,
CAP_DAC_READ_SEARCH and CAP_FOWNER dropped from its bounding set before exec), and the child
proves the directory refuses a write. Full is RLIMIT_FSIZE at 2 MiB with SIGXFSZ ignored:
every write past 2 MiB fails with EFBIG, as on a full disk, so the 4 MB compiled modules
cannot be written while wizer's 1.2 MB snapshot and the small bytecode files can.

In both the action runs correctly from what was compiled in memory, a warning is logged, and
nothing half written is left to be loaded later.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from test_module_cache import EXPECTED_RESULT, SOURCE

from sandbox import Sandbox

CHILD = Path(__file__).with_name("cachedir_child.py")
PR_CAPBSET_DROP = 24
DAC_CAPABILITIES = (1, 2, 3)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
CAP_SETPCAP = 8
FILE_LIMIT = 2 * 1024 * 1024
"""Bigger than wizer's snapshot (~1.2 MB) and the bytecode, smaller than a compiled module."""


def _has_capability(bit: int) -> bool:
    status = Path("/proc/self/status").read_text()
    effective = next(line for line in status.splitlines() if line.startswith("CapEff:"))
    return bool(int(effective.split()[1], 16) >> bit & 1)


def without_dac_capabilities() -> None:
    """preexec_fn: drop the capabilities that let root ignore file modes, for the exec'd
    child (a root process gets its bounding set as its capabilities at exec).
    """
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in DAC_CAPABILITIES:
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def small_files() -> None:
    """preexec_fn: writes past FILE_LIMIT fail with EFBIG instead of killing the process."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_LIMIT, FILE_LIMIT))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def read_only_mechanism() -> Callable[[], None] | None:
    """What makes a 0555 directory refuse this test's child: nothing more, or, as root,
    dropped capabilities (skip when they cannot be dropped).
    """
    if os.geteuid() != 0:
        return None
    if not _has_capability(CAP_SETPCAP):
        pytest.skip("running as root without CAP_SETPCAP: cannot drop CAP_DAC_OVERRIDE")
    return without_dac_capabilities


def run_child(cache: Path, source: Path, preexec: Callable[[], None] | None
              ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Run the child on `cache`; its report and its log events."""
    done = subprocess.run([sys.executable, str(CHILD), str(cache), str(source)],
                          capture_output=True, timeout=180, preexec_fn=preexec, check=False)
    stderr = done.stderr.decode(errors="replace")
    assert done.returncode == 0, stderr[-3000:]
    events = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    return json.loads(done.stdout), events


def write_failures(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The warnings the cache logged for writes that failed."""
    return [e for e in events if e.get("event") == "cache_write_failed"
            and e.get("level") == "warning"]


def set_writable(root: Path, writable: bool) -> None:
    """Make `root` and the directories under it 0755 or 0555, the files 0644 or 0444."""
    for path in [root, *root.rglob("*")]:
        if path.is_dir():
            path.chmod(0o755 if writable else 0o555)
        else:
            path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH
                       | (stat.S_IWUSR if writable else 0))


def leftovers(root: Path) -> list[str]:
    """Temporary files of interrupted writes, and compiled modules, under `root`."""
    return sorted(p.name for p in root.rglob("*")
                  if p.name.startswith(".tmp-") or p.suffix == ".cwasm")


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """test_module_cache's SOURCE in a file, for the child."""
    path = tmp_path / "action.js"
    path.write_text(SOURCE)
    return path


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """A directory made read-only by the test (writable again at teardown, for cleanup)."""
    path = tmp_path / "cache"
    path.mkdir()
    yield path
    set_writable(path, True)


def test_an_empty_read_only_cache_dir_compiles_in_memory(read_only: Path,
                                                         source: Path) -> None:
    """Nothing cached and nothing writable: the base and the action are compiled in memory,
    the action runs, each failed write is a warning, and the directory stays empty.
    """
    preexec = read_only_mechanism()
    set_writable(read_only, False)
    report, events = run_child(read_only, source, preexec)
    assert report["probe"] == "PermissionError"  # the directory really refuses writes
    assert (report["kind"], report["result"]) == ("snapshot", EXPECTED_RESULT)
    assert report["compiles"] == 2  # the base and the action's snapshot
    assert {e["error"] for e in write_failures(events)} == {"Permission denied"}
    assert list(read_only.iterdir()) == []


def test_a_damaged_module_in_a_read_only_cache_dir_is_never_loaded(
        read_only: Path, source: Path) -> None:
    """A warm cache whose action module is damaged, then made read-only: the damaged file
    cannot be deleted, but is refused on every load (twice here) and the action runs from
    a module compiled in memory.
    """
    preexec = read_only_mechanism()
    program = Sandbox(cache_dir=read_only).load_action(SOURCE)
    cwasm = Sandbox(cache_dir=read_only).loader.modules.files.path(program.key)
    damaged = bytearray(cwasm.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    cwasm.write_bytes(bytes(damaged))
    set_writable(read_only, False)
    for _ in range(2):
        report, events = run_child(read_only, source, preexec)
        assert report["probe"] == "PermissionError"
        assert (report["kind"], report["result"]) == ("snapshot", EXPECTED_RESULT)
        # Refused at each of the loader's lookups (it cannot be deleted); only the snapshot
        # is compiled again: the intact base module loads from disk.
        assert report["rejected"] >= 1 and report["compiles"] == 1
        assert write_failures(events)
        assert cwasm.read_bytes() == damaged


def test_a_full_cache_dir_compiles_in_memory_and_leaves_nothing_half_written(
        tmp_path: Path, source: Path) -> None:
    """Writes over 2 MiB fail (EFBIG): the compiled modules stay in memory, the action runs,
    the failures are warnings, no partial file is left; the next process finds only the
    bytecode, rejects nothing, compiles the modules and writes them.
    """
    cache = tmp_path / "cache"
    report, events = run_child(cache, source, small_files)
    assert (report["kind"], report["result"]) == ("snapshot", EXPECTED_RESULT)
    assert report["compiles"] == 2
    failures = write_failures(events)
    assert len(failures) == 2 and {e["error"] for e in failures} == {"File too large"}
    assert leftovers(cache) == []
    assert [p.suffix for p in cache.rglob("*.qjsbc")] == [".qjsbc"]

    sb = Sandbox(cache_dir=cache)
    program = sb.load_action(SOURCE)
    assert sb.execute(program, {"name": "ada"}).result == EXPECTED_RESULT
    assert sb.loader.modules.files.rejected == sb.loader.bytecode.rejected == 0
    assert sb.loader.modules.stats["compiles"] == 2
    assert len([p for p in leftovers(cache) if p.endswith(".cwasm")]) == 2
    shutil.rmtree(cache)
