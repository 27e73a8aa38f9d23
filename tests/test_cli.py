"""The `executor` command, run for real in a subprocess, as shared/contract.md describes it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from test_trigger_support import EXAMPLES

RESULT_FIELDS = {"status", "state", "deny", "challenge", "redirect", "prompt", "result_url",
                 "cache", "actions", "error"}
ACTION_FIELDS = {"name", "handler", "status", "duration_ms", "fuel", "memory_bytes", "logs",
                 "error", "requests"}
EVENT = str(EXAMPLES / "events" / "reset.json")
SHOW_SECRETS = ("exports.onExecutePostChallenge = async (event, api) => {\n"
                "  console.log(JSON.stringify(event.secrets));\n"
                "};\n")


@dataclass(frozen=True)
class Run:
    """One finished invocation of the command."""

    code: int
    stdout: str
    stderr: str

    @property
    def result(self) -> dict[str, Any]:
        """Return the result object printed on stdout."""
        parsed: dict[str, Any] = json.loads(self.stdout)
        return parsed


Cli = Callable[..., Run]


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    """Provide a runner of `python -m executor ARGS...` with its data directory in tmp_path."""
    env = {**os.environ, "EXECUTOR_DATA_DIR": str(tmp_path / "data")}

    def run(*args: str | Path) -> Run:
        proc = subprocess.run([sys.executable, "-m", "executor", *map(str, args)],
                              capture_output=True, text=True, env=env, cwd=tmp_path,
                              timeout=300, check=False)
        return Run(proc.returncode, proc.stdout, proc.stderr)

    return run


def write(path: Path, content: Any) -> Path:
    """Write text, or anything else as JSON, to `path`; return the path."""
    path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    return path


def assert_result_object(result: dict[str, Any]) -> None:
    """Assert every field of the result object (and of each action entry) is present."""
    assert set(result) == RESULT_FIELDS
    assert set(result["cache"]) == {"set", "deleted"}
    for action in result["actions"]:
        assert set(action) == ACTION_FIELDS


def test_run_an_example(cli: Cli) -> None:
    """Running an example exits 0 and prints the full result object, and nothing on stderr."""
    run = cli("run", EXAMPLES / "ip_allowlist.js", "--event",
              EXAMPLES / "events" / "reset_from_unknown_ip.json")
    assert (run.code, run.stderr) == (0, "")
    result = run.result
    assert_result_object(result)
    assert result["status"] == "denied"
    assert result["deny"] == {"reason": "Password reset is not allowed from 203.0.113.7"}
    assert result["cache"] == {"set": {}, "deleted": []}
    assert (result["state"], result["challenge"], result["error"]) == (None, None, None)
    (action,) = result["actions"]
    assert (action["name"], action["handler"], action["status"]) == (
        "ip_allowlist", "onExecutePostChallenge", "ok")


def test_run_several_actions_in_order(cli: Cli) -> None:
    """Several ACTION files run as one flow, in the order given."""
    run = cli("run", EXAMPLES / "email_verified.js", EXAMPLES / "ip_allowlist.js",
              EXAMPLES / "reset_rate_limit.js", "--event", EVENT, "--tenant", "acme")
    assert run.code == 0
    result = run.result
    assert_result_object(result)
    assert result["status"] == "completed"
    assert [a["name"] for a in result["actions"]] == [
        "email_verified", "ip_allowlist", "reset_rate_limit"]
    assert list(result["cache"]["set"]) == ["resets:auth0|64f1c2a9e1b2c3d4e5f60718"]


def test_cache_persists_between_invocations(cli: Cli) -> None:
    """The embedded store keeps the cache between commands: the rate limit counts across runs."""
    statuses = [cli("run", EXAMPLES / "reset_rate_limit.js", "--event", EVENT).result["status"]
                for _ in range(4)]
    assert statuses == ["completed"] * 3 + ["denied"]


def test_failed_flow_exits_1(cli: Cli, tmp_path: Path) -> None:
    """A flow that fails exits 1, with the result object (and its error) on stdout."""
    action = write(tmp_path / "thrower.js",
                   "exports.onExecutePostChallenge = async () => { throw new Error('no'); };\n")
    run = cli("run", action, "--event", EVENT)
    assert run.code == 1
    result = run.result
    assert_result_object(result)
    assert result["status"] == "failed"
    assert result["error"] == {"type": "action_error", "message": "Error: no",
                               "action": "thrower"}


def test_limits_file(cli: Cli, tmp_path: Path) -> None:
    """--limits LIMITS.json overrides the sandbox limits."""
    limits = write(tmp_path / "limits.json", {"fuel": 1000})
    run = cli("run", EXAMPLES / "email_verified.js", "--event", EVENT, "--limits", limits)
    assert run.code == 1
    assert run.result["error"]["type"] == "fuel_exhausted"


@pytest.mark.parametrize(
    "case",
    ["missing-event", "missing-action", "invalid-json-event", "bad-secret", "empty-secret-name",
     "secrets-not-object", "invalid-json-limits", "flow-without-actions", "flow-missing-file",
     "unknown-store-scheme", "missing-request", "invalid-json-request", "bad-allow-net",
     "bad-flow-net"],
)
def test_unusable_input_exits_2(cli: Cli, tmp_path: Path, case: str) -> None:
    """Input the command cannot use exits 2 with a message on stderr and nothing on stdout."""
    bad_json = write(tmp_path / "bad.json", "{not json")
    action = EXAMPLES / "email_verified.js"
    args: dict[str, list[Any]] = {
        "missing-event": ["run", action, "--event", tmp_path / "nope.json"],
        "missing-action": ["run", tmp_path / "nope.js", "--event", EVENT],
        "invalid-json-event": ["run", action, "--event", bad_json],
        "bad-secret": ["run", action, "--event", EVENT, "--secret", "NO_EQUALS_SIGN"],
        "empty-secret-name": ["run", action, "--event", EVENT, "--secret", "=value"],
        "secrets-not-object": ["run", action, "--event", EVENT, "--secrets",
                               write(tmp_path / "s.json", ["x"])],
        "invalid-json-limits": ["run", action, "--event", EVENT, "--limits", bad_json],
        "flow-without-actions": ["run", write(tmp_path / "flow.json", {"actions": []}),
                                 "--event", EVENT],
        "flow-missing-file": ["run", write(tmp_path / "flow.json",
                                           {"actions": [{"name": "a", "file": "gone.js"}]}),
                              "--event", EVENT],
        "unknown-store-scheme": ["run", action, "--event", EVENT, "--store", "mysql://db/x"],
        "bad-allow-net": ["run", action, "--event", EVENT, "--allow-net", "host/path"],
        "bad-flow-net": ["run", write(tmp_path / "netflow.json", {
            "actions": [{"name": "a", "code": "exports.onExecutePostChallenge = () => {};"}],
            "net": {"allow": "not-a-list"}}), "--event", EVENT],
        "missing-request": ["continue", "--state", "s", "--request", tmp_path / "nope.json"],
        "invalid-json-request": ["continue", "--state", "s", "--request", bad_json],
    }
    run = cli(*args[case])
    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr.startswith("executor: ")


@pytest.mark.parametrize("args", [["run", EVENT], ["continue", "--state", "s"], []],
                         ids=["run-without-event", "continue-without-request", "no-command"])
def test_usage_errors_exit_2(cli: Cli, args: list[str]) -> None:
    """Missing arguments exit 2 with the usage on stderr and nothing on stdout."""
    run = cli(*args)
    assert (run.code, run.stdout) == (2, "")
    assert "usage: executor" in run.stderr


@pytest.mark.parametrize("event", [["a list"], {"user": {"email": "x@example.com"}}],
                         ids=["not-an-object", "no-user-id"])
def test_invalid_event_exits_2(cli: Cli, tmp_path: Path, event: Any) -> None:
    """An event that is valid JSON but not a usable event exits 2, the reason on stderr."""
    run = cli("run", EXAMPLES / "email_verified.js", "--event", write(tmp_path / "e.json", event))
    assert run.code == 2
    assert "invalid_event" in run.stderr


@pytest.mark.parametrize("store", ["embedded", "redis"])
def test_run_then_continue(cli: Cli, request: pytest.FixtureRequest, store: str) -> None:
    """A challenge from `run` is continued by a second command; the state then is used up."""
    where = [] if store == "embedded" else ["--store", request.getfixturevalue("redis_url")]
    run = cli("run", EXAMPLES / "mfa_challenge.js", "--event", EVENT, *where)
    assert run.code == 0
    suspended = run.result
    assert_result_object(suspended)
    assert suspended["status"] == "challenge"
    assert suspended["challenge"]["mode"] == "any"
    state = suspended["state"]
    assert isinstance(state, str) and state
    done_request = EXAMPLES / "requests" / "challenge_done.json"
    foreign = cli("continue", "--state", state, "--request", done_request, "--tenant", "other",
                  *where)
    assert foreign.code == 2 and "invalid_state" in foreign.stderr
    done = cli("continue", "--state", state, "--request", done_request, *where)
    assert (done.code, done.stderr) == (0, "")
    assert_result_object(done.result)
    assert done.result["status"] == "completed"
    again = cli("continue", "--state", state, "--request", done_request, *where)
    assert again.code == 2
    assert "invalid_state" in again.stderr


def test_prompt_run_then_continue(cli: Cli) -> None:
    """The README's prompt walk-through works across two commands."""
    run = cli("run", EXAMPLES / "reason_prompt.js", "--event",
              EXAMPLES / "events" / "admin_reset.json")
    assert run.result["status"] == "prompt"
    done = cli("continue", "--state", run.result["state"], "--request",
               EXAMPLES / "requests" / "prompt_submitted.json")
    assert done.code == 0
    assert list(done.result["cache"]["set"]) == ["reset-reason:auth0|64f1c2a9e1b2c3d4e5f60718"]


def test_flow_file(cli: Cli) -> None:
    """FLOW.json runs its actions with their secrets, tenant and limits; continue finishes it."""
    run = cli("run", EXAMPLES / "flows" / "corporate.json", "--event", EVENT)
    assert run.code == 0
    result = run.result
    assert_result_object(result)
    assert result["status"] == "challenge"
    assert [a["name"] for a in result["actions"]] == [
        "email-verified", "ip-allowlist", "rate-limit", "mfa"]
    done = cli("continue", "--state", result["state"], "--request",
               EXAMPLES / "requests" / "challenge_done.json", "--tenant", "example")
    assert (done.code, done.result["status"]) == (0, "completed")


def test_flow_file_with_inline_code_and_relative_files(cli: Cli, tmp_path: Path) -> None:
    """FLOW.json actions take `code` inline or `file` relative to the FLOW.json."""
    (tmp_path / "flows" / "lib").mkdir(parents=True)
    write(tmp_path / "flows" / "lib" / "show.js", SHOW_SECRETS)
    flow = write(tmp_path / "flows" / "flow.json", {
        "tenant": "acme", "trigger": "password-reset-post-challenge",
        "actions": [{"name": "inline", "code": SHOW_SECRETS, "secrets": {"A": "1"}},
                    {"name": "from-file", "file": "lib/show.js", "secrets": {"B": "2"}}]})
    run = cli("run", flow, "--event", EVENT)
    assert run.code == 0
    assert [(a["name"], a["logs"]) for a in run.result["actions"]] == [
        ("inline", ['{"A":"1"}']), ("from-file", ['{"B":"2"}'])]


def test_flow_file_for_another_trigger_exits_2(cli: Cli, tmp_path: Path) -> None:
    """A FLOW.json for another trigger is refused."""
    flow = write(tmp_path / "flow.json", {"trigger": "post-login",
                                          "actions": [{"name": "a", "code": SHOW_SECRETS}]})
    run = cli("run", flow, "--event", EVENT)
    assert (run.code, run.stdout) == (2, "")
    assert "post-login" in run.stderr


def test_secrets_per_action_and_for_all(cli: Cli, tmp_path: Path) -> None:
    """--secret goes to every action; SECRETS.json adds (and overrides) per action, by file name."""
    first, second = write(tmp_path / "first.js", SHOW_SECRETS), write(tmp_path / "second.js",
                                                                      SHOW_SECRETS)
    secrets = write(tmp_path / "secrets.json", {"second": {"OWN": "2", "SHARED": "override"}})
    run = cli("run", first, second, "--event", EVENT, "--secret", "SHARED=all",
              "--secret", "EQ=a=b", "--secrets", secrets)
    assert run.code == 0
    logs = [json.loads(a["logs"][0]) for a in run.result["actions"]]
    assert logs == [{"SHARED": "all", "EQ": "a=b"},
                    {"SHARED": "override", "EQ": "a=b", "OWN": "2"}]


def test_secrets_file_configures_an_example(cli: Cli, tmp_path: Path) -> None:
    """An example's secrets come from SECRETS.json, keyed by the action's file name."""
    allow = write(tmp_path / "allow.json", {"user_allowlist": {"ALLOWED_DOMAINS": "example.com"}})
    deny = write(tmp_path / "deny.json", {"user_allowlist": {"ALLOWED_DOMAINS": "other.org"}})
    action = EXAMPLES / "user_allowlist.js"
    assert cli("run", action, "--event", EVENT, "--secrets", allow).result["status"] == "completed"
    assert cli("run", action, "--event", EVENT, "--secrets", deny).result["status"] == "denied"


def test_verbose_logs_the_execution_event_on_stderr(cli: Cli) -> None:
    """-v writes the execution event as JSON on stderr; stdout keeps only the result."""
    run = cli("-v", "run", EXAMPLES / "ip_allowlist.js", "--event", EVENT,
              "--secret", "ALLOWED_CIDRS=10.0.0.0/8")
    assert run.code == 0
    assert run.result["status"] == "completed"
    events = [json.loads(line) for line in run.stderr.splitlines()]
    assert [e["event"] for e in events] == ["execution"]
    assert (events[0]["status"], events[0]["tenant"]) == ("completed", "default")
    assert "10.0.0.0/8" not in run.stderr


@pytest.mark.parametrize("args", [["--help"], ["run", "--help"], ["continue", "--help"]],
                         ids=["executor", "run", "continue"])
def test_help(cli: Cli, args: list[str]) -> None:
    """--help works for the command and each subcommand."""
    run = cli(*args)
    assert (run.code, run.stderr) == (0, "")
    assert run.stdout.startswith("usage: executor")
    if args[0] == "run":
        assert "--event" in run.stdout and "--secrets" in run.stdout
    if args[0] == "continue":
        assert "--state" in run.stdout and "--request" in run.stdout


def test_states_never_look_like_options() -> None:
    """No state starts with "-", which `continue --state STATE` would take for an option."""
    from executor.state import new_state_id

    assert not any(new_state_id().startswith("-") for _ in range(5000))


def test_secret_key_seals_suspended_flows(tmp_path: Path) -> None:
    """With EXECUTOR_SECRET_KEY set, run then continue still works and the embedded store's
    file never holds the action's secret; without the key the state does not open.
    """
    from cryptography.fernet import Fernet

    secret = "cli-sealed-secret-0d9e"
    env = {**os.environ, "EXECUTOR_DATA_DIR": str(tmp_path / "data"),
           "EXECUTOR_SECRET_KEY": Fernet.generate_key().decode()}

    def run(*args: str | Path, environ: dict[str, str] = env) -> Run:
        proc = subprocess.run([sys.executable, "-m", "executor", *map(str, args)],
                              capture_output=True, text=True, env=environ, cwd=tmp_path,
                              timeout=300, check=False)
        return Run(proc.returncode, proc.stdout, proc.stderr)

    suspended = run("run", EXAMPLES / "reason_prompt.js", "--event",
                    EXAMPLES / "events" / "admin_reset.json", "--secret", f"TOKEN={secret}")
    assert suspended.result["status"] == "prompt"
    stored = b"".join(p.read_bytes() for p in (tmp_path / "data").rglob("*") if p.is_file())
    assert secret.encode() not in stored
    request = EXAMPLES / "requests" / "prompt_submitted.json"
    unkeyed = {k: v for k, v in env.items() if k != "EXECUTOR_SECRET_KEY"}
    refused = run("continue", "--state", suspended.result["state"], "--request", request,
                  environ=unkeyed)
    assert refused.code == 2 and "invalid_state" in refused.stderr
    done = run("continue", "--state", suspended.result["state"], "--request", request)
    assert (done.code, done.result["status"]) == (0, "completed")
