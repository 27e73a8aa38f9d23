// == a thrown Error ends the action
throw new Error('handler failed');
// == a thrown TypeError keeps its name
throw new TypeError('wrong type');
// == a custom error class thrown
class AuthError extends Error {
  constructor(message) { super(message); this.name = 'AuthError'; this.code = 'E_AUTH'; }
}
throw new AuthError('denied');
// == a string thrown
// known: the platform reports a thrown non-object as `Error: <value>` (its error contract); node's runner as the value
throw 'plain string';
// == an object thrown
throw { name: 'Weird', message: 'object thrown' };
// == an error thrown after an await
await new Promise((r) => setTimeout(r, 1));
throw new RangeError('late');
// == a rejected promise returned
return Promise.reject(new Error('returned rejection'));
// == an error thrown in a timer callback
await new Promise((resolve) => {
  setTimeout(() => { resolve(); }, 5);
});
console.log('done');
// == an unhandled rejection fails the action
Promise.reject(new Error('nobody listens'));
await new Promise((r) => setTimeout(r, 5));
console.log('after');
// == a rejection handled later in the same tick is fine
const p = Promise.reject(new Error('handled'));
p.catch((e) => console.log('caught', e.message));
await p.catch(() => {});
// == an error logged with console.error
try {
  JSON.parse('{bad json');
} catch (e) {
  console.error('parse failed:', e.name);
}
// == errors caught and logged in full
try {
  null.property;
} catch (e) {
  console.log(e instanceof TypeError, e.name);
}
// == error message, name and toString
const e = new Error('msg');
console.log(e.message, e.name, e.toString(), String(new TypeError('t')), Object.prototype.toString.call(e));
const noMsg = new Error();
console.log(noMsg.toString(), JSON.stringify(noMsg), Object.keys(new Error('x')));
// == error properties are not enumerable
const err = new Error('x', { cause: 1 });
console.log(Object.keys(err), 'stack' in err, typeof err.stack);
console.log(err.propertyIsEnumerable('message'), err.propertyIsEnumerable('cause'), err.propertyIsEnumerable('stack'));
// == an error's stack is an own property
// known: QuickJS keeps an error's stack behind Error.prototype's accessor until first read; V8 makes it an own property at once
console.log(Object.getOwnPropertyNames(new Error('x', { cause: 1 })).sort());
// == stack starts with the name and message
const s = new Error('first line');
console.log(s.stack.split('\n')[0]);
class Named extends Error { constructor(m) { super(m); this.name = 'Named'; } }
console.log(new Named('n').stack.split('\n')[0], new TypeError().stack.split('\n')[0]);
// == stack frames start with at
const lines = new Error('x').stack.split('\n');
console.log(lines.length > 1, lines.slice(1).every((l) => l.startsWith('    at ')));
// == captureStackTrace on a plain object
const o = { message: 'on object' };
Error.captureStackTrace(o);
console.log(o.stack.split('\n')[0], Object.keys(o));
const o2 = {};
Error.captureStackTrace(o2);
console.log(o2.stack.split('\n')[0]);
// == captureStackTrace in a constructor, name set after
class Late extends Error {
  constructor(m) { super(m); Error.captureStackTrace(this, Late); this.name = 'Late'; }
}
console.log(new Late('later').stack.split('\n')[0]);
console.log(new Late('logged'));
// == stack can be assigned
const a = new Error('assign');
a.stack = 'replaced';
console.log(a.stack, Object.keys(a));
// == stackTraceLimit zero
const limit = Error.stackTraceLimit;
Error.stackTraceLimit = 0;
const z = new Error('no frames');
Error.stackTraceLimit = limit;
console.log(JSON.stringify(z.stack), typeof Error.stackTraceLimit);
// == cause chain printed
const inner = new Error('inner');
const middle = new Error('middle', { cause: inner });
console.log(new Error('outer', { cause: middle }));
// == cause that is circular
const c1 = new Error('loop');
c1.cause = c1;
console.log(c1);
// == error with a code printed by console.error
const ce = new Error('Request failed with status code 500');
ce.code = 'ERR_BAD_RESPONSE';
ce.response = { status: 500, data: { error: 'internal' } };
console.error(ce);
// == errors inside util.format
console.log('failed: %s', new Error('as string'));
console.log('failed: %o', 'x');
console.log('failed:', new Error('as arg').message);
// == AggregateError from Promise.any
// known: QuickJS's Promise.any rejects with an AggregateError without a message
try {
  await Promise.any([Promise.reject(new Error('a')), Promise.reject(new Error('b'))]);
} catch (e) {
  console.log(e.name, e.message, e.errors.map((x) => x.message));
}
// == Promise.allSettled outcomes
console.log(await Promise.allSettled([Promise.resolve(1), Promise.reject(new Error('r'))]).then((r) => r.map((x) => x.status)));
// == errors from JSON.parse are SyntaxErrors
try { JSON.parse(''); } catch (e) { console.log(e.name, e instanceof SyntaxError); }
// == an error thrown from a nested async function
async function inner2() { await null; throw new Error('deep'); }
async function outer2() { return inner2(); }
await outer2();
// == DOMException
const d = new DOMException('the message', 'AbortError');
console.log(d.name, d.message, d.code, d instanceof Error, String(d));
console.log(Object.prototype.toString.call(d), DOMException.ABORT_ERR, new DOMException('x').name);
// == DOMException printed
console.log(new DOMException('printed', 'NotFoundError'));
// == an error with a non-string message
console.log(new Error(42).message, new Error({ toString() { return 'obj'; } }).message, new Error(undefined).message === '');
// == Error.prototype.toString on custom objects
console.log(Error.prototype.toString.call({ name: 'N', message: 'M' }), Error.prototype.toString.call({}));
// == an error thrown in a timer callback ends the action
setTimeout(() => { throw new Error('in timer'); }, 1);
await new Promise((r) => setTimeout(r, 50));
console.log('not reached');
// == an error thrown in setImmediate ends the action
setImmediate(() => { throw new TypeError('in immediate'); });
await new Promise((r) => setTimeout(r, 50));
console.log('not reached');
// == an error thrown in process.nextTick ends the action
process.nextTick(() => { throw new Error('in tick'); });
await new Promise((r) => setTimeout(r, 50));
// == an unhandled rejection from a timer
setTimeout(() => { Promise.reject(new RangeError('timer rejection')); }, 1);
await new Promise((r) => setTimeout(r, 50));
console.log('not reached');
// == a thrown value that is not an error is catchable
for (const v of [42, null, undefined, 'str', { a: 1 }]) {
  try { throw v; } catch (e) { console.log(e); }
}
