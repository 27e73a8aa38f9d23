"""Hostile fetches: server-side request forgery and tampering with what fetch is built on.

SSRF: every way of naming a loopback, private, link-local or metadata address (spellings
the URL parser turns into one, IPv6 forms carrying an IPv4 address, names resolving to one,
redirects towards one) is refused by the default policy, and none reaches the test server,
which counts its hits. A guard on socket.connect fails the test should anything try to
connect to an address outside the loopback range (no packet may leave this machine).

Tampering: an action that first replaces fetch's globals or the prototypes it uses can break
its own fetch, never the host's checks, its report, or the next execution.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
from http_fixture import Server, serving

from sandbox import EgressPolicy, Outcome, Sandbox


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    """The HTTP server every refused request must not reach."""
    with serving() as srv:
        yield srv


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Refuses (and records) any connection attempt outside 127.0.0.0/8 and ::1."""
    attempts: list[Any] = []
    original = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> None:
        host = str(address[0])
        if not (host.startswith("127.") or host == "::1"):
            attempts.append(address)
            raise ConnectionRefusedError(111, "refused by the test's loopback guard")
        original(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    yield attempts
    assert attempts == [], f"connections were attempted outside loopback: {attempts}"


def run(sb: Sandbox, body: str, server: Server, egress: EgressPolicy | None = None) -> Outcome:
    """Runs `body` as the handler, with `base` the server's URL and `port` its port."""
    source = ("exports.onExecutePostChallenge = async (event, api) => {\n"
              f"const base = event.base, port = event.port;\n{body}\n}};\n")
    return sb.execute(sb.load_action(source), {"base": server.url(""), "port": server.port},
                      egress=egress if egress is not None else EgressPolicy())


FETCH_ONE = """
  try { const r = await fetch(event.target); return ['reached', r.status]; }
  catch (e) { return [e.name, e.message, e.cause && e.cause.code, e.cause && e.cause.message]; }
"""

SSRF_TARGETS = [
    "http://127.0.0.1:{port}/json",
    "http://127.0.0.2:{port}/json",
    "http://localhost:{port}/json",
    "http://LOCALHOST.:{port}/json",
    "http://[::1]:{port}/json",
    "http://0.0.0.0:{port}/json",
    "http://0:{port}/json",
    "http://2130706433:{port}/json",
    "http://0x7f000001:{port}/json",
    "http://0x7f.1:{port}/json",
    "http://0177.0.0.1:{port}/json",
    "http://127.1:{port}/json",
    "http://127.0.1:{port}/json",
    "http://[::ffff:127.0.0.1]:{port}/json",
    "http://[::ffff:7f00:1]:{port}/json",
    "http://[::127.0.0.1]:{port}/json",
    "http://[2002:7f00:1::]:{port}/json",
    "http://[64:ff9b::7f00:1]:{port}/json",
    "http://[0:0:0:0:0:0:0:1]:{port}/json",
    "http://10.0.0.1/",
    "http://10.255.255.254:8080/",
    "http://172.16.0.1/",
    "http://172.31.255.1/",
    "http://192.168.0.1/",
    "http://192.168.1.1:{port}/",
    "http://169.254.169.254/latest/meta-data/",
    "http://169.254.1.1/",
    "http://[fd00:ec2::254]/latest/meta-data/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://100.64.0.1/",
    "http://224.0.0.1/",
    "http://255.255.255.255/",
    "http://198.18.0.1/",
    "http://240.0.0.1/",
    "http://[::]:{port}/",
    "http://[ff02::1]/",
    "https://127.0.0.1:{port}/",
    "http://user@127.0.0.1:{port}/",
]


@pytest.mark.parametrize("target", SSRF_TARGETS)
def test_ssrf_target_is_refused(sb_bytecode: Sandbox, server: Server, target: str) -> None:
    """The default policy refuses the address however it is spelled; nothing reaches it."""
    url = target.format(port=server.port)
    before = server.hit_count()
    out = sb_bytecode.execute(
        sb_bytecode.load_action("exports.onExecutePostChallenge = async (event) => {"
                                f"{FETCH_ONE}}};"),
        {"target": url}, egress=EgressPolicy())
    assert server.hit_count() == before, f"{url} reached the server"
    name, message, code, cause = out.result
    assert (name, message) == ("TypeError", "fetch failed") or (
        name == "TypeError" and "credentials" in message), out.result
    if message == "fetch failed":
        assert code == "ERR_ACTION_EGRESS_REFUSED", out.result
        assert "refused" in cause
        assert [r.error for r in out.report.requests] == ["refused"]


@pytest.mark.parametrize("location", [
    "http://localhost:{port}/json",
    "http://127.0.0.1:{other}/json",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::ffff:127.0.0.1]:{port}/json",
    "http://0x7f.1:{other}/json",
])
def test_a_redirect_to_a_refused_host_is_refused(sb_bytecode: Sandbox, server: Server,
                                                 location: str) -> None:
    """An allowed host that redirects elsewhere does not carry the request there."""
    with serving() as other:
        target = location.format(port=server.port, other=other.port)
        body = f"""
          try {{ await fetch(`${{base}}/to?url={target}`); return 'reached'; }}
          catch (e) {{ return [e.message, e.cause.code]; }}
        """
        policy = EgressPolicy.from_config({"allow": [f"127.0.0.1:{server.port}"]})
        before = server.hit_count()
        out = run(sb_bytecode, body, server, policy)
        assert other.hit_count() == 0
    assert out.result == ["fetch failed", "ERR_ACTION_EGRESS_REFUSED"]
    assert server.hit_count() == before + 1, "only the allowed first hop reaches the server"
    [record] = out.report.requests
    assert (record.status, record.error) == (None, "refused")


@pytest.mark.parametrize(("answers", "why"), [
    (["127.0.0.1"], "a public-looking name that resolves to loopback"),
    (["8.8.8.8", "10.1.2.3"], "one private address among public ones"),
    (["2606:4700::1", "::ffff:169.254.169.254"], "a mapped metadata address"),
    (["fd00:ec2::254"], "the IPv6 metadata address"),
])
def test_a_name_resolving_to_a_refused_address_is_refused(
        sb_bytecode: Sandbox, server: Server, monkeypatch: pytest.MonkeyPatch,
        answers: list[str], why: str) -> None:
    """What a name resolves to is checked, every address of it, before any connection."""
    real = socket.getaddrinfo

    def fake(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "rebind.example":
            return real(host, port, *args, **kwargs)
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                 (a, port)) for a in answers]

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    out = sb_bytecode.execute(
        sb_bytecode.load_action("exports.onExecutePostChallenge = async (event) => {"
                                f"{FETCH_ONE}}};"),
        {"target": f"http://rebind.example:{server.port}/json"}, egress=EgressPolicy())
    assert out.result[:3] == ["TypeError", "fetch failed", "ERR_ACTION_EGRESS_REFUSED"], why
    assert [r.error for r in out.report.requests] == ["refused"]


def test_a_name_is_resolved_once_and_connected_to_as_checked(
        sb_bytecode: Sandbox, server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    """DNS rebinding: the address checked is the address connected to; a later answer
    pointing elsewhere is never used for that connection.
    """
    real = socket.getaddrinfo
    lookups: list[str] = []

    def rebinding(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "rebind.example":
            return real(host, port, *args, **kwargs)
        lookups.append(host)
        address = "127.0.0.1" if len(lookups) == 1 else "10.9.9.9"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    policy = EgressPolicy.from_config({"allow": [f"rebind.example:{server.port}"]})
    out = run(sb_bytecode, """
      const a = await (await fetch(`http://rebind.example:${port}/json`)).json();
      const b = await (await fetch(`http://rebind.example:${port}/json`)).json();
      return [a, b];
    """, server, policy)
    assert out.result == [{"hello": "world"}] * 2
    assert lookups == ["rebind.example"]


def test_an_allow_rule_names_the_host_as_the_url_does(sb_bytecode: Sandbox,
                                                      server: Server) -> None:
    """`allow localhost:PORT` reaches the server by that name, not by its address."""
    policy = EgressPolicy.from_config({"allow": [f"localhost:{server.port}"]})
    out = run(sb_bytecode, """
      const byName = (await fetch(`http://localhost:${port}/json`)).status;
      let byAddress;
      try { await fetch(`http://127.0.0.1:${port}/json`); } catch (e) { byAddress = e.cause.code; }
      return [byName, byAddress];
    """, server, policy)
    assert out.result == [200, "ERR_ACTION_EGRESS_REFUSED"]


# ---- tampering ------------------------------------------------------------------------

ALLOWED_AFTER = """
  const r = await fetch(`${base}/json`);
  const refused = await fetch('http://169.254.169.254/').then(() => 'reached', (e) => e.cause.code);
  return [r.status, await r.text(), refused];
"""

TAMPERINGS = {
    "promise": "globalThis.Promise = function () { throw new Error('no promises'); };",
    "promise_then": "Promise.prototype.then = function () { return this; };",
    "url": "globalThis.URL = class { constructor() { this.href = 'http://10.0.0.1/'; } };",
    "headers": "globalThis.Headers = class { constructor() { throw new Error('no'); } };",
    "array_proto": ("Array.prototype.push = function () { return 0; };"
                    "Array.prototype[Symbol.iterator] = "
                    "function* () { yield 'http://10.0.0.1/'; };"),
    "string_proto": ("String.prototype.replace = function () { return 'http://169.254.169.254/'; };"
                     "String.prototype.toLowerCase = function () { return 'x'; };"),
    "object_proto": ("Object.defineProperty(Object.prototype, 'status', { get() { return 999; } });"
                     "Object.prototype.kind = 'ok';"),
    "json": "JSON.parse = () => ({ hijacked: true }); JSON.stringify = () => '{}';",
    "uint8array": "globalThis.Uint8Array = function () { return [1, 2, 3]; };",
    "reflect": "Reflect.apply = () => 'http://10.0.0.1/'; Function.prototype.apply = () => 1;",
}


@pytest.mark.parametrize("tampering", sorted(TAMPERINGS))
def test_tampering_cannot_break_the_host(sb_bytecode: Sandbox, server: Server,
                                         tampering: str) -> None:
    """After the action breaks fetch's building blocks, whatever it manages to send is still
    checked by the host, the report still lists it, and the next execution is unaffected.
    """
    policy = EgressPolicy.from_config({"allow": [f"127.0.0.1:{server.port}"]})
    before = server.hit_count()
    try:
        out = run(sb_bytecode, f"""
          {TAMPERINGS[tampering]}
          try {{ return await fetch(`${{base}}/json`).then(() => 'sent'); }}
          catch (e) {{ return 'failed'; }}
        """, server, policy)
        records = out.report.requests
    except Exception as exc:  # the action may break itself; it must fail typed
        from sandbox import ExecutorError
        assert isinstance(exc, ExecutorError), exc
        records = exc.details.report.requests
    for record in records:
        assert record.host == f"127.0.0.1:{server.port}" or record.error == "refused", record
    assert server.hit_count() <= before + len(records)
    after = run(sb_bytecode, ALLOWED_AFTER, server, policy)
    assert after.result == [200, '{"hello": "world"}', "ERR_ACTION_EGRESS_REFUSED"]
    assert [(r.status, r.error) for r in after.report.requests] == [(200, None), (None, "refused")]


def test_the_platform_is_out_of_reach(sb_bytecode: Sandbox, server: Server) -> None:
    """An action cannot require the platform module that starts host operations."""
    out = run(sb_bytecode, """
      try { require('internal/platform'); return 'reachable'; }
      catch (e) { return e.code; }
    """, server)
    assert out.result == "MODULE_NOT_FOUND"


def test_hijacked_arguments_are_checked_by_the_host(sb_bytecode: Sandbox,
                                                    server: Server) -> None:
    """An action that rewrites the arguments fetch hands the platform (through the array
    iterator of the spread that passes them on) reaches only what the host's checks allow.
    """
    policy = EgressPolicy.from_config({"allow": [f"127.0.0.1:{server.port}"]})
    before = server.hit_count()
    out = run(sb_bytecode, """
      const original = Array.prototype[Symbol.iterator];
      const results = [];
      for (const forged of [
        ['GET', 'http://10.0.0.1/', [], null, 'follow'],
        ['GET', 'file:///etc/passwd', [], null, 'follow'],
        ['CONNECT', `${base}/json`, [], null, 'follow'],
        ['GET', `${base}/json`, ['X', 'a\\r\\nb'], null, 'follow'],
        ['GET', `${base}/json`, ['X-A\\n', 'b'], null, 'follow'],
        ['GET', `${base}/json`, [], null, 'sideways'],
        [1, {}, 'x'],
      ]) {
        // Only the spread of fetch's own five platform arguments is rewritten.
        Array.prototype[Symbol.iterator] = function* () {
          const ours = this.length === 5 && this[4] === 'follow' && this[0] === 'GET';
          yield* original.call(ours ? forged : this);
        };
        try {
          const r = await fetch(`${base}/json`);
          results.push(r.status);
        } catch (e) {
          results.push(e.cause ? e.cause.message : e.message);
        } finally {
          Array.prototype[Symbol.iterator] = original;
        }
      }
      return results;
    """, server, policy)
    assert server.hit_count() == before
    assert out.result == [
        "egress to 10.0.0.1:80 is refused by the policy (not a public address)",
        "url must be an absolute http: or https: URL", "'CONNECT' HTTP method is unsupported.",
        "headers must be valid header names and values",
        "headers must be valid header names and values",
        "redirect must be follow, manual or error", "method must be a str"], out.result
    assert [r.error for r in out.report.requests] == ["refused"]
