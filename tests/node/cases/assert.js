// == assert passes silently
const assert = require('assert');
assert(true);
assert.ok(1);
assert.equal(1, '1');
assert.strictEqual(NaN, NaN);
assert.deepEqual({ a: [1] }, { a: ['1'] });
assert.deepStrictEqual(new Map([[1, { b: 2 }]]), new Map([[1, { b: 2 }]]));
assert.notEqual(1, 2);
assert.notStrictEqual(1, '1');
assert.notDeepStrictEqual({ a: 1 }, { a: '1' });
console.log('all passed', typeof assert, assert.strict === require('assert/strict'));
// == assert.ok failure messages
const assert = require('assert');
for (const f of [() => assert(false), () => assert.ok(0), () => assert(null, 'custom message'), () => assert.ok('')]) {
  try { f(); } catch (e) { console.log(e.name, e.code, e.message, e.actual, e.expected, e.operator, e.generatedMessage); }
}
// == assert with an Error as message
const assert = require('assert');
try { assert(false, new TypeError('my own error')); } catch (e) { console.log(e.name, e.message, e instanceof TypeError); }
// == strictEqual failure messages
const assert = require('assert');
for (const [a, b] of [[1, 2], ['a', 'b'], [1, '1'], [null, undefined], [{}, {}], [[1, 2], [1, 2]]]) {
  try { assert.strictEqual(a, b); } catch (e) { console.log(JSON.stringify(e.message)); }
}
// == strictEqual of long strings
const assert = require('assert');
try { assert.strictEqual('a'.repeat(30) + 'X' + 'b'.repeat(30), 'a'.repeat(30) + 'Y' + 'b'.repeat(30)); } catch (e) { console.log(e.message); }
try { assert.strictEqual('line1\nline2\nline3', 'line1\nlineX\nline3'); } catch (e) { console.log(e.message); }
// == equal and notEqual messages
const assert = require('assert');
try { assert.equal(1, 2); } catch (e) { console.log(e.message, e.operator); }
try { assert.notEqual(1, '1'); } catch (e) { console.log(e.message, e.operator); }
try { assert.notStrictEqual(2, 2); } catch (e) { console.log(e.message, e.operator); }
try { assert.equal(1, 2, 'numbers differ'); } catch (e) { console.log(e.message, e.generatedMessage); }
// == deepStrictEqual diffs
const assert = require('assert');
try { assert.deepStrictEqual({ a: 1, b: [1, 2, 3] }, { a: 1, b: [1, 2, 4] }); } catch (e) { console.log(e.message); }
// == deepStrictEqual of different types
const assert = require('assert');
try { assert.deepStrictEqual([1, 2], { 0: 1, 1: 2 }); } catch (e) { console.log(e.message); }
try { assert.deepStrictEqual(new Set([1]), new Set([2])); } catch (e) { console.log(e.message); }
try { assert.deepStrictEqual(1, '1'); } catch (e) { console.log(e.message); }
// == deepEqual loose failures
const assert = require('assert');
try { assert.deepEqual({ a: 1 }, { a: 2 }); } catch (e) { console.log(e.message); }
try { assert.notDeepEqual({ a: 1 }, { a: '1' }); } catch (e) { console.log(e.message); }
// == notDeepStrictEqual failure
const assert = require('assert');
try { assert.notDeepStrictEqual({ a: [1] }, { a: [1] }); } catch (e) { console.log(e.message); }
// == throws with every kind of expectation
const assert = require('assert');
const thrower = () => { const e = new TypeError('bad value'); e.code = 'E_BAD'; throw e; };
assert.throws(thrower);
assert.throws(thrower, TypeError);
assert.throws(thrower, /bad/);
assert.throws(thrower, { name: 'TypeError', message: 'bad value', code: 'E_BAD' });
assert.throws(thrower, (e) => e instanceof TypeError);
console.log('throws ok');
// == throws failures
const assert = require('assert');
try { assert.throws(() => {}); } catch (e) { console.log(e.name, e.code, e.message, e.operator); }
try { assert.throws(() => {}, 'should throw'); } catch (e) { console.log(e.message); }
try { assert.throws(() => { throw new Error('wrong'); }, TypeError); } catch (e) { console.log(e.name, e.message); }
try { assert.throws(() => { throw new Error('nope'); }, /yes/); } catch (e) { console.log(e.message); }
try { assert.throws(() => { throw new Error('msg'); }, { message: 'other' }); } catch (e) { console.log(e.message); }
// == doesNotThrow
const assert = require('assert');
assert.doesNotThrow(() => 1);
try { assert.doesNotThrow(() => { throw new Error('oops'); }); } catch (e) { console.log(e.message); }
try { assert.doesNotThrow(() => { throw new Error('oops'); }, 'with message'); } catch (e) { console.log(e.message); }
// == rejects and doesNotReject
const assert = require('assert');
await assert.rejects(Promise.reject(new Error('rejected')), /rejected/);
await assert.rejects(async () => { throw new RangeError('r'); }, RangeError);
try { await assert.rejects(Promise.resolve(1)); } catch (e) { console.log(e.message); }
try { await assert.rejects(async () => 1, Error); } catch (e) { console.log(e.message); }
await assert.doesNotReject(Promise.resolve(2));
try { await assert.doesNotReject(Promise.reject(new Error('no'))); } catch (e) { console.log(e.message); }
try { await assert.rejects(1); } catch (e) { console.log(e.name, e.code, e.message); }
// == match and doesNotMatch
const assert = require('assert');
assert.match('abc', /b/);
try { assert.match('abc', /x/); } catch (e) { console.log(e.message); }
try { assert.doesNotMatch('abc', /b/); } catch (e) { console.log(e.message); }
try { assert.match(123, /1/); } catch (e) { console.log(e.name, e.code, e.message); }
// == fail and ifError
const assert = require('assert');
try { assert.fail(); } catch (e) { console.log(e.name, e.code, e.message); }
try { assert.fail('boom'); } catch (e) { console.log(e.message, e.operator); }
try { assert.fail(new TypeError('typed fail')); } catch (e) { console.log(e.name, e.message); }
assert.ifError(null);
assert.ifError(undefined);
try { assert.ifError(new Error('if error')); } catch (e) { console.log(e.message); }
try { assert.ifError('string'); } catch (e) { console.log(e.message); }
// == AssertionError class
const assert = require('assert');
const e = new assert.AssertionError({ actual: 1, expected: 2, operator: 'strictEqual' });
console.log(e.name, e.code, e.message, e instanceof Error, typeof assert.AssertionError);
const m = new assert.AssertionError({ message: 'custom' });
console.log(m.message, m.generatedMessage);
// == AssertionError printed
const assert = require('assert');
try { assert.strictEqual(1, 2); } catch (e) { console.log(e); }
// == assert.strict mode
const assert = require('assert').strict;
try { assert.equal(1, '1'); } catch (e) { console.log(e.message); }
try { assert.deepEqual({ a: 1 }, { a: '1' }); } catch (e) { console.log(e.message); }
// == deepStrictEqual details
const assert = require('assert');
const cases = [
  [new Date(0), new Date(1)], [/a/g, /a/i], [[1, , 3], [1, undefined, 3]], [Object.create(null), {}],
  [new Number(1), new Number(2)], [Symbol.for('a'), Symbol.for('b')], [new Error('a'), new Error('b')],
  [{ [Symbol.for('s')]: 1 }, {}], [-0, 0], [new Uint8Array([1]), new Uint8Array([2])],
];
for (const [a, b] of cases) {
  try { assert.deepStrictEqual(a, b); console.log('equal'); } catch (e) { console.log(e.message.split('\n')[0]); }
}
// == an unhandled assertion ends the action
const assert = require('assert');
assert.strictEqual(event.user.email, 'someone@else.com');
// == deep equality across many kinds
const { isDeepStrictEqual: strict } = require('util');
const assert = require('assert');
const loose = (a, b) => { try { assert.deepEqual(a, b); return true; } catch { return false; } };
const o1 = {}; const o2 = {};
const pairs = [
  [new Map([[o1, 1]]), new Map([[o2, 1]])], [new Map([[{ a: 1 }, 'x']]), new Map([[{ a: 1 }, 'x']])],
  [new Set([{ a: 1 }, { b: 2 }]), new Set([{ b: 2 }, { a: 1 }])], [new Set([1, '1']), new Set(['1', 1])],
  [new Set([NaN]), new Set([NaN])], [[NaN], [NaN]], [{ a: NaN }, { a: NaN }], [0, -0], [[0], [-0]],
  [new Number(1), new Number(1)], [new String('a'), 'a'], [new Boolean(true), new Boolean(true)],
  [Object.create({ x: 1 }), {}], [new (class A {})(), {}], [[1, 2], { 0: 1, 1: 2, length: 2 }],
  [new Error('a'), new Error('a')], [new TypeError('a'), new Error('a')], [Object.assign(new Error('a'), { code: 1 }), new Error('a')],
  [/a/g, /a/g], [/a/, /a/m], [new Date(0), new Date(0)], [new Date(NaN), new Date(NaN)],
  [Buffer.from('ab'), Buffer.from('ab')], [new Uint8Array([1]), new Int8Array([1])], [new Float64Array([0]), new Float64Array([-0])],
  [new ArrayBuffer(2), new ArrayBuffer(2)], [new DataView(new ArrayBuffer(1)), new DataView(new ArrayBuffer(1))],
  [{ a: undefined }, { b: undefined }], [[undefined], [, ]], [Symbol.iterator, Symbol.iterator],
  [() => {}, () => {}], [1, '1'], [null, undefined], [{ a: [1, { b: new Map([[1, new Set([2])]]) }] }, { a: [1, { b: new Map([[1, new Set([2])]]) }] }],
  [(() => { const a = [1]; a.x = 1; return a; })(), [1]], [new WeakMap(), new WeakMap()], [Promise.resolve(1), Promise.resolve(1)],
  [(function () { return arguments; })(1), [1]], [Object.create(null), Object.create(null)], [{ [Symbol.for('k')]: 1 }, { [Symbol.for('k')]: 2 }],
];
for (const [a, b] of pairs) console.log(strict(a, b), loose(a, b));
// == circular deep equality
const assert = require('assert');
const a = { x: 1 }; a.self = a;
const b = { x: 1 }; b.self = b;
const c = { x: 1, self: { x: 1 } }; c.self.self = c;
assert.deepStrictEqual(a, b);
console.log(require('util').isDeepStrictEqual(a, c));
const m1 = new Map(); m1.set('m', m1);
const m2 = new Map(); m2.set('m', m2);
assert.deepStrictEqual(m1, m2);
console.log('circular ok');
