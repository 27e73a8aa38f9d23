'use strict';
// node:process: what an action can see of a process. It has no environment (env is {}), no
// arguments beyond Node's two, and cannot exit or signal: those throw, saying why.
const EventEmitter = require('events');
const { processCore, console: core } = require('internal/core');

const process = new EventEmitter();
Object.assign(process, processCore);

let warned = false;
function emitWarning(warning, type, code) {
  if (typeof type === 'object' && type !== null) ({ type, code } = type);
  const err = warning instanceof Error ? warning : new Error(String(warning));
  if (!(warning instanceof Error)) err.name = typeof type === 'string' ? type : 'Warning';
  if (code !== undefined) err.code = code;
  if (process.emit('warning', err) && process.listenerCount('warning') > 1) return;
  const prefix = `(node:${process.pid}) ${code ? `[${code}] ` : ''}${err.name}: ${err.message}`;
  core.write('warn', warned ? prefix : `${prefix}\n(Use \`node --trace-warnings ...\` to show where the warning was created)`);
  warned = true;
}

function unavailable(what) {
  return function () {
    throw new (require('internal/errors').codes.ERR_ACTION_UNAVAILABLE)(`process.${what}`);
  };
}

Object.assign(process, {
  emitWarning,
  exit: unavailable('exit'),
  abort: unavailable('abort'),
  kill: unavailable('kill'),
  chdir: unavailable('chdir'),
  umask: () => 0o22,
  getuid: () => 0,
  getgid: () => 0,
  geteuid: () => 0,
  getegid: () => 0,
  memoryUsage: Object.assign(() => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0,
    arrayBuffers: 0 }), { rss: () => 0 }),
  cpuUsage: () => ({ user: 0, system: 0 }),
  resourceUsage: () => ({}),
  config: { variables: {} },
  features: { inspector: false, ipv6: true, tls: false, typescript: false },
  stdout: { write: (s) => (core.write('log', String(s).replace(/\n$/, '')), true), isTTY: false },
  stderr: { write: (s) => (core.write('error', String(s).replace(/\n$/, '')), true), isTTY: false },
  binding: unavailable('binding'),
  allowedNodeEnvironmentFlags: new Set(),
  emit: process.emit,
});
process.on('warning', () => {}); // Node's own default listener prints; ours is emitWarning's

module.exports = process;
