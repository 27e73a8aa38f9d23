// == timeouts fire in due order
// A first turn of the loop: node's clock is stale in a worker that has just started.
await new Promise((r) => setTimeout(r, 1));
const order = [];
await new Promise((resolve) => {
  setTimeout(() => order.push(30), 30);
  setTimeout(() => order.push(10), 10);
  setTimeout((a, b) => order.push(a + b), 20, 'twen', 'ty');
  const c = setTimeout(() => order.push('cancelled'), 15);
  clearTimeout(c);
  setTimeout(resolve, 40);
});
console.log(order);
// == real time passes
const t0 = Date.now();
const p0 = performance.now();
await new Promise((r) => setTimeout(r, 50));
console.log(Date.now() - t0 >= 49, performance.now() - p0 >= 49);
// == setInterval repeats until cleared
let n = 0;
await new Promise((resolve) => {
  const id = setInterval(() => {
    n++;
    if (n === 3) { clearInterval(id); resolve(); }
  }, 5);
});
console.log('ticks', n);
// == microtasks before timers, nextTick before promises
const seen = [];
setTimeout(() => seen.push('timeout'), 0);
setImmediate(() => seen.push('immediate'));
Promise.resolve().then(() => seen.push('promise'));
process.nextTick(() => seen.push('nextTick'));
queueMicrotask(() => seen.push('microtask'));
await new Promise((r) => setTimeout(r, 10));
console.log(seen.slice(0, 3));
// == timer objects
const t = setTimeout(() => {}, 1000);
console.log(typeof t, typeof t.ref, typeof t.unref, t.hasRef(), t.unref().hasRef());
clearTimeout(t);
const i = setImmediate(() => {});
console.log(typeof i, i.hasRef());
clearImmediate(i);
// == clearTimeout with the primitive id
let fired = false;
const h = setTimeout(() => { fired = true; }, 5);
clearTimeout(+h);
await new Promise((r) => setTimeout(r, 20));
console.log('fired', fired);
// == refresh restarts a timer
let when = 0;
const start = Date.now();
await new Promise((resolve) => {
  const r = setTimeout(() => { when = Date.now() - start; resolve(); }, 30);
  setTimeout(() => r.refresh(), 20);
});
console.log(when >= 45);
// == setTimeout needs a function
try { setTimeout('code', 1); } catch (e) { console.log(e.name, e.code, e.message); }
// == timers/promises
const { setTimeout: sleep, setImmediate: immediate } = require('timers/promises');
console.log(await sleep(5, 'value'), await immediate('imm'));
const ac = new AbortController();
const pr = sleep(1000, null, { signal: ac.signal });
ac.abort();
try { await pr; } catch (e) { console.log(e.name, e.code, e.message); }
// == timers module is the globals
const timers = require('node:timers');
console.log(timers.setTimeout === setTimeout, typeof timers.setImmediate);
// == setInterval async iterator
const { setInterval: every } = require('timers/promises');
let k = 0;
for await (const v of every(5, 'x')) { k++; if (k === 3) break; }
console.log('iterations', k);
// == setTimeout with odd delays
const order = [];
await new Promise((resolve) => {
  setTimeout(() => order.push('negative'), -5);
  setTimeout(() => order.push('nan'), NaN);
  setTimeout(() => order.push('string'), '3');
  setTimeout(() => order.push('huge'), 2 ** 31);
  setTimeout(resolve, 20);
});
console.log(order.sort());
// == timeout overflow warning
setTimeout(() => {}, 2 ** 31).unref();
await new Promise((r) => setTimeout(r, 5));
// == clearTimeout with odd values
clearTimeout();
clearTimeout(null);
clearTimeout({});
clearTimeout('nope');
clearInterval(undefined);
clearImmediate(undefined);
console.log('no errors');
// == setInterval this and arguments
let count = 0;
await new Promise((resolve) => {
  const t = setInterval(function (a, b) {
    count++;
    if (count === 2) { console.log(this === t, a, b); clearInterval(this); resolve(); }
  }, 1, 'x', 'y');
});
// == setImmediate ordering and arguments
const order = [];
await new Promise((resolve) => {
  setImmediate((v) => order.push(v), 'first');
  setImmediate((v) => { order.push(v); setImmediate(() => { order.push('nested'); resolve(); }); }, 'second');
});
console.log(order);
// == timers/promises scheduler
const { scheduler } = require('timers/promises');
await scheduler.wait(2);
console.log(await scheduler.yield());
// == timers/promises setInterval with an abort signal
const { setInterval: every } = require('timers/promises');
const ac = new AbortController();
let n = 0;
try {
  for await (const v of every(2, 'tick', { signal: ac.signal })) { n++; if (n === 2) ac.abort(); }
} catch (e) { console.log(e.name, e.code, n); }
// == timers/promises validation
const { setTimeout: sleep } = require('timers/promises');
for (const opts of [null, 'x', { signal: 'bad' }, { ref: 'yes' }]) {
  try { await sleep(1, 'v', opts); console.log('ok'); } catch (e) { console.log(e.name, e.code, e.message); }
}
// == timer inspect
const t = setTimeout(() => {}, 10);
console.log(typeof t[Symbol.toPrimitive], Number.isInteger(+t), t.hasRef());
clearTimeout(t);
const i = setImmediate(() => {});
console.log(i.constructor.name, t.constructor.name);
clearImmediate(i);
// == timers/promises exported from timers
const timers = require('timers');
console.log(timers.promises === require('timers/promises'), typeof timers.setTimeout[require('util').promisify.custom]);
// == unref timers do not hold the action open
setTimeout(() => console.log('unref fired'), 10).unref();
setInterval(() => {}, 5).unref();
console.log('returned');
