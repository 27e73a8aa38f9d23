// == Readable.from an array in object mode
const { Readable } = require('stream');
const out = [];
for await (const x of Readable.from([1, 'two', { three: 3 }])) out.push(x);
console.log(out);
// == Readable.from strings and buffers
const { Readable } = require('stream');
const chunks = [];
for await (const c of Readable.from('whole string')) chunks.push(c);
for await (const c of Readable.from([Buffer.from('ab'), Buffer.from('cd')])) chunks.push(c);
console.log(chunks);
// == a Readable with read()
const { Readable } = require('stream');
let n = 0;
const r = new Readable({
  read() { n++; this.push(n <= 3 ? `chunk${n}` : null); },
});
const got = [];
r.on('data', (c) => got.push(c.toString()));
await new Promise((resolve) => r.on('end', resolve));
console.log(got, r.readableEnded, r.destroyed);
// == setEncoding and readable events
const { Readable } = require('stream');
const r = Readable.from([Buffer.from('hé'), Buffer.from('llo')], { objectMode: false });
r.setEncoding('utf8');
let s = '';
r.on('data', (c) => { s += c; });
await new Promise((resolve) => r.on('end', resolve));
console.log(s, typeof s);
// == Writable collects chunks
const { Writable } = require('stream');
const seen = [];
const w = new Writable({
  write(chunk, enc, cb) { seen.push([chunk.toString(), enc]); cb(); },
  final(cb) { seen.push('final'); cb(); },
});
w.write('a');
w.write(Buffer.from('b'));
w.end('c');
await new Promise((resolve) => w.on('finish', resolve));
console.log(seen, w.writableFinished, w.writableEnded);
// == Writable in object mode and decodeStrings false
const { Writable } = require('stream');
const seen = [];
const w = new Writable({ objectMode: true, write(o, e, cb) { seen.push(o); cb(); } });
w.write({ a: 1 });
w.end(42);
await new Promise((r) => w.on('finish', r));
const w2 = new Writable({ decodeStrings: false, write(c, e, cb) { seen.push(typeof c, e); cb(); } });
w2.end('str');
await new Promise((r) => w2.on('finish', r));
console.log(seen);
// == Transform and PassThrough
const { Transform, PassThrough, Readable } = require('stream');
const upper = new Transform({
  transform(chunk, enc, cb) { cb(null, chunk.toString().toUpperCase()); },
  flush(cb) { this.push('!'); cb(); },
});
const out = [];
Readable.from(['a', 'b']).pipe(upper).pipe(new PassThrough()).on('data', (c) => out.push(c.toString()));
await new Promise((r) => setTimeout(r, 10));
console.log(out);
// == pipeline with a callback
const { pipeline, Readable, Transform, Writable } = require('stream');
const sink = [];
await new Promise((resolve) => pipeline(
  Readable.from(['x', 'y', 'z']),
  new Transform({ transform(c, e, cb) { cb(null, c + c); } }),
  new Writable({ write(c, e, cb) { sink.push(c.toString()); cb(); } }),
  (err) => { console.log('pipeline done', err); resolve(); },
));
console.log(sink);
// == stream/promises pipeline with async generators
const { pipeline } = require('stream/promises');
const { Readable, Writable } = require('stream');
const sink = [];
await pipeline(
  Readable.from([1, 2, 3]),
  async function* (source) { for await (const x of source) yield x * 10; },
  new Writable({ objectMode: true, write(c, e, cb) { sink.push(c); cb(); } }),
);
console.log(sink);
// == pipeline errors propagate
const { pipeline } = require('stream/promises');
const { Readable, Transform, Writable } = require('stream');
try {
  await pipeline(
    Readable.from(['ok', 'bad']),
    new Transform({ transform(c, e, cb) { cb(c.toString() === 'bad' ? new Error('transform failed') : null, c); } }),
    new Writable({ write(c, e, cb) { cb(); } }),
  );
} catch (e) {
  console.log('caught', e.message);
}
// == finished
const { finished, Readable } = require('stream');
const r = Readable.from(['a']);
r.resume();
await new Promise((resolve) => finished(r, (err) => { console.log('finished', err); resolve(); }));
const { finished: fin } = require('stream/promises');
const r2 = Readable.from(['b']);
r2.resume();
await fin(r2);
console.log('promise finished');
// == destroy with an error
const { Readable } = require('stream');
const r = new Readable({ read() {} });
r.on('error', (e) => console.log('error event', e.message));
r.on('close', () => console.log('closed', r.destroyed, r.errored && r.errored.message));
r.destroy(new Error('destroyed'));
await new Promise((res) => setTimeout(res, 5));
// == backpressure with highWaterMark
const { Writable } = require('stream');
const w = new Writable({ highWaterMark: 4, write(c, e, cb) { setTimeout(cb, 1); } });
const results = [w.write('ab'), w.write('cd'), w.write('ef')];
console.log(results, w.writableLength, w.writableHighWaterMark, w.writableNeedDrain);
await new Promise((r) => w.once('drain', r));
console.log('drained');
// == readable stream properties
const { Readable } = require('stream');
const r = new Readable({ read() {}, highWaterMark: 100 });
console.log(r.readable, r.readableHighWaterMark, r.readableLength, r.readableObjectMode, r.readableFlowing, r.isPaused());
r.push('x');
console.log(r.readableLength, r.read().toString(), r.read());
// == Readable iterator helpers
const { Readable } = require('stream');
if (typeof Readable.prototype.map === 'function') {
  const arr = await Readable.from([1, 2, 3, 4]).filter((x) => x % 2 === 0).map((x) => x * 3).toArray();
  console.log(arr, await Readable.from([1, 2]).reduce((a, b) => a + b, 0));
} else console.log('no helpers');
// == Duplex
const { Duplex } = require('stream');
const d = new Duplex({
  read() { this.push('from duplex'); this.push(null); },
  write(c, e, cb) { console.log('duplex got', c.toString()); cb(); },
});
d.on('data', (c) => console.log('read', c.toString()));
d.write('into duplex');
d.end();
await new Promise((r) => setTimeout(r, 10));
// == stream module shape
const stream = require('stream');
console.log(typeof stream, typeof stream.Readable, typeof stream.Writable, typeof stream.Duplex, typeof stream.Transform, typeof stream.PassThrough);
console.log(typeof stream.pipeline, typeof stream.finished, typeof stream.promises, stream.Stream === stream, typeof stream.addAbortSignal, typeof stream.compose);
console.log(new stream.Readable() instanceof stream.Stream, new stream.Readable() instanceof require('events'));
// == writing after end errors
const { Writable } = require('stream');
const w = new Writable({ write(c, e, cb) { cb(); } });
w.on('error', (e) => console.log('error', e.code, e.message));
w.end();
w.write('late', (err) => console.log('callback', err && err.code));
await new Promise((r) => setTimeout(r, 5));
// == pushing after EOF errors
const { Readable } = require('stream');
const r = new Readable({ read() {} });
r.on('error', (e) => console.log(e.name, e.code, e.message));
r.push(null);
r.push('more');
await new Promise((res) => setTimeout(res, 5));
// == invalid chunks
const { Writable, Readable } = require('stream');
const w = new Writable({ write(c, e, cb) { cb(); } });
try { w.write(42); } catch (e) { console.log(e.name, e.code, e.message); }
const r = new Readable({ read() {} });
r.on('error', (e) => console.log('readable', e.name, e.code, e.message));
r.push(42);
await new Promise((res) => setTimeout(res, 5));
// == addAbortSignal
const { addAbortSignal, Readable } = require('stream');
const ac = new AbortController();
const r = addAbortSignal(ac.signal, new Readable({ read() {} }));
r.on('error', (e) => console.log(e.name, e.code, e.message));
ac.abort();
await new Promise((res) => setTimeout(res, 5));
// == Readable.toWeb and fromWeb
const { Readable } = require('stream');
if (typeof Readable.toWeb === 'function') {
  const web = Readable.toWeb(Readable.from(['w1', 'w2']));
  const got = [];
  for await (const c of web) got.push(String(c));
  const back = [];
  for await (const c of Readable.fromWeb(new ReadableStream({ start(c) { c.enqueue('r1'); c.close(); } }))) back.push(String(c));
  console.log(got, back);
} else console.log('no toWeb');
// == inspect a stream
const { Readable, Writable } = require('stream');
const r = Readable.from([]);
console.log(Object.keys(r).includes('_readableState'), typeof r._readableState, r.constructor.name, new Writable().constructor.name);
// == typed array chunks
const { Writable } = require('stream');
const seen = [];
const w = new Writable({ write(c, e, cb) { seen.push([Buffer.isBuffer(c), c.length, e]); cb(); } });
w.write(new Uint16Array([1, 2]));
w.write(new DataView(new ArrayBuffer(3)));
w.end();
await new Promise((r) => w.on('finish', r));
console.log(seen);
// == Writable.toWeb and fromWeb
const { Writable } = require('stream');
const got = [];
const web = Writable.toWeb(new Writable({ write(c, e, cb) { got.push(c.toString()); cb(); } }));
const writer = web.getWriter();
await writer.write('to web');
await writer.close();
const sink = [];
const node = Writable.fromWeb(new WritableStream({ write(c) { sink.push(String(c)); } }), { decodeStrings: false });
node.write('from web');
node.end();
await new Promise((r) => node.on('finish', r));
console.log(got, sink);
// == Readable.toWeb of bytes
const { Readable } = require('stream');
const web = Readable.toWeb(new Readable({ read() { this.push(Buffer.from('bytes')); this.push(null); } }));
for await (const c of web) console.log(c, c.constructor.name);
// == inspect a readable state
const { Readable, Writable } = require('stream');
const r = new Readable({ read() {} });
console.log(r.readableFlowing, r.readableAborted, r.readableDidRead, r.closed, r.errored);
const w = new Writable();
console.log(w.writable, w.writableCorked, w.writableObjectMode, w.closed, w.writableAborted);
// == default highWaterMark
const stream = require('stream');
console.log(stream.getDefaultHighWaterMark(false), stream.getDefaultHighWaterMark(true), new stream.Readable().readableHighWaterMark, new stream.Writable({ objectMode: true }).writableHighWaterMark);
// == writing a buffer object to a string decoder stream
const { Readable } = require('stream');
const r = Readable.from(['a', 'b', 'c']);
console.log(await r.toArray());
