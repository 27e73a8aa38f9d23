"""Dependencies where actions are defined: the HTTP deploy, the registry, the command line."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from starlette.exceptions import StarletteDeprecationWarning

from executor import Action, Executor
from executor.packaging import Packager, PackagingSettings
from executor.registry import SECRET_KEY_ENV, Registry
from executor.service import ServiceSettings, create_app
from sandbox import Sandbox
from tests.deps.conftest import needs_tools

with warnings.catch_warnings():
    # Starlette would have httpx2 for its TestClient; httpx is what this project pins.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

pytestmark = needs_tools
ADMIN = "admin-" + "d" * 40
TRIGGER = "password-reset-post-challenge"
EVENT = {"user": {"user_id": "auth0|1", "email": "a@example.com"},
         "request": {"ip": "192.168.1.10", "hostname": "login.example.com"}}
ALLOWLIST = """const ipaddr = require('ipaddr.js');
const OFFICE = ipaddr.parseCIDR('10.0.0.0/8');
exports.onExecutePostChallenge = async (event, api) => {
  const ip = ipaddr.parse(event.request.ip);
  if (!ip.match(OFFICE)) api.access.deny(`${ip} is not in the office network`);
};
"""
DEPS = [{"name": "ipaddr.js", "version": "2.2.0"}]


@pytest.fixture
def registry_url(redis_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The flushed session Redis, with a fresh EXECUTOR_SECRET_KEY."""
    monkeypatch.setenv(SECRET_KEY_ENV, Fernet.generate_key().decode())
    return redis_url


def _client(redis_url: str, sb: Sandbox, packager: Packager | None = None) -> TestClient:
    settings = ServiceSettings(redis_url, ADMIN, mode="inprocess")
    return TestClient(create_app(settings, sandbox=sb, packager=packager))


@pytest.fixture
def client(registry_url: str, sb: Sandbox) -> Iterator[TestClient]:
    """An in-process service."""
    with _client(registry_url, sb) as test_client:
        yield test_client


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _put(client: TestClient, name: str, body: dict[str, Any]) -> Any:
    return client.put(f"/v1/tenants/acme/actions/{name}", headers=_auth(ADMIN), json=body)


def test_deploy_with_dependencies_runs_the_bundle(client: TestClient,
                                                  registry_url: str) -> None:
    """The deploy answer lists what the dependencies resolved to (version, integrity) and
    the bundle's digest; the registry keeps them with the version; executions run the
    bundle (no npm on that path).
    """
    response = _put(client, "office", {"code": ALLOWLIST, "dependencies": DEPS})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["version"] == 1 and answer["language"] == "javascript"
    assert answer["dependencies"] == DEPS
    [package] = answer["packages"]
    assert (package["name"], package["version"]) == ("ipaddr.js", "2.2.0")
    assert package["integrity"].startswith("sha512-")
    assert answer["bundle"]["digest"].startswith("sha256:")

    deployed = Registry(registry_url).get("acme", "office")
    assert deployed.code == ALLOWLIST  # the author's source, as deployed
    assert deployed.bundle is not None
    assert f"sha256:{deployed.bundle.digest}" == answer["bundle"]["digest"]
    assert deployed.action().code == deployed.bundle.code
    assert deployed.action().source_map == deployed.bundle.source_map

    key = client.post("/v1/tenants/acme/keys", headers=_auth(ADMIN)).json()["key"]
    bound = client.put(f"/v1/tenants/acme/triggers/{TRIGGER}/bindings", headers=_auth(key),
                       json={"actions": ["office"]})
    assert bound.status_code == 200
    result = client.post(f"/v1/tenants/acme/triggers/{TRIGGER}/execute", headers=_auth(key),
                         json={"event": EVENT}).json()
    assert result["status"] == "denied"
    assert result["deny"] == {"reason": "192.168.1.10 is not in the office network"}


def test_typescript_deploy(client: TestClient) -> None:
    """`language: typescript` compiles at deploy, with or without dependencies."""
    code = ("export const onExecutePostChallenge = async (event: any, api: any): "
            "Promise<void> => { const n: number = 1; console.log(n); };\n")
    response = _put(client, "typed", {"code": code, "language": "typescript"})
    assert response.status_code == 200, response.text
    assert (response.json()["language"], response.json()["packages"]) == ("typescript", [])


@pytest.mark.parametrize(("body", "reason"), [
    ({"dependencies": [{"name": "lodash", "version": "99.0.0"}]},
     "npm ETARGET: No matching version found for lodash@99.0.0."),
    ({"dependencies": [f"p{i}@1.0.0" for i in range(11)]}, "at most 10 dependencies"),
    ({"dependencies": [{"name": "x", "version": "https://evil.example/x.tgz"}]},
     "the version must be a version"),
    ({"dependencies": DEPS, "language": "python"}, "language must be javascript or typescript"),
    ({"dependencies": [{"name": "utf-8-validate", "version": "6.0.4"}]}, "native addons"),
])
def test_a_refused_deploy_deploys_nothing(client: TestClient, registry_url: str,
                                          body: dict[str, Any], reason: str) -> None:
    """Every packaging failure is a 400 invalid_action with the reason; the action's current
    version stays what it was.
    """
    assert _put(client, "office", {"code": ALLOWLIST}).json()["version"] == 1
    response = _put(client, "office", {"code": ALLOWLIST, **body})
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "invalid_action"
    assert reason in response.json()["error"]["message"]
    current = Registry(registry_url).get("acme", "office")
    assert (current.version, current.bundle) == (1, None)


def test_an_unreachable_registry_deploys_nothing(registry_url: str, sb: Sandbox,
                                                 tmp_path: Path) -> None:
    """When npm cannot reach its registry: 400, the message says so, no version is written."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    packager = Packager(tmp_path, PackagingSettings(registry=f"http://127.0.0.1:{port}/"))
    with _client(registry_url, sb, packager) as client:
        response = _put(client, "office", {"code": ALLOWLIST, "dependencies": DEPS})
    assert response.status_code == 400
    assert "the npm registry is unreachable (ECONNREFUSED)" in response.json()["error"]["message"]
    assert Registry(registry_url).bindings("acme", TRIGGER) == []
    with pytest.raises(Exception, match="not deployed"):
        Registry(registry_url).get("acme", "office")


def _cli(tmp_path: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    root = str(Path(__file__).resolve().parents[2])  # this tree's executor, wherever pytest is
    env = {**os.environ, "EXECUTOR_DATA_DIR": str(tmp_path / "data"),
           "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "executor", *map(str, args)],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300,
                          check=False)


def test_cli_run_with_deps_and_a_typescript_file(tmp_path: Path) -> None:
    """`executor run office.ts --dep ipaddr.js@2.2.0`: packaged, then run."""
    (tmp_path / "office.ts").write_text(ALLOWLIST.replace("(event, api)",
                                                          "(event: any, api: any)"))
    (tmp_path / "event.json").write_text(json.dumps(EVENT))
    run = _cli(tmp_path, "run", "office.ts", "--event", "event.json", "--dep", "ipaddr.js@2.2.0")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["status"] == "denied"
    missing = _cli(tmp_path, "run", "office.ts", "--event", "event.json")
    assert missing.returncode == 1
    error = json.loads(missing.stdout)["error"]
    assert (error["type"], error["action"]) == ("invalid_action", "office")
    assert 'Could not resolve "ipaddr.js"' in error["message"]


def test_cli_flow_file_with_dependencies(tmp_path: Path) -> None:
    """FLOW.json actions declare `dependencies` (and `language`) as Auth0 does."""
    (tmp_path / "office.js").write_text(ALLOWLIST)
    flow = {"actions": [{"name": "office", "file": "office.js", "dependencies": DEPS}]}
    (tmp_path / "flow.json").write_text(json.dumps(flow))
    (tmp_path / "event.json").write_text(json.dumps({**EVENT, "request": {"ip": "10.2.3.4"}}))
    run = _cli(tmp_path, "run", "flow.json", "--event", "event.json")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["status"] == "completed"


def test_cli_deps_prints_what_was_resolved(tmp_path: Path) -> None:
    """`executor deps` prints each resolved package with version and integrity, and the
    bundle's digest; bad input exits 2 with npm's reason.
    """
    (tmp_path / "office.js").write_text(ALLOWLIST)
    run = _cli(tmp_path, "deps", "office.js", "--dep", "ipaddr.js@2.2.0")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["action"] == "office.js"
    assert [(p["name"], p["version"]) for p in out["packages"]] == [("ipaddr.js", "2.2.0")]
    assert out["packages"][0]["integrity"].startswith("sha512-")
    assert out["bundle"]["digest"].startswith("sha256:") and out["bundle"]["bytes"] > 0
    bad = _cli(tmp_path, "deps", "office.js", "--dep", "ipaddr.js@0.0.0-nope")
    assert bad.returncode == 2
    assert "npm ETARGET: No matching version found for ipaddr.js@0.0.0-nope" in bad.stderr


def test_a_suspended_flow_resumes_its_bundle(tmp_path: Path) -> None:
    """A flow suspended by an action with dependencies keeps the bundle and its map: the
    continue runs onContinuePostChallenge from the bundle (over Auth0's 100 kB for sources,
    within the bundle cap), with no npm, and its stack names the action's own line.
    """
    code = """const _ = require('lodash');
exports.onExecutePostChallenge = async (event, api) => {
  const n = String(_.size([1, 2]));
  api.redirect.sendUserTo('https://verify.example.com/start', { query: { n } });
};
exports.onContinuePostChallenge = async (event, api) => {
  if (event.request.query.ok !== 'yes') throw new Error('not verified: ' + _.capitalize('no'));
};
"""
    with Executor(store_path=tmp_path / "store.sqlite3") as ex:
        action = Action("verify", code, dependencies=["lodash@4.17.21"])
        suspended = ex.run([action], EVENT)
        assert suspended.status == "redirect", suspended.to_dict()["error"]
        assert "n=2" in suspended.to_dict()["redirect"]["url"]
        resumed = ex.resume(suspended.state, {"query": {"ok": "no"}})
    error = resumed.to_dict()["actions"][0]["error"]
    assert error["message"] == "Error: not verified: No"
    assert re.search(r"[ (]action\.js:7:\d+\)?$", error["stack"].splitlines()[1])


def test_the_typescript_example_with_a_dependency(tmp_path: Path) -> None:
    """examples/flows/office.json: a TypeScript action with ipaddr.js, allowing the office
    networks (IPv4 and IPv6) and denying the rest, as the examples README shows.
    """
    examples = Path(__file__).resolve().parents[2] / "examples"
    for event, status in (("reset.json", "completed"),
                          ("reset_from_unknown_ip.json", "denied")):
        run = _cli(tmp_path, "run", examples / "flows" / "office.json", "--event",
                   examples / "events" / event)
        assert json.loads(run.stdout)["status"] == status, run.stdout + run.stderr
    (tmp_path / "v6.json").write_text(json.dumps(
        {**json.loads((examples / "events" / "reset.json").read_text()),
         "request": {"ip": "::ffff:10.9.8.7", "hostname": "login.example.com"}}))
    run = _cli(tmp_path, "run", examples / "flows" / "office.json", "--event", "v6.json")
    assert json.loads(run.stdout)["actions"][0]["logs"] == [
        "reset from ::ffff:10.9.8.7, inside 10.0.0.0/8"]
