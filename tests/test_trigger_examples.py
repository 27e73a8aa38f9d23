"""The real actions in examples/, run as tenants would run them, on both stores."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from test_trigger_support import (
    DAY,
    EXAMPLES,
    HOSTNAME,
    MINUTE,
    SECRET,
    TENANT,
    USER_ID,
    Clock,
    cached,
    event_with,
    example,
    load_event,
    sign,
    token_claims,
)

from executor import Action, Executor, Result

pytest_plugins = ["test_trigger_support"]

HOUR = 60 * MINUTE


def request_file(name: str) -> dict[str, Any]:
    """Return an example continue request."""
    request: dict[str, Any] = json.loads((EXAMPLES / "requests" / name).read_text("utf-8"))
    return request


def run_example(ex: Executor, file: str, event: dict[str, Any], **secrets: str) -> Result:
    """Run one example action, named after its file, with `secrets`."""
    return ex.run([Action(file.removesuffix(".js"), example(file), secrets)], event,
                  tenant=TENANT)


# ---- ip_allowlist.js


@pytest.mark.parametrize(
    ("ip", "cidrs", "allowed"),
    [
        ("10.1.2.3", None, True),
        ("192.168.200.1", None, True),
        ("203.0.113.7", None, False),
        ("203.0.113.7", "198.51.100.0/24, 203.0.113.0/24", True),
        ("10.1.2.3", "192.168.0.0/16", False),
        ("not-an-ip", None, False),
    ],
)
def test_ip_allowlist(ex: Executor, ip: str, cidrs: str | None, allowed: bool) -> None:
    """Resets are allowed from the configured CIDRs (default: private ranges) only."""
    event = load_event()
    event["request"]["ip"] = ip
    secrets = {"ALLOWED_CIDRS": cidrs} if cidrs else {}
    r = run_example(ex, "ip_allowlist.js", event, **secrets)
    if allowed:
        assert (r.status, r.deny) == ("completed", None)
    else:
        assert (r.status, r.deny) == (
            "denied", {"reason": f"Password reset is not allowed from {ip}"})


def test_ip_allowlist_example_event(ex: Executor) -> None:
    """The example event from an unknown IP is denied."""
    r = run_example(ex, "ip_allowlist.js", load_event("reset_from_unknown_ip.json"))
    assert r.deny == {"reason": "Password reset is not allowed from 203.0.113.7"}


# ---- email_verified.js


@pytest.mark.parametrize(("file", "status"), [("reset.json", "completed"),
                                              ("unverified_email.json", "denied")])
def test_email_verified(ex: Executor, file: str, status: str) -> None:
    """Users whose email is not verified are denied."""
    r = run_example(ex, "email_verified.js", load_event(file))
    assert r.status == status
    if status == "denied":
        assert r.deny == {
            "reason": "Please verify your email address before resetting your password."}


def test_email_verified_defaults_to_unverified(ex: Executor) -> None:
    """An event without email_verified is treated as unverified (its documented default)."""
    r = run_example(ex, "email_verified.js", event_with(email_verified=None))
    assert r.status == "denied"


# ---- user_allowlist.js


@pytest.mark.parametrize(
    ("email", "secrets", "allowed"),
    [
        ("jane.doe@example.com", {"ALLOWED_DOMAINS": "example.com"}, True),
        ("Jane.Doe@EXAMPLE.com", {"ALLOWED_DOMAINS": "other.org, example.com"}, True),
        ("jane.doe@example.com", {"ALLOWED_DOMAINS": "other.org"}, False),
        ("jane.doe@example.com", {"ALLOWED_DOMAINS": "other.org", "ALLOWED_USER_IDS": USER_ID},
         True),
        ("jane.doe@example.com", {}, False),
    ],
)
def test_user_allowlist(ex: Executor, email: str, secrets: dict[str, str], allowed: bool) -> None:
    """Only listed email domains or user ids may reset."""
    r = run_example(ex, "user_allowlist.js", event_with(email=email), **secrets)
    expected = ("completed", None) if allowed else (
        "denied", {"reason": "Password resets for this account are handled by support."})
    assert (r.status, r.deny) == expected


# ---- mfa_challenge.js


def test_mfa_challenge_with_enrolled_factors(ex: Executor) -> None:
    """The user's enrolled factors are offered; completing one finishes the flow."""
    r = run_example(ex, "mfa_challenge.js", load_event())
    assert r.status == "challenge"
    assert r.challenge == {"mode": "any", "factors": [
        {"type": "otp", "options": {}},
        {"type": "phone", "options": {"preferredMethod": "sms"}}]}
    assert r.state is not None
    done = ex.resume(r.state, request_file("challenge_done.json"), tenant=TENANT)
    assert (done.status, done.error) == ("completed", None)


def test_mfa_challenge_with_one_factor_skips_the_selector(ex: Executor) -> None:
    """A user with one enrolled factor gets a `with` challenge."""
    r = run_example(ex, "mfa_challenge.js", event_with(enrolledFactors=[{"type": "email"}]))
    assert r.challenge == {"mode": "with", "factors": [{"type": "email", "options": {}}]}


def test_mfa_challenge_without_factors_lets_the_user_through(ex: Executor) -> None:
    """A user with nothing enrolled is not challenged; the action logs why."""
    r = run_example(ex, "mfa_challenge.js", load_event("no_factors_enrolled.json"))
    assert (r.status, r.challenge, r.state) == ("completed", None, None)
    assert r.actions[0].logs == (f"no factors enrolled for {USER_ID}: no step-up",)


# ---- redirect_verify.js


def verify_secrets() -> dict[str, str]:
    """Return the secrets redirect_verify.js needs."""
    return {"SHARED_SECRET": SECRET, "VERIFY_URL": "https://idv.example.net/check?lang=en"}


def redirect_to_verifier(ex: Executor) -> tuple[Result, dict[str, Any]]:
    """Run redirect_verify.js up to its redirect; return the result and the token it sent."""
    r = run_example(ex, "redirect_verify.js", load_event(), **verify_secrets())
    assert r.status == "redirect"
    assert r.redirect is not None and r.state is not None
    url = urlsplit(r.redirect["url"])
    assert (url.scheme, url.netloc, url.path) == ("https", "idv.example.net", "/check")
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert set(query) == {"lang", "session_token", "state"}
    assert query["state"] == r.state
    sent = jwt.decode(query["session_token"], SECRET, algorithms=["HS256"],
                      options={"verify_exp": False})
    return r, sent


def test_redirect_verify_round_trip(ex: Executor, clock: Clock) -> None:
    """The verifier gets a signed token; its signed answer completes the flow with a result URL."""
    r, sent = redirect_to_verifier(ex)
    now_s = clock() // 1000
    assert sent == {"iat": now_s, "exp": now_s + 300, "iss": HOSTNAME, "sub": USER_ID,
                    "ip": "10.1.2.3", "email": "jane.doe@example.com",
                    "continue_uri": f"https://{HOSTNAME}/continue"}
    assert r.state is not None
    clock.advance(MINUTE)
    answer = sign(token_claims(r.state, clock(), verified=True))
    done = ex.resume(r.state, {"method": "POST", "body": {"verification": answer}},
                     tenant=TENANT)
    assert (done.status, done.error) == ("completed", None)
    assert done.result_url == f"https://app.example.com/welcome-back?verified_at={now_s + 60}"


def test_redirect_verify_denies_an_unverified_answer(ex: Executor, clock: Clock) -> None:
    """A valid answer saying the user was not verified denies the reset."""
    r, _ = redirect_to_verifier(ex)
    assert r.state is not None
    answer = sign(token_claims(r.state, clock(), verified=False))
    done = ex.resume(r.state, {"query": {"verification": answer}}, tenant=TENANT)
    assert done.deny == {"reason": "Identity verification failed."}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({}, "There is no parameter called 'verification' available in either the POST body "
             "or query string."),
        ({"session_token": "the wrong parameter"},
         "There is no parameter called 'verification' available in either the POST body "
         "or query string."),
        ({"verification": "forged"}, "The session token is invalid: "),
    ],
    ids=["missing", "wrong-name", "forged"],
)
def test_redirect_verify_fails_without_a_valid_answer(
    ex: Executor, query: dict[str, str], message: str
) -> None:
    """No answer, or a forged one, fails the flow with validateToken's message."""
    r, _ = redirect_to_verifier(ex)
    assert r.state is not None
    done = ex.resume(r.state, {"query": query}, tenant=TENANT)
    assert done.status == "failed"
    assert done.error is not None
    assert (done.error["type"], done.error["action"]) == ("action_error", "redirect_verify")
    assert done.error["message"].startswith(f"Error: {message}")


def test_redirect_verify_answer_for_another_flow_is_refused(ex: Executor, clock: Clock) -> None:
    """An answer minted for another flow's state fails validation here."""
    mine, _ = redirect_to_verifier(ex)
    other, _ = redirect_to_verifier(ex)
    assert mine.state is not None and other.state is not None
    answer = sign(token_claims(other.state, clock(), verified=True))
    done = ex.resume(mine.state, {"query": {"verification": answer}}, tenant=TENANT)
    assert done.error is not None
    assert done.error["message"] == "Error: The session token is invalid: state does not match"


# ---- reset_rate_limit.js and reason_prompt.js (cache and prompt in real actions)


def test_reset_rate_limit(ex: Executor, clock: Clock) -> None:
    """Three resets an hour per user; the fourth is denied until the window passes."""
    statuses = [run_example(ex, "reset_rate_limit.js", load_event()).status for _ in range(4)]
    assert statuses == ["completed"] * 3 + ["denied"]
    clock.advance(HOUR)
    assert run_example(ex, "reset_rate_limit.js", load_event()).status == "completed"


def test_reason_prompt(ex: Executor, clock: Clock) -> None:
    """Administrators are asked for a reason, which is kept in the cache for a day."""
    r = run_example(ex, "reason_prompt.js", load_event("admin_reset.json"))
    assert r.status == "prompt"
    assert r.prompt == {"id": "reset-reason", "fields": {"reason": ""},
                        "vars": {"user": "jane.doe@example.com"}}
    assert r.state is not None
    done = ex.resume(r.state, request_file("prompt_submitted.json"), tenant=TENANT)
    assert done.status == "completed"
    assert cached(ex.store, clock()) == {
        f"reset-reason:{USER_ID}": ("rotating credentials after an audit", clock() + DAY)}


def test_reason_prompt_denies_an_empty_reason(ex: Executor) -> None:
    """A reason shorter than five characters denies the reset."""
    r = run_example(ex, "reason_prompt.js", load_event("admin_reset.json"))
    assert r.state is not None
    done = ex.resume(r.state, {"prompt": {"id": "reset-reason", "fields": {"reason": " ok "}}},
                     tenant=TENANT)
    assert done.deny == {"reason": "A reason is required for administrator password resets."}


def test_reason_prompt_skips_non_administrators(ex: Executor) -> None:
    """Users without the admin role are not prompted."""
    assert run_example(ex, "reason_prompt.js", load_event()).status == "completed"


# ---- the corporate flow (examples/flows/corporate.json)


def corporate_flow() -> tuple[list[Action], dict[str, Any]]:
    """Return the actions and limits of examples/flows/corporate.json."""
    flow = json.loads((EXAMPLES / "flows" / "corporate.json").read_text("utf-8"))
    actions = [Action(a["name"], (EXAMPLES / "flows" / a["file"]).read_text("utf-8"),
                      a.get("secrets", {})) for a in flow["actions"]]
    return actions, flow["limits"]


def test_corporate_flow(ex: Executor, clock: Clock) -> None:
    """Verified email, allowed IP, rate limit, then MFA: a challenge, then completion."""
    actions, limits = corporate_flow()
    r = ex.run(actions, load_event(), tenant=TENANT, limits=limits)
    assert r.status == "challenge"
    assert [a.name for a in r.actions] == ["email-verified", "ip-allowlist", "rate-limit", "mfa"]
    assert r.to_dict()["cache"]["set"] == {
        f"resets:{USER_ID}": {"value": "1", "expires_at": clock() + HOUR}}
    assert r.state is not None
    done = ex.resume(r.state, request_file("challenge_done.json"), tenant=TENANT)
    assert (done.status, done.actions) == ("completed", ())


def test_corporate_flow_stops_at_the_first_deny(ex: Executor) -> None:
    """An unverified user is denied by the first action; the others do not run."""
    actions, limits = corporate_flow()
    r = ex.run(actions, load_event("unverified_email.json"), tenant=TENANT, limits=limits)
    assert r.status == "denied"
    assert [a.name for a in r.actions] == ["email-verified"]
    assert r.to_dict()["cache"]["set"] == {}
