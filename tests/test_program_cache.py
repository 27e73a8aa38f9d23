"""Loaded programs: bounded by count and bytes, and snapshots earned by use (tiering)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any, cast

import pytest

from sandbox import CacheSettings, Sandbox, diskbudget
from sandbox.program import Program
from sandbox.programcache import ProgramCache

SOURCE = """exports.onExecutePostChallenge = async (event, api) => {
  api.access.deny('tiered ' + event.n);
  return event.n * 2;
};
"""


def program(key: str, weight: int, kind: str = "bytecode") -> Program:
    """A stand-in Program: the cache looks only at key, kind and weight."""
    return Program(key, kind, cast("Any", None), weight=weight)


@pytest.fixture(scope="module")
def base_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache directory holding only the compiled base engine (no action snapshots)."""
    path = tmp_path_factory.mktemp("base-cache")
    Sandbox(cache_dir=path).close()
    return path


@pytest.fixture
def cache_dir(base_cache: Path, tmp_path: Path) -> Path:
    """A private copy of the base cache, for snapshots this test makes."""
    copy = tmp_path / "cache"
    shutil.copytree(base_cache, copy)
    return copy


def run(sb: Sandbox, n: int) -> tuple[str, Any]:
    """Load SOURCE and run it once: the program's kind and the handler's result."""
    loaded = sb.load_action(SOURCE)
    return loaded.kind, sb.execute(loaded, {"n": n}).result


def test_count_bound_drops_the_least_recently_used() -> None:
    """Over its capacity, the cache drops the program used longest ago."""
    cache = ProgramCache(capacity=2, memory_bytes=10**9)
    cache.put(program("a", 1), "src-a")
    cache.put(program("b", 1), "src-b")
    assert cache.by_source("src-a") is not None  # a is now the most recent
    cache.put(program("c", 1), "src-c")
    assert cache.get("b") is None
    assert cache.by_source("src-b") is None
    assert {k for k in ("a", "c") if cache.get(k)} == {"a", "c"}


def test_byte_bound_drops_until_the_weight_fits() -> None:
    """Over its byte budget, the cache drops old programs until the rest fit."""
    cache = ProgramCache(capacity=100, memory_bytes=10)
    for key in "abcd":
        cache.put(program(key, 4), f"src-{key}")
    assert len(cache) == 2 and cache.weight == 8
    assert cache.get("c") is not None and cache.get("d") is not None


def test_an_oversized_program_is_still_kept_alone() -> None:
    """One program heavier than the whole budget is kept (and everything else dropped)."""
    cache = ProgramCache(capacity=100, memory_bytes=10)
    cache.put(program("small", 1))
    cache.put(program("huge", 50))
    assert len(cache) == 1 and cache.get("huge") is not None


def test_replace_swaps_weight_and_refuses_evicted_keys() -> None:
    """A snapshot replaces its bytecode program in place; an evicted key is not re-added."""
    cache = ProgramCache(capacity=1, memory_bytes=100)
    cache.put(program("a", 2), "src-a")
    assert cache.replace(program("a", 50, "snapshot"))
    assert cache.weight == 50 and cache.kinds() == {"snapshot": 1}
    cache.put(program("b", 2), "src-b")
    assert not cache.replace(program("a", 50, "snapshot"))
    assert cache.get("a") is None and cache.weight == 2


def test_uses_count_the_first_load() -> None:
    """The first load counts as a use; each lookup by source adds one."""
    cache = ProgramCache(capacity=4, memory_bytes=100)
    cache.put(program("a", 1), "src-a")
    assert [cast("tuple[Program, int]", cache.by_source("src-a"))[1] for _ in range(3)] == [
        2, 3, 4]


def test_settings_are_checked() -> None:
    """Nonsense cache settings are refused when made."""
    with pytest.raises(ValueError, match="snapshot_after"):
        CacheSettings(snapshot_after=-1)
    with pytest.raises(ValueError, match="capacity"):
        CacheSettings(capacity=0)


def test_tiered_action_runs_on_bytecode_then_earns_a_snapshot(cache_dir: Path) -> None:
    """With snapshot_after=3 an action starts on bytecode, is snapshotted in the background
    after its third use, and answers the same before and after.
    """
    with Sandbox(cache_dir=cache_dir, cache=CacheSettings(snapshot_after=3)) as sb:
        first = [run(sb, n) for n in range(3)]
        assert first == [("bytecode", 0), ("bytecode", 2), ("bytecode", 4)]
        assert sb.loader.promoter.wait_idle(120)
        assert sb.loader.promoter.made == 1
        assert run(sb, 5) == ("snapshot", 10)


def test_a_snapshot_on_disk_is_used_at_the_first_load(cache_dir: Path) -> None:
    """A snapshot another process made already is used at once, whatever the tiering."""
    with Sandbox(cache_dir=cache_dir) as eager:
        assert run(eager, 1) == ("snapshot", 2)
    with Sandbox(cache_dir=cache_dir, cache=CacheSettings(snapshot_after=50)) as tiered:
        assert run(tiered, 2) == ("snapshot", 4)


def test_cold_actions_never_cost_a_snapshot(cache_dir: Path) -> None:
    """Actions used fewer times than snapshot_after stay on bytecode; nothing is queued."""
    modules_before = sorted((cache_dir / "modules").rglob("*.cwasm"))
    with Sandbox(cache_dir=cache_dir, cache=CacheSettings(snapshot_after=5)) as sb:
        for n in range(4):
            assert run(sb, n)[0] == "bytecode"
        assert sb.loader.promoter.made == 0 and sb.loader.promoter.failed == 0
    assert sorted((cache_dir / "modules").rglob("*.cwasm")) == modules_before


def test_snapshots_false_never_promotes(cache_dir: Path) -> None:
    """With snapshots off, a hot action stays on the bytecode path."""
    settings = CacheSettings(snapshot_after=1, snapshots=False)
    with Sandbox(cache_dir=cache_dir, cache=settings) as sb:
        kinds = {run(sb, n)[0] for n in range(3)}
        assert sb.loader.promoter.wait_idle(10)
    assert kinds == {"bytecode"}


def test_memory_budget_bounds_loaded_bytecode_programs(cache_dir: Path) -> None:
    """Hundreds of distinct actions under a small byte budget leave only what fits loaded,
    and an evicted action still runs (reloaded from the disk cache).
    """
    budget = 64 * 1024
    settings = CacheSettings(snapshot_after=1000, memory_bytes=budget)
    with Sandbox(cache_dir=cache_dir, cache=settings) as sb:
        for n in range(200):
            source = SOURCE.replace("tiered", f"tiered {n}")
            sb.execute(sb.load_action(source), {"n": n})
        programs = sb.loader.programs
        assert programs.weight <= budget
        assert 0 < len(programs) < 200
        again = sb.load_action(SOURCE.replace("tiered", "tiered 0"))
        assert sb.execute(again, {"n": 21}).result == 42


def test_disk_prune_drops_least_recently_used_files_and_their_digests(tmp_path: Path) -> None:
    """Pruning deletes the oldest modules (and digests) until the rest fit, sparing `keep`."""
    for n, name in enumerate(["base", "old", "mid", "new"]):
        (tmp_path / f"{name}.cwasm").write_bytes(b"x" * 100)
        (tmp_path / f"{name}.cwasm.sha256").write_text("digest")
        os.utime(tmp_path / f"{name}.cwasm", (1000 + n, 1000 + n))
    diskbudget.touch(tmp_path / "old.cwasm")  # used just now: the newest
    deleted = diskbudget.prune(tmp_path, ".cwasm", 250, keep=frozenset({"base.cwasm"}))
    assert deleted == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "base.cwasm", "base.cwasm.sha256", "old.cwasm", "old.cwasm.sha256"]


def test_disk_prune_under_budget_deletes_nothing(tmp_path: Path) -> None:
    """A directory within its budget is left as it is."""
    (tmp_path / "a.cwasm").write_bytes(b"x" * 10)
    assert diskbudget.prune(tmp_path, ".cwasm", 10) == 0
    assert (tmp_path / "a.cwasm").exists()


def test_snapshots_keep_the_module_directory_within_its_disk_budget(cache_dir: Path) -> None:
    """With a disk budget below two snapshots, making a second one deletes the first (never
    the base engine), and the first action still runs afterwards.
    """
    modules = next((cache_dir / "modules").iterdir())
    base_files = {p.name for p in modules.glob("*.cwasm")}
    budget = sum(p.stat().st_size for p in modules.glob("*.cwasm")) + 6 * 1024 * 1024
    with Sandbox(cache_dir=cache_dir, cache=CacheSettings(disk_bytes=budget)) as sb:
        first = sb.load_action(SOURCE)
        second = sb.load_action(SOURCE.replace("tiered", "other"))
        names = {p.name for p in modules.glob("*.cwasm")}
        assert base_files <= names
        assert f"{second.key}.cwasm" in names and f"{first.key}.cwasm" not in names
        assert sb.execute(first, {"n": 4}).result == 8


def test_uses_outside_the_window_start_counting_again() -> None:
    """A use after the hot window ran out counts as the first of a new window."""
    cache = ProgramCache(capacity=4, memory_bytes=100, window_s=0.05)
    cache.put(program("a", 1), "src-a")
    assert cast("tuple[Program, int]", cache.by_source("src-a"))[1] == 2
    time.sleep(0.1)
    assert cast("tuple[Program, int]", cache.by_source("src-a"))[1] == 1
