'use strict';
// AbortController and AbortSignal as Node has them (reason, throwIfAborted, timeout, any),
// on event-target-shim's EventTarget. AbortSignal.timeout's timer does not keep an
// execution waiting, as in Node (it is unref'd).
const { EventTarget, Event, getEventAttributeValue, setEventAttributeValue } =
  require('event-target-shim');
const core = require('internal/core');

const kAborted = Symbol('kAborted');
const kReason = Symbol('kReason');
let constructing = false;

function domException(message, name) {
  return new DOMException(message, name);
}

class AbortSignal extends EventTarget {
  constructor() {
    if (!constructing) {
      const err = new TypeError('Illegal constructor');
      err.code = 'ERR_ILLEGAL_CONSTRUCTOR';
      throw err;
    }
    super();
    this[kAborted] = false;
    this[kReason] = undefined;
  }

  get aborted() {
    return this[kAborted];
  }

  get reason() {
    return this[kReason];
  }

  get onabort() {
    return getEventAttributeValue(this, 'abort');
  }

  set onabort(value) {
    setEventAttributeValue(this, 'abort', value);
  }

  throwIfAborted() {
    if (this[kAborted]) throw this[kReason];
  }

  static abort(reason = domException('This operation was aborted', 'AbortError')) {
    const signal = newSignal();
    signal[kAborted] = true;
    signal[kReason] = reason;
    return signal;
  }

  static timeout(delay) {
    const signal = newSignal();
    core.setTimeout(() => abortSignal(signal,
      domException('The operation was aborted due to timeout', 'TimeoutError')), delay).unref();
    return signal;
  }

  static any(signals) {
    const signal = newSignal();
    for (const s of signals) {
      if (s.aborted) {
        signal[kAborted] = true;
        signal[kReason] = s.reason;
        return signal;
      }
    }
    for (const s of signals) {
      s.addEventListener('abort', () => abortSignal(signal, s.reason), { once: true });
    }
    return signal;
  }

  [Symbol.for('nodejs.util.inspect.custom')](depth, options) {
    return `AbortSignal ${require('util').inspect({ aborted: this.aborted }, options)}`;
  }

  get [Symbol.toStringTag]() {
    return 'AbortSignal';
  }
}

function newSignal() {
  constructing = true;
  try {
    return new AbortSignal();
  } finally {
    constructing = false;
  }
}

function abortSignal(signal, reason) {
  if (signal[kAborted]) return;
  signal[kAborted] = true;
  signal[kReason] = reason;
  signal.dispatchEvent(new Event('abort'));
}

const kSignal = Symbol('signal');

class AbortController {
  constructor() {
    this[kSignal] = newSignal();
  }

  get signal() {
    return this[kSignal];
  }

  abort(reason = domException('This operation was aborted', 'AbortError')) {
    abortSignal(this[kSignal], reason);
  }

  [Symbol.for('nodejs.util.inspect.custom')](depth, options) {
    return `AbortController ${require('util').inspect({ signal: this.signal }, options)}`;
  }

  get [Symbol.toStringTag]() {
    return 'AbortController';
  }
}

module.exports = { AbortController, AbortSignal };
