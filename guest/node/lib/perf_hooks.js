'use strict';
// node:perf_hooks and the global `performance`: now() and timeOrigin from the start of the
// execution, User Timing (mark, measure, their entries, PerformanceObserver) and timerify,
// with Node's classes and errors. What only a long-running process has (event loop
// utilization and delay histograms, resource timing) is not there.
const { now } = require('internal/platform');
const { performance } = require('internal/core');

// internal/errors loads when an error is made, not with this module.
const codes = new Proxy({}, { get: (target, code) => require('internal/errors').codes[code] });
const kInspect = Symbol.for('nodejs.util.inspect.custom');
const kEnumerableProperty = { __proto__: null, enumerable: true };
const kConstructing = Symbol('kConstructing');

const entries = [];
const observers = new Set();

function inspectWith(self, fields, depth, options) {
  if (depth < 0) return self;
  const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
  return `${self.constructor.name} ${require('util').inspect(fields, opts)}`;
}

class PerformanceEntry {
  #name;
  #type;
  #start;
  #duration;
  #detail;

  constructor(key, name, type, start, duration, detail) {
    if (key !== kConstructing) throw new codes.ERR_ILLEGAL_CONSTRUCTOR();
    this.#name = name;
    this.#type = type;
    this.#start = start;
    this.#duration = duration;
    this.#detail = detail;
  }

  get name() {
    return this.#name;
  }

  get entryType() {
    return this.#type;
  }

  get startTime() {
    return this.#start;
  }

  get duration() {
    return this.#duration;
  }

  get detail() {
    return this.#detail;
  }

  [kInspect](depth, options) {
    return inspectWith(this, this.toJSON(), depth, options);
  }

  toJSON() {
    const json = { name: this.#name, entryType: this.#type, startTime: this.#start,
      duration: this.#duration };
    if (this.#type === 'mark' || this.#type === 'measure') json.detail = this.#detail;
    return json;
  }
}
Object.defineProperties(PerformanceEntry.prototype, {
  name: kEnumerableProperty,
  entryType: kEnumerableProperty,
  startTime: kEnumerableProperty,
  duration: kEnumerableProperty,
});

class PerformanceMark extends PerformanceEntry {
  constructor(name, options = undefined) {
    if (arguments.length === 0) throw new codes.ERR_MISSING_ARGS('name');
    if (options != null && typeof options !== 'object') {
      throw new codes.ERR_INVALID_ARG_TYPE('options', 'Object', options);
    }
    const startTime = options?.startTime ?? now();
    if (typeof startTime !== 'number') {
      throw new codes.ERR_INVALID_ARG_TYPE('options.startTime', 'number', startTime);
    }
    if (startTime < 0) {
      throw new codes.ERR_PERFORMANCE_INVALID_TIMESTAMP(startTime);
    }
    const detail = options?.detail === undefined ? null : structuredClone(options.detail);
    super(kConstructing, `${name}`, 'mark', startTime, 0, detail);
  }
}

class PerformanceMeasure extends PerformanceEntry {
  constructor(key, name, start, duration, detail) {
    if (key !== kConstructing) throw new codes.ERR_ILLEGAL_CONSTRUCTOR();
    super(kConstructing, name, 'measure', start, duration, detail);
  }
}

function record(entry) {
  entries.push(entry);
  for (const observer of observers) observer._queue(entry);
  return entry;
}

// A mark's time, or a number itself.
function markTime(name) {
  if (name === undefined) return undefined;
  if (typeof name === 'number') {
    if (name < 0) throw new codes.ERR_PERFORMANCE_INVALID_TIMESTAMP(name);
    return name;
  }
  for (let i = entries.length - 1; i >= 0; i--) {
    if (entries[i].entryType === 'mark' && entries[i].name === `${name}`) return entries[i].startTime;
  }
  throw new DOMException(`The "${name}" performance mark has not been set`, 'SyntaxError');
}

function filtered(name, type) {
  return entries.filter((e) => (name === undefined || e.name === name)
    && (type === undefined || e.entryType === type));
}

// The prototype of the global `performance` (made by the prelude) is Performance's: its
// forwarding methods are replaced by these.
function Performance() {
  throw new codes.ERR_ILLEGAL_CONSTRUCTOR();
}
Performance.prototype = Object.getPrototypeOf(performance);

const methods = {
  now() {
    return now();
  },

  mark(name, options = undefined) {
    if (arguments.length === 0) throw new codes.ERR_MISSING_ARGS('name');
    return record(new PerformanceMark(name, options));
  },

  measure(name, startOrOptions = undefined, endMark = undefined) {
    if (arguments.length === 0) throw new codes.ERR_MISSING_ARGS('name');
    let start;
    let end;
    let detail = null;
    if (startOrOptions !== null && typeof startOrOptions === 'object') {
      start = markTime(startOrOptions.start);
      end = markTime(startOrOptions.end);
      if (startOrOptions.duration !== undefined) {
        if (start !== undefined && end === undefined) end = start + startOrOptions.duration;
        else if (end !== undefined && start === undefined) start = end - startOrOptions.duration;
      }
      if (startOrOptions.detail !== undefined) detail = structuredClone(startOrOptions.detail);
    } else {
      start = markTime(startOrOptions);
      end = markTime(endMark);
    }
    if (end === undefined) end = now();
    if (start === undefined) start = 0;
    return record(new PerformanceMeasure(kConstructing, `${name}`, start, end - start, detail));
  },

  clearMarks(name = undefined) {
    clear('mark', name);
  },

  clearMeasures(name = undefined) {
    clear('measure', name);
  },

  clearResourceTimings() {},

  getEntries() {
    return filtered();
  },

  getEntriesByName(name, type = undefined) {
    if (arguments.length === 0) throw new codes.ERR_MISSING_ARGS('name');
    return filtered(`${name}`, type === undefined ? undefined : `${type}`);
  },

  getEntriesByType(type) {
    if (arguments.length === 0) throw new codes.ERR_MISSING_ARGS('type');
    return filtered(undefined, `${type}`);
  },

  timerify(fn) {
    if (typeof fn !== 'function') throw new codes.ERR_INVALID_ARG_TYPE('fn', 'function', fn);
    const timerified = {
      [`timerified ${fn.name}`](...args) {
        return new.target ? Reflect.construct(fn, args, fn) : Reflect.apply(fn, this, args);
      },
    }[`timerified ${fn.name}`];
    Object.defineProperty(timerified, 'length', { value: fn.length });
    return timerified;
  },

  [kInspect](depth, options) {
    return inspectWith(this, this.toJSON(), depth, options);
  },
};
for (const key of Reflect.ownKeys(methods)) {
  Object.defineProperty(Performance.prototype, key, { value: methods[key], writable: true,
    configurable: true, enumerable: false });
}
Object.defineProperties(Performance.prototype, {
  constructor: { value: Performance, writable: true, configurable: true },
  [Symbol.toStringTag]: { value: 'Performance', configurable: true },
});

function clear(type, name) {
  for (let i = entries.length - 1; i >= 0; i--) {
    if (entries[i].entryType === type && (name === undefined || entries[i].name === `${name}`)) {
      entries.splice(i, 1);
    }
  }
}

class PerformanceObserverEntryList {
  #entries;

  constructor(key, list) {
    if (key !== kConstructing) throw new codes.ERR_ILLEGAL_CONSTRUCTOR();
    this.#entries = list;
  }

  getEntries() {
    return this.#entries.slice();
  }

  getEntriesByName(name, type = undefined) {
    return this.#entries.filter((e) => e.name === `${name}` && (type === undefined || e.entryType === type));
  }

  getEntriesByType(type) {
    return this.#entries.filter((e) => e.entryType === `${type}`);
  }
}

const supportedEntryTypes = Object.freeze(['function', 'mark', 'measure']);

class PerformanceObserver {
  #callback;
  #types = new Set();
  #buffer = [];

  constructor(callback) {
    if (typeof callback !== 'function') throw new codes.ERR_INVALID_ARG_TYPE('callback', 'Function', callback);
    this.#callback = callback;
  }

  static get supportedEntryTypes() {
    return supportedEntryTypes;
  }

  observe(options = {}) {
    const { entryTypes, type, buffered } = options;
    if (entryTypes === undefined && type === undefined) throw new codes.ERR_MISSING_ARGS('options.entryTypes', 'options.type');
    for (const t of entryTypes ?? [type]) if (supportedEntryTypes.includes(t)) this.#types.add(t);
    observers.add(this);
    if (buffered && type !== undefined) for (const e of filtered(undefined, type)) this._queue(e);
  }

  disconnect() {
    observers.delete(this);
    this.#buffer = [];
  }

  takeRecords() {
    const list = this.#buffer;
    this.#buffer = [];
    return list;
  }

  // Entries reach the callback together, on a later turn of the event loop.
  _queue(entry) {
    if (!this.#types.has(entry.entryType)) return;
    this.#buffer.push(entry);
    if (this.#buffer.length === 1) {
      setImmediate(() => {
        const list = this.takeRecords();
        if (list.length > 0) this.#callback(new PerformanceObserverEntryList(kConstructing, list), this);
      });
    }
  }
}

module.exports = {
  Performance,
  PerformanceEntry,
  PerformanceMark,
  PerformanceMeasure,
  PerformanceObserver,
  PerformanceObserverEntryList,
  performance,
  constants: {
    NODE_PERFORMANCE_GC_MAJOR: 4,
    NODE_PERFORMANCE_GC_MINOR: 1,
    NODE_PERFORMANCE_GC_INCREMENTAL: 8,
    NODE_PERFORMANCE_GC_WEAKCB: 16,
    NODE_PERFORMANCE_GC_FLAGS_NO: 0,
    NODE_PERFORMANCE_GC_FLAGS_CONSTRUCT_RETAINED: 2,
    NODE_PERFORMANCE_GC_FLAGS_FORCED: 4,
    NODE_PERFORMANCE_GC_FLAGS_SYNCHRONOUS_PHANTOM_PROCESSING: 8,
    NODE_PERFORMANCE_GC_FLAGS_ALL_AVAILABLE_GARBAGE: 16,
    NODE_PERFORMANCE_GC_FLAGS_ALL_EXTERNAL_MEMORY: 32,
    NODE_PERFORMANCE_GC_FLAGS_SCHEDULE_IDLE: 64,
  },
};
