"""Corrupted compiled-cache files that tests/test_module_cache.py does not cover: a valid
file of another action swapped in together with its digest, and a damaged digest file.

Each is detected, rebuilt and rewritten, and never loaded: the execution gives this
action's result, not the other action's.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_module_cache import EVENT, EXPECTED_RESULT, SOURCE, digest_matches, truncate

from sandbox import Sandbox
from sandbox.verified import VerifiedFiles

OTHER = "exports.onExecutePostChallenge = async (event) => ['other', event.name];\n"
"""Another valid action: its files are what gets swapped in."""


@dataclass(frozen=True)
class TwoActions:
    """A cache directory holding SOURCE's and OTHER's snapshot and bytecode."""

    path: Path
    key: str
    other: str


@pytest.fixture(scope="module")
def warm_two(tmp_path_factory: pytest.TempPathFactory) -> TwoActions:
    """Build SOURCE and OTHER once into a private cache directory."""
    path = tmp_path_factory.mktemp("two-actions")
    sb = Sandbox(cache_dir=path)
    source, other = sb.load_action(SOURCE), sb.load_action(OTHER)
    assert source.kind == other.kind == "snapshot"
    return TwoActions(path, source.key, other.key)


@pytest.fixture
def two(warm_two: TwoActions, tmp_path: Path) -> TwoActions:
    """A private copy of the warm cache, for the test to damage."""
    copy = tmp_path / "cache"
    shutil.copytree(warm_two.path, copy)
    return TwoActions(copy, warm_two.key, warm_two.other)


def swap_in(files: VerifiedFiles, key: str, other: str) -> None:
    """Copy `other`'s file and its digest file over `key`'s: both intact, both valid."""
    for suffix in ("", ".sha256"):
        source = files.path(other).with_name(files.path(other).name + suffix)
        shutil.copyfile(source, files.path(key).with_name(files.path(key).name + suffix))


def test_another_actions_module_swapped_in_is_never_loaded(
        two: TwoActions, loaded_paths: list[Path]) -> None:
    """OTHER's compiled module and digest copied over SOURCE's: refused (the digest names
    another file), rebuilt, rewritten; the execution is SOURCE's.
    """
    sb = Sandbox(cache_dir=two.path)
    files = sb.loader.modules.files
    swap_in(files, two.key, two.other)
    swapped = files.path(two.key).read_bytes()

    program = sb.load_action(SOURCE)

    assert files.rejected == 1
    assert files.path(two.key) not in loaded_paths
    assert sb.execute(program, EVENT).result == EXPECTED_RESULT
    assert digest_matches(files.path(two.key))
    assert files.path(two.key).read_bytes() != swapped


def test_another_actions_bytecode_swapped_in_is_never_run(two: TwoActions) -> None:
    """OTHER's QuickJS program and digest copied over SOURCE's: refused, compiled again from
    the source, rewritten; the bytecode path runs SOURCE.
    """
    sb = Sandbox(cache_dir=two.path, snapshots=False)
    bytecode = sb.loader.bytecode
    swap_in(bytecode, two.key, two.other)

    program = sb.load_action(SOURCE)

    assert program.kind == "bytecode"
    assert bytecode.rejected == 1
    assert sb.execute(program, EVENT).result == EXPECTED_RESULT
    assert digest_matches(bytecode.path(two.key))


def cut_digest(path: Path) -> None:
    """Truncates the digest file beside `path`."""
    truncate(path.with_name(path.name + ".sha256"))


def garble_digest(path: Path) -> None:
    """Replaces the digest file beside `path` with another file's digest line."""
    digest = path.with_name(path.name + ".sha256")
    digest.write_text(digest.read_text().replace(path.name, "x" + path.name))


@pytest.mark.parametrize("damage", [cut_digest, garble_digest], ids=["truncated", "renamed"])
def test_a_damaged_digest_file_means_a_rebuild(
        two: TwoActions, loaded_paths: list[Path], damage: Callable[[Path], None]) -> None:
    """An intact module whose digest file is cut short or names another file: refused,
    rebuilt, and both files rewritten.
    """
    sb = Sandbox(cache_dir=two.path)
    files = sb.loader.modules.files
    damage(files.path(two.key))

    program = sb.load_action(SOURCE)

    assert files.rejected == 1
    assert files.path(two.key) not in loaded_paths
    assert sb.loader.modules.stats["compiles"] == 1
    assert digest_matches(files.path(two.key))
    assert sb.execute(program, EVENT).result == EXPECTED_RESULT
