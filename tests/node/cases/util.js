// == format
const util = require('util');
console.log(util.format('%s=%d', 'x', 42), util.format('%o', { a: [1] }), util.format(1, 2, '3'));
console.log(util.format('%i %f %j %%', '42.5', '1.5', { k: 'v' }), util.format('%s', null, undefined));
// == inspect options
const util = require('util');
console.log(util.inspect({ a: { b: { c: { d: {} } } } }, { depth: 0 }), util.inspect('str'), util.inspect([1, [2, [3, [4]]]], { depth: 1 }));
console.log(util.inspect({ a: 1, b: 2 }, { compact: false }));
console.log(util.inspect(new Map([[1, 2]]), { showHidden: false }), util.inspect({ x: 'y' }, { colors: false }));
console.log(util.inspect('a'.repeat(5), { maxStringLength: 2 }), util.inspect(Array(200).fill(0), { maxArrayLength: 3 }));
// == inspect.custom
const util = require('util');
class C { [util.inspect.custom]() { return 'custom!'; } }
console.log(new C(), [new C()], util.inspect(new C()));
// == promisify and callbackify
const util = require('util');
const cbfn = (x, cb) => setTimeout(() => cb(null, x * 2), 1);
console.log(await util.promisify(cbfn)(21));
const errfn = (cb) => cb(new Error('nope'));
try { await util.promisify(errfn)(); } catch (e) { console.log(e.message); }
await new Promise((resolve) => util.callbackify(async (v) => v + 1)(1, (err, v) => { console.log(err, v); resolve(); }));
// == inherits and deprecate
const util = require('util');
function Base() {}
Base.prototype.hi = () => 'hi';
function Child() {}
util.inherits(Child, Base);
console.log(new Child().hi(), Child.super_ === Base);
// == types
const util = require('util');
const t = util.types;
console.log(t.isDate(new Date()), t.isRegExp(/x/), t.isPromise(Promise.resolve()), t.isMap(new Map()), t.isSet(new Set()));
console.log(t.isTypedArray(new Uint8Array()), t.isUint8Array(Buffer.alloc(1)), t.isArrayBuffer(new ArrayBuffer(1)), t.isAsyncFunction(async () => {}));
console.log(t.isDate({}), t.isRegExp({ source: 'x' }), t.isGeneratorFunction(function* () {}), t.isNativeError(new TypeError()), t.isBoxedPrimitive(Object(1)));
// == isDeepStrictEqual
const util = require('util');
console.log(util.isDeepStrictEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), util.isDeepStrictEqual([1], ['1']), util.isDeepStrictEqual(new Set([1]), new Set([1])));
// == TextEncoder in util
const util = require('util');
console.log(util.TextEncoder === TextEncoder, util.TextDecoder === TextDecoder);
// == stripVTControlCharacters and toUSVString
const util = require('util');
console.log(util.stripVTControlCharacters('\u001b[31mred\u001b[39m'), util.toUSVString('a\uD800b'));
// == promisify keeps this and passes several arguments
const util = require('util');
const obj = { factor: 3, mul(x, cb) { setTimeout(() => cb(null, x * this.factor), 1); } };
console.log(await util.promisify(obj.mul).call(obj, 5));
const multi = (cb) => cb(null, 'a', 'b');
console.log(await util.promisify(multi)());
// == promisify.custom
const util = require('util');
function legacy(cb) { cb(null, 'callback'); }
legacy[util.promisify.custom] = () => Promise.resolve('custom');
console.log(await util.promisify(legacy)(), util.promisify(legacy) === legacy[util.promisify.custom]);
console.log(util.promisify.custom === Symbol.for('nodejs.util.promisify.custom'));
// == promisify of setTimeout and setImmediate
const util = require('util');
const sleep = util.promisify(setTimeout);
console.log(await sleep(1, 'slept'), await util.promisify(setImmediate)('imm'));
// == promisify rejects with the error and needs a function
const util = require('util');
try { await util.promisify((cb) => cb(new TypeError('typed')))(); } catch (e) { console.log(e.name, e.message); }
try { util.promisify('nope'); } catch (e) { console.log(e.name, e.code, e.message); }
try { util.promisify(); } catch (e) { console.log(e); }
// == promisified function keeps properties
const util = require('util');
function named(a, b, cb) { cb(null, a + b); }
named.extra = 1;
const pn = util.promisify(named);
console.log(pn.name, pn.length, pn.extra, await pn(1, 2));
// == callbackify passes errors and falsy rejections
const util = require('util');
util.callbackify(async () => { throw new Error('cb err'); })((err, v) => console.log(err.message, v));
util.callbackify(() => Promise.reject(null))((err) => console.log(err.code, err.message, err.reason));
util.callbackify(() => Promise.reject(0))((err) => console.log(err.code, err.reason));
await new Promise((r) => setTimeout(r, 5));
// == callbackify needs a function and a callback
const util = require('util');
try { util.callbackify(1); } catch (e) { console.log(e.code, e.message); }
try { util.callbackify(async () => 1)(1, 2); } catch (e) { console.log(e.code, e.message); }
// == callbackify keeps the name
const util = require('util');
async function fetchThing() { return 1; }
const cbf = util.callbackify(fetchThing);
console.log(cbf.name, cbf.length);
// == inherits with bad arguments
const util = require('util');
try { util.inherits(function () {}, null); } catch (e) { console.log(e.code, e.message); }
try { util.inherits(null, function () {}); } catch (e) { console.log(e.code, e.message); }
try { util.inherits(function () {}, {}); } catch (e) { console.log(e.code, e.message); }
// == inherits with EventEmitter
const util = require('util');
const EventEmitter = require('events');
function Legacy() { EventEmitter.call(this); }
util.inherits(Legacy, EventEmitter);
const l = new Legacy();
l.on('x', (v) => console.log('got', v));
l.emit('x', 1);
console.log(l instanceof EventEmitter, Legacy.super_ === EventEmitter);
// == deprecate warns once
const util = require('util');
const old = util.deprecate(() => 'result', 'old() is deprecated, use new()', 'DEP_X');
console.log(old(), old());
const other = util.deprecate(function other() { return 2; }, 'other is deprecated');
console.log(other());
await new Promise((r) => setTimeout(r, 5));
// == deprecate keeps this and works with new
const util = require('util');
const D = util.deprecate(class Thing { constructor(x) { this.x = x; } }, 'Thing is deprecated', 'DEP_T');
console.log(new D(3).x, new D(4) instanceof D);
await new Promise((r) => setTimeout(r, 5));
// == deprecate with the same code warns once
const util = require('util');
const a1 = util.deprecate(() => 1, 'first message', 'DEP_SAME');
const a2 = util.deprecate(() => 2, 'second message', 'DEP_SAME');
a1(); a2();
await new Promise((r) => setTimeout(r, 5));
// == the deprecation warning event
const util = require('util');
process.on('warning', (w) => console.log('event', w.name, w.code, w.message));
util.deprecate(() => {}, 'listened', 'DEP_L')();
await new Promise((r) => setTimeout(r, 5));
// == debuglog is silent
const util = require('util');
const debug = util.debuglog('mysection');
debug('not printed %s', 'ever');
console.log(typeof debug, debug.enabled, util.debug === util.debuglog);
// == util.types for every kind
const util = require('util');
const t = util.types;
console.log(t.isAnyArrayBuffer(new SharedArrayBuffer(1)), t.isArrayBufferView(new DataView(new ArrayBuffer(1))), t.isArgumentsObject((function () { return arguments; })()));
console.log(t.isBigInt64Array(new BigInt64Array(1)), t.isBooleanObject(new Boolean(false)), t.isBoxedPrimitive(Object(Symbol())), t.isDataView(new DataView(new ArrayBuffer(1))));
console.log(t.isGeneratorObject((function* () {})()), t.isMapIterator(new Map().keys()), t.isSetIterator(new Set().values()), t.isModuleNamespaceObject({}));
console.log(t.isNumberObject(1), t.isNumberObject(new Number(1)), t.isStringObject(new String('')), t.isSymbolObject(Object(Symbol())), t.isWeakMap(new WeakMap()), t.isWeakSet(new WeakSet()));
console.log(t.isProxy(new Proxy({}, {})), t.isProxy({}), t.isExternal({}), t.isSharedArrayBuffer(new ArrayBuffer(1)), t.isUint8ClampedArray(new Uint8ClampedArray(1)), t.isFloat32Array(new Float32Array(1)));
console.log(t.isPromise({ then() {} }), t.isAsyncFunction(async function* () {}), t.isGeneratorFunction(async function* () {}), t.isNativeError(Object.create(Error.prototype)));
console.log(t.isDate(Object.create(Date.prototype)), t.isRegExp(Object.create(RegExp.prototype)), t.isMap(Object.create(Map.prototype)), t.isKeyObject({}), t.isCryptoKey({}));
// == util.types ignores Symbol.toStringTag
const t = require('util').types;
const fake = { [Symbol.toStringTag]: 'Date' };
console.log(t.isDate(fake), Object.prototype.toString.call(fake), t.isUint8Array(Buffer.alloc(1)), t.isTypedArray([]));
// == legacy type checks
const util = require('util');
console.log(util.isArray([]), util.isBoolean(false), util.isNull(null), util.isNullOrUndefined(undefined), util.isNumber(NaN), util.isString(''));
console.log(util.isSymbol(Symbol()), util.isUndefined(undefined), util.isRegExp(/x/), util.isObject(null), util.isObject({}), util.isDate(new Date()));
console.log(util.isError(new Error()), util.isError({}), util.isFunction(() => {}), util.isPrimitive(null), util.isPrimitive({}), util.isBuffer(Buffer.alloc(0)));
// == isDeepStrictEqual in depth
const util = require('util');
const eq = util.isDeepStrictEqual;
console.log(eq(new Map([[1, { a: 1 }]]), new Map([[1, { a: 1 }]])), eq(new Map([[1, 2]]), new Map([[1, 3]])), eq([1, 2], [1, 2, 3]));
console.log(eq({ a: undefined }, {}), eq([1, , 3], [1, undefined, 3]), eq(new Date(0), new Date(0)), eq(/a/g, /a/i));
console.log(eq(NaN, NaN), eq(0, -0), eq(new Number(1), new Number(1)), eq(Object.create(null), {}), eq(new Set([{}]), new Set([{}])));
console.log(eq(Buffer.from('a'), new Uint8Array([97])), eq(new Uint8Array([1]), new Uint8Array([1])), eq(new Error('x'), new Error('x')), eq(new Error('x'), new TypeError('x')));
const c1 = { a: 1 }; c1.self = c1;
const c2 = { a: 1 }; c2.self = c2;
console.log(eq(c1, c2), eq({ [Symbol.for('s')]: 1 }, { [Symbol.for('s')]: 1 }), eq({ [Symbol.for('s')]: 1 }, {}));
// == format with objects that have inspect custom
const util = require('util');
class Money { constructor(v) { this.v = v; } [util.inspect.custom]() { return `$${this.v}`; } }
console.log(util.format('%s %o %O %j', new Money(1), new Money(2), new Money(3), new Money(4)));
console.log(util.format('%s', new Money(5)), `${util.inspect(new Money(6))}`);
// == inspect of strings in arrays uses single quotes
const util = require('util');
console.log(util.inspect(["a'b", 'c"d', 'e`f', "g'h\"i"]));
// == toUSVString and stripVTControlCharacters
const util = require('util');
console.log(util.toUSVString('\uDC00abc\uD800'), util.stripVTControlCharacters('\u001b[1mbold\u001b[22m \u001b]8;;http://x\u0007link\u001b]8;;\u0007'));
// == util.aborted resolves on abort
const util = require('util');
const ac = new AbortController();
const done = util.aborted(ac.signal, {});
ac.abort();
await done;
console.log('aborted resolved');
// == util.isDeepStrictEqual with prototypes
const util = require('util');
class A1 { constructor() { this.x = 1; } }
console.log(util.isDeepStrictEqual(new A1(), { x: 1 }), util.isDeepStrictEqual(new A1(), new A1()));
// == util.inspect of a module namespace like object and globals
const util = require('util');
console.log(util.inspect(Object.create(null, { [Symbol.toStringTag]: { value: 'Module' } })));
// == util.format with a number first
const util = require('util');
console.log(util.format(1, 2), util.format(null, 'a'), util.format(undefined), util.format({ a: 1 }, '%s', 'x'));
// == TextEncoder and TextDecoder from util
const { TextEncoder: TE, TextDecoder: TD } = require('util');
console.log(new TD().decode(new TE().encode('round ✓ trip')));
// == util.inspect.custom symbol is shared
const util = require('util');
console.log(util.inspect.custom === Symbol.for('nodejs.util.inspect.custom'), typeof util.inspect.defaultOptions);
// == util.types.isPromise does not mark a rejection handled
const util = require('util');
const rejected = Promise.reject(new Error('still unhandled'));
console.log(util.types.isPromise(rejected));
await new Promise((r) => setTimeout(r, 5));
// == util.styleText
const util = require('util');
console.log(JSON.stringify(util.styleText('red', 'plain when not a terminal')), JSON.stringify(util.styleText(['bold', 'underline'], 'y')));
try { util.styleText('nope', 'x'); } catch (e) { console.log(e.name, e.code, e.message.slice(0, 60)); }
try { util.styleText('red', 5); } catch (e) { console.log(e.name, e.code, e.message); }
console.log(JSON.stringify(util.styleText('green', 'forced', { validateStream: false })));
// == util._extend
const util = require('util');
console.log(util._extend({ a: 1 }, { b: 2, a: 3 }), util._extend({ x: 1 }, null), util._extend({ y: 1 }, 'str'));
// == util.MIMEType
const { MIMEType, MIMEParams } = require('util');
const m = new MIMEType('Text/HTML; Charset="utf-8"; q=0.9; charset=ignored');
console.log(m.type, m.subtype, m.essence, m.params.get('charset'), m.params.get('q'), m.params.has('x'), String(m), JSON.stringify(m));
m.params.set('boundary', 'a b');
m.subtype = 'plain';
console.log(m.toString(), [...m.params.keys()], [...m.params]);
m.params.delete('q');
console.log(`${m}`, m.params instanceof MIMEParams);
for (const bad of ['nope', 'text/', '/html', 'te xt/html']) {
  try { new MIMEType(bad); } catch (e) { console.log(e.name, e.code, e.message); }
}
try { m.params.set('bad name', 'x'); } catch (e) { console.log(e.code, e.message); }
// == util.transferableAbortSignal
const util = require('util');
const ac = util.transferableAbortController();
console.log(ac instanceof AbortController, util.transferableAbortSignal(ac.signal) === ac.signal);
try { util.transferableAbortSignal({}); } catch (e) { console.log(e.name, e.code, e.message); }
// == util keys
// known: getSystemErrorMap, getSystemErrorName, _errnoException, _exceptionWithHostPort (libuv's error table) and parseEnv (dotenv parsing) are not implemented
console.log(Object.keys(require('util')).sort().join(' '));
