"""Every api method of the trigger, end to end through the sandbox and both stores.

Deny, challenges and factor filtering, redirects with encodeToken and validateToken (the test
plays the external site with PyJWT), prompts and setResultUrl. Cache methods have their own
suite (test_trigger_cache.py).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from test_trigger_support import (
    HOSTNAME,
    IP,
    OTHER_SECRET,
    SECRET,
    T0,
    TENANT,
    USER_ID,
    VERIFY_URL,
    Clock,
    Snapshot,
    cached,
    event_with,
    load_event,
    outcomes,
    scripted,
    sign,
    token_claims,
)

from executor import Executor, FlowSettings, Result
from executor.stores import Store
from sandbox import Sandbox

pytest_plugins = ["test_trigger_support"]

OTP = {"type": "otp"}
EMAIL = {"type": "email"}
PUSH = {"type": "push-notification", "options": {"otpFallback": True}}
INVALID_TOKEN = "The session token is invalid: "
RENDER_TWICE = "Only 1 render command per action is allowed."
RENDER_AND_REDIRECT = "Redirect and render commands cannot be used in the same action."


def factor(kind: str, **options: Any) -> dict[str, Any]:
    """Return a factor as the result object lists it."""
    return {"type": kind, "options": options}


def query_of(url: str) -> dict[str, str]:
    """Return a URL's query parameters (each present once)."""
    parsed = parse_qs(urlsplit(url).query, keep_blank_values=True)
    assert all(len(v) == 1 for v in parsed.values()), url
    return {k: v[0] for k, v in parsed.items()}


# ---- access.deny


def test_deny_stops_the_flow_after_the_action_and_keeps_its_effects(
    ex: Executor, flow_store: Store, clock: Clock
) -> None:
    """A deny ends the flow after the denying action; its other effects still commit."""
    denier = scripted("denier", [
        ["cache.set", "before", "1"],
        ["access.deny", "not from here"],
        ["cache.set", "after", "2"],
        ["transaction.setResultUrl", "https://app.example.com/denied"],
    ])
    later = scripted("later", [["cache.set", "later", "3"]])
    r = ex.run([denier, later], load_event(), tenant=TENANT)
    assert r.status == "denied"
    assert r.deny == {"reason": "not from here"}
    assert r.state is None and r.error is None
    assert [a.name for a in r.actions] == ["denier"]
    assert outcomes(r) == [["ok", {"type": "success", "record": {"value": "1", "expires_at":
                                                                 T0 + 15 * 60_000}}],
                           ["api"], ["ok", {"type": "success", "record": {
                               "value": "2", "expires_at": T0 + 15 * 60_000}}], ["api"]]
    assert r.result_url == "https://app.example.com/denied"
    assert set(cached(flow_store, clock())) == {"before", "after"}
    assert set(r.to_dict()["cache"]["set"]) == {"before", "after"}


def test_first_deny_reason_is_kept(ex: Executor) -> None:
    """Two denies in one action: the reason of the first is the flow's."""
    r = ex.run([scripted("a", [["access.deny", "first"], ["access.deny", "second"]])],
               load_event(), tenant=TENANT)
    assert (r.status, r.deny) == ("denied", {"reason": "first"})


def test_deny_wins_over_a_suspension_in_the_same_action(ex: Executor, contents: Snapshot) -> None:
    """Deny and a challenge in one action: the flow is denied and no state is created."""
    r = ex.run([scripted("a", [["authentication.challengeWith", OTP], ["access.deny", "no"]])],
               load_event(), tenant=TENANT)
    assert (r.status, r.state, r.challenge) == ("denied", None, None)
    assert contents() == {}


def test_deny_reason_over_its_cap_fails_and_commits_nothing(
    ex: Executor, contents: Snapshot
) -> None:
    """A deny reason over 1024 characters is an effect over its cap: limit_exceeded."""
    ops = [["cache.set", "k", "v"], ["access.deny", {"$repeat": ["x", 1025]}]]
    r = ex.run([scripted("a", ops)], load_event(), tenant=TENANT)
    assert r.status == "failed"
    assert r.error is not None and r.error["type"] == "limit_exceeded"
    assert r.error["action"] == "a"
    assert contents() == {}


# ---- authentication.challengeWith / challengeWithAny


def test_challenge_with_additional_factors(ex: Executor) -> None:
    """A challengeWith suspends with mode `with`, the default factor first, and stops the flow."""
    event = event_with(enrolledFactors=None)
    phone = {"type": "phone", "options": {"preferredMethod": "voice"}}
    r = ex.run([scripted("mfa", [["authentication.challengeWith", OTP,
                                  {"additionalFactors": [phone, EMAIL]}]]),
                scripted("later", [["log", "ran"]])], event, tenant=TENANT)
    assert r.status == "challenge"
    assert r.challenge == {"mode": "with", "factors": [
        factor("otp"), factor("phone", preferredMethod="voice"), factor("email")]}
    assert isinstance(r.state, str) and r.state
    assert outcomes(r) == [["api"]]
    assert [a.name for a in r.actions] == ["mfa"]
    assert (r.redirect, r.prompt, r.deny, r.error) == (None, None, None, None)


def test_challenge_with_any(ex: Executor) -> None:
    """A challengeWithAny with several usable factors suspends with mode `any`."""
    r = ex.run([scripted("mfa", [["authentication.challengeWithAny", [OTP, PUSH]]])],
               event_with(enrolledFactors=None), tenant=TENANT)
    assert r.status == "challenge"
    assert r.challenge == {"mode": "any", "factors": [
        factor("otp"), factor("push-notification", otpFallback=True)]}


@pytest.mark.parametrize(
    ("enrolled", "enabled", "expected"),
    [
        pytest.param(None, None, ["otp", "email", "push-notification"], id="unknown-enrollment"),
        pytest.param([{"type": "email"}, {"type": "otp"}], None, ["otp", "email"], id="enrolled"),
        pytest.param(None, {"otp", "push-notification"}, ["otp", "push-notification"],
                     id="enabled"),
        pytest.param([{"type": "email"}, {"type": "push-notification"}], {"otp", "email"},
                     ["email"], id="enrolled-and-enabled"),
    ],
)
def test_challenge_factors_are_filtered(
    make_ex: Callable[..., Executor], enrolled: list[dict[str, str]] | None,
    enabled: set[str] | None, expected: list[str]
) -> None:
    """Factors the user has not enrolled (when known) or the tenant has not enabled are dropped."""
    settings = FlowSettings(enabled_factors=frozenset(enabled)) if enabled else None
    r = make_ex(settings).run(
        [scripted("mfa", [["authentication.challengeWithAny", [OTP, EMAIL, PUSH]]])],
        event_with(enrolledFactors=enrolled), tenant=TENANT)
    assert r.status == "challenge"
    assert r.challenge is not None
    assert [f["type"] for f in r.challenge["factors"]] == expected
    assert r.challenge["mode"] == ("with" if len(expected) == 1 else "any")


def test_challenge_with_any_of_one_usable_factor_skips_the_selector(ex: Executor) -> None:
    """A challengeWithAny left with one usable factor becomes mode `with`."""
    r = ex.run([scripted("mfa", [["authentication.challengeWithAny", [OTP, EMAIL]]])],
               event_with(enrolledFactors=[{"type": "email"}]), tenant=TENANT)
    assert r.challenge == {"mode": "with", "factors": [factor("email")]}


@pytest.mark.parametrize(
    ("enrolled", "enabled"),
    [
        pytest.param([], None, id="none-enrolled"),
        pytest.param([{"type": "webauthn-roaming"}], None, id="other-enrolled"),
        pytest.param(None, {"recovery-code"}, id="none-enabled"),
    ],
)
def test_no_usable_factor_fails_the_flow(
    make_ex: Callable[..., Executor], contents: Snapshot,
    enrolled: list[dict[str, str]] | None, enabled: set[str] | None
) -> None:
    """A challenge with no usable factor left fails with no_valid_factor; nothing commits."""
    settings = FlowSettings(enabled_factors=frozenset(enabled)) if enabled else None
    r = make_ex(settings).run(
        [scripted("mfa", [["cache.set", "k", "v"],
                          ["authentication.challengeWith", OTP, {"additionalFactors": [EMAIL]}]])],
        event_with(enrolledFactors=enrolled), tenant=TENANT)
    assert r.status == "failed"
    assert r.error is not None
    assert (r.error["type"], r.error["action"]) == ("no_valid_factor", "mfa")
    assert (r.state, r.challenge) == (None, None)
    assert r.to_dict()["cache"] == {"set": {}, "deleted": []}
    assert contents() == {}


def test_factors_satisfied_in_the_transaction_are_not_offered_again(ex: Executor) -> None:
    """After an otp challenge is met, a later challenge offers only what is left."""
    flow = [scripted("first", [["authentication.challengeWithAny", [OTP, EMAIL]]]),
            scripted("second", [["authentication.challengeWithAny", [OTP, EMAIL]]])]
    r = ex.run(flow, event_with(enrolledFactors=None), tenant=TENANT)
    assert r.challenge == {"mode": "any", "factors": [factor("otp"), factor("email")]}
    assert r.state is not None
    r = ex.resume(r.state, {"challenge": {"completed": ["otp"]}}, tenant=TENANT)
    assert r.status == "challenge"
    assert [(a.name, a.handler) for a in r.actions] == [("second", "onExecutePostChallenge")]
    assert r.challenge == {"mode": "with", "factors": [factor("email")]}
    assert r.state is not None
    r = ex.resume(r.state, {"challenge": {"completed": ["email"]}}, tenant=TENANT)
    assert r.status == "completed"


def test_challenge_of_only_satisfied_factors_fails(ex: Executor) -> None:
    """A second challenge asking only for factors already met fails with no_valid_factor."""
    flow = [scripted("first", [["authentication.challengeWith", OTP]]),
            scripted("second", [["authentication.challengeWith", OTP]])]
    r = ex.run(flow, event_with(enrolledFactors=None), tenant=TENANT)
    assert r.state is not None
    r = ex.resume(r.state, {"challenge": {"completed": ["otp"]}}, tenant=TENANT)
    assert r.status == "failed"
    assert r.error is not None
    assert (r.error["type"], r.error["action"]) == ("no_valid_factor", "second")


def test_malformed_challenges_throw_in_the_action(ex: Executor) -> None:
    """Unknown factor types and malformed options throw where they are called."""
    r = ex.run([scripted("a", [
        ["authentication.challengeWith", {"type": "sms"}],
        ["authentication.challengeWith", {"type": "phone", "options": {"preferredMethod": "fax"}}],
        ["authentication.challengeWith", {"type": "push-notification",
                                          "options": {"otpFallback": "yes"}}],
        ["authentication.challengeWith", OTP, {"additionalFactors": OTP}],
        ["authentication.challengeWithAny", []],
        ["authentication.challengeWithAny", OTP],
    ])], event_with(enrolledFactors=None), tenant=TENANT)
    assert r.status == "completed"
    got = outcomes(r)
    assert [o[0] for o in got] == ["threw"] * 6
    assert got[0][1].startswith("Invalid factor: ")
    assert got[1][1] == "Invalid factor: phone preferredMethod must be sms, voice or both"
    assert got[2][1] == "Invalid factor: push-notification otpFallback must be a boolean"
    assert got[3][1] == "additionalFactors must be an array"


def test_challenge_and_redirect_in_one_action_is_refused(ex: Executor) -> None:
    """A redirect after a challenge in the same action throws; the challenge stands."""
    r = ex.run([scripted("a", [["authentication.challengeWith", OTP],
                               ["redirect.sendUserTo", VERIFY_URL]])],
               event_with(enrolledFactors=None), tenant=TENANT)
    assert outcomes(r)[1] == [
        "threw", "Only one of challenge, redirect and render can be used in one action."]
    assert r.status == "challenge"


def test_challenge_continue_must_complete_an_offered_factor(ex: Executor) -> None:
    """A challenge continue without a completed offered factor is refused; the state survives."""
    r = ex.run([scripted("a", [["authentication.challengeWith", OTP]]),
                scripted("b", [["log", "b ran"]])], event_with(enrolledFactors=None),
               tenant=TENANT)
    assert r.state is not None
    for request in ({}, {"challenge": {}}, {"challenge": {"completed": []}},
                    {"challenge": {"completed": ["email"]}}, {"challenge": {"completed": "otp"}}):
        refused = ex.resume(r.state, request, tenant=TENANT)
        assert refused.status == "failed", request
        assert refused.error is not None and refused.error["type"] == "invalid_event"
        assert refused.actions == ()
    done = ex.resume(r.state, {"challenge": {"completed": ["otp"]}}, tenant=TENANT)
    assert done.status == "completed"
    assert [a.name for a in done.actions] == ["b"]


# ---- redirect.sendUserTo


def test_send_user_to_adds_query_and_state(ex: Executor) -> None:
    """The redirect URL carries the query entries and a `state` parameter equal to the state."""
    url = "https://verify.example.com/start?lang=en&x=old"
    r = ex.run([scripted("a", [["redirect.sendUserTo", url,
                                {"query": {"x": "new", "n": 5, "flag": True}}]]),
                scripted("later", [["log", "later"]])], load_event(), tenant=TENANT)
    assert r.status == "redirect"
    assert r.redirect is not None and r.state is not None
    url = urlsplit(r.redirect["url"])
    assert (url.scheme, url.netloc, url.path) == ("https", "verify.example.com", "/start")
    assert query_of(r.redirect["url"]) == {"lang": "en", "x": "new", "n": "5", "flag": "true",
                                           "state": r.state}
    assert [a.name for a in r.actions] == ["a"]


def test_send_user_to_twice_the_last_wins(ex: Executor) -> None:
    """Two sendUserTo calls in one action: the last one is the redirect."""
    r = ex.run([scripted("a", [["redirect.sendUserTo", "https://one.example.com/"],
                               ["redirect.sendUserTo", "https://two.example.com/x"]])],
               load_event(), tenant=TENANT)
    assert r.redirect is not None
    assert r.redirect["url"].startswith("https://two.example.com/x?state=")


@pytest.mark.parametrize("method", ["redirect.sendUserTo", "transaction.setResultUrl"])
def test_only_absolute_http_urls_are_accepted(ex: Executor, method: str) -> None:
    """Non-http(s) and relative URLs throw in the action."""
    bad = ["ftp://files.example.com/x", "javascript:alert(1)", "/relative/path", "https:///x",
           "mailto:jane@example.com", "data:text/html,hi"]
    r = ex.run([scripted("a", [[method, url] for url in bad] + [[method, 42]])],
               load_event(), tenant=TENANT)
    assert (r.status, r.redirect, r.result_url) == ("completed", None, None)
    what = method.split(".")[1]
    assert outcomes(r) == [
        ["threw", f"{what}: only absolute http and https URLs are allowed"]] * len(bad) + [
        ["threw", f"{what}: the URL must be a string of at most 4096 characters"]]


# ---- redirect.encodeToken


def test_encode_token_claims(ex: Executor) -> None:
    """The encodeToken JWT is HS256 with iat, iss, sub, exp (default 900 s), ip and payload."""
    r = ex.run([scripted("a", [
        ["redirect.encodeToken", {"secret": SECRET, "payload": {"email": "jane@example.com",
                                                                "n": 1}}],
        ["redirect.encodeToken", {"secret": SECRET, "expiresInSeconds": 60}],
        ["redirect.encodeToken", {"secret": SECRET, "payload": {"sub": "payload-wins"}}],
    ])], load_event(), tenant=TENANT)
    (s1, t1), (s2, t2), (s3, t3) = outcomes(r)
    assert (s1, s2, s3) == ("ok", "ok", "ok")
    assert jwt.get_unverified_header(t1) == {"alg": "HS256", "typ": "JWT"}
    now_s = T0 // 1000
    decode = {"algorithms": ["HS256"], "options": {"verify_exp": False}}
    assert jwt.decode(t1, SECRET, **decode) == {
        "iat": now_s, "iss": HOSTNAME, "sub": USER_ID, "exp": now_s + 900, "ip": IP,
        "email": "jane@example.com", "n": 1}
    assert jwt.decode(t2, SECRET, **decode)["exp"] == now_s + 60
    assert jwt.decode(t3, SECRET, **decode)["sub"] == "payload-wins"
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(t1, OTHER_SECRET, **decode)


def test_encode_token_bad_options_throw(ex: Executor) -> None:
    """An encodeToken without a secret, or with a bad payload or lifetime, throws."""
    r = ex.run([scripted("a", [
        ["redirect.encodeToken", {}],
        ["redirect.encodeToken", {"secret": ""}],
        ["redirect.encodeToken", {"secret": SECRET, "payload": "x"}],
        ["redirect.encodeToken", {"secret": SECRET, "expiresInSeconds": 0}],
        ["redirect.encodeToken", {"secret": SECRET, "expiresInSeconds": "soon"}],
    ])], load_event(), tenant=TENANT)
    assert [o[0] for o in outcomes(r)] == ["threw"] * 5


# ---- redirect.validateToken


def redirected(ex: Executor, on_continue: list[Any] | None = None) -> Result:
    """Run a flow that redirects to the verifier and validates its token on continue."""
    on_continue = on_continue or [["redirect.validateToken", {"secret": SECRET}]]
    r = ex.run([scripted("verify", [["redirect.sendUserTo", VERIFY_URL]], on_continue)],
               load_event(), tenant=TENANT)
    assert r.status == "redirect"
    assert r.state is not None
    return r


def test_validate_token_accepts_the_verifiers_token(ex: Executor, clock: Clock) -> None:
    """A token signed by the external site with sub, iss, exp and the state is accepted."""
    r = redirected(ex)
    assert r.state is not None
    claims = token_claims(r.state, clock(), verified=True)
    done = ex.resume(r.state, {"query": {"session_token": sign(claims)}}, tenant=TENANT)
    assert done.status == "completed"
    assert [(a.name, a.handler) for a in done.actions] == [("verify", "onContinuePostChallenge")]
    assert outcomes(done) == [["ok", claims]]


@pytest.mark.parametrize(
    ("query_ok", "body_ok", "accepted"),
    [
        pytest.param(True, None, True, id="query"),
        pytest.param(None, True, True, id="body"),
        pytest.param(False, True, True, id="body-wins-over-bad-query"),
        pytest.param(True, False, False, id="bad-body-wins-over-query"),
    ],
)
def test_validate_token_reads_body_over_query(
    ex: Executor, clock: Clock, query_ok: bool | None, body_ok: bool | None, accepted: bool
) -> None:
    """The token is read from the continue request's query and body; the body wins."""
    r = redirected(ex)
    assert r.state is not None
    claims = token_claims(r.state, clock())
    good, bad = sign(claims), sign(claims, OTHER_SECRET)
    request: dict[str, Any] = {}
    for where, ok in (("query", query_ok), ("body", body_ok)):
        if ok is not None:
            request[where] = {"session_token": good if ok else bad}
    (status, value), = outcomes(ex.resume(r.state, request, tenant=TENANT))
    assert status == ("ok" if accepted else "threw")
    if not accepted:
        assert value == INVALID_TOKEN + "Signature verification failed"


@pytest.mark.parametrize("name", [None, "verification"])
def test_validate_token_missing_parameter(ex: Executor, clock: Clock, name: str | None) -> None:
    """Without the token parameter, validateToken throws Auth0's exact message."""
    options: dict[str, Any] = {"secret": SECRET}
    if name:
        options["tokenParameterName"] = name
    r = redirected(ex, [["redirect.validateToken", options]])
    assert r.state is not None
    token = sign(token_claims(r.state, clock()))
    request = {"query": {"other": token}, "body": {"also_other": token}}
    (status, message), = outcomes(ex.resume(r.state, request, tenant=TENANT))
    assert status == "threw"
    assert message == (f"There is no parameter called '{name or 'session_token'}' available "
                       "in either the POST body or query string.")


def alg_none(claims: dict[str, Any]) -> str:
    """Return an unsigned token (alg none), built by hand."""
    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


TAMPERED: dict[str, tuple[Callable[[dict[str, Any]], str], str]] = {
    "wrong-secret": (lambda c: sign(c, OTHER_SECRET), "Signature verification failed"),
    "alg-none": (alg_none, "The specified alg value is not allowed"),
    "hs512": (lambda c: jwt.encode(c, SECRET, algorithm="HS512"),
              "The specified alg value is not allowed"),
    "expired": (lambda c: sign({**c, "exp": c["iat"] - 1}), "Signature has expired"),
    "expires-now": (lambda c: sign({**c, "exp": c["iat"]}), "Signature has expired"),
    "wrong-sub": (lambda c: sign({**c, "sub": "auth0|someone-else"}), "Invalid subject"),
    "wrong-iss": (lambda c: sign({**c, "iss": "evil.example.com"}), "Invalid issuer"),
    "no-exp": (lambda c: sign({k: v for k, v in c.items() if k != "exp"}), "exp"),
    "no-state": (lambda c: sign({k: v for k, v in c.items() if k != "state"}),
                 "state does not match"),
    "garbage": (lambda c: "not.a.jwt", ""),
}


@pytest.mark.parametrize("how", sorted(TAMPERED))
def test_validate_token_rejects_tampered_tokens(ex: Executor, clock: Clock, how: str) -> None:
    """Bad signatures, alg none, expiry, wrong sub or iss: "The session token is invalid: ..."."""
    make, reason = TAMPERED[how]
    r = redirected(ex)
    assert r.state is not None
    token = make(token_claims(r.state, clock()))
    (status, message), = outcomes(ex.resume(r.state, {"query": {"session_token": token}},
                                            tenant=TENANT))
    assert status == "threw"
    assert message.startswith(INVALID_TOKEN)
    assert reason in message


def test_validate_token_expiry_follows_the_executor_clock(ex: Executor, clock: Clock) -> None:
    """A token valid when signed is expired once the executor's clock passes its exp."""
    r = redirected(ex)
    assert r.state is not None
    token = sign(token_claims(r.state, clock()))  # exp in 300 s
    clock.advance(300_000)
    (status, message), = outcomes(ex.resume(r.state, {"query": {"session_token": token}},
                                            tenant=TENANT))
    assert (status, message) == ("threw", INVALID_TOKEN + "Signature has expired")


def test_validate_token_rejects_another_flows_state(ex: Executor, clock: Clock) -> None:
    """A token issued for another flow's state is invalid in this one."""
    mine, other = redirected(ex), redirected(ex)
    assert mine.state is not None and other.state is not None
    token = sign(token_claims(other.state, clock()))
    (status, message), = outcomes(ex.resume(mine.state, {"query": {"session_token": token}},
                                            tenant=TENANT))
    assert (status, message) == ("threw", INVALID_TOKEN + "state does not match")


def test_validate_token_with_a_clock_ahead_of_real_time(
    flow_store: Store, sb: Sandbox
) -> None:
    """A token issued "now" by the executor's clock is valid even when that clock is ahead."""
    clock = Clock(T0 + 100 * 365 * 86_400_000)  # 2123
    ex = Executor(flow_store, sandbox=sb, clock=clock)
    r = redirected(ex)
    assert r.state is not None
    claims = token_claims(r.state, clock(), nbf=clock() // 1000)
    (status, value), = outcomes(ex.resume(r.state, {"query": {"session_token": sign(claims)}},
                                          tenant=TENANT))
    assert (status, value) == ("ok", claims)


def test_validate_token_rejects_a_token_not_yet_valid(ex: Executor, clock: Clock) -> None:
    """A token whose nbf is after the executor's clock is invalid."""
    r = redirected(ex)
    assert r.state is not None
    claims = token_claims(r.state, clock(), nbf=clock() // 1000 + 60)
    (status, message), = outcomes(ex.resume(r.state, {"query": {"session_token": sign(claims)}},
                                            tenant=TENANT))
    assert status == "threw"
    assert message.startswith(INVALID_TOKEN + "The token is not yet valid")


def test_encode_then_validate_round_trip(ex: Executor, clock: Clock) -> None:
    """A token from encodeToken, handed back with the state claim added, validates."""
    r = ex.run([scripted("a", [["redirect.encodeToken", {"secret": SECRET,
                                                         "payload": {"k": "v"}}],
                               ["redirect.sendUserTo", VERIFY_URL]],
                         [["redirect.validateToken", {"secret": SECRET}]])],
               load_event(), tenant=TENANT)
    assert r.state is not None
    issued = jwt.decode(outcomes(r)[0][1], SECRET, algorithms=["HS256"],
                        options={"verify_exp": False})
    back = sign({**issued, "state": r.state})
    (status, value), = outcomes(ex.resume(r.state, {"body": {"session_token": back}},
                                          tenant=TENANT))
    assert (status, value) == ("ok", {**issued, "state": r.state})


# ---- prompt.render


def test_render_suspends_and_continue_gets_the_prompt(ex: Executor) -> None:
    """A render suspends; the continue runs the same action with event.prompt."""
    first = scripted("first", [["log", "first ran"]])
    asker = scripted("asker", [["prompt.render", "reset-reason",
                                {"fields": {"reason": ""}, "vars": {"who": "jane"}}]],
                     [["event", "prompt"]])
    r = ex.run([first, asker, scripted("last", [["log", "last"]])], load_event(), tenant=TENANT)
    assert r.status == "prompt"
    assert r.prompt == {"id": "reset-reason", "fields": {"reason": ""}, "vars": {"who": "jane"}}
    assert r.state is not None
    submitted = {"id": "reset-reason", "fields": {"reason": "audit"}}
    done = ex.resume(r.state, {"prompt": submitted}, tenant=TENANT)
    assert done.status == "completed"
    assert [(a.name, a.handler) for a in done.actions] == [
        ("asker", "onContinuePostChallenge"), ("last", "onExecutePostChallenge")]
    assert outcomes(done, 0) == [["ok", submitted]]


def test_render_limits(ex: Executor) -> None:
    """Over-long promptId, too many fields or vars, bad field keys and oversized options throw."""
    many = {f"f{i}": "" for i in range(25)}
    r = ex.run([scripted("a", [
        ["prompt.render", "p" * 49],
        ["prompt.render", ""],
        ["prompt.render", "p", {"fields": many}],
        ["prompt.render", "p", {"vars": many}],
        ["prompt.render", "p", {"fields": {"1st": ""}}],
        ["prompt.render", "p", {"fields": {"a-b": ""}}],
        ["prompt.render", "p", {"fields": {"k" * 51: ""}}],
        ["prompt.render", "p", {"vars": {"big": {"$repeat": ["x", 25 * 1024]}}}],
    ])], load_event(), tenant=TENANT)
    assert (r.status, r.prompt) == ("completed", None)
    got = outcomes(r)
    assert [o[0] for o in got] == ["threw"] * 8
    assert got[0][1] == got[1][1] == "promptId must be a string of 1 to 48 characters"
    assert got[2][1] == "fields must be an object of at most 24 keys"
    assert got[3][1] == "vars must be an object of at most 24 keys"
    assert got[4][1].startswith("invalid field key")
    assert got[7][1] == "prompt options are over 24 KiB"


def test_render_at_its_limits(ex: Executor) -> None:
    """A 48-character promptId with 24 fields of 50-character keys and 24 vars renders."""
    fields = {f"{i:02d}".join(["k", "_" * 47]): "" for i in range(24)}
    assert all(len(k) == 50 for k in fields)
    variables = {f"v{i}": i for i in range(24)}
    r = ex.run([scripted("a", [["prompt.render", "p" * 48, {"fields": fields,
                                                              "vars": variables}]])],
               load_event(), tenant=TENANT)
    assert r.status == "prompt"
    assert r.prompt == {"id": "p" * 48, "fields": fields, "vars": variables}


def test_render_twice_is_refused(ex: Executor) -> None:
    """A second render in one action throws Auth0's message; the first prompt stands."""
    r = ex.run([scripted("a", [["prompt.render", "one"], ["prompt.render", "two"]])],
               load_event(), tenant=TENANT)
    assert outcomes(r) == [["api"], ["threw", RENDER_TWICE]]
    assert r.status == "prompt"
    assert r.prompt is not None and r.prompt["id"] == "one"


@pytest.mark.parametrize("render_first", [True, False])
def test_render_and_redirect_in_one_action_is_refused(ex: Executor, render_first: bool) -> None:
    """Render and redirect in one action: the second call throws Auth0's message."""
    ops: list[list[Any]] = [["prompt.render", "p"], ["redirect.sendUserTo", VERIFY_URL]]
    r = ex.run([scripted("a", ops if render_first else ops[::-1])], load_event(), tenant=TENANT)
    assert outcomes(r) == [["api"], ["threw", RENDER_AND_REDIRECT]]
    assert r.status == ("prompt" if render_first else "redirect")


# ---- transaction.setResultUrl


def test_set_result_url_applies_the_query(ex: Executor) -> None:
    """The query entries of setResultUrl are set on the URL."""
    r = ex.run([scripted("a", [["transaction.setResultUrl", "https://app.example.com/done?a=1",
                                {"query": {"b": "2", "a": "3"}}]])], load_event(), tenant=TENANT)
    assert r.status == "completed"
    assert r.result_url is not None
    assert r.result_url.startswith("https://app.example.com/done?")
    assert query_of(r.result_url) == {"a": "3", "b": "2"}


def test_set_result_url_last_call_wins_across_actions_and_suspensions(ex: Executor) -> None:
    """The last setResultUrl of the flow wins, across actions and across a redirect."""
    flow = [scripted("a", [["transaction.setResultUrl", "https://app.example.com/a1"],
                           ["transaction.setResultUrl", "https://app.example.com/a2"]]),
            scripted("b", [["transaction.setResultUrl", "https://app.example.com/b"]]),
            scripted("c", [["redirect.sendUserTo", VERIFY_URL]], [["log", "back"]]),
            scripted("d", [["log", "no url"]])]
    r = ex.run(flow, load_event(), tenant=TENANT)
    assert (r.status, r.result_url) == ("redirect", "https://app.example.com/b")
    assert r.state is not None
    done = ex.resume(r.state, {}, tenant=TENANT)
    assert (done.status, done.result_url) == ("completed", "https://app.example.com/b")


def test_set_result_url_after_a_continue_replaces_the_earlier_one(ex: Executor) -> None:
    """A setResultUrl made after a continue replaces the one made before the suspension."""
    flow = [scripted("a", [["transaction.setResultUrl", "https://app.example.com/before"],
                           ["redirect.sendUserTo", VERIFY_URL]],
                     [["transaction.setResultUrl", "https://app.example.com/after"]])]
    r = ex.run(flow, load_event(), tenant=TENANT)
    assert r.state is not None
    done = ex.resume(r.state, {}, tenant=TENANT)
    assert done.result_url == "https://app.example.com/after"


def test_state_ids_are_distinct(ex: Executor) -> None:
    """Every suspension gets a fresh state."""
    states = {redirected(ex).state for _ in range(5)}
    assert len(states) == 5


def hs256_by_hand(claims: dict[str, Any], secret: str) -> str:
    """Return an HS256 token made without PyJWT (which warns about short keys)."""
    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    signing_input = (f"{part(json.dumps({'alg': 'HS256', 'typ': 'JWT'}).encode())}."
                     f"{part(json.dumps(claims).encode())}")
    signature = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{part(signature)}"


def test_short_tenant_secrets_work(ex: Executor, clock: Clock) -> None:
    """Auth0 takes secrets of any length: a short one signs and validates, without warnings."""
    r = ex.run([scripted("a", [["redirect.encodeToken", {"secret": "short"}],
                               ["redirect.sendUserTo", VERIFY_URL]],
                         [["redirect.validateToken", {"secret": "short"}]])],
               load_event(), tenant=TENANT)
    assert r.status == "redirect", r.error
    (status, token), _ = outcomes(r)
    assert status == "ok"
    assert token.count(".") == 2
    assert r.state is not None
    claims = token_claims(r.state, clock())
    done = ex.resume(r.state, {"query": {"session_token": hs256_by_hand(claims, "short")}},
                     tenant=TENANT)
    assert outcomes(done) == [["ok", claims]]
