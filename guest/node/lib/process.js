'use strict';
// node:process: what an action can see of a process. It has no environment (env is {}), no
// arguments beyond Node's two, and cannot exit or signal: those throw, saying why.
const EventEmitter = require('events');
const { processCore, console: core } = require('internal/core');

const process = new EventEmitter();
Object.assign(process, processCore);

// Node's environment holds strings: whatever is assigned is stored as a string.
process.env = new Proxy(processCore.env, {
  set(target, key, value) {
    target[key] = String(value);
    return true;
  },
  defineProperty(target, key, desc) {
    return Reflect.defineProperty(target, key, { ...desc, value: String(desc.value) });
  },
});

function hrtime(time) {
  if (time !== undefined) {
    const { codes } = require('internal/errors');
    if (!Array.isArray(time)) throw new codes.ERR_INVALID_ARG_TYPE('time', 'Array', time);
    if (time.length !== 2) throw new codes.ERR_OUT_OF_RANGE('time', 2, time.length);
  }
  return processCore.hrtime(time);
}
hrtime.bigint = processCore.hrtime.bigint;

// ---- warnings, as Node's lib/internal/process/warning.js: emitted on the next tick as a
// 'warning' event, whose first listener (Node's own) prints it.
let traceWarningHelperShown = false;

function validateString(value, name) {
  if (typeof value !== 'string') {
    throw new (require('internal/errors').codes.ERR_INVALID_ARG_TYPE)(name, 'string', value);
  }
}

function createWarningObject(warning, type, code, ctor, detail) {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  const err = new Error(warning);
  Error.stackTraceLimit = limit;
  err.name = String(type || 'Warning');
  if (code !== undefined) err.code = code;
  if (detail !== undefined) err.detail = detail;
  Error.captureStackTrace(err, ctor || process.emitWarning);
  return err;
}

function emitWarning(warning, type, code, ctor) {
  let detail;
  if (type !== null && typeof type === 'object' && !Array.isArray(type)) {
    ctor = type.ctor;
    code = type.code;
    if (typeof type.detail === 'string') detail = type.detail;
    type = type.type || 'Warning';
  } else if (typeof type === 'function') {
    ctor = type;
    code = undefined;
    type = 'Warning';
  }
  if (type !== undefined) validateString(type, 'type');
  if (typeof code === 'function') {
    ctor = code;
    code = undefined;
  } else if (code !== undefined) {
    validateString(code, 'code');
  }
  if (typeof warning === 'string') {
    warning = createWarningObject(warning, type, code, ctor, detail);
  } else if (!(warning instanceof Error)) {
    throw new (require('internal/errors').codes.ERR_INVALID_ARG_TYPE)('warning', ['Error', 'string'], warning);
  }
  if (warning.name === 'DeprecationWarning') {
    if (process.noDeprecation) return;
    if (process.throwDeprecation) {
      process.nextTick(() => {
        throw warning;
      });
      return;
    }
  }
  process.nextTick(() => process.emit('warning', warning));
}

function onWarning(warning) {
  if (!(warning instanceof Error)) return;
  const isDeprecation = warning.name === 'DeprecationWarning';
  if (isDeprecation && process.noDeprecation) return;
  let msg = `(${process.release.name}:${process.pid}) `;
  if (warning.code) msg += `[${warning.code}] `;
  msg += typeof warning.toString === 'function' ? `${warning.toString()}`
    : Error.prototype.toString.call(warning);
  if (typeof warning.detail === 'string') msg += `\n${warning.detail}`;
  if (!traceWarningHelperShown) {
    const flag = isDeprecation ? '--trace-deprecation' : '--trace-warnings';
    msg += `\n(Use \`node ${flag} ...\` to show where the warning was created)`;
    traceWarningHelperShown = true;
  }
  core.write('error', msg);
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
  hrtime,
  argv0: 'node',
  stdout: { write: (s) => (core.write('log', String(s).replace(/\n$/, '')), true) },
  stderr: { write: (s) => (core.write('error', String(s).replace(/\n$/, '')), true) },
  binding: unavailable('binding'),
  allowedNodeEnvironmentFlags: new Set(),
  emit: process.emit,
});
process.on('warning', onWarning);

module.exports = process;
