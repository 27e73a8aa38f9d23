// == MessageChannel delivers cloned messages
const { port1, port2 } = new MessageChannel();
const original = { a: new Map([[1, { b: 2 }]]), when: new Date(0) };
const received = await new Promise((resolve) => {
  port2.onmessage = (e) => resolve(e);
  port1.postMessage(original);
});
console.log(received.data, received.data !== original, received.type, received instanceof MessageEvent, received instanceof Event);
port1.close();
// == messages wait until the port is started
const { port1, port2 } = new MessageChannel();
port1.postMessage('first');
port1.postMessage('second');
const got = [];
await new Promise((resolve) => setTimeout(resolve, 5));
port2.addEventListener('message', (e) => { got.push(e.data); if (got.length === 2) port2.close(); });
await new Promise((resolve) => port2.addEventListener('close', resolve));
console.log(got);
// == close events on both ports
const { port1, port2 } = new MessageChannel();
const closed = [];
port1.onmessage = () => {};
const both = Promise.all([port1, port2].map((port, i) => new Promise((resolve) => {
  port.addEventListener('close', () => { closed.push(`port${i + 1}`); resolve(); });
})));
port2.close();
await both;
console.log(closed.sort());
port1.postMessage('after close');
console.log('no error');
// == uncloneable messages throw
const { port1 } = new MessageChannel();
try { port1.postMessage(() => {}); } catch (e) { console.log(e.name, e.message); }
port1.close();
// == BroadcastChannel between channels of one name
const a = new BroadcastChannel('room');
const b = new BroadcastChannel('room');
const other = new BroadcastChannel('elsewhere');
other.onmessage = () => console.log('never');
const data = await new Promise((resolve) => {
  b.onmessage = (e) => resolve(e.data);
  a.postMessage({ hello: 'room' });
});
console.log(data, a.name);
a.close(); b.close(); other.close();
try { a.postMessage('closed'); } catch (e) { console.log(e.name, e.message); }
// == MessageEvent
const e = new MessageEvent('message', { data: [1, 2] });
console.log(e.data, e.type, e.origin, e.lastEventId, e.source, e.ports);
console.log(new MessageEvent().type);
// == MessagePort cannot be constructed
try { new MessagePort(); } catch (err) { console.log(err.name, err.code, err.message); }
console.log(typeof MessageChannel, typeof MessagePort, typeof BroadcastChannel, typeof MessageEvent);
