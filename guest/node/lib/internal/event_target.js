'use strict';
// EventTarget, Event and CustomEvent as Node 20 has them (lib/internal/event_target.js):
// listeners kept in order in a linked list per type (a listener removed or added during a
// dispatch is seen at once), `once`, `signal`, handleEvent objects, a listener's error
// reported as an uncaught exception without stopping the others, Node's errors, warnings
// and inspect output, and the hooks AbortSignal and events.once use. Written here: the
// DOM-flavoured event-target-shim differs from Node in all of those. A listener is never
// held weakly (Node's internal `weak` option): an execution is too short for it to matter.
// internal/errors loads when an error is made, not with this module.
const codes = new Proxy({}, { get: (target, code) => require('internal/errors').codes[code] });
const { validateAbortSignal, validateObject, kValidateObjectAllowObjects } =
  require('internal/validators');
const EventEmitter = require('events');

const { kMaxEventTargetListeners, kMaxEventTargetListenersWarned } = EventEmitter;
const kIsEventTarget = Symbol.for('nodejs.event_target');
const kEvents = Symbol('kEvents');
const kIsBeingDispatched = Symbol('kIsBeingDispatched');
const kStop = Symbol('kStop');
const kTarget = Symbol('kTarget');
const kHandlers = Symbol('kHandlers');
const kWeakHandler = Symbol('kWeak');
const kResistStopPropagation = Symbol('kResistStopPropagation');
const kNewListener = Symbol('kNewListener');
const kRemoveListener = Symbol('kRemoveListener');
const kTrustEvent = Symbol('kTrustEvent');
const kType = Symbol('type');
const kDetail = Symbol('detail');
const kInspect = Symbol.for('nodejs.util.inspect.custom');
const kEnumerableProperty = { __proto__: null, enumerable: true };

const inspect = (...args) => require('util').inspect(...args);

const isTrustedSet = new WeakSet();
const isTrusted = Object.getOwnPropertyDescriptor({
  get isTrusted() {
    return isTrustedSet.has(this);
  },
}, 'isTrusted').get;

function isEvent(value) {
  return typeof value?.[kType] === 'string';
}

function inspectWith(self, fields, depth, options) {
  const name = self.constructor.name;
  if (depth < 0) return name;
  const opts = { ...options,
    depth: Number.isInteger(options.depth) ? options.depth - 1 : options.depth };
  return `${name} ${inspect(fields, opts)}`;
}

class Event {
  #cancelable = false;
  #bubbles = false;
  #composed = false;
  #defaultPrevented = false;
  #timestamp = performance.now();
  #propagationStopped = false;

  constructor(type, options = undefined) {
    if (arguments.length === 0) throw new codes.ERR_MISSING_ARGS('type');
    if (options != null) validateObject(options, 'options');
    this.#bubbles = !!options?.bubbles;
    this.#cancelable = !!options?.cancelable;
    this.#composed = !!options?.composed;
    this[kType] = `${type}`;
    if (options?.[kTrustEvent]) isTrustedSet.add(this);
    this[kTarget] = null;
    this[kIsBeingDispatched] = false;
  }

  initEvent(type, bubbles = false, cancelable = false) {
    if (arguments.length === 0) throw new codes.ERR_MISSING_ARGS('type');
    if (this[kIsBeingDispatched]) return;
    this[kType] = `${type}`;
    this.#bubbles = !!bubbles;
    this.#cancelable = !!cancelable;
  }

  [kInspect](depth, options) {
    checkEvent(this);
    return inspectWith(this, { type: this[kType], defaultPrevented: this.#defaultPrevented,
      cancelable: this.#cancelable, timeStamp: this.#timestamp }, depth, options);
  }

  stopImmediatePropagation() {
    checkEvent(this);
    this.stopPropagation();
    this[kStop] = true;
  }

  preventDefault() {
    checkEvent(this);
    this.#defaultPrevented = true;
  }

  get target() {
    checkEvent(this);
    return this[kTarget];
  }

  get currentTarget() {
    checkEvent(this);
    return this[kIsBeingDispatched] ? this[kTarget] : null;
  }

  get srcElement() {
    checkEvent(this);
    return this[kTarget];
  }

  get type() {
    checkEvent(this);
    return this[kType];
  }

  get cancelable() {
    checkEvent(this);
    return this.#cancelable;
  }

  get defaultPrevented() {
    checkEvent(this);
    return this.#cancelable && this.#defaultPrevented;
  }

  get timeStamp() {
    checkEvent(this);
    return this.#timestamp;
  }

  composedPath() {
    checkEvent(this);
    return this[kIsBeingDispatched] ? [this[kTarget]] : [];
  }

  get returnValue() {
    checkEvent(this);
    return !this.#cancelable || !this.#defaultPrevented;
  }

  get bubbles() {
    checkEvent(this);
    return this.#bubbles;
  }

  get composed() {
    checkEvent(this);
    return this.#composed;
  }

  get eventPhase() {
    checkEvent(this);
    return this[kIsBeingDispatched] ? Event.AT_TARGET : Event.NONE;
  }

  get cancelBubble() {
    checkEvent(this);
    return this.#propagationStopped;
  }

  set cancelBubble(value) {
    checkEvent(this);
    if (value) this.#propagationStopped = true;
  }

  stopPropagation() {
    checkEvent(this);
    this.#propagationStopped = true;
  }
}

function checkEvent(value) {
  if (!isEvent(value)) throw new codes.ERR_INVALID_THIS('Event');
}

Object.defineProperties(Event.prototype, {
  [Symbol.toStringTag]: { writable: false, enumerable: false, configurable: true, value: 'Event' },
  initEvent: kEnumerableProperty,
  stopImmediatePropagation: kEnumerableProperty,
  preventDefault: kEnumerableProperty,
  target: kEnumerableProperty,
  currentTarget: kEnumerableProperty,
  srcElement: kEnumerableProperty,
  type: kEnumerableProperty,
  cancelable: kEnumerableProperty,
  defaultPrevented: kEnumerableProperty,
  timeStamp: kEnumerableProperty,
  composedPath: kEnumerableProperty,
  returnValue: kEnumerableProperty,
  bubbles: kEnumerableProperty,
  composed: kEnumerableProperty,
  eventPhase: kEnumerableProperty,
  cancelBubble: kEnumerableProperty,
  stopPropagation: kEnumerableProperty,
  isTrusted: { configurable: false, enumerable: true, get: isTrusted },
});

['NONE', 'CAPTURING_PHASE', 'AT_TARGET', 'BUBBLING_PHASE'].forEach((name, value) => {
  Object.defineProperty(Event, name, { writable: false, configurable: false, enumerable: true,
    value });
});

class CustomEvent extends Event {
  constructor(type, options = {}) {
    if (arguments.length === 0) throw new codes.ERR_MISSING_ARGS('type');
    super(type, options);
    this[kDetail] = options?.detail ?? null;
  }

  get detail() {
    if (!isEvent(this) || this?.[kDetail] === undefined) {
      throw new codes.ERR_INVALID_THIS('CustomEvent');
    }
    return this[kDetail];
  }
}

Object.defineProperties(CustomEvent.prototype, {
  [Symbol.toStringTag]: { writable: false, enumerable: false, configurable: true,
    value: 'CustomEvent' },
  detail: kEnumerableProperty,
});

// One listener of a type, in its target's list for the type.
class Listener {
  constructor(previous, listener, once, capture, passive, resistStopPropagation) {
    this.next = undefined;
    if (previous !== undefined) previous.next = this;
    this.previous = previous;
    this.listener = listener;
    this.once = once;
    this.capture = capture;
    this.passive = passive;
    this.resistStopPropagation = resistStopPropagation;
    this.removed = false;
    if (typeof listener === 'function') {
      this.callback = listener;
    } else {
      this.callback = async (...args) => {
        if (listener.handleEvent) await Reflect.apply(listener.handleEvent, listener, args);
      };
    }
  }

  same(listener, capture) {
    return this.listener === listener && this.capture === capture;
  }

  remove() {
    if (this.previous !== undefined) this.previous.next = this.next;
    if (this.next !== undefined) this.next.previous = this.previous;
    this.removed = true;
  }
}

function initEventTarget(self) {
  self[kEvents] = new Map();
  self[kMaxEventTargetListeners] = EventEmitter.defaultMaxListeners;
  self[kMaxEventTargetListenersWarned] = false;
  self[kHandlers] = new Map();
}

function isEventTarget(obj) {
  return obj?.constructor?.[kIsEventTarget];
}

function checkTarget(self) {
  if (!isEventTarget(self)) throw new codes.ERR_INVALID_THIS('EventTarget');
}

class EventTarget {
  static [kIsEventTarget] = true;

  constructor() {
    initEventTarget(this);
  }

  [kNewListener](size, type) {
    if (this[kMaxEventTargetListeners] > 0 && size > this[kMaxEventTargetListeners]
      && !this[kMaxEventTargetListenersWarned]) {
      this[kMaxEventTargetListenersWarned] = true;
      const w = new Error(`Possible EventTarget memory leak detected. ${size} ${type} listeners `
        + `added to ${inspect(this, { depth: -1 })}. MaxListeners is `
        + `${this[kMaxEventTargetListeners]}. Use events.setMaxListeners() to increase limit`);
      w.name = 'MaxListenersExceededWarning';
      w.target = this;
      w.type = type;
      w.count = size;
      require('process').emitWarning(w);
    }
  }

  [kRemoveListener]() {}

  addEventListener(type, listener, options = undefined) {
    checkTarget(this);
    if (arguments.length < 2) throw new codes.ERR_MISSING_ARGS('type', 'listener');
    let once = false;
    let capture = false;
    let passive = false;
    let resistStopPropagation = false;
    if (options !== undefined) {
      // Options are read before the listener is checked: the standard says so.
      options = validateEventListenerOptions(options);
      ({ once, capture, passive, resistStopPropagation } = options);
      const signal = options.signal;
      validateAbortSignal(signal, 'options.signal');
      if (signal) {
        if (signal.aborted) return;
        signal.addEventListener('abort', () => {
          this.removeEventListener(type, listener, options);
        }, { __proto__: null, once: true, [kResistStopPropagation]: true });
      }
    }
    if (!validateEventListener(listener)) {
      const w = new Error(`addEventListener called with ${listener} which has no effect.`);
      w.name = 'AddEventListenerArgumentTypeWarning';
      w.target = this;
      w.type = type;
      require('process').emitWarning(w);
      return;
    }
    type = String(type);
    let root = this[kEvents].get(type);
    if (root === undefined) {
      root = { size: 1, next: undefined, resistStopPropagation: Boolean(resistStopPropagation) };
      new Listener(root, listener, once, capture, passive, resistStopPropagation); // eslint-disable-line no-new
      this[kNewListener](root.size, type, listener, once, capture, passive);
      this[kEvents].set(type, root);
      return;
    }
    let handler = root.next;
    let previous = root;
    while (handler !== undefined && !handler.same(listener, capture)) {
      previous = handler;
      handler = handler.next;
    }
    if (handler !== undefined) return; // already there
    new Listener(previous, listener, once, capture, passive, resistStopPropagation); // eslint-disable-line no-new
    root.size++;
    root.resistStopPropagation ||= Boolean(resistStopPropagation);
    this[kNewListener](root.size, type, listener, once, capture, passive);
  }

  removeEventListener(type, listener, options = undefined) {
    checkTarget(this);
    if (arguments.length < 2) throw new codes.ERR_MISSING_ARGS('type', 'listener');
    if (!validateEventListener(listener)) return;
    type = String(type);
    const capture = options?.capture === true;
    const root = this[kEvents].get(type);
    if (root === undefined || root.next === undefined) return;
    for (let handler = root.next; handler !== undefined; handler = handler.next) {
      if (handler.same(listener, capture)) {
        handler.remove();
        root.size--;
        if (root.size === 0) this[kEvents].delete(type);
        this[kRemoveListener](root.size, type, listener, capture);
        break;
      }
    }
  }

  dispatchEvent(event) {
    checkTarget(this);
    if (arguments.length < 1) throw new codes.ERR_MISSING_ARGS('event');
    if (!(event instanceof Event)) throw new codes.ERR_INVALID_ARG_TYPE('event', 'Event', event);
    if (event[kIsBeingDispatched]) throw new codes.ERR_EVENT_RECURSION(event.type);
    dispatch(this, event);
    return event.defaultPrevented !== true;
  }

  [kInspect](depth, options) {
    checkTarget(this);
    return inspectWith(this, {}, depth, options);
  }
}

function dispatch(target, event) {
  const type = event.type;
  event[kTarget] = target;
  event[kIsBeingDispatched] = true;
  const root = target[kEvents].get(type);
  let handler = root?.next;
  const going = () => handler !== undefined
    && (root.resistStopPropagation || handler.passive || event[kStop] !== true);
  while (going()) {
    // The next one is taken first: this one may remove itself.
    const next = handler.next;
    if (handler.removed || (event[kStop] === true && !handler.resistStopPropagation)) {
      handler = next;
      continue;
    }
    if (handler.once) {
      handler.remove();
      root.size--;
      target[kRemoveListener](root.size, type, handler.listener, handler.capture);
    }
    try {
      const result = Reflect.apply(handler.callback, target, [event]);
      event[kIsBeingDispatched] = false;
      if (result !== undefined && result !== null) addCatch(result);
    } catch (err) {
      emitUncaughtException(err);
    }
    handler = next;
  }
  event[kIsBeingDispatched] = false;
}

Object.defineProperties(EventTarget.prototype, {
  addEventListener: kEnumerableProperty,
  removeEventListener: kEnumerableProperty,
  dispatchEvent: kEnumerableProperty,
  [Symbol.toStringTag]: { writable: false, enumerable: false, configurable: true,
    value: 'EventTarget' },
});

function validateEventListener(listener) {
  if (typeof listener === 'function' || typeof listener?.handleEvent === 'function') return true;
  if (listener == null) return false;
  if (typeof listener === 'object') return true;
  throw new codes.ERR_INVALID_ARG_TYPE('listener', 'EventListener', listener);
}

function validateEventListenerOptions(options) {
  if (typeof options === 'boolean') return { capture: options };
  if (options === null) return {};
  validateObject(options, 'options', kValidateObjectAllowObjects);
  return {
    once: Boolean(options.once),
    capture: Boolean(options.capture),
    passive: Boolean(options.passive),
    signal: options.signal,
    resistStopPropagation: options[kResistStopPropagation] ?? false,
  };
}

// A listener's error (or its promise's rejection) is the process's uncaught exception, as
// in Node: the next tick throws it.
function addCatch(promise) {
  const then = promise.then;
  if (typeof then === 'function') Reflect.apply(then, promise, [undefined, emitUncaughtException]);
}

function emitUncaughtException(err) {
  require('process').nextTick(() => {
    throw err;
  });
}

// `onabort` and the like: a handler attribute, kept in listener order where first set.
function makeEventHandler(handler) {
  function eventHandler(...args) {
    if (typeof eventHandler.handler !== 'function') return undefined;
    return Reflect.apply(eventHandler.handler, this, args);
  }
  eventHandler.handler = handler;
  return eventHandler;
}

function defineEventHandler(emitter, name, event = name) {
  const propName = `on${name}`;
  function get() {
    if (this?.[kHandlers] === undefined) throw new codes.ERR_INVALID_THIS('EventTarget');
    return this[kHandlers].get(event)?.handler ?? null;
  }
  Object.defineProperty(get, 'name', { value: `get ${propName}` });
  function set(value) {
    if (this?.[kHandlers] === undefined) throw new codes.ERR_INVALID_THIS('EventTarget');
    let wrapped = this[kHandlers].get(event);
    if (wrapped) {
      if (typeof wrapped.handler === 'function') {
        const size = --this[kEvents].get(event).size;
        this[kRemoveListener](size, event, wrapped.handler, false);
      }
      wrapped.handler = value;
      if (typeof wrapped.handler === 'function') {
        const size = ++this[kEvents].get(event).size;
        this[kNewListener](size, event, value, false, false, false);
      }
    } else {
      wrapped = makeEventHandler(value);
      this.addEventListener(event, wrapped);
    }
    this[kHandlers].set(event, wrapped);
  }
  Object.defineProperty(set, 'name', { value: `set ${propName}` });
  Object.defineProperty(emitter, propName, { get, set, configurable: true, enumerable: true });
}

module.exports = {
  Event,
  CustomEvent,
  EventTarget,
  defineEventHandler,
  initEventTarget,
  isEventTarget,
  kEvents,
  kNewListener,
  kRemoveListener,
  kResistStopPropagation,
  kTrustEvent,
  kWeakHandler,
};
