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
