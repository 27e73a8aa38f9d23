// == ReadableStream with a start controller
const rs = new ReadableStream({
  start(c) { c.enqueue('a'); c.enqueue('b'); c.close(); },
});
const reader = rs.getReader();
console.log(await reader.read(), await reader.read(), await reader.read(), rs.locked);
// == ReadableStream async iteration
const rs = new ReadableStream({
  start(c) { for (const x of [1, 2, 3]) c.enqueue(x); c.close(); },
});
const got = [];
for await (const x of rs) got.push(x);
console.log(got, rs.locked);
// == ReadableStream.from iterables
if (typeof ReadableStream.from === 'function') {
  const out = [];
  for await (const x of ReadableStream.from(['x', 'y'])) out.push(x);
  async function* gen() { yield 1; yield 2; }
  for await (const x of ReadableStream.from(gen())) out.push(x);
  console.log(out);
} else console.log('no from');
// == pull-based ReadableStream with backpressure
let pulls = 0;
const rs = new ReadableStream({
  pull(c) { pulls++; c.enqueue(pulls); if (pulls === 3) c.close(); },
}, { highWaterMark: 1 });
const items = [];
for await (const x of rs) items.push(x);
console.log(items, pulls);
// == cancel and its reason
const rs = new ReadableStream({
  start(c) { c.enqueue(1); },
  cancel(reason) { console.log('cancelled with', reason); },
});
const r = rs.getReader();
console.log(await r.read());
await r.cancel('done reading');
console.log(await r.read());
// == erroring a ReadableStream
const rs = new ReadableStream({ start(c) { c.error(new TypeError('broken source')); } });
try { await rs.getReader().read(); } catch (e) { console.log(e.name, e.message); }
// == locked streams cannot get a second reader
const rs = new ReadableStream();
rs.getReader();
try { rs.getReader(); } catch (e) { console.log(e.name, e.code, e.message); }
// == releaseLock
const rs = new ReadableStream({ start(c) { c.enqueue('z'); c.close(); } });
const r1 = rs.getReader();
r1.releaseLock();
console.log(rs.locked, await rs.getReader().read());
// == tee
const rs = new ReadableStream({ start(c) { c.enqueue('t1'); c.enqueue('t2'); c.close(); } });
const [a, b] = rs.tee();
const read = async (s) => { const o = []; for await (const x of s) o.push(x); return o; };
console.log(await read(a), await read(b));
// == WritableStream
const written = [];
const ws = new WritableStream({
  write(chunk) { written.push(chunk); },
  close() { written.push('closed'); },
});
const w = ws.getWriter();
await w.write('one');
await w.write('two');
await w.close();
console.log(written, w.desiredSize);
// == WritableStream abort
const ws = new WritableStream({ abort(reason) { console.log('abort sink', reason); } });
const w = ws.getWriter();
await w.abort('stop');
try { await w.write('x'); } catch (e) { console.log('write after abort', e); }
// == TransformStream
const upper = new TransformStream({
  transform(chunk, c) { c.enqueue(String(chunk).toUpperCase()); },
  flush(c) { c.enqueue('!'); },
});
const src = new ReadableStream({ start(c) { c.enqueue('hello'); c.enqueue(' world'); c.close(); } });
const out = [];
for await (const x of src.pipeThrough(upper)) out.push(x);
console.log(out);
// == pipeTo a WritableStream
const src = new ReadableStream({ start(c) { ['p', 'q'].forEach((x) => c.enqueue(x)); c.close(); } });
const sink = [];
await src.pipeTo(new WritableStream({ write(x) { sink.push(x); } }));
console.log(sink);
// == pipeTo with an AbortSignal
const src = new ReadableStream({ pull(c) { c.enqueue('forever'); } });
const ac = new AbortController();
const p = src.pipeTo(new WritableStream({ write() { ac.abort(); } }), { signal: ac.signal });
try { await p; } catch (e) { console.log(e.name, e.message); }
// == TextEncoderStream and TextDecoderStream
const src = new ReadableStream({ start(c) { c.enqueue('héllo '); c.enqueue('wörld'); c.close(); } });
const bytes = [];
for await (const chunk of src.pipeThrough(new TextEncoderStream())) bytes.push(...chunk);
console.log(bytes.length, new TextEncoderStream().encoding);
const bsrc = new ReadableStream({ start(c) { c.enqueue(new Uint8Array([0xe2, 0x82])); c.enqueue(new Uint8Array([0xac, 0x41])); c.close(); } });
const text = [];
for await (const s of bsrc.pipeThrough(new TextDecoderStream())) text.push(s);
console.log(text, new TextDecoderStream('latin1').encoding);
// == queuing strategies
const cqs = new CountQueuingStrategy({ highWaterMark: 4 });
const bqs = new ByteLengthQueuingStrategy({ highWaterMark: 16 });
console.log(cqs.highWaterMark, cqs.size(), bqs.highWaterMark, bqs.size(new Uint8Array(5)));
// == desiredSize and backpressure
const rs = new ReadableStream({ start(c) { console.log('desired', c.desiredSize); c.enqueue(1); console.log('desired', c.desiredSize); } }, { highWaterMark: 2 });
const ws = new WritableStream({}, { highWaterMark: 3 });
console.log(ws.getWriter().desiredSize);
// == stream/web exports
const web = require('stream/web');
// known: CompressionStream and DecompressionStream are missing (no compression in actions)
console.log(Object.keys(web).sort());
// == stream/web classes are the globals
const web = require('stream/web');
console.log(web.ReadableStream === ReadableStream, web.WritableStream === WritableStream, web.TransformStream === TransformStream);
// == inspect streams
console.log(new ReadableStream());
console.log(new WritableStream());
console.log(new TransformStream());
// == byte streams with a BYOB reader
const rs = new ReadableStream({
  type: 'bytes',
  pull(c) { const v = c.byobRequest.view; v[0] = 7; v[1] = 8; c.byobRequest.respond(2); c.close(); },
});
const r = rs.getReader({ mode: 'byob' });
const { value, done } = await r.read(new Uint8Array(4));
console.log(value, done);
// == reading a Response-like body from a Blob stream into text
const blob = new Blob(['chunked ', 'body']);
const dec = new TextDecoder();
let s = '';
const reader = blob.stream().getReader();
for (;;) {
  const { value, done } = await reader.read();
  if (done) break;
  s += dec.decode(value, { stream: true });
}
console.log(s + dec.decode());
// == errors from a transform
const t = new TransformStream({ transform() { throw new RangeError('bad chunk'); } });
const w = t.writable.getWriter();
w.write('x').catch((e) => console.log('write rejected', e.name));
try { await t.readable.getReader().read(); } catch (e) { console.log('read rejected', e.name, e.message); }
// == constructor validation
// known: the constructors' own argument errors are web-streams-polyfill's, not Node's
try { new ReadableStream({ type: 'nope' }); } catch (e) { console.log(e.name, e.code, e.message); }
try { new WritableStream({ type: 'bytes' }); } catch (e) { console.log(e.name, e.code, e.message); }
try { new ReadableStream(null); console.log('null ok'); } catch (e) { console.log(e.name, e.message); }
// == locked and released streams throw Node's errors
const l = new ReadableStream();
l.getReader();
await l.pipeTo(new WritableStream()).catch((e) => console.log('pipeTo', e.name, e.code, e.message));
try { l.pipeThrough(new TransformStream()); } catch (e) { console.log('pipeThrough', e.name, e.code, e.message); }
const w = new WritableStream();
w.getWriter();
try { w.getWriter(); } catch (e) { console.log('writer', e.name, e.code, e.message); }
const r = new ReadableStream().getReader();
r.releaseLock();
await r.read().catch((e) => console.log('released read', e.name, e.code, e.message));
new ReadableStream({ start(c) { c.close(); try { c.enqueue(1); } catch (e) { console.log('enqueue closed', e.name, e.code, e.message); } } });
try { new ReadableStream().getReader({ mode: 'byob' }); } catch (e) { console.log('byob', e.name, e.code, e.message); }
// == inspect readers, writers and controllers
const rs = new ReadableStream({ start(c) { console.log(c); } });
console.log(rs.getReader());
const ws = new WritableStream({ start(c) { console.log(c); } });
console.log(ws.getWriter());
console.log(new ReadableStream({ type: 'bytes' }));
