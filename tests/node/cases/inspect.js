// == nested objects at the default depth
console.log({ a: { b: { c: { d: { e: 1 } } } }, arr: [[[[1]]]] });
console.log([{ a: [{ b: [{ c: 1 }] }] }]);
// == depth options
const util = require('util');
const deep = { a: { b: { c: { d: { e: { f: 1 } } } } } };
console.log(util.inspect(deep, { depth: Infinity }));
console.log(util.inspect(deep, { depth: null }));
console.log(util.inspect(deep, { depth: 1 }));
console.log(util.inspect([[[]]], { depth: 0 }), util.inspect(new Map([[1, { a: {} }]]), { depth: 0 }));
// == long arrays truncate after 100 items
const util = require('util');
console.log(Array.from({ length: 101 }, (_, i) => i % 7));
console.log(util.inspect(Array.from({ length: 10 }, (_, i) => i), { maxArrayLength: 0 }));
console.log(util.inspect(new Set(Array.from({ length: 5 }, (_, i) => i)), { maxArrayLength: 2 }));
// == arrays of short numbers group into columns
console.log(Array.from({ length: 30 }, (_, i) => i * 11));
console.log(Array.from({ length: 27 }, (_, i) => 'item' + i));
console.log(Array.from({ length: 8 }, (_, i) => ({ id: i })));
// == long strings are split only at the top when they have newlines
const util = require('util');
console.log(util.inspect('a\nb\nc'), util.inspect(['one\ntwo']));
console.log(util.inspect({ text: 'line one\nline two\nline three '.repeat(4) }));
console.log(util.inspect('x'.repeat(20000)).length);
// == string quoting
const util = require('util');
console.log(util.inspect("it's"), util.inspect('say "hi"'), util.inspect(`both ' and "`), util.inspect('all \' " `'));
console.log(util.inspect('tab\there'), util.inspect('nul\0'), util.inspect('\u001b[31m'), util.inspect('\x7f\u0085'));
console.log(util.inspect('lone \uD800 surrogate'), util.inspect('emoji 😀'), util.inspect('\\'));
// == object keys that need quotes
console.log({ 'a-b': 1, '1x': 2, valid_id: 3, $d: 4, 'with space': 5, '': 6, 'ünï': 7, 10: 8 });
console.log({ "it's": 1, 'q"': 2 });
// == circular structures
const a = { name: 'a' };
const b = { name: 'b', a };
a.b = b;
a.self = a;
console.log(a);
const arr = [1];
arr.push(arr);
console.log(arr);
const m = new Map();
m.set('m', m);
console.log(m);
// == circular references inside nested objects
const root = { child: { grand: {} } };
root.child.grand.up = root.child;
root.child.grand.root = root;
console.log(root);
// == class instances and names
class Point { constructor(x, y) { this.x = x; this.y = y; } }
class Empty {}
class Named { static name = 'Custom'; }
console.log(new Point(1, 2), new Empty(), [new Point(0, 0)]);
console.log(Object.create(Point.prototype), new (class {})());
const anon = new (class extends Point {})(1, 1);
console.log(anon);
// == null prototype objects
const np = Object.create(null);
np.x = 1;
console.log(np, [np], Object.create(null));
class NoProto {}
Object.setPrototypeOf(NoProto.prototype, null);
console.log(new NoProto());
// == Symbol.toStringTag
console.log({ [Symbol.toStringTag]: 'Tagged', v: 1 });
class T { get [Symbol.toStringTag]() { return 'TT'; } }
console.log(new T(), Object.prototype.toString.call(new T()));
// == getters and setters
const util = require('util');
const g = {
  get a() { return 1; },
  set b(v) {},
  get c() { return 2; }, set c(v) {},
};
console.log(g);
console.log(util.inspect(g, { getters: true }));
console.log(util.inspect({ get thrower() { throw new Error('no'); } }, { getters: true }));
// == symbols as keys and values
const s = Symbol('desc');
console.log({ [s]: s, [Symbol()]: 1, [Symbol.iterator]: 2, plain: Symbol('v') });
console.log([Symbol('in array')], Symbol(), Symbol.for('registered'));
// == non-enumerable properties and showHidden
const util = require('util');
const h = { visible: 1 };
Object.defineProperty(h, 'hidden', { value: 2, enumerable: false });
console.log(h, util.inspect(h, { showHidden: true }));
console.log(util.inspect([1, 2], { showHidden: true }));
// == maps and sets
console.log(new Map(), new Set(), new Map([['a', { b: 1 }], [{ k: 1 }, 'v']]));
console.log(new Set([[1, 2], { a: 1 }, 'str', 3n]));
console.log(new Map([[new Map([[1, 2]]), new Set([3])]]));
const big = new Map(Array.from({ length: 30 }, (_, i) => [i, `v${i}`]));
console.log(big);
// == map and set iterators
const mm = new Map([['a', 1], ['b', 2]]);
console.log(mm.keys(), mm.values(), mm.entries());
const ss = new Set(['x', 'y']);
console.log(ss.values(), ss.entries(), [1, 2][Symbol.iterator]());
const it = mm.entries();
it.next();
console.log(it);
// == maps and sets with extra properties
const xm = new Map([[1, 2]]);
xm.extra = true;
const xs = new Set();
xs.note = 'n';
console.log(xm, xs);
// == class extending Map and Array
class MyMap extends Map {}
class MyArray extends Array {}
class MySet extends Set {}
console.log(new MyMap([[1, 2]]), MyArray.from([1, 2]), new MySet([1]));
// == typed arrays
console.log(new Int8Array([-1, 2]), new Uint16Array(3), new Float32Array([1.5, -0]), new BigInt64Array([1n, -1n]));
console.log(new Uint8ClampedArray([300]), new Int32Array(0), new Float64Array([NaN, Infinity]));
console.log(new Uint8Array(200));
// == ArrayBuffer and DataView
const ab = new ArrayBuffer(8);
new Uint8Array(ab).set([1, 2, 3]);
console.log(ab, new DataView(ab, 2, 4), new ArrayBuffer(0));
console.log(new SharedArrayBuffer(2));
// == Date values
console.log(new Date(Date.UTC(2024, 0, 15, 10, 30)), new Date(NaN), [new Date(0)]);
const d = new Date(0);
d.extra = 1;
console.log(d, { when: new Date(1e12) });
class MyDate extends Date {}
console.log(new MyDate(0));
// == RegExp values
console.log(/a\/b/g, new RegExp('x', 'dgimsuy'), [/re/], { r: /\d+/ });
const r = /x/;
r.extra = 1;
console.log(r);
// == errors with extra properties
const e = new Error('with props');
e.code = 'E_CODE';
e.status = 404;
e.details = { a: [1] };
console.log(e);
// == errors with causes
const cause = new TypeError('root cause');
const wrapped = new Error('wrapper', { cause });
console.log(wrapped);
console.log(new Error('primitive cause', { cause: 'just a string' }));
console.log(new Error('object cause', { cause: { code: 42 } }));
// == error subclasses and names
class ValidationError extends Error {
  constructor(message) { super(message); this.name = 'ValidationError'; }
}
console.log(new ValidationError('bad email'));
class HttpError extends Error {}
console.log(new HttpError('teapot'));
const renamed = new Error('msg');
renamed.name = 'Renamed';
console.log(renamed);
// == errors without a message and with an empty name
console.log(new Error(), new RangeError(''));
const noname = new Error('has message');
noname.name = '';
console.log(noname);
// == errors in arrays and objects
console.log([new Error('in array')], { err: new RangeError('in object') });
// == AggregateError
const agg = new AggregateError([new Error('one'), new TypeError('two')], 'many');
console.log(agg);
// == error whose stack was replaced
const rs = new Error('replaced');
rs.stack = 'custom stack text';
console.log(rs);
const ns = new Error('no stack');
ns.stack = undefined;
console.log(ns, [ns]);
// == error-like objects are plain objects
console.log({ name: 'Error', message: 'not really' });
// == boxed primitives
console.log(new Number(-0), new String('abc'), new Boolean(true), Object(Symbol('s')), Object(10n));
const bs = new String('ab');
bs.extra = 1;
console.log(bs, [new Number(1)]);
// == promises in every state
console.log(Promise.resolve({ a: 1 }), new Promise(() => {}));
const rejected = Promise.reject(new Error('nope'));
rejected.catch(() => {});
console.log(rejected);
const rejectedValue = Promise.reject(3);
rejectedValue.catch(() => {});
console.log(rejectedValue, [Promise.resolve(1)]);
// == proxies
const util = require('util');
const target = { t: 1 };
const px = new Proxy(target, {});
console.log(px, util.inspect(px, { showProxy: true }));
console.log(new Proxy([1, 2], {}), new Proxy(function f() {}, {}));
// == functions
function named() {}
const arrow = () => {};
async function asyncNamed() {}
function* gen() {}
async function* agen() {}
console.log(named, arrow, asyncNamed, gen, agen, function () {}, Math.max);
console.log([named], { fn: arrow }, (() => () => {})());
// == functions with properties
function named() {}
function withProps() {}
withProps.version = 2;
withProps.nested = { a: 1 };
console.log(withProps);
const bound = named.bind(null);
console.log(bound);
// == classes
class Base {}
class Derived extends Base {}
class WithStatic { static x = 1; }
console.log(Base, Derived, WithStatic, class {}, class extends Base {});
// == sparse arrays
console.log([, 1, , , 2, , ], new Array(3), [1, , 3]);
const holes = [];
holes[5] = 'x';
holes[200] = 'y';
console.log(holes);
// == arrays with extra keys
const withKeys = [1, 2];
withKeys.key = 'v';
withKeys[-1] = 'neg';
console.log(withKeys);
// == numbers and bigints
const util = require('util');
console.log(util.inspect(-0), util.inspect([-0]), util.inspect(1_000_000), util.inspect(123456789n));
console.log(util.inspect(1_000_000, { numericSeparator: true }), util.inspect(-1234567.891, { numericSeparator: true }), util.inspect(10n ** 20n, { numericSeparator: true }));
// == arguments object
(function () { console.log(arguments); })(1, 'two');
// == generator objects
function* g2() { yield 1; }
console.log(g2(), (async function* () {})());
// == WeakMap, WeakSet and WeakRef
const util = require('util');
const key = { k: 1 };
const other = [2];
console.log(new WeakMap(), new WeakSet(), new WeakRef(key), util.inspect(new WeakMap([[key, 1], [other, { v: 2 }]]), { showHidden: true }));
console.log(util.inspect(new WeakSet([key, other]), { showHidden: true }), util.inspect(new WeakMap(), { showHidden: true }));
// == globalThis and Math
const util = require('util');
console.log(typeof util.inspect(globalThis), util.inspect(Math), util.inspect(JSON), util.inspect(Reflect).slice(0, 20));
// == inspect.custom gets depth and options
const util = require('util');
class Custom {
  [util.inspect.custom](depth, options, inspect) {
    return `Custom<${depth}, ${typeof options.stylize}, ${inspect === util.inspect}>`;
  }
}
console.log(new Custom(), { nested: new Custom() }, util.inspect(new Custom(), { depth: 5 }));
// == inspect.custom can return objects
const util = require('util');
class Wrapper {
  [util.inspect.custom]() { return { wrapped: [1, 2] }; }
}
console.log(new Wrapper(), util.inspect(new Wrapper(), { customInspect: false }));
// == inspect.custom on a plain object
console.log({ [Symbol.for('nodejs.util.inspect.custom')]: () => 'shown', hidden: 1 });
// == compact and breakLength
const util = require('util');
const wide = { alpha: 'aaaa', beta: 'bbbb', gamma: 'cccc', delta: 'dddd', epsilon: 'eeee', zeta: 'ffff' };
console.log(util.inspect(wide, { breakLength: 40 }));
console.log(util.inspect(wide, { breakLength: Infinity }));
console.log(util.inspect({ a: [1, { b: 2 }] }, { compact: 1 }));
console.log(util.inspect({ a: [1, { b: 2 }] }, { compact: true }));
console.log(util.inspect({ a: [1, { b: 2 }] }, { compact: false }));
// == sorted keys
const util = require('util');
console.log(util.inspect({ c: 1, a: 2, b: { z: 1, y: 2 } }, { sorted: true }));
console.log(util.inspect(new Map([['b', 1], ['a', 2]]), { sorted: (x, y) => (x < y ? 1 : -1) }));
// == maxStringLength
const util = require('util');
console.log(util.inspect('abcdef', { maxStringLength: 3 }), util.inspect(['abcdef'], { maxStringLength: 0 }));
// == colors
const util = require('util');
console.log(JSON.stringify(util.inspect({ n: 1, s: 'x', b: true, u: undefined, nul: null, sym: Symbol('q'), d: new Date(0), r: /x/ }, { colors: true })));
console.log(util.inspect.colors.red, util.inspect.styles.string);
// == inspect with legacy arguments
const util = require('util');
console.log(util.inspect({ a: { b: { c: {} } } }, false, 0, false));
// == inspect.defaultOptions
const util = require('util');
console.log(util.inspect.defaultOptions);
// == console.log of many kinds in one call
console.log('str', 1, { a: 1 }, [2], null, undefined, true, 3n, Symbol('x'), () => {}, new Map());
// == objects with many keys break lines
console.log({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10, k: 11, l: 12, m: 13, n: 14, o: 15, p: 16, q: 17, r: 18, s: 19, t: 20, u: 21, v: 22, w: 23, x: 24, y: 25, z: 26 });
// == the event object itself
console.log(event);
// == util.format with every specifier
const util = require('util');
console.log(util.format('%s %s %s %s %s', 'str', 42, 42n, Symbol('s'), { toString() { return 'custom'; } }));
console.log(util.format('%s', { a: { b: { c: 1 } } }), util.format('%s', [1, [2, [3]]]), util.format('%s', new Error('in %s')));
console.log(util.format('%d %d %d %d', '42', 42n, {}, '0x10'), util.format('%i %i', 1.9, '-3.7'), util.format('%f %f', '1e3', 'abc'));
console.log(util.format('%j', { toJSON() { return 'j'; } }), util.format('%j', (() => { const c = {}; c.c = c; return c; })()));
console.log(util.format('%o', { f() {}, a: [1] }), util.format('%O', { a: { b: { c: { d: 1 } } } }));
console.log(util.format('%c styled', 'color: red'), util.format('%x unknown', 1), util.format('%', 1), util.format('%s'));
console.log(util.format('a', 'b', { c: 1 }), util.format(), util.format(1, '%s', 'x'), util.format('%%s', 1));
// == formatWithOptions
const util = require('util');
console.log(util.formatWithOptions({ compact: false }, '%O', { a: 1 }), util.formatWithOptions({ depth: 0 }, { a: { b: 1 } }));
