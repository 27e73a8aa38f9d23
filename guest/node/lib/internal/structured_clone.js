'use strict';
// structuredClone: the HTML structured clone algorithm as V8 runs it for Node 20: what it
// clones (and how: a class instance becomes a plain object, an error keeps its kind, message,
// stack and cause, views keep sharing their buffers), what it refuses, with V8's
// DataCloneError messages, and the `transfer` option. Written here rather than taken from
// npm: core-js's version builds its own Map and Set and refuses what V8 clones. The engine
// names each object's class (internal/platform className), so neither a prototype nor
// Symbol.toStringTag can disguise what is cloned.
const { className, isProxy } = require('internal/platform');

const { apply, getPrototypeOf, ownKeys } = Reflect;
const { getOwnPropertyDescriptor, keys: objectKeys } = Object;
const hasOwn = Object.prototype.hasOwnProperty;
const objectToString = Object.prototype.toString;
const functionToString = Function.prototype.toString;
const uncurry = (fn) => (self, ...args) => apply(fn, self, args);
const getter = (proto, name) => uncurry(getOwnPropertyDescriptor(proto, name).get);
const dateTime = uncurry(Date.prototype.getTime);
const regExpSource = getter(RegExp.prototype, 'source');
const regExpFlags = getter(RegExp.prototype, 'flags');
const bufferLength = getter(ArrayBuffer.prototype, 'byteLength');
const bufferDetached = getter(ArrayBuffer.prototype, 'detached');
const bufferResizable = getter(ArrayBuffer.prototype, 'resizable');
const bufferMaxLength = getter(ArrayBuffer.prototype, 'maxByteLength');
const bufferSlice = uncurry(ArrayBuffer.prototype.slice);
const bufferTransfer = uncurry(ArrayBuffer.prototype.transfer);
const TypedArray = getPrototypeOf(Uint8Array);
const viewBuffer = getter(TypedArray.prototype, 'buffer');
const viewOffset = getter(TypedArray.prototype, 'byteOffset');
const viewLength = getter(TypedArray.prototype, 'length');
const dataViewBuffer = getter(DataView.prototype, 'buffer');
const dataViewOffset = getter(DataView.prototype, 'byteOffset');
const dataViewLength = getter(DataView.prototype, 'byteLength');
const mapEntries = uncurry(Map.prototype.entries);
const setValues = uncurry(Set.prototype.values);
const BOXED = {
  Number: uncurry(Number.prototype.valueOf),
  String: uncurry(String.prototype.valueOf),
  Boolean: uncurry(Boolean.prototype.valueOf),
  BigInt: uncurry(BigInt.prototype.valueOf),
};
const VIEWS = {
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array,
};
if (typeof Float16Array === 'function') VIEWS.Float16Array = Float16Array;
const ERRORS = { EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };

// Objects that know how to clone themselves (Blob): the method is found on their prototype.
const kClone = Symbol('kClone');

function dataCloneError(message) {
  return new DOMException(message, 'DataCloneError');
}

function invalidArgType(message) {
  const err = new TypeError(message);
  err.code = 'ERR_INVALID_ARG_TYPE';
  return err;
}

// A data property found along the prototype chain, without running a getter.
function dataProperty(obj, key) {
  for (let o = obj; o !== null; o = getPrototypeOf(o)) {
    const desc = getOwnPropertyDescriptor(o, key);
    // An accessor is passed over: V8 11 has no accessor `constructor` on its iterators'
    // prototype, so they reach Object's.
    if (desc !== undefined && 'value' in desc) return desc.value;
  }
  return undefined;
}

// How V8 names a value it cannot clone (its side-effect-free ToString).
function describe(value) {
  if (typeof value === 'symbol') return String(value);
  if (isProxy(value)) return '#<Object>';
  if (typeof value === 'function') return apply(functionToString, value, []);
  if (dataProperty(value, 'toString') === objectToString) {
    const ctor = dataProperty(value, 'constructor');
    if (typeof ctor === 'function' && typeof ctor.name === 'string' && ctor.name !== '') {
      return `#<${ctor.name}>`;
    }
  }
  const tag = dataProperty(value, Symbol.toStringTag);
  return `[object ${typeof tag === 'string' ? tag : className(value)}]`;
}

function uncloneable(value) {
  return dataCloneError(`${describe(value)} could not be cloned.`);
}

class Cloner {
  constructor(transferred) {
    this.memory = new Map(transferred);
  }

  clone(value) {
    if (typeof value === 'symbol') throw uncloneable(value);
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
    const known = this.memory.get(value);
    if (known !== undefined) return known;
    if (typeof value === 'function' || isProxy(value)) throw uncloneable(value);
    const kind = className(value);
    switch (kind) {
      case 'Object': return this.object(value);
      case 'Array': return this.array(value);
      case 'Error': return this.error(value);
      case 'Date': return this.remember(value, new Date(dateTime(value)));
      case 'RegExp': return this.remember(value, new RegExp(regExpSource(value), regExpFlags(value)));
      case 'Map': return this.map(value);
      case 'Set': return this.set(value);
      case 'ArrayBuffer': return this.arrayBuffer(value);
      // Shared memory stays shared; within one engine that is the buffer itself.
      case 'SharedArrayBuffer': return value;
      case 'DataView': return this.dataView(value);
      // A DOMException is a platform object V8 knows no serializer for: its own properties.
      case 'DOMException': return this.object(value);
      default:
        if (BOXED[kind] !== undefined) return this.remember(value, Object(BOXED[kind](value)));
        if (VIEWS[kind] !== undefined) return this.typedArray(value, VIEWS[kind]);
        throw uncloneable(value);
    }
  }

  remember(value, copy) {
    this.memory.set(value, copy);
    return copy;
  }

  properties(value, copy) {
    for (const key of objectKeys(value)) {
      // A getter that ran earlier may have deleted a property: it is not cloned.
      if (!apply(hasOwn, value, [key])) continue;
      copy[key] = this.clone(value[key]);
    }
    return copy;
  }

  object(value) {
    const own = value[kClone];
    if (typeof own === 'function' && !apply(hasOwn, value, [kClone])) {
      return this.remember(value, apply(own, value, []));
    }
    return this.properties(value, this.remember(value, {}));
  }

  array(value) {
    return this.properties(value, this.remember(value, new Array(value.length)));
  }

  error(value) {
    const message = getOwnPropertyDescriptor(value, 'message');
    const cause = getOwnPropertyDescriptor(value, 'cause');
    const name = String(value.name);
    const Ctor = apply(hasOwn, ERRORS, [name]) ? ERRORS[name] : Error;
    const copy = this.remember(value, new Ctor());
    const stack = value.stack;
    define(copy, 'stack', typeof stack === 'string' ? stack : undefined);
    if (message !== undefined && 'value' in message) define(copy, 'message', String(message.value));
    if (cause !== undefined && 'value' in cause) define(copy, 'cause', this.clone(cause.value));
    return copy;
  }

  map(value) {
    const copy = this.remember(value, new Map());
    const entries = [...mapEntries(value)];
    for (const [k, v] of entries) copy.set(this.clone(k), this.clone(v));
    return copy;
  }

  set(value) {
    const copy = this.remember(value, new Set());
    const items = [...setValues(value)];
    for (const v of items) copy.add(this.clone(v));
    return copy;
  }

  arrayBuffer(value) {
    if (bufferDetached(value)) {
      throw dataCloneError('An ArrayBuffer is detached and could not be cloned.');
    }
    if (!bufferResizable(value)) return this.remember(value, bufferSlice(value, 0));
    const copy = new ArrayBuffer(bufferLength(value), { maxByteLength: bufferMaxLength(value) });
    new Uint8Array(copy).set(new Uint8Array(value));
    return this.remember(value, copy);
  }

  typedArray(value, Ctor) {
    const buffer = this.clone(viewBuffer(value));
    return this.remember(value, new Ctor(buffer, viewOffset(value), viewLength(value)));
  }

  dataView(value) {
    const buffer = this.clone(dataViewBuffer(value));
    return this.remember(value, new DataView(buffer, dataViewOffset(value), dataViewLength(value)));
  }
}

function define(obj, key, value) {
  Object.defineProperty(obj, key, { value, writable: true, configurable: true, enumerable: false });
}

// The `transfer` option's ArrayBuffers, each moved (its memory, not a copy) to the clone.
function transfers(options) {
  if (options === undefined || options === null) return [];
  if (typeof options !== 'object' && typeof options !== 'function') {
    throw invalidArgType('The options argument must be either an object or undefined');
  }
  const list = options.transfer;
  if (list === undefined || list === null) return [];
  if (typeof list !== 'object') {
    throw invalidArgType('Optional transferList argument must be an iterable');
  }
  // An object that is not iterable transfers nothing (Node's ReadIterable).
  if (typeof list[Symbol.iterator] !== 'function') return [];
  const buffers = [...list];
  for (const b of buffers) {
    if (className(b) !== 'ArrayBuffer') {
      const err = new TypeError('Found invalid object in transferList');
      err.code = 'ERR_INVALID_TRANSFER_OBJECT';
      throw err;
    }
  }
  if (new Set(buffers).size !== buffers.length) {
    throw dataCloneError('Transfer list contains duplicate ArrayBuffer');
  }
  return buffers;
}

function structuredClone(value, options) {
  if (arguments.length === 0) {
    const err = new TypeError('The value argument must be specified');
    err.code = 'ERR_MISSING_ARGS';
    throw err;
  }
  const buffers = transfers(options);
  for (const b of buffers) {
    if (bufferDetached(b)) throw dataCloneError('An ArrayBuffer is detached and could not be cloned.');
  }
  // A transferred buffer is cloned as an empty buffer of its size, filled from the original
  // (then detached) once the whole value is cloned: a value that fails to clone leaves the
  // buffers as they were, and views on them clone while they can still be read.
  const targets = buffers.map((b) => [b, emptyLike(b)]);
  const copy = new Cloner(targets).clone(value);
  for (const [b, target] of targets) new Uint8Array(target).set(new Uint8Array(bufferTransfer(b)));
  return copy;
}

function emptyLike(buffer) {
  const length = bufferLength(buffer);
  if (!bufferResizable(buffer)) return new ArrayBuffer(length);
  return new ArrayBuffer(length, { maxByteLength: bufferMaxLength(buffer) });
}

module.exports = { structuredClone, kClone };
