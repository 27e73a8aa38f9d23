// == a new controller and its signal
const ac = new AbortController();
console.log(ac.signal.aborted, ac.signal.reason, ac.signal instanceof AbortSignal, ac.signal instanceof EventTarget);
console.log(typeof ac.abort, ac.signal.onabort, Object.prototype.toString.call(ac), Object.prototype.toString.call(ac.signal));
// == abort with the default reason
const ac = new AbortController();
ac.abort();
const r = ac.signal.reason;
console.log(ac.signal.aborted, r instanceof DOMException, r.name, r.message, r.code);
// == abort with a reason of any kind
for (const reason of [new Error('custom'), 'string reason', 42, null, { obj: 1 }]) {
  const ac = new AbortController();
  ac.abort(reason);
  console.log(ac.signal.reason === reason, ac.signal.reason);
}
// == abort twice keeps the first reason and fires once
const ac = new AbortController();
let fired = 0;
ac.signal.addEventListener('abort', () => fired++);
ac.abort('first');
ac.abort('second');
console.log(ac.signal.reason, fired);
// == the abort event
const ac = new AbortController();
ac.signal.addEventListener('abort', (e) => {
  console.log(e.type, e.target === ac.signal, e.currentTarget === ac.signal, e.isTrusted, e instanceof Event, e.bubbles, e.cancelable);
});
ac.abort();
// == onabort
const ac = new AbortController();
ac.signal.onabort = function (e) { console.log('onabort', e.type, this === ac.signal); };
console.log(typeof ac.signal.onabort);
ac.abort();
const other = new AbortController();
other.signal.onabort = 'not a function';
console.log(other.signal.onabort);
// == listeners run in order, onabort in its place
const ac = new AbortController();
const order = [];
ac.signal.addEventListener('abort', () => order.push('listener 1'));
ac.signal.onabort = () => order.push('onabort');
ac.signal.addEventListener('abort', () => order.push('listener 2'));
ac.abort();
console.log(order);
// == throwIfAborted
const ac = new AbortController();
ac.signal.throwIfAborted();
ac.abort(new RangeError('stop'));
try { ac.signal.throwIfAborted(); } catch (e) { console.log(e.name, e.message); }
const s = AbortSignal.abort('a string');
try { s.throwIfAborted(); } catch (e) { console.log(typeof e, e); }
// == AbortSignal.abort
const s = AbortSignal.abort();
console.log(s.aborted, s.reason.name, s.reason.message);
console.log(AbortSignal.abort('why').reason);
// == AbortSignal.timeout
const s = AbortSignal.timeout(5);
console.log(s.aborted);
// The timeout's timer does not keep the action alive: this one does.
const alive = setTimeout(() => {}, 1000);
await new Promise((r) => s.addEventListener('abort', r));
clearTimeout(alive);
console.log(s.aborted, s.reason instanceof DOMException, s.reason.name, s.reason.message, s.reason.code);
// == AbortSignal.timeout does not keep the action alive
AbortSignal.timeout(100000);
console.log('returns at once');
// == AbortSignal.timeout validates
for (const v of [-1, 'x', 2 ** 53]) {
  try { AbortSignal.timeout(v); console.log('ok', v); } catch (e) { console.log(e.name, e.code, e.message); }
}
// == AbortSignal.any
const a = new AbortController();
const b = new AbortController();
const any = AbortSignal.any([a.signal, b.signal]);
any.addEventListener('abort', () => console.log('any aborted', any.reason));
console.log(any.aborted);
b.abort('from b');
a.abort('from a');
console.log(any.aborted, any.reason);
// == AbortSignal.any with an aborted signal
const any = AbortSignal.any([new AbortController().signal, AbortSignal.abort('already')]);
console.log(any.aborted, any.reason);
console.log(AbortSignal.any([]).aborted);
// == AbortSignal.any validates
try { AbortSignal.any([{}]); } catch (e) { console.log(e.name, e.code, e.message); }
try { AbortSignal.any('x'); } catch (e) { console.log(e.name, e.code, e.message); }
// == AbortSignal cannot be constructed
try { new AbortSignal(); } catch (e) { console.log(e.name, e.code, e.message); }
// == inspect controllers and signals
const ac = new AbortController();
console.log(ac);
console.log(ac.signal);
ac.abort();
console.log(ac.signal);
console.log([AbortSignal.abort('r')], { s: new AbortController().signal });
// == removeEventListener on a signal
const ac = new AbortController();
const h = () => console.log('never');
ac.signal.addEventListener('abort', h);
ac.signal.removeEventListener('abort', h);
ac.signal.addEventListener('abort', () => console.log('kept'), { once: true });
ac.abort();
// == abort inside a listener of another signal
const outer = new AbortController();
const inner = new AbortController();
outer.signal.addEventListener('abort', () => inner.abort(outer.signal.reason));
inner.signal.addEventListener('abort', () => console.log('inner', inner.signal.reason));
outer.abort('cascade');
// == a listener that throws
const ac = new AbortController();
ac.signal.addEventListener('abort', () => { throw new Error('listener threw'); });
ac.signal.addEventListener('abort', () => console.log('second still runs'));
ac.abort();
await new Promise((r) => setTimeout(r, 5));
console.log('after');
// == aborting a timers/promises sleep
const { setTimeout: sleep } = require('timers/promises');
const ac = new AbortController();
setTimeout(() => ac.abort(new Error('cancelled')), 2);
try { await sleep(10000, 'v', { signal: ac.signal }); } catch (e) { console.log(e.name, e.code, e.message, e.cause); }
// == an already aborted signal rejects timers/promises at once
const { setTimeout: sleep, setImmediate: immediate } = require('timers/promises');
try { await sleep(10, 'v', { signal: AbortSignal.abort() }); } catch (e) { console.log(e.name, e.code, e.message, e.cause.name); }
try { await immediate('v', { signal: AbortSignal.abort('r') }); } catch (e) { console.log(e.name, e.cause); }
// == AbortController and AbortSignal shapes
console.log(typeof AbortController, AbortController.name, AbortController.length, AbortSignal.name, typeof AbortSignal.abort, typeof AbortSignal.timeout, typeof AbortSignal.any);
console.log(Object.getOwnPropertyNames(AbortSignal.prototype).sort(), Object.getOwnPropertyNames(AbortController.prototype).sort());
// == util.aborted and addAbortListener
const { addAbortListener } = require('events');
const ac = new AbortController();
const disposable = addAbortListener(ac.signal, () => console.log('abort listener'));
console.log(typeof disposable[Symbol.dispose]);
ac.abort();
addAbortListener(AbortSignal.abort(), () => console.log('already aborted listener'));
await null;
await null;
// == a pending AbortSignal.timeout alone lets the action end unsettled
const s = AbortSignal.timeout(5);
await new Promise((r) => s.addEventListener('abort', r));
// known: a handler left pending with nothing to run: node's process exits, the sandbox reports that it never settled
console.log('never');
