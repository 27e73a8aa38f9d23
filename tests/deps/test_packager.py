"""The packager against the real npm registry: caches, caps, refusals and how modules resolve.

Trees and bundles of the shared cache make reruns cheap; tests that need a cold cache (the
second deploy, the unreachable registry) use a directory of their own.
"""

from __future__ import annotations

import json
import re
import socket
import time
from pathlib import Path

import pytest

from executor.packaging import Packager, PackagingSettings, ResolvedPackage
from executor.packaging.npm import Npm
from executor.packaging.packager import Tree
from sandbox import ExecutorError, Sandbox
from sandbox.errors import InvalidAction
from tests.deps.conftest import EVENT, Run, load, needs_tools

pytestmark = needs_tools
PRELUDE = Path(__file__).resolve().parents[2] / "guest" / "runtime" / "prelude.js"
CIDR = """
const ipaddr = require('ipaddr.js');
exports.onExecutePostChallenge = async (event, api) => {
  const ip = ipaddr.parse(event.request.ip);
  if (!ip.match(ipaddr.parseCIDR('10.0.0.0/8'))) api.access.deny('outside the network');
  return ip.kind();
};
"""


def _prelude_names(const: str) -> list[str]:
    """The module names of one of prelude.js's tables (BUILTINS or UNAVAILABLE)."""
    text = PRELUDE.read_text()
    start = text.index(f"const {const} = ")
    body = text[start:text.index(");", start)]
    if const == "UNAVAILABLE":
        keys = re.findall(r"(?:^|[{,])\s*'?([a-z_/]+)'?:", body, re.MULTILINE)
        return [k for k in keys if k != "__proto__"]
    return re.findall(r"'([a-z_/]+)'", body)


def test_a_second_deploy_reuses_the_bundle_without_npm(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same action with the same dependencies, deployed again by another process (a fresh
    packager on the same cache): neither npm nor esbuild runs, and it takes milliseconds.
    """
    deps = ["ipaddr.js@2.2.0", "lodash@4.17.21"]
    started = time.perf_counter()
    first = Packager(tmp_path).package(CIDR, deps)
    cold_s = time.perf_counter() - started

    def no_npm(*args: object) -> None:
        raise AssertionError("npm ran for a bundle the cache has")

    monkeypatch.setattr(Npm, "install", no_npm)
    started = time.perf_counter()
    second = Packager(tmp_path).package(CIDR, deps)
    warm_s = time.perf_counter() - started
    print(f"deploy with 2 dependencies: first {cold_s * 1000:.0f} ms (npm + esbuild), "
          f"second {warm_s * 1000:.1f} ms (cache)")
    assert (first.reused, second.reused) == (False, True)
    assert second.code == first.code and second.digest == first.digest
    assert [p.to_dict() for p in second.packages] == [p.to_dict() for p in first.packages]
    assert warm_s < cold_s / 5


def test_the_record_lists_resolved_versions_and_integrity(packager: Packager) -> None:
    """A range resolves to one pinned version; every package comes with npm's SRI hash."""
    bundle = packager.package(CIDR, ["ipaddr.js@~2.2.0"])
    described = bundle.describe()
    assert described["dependencies"] == [{"name": "ipaddr.js", "version": "~2.2.0"}]
    assert [p["name"] for p in described["packages"]] == ["ipaddr.js"]
    assert re.fullmatch(r"2\.2\.\d+", described["packages"][0]["version"])
    assert described["packages"][0]["integrity"].startswith("sha512-")
    assert described["bundle"]["digest"] == f"sha256:{bundle.digest}"


def test_an_unknown_package_is_refused_in_npms_words(packager: Packager) -> None:
    """A package the registry does not have: invalid_action with npm's E404."""
    with pytest.raises(InvalidAction, match=r"npm E404: Not Found - GET .*"
                       r"executor-no-such-package-4f1c"):
        packager.package(CIDR, ["executor-no-such-package-4f1c@1.0.0"])


def test_an_unknown_version_is_refused_in_npms_words(packager: Packager) -> None:
    """A version the registry does not have: npm's ETARGET."""
    with pytest.raises(InvalidAction,
                       match=r"npm ETARGET: No matching version found for lodash@99\.0\.0"):
        packager.package(CIDR, ["lodash@99.0.0"])


def test_an_unreachable_registry_says_so_and_keeps_nothing(tmp_path: Path) -> None:
    """When npm cannot connect, the reason says the registry is unreachable, and no tree is left
    in the cache (nothing half-installed).
    """
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once this block ends: connections are refused
    settings = PackagingSettings(registry=f"http://127.0.0.1:{port}/", npm_timeout_s=120)
    with pytest.raises(InvalidAction, match=r"the npm registry is unreachable \(ECONNREFUSED\)"):
        Packager(tmp_path, settings).package(CIDR, ["ipaddr.js@2.2.0"])
    leftovers = [p.name for p in (tmp_path / "packages").iterdir() if p.name != "resolved"]
    assert leftovers == []
    assert list((tmp_path / "packages" / "resolved").iterdir()) == []


def test_native_addons_are_refused(packager: Packager) -> None:
    """A package with a binding.gyp (utf-8-validate) cannot run in an action: refused at
    deploy, naming it; its install script never ran.
    """
    with pytest.raises(InvalidAction, match=r"native addons cannot run in an action: "
                       r"utf-8-validate"):
        packager.package(CIDR, ["utf-8-validate@6.0.4"])


def test_the_actions_own_source_keeps_auth0s_100_kB(packager: Packager) -> None:
    """Dependencies do not count, the action's own source does."""
    big = CIDR + "//" + "x" * 100_000 + "\n"
    with pytest.raises(InvalidAction, match=r"action source is \d+ bytes; the limit is 100000"):
        packager.package(big, ["ipaddr.js@2.2.0"])


def test_a_bundle_over_its_cap_is_refused(tmp_path: Path) -> None:
    """The bundle cap (PackagingSettings.bundle_bytes, sandbox Limits.bundle_bytes)."""
    packager = Packager(settings=PackagingSettings(bundle_bytes=20_000))
    with pytest.raises(InvalidAction, match=r"the bundle of the action and its dependencies "
                       r"is \d+ bytes; the limit is 20000"):
        packager.package("require('lodash');", ["lodash@4.17.21"])


def test_a_package_outside_the_declared_tree_is_refused(tmp_path: Path) -> None:
    """A package found outside the installed tree fails the build instead of slipping in
    (esbuild looks for node_modules in every parent directory; it is not declared, not in
    the lockfile).
    """
    sneaky = tmp_path / "node_modules" / "sneaky"
    sneaky.mkdir(parents=True)
    (sneaky / "index.js").write_text("module.exports = 'not declared';\n")
    (sneaky / "package.json").write_text(json.dumps({"name": "sneaky", "version": "1.0.0"}))
    packager = Packager(tmp_path / "cache")
    with pytest.raises(InvalidAction, match=r"outside the declared dependencies"):
        packager.package("require('sneaky'); require('ipaddr.js');", ["ipaddr.js@2.2.0"])
    with pytest.raises(InvalidAction, match=r"Could not resolve \"lodash\""):
        packager.package("require('lodash');", ["ipaddr.js@2.2.0"])


def test_a_syntax_error_is_reported_at_deploy_with_its_line(packager: Packager) -> None:
    """The error is esbuild's message, with the action's file, line and column."""
    with pytest.raises(InvalidAction, match=r"bundling failed: action\.js:3:\d+: "):
        packager.package("const a = 1;\nfunction f( {\n  return 1;\n}\n", ["ipaddr.js@2.2.0"])


def test_node_builtins_stay_runtime_requires(packager: Packager, sandbox: Sandbox) -> None:
    """Every built-in the runtime has, and every one it refuses, by both names, is left to
    the runtime's require: `require('crypto')` in a bundle is the runtime's module, and an
    unavailable one fails at run time saying why, only in the branch that requires it.
    """
    builtins, unavailable = _prelude_names("BUILTINS"), _prelude_names("UNAVAILABLE")
    assert "crypto" in builtins and "fs" in unavailable and "http" in unavailable
    # Node has these only under their `node:` names (`require('test')` is an npm package).
    prefix_only = {"sqlite", "test", "sea"}
    ids = [f"node:{n}" if n in prefix_only else n for n in builtins + unavailable]
    ids += [f"node:{n}" for n in builtins]
    attempts = ",\n".join(f"() => require('{name}')" for name in ids)
    source = f"const attempts = [{attempts}];\n" + """
const ok = [], refused = [];
for (const attempt of attempts) {
  try { attempt(); ok.push(1); } catch (e) { refused.push(e.code); }
}
exports.onExecutePostChallenge = async () => ({
  ok: ok.length, refused: [...new Set(refused)],
  same: require('crypto') === require('node:crypto') && require('buffer').Buffer === Buffer,
});
"""
    bundle, program = load(packager, sandbox, source, ["ipaddr.js@2.2.0"])
    required = set(re.findall(r"require\(\"([a-z_:/]+)\"\)", bundle.code))
    assert required == set(ids)
    out = sandbox.execute(program, EVENT).result
    assert out == {"ok": 2 * len(builtins), "refused": ["ERR_ACTION_MODULE_UNAVAILABLE"],
                   "same": True}


def test_axios_takes_its_fetch_based_build(packager: Packager, sandbox: Sandbox) -> None:
    """The axios package resolves to its browser sources (fetch and XHR adapters; its
    `browser` field swaps the `http` adapter for an empty helper): neither its Node build,
    nor the `http` adapter, nor follow-redirects is in the bundle. `require('axios')` is
    still the axios function, as in Node.
    """
    source = """const axios = require('axios');
exports.onExecutePostChallenge = async () =>
  [typeof axios, typeof axios.get, axios.default === axios, typeof axios.create().post];
"""
    bundle, program = load(packager, sandbox, source, ["axios@1.7.9"])
    sources = json.loads(bundle.source_map)["sources"]
    assert "node_modules/axios/lib/core/Axios.js" in sources
    assert "node_modules/axios/lib/adapters/fetch.js" in sources
    assert "node_modules/axios/lib/helpers/null.js" in sources  # in place of adapters/http.js
    assert not [s for s in sources if "follow-redirects" in s or "adapters/http" in s
                or "dist/node" in s or "form-data" in s]
    assert sandbox.execute(program, EVENT).result == ["function", "function", True, "function"]


def test_package_frames_name_the_package_file(run_action: Run) -> None:
    """An error thrown inside a package: its frames name the package's own file and line,
    the action's frames action.js; the result's stack too.
    """
    source = """const ipaddr = require('ipaddr.js');
exports.onExecutePostChallenge = async (event, api) => {
  return ipaddr.parse(event.request.ip);
};
"""
    with pytest.raises(ExecutorError) as caught:
        run_action(source, ["ipaddr.js@2.2.0"], event={**EVENT, "request": {"ip": "nope"}})
    stack = caught.value.details.stack
    assert stack.startswith("Error: ipaddr: the address has neither IPv6 nor IPv4 format")
    frames = stack.splitlines()[1:]
    assert re.search(r"[ (]node_modules/ipaddr\.js/lib/ipaddr\.js:\d+:\d+\)?$", frames[0])
    assert re.search(r"[ (]action\.js:3:\d+\)?$", frames[-1])
    assert "action.bundle.js" not in stack


def test_browser_field_false_disables_only_what_the_runtime_lacks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sandbox: Sandbox) -> None:
    """A package whose `browser` field maps `fs` and `crypto` to false: `fs`, which an action
    cannot have, becomes an empty module (the package's own word that it works without);
    `crypto`, which the runtime has, stays the runtime's module. A package that says nothing
    keeps a runtime require of `fs`, which fails when reached, saying why.
    """
    top = tmp_path / "tree" / "node_modules"
    for name, manifest, code in (
        ("browserish", {"browser": {"fs": False, "crypto": False}},
         "const fs = require('fs'); const crypto = require('crypto');\n"
         "module.exports = { fs: Object.keys(fs).length, uuid: typeof crypto.randomUUID };\n"),
        ("nodeish", {}, "module.exports = () => require('fs').readFileSync('/etc/passwd');\n"),
    ):
        (top / name).mkdir(parents=True)
        (top / name / "package.json").write_text(json.dumps(
            {"name": name, "version": "1.0.0", "main": "index.js", **manifest}))
        (top / name / "index.js").write_text(code)
    packages = tuple(ResolvedPackage(f"node_modules/{n}", n, "1.0.0", "sha512-x")
                     for n in ("browserish", "nodeish"))
    packager = Packager(tmp_path / "cache")
    monkeypatch.setattr(packager, "install", lambda deps: Tree(top.parent, packages, "e" * 64))
    source = """const b = require('browserish'), read = require('nodeish');
exports.onExecutePostChallenge = async () => {
  try { read(); } catch (e) { return [b, e.code]; }
};
"""
    _, program = load(packager, sandbox, source, ["browserish@1.0.0", "nodeish@1.0.0"])
    assert sandbox.execute(program, EVENT).result == [
        {"fs": 0, "uuid": "function"}, "ERR_ACTION_MODULE_UNAVAILABLE"]
