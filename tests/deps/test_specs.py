"""Declarations, npm's errors, lockfiles and native addons: the checks that need no registry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from executor.packaging import Dependency, Packager, ResolvedPackage, parse_dependencies
from executor.packaging.lockfile import read_lock, top_level, tree_digest
from executor.packaging.natives import native_packages
from executor.packaging.npm import npm_failure
from executor.packaging.packager import Tree
from sandbox.errors import InvalidAction


@pytest.mark.parametrize(("item", "expected"), [
    ("axios@1.7.9", Dependency("axios", "1.7.9")),
    ("@xmldom/xmldom@0.9.12", Dependency("@xmldom/xmldom", "0.9.12")),
    ("@xmldom/xmldom", Dependency("@xmldom/xmldom", "latest")),
    ("lodash", Dependency("lodash", "latest")),
    ("lodash@^4.17.0", Dependency("lodash", "^4.17.0")),
    ("date-fns@>=3 <5 || 2.x", Dependency("date-fns", ">=3 <5 || 2.x")),
    ("ipaddr.js@2.2.0", Dependency("ipaddr.js", "2.2.0")),
    ("JSONStream@1.3.5", Dependency("JSONStream", "1.3.5")),
    ({"name": "axios", "version": "1.7.9"}, Dependency("axios", "1.7.9")),
    ({"name": "uuid"}, Dependency("uuid", "latest")),
    ("uuid@next", Dependency("uuid", "next")),
])
def test_declarations_are_read(item: Any, expected: Dependency) -> None:
    """NAME@VERSION (scoped or not, a version, range or tag) and Auth0's {name, version}."""
    assert Dependency.parse(item) == expected


@pytest.mark.parametrize("item", [
    "axios@https://evil.example/axios.tgz",
    "axios@git+ssh://git@github.com/axios/axios.git",
    "axios@github:axios/axios",
    "axios@axios/axios",
    "axios@file:../../etc",
    "axios@../axios",
    "axios@npm:evil-axios@1.0.0",
    "axios@link:/tmp/x",
    "axios@workspace:*",
    "axios@1.0.0#main",
    "../axios@1.0.0",
    "/etc/passwd@1",
    "Axios Client@1.0.0",
    "@scope@1.0.0",
    ".hidden@1.0.0",
    "_private@1.0.0",
    "node_modules@1.0.0",
    "a" * 215,
    "axios@",
    "axios@ ",
    {"name": "axios", "version": "1.7.9", "url": "https://evil.example"},
    {"name": 3, "version": "1.0.0"},
    {"name": "axios", "version": 1.7},
    42,
])
def test_anything_but_a_registry_package_is_refused(item: Any) -> None:
    """URLs, git, paths, aliases and bad names never reach npm: typed invalid_action."""
    with pytest.raises(InvalidAction) as caught:
        Dependency.parse(item)
    assert caught.value.type == "invalid_action"


def test_at_most_ten_dependencies() -> None:
    """Ten are fine (as Auth0); the eleventh is refused, saying the limit."""
    ten = [f"pkg{i}@1.0.0" for i in range(10)]
    assert len(parse_dependencies(ten)) == 10
    with pytest.raises(InvalidAction, match="at most 10 dependencies, got 11"):
        parse_dependencies([*ten, "pkg10@1.0.0"])


def test_a_name_declared_twice_is_refused() -> None:
    """Two versions of one package cannot both be the action's."""
    with pytest.raises(InvalidAction, match="more than once: lodash"):
        parse_dependencies(["lodash@4.17.21", {"name": "lodash", "version": "4.17.20"}])


def test_declarations_are_ordered_and_exactness_known() -> None:
    """Declarations come back sorted by name; only exact versions resolve the same forever."""
    deps = parse_dependencies(["uuid@^11", "axios@1.7.9", "jose@6.0.0-beta.1"])
    assert [d.name for d in deps] == ["axios", "jose", "uuid"]
    assert [d.exact for d in deps] == [True, True, False]
    with pytest.raises(InvalidAction):
        parse_dependencies("axios@1.7.9")  # a string is not a list


@pytest.mark.parametrize(("error", "expected"), [
    ({"code": "E404", "summary": "Not Found - GET https://registry.npmjs.org/nope",
      "detail": "The requested resource 'nope@1.0.0' could not be found.\n\nNote..."},
     "npm E404: Not Found - GET https://registry.npmjs.org/nope: The requested resource "
     "'nope@1.0.0' could not be found."),
    ({"code": "ETARGET", "summary": "No matching version found for axios@99.0.0.",
      "detail": "In most cases you or one of your dependencies are requesting..."},
     "npm ETARGET: No matching version found for axios@99.0.0."),
    ({"code": "ECONNREFUSED", "summary": "FetchError: request to http://127.0.0.1:9/axios "
      "failed, reason: connect ECONNREFUSED 127.0.0.1:9", "detail": "proxy..."},
     "the npm registry is unreachable (ECONNREFUSED): FetchError: request to "
     "http://127.0.0.1:9/axios failed, reason: connect ECONNREFUSED 127.0.0.1:9"),
    ({"code": "ENOTFOUND", "summary": "request to https://registry.example failed",
      "detail": ""},
     "the npm registry is unreachable (ENOTFOUND): request to https://registry.example failed"),
])
def test_npm_errors_are_said_in_npms_words(error: dict[str, str], expected: str) -> None:
    """The --json error of npm is the reason: its summary; unreachable registries say so."""
    assert npm_failure(json.dumps({"error": error}, indent=2), "") == expected


def test_npm_errors_without_json_keep_its_error_lines() -> None:
    """An npm that printed no JSON still gives its own error lines, not the log's path."""
    stderr = ("npm error code EACCES\nnpm error syscall mkdir\n"
              "npm error A complete log of this run can be found in: /x.log\n")
    assert npm_failure("", stderr) == "npm failed: code EACCES; syscall mkdir"


def test_lockfile_lists_installed_packages_with_integrity(tmp_path: Path) -> None:
    """Every installed package with its place, version and integrity; the root, dev and
    optional entries (not installed) are left out; the digest follows the set.
    """
    lock = {"lockfileVersion": 3, "packages": {
        "": {"dependencies": {"a": "1.0.0"}},
        "node_modules/a": {"version": "1.0.0", "integrity": "sha512-A"},
        "node_modules/@s/b": {"version": "2.0.0", "integrity": "sha512-B"},
        "node_modules/a/node_modules/c": {"version": "3.0.0", "integrity": "sha512-C"},
        "node_modules/fsevents": {"version": "2.3.3", "integrity": "sha512-F", "optional": True},
        "node_modules/typescript": {"version": "5.0.0", "integrity": "sha512-T", "dev": True},
    }}
    path = tmp_path / "package-lock.json"
    path.write_text(json.dumps(lock))
    packages = read_lock(path)
    assert [(p.name, p.version, p.integrity) for p in packages] == [
        ("@s/b", "2.0.0", "sha512-B"), ("a", "1.0.0", "sha512-A"), ("c", "3.0.0", "sha512-C")]
    assert set(top_level(packages, {"a", "c"})) == {"a"}  # c sits under a
    digest = tree_digest(packages)
    lock["packages"]["node_modules/a"]["integrity"] = "sha512-other"  # type: ignore[index]
    path.write_text(json.dumps(lock))
    assert tree_digest(read_lock(path)) != digest


def test_native_addons_are_found(tmp_path: Path) -> None:
    """binding.gyp, `gypfile: true` and shipped .node files each mark a package native;
    plain packages and scoped names come out right.
    """
    top = tmp_path / "node_modules"
    packages = {
        "plain": {"name": "plain"},
        "gyp": {"name": "gyp"},
        "@s/declared": {"name": "@s/declared", "gypfile": True},
        "prebuilt": {"name": "prebuilt"},
        "plain/node_modules/nested": {"name": "nested"},
    }
    for place, manifest in packages.items():
        (top / place).mkdir(parents=True)
        (top / place / "package.json").write_text(json.dumps(manifest))
    (top / "gyp" / "binding.gyp").write_text("{}")
    (top / "prebuilt" / "build" / "Release").mkdir(parents=True)
    (top / "prebuilt" / "build" / "Release" / "addon.node").write_bytes(b"\x7fELF")
    (top / "plain" / "node_modules" / "nested" / "binding.gyp").write_text("{}")
    assert native_packages(tmp_path) == ["@s/declared", "gyp", "nested", "prebuilt"]


def test_packages_without_an_integrity_hash_are_refused(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A tree holding a package npm fetched from outside the registry (a git or tarball
    dependency of a registry package: no integrity hash) is not bundled.
    """
    packager = Packager(tmp_path)
    tree = Tree(tmp_path, (ResolvedPackage("node_modules/a", "a", "1.0.0", "sha512-A"),
                           ResolvedPackage("node_modules/g", "g", "1.0.0", "")), "d" * 64)
    monkeypatch.setattr(packager, "install", lambda deps: tree)
    with pytest.raises(InvalidAction, match=r"without an integrity hash .*: g$"):
        packager.package("require('a');", ["a@1.0.0"])
