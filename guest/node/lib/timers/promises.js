'use strict';
// node:timers/promises, following Node 20's lib/timers/promises.js, on the prelude's timers:
// Node's argument checks, AbortError on abort (its cause the signal's reason), unref'd
// timers with `ref: false`, and the scheduler.
const core = require('internal/core');
const {
  validateAbortSignal, validateBoolean, validateNumber, validateObject,
} = require('internal/validators');

const kScheduler = Symbol('kScheduler');
const abortError = (signal) => new (require('internal/errors').AbortError)(undefined,
  { cause: signal?.reason });
const listenOptions = () => ({ __proto__: null,
  [require('internal/event_target').kResistStopPropagation]: true });

function validate(after, options) {
  if (typeof after !== 'undefined') validateNumber(after, 'delay');
  validateObject(options, 'options');
  if (typeof options?.signal !== 'undefined') validateAbortSignal(options.signal, 'options.signal');
  if (typeof options?.ref !== 'undefined') validateBoolean(options.ref, 'options.ref');
}

// A promise settled by `schedule`'s timer, or rejected when the signal aborts first.
function later(schedule, cancel, value, options) {
  const { signal, ref = true } = options;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  let oncancel;
  const ret = new Promise((resolve, reject) => {
    const handle = schedule(() => resolve(value));
    if (!ref) handle.unref();
    if (signal) {
      oncancel = () => {
        if (!handle._destroyed) {
          cancel(handle);
          reject(abortError(signal));
        }
      };
      signal.addEventListener('abort', oncancel, listenOptions());
    }
  });
  return oncancel === undefined ? ret
    : ret.finally(() => signal.removeEventListener('abort', oncancel));
}

function setTimeout(after, value, options = {}) {
  try {
    validate(after, options);
  } catch (err) {
    return Promise.reject(err);
  }
  return later((fn) => core.setTimeout(fn, after), core.clearTimeout, value, options);
}

function setImmediate(value, options = {}) {
  try {
    validate(undefined, options);
  } catch (err) {
    return Promise.reject(err);
  }
  return later((fn) => core.setImmediate(fn), core.clearImmediate, value, options);
}

async function* setInterval(after, value, options = {}) {
  validate(after, options);
  const { signal, ref = true } = options;
  if (signal?.aborted) throw abortError(signal);
  let onCancel;
  let interval;
  try {
    let notYielded = 0;
    let callback;
    interval = core.setInterval(() => {
      notYielded++;
      if (callback) {
        callback();
        callback = undefined;
      }
    }, after);
    if (!ref) interval.unref();
    if (signal) {
      onCancel = () => {
        core.clearInterval(interval);
        if (callback) {
          callback(Promise.reject(abortError(signal)));
          callback = undefined;
        }
      };
      signal.addEventListener('abort', onCancel, { ...listenOptions(), once: true });
    }
    while (!signal?.aborted) {
      if (notYielded === 0) {
        // eslint-disable-next-line no-await-in-loop
        await new Promise((resolve) => {
          callback = resolve;
        });
      }
      for (; notYielded > 0; notYielded--) yield value;
    }
    throw abortError(signal);
  } finally {
    core.clearInterval(interval);
    signal?.removeEventListener('abort', onCancel);
  }
}

class Scheduler {
  constructor() {
    throw new (require('internal/errors').codes.ERR_ILLEGAL_CONSTRUCTOR)();
  }

  yield() {
    if (!this[kScheduler]) throw new (require('internal/errors').codes.ERR_INVALID_THIS)('Scheduler');
    return setImmediate();
  }

  wait(delay, options) {
    if (!this[kScheduler]) throw new (require('internal/errors').codes.ERR_INVALID_THIS)('Scheduler');
    return setTimeout(delay, undefined, options);
  }
}

module.exports = {
  setTimeout,
  setImmediate,
  setInterval,
  scheduler: Reflect.construct(function () {
    this[kScheduler] = true;
  }, [], Scheduler),
};
