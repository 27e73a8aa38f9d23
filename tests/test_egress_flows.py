"""The egress policy as operators and tenants set it: Executor, CLI, HTTP service, result."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from http_fixture import Server, serving

from executor import Action, Executor
from sandbox import EgressPolicy, Sandbox
from sandbox.platform.egress import NetRules

EVENT = {"user": {"user_id": "auth0|1"}, "request": {"ip": "203.0.113.7"}}
FETCH = """exports.onExecutePostChallenge = async (event, api) => {
  try {
    const res = await fetch(event.request.query.url);
    api.access.deny(`reached ${res.status}`);
  } catch (err) {
    api.access.deny(`${err.name}: ${err.message}: ${err.cause && err.cause.code}`);
  }
};
"""
REFUSED = "TypeError: fetch failed: ERR_ACTION_EGRESS_REFUSED"


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    """A counting HTTP server on 127.0.0.1."""
    with serving() as srv:
        yield srv


def event_for(url: str) -> dict[str, Any]:
    """The event whose request query names the URL the FETCH action fetches."""
    return {**EVENT, "request": {**EVENT["request"], "query": {"url": url}}}


def run(executor: Executor, url: str, *, net: Any = None,
        action_net: dict[str, Any] | None = None) -> tuple[str, list[dict[str, Any]]]:
    """Run FETCH on `url`; the deny reason and the action's request records."""
    result = executor.run([Action("fetcher", FETCH, net=action_net)], event_for(url),
                          tenant="t1", net=net).to_dict()
    assert result["status"] == "denied", result
    return result["deny"]["reason"], result["actions"][0]["requests"]


@pytest.fixture
def executor(sb: Sandbox, tmp_path: Path) -> Iterator[Executor]:
    """An executor on the embedded store whose operator allows nothing beyond the default."""
    with Executor(sandbox=sb, store_path=tmp_path / "store.sqlite3") as ex:
        yield ex


def test_the_default_policy_refuses_loopback_and_reports_it(executor: Executor,
                                                           server: Server) -> None:
    """By default a request to 127.0.0.1 is refused (catchable), listed in the action's
    report as refused, and never reaches the server.
    """
    before = server.hit_count()
    reason, requests = run(executor, server.url("/json"))
    assert reason == REFUSED
    assert [(r["method"], r["host"], r["status"], r["error"]) for r in requests] == [
        ("GET", f"127.0.0.1:{server.port}", None, "refused")]
    assert server.hit_count() == before


def test_a_tenants_granted_rules_reach_the_host_an_actions_rules_narrow_them(
        executor: Executor, server: Server) -> None:
    """The operator's grant for a tenant lets its action reach an allowed loopback host (the
    report shows status and bytes, never a path); the action's own deny takes it away again.
    """
    grant = NetRules.from_config({"allow": [f"127.0.0.1:{server.port}"]})
    reason, requests = run(executor, server.url("/json?secret=x"), net=grant)
    assert reason == "reached 200"
    (record,) = requests
    assert (record["status"], record["bytes"], record["error"]) == (200, 18, None)
    assert "secret" not in json.dumps(record) and "/json" not in json.dumps(record)
    narrowed, _ = run(executor, server.url("/json"), net=grant,
                      action_net={"deny": ["127.0.0.1"]})
    assert narrowed == REFUSED


def test_an_action_cannot_widen_its_policy(executor: Executor, server: Server) -> None:
    """An action's own allow rule for a host its tenant was not granted changes nothing."""
    reason, _ = run(executor, server.url("/json"),
                    action_net={"allow": [f"127.0.0.1:{server.port}"]})
    assert reason == REFUSED


def test_the_operators_disabled_policy_wins(sb: Sandbox, tmp_path: Path,
                                           server: Server) -> None:
    """With networking off for everyone, not even a tenant's grant reaches the host."""
    grant = NetRules.from_config({"allow": [f"127.0.0.1:{server.port}"]})
    with Executor(sandbox=sb, store_path=tmp_path / "s.sqlite3",
                  net=EgressPolicy(enabled=False)) as ex:
        reason, _ = run(ex, server.url("/json"), net=grant)
    assert reason == REFUSED


def cli(*args: Any, cwd: Path) -> dict[str, Any]:
    """Run the executor CLI; its result object."""
    proc = subprocess.run([sys.executable, "-m", "executor", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120, check=False,
                          env={"EXECUTOR_DATA_DIR": str(cwd), "PATH": "/usr/bin:/bin"})
    assert proc.returncode in (0, 1), proc.stderr
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def test_cli_allow_net_and_no_net(tmp_path: Path, server: Server) -> None:
    """`--allow-net 127.0.0.1:PORT` lets the action reach the local server; without it, or
    with `--no-net`, the request is refused.
    """
    action = tmp_path / "fetcher.js"
    action.write_text(FETCH)
    event = tmp_path / "event.json"
    event.write_text(json.dumps(event_for(server.url("/json"))))
    allowed = cli("run", action, "--event", event, "--allow-net", f"127.0.0.1:{server.port}",
                  cwd=tmp_path)
    assert allowed["deny"] == {"reason": "reached 200"}
    assert cli("run", action, "--event", event, cwd=tmp_path)["deny"] == {"reason": REFUSED}
    off = cli("run", action, "--event", event, "--allow-net", f"127.0.0.1:{server.port}",
              "--no-net", cwd=tmp_path)
    assert off["deny"] == {"reason": REFUSED}


def test_flow_file_net(tmp_path: Path, server: Server) -> None:
    """A FLOW.json's `net` allows a host for its actions, as --allow-net does."""
    flow = tmp_path / "flow.json"
    flow.write_text(json.dumps({"actions": [{"name": "fetcher", "code": FETCH}],
                                "net": {"allow": [f"127.0.0.1:{server.port}"]}}))
    event = tmp_path / "event.json"
    event.write_text(json.dumps(event_for(server.url("/json"))))
    assert cli("run", flow, "--event", event, cwd=tmp_path)["deny"] == {"reason": "reached 200"}
