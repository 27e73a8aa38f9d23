// == primitives come back as they are
console.log(structuredClone(1), structuredClone('s'), structuredClone(null), structuredClone(undefined), structuredClone(true), structuredClone(-0), structuredClone(10n), structuredClone(NaN));
// == plain objects and arrays are deep copies
const src = { a: 1, nested: { b: [1, 2, { c: 3 }] }, list: ['x'] };
const copy = structuredClone(src);
copy.nested.b[2].c = 99;
console.log(src, copy, copy !== src, copy.nested !== src.nested);
// == Map and Set
const m = structuredClone(new Map([[1, { a: 1 }], ['k', new Set([1, 2])]]));
console.log(m, m instanceof Map, m.get('k') instanceof Set);
console.log(structuredClone(new Map([[{ k: 1 }, new Set([1])]])), structuredClone(new Set()), structuredClone(new Map()));
// == Date and RegExp
const re = /ab+c/gi;
re.lastIndex = 3;
const d = structuredClone({ when: new Date(0), re, bad: new Date(NaN) });
console.log(d, d.when instanceof Date, d.re.lastIndex, d.re.flags);
// == boxed primitives
console.log(structuredClone([new Number(3), new String('abc'), new Boolean(false), Object(5n)]));
// == circular references are kept
const c = { name: 'c' };
c.self = c;
c.list = [c];
const cc = structuredClone(c);
console.log(cc.self === cc, cc.list[0] === cc, cc !== c);
// == shared references stay shared
const shared = { s: 1 };
const twice = structuredClone({ x: shared, y: shared, z: [shared] });
console.log(twice.x === twice.y, twice.z[0] === twice.x);
// == class instances become plain objects
class Point { constructor() { this.x = 1; this.y = 2; } get len() { return 3; } method() {} }
const p = structuredClone(new Point());
console.log(p, p instanceof Point, Object.getPrototypeOf(p) === Object.prototype);
class Priv { #hidden = 1; shown = 2; }
console.log(structuredClone(new Priv()));
// == prototypes, symbols and non-enumerable properties are dropped
const proto = Object.create({ inherited: 1 }, { own: { value: 2, enumerable: true }, hidden: { value: 3 } });
proto[Symbol('s')] = 4;
console.log(structuredClone(proto), structuredClone(Object.create(null)));
// == getters run and their values are copied
let calls = 0;
console.log(structuredClone({ get g() { calls++; return 'got'; } }), calls);
console.log(structuredClone({ get a() { delete this.b; return 1; }, b: 2 }));
// == arrays keep holes, length and extra keys
const arr = [1, , 3];
arr.extra = 'x';
const ac = structuredClone(arr);
console.log(ac, ac.length, 1 in ac);
const sparse = [];
sparse[10] = 'ten';
console.log(structuredClone(sparse), structuredClone(new Array(3)));
// == errors keep their kind, message, stack and cause
const e = new TypeError('bad', { cause: new Error('root') });
e.extra = 'dropped';
const ec = structuredClone(e);
console.log(ec instanceof TypeError, ec.name, ec.message, ec.stack === e.stack, ec.cause.message, ec.extra);
console.log(Object.getOwnPropertyNames(ec), ec);
// == custom error classes become their base kind
class MyError extends Error { constructor(m) { super(m); this.name = 'MyError'; this.code = 'E1'; } }
const mc = structuredClone(new MyError('mine'));
console.log(mc instanceof MyError, mc instanceof Error, mc.name, mc.code, mc.stack.split('\n')[0]);
class RangeLike extends RangeError {}
console.log(structuredClone(new RangeLike('r')).constructor.name);
const named = new Error('n');
named.name = 'SyntaxError';
console.log(structuredClone(named) instanceof SyntaxError);
// == errors in every native kind
for (const E of [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError]) {
  const x = structuredClone(new E('m'));
  console.log(x.constructor.name, x.message);
}
// == typed arrays, DataView and ArrayBuffer
const buf = new ArrayBuffer(8);
new Uint8Array(buf).set([1, 2, 3, 4, 5, 6, 7, 8]);
const views = structuredClone({ buf, u8: new Uint8Array(buf, 2, 3), dv: new DataView(buf, 4), f: new Float64Array([1.5]) });
console.log(views);
console.log(views.u8.buffer === views.buf, views.dv.buffer === views.buf, views.buf !== buf);
// == Buffer becomes a Uint8Array
const bc = structuredClone(Buffer.from('hi'));
console.log(bc, Buffer.isBuffer(bc), bc.constructor.name);
// == resizable ArrayBuffer stays resizable
const rab = new ArrayBuffer(2, { maxByteLength: 8 });
const rc = structuredClone(rab);
console.log(rc.resizable, rc.maxByteLength, rc.byteLength);
// == transfer moves an ArrayBuffer
const t = new ArrayBuffer(4);
new Uint8Array(t)[0] = 7;
const moved = structuredClone({ t, view: new Uint8Array(t) }, { transfer: [t] });
console.log(t.byteLength, moved.t.byteLength, moved.view[0], moved.view.buffer === moved.t);
// == a detached ArrayBuffer cannot be cloned
const gone = new ArrayBuffer(2);
structuredClone(gone, { transfer: [gone] });
try { structuredClone(gone); } catch (err) { console.log(err.name, err.code, err.message); }
// == bad transfer lists
for (const options of [{ transfer: [1] }, { transfer: 'x' }, 5, { transfer: null }, { transfer: {} }, 'str']) {
  try { structuredClone(1, options); console.log('ok'); } catch (err) { console.log(err.name, err.code, err.message); }
}
const dup = new ArrayBuffer(1);
try { structuredClone(dup, { transfer: [dup, dup] }); } catch (err) { console.log(err.name, err.code, err.message); }
console.log(structuredClone(1, null), structuredClone(1, {}), structuredClone(1, { transfer: [] }));
// == functions cannot be cloned
for (const v of [() => {}, function foo() {}, class A {}, async function af() {}, { nested: () => 1 }]) {
  try { structuredClone(v); } catch (err) { console.log(err.name, err.code, err.message, err instanceof DOMException); }
}
// == symbols cannot be cloned
for (const v of [Symbol('x'), { s: Symbol() }, Object(Symbol('boxed'))]) {
  try { structuredClone(v); } catch (err) { console.log(err.name, err.message); }
}
// == objects with internal state cannot be cloned
for (const v of [new WeakMap(), new WeakSet(), new WeakRef({}), Promise.resolve(), new Proxy({}, {}), (function* () {})(), (function () { return arguments; })(), new Map().keys(), [].values()]) {
  try { structuredClone(v); console.log('cloned'); } catch (err) { console.log(err.name, err.message); }
}
// == the error is a DOMException
try {
  structuredClone({ f() {} });
} catch (err) {
  console.log(err instanceof DOMException, err instanceof Error, err.code, err.name, Object.prototype.toString.call(err));
  console.log(err);
}
// == structuredClone needs a value
try { structuredClone(); } catch (err) { console.log(err.name, err.code, err.message); }
console.log(typeof structuredClone, structuredClone.name);
// == the event can be cloned
const ev = structuredClone(event);
console.log(ev, ev !== event);
// == Blob and File clone to Blob
const blob = structuredClone(new Blob(['ab'], { type: 'text/plain' }));
console.log(blob, await blob.text());
const file = structuredClone(new File(['xyz'], 'a.txt', { type: 'x/y' }));
console.log(file, file.constructor.name, file.name);
// == platform objects clone to their own properties
console.log(structuredClone(new URL('https://a.com/')), structuredClone(new DOMException('m', 'AbortError')), structuredClone(new (require('events'))()));
// == JSON round trip compared
const data = { when: new Date(0), map: new Map([[1, 2]]), undef: undefined, big: 1n };
const viaClone = structuredClone(data);
console.log(viaClone, JSON.parse(JSON.stringify({ ...data, big: 1 })));
