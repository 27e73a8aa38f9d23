// == format
const util = require('util');
console.log(util.format('%s=%d', 'x', 42), util.format('%o', { a: [1] }), util.format(1, 2, '3'));
console.log(util.format('%i %f %j %%', '42.5', '1.5', { k: 'v' }), util.format('%s', null, undefined));
// == inspect options
console.log(util.inspect({ a: { b: { c: { d: {} } } } }, { depth: 0 }), util.inspect('str'), util.inspect([1, [2, [3, [4]]]], { depth: 1 }));
console.log(util.inspect({ a: 1, b: 2 }, { compact: false }));
console.log(util.inspect(new Map([[1, 2]]), { showHidden: false }), util.inspect({ x: 'y' }, { colors: false }));
console.log(util.inspect('a'.repeat(5), { maxStringLength: 2 }), util.inspect(Array(200).fill(0), { maxArrayLength: 3 }));
// == inspect.custom
class C { [util.inspect.custom]() { return 'custom!'; } }
console.log(new C(), [new C()], util.inspect(new C()));
// == promisify and callbackify
const cbfn = (x, cb) => setTimeout(() => cb(null, x * 2), 1);
console.log(await util.promisify(cbfn)(21));
const errfn = (cb) => cb(new Error('nope'));
try { await util.promisify(errfn)(); } catch (e) { console.log(e.message); }
await new Promise((resolve) => util.callbackify(async (v) => v + 1)(1, (err, v) => { console.log(err, v); resolve(); }));
// == inherits and deprecate
function Base() {}
Base.prototype.hi = () => 'hi';
function Child() {}
util.inherits(Child, Base);
console.log(new Child().hi(), Child.super_ === Base);
// == types
const t = util.types;
console.log(t.isDate(new Date()), t.isRegExp(/x/), t.isPromise(Promise.resolve()), t.isMap(new Map()), t.isSet(new Set()));
console.log(t.isTypedArray(new Uint8Array()), t.isUint8Array(Buffer.alloc(1)), t.isArrayBuffer(new ArrayBuffer(1)), t.isAsyncFunction(async () => {}));
console.log(t.isDate({}), t.isRegExp({ source: 'x' }), t.isGeneratorFunction(function* () {}), t.isNativeError(new TypeError()), t.isBoxedPrimitive(Object(1)));
// == isDeepStrictEqual
console.log(util.isDeepStrictEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), util.isDeepStrictEqual([1], ['1']), util.isDeepStrictEqual(new Set([1]), new Set([1])));
// == TextEncoder in util
console.log(util.TextEncoder === TextEncoder, util.TextDecoder === TextDecoder);
// == stripVTControlCharacters and toUSVString
console.log(util.stripVTControlCharacters('\u001b[31mred\u001b[39m'), util.toUSVString('a\uD800b'));
