"""The HTTP service in queue mode: executions go to a real `executor worker` subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from cryptography.fernet import Fernet
from starlette.exceptions import StarletteDeprecationWarning

from executor.registry import SECRET_KEY_ENV
from executor.service import ServiceSettings, create_app

with warnings.catch_warnings():
    # Starlette 1.x prefers httpx2 for its TestClient; httpx (a dev dependency) still works.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

ADMIN = "admin-" + "q" * 40
KEY = Fernet.generate_key().decode()
TRIGGER = "password-reset-post-challenge"
EVENT = {"user": {"user_id": "auth0|1", "email_verified": False}, "request": {"ip": "10.0.0.1"}}
READY_TIMEOUT_S = 30.0

REDIRECT = """
exports.onExecutePostChallenge = async (event, api) => {
  if (!event.user.email_verified) { api.access.deny('verify your email first'); return; }
  api.redirect.sendUserTo(event.secrets.VERIFY_URL);
};
exports.onContinuePostChallenge = async (event, api) => {
  api.transaction.setResultUrl('https://app.example.com/done');
};
"""


def bearer(token: str) -> dict[str, str]:
    """The Authorization header for a token."""
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def worker(redis_url: str, tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """One `executor worker` subprocess, ready (its exec:worker:<id> entry names its pid)."""
    log_path = tmp_path / "worker.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "executor", "worker", "--redis", redis_url,
             "--concurrency", "2"],
            stderr=log, stdout=subprocess.DEVNULL, env={**os.environ, SECRET_KEY_ENV: KEY})
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        with redis.Redis.from_url(redis_url) as raw:
            while not any(raw.hget(key, "pid") == str(proc.pid).encode()
                          for key in raw.scan_iter("exec:worker:*")):
                assert proc.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, log_path.read_text()
                time.sleep(0.05)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def queue_client(redis_url: str, **settings: Any) -> TestClient:
    """A TestClient of a queue-mode app sharing the worker's secret key."""
    return TestClient(create_app(ServiceSettings(redis_url, ADMIN, secret_key=KEY, **settings)))


def test_queue_mode_runs_on_the_worker(redis_url: str,
                                       worker: subprocess.Popen[bytes]) -> None:
    """Deploy, bind, execute and continue over HTTP, with a worker process running the flows."""
    with queue_client(redis_url) as client:
        assert client.get("/healthz").json()["mode"] == "queue"
        key = client.post("/v1/tenants/acme/keys", headers=bearer(ADMIN)).json()["key"]
        deployed = client.put("/v1/tenants/acme/actions/verify", headers=bearer(key),
                              json={"code": REDIRECT,
                                    "secrets": {"VERIFY_URL": "https://id.example.com"}})
        assert deployed.json() == {"name": "verify", "version": 1}
        assert client.put(f"/v1/tenants/acme/triggers/{TRIGGER}/bindings", headers=bearer(key),
                          json={"actions": ["verify"]}).status_code == 200
        url = f"/v1/tenants/acme/triggers/{TRIGGER}/execute"

        denied = client.post(url, headers=bearer(key), json={"event": EVENT})
        assert denied.status_code == 200, denied.text
        assert denied.json()["deny"] == {"reason": "verify your email first"}

        verified = {**EVENT, "user": {"user_id": "auth0|1", "email_verified": True}}
        suspended = client.post(url, headers=bearer(key), json={"event": verified}).json()
        assert suspended["status"] == "redirect"
        done = client.post("/v1/tenants/acme/continue", headers=bearer(key),
                           json={"state": suspended["state"], "request": {}})
        assert done.json()["status"] == "completed"
        assert done.json()["result_url"] == "https://app.example.com/done"
        again = client.post("/v1/tenants/acme/continue", headers=bearer(key),
                            json={"state": suspended["state"], "request": {}})
        assert again.status_code == 409 and again.json()["error"]["type"] == "invalid_state"

        metrics = client.get("/metrics").text
        assert 'executor_executions_total{status="redirect",tenant="acme"} 1.0' in metrics
        assert "executor_queue_depth_total 0.0" in metrics


def test_queue_mode_without_a_worker_times_out(redis_url: str) -> None:
    """With no worker to answer, execute is 504 timeout after execution_timeout_s."""
    with queue_client(redis_url, execution_timeout_s=0.3) as client:
        key = client.post("/v1/tenants/acme/keys", headers=bearer(ADMIN)).json()["key"]
        response = client.post(f"/v1/tenants/acme/triggers/{TRIGGER}/execute",
                               headers=bearer(key), json={"event": EVENT})
        assert response.status_code == 504
        assert response.json()["error"]["type"] == "timeout"
        metrics = client.get("/metrics").text
        assert 'executor_queue_depth{tenant="acme"} 1.0' in metrics  # still waiting
        assert 'executor_execution_errors_total{tenant="acme",type="timeout"} 1.0' in metrics
