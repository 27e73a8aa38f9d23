'use strict';
// AbortController and AbortSignal as Node 20 has them (lib/internal/abort_controller.js):
// reason, throwIfAborted, onabort, AbortSignal.abort/timeout/any, a trusted 'abort' event,
// Node's errors and inspect output. AbortSignal.timeout's timer does not keep an execution
// waiting (it is unref'd, as in Node). Signals are held strongly: Node's weak references
// guard a long-lived process's memory, and an execution is short.
// internal/errors loads when an error is made, not with this module.
const codes = new Proxy({}, { get: (target, code) => require('internal/errors').codes[code] });
const { validateAbortSignalArray, validateUint32 } = require('internal/validators');
const {
  Event, EventTarget, defineEventHandler, kTrustEvent,
} = require('internal/event_target');
const core = require('internal/core');

const kAborted = Symbol('kAborted');
const kReason = Symbol('kReason');
const kTimeout = Symbol('kTimeout');
const kComposite = Symbol('kComposite');
const kSourceSignals = Symbol('kSourceSignals');
const kDependantSignals = Symbol('kDependantSignals');
const kInspect = Symbol.for('nodejs.util.inspect.custom');
const kEnumerableProperty = { __proto__: null, enumerable: true };

function customInspect(self, obj, depth, options) {
  if (depth < 0) return self;
  const opts = { ...options, depth: options.depth === null ? null : options.depth - 1 };
  return `${self.constructor.name} ${require('util').inspect(obj, opts)}`;
}

function validateThisAbortSignal(obj) {
  if (obj?.[kAborted] === undefined) throw new codes.ERR_INVALID_THIS('AbortSignal');
}

class AbortSignal extends EventTarget {
  // eslint-disable-next-line constructor-super
  constructor() {
    throw new codes.ERR_ILLEGAL_CONSTRUCTOR();
  }

  get aborted() {
    validateThisAbortSignal(this);
    return !!this[kAborted];
  }

  get reason() {
    validateThisAbortSignal(this);
    return this[kReason];
  }

  throwIfAborted() {
    validateThisAbortSignal(this);
    if (this[kAborted]) throw this[kReason];
  }

  [kInspect](depth, options) {
    return customInspect(this, { aborted: this.aborted }, depth, options);
  }

  static abort(reason = new DOMException('This operation was aborted', 'AbortError')) {
    return createAbortSignal({ aborted: true, reason });
  }

  static timeout(delay) {
    validateUint32(delay, 'delay', false);
    const signal = createAbortSignal();
    signal[kTimeout] = true;
    core.setTimeout(() => {
      abortSignal(signal, new DOMException('The operation was aborted due to timeout',
        'TimeoutError'));
    }, delay).unref();
    return signal;
  }

  static any(signals) {
    validateAbortSignalArray(signals, 'signals');
    const resultSignal = createAbortSignal({ composite: true });
    if (!signals.length) return resultSignal;
    resultSignal[kSourceSignals] = new Set();
    for (const signal of signals) {
      if (signal.aborted) {
        abortSignal(resultSignal, signal.reason);
        return resultSignal;
      }
      signal[kDependantSignals] ??= new Set();
      if (!signal[kComposite]) {
        resultSignal[kSourceSignals].add(signal);
        signal[kDependantSignals].add(resultSignal);
      } else if (signal[kSourceSignals]) {
        for (const source of signal[kSourceSignals]) {
          if (resultSignal[kSourceSignals].has(source)) continue;
          resultSignal[kSourceSignals].add(source);
          source[kDependantSignals].add(resultSignal);
        }
      }
    }
    return resultSignal;
  }
}

Object.defineProperties(AbortSignal.prototype, {
  aborted: kEnumerableProperty,
  [Symbol.toStringTag]: { writable: false, enumerable: false, configurable: true,
    value: 'AbortSignal' },
});
defineEventHandler(AbortSignal.prototype, 'abort');

function createAbortSignal({ aborted = false, reason = undefined, composite = false } = {}) {
  const signal = new EventTarget();
  Object.setPrototypeOf(signal, AbortSignal.prototype);
  signal[kAborted] = aborted;
  signal[kReason] = reason;
  signal[kComposite] = composite;
  return signal;
}

function abortSignal(signal, reason) {
  if (signal[kAborted]) return;
  signal[kAborted] = true;
  signal[kReason] = reason;
  signal.dispatchEvent(new Event('abort', { [kTrustEvent]: true }));
  signal[kDependantSignals]?.forEach((s) => abortSignal(s, reason));
}

class AbortController {
  #signal;

  get signal() {
    this.#signal ??= createAbortSignal();
    return this.#signal;
  }

  abort(reason = new DOMException('This operation was aborted', 'AbortError')) {
    abortSignal(this.#signal ??= createAbortSignal(), reason);
  }

  [kInspect](depth, options) {
    return customInspect(this, { signal: this.signal }, depth, options);
  }
}

Object.defineProperties(AbortController.prototype, {
  signal: kEnumerableProperty,
  abort: kEnumerableProperty,
  [Symbol.toStringTag]: { writable: false, enumerable: false, configurable: true,
    value: 'AbortController' },
});

module.exports = { AbortController, AbortSignal };
