"""Real packages of the npm registry in actions, as Auth0 tenants use them.

Each test installs and bundles its action with exact versions (once per machine: the shared
cache keeps them) and runs it in the sandbox. Tests that need the network (axios, the auth0
SDK, a SOAP call) talk only to the local server on 127.0.0.1, which the egress policy
allows; they and jose (Web Crypto) skip, saying so, until issue 10's fetch and crypto are
there, and run by themselves once they are.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any
from urllib.parse import parse_qsl

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.deps.conftest import EVENT, SOAP_RESPONSE, LocalServer, Run, needs_tools

pytestmark = needs_tools
IPADDR = "ipaddr.js@2.2.0"
JOSE = "jose@5.9.6"
XML = ["@xmldom/xmldom@0.9.5", "xpath@0.0.34"]


def _event(**request: Any) -> dict[str, Any]:
    return {**EVENT, "request": {**EVENT["request"], **request}}


@pytest.mark.parametrize(("ip", "denied"), [
    ("10.1.2.3", False), ("10.255.255.255", False), ("192.168.1.10", True),
    ("11.0.0.1", True), ("2001:db8::7", False), ("2001:db9::1", True),
    ("::ffff:10.9.8.7", False),
])
def test_ipaddr_cidr_checks(run_action: Run, ip: str, denied: bool) -> None:
    """ipaddr.js decides which addresses are inside the allowed networks (IPv4, IPv6 and
    IPv4-mapped IPv6), and the action denies the others.
    """
    source = """const ipaddr = require('ipaddr.js');
const NETWORKS = ['10.0.0.0/8', '2001:db8::/32'].map((c) => ipaddr.parseCIDR(c));
exports.onExecutePostChallenge = async (event, api) => {
  let addr = ipaddr.parse(event.request.ip);
  if (addr.kind() === 'ipv6' && addr.isIPv4MappedAddress()) addr = addr.toIPv4Address();
  const inside = NETWORKS.some(([net, bits]) =>
    net.kind() === addr.kind() && addr.match(net, bits));
  if (!inside) api.access.deny(`${addr.toString()} (${addr.range()}) is outside`);
  return addr.toNormalizedString();
};
"""
    out = run_action(source, [IPADDR], event=_event(ip=ip))
    assert [c.method for c in out.calls] == (["access.deny"] if denied else [])
    assert out.result.replace(":0:", "::").count(".") in (0, 3)


def test_uuid_v4_and_v5(run_action: Run) -> None:
    """The uuid package makes random v4 ids (host entropy) and the same v5 id as Python."""
    source = """const { v4, v5, validate, version } = require('uuid');
exports.onExecutePostChallenge = async () => {
  const a = v4(), b = v4();
  return { a, distinct: a !== b, valid: validate(a), version: version(a),
           v5: v5('example.com', v5.DNS) };
};
"""
    out = run_action(source, ["uuid@11.0.5"]).result
    assert uuid.UUID(out["a"]).version == 4 and out["valid"] and out["distinct"]
    assert out["version"] == 4
    assert out["v5"] == str(uuid.uuid5(uuid.NAMESPACE_DNS, "example.com"))


def test_lodash(run_action: Run) -> None:
    """The lodash collection, object and string helpers, and its template compiler."""
    source = """const _ = require('lodash');
exports.onExecutePostChallenge = async (event) => {
  const logins = [{ ip: '1.1.1.1', ok: true }, { ip: '2.2.2.2', ok: false },
                  { ip: '1.1.1.1', ok: false }];
  return {
    byIp: _.mapValues(_.groupBy(logins, 'ip'), (l) => l.length),
    failed: _.uniq(_.map(_.filter(logins, { ok: false }), 'ip')).sort(),
    merged: _.merge({ a: { b: 1 } }, { a: { c: 2 } }),
    path: _.get(event, 'user.email'),
    kebab: _.kebabCase('Password Reset Post Challenge'),
    text: _.template('Hello <%= user %>!')({ user: 'Ada' }),
    chunks: _.chunk([1, 2, 3, 4, 5], 2),
  };
};
"""
    assert run_action(source, ["lodash@4.17.21"]).result == {
        "byIp": {"1.1.1.1": 2, "2.2.2.2": 1}, "failed": ["1.1.1.1", "2.2.2.2"],
        "merged": {"a": {"b": 1, "c": 2}}, "path": "ada@example.com",
        "kebab": "password-reset-post-challenge", "text": "Hello Ada!",
        "chunks": [[1, 2], [3, 4], [5]]}


def test_date_fns(run_action: Run) -> None:
    """date-fns parses, shifts, compares and formats dates as Python computes them."""
    source = """const { addDays, differenceInCalendarDays, format, formatISO, isAfter, parseISO,
        subHours } = require('date-fns');
exports.onExecutePostChallenge = async () => {
  const last = parseISO('2024-02-27T23:30:00Z');
  const now = parseISO('2024-03-02T08:15:00Z');
  return {
    days: differenceInCalendarDays(now, last),
    expires: formatISO(addDays(last, 3)),
    stale: isAfter(now, addDays(last, 3)),
    shown: format(subHours(now, 2), 'yyyy-MM-dd HH:mm'),
  };
};
"""
    last = datetime.datetime(2024, 2, 27, 23, 30, tzinfo=datetime.UTC)
    now = datetime.datetime(2024, 3, 2, 8, 15, tzinfo=datetime.UTC)
    assert run_action(source, ["date-fns@3.6.0"]).result == {
        "days": (now.date() - last.date()).days,
        "expires": (last + datetime.timedelta(days=3)).isoformat().replace("+00:00", "Z"),
        "stale": now > last + datetime.timedelta(days=3),
        "shown": (now - datetime.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
    }


SOAP_PARSE = """const { DOMParser } = require('@xmldom/xmldom');
const xpath = require('xpath');
const select = xpath.useNamespaces({ soap: 'http://schemas.xmlsoap.org/soap/envelope/',
                                     m: 'urn:example:risk' });
function risk(xml) {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const node = select('/soap:Envelope/soap:Body/m:CheckUserResponse/m:Risk', doc, true);
  return { level: node.getAttribute('level'), score: Number(node.textContent),
           reasons: select('//m:Reason/text()', doc).map((t) => t.nodeValue) };
}
"""


def test_xmldom_and_xpath_parse_a_soap_response(run_action: Run) -> None:
    """@xmldom/xmldom parses a SOAP envelope and xpath reads it with namespaces."""
    source = SOAP_PARSE + "exports.onExecutePostChallenge = async (e) => risk(e.secrets.xml);\n"
    out = run_action(source, XML, event={**EVENT, "secrets": {"xml": SOAP_RESPONSE}})
    assert out.result == {"level": "high", "score": 0.93,
                          "reasons": ["new device", "unusual country"]}


@pytest.mark.usefixtures("need_fetch")
def test_xmldom_and_xpath_on_a_soap_call(run_action: Run, local_server: LocalServer) -> None:
    """The same, on the response of a SOAP call to a local server made with fetch."""
    source = SOAP_PARSE + f"""
exports.onExecutePostChallenge = async (event, api) => {{
  const res = await fetch('{local_server.base}/soap', {{ method: 'POST',
    headers: {{ 'content-type': 'text/xml', SOAPAction: 'CheckUser' }},
    body: `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>` +
          `<CheckUser>${{event.user.user_id}}</CheckUser></soap:Body></soap:Envelope>` }});
  const result = risk(await res.text());
  if (result.level === 'high') api.access.deny(result.reasons.join(', '));
  return result;
}};
"""
    out = run_action(source, XML, egress=local_server.egress)
    assert out.result["level"] == "high"
    assert [(c.method, c.args) for c in out.calls] == [
        ("access.deny", ("new device, unusual country",))]
    call = local_server.received[-1]
    assert (call.method, call.path, call.headers["soapaction"]) == ("POST", "/soap", "CheckUser")
    assert b"<CheckUser>auth0|123</CheckUser>" in call.body


@pytest.mark.usefixtures("need_fetch")
def test_axios_get_and_post(run_action: Run, local_server: LocalServer) -> None:
    """Axios (its fetch adapter) GETs with query parameters and POSTs JSON to a local server."""
    source = f"""const axios = require('axios');
exports.onExecutePostChallenge = async (event) => {{
  const client = axios.create({{ baseURL: '{local_server.base}', timeout: 5000,
                                headers: {{ 'x-tenant': 't1' }} }});
  const got = await client.get('/json', {{ params: {{ user: event.user.user_id }} }});
  const posted = await client.post('/json', {{ email: event.user.email, n: 1 }});
  return {{ got: got.data, gotStatus: got.status, posted: posted.data,
            type: posted.headers['content-type'] }};
}};
"""
    before = len(local_server.received)
    out = run_action(source, ["axios@1.7.9"], egress=local_server.egress).result
    assert out["got"] == {"method": "GET", "query": {"user": "auth0|123"}, "body": None}
    assert out["posted"]["body"] == {"email": "ada@example.com", "n": 1}
    assert (out["gotStatus"], out["type"]) == (200, "application/json")
    get, post = local_server.received[before:]
    assert (get.headers["x-tenant"], post.headers["x-tenant"]) == ("t1", "t1")
    assert post.headers["content-type"].startswith("application/json")


@pytest.mark.usefixtures("need_fetch")
def test_auth0_management_client_updates_a_user(run_action: Run,
                                                local_server: LocalServer) -> None:
    """The auth0 SDK gets a Management API token with client credentials, then PATCHes the
    user; the local server playing the API receives exactly those two requests.
    """
    source = f"""const {{ ManagementClient }} = require('auth0');
exports.onExecutePostChallenge = async (event) => {{
  const management = new ManagementClient({{
    domain: 'tenant.auth0.test', clientId: event.secrets.CLIENT_ID,
    clientSecret: event.secrets.CLIENT_SECRET,
    // The SDK only speaks https to the domain: this fetch sends it to the local server.
    fetch: (url, init) => fetch(String(url).replace('https://tenant.auth0.test',
                                                    '{local_server.base}'), init),
  }});
  const res = await management.users.update({{ id: event.user.user_id }},
    {{ app_metadata: {{ password_reset_at: '2024-03-02' }} }});
  return res.data;
}};
"""
    event = {**EVENT, "secrets": {"CLIENT_ID": "cid-1", "CLIENT_SECRET": "csecret-1"}}
    before = len(local_server.received)
    out = run_action(source, ["auth0@4.37.1"], event=event, egress=local_server.egress)
    token, patch = local_server.received[before:]
    assert (token.method, token.path) == ("POST", "/oauth/token")
    assert token.headers["content-type"] == "application/x-www-form-urlencoded"
    assert dict(parse_qsl(token.body.decode())) == {
        "grant_type": "client_credentials", "client_id": "cid-1", "client_secret": "csecret-1",
        "audience": "https://tenant.auth0.test/api/v2/"}
    assert (patch.method, patch.path) == ("PATCH", "/api/v2/users/auth0%7C123")
    assert patch.headers["authorization"] == "Bearer mgmt-token-123"
    assert patch.json() == {"app_metadata": {"password_reset_at": "2024-03-02"}}
    assert out.result == {"user_id": "auth0|123",
                          "app_metadata": {"password_reset_at": "2024-03-02"}}


@pytest.fixture(scope="module")
def rsa_pems() -> tuple[str, str]:
    """A fresh RSA key pair: (PKCS#8 private PEM, SPKI public PEM)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


JOSE_ACTION = """const jose = require('jose');
exports.onExecutePostChallenge = async (event) => {
  const s = event.secrets;
  const hs = new TextEncoder().encode(s.HS_SECRET);
  const rsPublic = await jose.importSPKI(s.RS_PUBLIC, 'RS256');
  const rsPrivate = await jose.importPKCS8(s.RS_PRIVATE, 'RS256');
  const claims = { sub: event.user.user_id, reset: true };
  return {
    hsVerified: (await jose.jwtVerify(s.HS_TOKEN, hs, { issuer: 'pyjwt' })).payload,
    rsVerified: (await jose.jwtVerify(s.RS_TOKEN, rsPublic, { issuer: 'pyjwt' })).payload,
    hsSigned: await new jose.SignJWT(claims).setProtectedHeader({ alg: 'HS256' })
      .setIssuer('action').setIssuedAt(1700000000).sign(hs),
    rsSigned: await new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer('action').setIssuedAt(1700000000).sign(rsPrivate),
    tampered: await jose.jwtVerify(s.HS_TOKEN.slice(0, -2) + 'xx', hs).then(
      () => 'accepted', (e) => e.code),
  };
};
"""


@pytest.mark.usefixtures("need_subtle")
def test_jose_hs256_and_rs256_against_pyjwt(run_action: Run, rsa_pems: tuple[str, str]) -> None:
    """The jose package verifies HS256 and RS256 tokens PyJWT signed, and signs tokens
    PyJWT verifies; a tampered signature is refused with jose's error code.
    """
    private, public = rsa_pems
    claims = {"sub": "auth0|123", "iss": "pyjwt", "scope": "reset"}
    secrets = {"HS_SECRET": "a-shared-secret-of-32-bytes-min!", "RS_PUBLIC": public,
               "RS_PRIVATE": private}
    secrets["HS_TOKEN"] = jwt.encode(claims, secrets["HS_SECRET"], algorithm="HS256")
    secrets["RS_TOKEN"] = jwt.encode(claims, private, algorithm="RS256")
    out = run_action(JOSE_ACTION, [JOSE], event={**EVENT, "secrets": secrets}).result
    assert out["hsVerified"] == claims and out["rsVerified"] == claims
    assert out["tampered"] == "ERR_JWS_SIGNATURE_VERIFICATION_FAILED"
    expected = {"sub": "auth0|123", "reset": True, "iss": "action", "iat": 1700000000}
    assert jwt.decode(out["hsSigned"], secrets["HS_SECRET"], algorithms=["HS256"]) == expected
    assert jwt.decode(out["rsSigned"], public, algorithms=["RS256"]) == expected
    assert jwt.get_unverified_header(out["rsSigned"]) == {"alg": "RS256", "kid": "k1"}
