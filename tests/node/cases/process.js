// == process basics
console.log(typeof process, process.platform, typeof process.version, process.version.startsWith('v'));
console.log(typeof process.env, typeof process.hrtime(), process.hrtime().length, typeof process.hrtime.bigint());
console.log(typeof process.nextTick, typeof process.cwd(), typeof process.uptime());
// == process is an event emitter
let got;
process.once('custom-event', (v) => { got = v; });
process.emit('custom-event', 7);
console.log(got, typeof process.on, typeof process.listenerCount);
// == hrtime differences
const start = process.hrtime();
const diff = process.hrtime(start);
console.log(diff.length, diff[0] >= 0, diff[1] >= 0);
// == nextTick passes arguments
await new Promise((resolve) => process.nextTick((a, b) => { console.log(a, b); resolve(); }, 'x', 2));
// == global is globalThis
console.log(global === globalThis, typeof global.setTimeout);
