// == headers: names lower-cased, values combined, iteration sorted
const h = new Headers({ B: '1', a: '2', 'Set-Cookie': 'x=1' });
h.append('set-cookie', 'y=2');
h.append('a', '3');
h.append('Cookie', 'c=1');
h.append('cookie', 'd=2');
console.log(h);
console.log([...h]);
console.log([...h.keys()], [...h.values()]);
console.log(h.getSetCookie(), h.get('set-cookie'), h.get('COOKIE'), h.get('missing'));
console.log(h.has('b'), h.has('B'), h.has('c'));
h.set('a', '  spaced\t');
h.delete('b');
console.log(JSON.stringify(h.get('a')), h.has('b'), String(h), Object.prototype.toString.call(h));
h.forEach(function (value, key, obj) { console.log(key, value, obj === h, this.t); }, { t: 1 });

// == headers: from pairs, records and other Headers
console.log(new Headers([['a', '1'], ['A', '2']]));
console.log(new Headers(new Headers({ x: 'y', 'set-cookie': 'a=b' })));
console.log(new Headers(new Map([['m', 'v']])));
console.log([...new Headers({ z: '1', y: '2', x: '3' }).entries()]);
const it = new Headers({ a: '1' }).keys();
console.log(Object.prototype.toString.call(it), it.next(), it.next());

// == headers: undici's errors
const h = new Headers();
const tries = [
  () => new Headers([['a']]), () => new Headers(1), () => new Headers([1]),
  () => h.append('a b', 'x'), () => h.append('a'), () => h.get(), () => h.set('a', 'b\0c'),
  () => h.append('x', 'é€'), () => h.delete('bad name'), () => Headers.prototype.get.call({}, 'a'),
  () => h.forEach(1),
];
for (const t of tries) {
  try {
    t();
    console.log('no error');
  } catch (e) {
    console.log(e.name, e.message, e.code);
  }
}

// == headers: immutable on a Response.redirect
const r = Response.redirect('http://example.com/a b');
console.log(r.status, r.headers.get('location'), r.type, r.url);
try { r.headers.set('x', 'y'); } catch (e) { console.log(e.name, e.message); }

// == response: constructor and body readers
const r = new Response('héllo', { status: 201, statusText: 'Made', headers: { 'X-A': 'b' } });
console.log(r.status, r.statusText, r.ok, r.type, r.url, r.redirected, r.bodyUsed);
console.log(r.headers.get('content-type'), [...r.headers]);
console.log(await r.text(), r.bodyUsed);
try { await r.text(); } catch (e) { console.log(e.name, e.message); }
try { r.clone(); } catch (e) { console.log(e.name, e.message); }
console.log(await new Response('{"a":[1,2]}').json());
const ab = await new Response(new Uint8Array([1, 2, 3])).arrayBuffer();
console.log(ab instanceof ArrayBuffer, ab.byteLength, [...new Uint8Array(ab)]);
const bytes = await new Response('abc').bytes();
console.log(bytes instanceof Uint8Array, [...bytes]);
const blob = await new Response('xyz', { headers: { 'content-type': 'Text/Plain; Charset=UTF-8' } }).blob();
console.log(blob.size, blob.type, await blob.text());
console.log(await new Response(null).text(), new Response().body, new Response(null, { status: 204 }).body);

// == response: inspect
console.log(new Response('hi', { status: 201, headers: { x: 'y' } }));
console.log(Response.error());
console.log(new Response(null, { status: 404 }));

// == response: status and statusText errors
const tries = [
  () => new Response('x', { status: 204 }), () => new Response('x', { status: 99 }),
  () => new Response('x', { status: 600 }), () => new Response(null, { statusText: 'a\nb' }),
  () => Response.redirect('http://a/', 200), () => Response.redirect('nope'),
  () => Response.json(undefined),
];
for (const t of tries) {
  try {
    t();
    console.log('no error');
  } catch (e) {
    console.log(e.name, e.message);
  }
}

// == response: static json and error
const j = Response.json({ a: 1 }, { status: 202, headers: { 'x-y': 'z' } });
console.log(j.status, [...j.headers], await j.json());
const e = Response.error();
console.log(e.type, e.status, e.ok, e.statusText, e.body);

// == response: clone tees the body
const r = new Response('twice');
const c = r.clone();
console.log(await r.text(), await c.text(), r.bodyUsed, c.bodyUsed);
const s = new Response('streamed');
const reader = s.body.getReader();
const first = await reader.read();
console.log(first.done, new TextDecoder().decode(first.value), s.bodyUsed, s.body.locked);
console.log((await reader.read()).done);

// == response: body from a ReadableStream
const stream = new ReadableStream({
  start(controller) {
    controller.enqueue(new TextEncoder().encode('a'));
    controller.enqueue(new TextEncoder().encode('b'));
    controller.close();
  },
});
const r = new Response(stream);
console.log(r.bodyUsed, await r.text(), r.bodyUsed);
const bad = new Response(new ReadableStream({ start(c) { c.enqueue('not bytes'); c.close(); } }));
try { await bad.text(); } catch (e) { console.log(e.name, e.message); }

// == request: defaults and inspect
const q = new Request('http://a.example/x?y#z', { method: 'post', body: 'b', headers: { c: 'd' } });
console.log(q);
console.log(q.method, q.url, q.redirect, q.bodyUsed, q.signal.aborted, await q.text(), q.bodyUsed);

// == request: method normalization and errors
for (const m of ['get', 'Post', 'delete', 'PATCH', 'OPTIONS', 'custom']) {
  console.log(new Request('http://a/', { method: m }).method);
}
const tries = [
  () => new Request('nope'), () => new Request('http://u:p@a/'),
  () => new Request('http://a/', { method: 'GET', body: 'x' }),
  () => new Request('http://a/', { method: 'HEAD', body: 'x' }),
  () => new Request('http://a/', { method: 'bad method' }),
  () => new Request('http://a/', { method: 'CONNECT' }),
  () => new Request('http://a/', { redirect: 'x' }),
  () => new Request('http://a/', { method: 'POST', body: new ReadableStream() }),
  () => new Request(), () => new Request('http://a/', { signal: {} }),
];
for (const t of tries) {
  try {
    t();
    console.log('no error');
  } catch (e) {
    console.log(e.name, e.message, e.cause ? e.cause.code : '');
  }
}

// == request: clone and from another request
const a = new Request('http://a/p', { method: 'PUT', body: 'data', headers: { k: 'v' }, redirect: 'manual' });
const b = a.clone();
const c = new Request(a, { headers: { k2: 'v2' } });
console.log(b.method, b.redirect, [...b.headers], await b.text());
console.log(c.method, c.redirect, [...c.headers], a.bodyUsed, await c.text());
try { new Request(a); } catch (e) { console.log(e.name, e.message); }

// == request: bodies and their content types
const fd = new FormData();
fd.append('k', 'v');
const cases = [
  'text', new URLSearchParams({ a: '1', b: 'x y' }), new Uint8Array([104, 105]),
  new Uint8Array([0, 104, 105, 0]).subarray(1, 3), new Uint8Array([104, 105]).buffer,
  new Blob(['blob'], { type: 'application/x-thing' }), new Blob(['untyped']), 42, { a: 1 },
];
for (const body of cases) {
  const r = new Request('http://a/', { method: 'POST', body });
  console.log(JSON.stringify(r.headers.get('content-type')), JSON.stringify(await r.text()));
}
const m = new Request('http://a/', { method: 'POST', body: fd });
console.log(m.headers.get('content-type').replace(/\d+$/, 'N'));

// == formdata: entries, files and errors
const fd = new FormData();
fd.append('a', 'b');
fd.append('a', 'c');
fd.append('f', new Blob(['xx'], { type: 'text/plain' }), 'f.txt');
fd.append('g', new Blob(['yy']));
fd.set('s', 'one');
console.log(fd.get('a'), fd.getAll('a'), fd.has('f'), fd.has('zz'), fd.get('zz'));
const f = fd.get('f');
console.log(f instanceof File, f instanceof Blob, f.name, f.type, f.size, await f.text());
console.log(fd.get('g').name, fd.get('g').type);
fd.set('a', 'only');
fd.delete('s');
console.log([...fd.keys()], [...fd].length, Object.prototype.toString.call(fd));
fd.forEach((value, key) => console.log(key, typeof value));
const tries = [() => fd.append('a'), () => new FormData(1), () => fd.get(), () => fd.append('a', 'b', 'c')];
for (const t of tries) {
  try {
    t();
    console.log('no error');
  } catch (e) {
    console.log(e.name, e.message);
  }
}

// == formdata: multipart round trip through a Response
const fd = new FormData();
fd.append('name', 'Ada "L"\nLovelace');
fd.append('file', new Blob(['file body'], { type: 'text/csv' }), 'data.csv');
const req = new Request('http://a/', { method: 'POST', body: fd });
const type = req.headers.get('content-type');
const raw = await req.text();
const boundary = type.split('boundary=')[1];
console.log(raw.split(boundary).join('BOUNDARY'));
const back = await new Response(raw, { headers: { 'content-type': type } }).formData();
for (const [k, v] of back) console.log(k, typeof v === 'string' ? v : [v.name, v.type, await v.text()]);

// == formdata: urlencoded bodies and unknown types
const back = await new Response('a=1&b=x+y&a=2', {
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
}).formData();
console.log([...back]);
try { await new Response('x').formData(); } catch (e) { console.log(e.name, e.message); }

// == fetch: errors that need no network
const attempts = [
  () => fetch(), () => fetch('nope'), () => fetch('ftp://x/'), () => fetch('http://127.0.0.1:9/'),
  () => fetch('http://127.0.0.1:1/', { signal: AbortSignal.abort() }),
  () => fetch('http://127.0.0.1:1/', { signal: AbortSignal.abort('why') }),
  () => fetch('http://127.0.0.1:1/', { method: 'CONNECT' }),
  () => fetch('http://x/', { body: new ReadableStream(), method: 'POST' }),
  () => fetch('http://x/', { body: 'x' }),
];
for (const attempt of attempts) {
  try {
    console.log(await attempt());
  } catch (e) {
    console.log(e.name, e.message, e.cause && [e.cause.name, e.cause.message, e.cause.code]);
  }
}

// == fetch: data URLs
const r = await fetch('data:text/plain;charset=utf-8,h%C3%A9llo');
console.log(r.status, r.statusText, r.url, [...r.headers], await r.text());
const b = await fetch('data:application/json;base64,eyJhIjoxfQ==');
console.log(b.headers.get('content-type'), await b.json());
const plain = await fetch('data:,x%20y');
console.log(plain.headers.get('content-type'), await plain.text());

// == request: signals follow the one given
const c = new AbortController();
const r = new Request('http://a/', { signal: c.signal });
const r2 = new Request(r);
console.log(r.signal === c.signal, r.signal.aborted, r2.signal.aborted);
c.abort('stop');
console.log(r.signal.aborted, r.signal.reason, r2.signal.aborted, r2.signal.reason);
const late = new Request('http://a/', { signal: c.signal });
console.log(late.signal.aborted, late.signal.reason);

// == headers: values are normalized, not rejected, around whitespace
const h = new Headers({ a: ' x ', b: '\tin\tside\t' });
h.append('c', '\n y \r\n');
console.log(JSON.stringify([...h]));
try { h.append('d', 'a\nb'); } catch (e) { console.log(e.message); }
try { h.append('', 'x'); } catch (e) { console.log(e.message); }
console.log(new Headers([['X-Y', '1']]).get('x-y'), new Headers({ 'X-Y': '1' }).has('X-y'));
