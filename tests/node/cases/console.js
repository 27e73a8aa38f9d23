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
// == console.trace
console.trace('tracing %s', 'here', { extra: 1 });
console.trace();
// == console.time with an unknown label warns
console.timeEnd('never started');
console.timeLog('never started either');
console.time('dup');
console.time('dup');
// == console.countReset of an unknown label warns
console.countReset('nothing');
// == console.count with labels of other types
console.count(1); console.count(1); console.count({}); console.count(null); console.count(undefined);
// == console.dir options
const nested = { a: { b: { c: { d: { e: 1 } } } } };
console.dir(nested);
console.dir(nested, { depth: null });
console.dir(nested, { depth: 1, colors: false });
console.dir([1, 'two'], { showHidden: true });
class WithCustom { [Symbol.for('nodejs.util.inspect.custom')]() { return 'custom view'; } }
console.dir(new WithCustom());
console.log(new WithCustom());
// == console.dirxml is console.log
console.dirxml({ a: 1 }, [2], 'three');
// == console.group with labels and objects
console.group('Label %s', 'formatted', { obj: true });
console.info('info inside');
console.warn('warn inside');
console.error(new Error('error inside'));
console.table([{ a: 1 }]);
console.groupCollapsed();
console.log('collapsed\nmultiline');
console.groupEnd();
console.groupEnd();
console.groupEnd();
console.log('back out');
// == console.assert with objects and formats
console.assert(false, { a: 1 });
console.assert(0, 'value %d is falsy', 0);
console.assert('', 'empty string');
console.assert(null, 'null', 'and more', 3);
console.assert(1, 'never');
// == console.table edge cases
console.table([]);
console.table({});
console.table([[1, 2], [3, 4]]);
console.table([{ name: 'a', nested: { deep: { deeper: 1 } } }, { name: 'b', arr: [1, 2, 3, 4] }]);
console.table(new Set(['x', 'y']));
console.table([{ a: 1 }, 'prim', null, undefined]);
console.table({ row: 'value', other: 2 });
console.table([{ 'wide 全角': '日本語' }]);
console.table([{ a: 1, b: 2 }, { b: 3, c: 4 }], ['c', 'a']);
console.table(null); console.table(42); console.table(undefined);
// == console.table rejects bad properties
try { console.table([], 'a'); } catch (e) { console.log(e.name, e.code, e.message); }
// == console methods are bound functions
const { log, error } = console;
log('detached log', 1);
error('detached error');
console.log(typeof console.log, console.log.name, console.log.length);
// == the Console class
const { Console } = require('console');
console.log(typeof Console, require('console') === console, typeof require('node:console').log);
// == console.log with no arguments and empty strings
console.log();
console.log('');
console.log('', '');
console.log(' padded ');
// == format specifiers with too few and too many arguments
console.log('%s and %s', 'one');
console.log('%d%%', 50, 'extra', { more: 1 });
console.log('%i', 'not a number', '%s', 'x');
console.log('%o', [1, [2]], '%O');
console.log('no specifiers', '%s', 'literal');
console.log(5, '%s', 'not formatted');
// == %c is consumed
console.log('%cstyled%c text', 'color: red', 'font-weight: bold', 'after');
// == %s of special values
console.log('%s|%s|%s|%s|%s', -0, 1n, Symbol('s'), null, undefined);
console.log('%s', new Date(0));
console.log('%s', [1, [2, [3, [4]]]]);
console.log('%s', { toString() { return 'has toString'; } });
class K { toString() { return 'class toString'; } }
console.log('%s', new K());
console.log('%s', new Map([[1, 2]]), '%s', function fn() {});
// == %d and %i of special values
console.log('%d %d %d %d %d', '', '12px', null, [], true);
console.log('%i %i %i', 12.9, -0.5, 2n ** 70n);
console.log('%d', Symbol('x') === 1 ? 1 : 0, '%d');
// == %j of special values
console.log('%j %j %j %j', undefined, 'str', [1, undefined], { u: undefined, n: null });
console.log('%j', 1n === 1n ? { big: 'no bigint' } : 0);
// == console output of strings with control characters
console.log('tab\tand\rreturn');
console.log(['tab\t', 'nl\n', 'cr\r', 'bell\x07']);
// == console.log of very long single line strings
console.log('x'.repeat(300));
console.log(['x'.repeat(100)]);
// == console.debug and info and warn with formats
console.debug('%s debug', 'D');
console.info('%d info', 1);
console.warn('%j warn', { w: 1 });
console.error('%o error', { e: [1] });
// == console log of getters that throw
console.log({ get boom() { throw new Error('no'); } });
// == object with toJSON is not special for console
console.log({ toJSON() { return 'json'; }, a: 1 });
// == console.log of a function with a custom name
const f = () => {};
Object.defineProperty(f, 'name', { value: 'renamed' });
console.log(f, [function () {}.bind(null)]);
// == console.log of objects with numeric keys
console.log({ 2: 'b', 1: 'a', z: 'z', '-1': 'neg', 1.5: 'float' });
// == console.log of nested empty containers
console.log({ a: {}, b: [], c: new Map(), d: new Set(), e: '' });
console.log([[], [[]], {}]);
