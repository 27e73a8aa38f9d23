// == addEventListener and dispatchEvent
const et = new EventTarget();
et.addEventListener('ping', (e) => console.log('got', e.type, e.target === et, e.currentTarget === et, e.eventPhase));
const ev = new Event('ping');
console.log(et.dispatchEvent(ev), ev.eventPhase, ev.currentTarget, ev.target === et);
// == listener objects with handleEvent
const et = new EventTarget();
const listener = { handleEvent(e) { console.log('handled', e.type, this === listener); } };
et.addEventListener('x', listener);
et.dispatchEvent(new Event('x'));
// == the same listener is added once
const et = new EventTarget();
let n = 0;
const f = () => n++;
et.addEventListener('x', f);
et.addEventListener('x', f);
et.addEventListener('x', f, { capture: true });
et.dispatchEvent(new Event('x'));
console.log(n);
// == once, removeEventListener and capture
const et = new EventTarget();
const seen = [];
const f = () => seen.push('f');
et.addEventListener('x', () => seen.push('once'), { once: true });
et.addEventListener('x', f);
et.dispatchEvent(new Event('x'));
et.removeEventListener('x', f);
et.dispatchEvent(new Event('x'));
console.log(seen);
// == listener signal option removes it
const et = new EventTarget();
const ac = new AbortController();
et.addEventListener('x', () => console.log('listening'), { signal: ac.signal });
et.dispatchEvent(new Event('x'));
ac.abort();
et.dispatchEvent(new Event('x'));
console.log('done');
// == preventDefault and cancelable
const et = new EventTarget();
et.addEventListener('c', (e) => e.preventDefault());
const cancelable = new Event('c', { cancelable: true });
const plain = new Event('c');
console.log(et.dispatchEvent(cancelable), cancelable.defaultPrevented, et.dispatchEvent(plain), plain.defaultPrevented);
// == stopImmediatePropagation
const et = new EventTarget();
et.addEventListener('s', (e) => { console.log('first'); e.stopImmediatePropagation(); });
et.addEventListener('s', () => console.log('never'));
et.dispatchEvent(new Event('s'));
// == Event properties
const e = new Event('thing', { bubbles: true, cancelable: true, composed: true });
console.log(e.type, e.bubbles, e.cancelable, e.composed, e.defaultPrevented, e.isTrusted, e.eventPhase, e.returnValue, e.cancelBubble);
console.log(typeof e.timeStamp, e.target, e.srcElement, e.currentTarget, e.composedPath());
console.log(Event.NONE, Event.CAPTURING_PHASE, Event.AT_TARGET, Event.BUBBLING_PHASE);
// == Event needs a type
try { new Event(); } catch (err) { console.log(err.name, err.code, err.message); }
console.log(new Event(undefined + '').type, new Event(42).type);
// == CustomEvent detail
const et = new EventTarget();
et.addEventListener('custom', (e) => console.log(e.detail, e instanceof Event, e instanceof CustomEvent));
et.dispatchEvent(new CustomEvent('custom', { detail: { id: 7 } }));
console.log(new CustomEvent('x').detail);
// == dispatching the same event twice throws
const et = new EventTarget();
const ev = new Event('again');
et.addEventListener('again', () => {
  try { et.dispatchEvent(ev); } catch (err) { console.log(err.name, err.code, err.message); }
});
et.dispatchEvent(ev);
// == dispatchEvent needs an Event
const et = new EventTarget();
try { et.dispatchEvent({ type: 'fake' }); } catch (err) { console.log(err.name, err.code, err.message); }
// == a listener that throws does not stop the others
const et = new EventTarget();
et.addEventListener('t', () => { throw new Error('listener error'); });
et.addEventListener('t', () => console.log('second listener'));
et.dispatchEvent(new Event('t'));
await new Promise((r) => setTimeout(r, 5));
console.log('after');
// == subclassing EventTarget
class Door extends EventTarget {
  open() { this.dispatchEvent(new CustomEvent('open', { detail: 'now' })); }
}
const d = new Door();
d.addEventListener('open', (e) => console.log('opened', e.detail));
d.open();
console.log(d instanceof EventTarget);
// == inspect events and targets
console.log(new EventTarget());
console.log(new CustomEvent('insp', { detail: 1 }).type);
// == null and undefined listeners are ignored
const et = new EventTarget();
et.addEventListener('x', null);
et.addEventListener('x', undefined);
et.removeEventListener('x', null);
console.log(et.dispatchEvent(new Event('x')));
// == a bad listener
const et = new EventTarget();
try { et.addEventListener('x', 'string'); } catch (err) { console.log(err.name, err.code, err.message); }
// == event shapes
console.log(typeof EventTarget, typeof Event, typeof CustomEvent, Object.getOwnPropertyNames(Event.prototype).sort());
// == listener added during dispatch does not run
const et = new EventTarget();
et.addEventListener('d', () => {
  console.log('first');
  et.addEventListener('d', () => console.log('late'));
});
et.dispatchEvent(new Event('d'));
et.dispatchEvent(new Event('d'));
// == max listeners warning on EventTarget
const { setMaxListeners } = require('events');
const et = new EventTarget();
setMaxListeners(1, et);
et.addEventListener('foo', () => {});
et.addEventListener('foo', () => {});
await new Promise((r) => setTimeout(r, 5));
