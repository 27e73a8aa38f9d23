"""The on-disk caches and the bytecode fallback path.

Corrupt cache files are detected, deleted and rebuilt, never loaded; the bytecode fallback
path behaves like the snapshot path.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sandbox import ActionError, ApiCall, Outcome, Program, Sandbox

SOURCE = """const greeting = 'cached';
exports.onExecutePostChallenge = async (event, api) => {
  console.log('hello', event.name);
  api.access.deny('no ' + event.name);
  await new Promise((resolve) => setTimeout(resolve, 5));
  return [greeting, event.name];
};
"""
EVENT = {"name": "ada"}
EXPECTED_RESULT = ["cached", "ada"]


@dataclass(frozen=True)
class WarmCache:
    """A cache directory with the base module and SOURCE's snapshot already built."""

    path: Path
    key: str


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory: pytest.TempPathFactory) -> WarmCache:
    """Build SOURCE once into a private cache directory (the shared one is left alone)."""
    path = tmp_path_factory.mktemp("warm-cache")
    program = Sandbox(cache_dir=path).load_action(SOURCE)
    assert program.kind == "snapshot"
    return WarmCache(path, program.key)


@pytest.fixture
def cache(warm_cache: WarmCache, tmp_path: Path) -> WarmCache:
    """Copy the warm cache privately, for the test to damage."""
    copy = tmp_path / "cache"
    shutil.copytree(warm_cache.path, copy)
    return WarmCache(copy, warm_cache.key)


def flip_bytes(path: Path) -> None:
    """Inverts a few bytes in the middle of `path`."""
    data = bytearray(path.read_bytes())
    for i in range(len(data) // 2, len(data) // 2 + 8):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def truncate(path: Path) -> None:
    """Cuts `path` to half its length."""
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def digest_matches(path: Path) -> bool:
    """Whether `path` matches the SHA-256 written beside it (as `sha256sum` prints it)."""
    expected = path.with_name(path.name + ".sha256").read_text().split()
    return [hashlib.sha256(path.read_bytes()).hexdigest(), path.name] == expected


def check_runs(sb: Sandbox, program: Program) -> None:
    """`program` executes SOURCE correctly."""
    assert sb.execute(program, EVENT).result == EXPECTED_RESULT


@pytest.mark.parametrize("damage", [flip_bytes, truncate], ids=["flipped", "truncated"])
def test_damaged_compiled_module_is_rejected_and_rebuilt(
    cache: WarmCache, loaded_paths: list[Path], damage: Callable[[Path], None]
) -> None:
    """A damaged .cwasm is deleted and rebuilt from scratch, and is never handed to wasmtime."""
    sb = Sandbox(cache_dir=cache.path)
    files = sb.loader.modules.files
    cwasm = files.path(cache.key)
    damage(cwasm)

    program = sb.load_action(SOURCE)

    assert files.rejected == 1
    assert loaded_paths  # the spy works: the intact base module was deserialized
    assert cwasm not in loaded_paths
    assert sb.loader.modules.stats["compiles"] == 1  # the snapshot, rebuilt; the base was fine
    assert digest_matches(cwasm)
    check_runs(sb, program)


def test_rebuilt_module_loads_from_disk_next_time(cache: WarmCache) -> None:
    """After a rebuild the new file is verified and used by the next sandbox."""
    flip_bytes(Sandbox(cache_dir=cache.path).loader.modules.files.path(cache.key))
    Sandbox(cache_dir=cache.path).load_action(SOURCE)

    sb = Sandbox(cache_dir=cache.path)
    program = sb.load_action(SOURCE)
    assert sb.loader.modules.files.rejected == 0
    assert sb.loader.modules.stats["compiles"] == 0
    check_runs(sb, program)


def test_missing_digest_means_a_rebuild(cache: WarmCache) -> None:
    """A module file without its digest beside it is not trusted."""
    sb = Sandbox(cache_dir=cache.path)
    cwasm = sb.loader.modules.files.path(cache.key)
    cwasm.with_name(cwasm.name + ".sha256").unlink()

    program = sb.load_action(SOURCE)
    assert sb.loader.modules.stats["compiles"] == 1
    assert digest_matches(cwasm)
    check_runs(sb, program)


def test_verified_file_that_is_not_a_module_is_rejected(cache: WarmCache) -> None:
    """A file with a good digest that wasmtime cannot load (e.g. another build) is replaced."""
    sb = Sandbox(cache_dir=cache.path)
    files = sb.loader.modules.files
    files.write(cache.key, b"\x7fELF not really a compiled module")

    program = sb.load_action(SOURCE)
    assert files.rejected == 1
    assert sb.loader.modules.stats["compiles"] == 1
    check_runs(sb, program)


@pytest.mark.parametrize("damage", [flip_bytes, truncate], ids=["flipped", "truncated"])
def test_damaged_bytecode_is_rejected_and_recompiled(
    cache: WarmCache, damage: Callable[[Path], None]
) -> None:
    """A damaged cached QuickJS program is deleted and compiled again from the source."""
    sb = Sandbox(cache_dir=cache.path)
    bytecode = sb.loader.bytecode
    damage(bytecode.path(cache.key))

    program = sb.load_action(SOURCE)
    assert bytecode.rejected == 1
    assert digest_matches(bytecode.path(cache.key))
    check_runs(sb, program)


def test_damaged_bytecode_is_not_used_by_the_fallback_path(cache: WarmCache) -> None:
    """The bytecode path, which hands the program to every execution, never uses a bad one."""
    sb = Sandbox(cache_dir=cache.path, snapshots=False)
    flip_bytes(sb.loader.bytecode.path(cache.key))

    program = sb.load_action(SOURCE)
    assert program.kind == "bytecode"
    assert sb.loader.bytecode.rejected == 1
    check_runs(sb, program)


def test_loaded_programs_are_reused(sb: Sandbox) -> None:
    """Loading the same source twice returns the same in-memory program."""
    assert sb.load_action(SOURCE) is sb.load_action(SOURCE)


# ---------------------------------------------------------------- snapshot vs bytecode

PARITY_FAILING = "exports.onExecutePostChallenge = async (event) => { " \
    "console.log('about to fail'); throw new TypeError('bad ' + event.name); };"


def outcome_fields(out: Outcome) -> tuple[Any, tuple[ApiCall, ...], tuple[str, ...], int]:
    """Pick the parts of an outcome that must not depend on the load path."""
    return out.result, out.calls, out.logs, out.logs_dropped


def test_both_paths_load_their_own_kind(sb: Sandbox, sb_bytecode: Sandbox) -> None:
    """The default sandbox snapshots actions; snapshots=False hands over bytecode."""
    assert sb.load_action(SOURCE).kind == "snapshot"
    program = sb_bytecode.load_action(SOURCE)
    assert program.kind == "bytecode"
    assert program.bytecode


def test_bytecode_path_gives_the_same_outcome(sb: Sandbox, sb_bytecode: Sandbox) -> None:
    """Result, api calls, logs and drops are identical on the snapshot and bytecode paths."""
    snap = sb.execute(sb.load_action(SOURCE), EVENT)
    code = sb_bytecode.execute(sb_bytecode.load_action(SOURCE), EVENT)
    assert outcome_fields(snap) == outcome_fields(code)
    assert snap.result == EXPECTED_RESULT
    assert snap.calls == (ApiCall(0, "access.deny", ("no ada",)),)


def test_bytecode_path_fails_the_same_way(sb: Sandbox, sb_bytecode: Sandbox) -> None:
    """A failing action raises the same error, message, stack and logs on both paths."""
    errors = []
    for sandbox in (sb, sb_bytecode):
        with pytest.raises(ActionError) as info:
            sandbox.execute(sandbox.load_action(PARITY_FAILING), EVENT)
        errors.append(info.value)
    snap, code = errors
    assert snap.message == code.message == "TypeError: bad ada"
    assert snap.details.stack == code.details.stack
    assert snap.details.logs == code.details.logs == ("about to fail",)
