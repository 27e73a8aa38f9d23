// == on, once, emit, off
const EventEmitter = require('events');
const e = new EventEmitter();
const seen = [];
const onA = (x) => seen.push(`a:${x}`);
e.on('a', onA);
e.once('a', (x) => seen.push(`once:${x}`));
e.emit('a', 1); e.emit('a', 2);
e.off('a', onA);
console.log(e.emit('a', 3), seen, e.listenerCount('a'), e.eventNames());
// == error without a listener throws
try { new EventEmitter().emit('error', new Error('boom')); } catch (err) { console.log(err.message); }
// == prepend and order
const EventEmitter = require('events');
const o = new EventEmitter(); const order = [];
o.on('x', () => order.push(1)); o.prependListener('x', () => order.push(0));
o.emit('x'); console.log(order);
// == events.once resolves with the arguments
const EventEmitter = require('events');
const w = new EventEmitter();
setTimeout(() => w.emit('ready', 1, 2), 1);
console.log(await EventEmitter.once(w, 'ready'));
// == subclassing
const EventEmitter = require('events');
class Thing extends EventEmitter {}
const t = new Thing(); t.on('go', function () { console.log(this === t); }); t.emit('go');
// == max listeners and names
const EventEmitter = require('events');
console.log(EventEmitter.defaultMaxListeners, typeof EventEmitter.EventEmitter, new EventEmitter().getMaxListeners());
// == listeners, rawListeners and once wrappers
const EventEmitter = require('events');
const e = new EventEmitter();
const f = () => {};
e.on('a', f);
e.once('a', f);
console.log(e.listeners('a').length, e.listeners('a')[1] === f, e.rawListeners('a')[1] === f, typeof e.rawListeners('a')[1].listener);
e.emit('a');
console.log(e.listenerCount('a'), e.listenerCount('none'));
// == removeListener of a once listener by its function
const EventEmitter = require('events');
const e = new EventEmitter();
const f = () => console.log('never');
e.once('x', f);
e.removeListener('x', f);
console.log(e.emit('x'), e.listenerCount('x'));
// == removeAllListeners
const EventEmitter = require('events');
const e = new EventEmitter();
e.on('a', () => {}); e.on('b', () => {}); e.on('b', () => {});
e.removeAllListeners('b');
console.log(e.eventNames());
e.removeAllListeners();
console.log(e.eventNames(), e.removeAllListeners() === e);
// == newListener and removeListener events
const EventEmitter = require('events');
const e = new EventEmitter();
e.on('newListener', (name, fn) => console.log('new', String(name), typeof fn));
e.on('removeListener', (name) => console.log('removed', String(name)));
const g = () => {};
e.on('data', g);
e.once(Symbol('sym'), g);
e.off('data', g);
// == newListener fires before the listener is added
const EventEmitter = require('events');
const e = new EventEmitter();
e.once('newListener', (name) => {
  if (name === 'evt') e.on('evt', () => console.log('B'));
});
e.on('evt', () => console.log('A'));
e.emit('evt');
// == emit returns whether there were listeners and passes all arguments
const EventEmitter = require('events');
const e = new EventEmitter();
console.log(e.emit('nothing'));
e.on('many', (...args) => console.log(args));
console.log(e.emit('many', 1, 'two', { three: 3 }, [4], undefined));
// == listeners run in order and a throwing one stops the rest
const EventEmitter = require('events');
const e = new EventEmitter();
e.on('x', () => console.log('first'));
e.on('x', () => { throw new Error('second throws'); });
e.on('x', () => console.log('third'));
try { e.emit('x'); } catch (err) { console.log('caught', err.message); }
// == removing a listener during emit does not affect the current emit
const EventEmitter = require('events');
const e = new EventEmitter();
const b = () => console.log('b');
e.on('x', () => { console.log('a'); e.off('x', b); });
e.on('x', b);
e.emit('x');
e.emit('x');
// == error events
const EventEmitter = require('events');
const e = new EventEmitter();
try { e.emit('error', new TypeError('typed')); } catch (err) { console.log(err.name, err.message); }
try { e.emit('error', 'a string'); } catch (err) { console.log(err.name, err.code, err.message, err.context); }
try { e.emit('error', { code: 42 }); } catch (err) { console.log(err.name, err.code, err.message); }
try { e.emit('error'); } catch (err) { console.log(err.name, err.code, err.message); }
e.on('error', (err) => console.log('handled', err.message));
console.log(e.emit('error', new Error('with listener')));
// == an unhandled error event printed
const EventEmitter = require('events');
try { new EventEmitter().emit('error', 'plain'); } catch (err) { console.log(err); }
// == errorMonitor sees errors first
const EventEmitter = require('events');
const e = new EventEmitter();
e.on(EventEmitter.errorMonitor, (err) => console.log('monitor', err.message));
try { e.emit('error', new Error('monitored')); } catch (err) { console.log('thrown', err.message); }
console.log(typeof EventEmitter.errorMonitor, String(EventEmitter.errorMonitor));
// == max listeners warning
const EventEmitter = require('events');
const e = new EventEmitter();
for (let i = 0; i < 11; i++) e.on('leak', () => {});
await new Promise((r) => setTimeout(r, 5));
console.log(e.listenerCount('leak'));
// == max listeners warning for a class with a name
const EventEmitter = require('events');
class Socketish extends EventEmitter {}
const e = new Socketish();
e.setMaxListeners(2);
e.on('data', () => {}); e.on('data', () => {}); e.on('data', () => {});
e.on('data', () => {});
await new Promise((r) => setTimeout(r, 5));
// == the max listeners warning object
const EventEmitter = require('events');
process.on('warning', (w) => console.log(w.name, w.emitter === e, w.type, w.count, w.message));
const e = new EventEmitter();
e.setMaxListeners(1);
e.on('y', () => {}); e.on('y', () => {});
await new Promise((r) => setTimeout(r, 5));
// == setMaxListeners validates
const EventEmitter = require('events');
const e = new EventEmitter();
try { e.setMaxListeners(-1); } catch (err) { console.log(err.name, err.code, err.message); }
try { e.setMaxListeners('x'); } catch (err) { console.log(err.name, err.code, err.message); }
console.log(e.setMaxListeners(0) === e, e.getMaxListeners(), new EventEmitter().setMaxListeners(Infinity).getMaxListeners());
// == defaultMaxListeners changes
const EventEmitter = require('events');
const before = EventEmitter.defaultMaxListeners;
EventEmitter.defaultMaxListeners = 1;
const e = new EventEmitter();
e.on('z', () => {}); e.on('z', () => {});
EventEmitter.defaultMaxListeners = before;
await new Promise((r) => setTimeout(r, 5));
try { EventEmitter.defaultMaxListeners = -5; } catch (err) { console.log(err.code, err.message); }
// == listener must be a function
const EventEmitter = require('events');
const e = new EventEmitter();
for (const method of ['on', 'once', 'prependListener', 'prependOnceListener', 'removeListener']) {
  try { e[method]('x', 'not a function'); } catch (err) { console.log(method, err.name, err.code, err.message); }
}
// == prependOnceListener
const EventEmitter = require('events');
const e = new EventEmitter();
const order = [];
e.on('p', () => order.push('on'));
e.prependOnceListener('p', () => order.push('prepended once'));
e.emit('p'); e.emit('p');
console.log(order);
// == symbols as event names
const EventEmitter = require('events');
const e = new EventEmitter();
const s = Symbol('evt');
e.on(s, (v) => console.log('symbol event', v));
e.emit(s, 1);
console.log(e.eventNames());
// == this in listeners
const EventEmitter = require('events');
const e = new EventEmitter();
e.on('t', function () { console.log(this === e); });
e.on('t', () => console.log(typeof this));
e.emit('t');
// == once with events.once and an error
const { once, EventEmitter } = require('events');
const e = new EventEmitter();
setTimeout(() => e.emit('error', new Error('failed before ready')), 1);
try { await once(e, 'ready'); } catch (err) { console.log('rejected', err.message); }
console.log(e.listenerCount('ready'), e.listenerCount('error'));
// == events.once with an AbortSignal
const { once, EventEmitter } = require('events');
const e = new EventEmitter();
const ac = new AbortController();
const p = once(e, 'never', { signal: ac.signal });
ac.abort();
try { await p; } catch (err) { console.log(err.name, err.code, err.message); }
try { await once(e, 'never', { signal: AbortSignal.abort() }); } catch (err) { console.log(err.name, err.code, err.cause); }
console.log(e.listenerCount('never'));
// == events.once on an EventTarget
const { once } = require('events');
const et = new EventTarget();
setTimeout(() => et.dispatchEvent(new Event('ping')), 1);
const [ev] = await once(et, 'ping');
console.log(ev.type, ev instanceof Event);
// == events.on async iterator
const { on, EventEmitter } = require('events');
const e = new EventEmitter();
setTimeout(() => { e.emit('tick', 1); e.emit('tick', 2, 'b'); e.emit('tick', 3); }, 1);
const got = [];
for await (const args of on(e, 'tick')) {
  got.push(args);
  if (got.length === 3) break;
}
console.log(got, e.listenerCount('tick'), e.listenerCount('error'));
// == events.on rejects on error
const { on, EventEmitter } = require('events');
const e = new EventEmitter();
setTimeout(() => e.emit('error', new Error('stream broke')), 1);
try {
  for await (const x of on(e, 'data')) console.log(x);
} catch (err) {
  console.log('caught', err.message);
}
// == events.on with an AbortSignal
const { on, EventEmitter } = require('events');
const e = new EventEmitter();
const ac = new AbortController();
setTimeout(() => { e.emit('d', 1); ac.abort(); }, 1);
try {
  for await (const [v] of on(e, 'd', { signal: ac.signal })) console.log('value', v);
} catch (err) {
  console.log(err.name, err.code, err.message);
}
// == getEventListeners and listenerCount helpers
const events = require('events');
const e = new events.EventEmitter();
const h = () => {};
e.on('q', h);
const et = new EventTarget();
et.addEventListener('q', h);
console.log(events.getEventListeners(e, 'q').length, events.getEventListeners(et, 'q').length, events.listenerCount(e, 'q'));
// == setMaxListeners on several targets
const events = require('events');
const a = new events.EventEmitter();
const b = new events.EventEmitter();
events.setMaxListeners(3, a, b);
console.log(a.getMaxListeners(), b.getMaxListeners());
// == the module exports
const events = require('events');
console.log(typeof events, events === events.EventEmitter, typeof events.once, typeof events.on, typeof events.getEventListeners, typeof events.EventEmitterAsyncResource, events.captureRejections);
console.log(Object.keys(events).sort());
// == captureRejections routes async listener rejections to error
const { EventEmitter } = require('events');
const e = new EventEmitter({ captureRejections: true });
e.on('job', async () => { throw new Error('async failure'); });
e.on('error', (err) => console.log('error event', err.message));
e.emit('job');
await new Promise((r) => setTimeout(r, 5));
// == captureRejections with a custom handler
const { EventEmitter, captureRejectionSymbol } = require('events');
class Custom extends EventEmitter {
  constructor() { super({ captureRejections: true }); }
  [captureRejectionSymbol](err, name, ...args) { console.log('custom', err.message, name, args); }
}
const c = new Custom();
c.on('go', async () => { throw new Error('custom failure'); });
c.emit('go', 1, 2);
await new Promise((r) => setTimeout(r, 5));
console.log(captureRejectionSymbol === Symbol.for('nodejs.rejection'));
// == EventEmitter constructor options are validated
const { EventEmitter } = require('events');
try { new EventEmitter({ captureRejections: 'yes' }); } catch (err) { console.log(err.name, err.code, err.message); }
// == inspect an emitter
const { EventEmitter } = require('events');
const e = new EventEmitter();
e.on('a', function named() {});
console.log(e);
class Sub extends EventEmitter { constructor() { super(); this.state = 1; } }
console.log(new Sub());
// == emitter methods return this for chaining
const { EventEmitter } = require('events');
const e = new EventEmitter();
const f = () => {};
console.log(e.on('a', f) === e, e.once('a', f) === e, e.off('a', f) === e, e.prependListener('a', f) === e, e.addListener('b', f) === e);
// == addListener and removeListener aliases
const { EventEmitter } = require('events');
const p = EventEmitter.prototype;
console.log(p.on === p.addListener, p.off === p.removeListener);
// == EventEmitter.init and usingDomains
const { EventEmitter } = require('events');
console.log(typeof EventEmitter.init, EventEmitter.usingDomains);
