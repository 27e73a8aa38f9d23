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
// == nextTick ordering against promises and timers
const order = [];
setTimeout(() => order.push('timeout'), 0);
setImmediate(() => order.push('immediate'));
Promise.resolve().then(() => { order.push('promise 1'); process.nextTick(() => order.push('tick from promise')); }).then(() => order.push('promise 2'));
process.nextTick(() => { order.push('tick 1'); Promise.resolve().then(() => order.push('promise from tick')); });
process.nextTick(() => order.push('tick 2'));
queueMicrotask(() => order.push('microtask'));
await new Promise((r) => setTimeout(r, 20));
console.log(order.filter((x) => x !== 'timeout' && x !== 'immediate'));
// == nextTick inside nextTick runs before promises
const order = [];
await new Promise((resolve) => {
  setTimeout(() => {
    process.nextTick(() => { order.push('a'); process.nextTick(() => order.push('c')); });
    Promise.resolve().then(() => order.push('p'));
    process.nextTick(() => order.push('b'));
    setTimeout(resolve, 5);
  }, 1);
});
console.log(order);
// == emitWarning forms
process.emitWarning('plain warning');
process.emitWarning('typed', 'CustomWarning');
process.emitWarning('coded', 'CustomWarning', 'E_CODE');
process.emitWarning('with options', { type: 'OptWarning', code: 'E_OPT', detail: 'some detail' });
process.emitWarning(new Error('an error object'));
await new Promise((r) => setTimeout(r, 5));
// == emitWarning validates
try { process.emitWarning(5); } catch (e) { console.log(e.name, e.code, e.message); }
try { process.emitWarning('x', 5); } catch (e) { console.log(e.name, e.code, e.message); }
// == warning listeners
process.on('warning', (w) => console.log('listener', w.name, w.message, w.code));
process.emitWarning('heard', 'HeardWarning', 'E_HEARD');
await new Promise((r) => setTimeout(r, 5));
console.log(process.listenerCount('warning'));
// == noDeprecation silences deprecations
process.noDeprecation = true;
process.emitWarning('quiet', 'DeprecationWarning');
require('util').deprecate(() => {}, 'also quiet')();
await new Promise((r) => setTimeout(r, 5));
console.log('after');
// == process.env is a plain object
console.log(typeof process.env, Object.keys(process.env).length === Object.keys(process.env).length, process.env.NOT_SET);
process.env.MY_VAR = 42;
console.log(process.env.MY_VAR, typeof process.env.MY_VAR);
// == process.hrtime with a bad argument
try { process.hrtime(1); } catch (e) { console.log(e.name, e.code, e.message); }
try { process.hrtime([1]); } catch (e) { console.log(e.name, e.code, e.message); }
console.log(typeof process.hrtime.bigint(), process.hrtime.bigint() > 0n);
// == nextTick needs a function
try { process.nextTick('x'); } catch (e) { console.log(e.name, e.code, e.message); }
// == process properties
console.log(process.argv.length, typeof process.argv0, process.arch, process.platform, typeof process.pid, typeof process.ppid);
console.log(typeof process.versions.node, process.release.name, typeof process.config, process.exitCode);
console.log(typeof process.memoryUsage(), typeof process.memoryUsage().heapUsed, typeof process.cpuUsage().user, typeof process.uptime());
// == process.exit is refused
// known: an action cannot end the process: process.exit throws (node ends the worker)
try { process.exit(0); } catch (e) { console.log(e.name, e.code, e.message); }
// == process module is the global
console.log(require('process') === process, require('node:process') === globalThis.process);
// == process event emitter methods
const seen = [];
const h = (v) => seen.push(v);
process.on('myevent', h);
process.emit('myevent', 1);
process.off('myevent', h);
process.emit('myevent', 2);
console.log(seen, process.listenerCount('myevent'), typeof process.setMaxListeners);
// == process.stdout and stderr write
process.stdout.write('to stdout\n');
process.stderr.write('to stderr\n');
console.log(process.stdout.isTTY, process.stderr.isTTY, process.stdout.write('x\n'));
// == process.stdout.write of a partial line
// known: the platform's log is line by line: a write without a newline is a line of its own
process.stdout.write('no newline');
process.stdout.write(' continued\n');
// == queueMicrotask
const order = [];
queueMicrotask(() => order.push(1));
Promise.resolve().then(() => order.push(2));
queueMicrotask(() => order.push(3));
await null;
await null;
console.log(order);
try { queueMicrotask('x'); } catch (e) { console.log(e.name, e.code, e.message); }
// == an error in queueMicrotask ends the action
queueMicrotask(() => { throw new Error('in microtask'); });
await new Promise((r) => setTimeout(r, 5));
console.log('not reached');
// == globalThis and global
console.log(globalThis === global, global.global === global, typeof globalThis.process, typeof window, typeof self, typeof navigator);
// == the globals Node has
const names = ['Buffer', 'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'AbortController', 'AbortSignal', 'EventTarget', 'Event', 'CustomEvent', 'structuredClone', 'atob', 'btoa', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate', 'queueMicrotask', 'performance', 'console', 'process', 'global', 'Blob', 'File', 'DOMException', 'ReadableStream', 'WritableStream', 'TransformStream', 'TextEncoderStream', 'TextDecoderStream', 'CountQueuingStrategy', 'ByteLengthQueuingStrategy'];
console.log(names.map((n) => `${n}:${typeof globalThis[n]}`).join(' '));
// == globals are not enumerable
console.log(Object.keys(globalThis).filter((k) => ['Buffer', 'URL', 'process', 'console', 'setTimeout'].includes(k)));
// == globals can be replaced
globalThis.URL = 'replaced';
console.log(URL, typeof URLSearchParams);
// == performance
console.log(typeof performance.now(), typeof performance.timeOrigin, performance.now() >= 0, typeof performance.mark, typeof performance.measure, typeof performance.toJSON);
// == performance marks and measures
performance.mark('start', { detail: { step: 1 } });
performance.mark('end');
const m = performance.measure('span', 'start', 'end');
console.log(m.name, m.entryType, typeof m.duration, m.duration >= 0, m.detail);
console.log(performance.getEntriesByType('mark').map((e) => [e.name, e.entryType, e.duration, e.detail]));
console.log(performance.getEntriesByName('span').length, performance.getEntries().length);
performance.clearMarks('start');
console.log(performance.getEntriesByType('mark').map((e) => e.name));
performance.clearMarks();
performance.clearMeasures();
console.log(performance.getEntries().length);
// == performance.measure with an unknown mark
try { performance.measure('x', 'never-set'); } catch (e) { console.log(e.name, e.code, e.message); }
try { performance.mark(); } catch (e) { console.log(e.name, e.code, e.message); }
// == perf_hooks module
const ph = require('perf_hooks');
console.log(ph.performance === performance, typeof ph.PerformanceObserver, ph.PerformanceObserver.supportedEntryTypes.includes('mark'), typeof ph.PerformanceEntry);
console.log(performance instanceof ph.Performance, Object.prototype.toString.call(performance), typeof performance.toJSON().timeOrigin);
// == PerformanceObserver
const { PerformanceObserver } = require('perf_hooks');
const obs = new PerformanceObserver((list, observer) => {
  console.log('observed', list.getEntries().map((e) => e.name), observer === obs);
  observer.disconnect();
});
obs.observe({ entryTypes: ['mark'] });
performance.mark('one');
performance.mark('two');
await new Promise((r) => setTimeout(r, 5));
// == timerify
const f = performance.timerify(function work(a, b) { return a + b; });
console.log(f(1, 2), f.name, f.length);
// == process.uptime grows from the start
const u = process.uptime();
await new Promise((r) => setTimeout(r, 20));
console.log(u >= 0, process.uptime() - u >= 0.015);
