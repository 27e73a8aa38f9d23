// == strings and primitives join with spaces
console.log('a', 'b', 1, -0, 0, 2n, true, null, undefined, NaN, Infinity);
// == format specifiers
console.log('%s is %d years and %i days, %f%%', 'Ada', 36.6, 12.9, 1.5);
console.log('%j %o', { a: 1 }, [1, 2]);
console.log('%s', { a: 1 }, 'extra', 3);
console.log('100%', 'done');
// == objects and arrays
console.log({ a: 1, b: 'two', c: [1, 2, 3], d: { e: { f: { g: 1 } } } });
console.log([1, 'a', null, undefined, { x: 1 }], []);
console.log({});
// == nested beyond depth two
console.log({ l1: { l2: { l3: { l4: 'deep' } } } });
// == long arrays and objects break lines
console.log(Array.from({ length: 120 }, (_, i) => i));
console.log(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`key${i}`, i * 1000])));
// == strings inside objects are quoted
console.log({ s: "it's", t: 'say "hi"', u: 'line\nbreak' });
console.log(['a\'b']);
// == maps, sets and symbols
console.log(new Map([['a', 1], [{ k: 1 }, [2]]]), new Set([1, 'two']));
console.log({ [Symbol('s')]: 1, sym: Symbol.iterator });
// == dates and regexps
console.log(new Date(0), /ab+c/gi, [new Date(86400000)]);
// == errors
const err = new TypeError('bad thing');
console.log(err.message, err.name, String(err));
console.log({ e: new RangeError('in an object') }.e instanceof RangeError);
// == functions and classes
class Foo { constructor() { this.x = 1; } }
console.log(function named() {}, () => {}, Foo, new Foo(), async function af() {});
// == typed arrays and buffers
console.log(new Uint8Array([1, 2, 3]), new Float64Array(2), new ArrayBuffer(4));
console.log(Buffer.from('hello'));
// == null prototype and getters
const o = Object.create(null); o.a = 1;
console.log(o, { get g() { return 1; }, set s(v) {} });
// == circular references
const c = { name: 'c' }; c.self = c;
console.log(c);
// == console.error and warn go out too
console.error('to stderr', 1);
console.warn({ warn: true });
console.info('info'); console.debug('debug');
// == console.table
console.table([{ a: 1, b: 'x' }, { a: 2, c: true }]);
console.table({ r1: { c: 1 }, r2: { c: 2 } });
console.table([1, 'two', { three: 3 }]);
console.table(new Map([['k', 'v']]));
console.table([{ a: 1, b: 2 }], ['a']);
console.table('not tabular');
// == console.group indents
console.log('out');
console.group('Group');
console.log('in');
console.group();
console.log({ nested: [1, 2] });
console.groupEnd();
console.groupEnd();
console.log('out again');
// == console.count and countReset
console.count(); console.count(); console.count('x'); console.countReset(); console.count();
// == console.assert
console.assert(true, 'not printed');
console.assert(false, 'printed %s', 'with format');
console.assert(false);
// == console.dir
console.dir({ a: { b: { c: { d: 1 } } } }, { depth: 0 });
console.dir('str');
// == inspect of class instances and inheritance
class Animal { constructor(n) { this.name = n; } }
class Dog extends Animal {}
console.log(new Dog('rex'), [new Animal('cat')]);
// == numbers format like node
console.log(0.1 + 0.2, 1e21, 1e-7, -1.5e300, 123456789012345680000, 2 ** 53, -0.0);
console.log([0.1, -0, 1e21]);
// == boxed primitives and weak collections
console.log(new Number(3), new String('s'), new Boolean(false), new WeakMap(), new WeakSet());
// == promises
console.log(Promise.resolve(42), Promise.reject(new Error('x')).catch(() => {}) && 'caught');
const pending = new Promise(() => {});
console.log(pending);
// == sparse arrays and extra properties
const arr = [1, , 3]; arr.extra = 'yes';
console.log(arr, new Array(5));
// == strings longer than the line
console.log({ long: 'x'.repeat(100) });
console.log(['y'.repeat(30), 'z'.repeat(30), 'w'.repeat(30)]);
