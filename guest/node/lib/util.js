'use strict';
// node:util. inspect, format and formatWithOptions are Node's own code, extracted by the
// node-inspect-extracted package. The small helpers (promisify, callbackify, inherits,
// deprecate) are written here: the `util` package's port of them brings a dependency tree
// that costs 1.5 MB of memory and 7 ms to load in every execution that touches util.
const inspectLib = loadInspect();
const { TextEncoder, TextDecoder } = require('internal/encoding');
const types = require('util/types');
const { nextTick } = require('internal/core').processCore;

const { inspect, format, formatWithOptions, stripVTControlCharacters } = inspectLib;
// Node 20 colours a whole regular expression red; the extracted code is newer and colours
// its parts.
inspect.styles.regexp = 'red';

// node-inspect-extracted copies Node's primordials from every global namespace object, and
// the engine has no Atomics (no threads): it gets an empty one while it loads.
function loadInspect() {
  const had = Object.prototype.hasOwnProperty.call(globalThis, 'Atomics');
  if (!had) globalThis.Atomics = {};
  try {
    return require('node-inspect-extracted');
  } finally {
    if (!had) delete globalThis.Atomics;
  }
}

function isDeepStrictEqual(a, b) {
  return require('internal/comparisons').isDeepStrictEqual(a, b);
}

const kCustomPromisify = Symbol.for('nodejs.util.promisify.custom');

function invalidArg(name, type, value) {
  return new (require('internal/errors').codes.ERR_INVALID_ARG_TYPE)(name, type, value);
}

function promisify(original) {
  if (typeof original !== 'function') throw invalidArg('original', 'function', original);
  if (original[kCustomPromisify]) {
    const fn = original[kCustomPromisify];
    if (typeof fn !== 'function') throw invalidArg('util.promisify.custom', 'function', fn);
    return Object.defineProperty(fn, kCustomPromisify, { value: fn, enumerable: false,
      writable: false, configurable: true });
  }
  function fn(...args) {
    return new Promise((resolve, reject) => {
      Reflect.apply(original, this, [...args, (err, ...values) => {
        if (err) return reject(err);
        resolve(values[0]);
      }]);
    });
  }
  Object.setPrototypeOf(fn, Object.getPrototypeOf(original));
  Object.defineProperty(fn, kCustomPromisify, { value: fn, enumerable: false, writable: false,
    configurable: true });
  return Object.defineProperties(fn, Object.getOwnPropertyDescriptors(original));
}
promisify.custom = kCustomPromisify;

function callbackify(original) {
  if (typeof original !== 'function') throw invalidArg('original', 'function', original);
  function callbackified(...args) {
    const maybeCb = args.pop();
    if (typeof maybeCb !== 'function') throw invalidArg('last argument', 'function', maybeCb);
    const cb = maybeCb.bind(this);
    Reflect.apply(original, this, args).then(
      (ret) => nextTick(cb, null, ret),
      (rej) => nextTick(callbackifyOnRejected, rej, cb));
  }
  // Node's: one more parameter (the callback), and the name says what was done.
  const descriptors = Object.getOwnPropertyDescriptors(original);
  if (typeof descriptors.length.value === 'number') descriptors.length.value++;
  if (typeof descriptors.name.value === 'string') descriptors.name.value += 'Callbackified';
  Object.defineProperties(callbackified, descriptors);
  return callbackified;
}

// A falsy rejection would read as success to a callback: it is wrapped in an error.
function callbackifyOnRejected(reason, cb) {
  if (!reason) {
    const err = new (require('internal/errors').codes.ERR_FALSY_VALUE_REJECTION)();
    err.reason = reason;
    reason = err;
  }
  return cb(reason);
}

function inherits(ctor, superCtor) {
  if (ctor === undefined || ctor === null) throw invalidArg('ctor', 'function', ctor);
  if (superCtor === undefined || superCtor === null) {
    throw invalidArg('superCtor', 'function', superCtor);
  }
  if (superCtor.prototype === undefined) {
    throw invalidArg('superCtor.prototype', 'object', superCtor.prototype);
  }
  Object.defineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true });
  Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
}

const deprecationsWarned = new Set();
function deprecate(fn, msg, code) {
  function deprecated(...args) {
    const key = code || msg;
    if (!deprecationsWarned.has(key)) {
      deprecationsWarned.add(key);
      require('process').emitWarning(msg, 'DeprecationWarning', code);
    }
    return new.target ? Reflect.construct(fn, args, new.target) : Reflect.apply(fn, this, args);
  }
  Object.setPrototypeOf(deprecated, fn);
  if (fn.prototype) deprecated.prototype = fn.prototype;
  return deprecated;
}

function debuglog(section) {
  const enabled = false; // process.env.NODE_DEBUG is always empty in an action
  const fn = function () {};
  fn.enabled = enabled;
  return fn;
}

function toUSVString(s) {
  return String(s).toWellFormed();
}

async function aborted(signal, resource) {
  const { codes } = require('internal/errors');
  const { validateAbortSignal, validateObject, kValidateObjectAllowObjects } =
    require('internal/validators');
  if (signal === undefined) throw new codes.ERR_INVALID_ARG_TYPE('signal', 'AbortSignal', signal);
  validateAbortSignal(signal, 'signal');
  validateObject(resource, 'resource', kValidateObjectAllowObjects);
  if (signal.aborted) return undefined;
  const { kResistStopPropagation } = require('internal/event_target');
  return new Promise((resolve) => {
    signal.addEventListener('abort', resolve,
      { __proto__: null, once: true, [kResistStopPropagation]: true });
  });
}

// Styled text, as Node 20: one format is applied only for a terminal (an action's output
// never is), a list of formats always.
function styleText(format, text, { validateStream = true, stream = require('process').stdout } = {}) {
  const { codes } = require('internal/errors');
  const { validateBoolean, validateString } = require('internal/validators');
  validateString(text, 'text');
  validateBoolean(validateStream, 'options.validateStream');
  const proc = require('process');
  const isStream = stream === proc.stdout || stream === proc.stderr
    || typeof stream?.pipe === 'function' || typeof stream?.getReader === 'function'
    || typeof stream?.getWriter === 'function';
  if (validateStream && !isStream) {
    throw new codes.ERR_INVALID_ARG_TYPE('stream', ['ReadableStream', 'WritableStream', 'Stream'], stream);
  }
  const escape = (code) => `\u001b[${code}m`;
  const codesOf = (key) => {
    const found = inspect.colors[key];
    if (found == null) {
      const allowed = Object.keys(inspect.colors).map((k) => `'${k}'`).join(', ');
      throw new codes.ERR_INVALID_ARG_VALUE('format', key, `must be one of: ${allowed}`);
    }
    return found;
  };
  if (Array.isArray(format)) {
    let left = '';
    let right = '';
    for (const key of format) {
      const [open, close] = codesOf(key);
      left += escape(open);
      right = `${escape(close)}${right}`;
    }
    return `${left}${text}${right}`;
  }
  const [open, close] = codesOf(format);
  if (validateStream && (!stream || !stream.isTTY)) return text;
  return `${escape(open)}${text}${escape(close)}`;
}

function _extend(target, source) {
  if (source === null || typeof source !== 'object') return target;
  const keys = Object.keys(source);
  let i = keys.length;
  while (i--) target[keys[i]] = source[keys[i]];
  return target;
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// util.log (deprecated): the line with a `26 Feb 16:19:34` timestamp.
function log(...args) {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  const time = `${d.getDate()} ${months[d.getMonth()]} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  console.log('%s - %s', time, format(...args));
}

function parseArgs() {
  throw new Error('util.parseArgs is not available in an action (there is no command line)');
}

module.exports = {
  _extend,
  log,
  styleText,
  // Transferable to workers in Node; an action has none, so these are the plain ones.
  transferableAbortController: () => new AbortController(),
  transferableAbortSignal: (signal) => {
    if (signal?.aborted === undefined) {
      throw new (require('internal/errors').codes.ERR_INVALID_ARG_TYPE)('signal', 'AbortSignal', signal);
    }
    return AbortSignal.any([signal]);
  },
  inspect,
  format,
  formatWithOptions,
  stripVTControlCharacters,
  isDeepStrictEqual,
  promisify,
  callbackify,
  inherits,
  deprecate,
  debuglog,
  debug: debuglog,
  types,
  TextEncoder,
  TextDecoder,
  toUSVString,
  aborted,
  parseArgs,
  isArray: Array.isArray,
  isBoolean: (v) => typeof v === 'boolean',
  isNull: (v) => v === null,
  isNullOrUndefined: (v) => v == null,
  isNumber: (v) => typeof v === 'number',
  isString: (v) => typeof v === 'string',
  isSymbol: (v) => typeof v === 'symbol',
  isUndefined: (v) => v === undefined,
  isRegExp: types.isRegExp,
  isObject: (v) => v !== null && typeof v === 'object',
  isDate: types.isDate,
  isError: (v) => types.isNativeError(v) || v instanceof Error,
  isFunction: (v) => typeof v === 'function',
  isPrimitive: (v) => v === null || (typeof v !== 'object' && typeof v !== 'function'),
  isBuffer: (v) => require('buffer').Buffer.isBuffer(v),
};

for (const name of ['MIMEType', 'MIMEParams']) {
  require('internal/core').lazyExport(module.exports, name, () => require('internal/mime')[name]);
}
