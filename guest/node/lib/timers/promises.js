'use strict';
// node:timers/promises, on the prelude's timers; abortable as Node's are.
const core = require('internal/core');

function abortError(signal) {
  const err = new Error('The operation was aborted', { cause: signal.reason });
  err.name = 'AbortError';
  err.code = 'ABORT_ERR';
  return err;
}

function later(schedule, cancel, value, options = {}) {
  const { signal, ref = true } = options;
  if (signal && signal.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      cancel(handle);
      reject(abortError(signal));
    };
    const handle = schedule(() => {
      if (signal) signal.removeEventListener('abort', onAbort);
      resolve(value);
    });
    if (!ref && handle.unref) handle.unref();
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
  });
}

function setTimeout(delay, value, options) {
  return later((fn) => core.setTimeout(fn, delay), core.clearTimeout, value, options);
}

function setImmediate(value, options) {
  return later((fn) => core.setImmediate(fn), core.clearImmediate, value, options);
}

async function* setInterval(delay, value, options = {}) {
  const { signal, ref = true } = options;
  if (signal && signal.aborted) throw abortError(signal);
  let pending = 0;
  let wake = null;
  const handle = core.setInterval(() => {
    pending++;
    if (wake) wake();
  }, delay);
  if (!ref) handle.unref();
  const onAbort = () => wake && wake();
  if (signal) signal.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      if (pending === 0) await new Promise((r) => { wake = r; });
      wake = null;
      if (signal && signal.aborted) throw abortError(signal);
      for (; pending > 0; pending--) yield value;
    }
  } finally {
    core.clearInterval(handle);
    if (signal) signal.removeEventListener('abort', onAbort);
  }
}

module.exports = {
  setTimeout,
  setImmediate,
  setInterval,
  scheduler: {
    wait: (delay, options) => setTimeout(delay, undefined, options),
    yield: () => setImmediate(),
  },
};
