'use strict';
// node:events: the `events` package (Node's EventEmitter, ported), plus what newer Node
// versions added to the module.
const events = require('npm:events/');
const { EventEmitter } = events;

EventEmitter.EventEmitter = EventEmitter;
EventEmitter.errorMonitor = EventEmitter.errorMonitor || Symbol('events.errorMonitor');
EventEmitter.captureRejectionSymbol = Symbol.for('nodejs.rejection');
EventEmitter.captureRejections = false;

EventEmitter.getEventListeners = function getEventListeners(emitter, name) {
  if (typeof emitter.listeners === 'function') return emitter.listeners(name);
  return [];
};

EventEmitter.setMaxListeners = function setMaxListeners(n = 10, ...targets) {
  if (targets.length === 0) EventEmitter.defaultMaxListeners = n;
  for (const t of targets) if (typeof t.setMaxListeners === 'function') t.setMaxListeners(n);
};

EventEmitter.listenerCount = function listenerCount(emitter, name) {
  return emitter.listenerCount(name);
};

// events.on(emitter, name): an async iterator of the emitted argument arrays.
EventEmitter.on = function on(emitter, event, options = {}) {
  const queue = [];
  const waiting = [];
  let error = null;
  let done = false;
  const handler = (...args) => {
    if (waiting.length) waiting.shift().resolve({ value: args, done: false });
    else queue.push(args);
  };
  const errorHandler = (err) => {
    done = true;
    if (waiting.length) waiting.shift().reject(err);
    else error = err;
  };
  emitter.on(event, handler);
  if (event !== 'error') emitter.on('error', errorHandler);
  const close = () => {
    done = true;
    emitter.removeListener(event, handler);
    emitter.removeListener('error', errorHandler);
    while (waiting.length) waiting.shift().resolve({ value: undefined, done: true });
  };
  if (options.signal) options.signal.addEventListener('abort', close, { once: true });
  return {
    next() {
      if (queue.length) return Promise.resolve({ value: queue.shift(), done: false });
      if (error) {
        const p = Promise.reject(error);
        error = null;
        return p;
      }
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    return() {
      close();
      return Promise.resolve({ value: undefined, done: true });
    },
    throw(err) {
      errorHandler(err);
      return Promise.reject(err);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
};

module.exports = EventEmitter;
