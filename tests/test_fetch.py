"""fetch in actions: performed by the host against real servers on 127.0.0.1, under the
egress policy (which allows the test server's address and port explicitly) and the net_
limits; every request in the report.
"""

from __future__ import annotations

import email.parser
import json
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from http_fixture import Server, serving

from sandbox import EgressPolicy, LimitExceeded, Limits, Outcome, Sandbox, Timeout
from sandbox.platform.egress import NO_NET


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    """The module's HTTP server."""
    with serving() as srv:
        yield srv


def allow(server: Server, **extra: Any) -> EgressPolicy:
    """A policy that lets requests reach the test server (and only its port)."""
    return EgressPolicy.from_config({"allow": [f"127.0.0.1:{server.port}"], **extra})


def run(sb: Sandbox, body: str, server: Server, *, egress: EgressPolicy | None = None,
        limits: Limits | None = None) -> Outcome:
    """Runs `body` as the handler (it sees `base`, the server's URL) and returns the outcome."""
    source = ("exports.onExecutePostChallenge = async (event, api) => {\n"
              f"const base = event.base;\n{body}\n}};\n")
    return sb.execute(sb.load_action(source), {"base": server.url("")},
                      egress=egress if egress is not None else allow(server), limits=limits)


def test_get_json(sb_bytecode: Sandbox, server: Server) -> None:
    """A GET returns the server's JSON, and the report lists the request without its path."""
    out = run(sb_bytecode, """
      const r = await fetch(`${base}/json?secret=1`);
      return { status: r.status, ok: r.ok, text: r.statusText, type: r.type, url: r.url,
               redirected: r.redirected, ct: r.headers.get('content-type'), body: await r.json() };
    """, server)
    assert out.result == {"status": 200, "ok": True, "text": "OK", "type": "basic",
                          "url": server.url("/json?secret=1"), "redirected": False,
                          "ct": "application/json", "body": {"hello": "world"}}
    [record] = out.report.requests
    assert (record.method, record.host, record.status, record.bytes, record.error) == (
        "GET", f"127.0.0.1:{server.port}", 200, 18, None)
    assert "secret" not in repr(record) and "/json" not in repr(record)


def test_post_json_with_headers_both_ways(sb_bytecode: Sandbox, server: Server) -> None:
    """A POST sends its JSON body and headers (and Node's defaults); the echo comes back."""
    out = run(sb_bytecode, """
      const r = await fetch(`${base}/echo`, { method: 'POST', body: JSON.stringify({ a: 1 }),
        headers: { 'Content-Type': 'application/json', 'X-Trace': 't1',
                   Authorization: 'Bearer k' } });
      return await r.json();
    """, server)
    echo = out.result
    headers = dict(echo["headers"])
    assert echo["method"] == "POST" and json.loads(echo["body"]) == {"a": 1}
    assert headers["content-type"] == "application/json"
    assert headers["x-trace"] == "t1" and headers["authorization"] == "Bearer k"
    assert headers["content-length"] == "7"
    assert headers["host"] == f"127.0.0.1:{server.port}"
    assert headers["user-agent"] == "node" and headers["accept"] == "*/*"
    assert headers["accept-encoding"] == "gzip, deflate"


def test_form_and_multipart_bodies(sb_bytecode: Sandbox, server: Server) -> None:
    """URLSearchParams go urlencoded; FormData goes as multipart a server can parse."""
    out = run(sb_bytecode, """
      const form = await (await fetch(`${base}/echo`, { method: 'POST',
        body: new URLSearchParams({ user: 'ada', q: 'a b&c' }) })).json();
      const fd = new FormData();
      fd.append('field', 'välue');
      fd.append('upload', new Blob(['file,body'], { type: 'text/csv' }), 'x.csv');
      const multi = await (await fetch(`${base}/echo`, { method: 'PUT', body: fd })).json();
      return { form, multi };
    """, server)
    form, multi = out.result["form"], out.result["multi"]
    assert dict(form["headers"])["content-type"] == (
        "application/x-www-form-urlencoded;charset=UTF-8")
    assert form["body"] == "user=ada&q=a+b%26c"
    content_type = dict(multi["headers"])["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=----formdata-undici-0")
    message = email.parser.BytesParser().parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + multi["body"].encode("latin-1"))
    parts = {p.get_param("name", header="content-disposition"): p for p in message.get_payload()}
    assert parts["field"].get_payload(decode=True).decode() == "välue"
    assert parts["upload"].get_filename() == "x.csv"
    assert parts["upload"].get_content_type() == "text/csv"
    assert parts["upload"].get_payload(decode=True) == b"file,body"


def test_large_bodies_and_the_body_stream(sb_bytecode: Sandbox, server: Server) -> None:
    """A 3 MiB body arrives whole, readable as a stream too; a Request object can be fetched."""
    out = run(sb_bytecode, """
      const big = await (await fetch(`${base}/big?n=3145728`)).arrayBuffer();
      const reader = (await fetch(new Request(`${base}/big?n=100000`))).body.getReader();
      let streamed = 0;
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        streamed += chunk.value.byteLength;
      }
      const echo = await (await fetch(new Request(`${base}/echo`, { method: 'POST',
        body: new Uint8Array([0, 255, 10]) }))).json();
      return [big.byteLength, streamed, [...echo.body].map((c) => c.charCodeAt(0))];
    """, server)
    assert out.result == [3145728, 100000, [0, 255, 10]]
    assert out.report.requests[0].bytes == 3145728


@pytest.mark.parametrize(("hex_bytes", "repeat"), [
    ("efbbbf7b2261223a317d", 1),  # a BOM, then JSON
    ("41c3a9e282acf09f9880", 1),  # one to four bytes a character
    ("41ff42c0afe080f0908041edbfbf", 1),  # invalid sequences among valid ones
    ("c3a9", 140_000),  # past the size the host decodes: the guest decodes it
    ("c3a9e0", 90_000),  # the same, with invalid sequences
])
def test_text_decodes_as_the_standard_says(sb_bytecode: Sandbox, server: Server,
                                          hex_bytes: str, repeat: int) -> None:
    """text() drops one leading BOM and replaces what is not UTF-8 with U+FFFD, whether the
    host decoded the body or the guest did; a clone's bytes are the bytes sent.
    """
    out = run(sb_bytecode, f"""
      const r = await fetch(`${{base}}/bytes?hex={hex_bytes}&repeat={repeat}`);
      const copy = r.clone();
      const text = await r.text();
      const bytes = new Uint8Array(await copy.arrayBuffer());
      return [text, bytes.length, Array.from(bytes.subarray(0, 8))];
    """, server)
    sent = bytes.fromhex(hex_bytes) * repeat
    expected = sent.decode("utf-8", errors="replace").removeprefix("\ufeff")
    assert out.result == [expected, len(sent), list(sent[:8])]


def test_json_of_a_body_with_a_bom(sb_bytecode: Sandbox, server: Server) -> None:
    """json() decodes as text() does (the BOM dropped), and a body read once is used up."""
    out = run(sb_bytecode, """
      const r = await fetch(`${base}/bytes?hex=efbbbf7b2261223a317d`);
      const value = await r.json();
      const again = await r.text().catch((e) => e.message);
      return [value, r.bodyUsed, again];
    """, server)
    assert out.result == [{"a": 1}, True, "Body is unusable: Body has already been read"]


def test_response_headers_and_cookies(sb_bytecode: Sandbox, server: Server) -> None:
    """Response headers are lower-cased and sorted; each Set-Cookie stays apart."""
    out = run(sb_bytecode, """
      const r = await fetch(`${base}/cookies`);
      return { cookies: r.headers.getSetCookie(), joined: r.headers.get('set-cookie'),
               custom: r.headers.get('x-custom'), names: [...r.headers.keys()] };
    """, server)
    assert out.result["cookies"] == ["a=1; Path=/", "b=2"]
    assert out.result["joined"] == "a=1; Path=/, b=2"
    assert out.result["custom"] == "yes"
    assert out.result["names"] == sorted(out.result["names"])


def test_a_fetched_responses_headers_reach_every_reader(sb_bytecode: Sandbox,
                                                        server: Server) -> None:
    """The headers of a fetched response (made into a list only when first needed) are the
    same through `headers`, a clone's `headers`, and the type of its blob.
    """
    out = run(sb_bytecode, """
      const r = await fetch(`${base}/json`);
      const copy = r.clone();
      const blob = await copy.blob();
      return [r.headers.get('content-type'), copy.headers.get('content-length'), blob.type,
              blob.size, await r.json(), r.headers === r.headers];
    """, server)
    assert out.result == ["application/json", "18", "application/json", 18,
                          {"hello": "world"}, True]


@pytest.mark.parametrize(("code", "reason", "text"), [
    (201, "Created", "status 201"), (404, "Not Found", "status 404"),
    (500, "Internal Server Error", "status 500"), (204, "No Content", ""),
])
def test_status_codes(sb_bytecode: Sandbox, server: Server, code: int, reason: str,
                      text: str) -> None:
    """Status, reason phrase, ok and body come as the server sent them."""
    out = run(sb_bytecode, f"""
      const r = await fetch(`${{base}}/status/{code}`);
      return [r.status, r.statusText, r.ok, await r.text(), r.body === null];
    """, server)
    assert out.result == [code, reason, 200 <= code < 300, text, code == 204]
    assert out.report.requests[0].status == code


def test_redirects_followed(sb_bytecode: Sandbox, server: Server) -> None:
    """Redirects are followed to the end: redirected, the final URL, one report entry."""
    out = run(sb_bytecode, """
      const r = await fetch(`${base}/redirect/3`);
      return [r.status, r.redirected, r.url, await r.json()];
    """, server)
    assert out.result == [200, True, server.url("/json"), {"hello": "world"}]
    assert [(r.status, r.error) for r in out.report.requests] == [(200, None)]


def test_redirect_manual_and_error(sb_bytecode: Sandbox, server: Server) -> None:
    """`manual` returns the redirect itself (as Node does); `error` rejects as undici does."""
    out = run(sb_bytecode, """
      const manual = await fetch(`${base}/redirect/1`, { redirect: 'manual' });
      let error;
      try { await fetch(`${base}/redirect/1`, { redirect: 'error' }); }
      catch (e) { error = [e.name, e.message, e.cause.message]; }
      return [manual.status, manual.headers.get('location'), manual.redirected, error];
    """, server)
    assert out.result == [302, "/redirect/0", False,
                          ["TypeError", "fetch failed", "unexpected redirect"]]


def test_too_many_redirects(sb_bytecode: Sandbox, server: Server) -> None:
    """Past net_redirects the request fails: `redirect count exceeded`."""
    out = run(sb_bytecode, """
      try { await fetch(`${base}/redirect/5`); }
      catch (e) { return [e.message, e.cause.message]; }
    """, server, limits=Limits(net_redirects=3))
    assert out.result == ["fetch failed", "redirect count exceeded"]
    assert out.report.requests[0].error == "network"
    assert server.hits[-4:] == [("GET", f"/redirect/{n}") for n in (5, 4, 3, 2)]


def test_a_303_turns_a_post_into_a_get(sb_bytecode: Sandbox, server: Server) -> None:
    """A 303 after a POST is followed with a GET and no body, as the fetch standard says."""
    out = run(sb_bytecode, """
      const r = await fetch(`${base}/to?code=303&url=/echo`, { method: 'POST', body: 'x',
        headers: { 'content-type': 'text/plain' } });
      const echo = await r.json();
      return [echo.method, echo.body, echo.headers.some(([k]) => k === 'content-type')];
    """, server)
    assert out.result == ["GET", "", False]


def test_abort_signal_timeout(sb_bytecode: Sandbox, server: Server) -> None:
    """AbortSignal.timeout rejects with the signal's reason at its time; the host stops."""
    started = time.monotonic()
    out = run(sb_bytecode, """
      try { await fetch(`${base}/slow?ms=3000`, { signal: AbortSignal.timeout(200) }); }
      catch (e) { return [e.name, e.message]; }
    """, server)
    assert out.result == ["TimeoutError", "The operation was aborted due to timeout"]
    assert time.monotonic() - started < 2.5
    assert out.report.requests[0].error == "aborted"


def test_abort_controller(sb_bytecode: Sandbox, server: Server) -> None:
    """AbortController.abort(reason) rejects the fetch with that reason."""
    out = run(sb_bytecode, """
      const controller = new AbortController();
      const pending = fetch(`${base}/slow?ms=3000`, { signal: controller.signal });
      setTimeout(() => controller.abort(new Error('changed my mind')), 50);
      try { await pending; } catch (e) { return e.message; }
    """, server)
    assert out.result == "changed my mind"


def test_a_slow_name_resolution_is_bounded(sb_bytecode: Sandbox, server: Server,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A resolver that hangs holds the request no longer than its timeout or its abort."""
    real = socket.getaddrinfo

    def hanging(host: str, *args: Any, **kwargs: Any) -> Any:
        if host == "slow-dns.example":
            time.sleep(3)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", hanging)
    started = time.monotonic()
    out = run(sb_bytecode, """
      const aborted = await fetch('http://slow-dns.example/', { signal: AbortSignal.timeout(200) })
        .catch((e) => e.name);
      const timedOut = await fetch('http://slow-dns.example/').catch((e) => e.cause.code);
      return [aborted, timedOut];
    """, server, limits=Limits(net_timeout_ms=400))
    assert out.result == ["TimeoutError", "UND_ERR_CONNECT_TIMEOUT"]
    assert time.monotonic() - started < 2.5
    assert [r.error for r in out.report.requests] == ["aborted", "timeout"]


def test_request_timeout_limit(sb_bytecode: Sandbox, server: Server) -> None:
    """net_timeout_ms ends a request that waits too long for its headers, as undici words it."""
    out = run(sb_bytecode, """
      try { await fetch(`${base}/slow?ms=3000`); }
      catch (e) { return [e.message, e.cause.name, e.cause.code]; }
    """, server, limits=Limits(net_timeout_ms=300))
    assert out.result == ["fetch failed", "HeadersTimeoutError", "UND_ERR_HEADERS_TIMEOUT"]
    assert out.report.requests[0].error == "timeout"


def test_concurrent_requests_overlap(sb_bytecode: Sandbox, server: Server) -> None:
    """Five requests of 600 ms each under Promise.all take about one request's time."""
    started = time.monotonic()
    out = run(sb_bytecode, """
      const all = await Promise.all([1, 2, 3, 4, 5].map((i) =>
        fetch(`${base}/slow?ms=600&i=${i}`).then((r) => r.text())));
      return all;
    """, server)
    elapsed = time.monotonic() - started
    assert out.result == ["slow"] * 5
    assert elapsed < 2.0, f"five concurrent requests took {elapsed:.2f} s"
    assert len(out.report.requests) == 5


def test_one_execution_runs_a_bounded_number_of_requests_at_once(sb_bytecode: Sandbox,
                                                                 server: Server) -> None:
    """Twelve requests at once: eight run, the rest wait their turn (without holding a
    thread of the shared I/O pool), and all complete.
    """
    from sandbox.platform.fetch import PARALLEL

    started = time.monotonic()
    out = run(sb_bytecode, """
      const all = await Promise.all(Array.from({ length: 12 }, (_, i) =>
        fetch(`${base}/slow?ms=400&group=lane&i=${i}`).then((r) => r.status)));
      return all;
    """, server)
    assert out.result == [200] * 12
    assert server.most_active["lane"] == PARALLEL == 8
    assert time.monotonic() - started >= 0.8


def test_response_over_the_cap(sb_bytecode: Sandbox, server: Server) -> None:
    """A body larger than net_response_bytes is refused; reading stops past the cap."""
    out = run(sb_bytecode, """
      const ok = await (await fetch(`${base}/big?n=1000`)).text();
      try { await fetch(`${base}/big?n=5000000`); }
      catch (e) { return [ok.length, e.message, e.cause.name, e.cause.code]; }
    """, server, limits=Limits(net_response_bytes=1000))
    assert out.result == [1000, "fetch failed", "RangeError", "ERR_ACTION_RESPONSE_TOO_LARGE"]
    big = out.report.requests[1]
    assert big.error == "too_large" and big.status == 200
    assert big.bytes < 200_000, "the host went on reading far past the cap"


def test_gzip_is_decoded_and_a_bomb_is_capped(sb_bytecode: Sandbox, server: Server) -> None:
    """Compressed bodies are decoded on the host, and the cap applies to what they inflate to."""
    out = run(sb_bytecode, """
      const text = await (await fetch(`${base}/gzip`)).text();
      try { await fetch(`${base}/bomb`); return 'no error'; }
      catch (e) { return [text.length, e.cause.code]; }
    """, server, limits=Limits(net_response_bytes=1 << 20))
    assert out.result == [1100, "ERR_ACTION_RESPONSE_TOO_LARGE"]
    assert out.report.requests[1].error == "too_large"


def test_request_body_over_the_cap(sb_bytecode: Sandbox, server: Server) -> None:
    """A request body larger than net_request_bytes is not sent."""
    before = server.hit_count()
    out = run(sb_bytecode, """
      try { await fetch(`${base}/echo`, { method: 'POST', body: 'x'.repeat(5000) }); }
      catch (e) { return [e.message, e.cause.code]; }
    """, server, limits=Limits(net_request_bytes=1000))
    assert out.result == ["fetch failed", "ERR_ACTION_REQUEST_TOO_LARGE"]
    assert out.report.requests[0].error == "too_large"
    assert server.hit_count() == before


def test_a_dripping_server_cannot_hold_the_execution(sb_bytecode: Sandbox,
                                                     server: Server) -> None:
    """A server that drips its body ends as a timeout at the execution's wall clock."""
    started = time.monotonic()
    with pytest.raises(Timeout) as caught:
        run(sb_bytecode, "await (await fetch(`${base}/drip`)).text();", server,
            limits=Limits(timeout_ms=1500, net_timeout_ms=60_000))
    elapsed = time.monotonic() - started
    assert elapsed < 4.0, f"the execution ran {elapsed:.2f} s past a 1.5 s limit"
    [record] = caught.value.details.report.requests
    assert record.error == "timeout" and record.status is None


def test_a_refused_host_is_catchable_and_never_reached(sb_bytecode: Sandbox,
                                                       server: Server) -> None:
    """Without an allow rule, loopback is refused before any connection: the action can
    catch a `TypeError: fetch failed` whose cause says so.
    """
    before = server.hit_count()
    out = run(sb_bytecode, """
      try { await fetch(`${base}/json`); }
      catch (e) { return [e.name, e.message, e.cause.message, e.cause.code]; }
    """, server, egress=EgressPolicy())
    assert out.result == ["TypeError", "fetch failed",
                          f"egress to 127.0.0.1:{server.port} is refused by the policy "
                          "(not a public address)", "ERR_ACTION_EGRESS_REFUSED"]
    assert server.hit_count() == before
    assert [(r.status, r.error) for r in out.report.requests] == [(None, "refused")]


def test_disabled_policy_and_deny_rules(sb_bytecode: Sandbox, server: Server) -> None:
    """A disabled policy refuses everything; a deny rule wins over an allow rule."""
    source = """
      try { await fetch(`${base}/json`); } catch (e) { return e.cause.message; }
    """
    before = server.hit_count()
    off = run(sb_bytecode, source, server, egress=NO_NET)
    denied = run(sb_bytecode, source, server,
                 egress=allow(server, deny=[f"127.0.0.1:{server.port}"]))
    assert off.result == "network access is disabled for this action"
    assert denied.result == f"egress to 127.0.0.1:{server.port} is denied by the policy"
    assert server.hit_count() == before


def test_connection_refused_as_node_words_it(sb_bytecode: Sandbox, server: Server) -> None:
    """A closed port rejects with Node's `connect ECONNREFUSED` cause and its fields."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    out = run(sb_bytecode, f"""
      try {{ await fetch('http://127.0.0.1:{port}/'); }}
      catch (e) {{ const c = e.cause;
        return [e.message, c.message, c.code, c.errno, c.syscall, c.address, c.port]; }}
    """, server, egress=EgressPolicy.from_config({"allow": [f"127.0.0.1:{port}"]}))
    assert out.result == ["fetch failed", f"connect ECONNREFUSED 127.0.0.1:{port}",
                          "ECONNREFUSED", -111, "connect", "127.0.0.1", port]
    assert out.report.requests[0].error == "network"


def test_a_connection_cut_mid_body(sb_bytecode: Sandbox, server: Server) -> None:
    """A server that closes before the body it promised fails the fetch as undici words it."""
    out = run(sb_bytecode, """
      try { await fetch(`${base}/cut`); return 'complete'; }
      catch (e) { return [e.message, e.cause.name, e.cause.message, e.cause.code]; }
    """, server)
    assert out.result == ["fetch failed", "SocketError", "other side closed", "UND_ERR_SOCKET"]
    assert (out.report.requests[0].status, out.report.requests[0].error) == (200, "network")


def test_requests_are_reported_in_start_order(sb_bytecode: Sandbox, server: Server) -> None:
    """The report lists every request in the order started, with its outcome."""
    out = run(sb_bytecode, """
      await fetch(`${base}/status/404`);
      await Promise.all([fetch(`${base}/slow?ms=300`), fetch(`${base}/json`, { method: 'HEAD' })]);
      try { await fetch('http://10.0.0.1/'); } catch {}
      return null;
    """, server)
    rows = [(r.method, r.host, r.status, r.error) for r in out.report.requests]
    host = f"127.0.0.1:{server.port}"
    assert rows == [("GET", host, 404, None), ("GET", host, 200, None),
                    ("HEAD", host, 200, None), ("GET", "10.0.0.1", None, "refused")]
    assert all(r.duration_ms >= 0 for r in out.report.requests)
    assert out.report.requests[1].duration_ms >= 250


def test_the_request_count_limit_fails_the_execution(sb_bytecode: Sandbox,
                                                     server: Server) -> None:
    """Past net_requests the execution fails as limit_exceeded, even if the action catches."""
    with pytest.raises(LimitExceeded, match="more than 3 requests") as caught:
        run(sb_bytecode, """
          for (let i = 0; i < 5; i++) {
            try { await fetch(`${base}/json`); } catch (e) {}
          }
        """, server, limits=Limits(net_requests=3))
    assert len(caught.value.details.report.requests) == 3


def test_the_execution_end_cancels_its_requests(sb_bytecode: Sandbox, server: Server) -> None:
    """A request the action leaves running is cancelled when the execution returns."""
    started = time.monotonic()
    out = run(sb_bytecode, """
      fetch(`${base}/slow?ms=3000`).catch(() => {});
      return 'done';
    """, server)
    assert out.result == "done"
    assert time.monotonic() - started < 2.0
    [record] = out.report.requests
    assert (record.status, record.error) == (None, "aborted")


def test_a_top_level_fetch_reaches_nothing_at_compile_time(sb: Sandbox,
                                                           server: Server) -> None:
    """Compiling runs the top level outside any execution: its fetch is refused there (and
    the action is not snapshotted), then made by each execution under its own policy.
    """
    source = (f"const first = fetch('{server.url('/json?top')}').then((r) => r.json());\n"
              "exports.onExecutePostChallenge = async () => first;\n")
    before = server.hit_count()
    program = sb.load_action(source)
    assert server.hit_count() == before
    assert program.kind == "bytecode"
    out = sb.execute(program, {}, egress=allow(server))
    assert out.result == {"hello": "world"}
    assert server.hit_count() == before + 1


def test_connections_are_not_shared_between_executions(sb_bytecode: Sandbox,
                                                       server: Server) -> None:
    """Within an execution a connection is reused; the next execution opens its own."""
    for run_id in ("one", "two"):
        run(sb_bytecode, f"""
          await (await fetch(`${{base}}/json?{run_id}`)).text();
          await (await fetch(`${{base}}/json?{run_id}`)).text();
        """, server)
    ports = {run_id: [port for path, port in server.peers if path == f"/json?{run_id}"]
             for run_id in ("one", "two")}
    assert len(ports["one"]) == len(ports["two"]) == 2
    assert ports["one"][0] == ports["one"][1] and ports["two"][0] == ports["two"][1]
    assert ports["one"][0] != ports["two"][0]


def test_tls_is_verified_against_the_host_name(sb_bytecode: Sandbox, server: Server,
                                               tmp_path: Path) -> None:
    """A self-signed certificate is refused as Node refuses it; no request gets through."""
    cert, key = _self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    requests: list[bytes] = []

    def serve() -> None:
        try:
            conn, _ = listener.accept()
            with context.wrap_socket(conn, server_side=True) as tls:
                requests.append(tls.recv(1024))
        except (OSError, ssl.SSLError):
            pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        out = run(sb_bytecode, f"""
          try {{ await fetch('https://127.0.0.1:{port}/'); }}
          catch (e) {{ return [e.message, e.cause.code, e.cause.message]; }}
        """, server, egress=EgressPolicy.from_config({"allow": [f"127.0.0.1:{port}"]}))
    finally:
        thread.join(5)
        listener.close()
    assert out.result == ["fetch failed", "DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate"]
    assert requests == []


def _self_signed(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key, as PEM files."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path
