'use strict';
// node:util/types. Brand checks, as Node's are: each asks the engine whether the value has
// the internal slots of its kind (a getter or method that throws otherwise), so neither
// Symbol.toStringTag nor a borrowed prototype can fool them.
const { apply, getPrototypeOf } = Reflect;
const uncurry = (fn) => (self, ...args) => apply(fn, self, args);
const getter = (proto, name) => uncurry(Object.getOwnPropertyDescriptor(proto, name).get);

function brand(check) {
  return (value) => {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
    try {
      check(value);
      return true;
    } catch {
      return false;
    }
  };
}

const TypedArray = getPrototypeOf(Uint8Array);
const typedArrayTag = getter(TypedArray.prototype, Symbol.toStringTag);
const tagIs = (name) => (v) => typedArrayTag(v) === name;

const isDate = brand(uncurry(Date.prototype.getTime));
const regExpSource = Object.getOwnPropertyDescriptor(RegExp.prototype, 'source').get;
const isRegExp = brand((v) => {
  apply(regExpSource, v, []);
  if (v === RegExp.prototype) throw new TypeError('not a RegExp');
});
const isMap = brand(uncurry(Map.prototype.has));
const isSet = brand(uncurry(Set.prototype.has));
const isWeakMap = brand(uncurry(WeakMap.prototype.has));
const isWeakSet = brand(uncurry(WeakSet.prototype.has));
const isArrayBuffer = brand(getter(ArrayBuffer.prototype, 'byteLength'));
const isSharedArrayBuffer = brand(getter(SharedArrayBuffer.prototype, 'byteLength'));
const isDataView = brand(getter(DataView.prototype, 'byteLength'));
// Asking the engine (then() would mark a rejected promise handled, hiding an unhandled
// rejection): the platform's native check.
const { isPromise } = require('internal/platform');
const isTypedArray = (v) => typedArrayTag(v) !== undefined;
const boxed = (proto) => brand(uncurry(proto.valueOf));
const isNumberObject = (v) => typeof v === 'object' && boxed(Number.prototype)(v);
const isStringObject = (v) => typeof v === 'object' && boxed(String.prototype)(v);
const isBooleanObject = (v) => typeof v === 'object' && boxed(Boolean.prototype)(v);
const isBigIntObject = (v) => typeof v === 'object' && boxed(BigInt.prototype)(v);
const isSymbolObject = (v) => typeof v === 'object' && boxed(Symbol.prototype)(v);

const AsyncFunction = getPrototypeOf(async function () {});
const GeneratorFunction = getPrototypeOf(function* () {});
const AsyncGeneratorFunction = getPrototypeOf(async function* () {});
const protoChainHas = (v, proto) => {
  for (let p = getPrototypeOf(v); p !== null; p = getPrototypeOf(p)) if (p === proto) return true;
  return false;
};
const iteratorKind = (v, sample) => {
  try {
    return getPrototypeOf(v) === getPrototypeOf(sample);
  } catch {
    return false;
  }
};

module.exports = {
  isAnyArrayBuffer: (v) => isArrayBuffer(v) || isSharedArrayBuffer(v),
  isArrayBuffer,
  isArrayBufferView: (v) => ArrayBuffer.isView(v),
  isArgumentsObject: (v) => Object.prototype.toString.call(v) === '[object Arguments]'
    && !(Symbol.toStringTag in Object(v)),
  isAsyncFunction: (v) => typeof v === 'function'
    && (protoChainHas(v, AsyncFunction) || protoChainHas(v, AsyncGeneratorFunction)),
  isBigInt64Array: tagIs('BigInt64Array'),
  isBigUint64Array: tagIs('BigUint64Array'),
  isBooleanObject,
  isBoxedPrimitive: (v) => isNumberObject(v) || isStringObject(v) || isBooleanObject(v)
    || isBigIntObject(v) || isSymbolObject(v),
  isBigIntObject,
  isCryptoKey: (v) => {
    try {
      return v instanceof require('crypto').CryptoKey;
    } catch {
      return false;
    }
  },
  isDataView,
  isDate,
  isExternal: () => false,
  isFloat16Array: tagIs('Float16Array'),
  isFloat32Array: tagIs('Float32Array'),
  isFloat64Array: tagIs('Float64Array'),
  isGeneratorFunction: (v) => typeof v === 'function'
    && (protoChainHas(v, GeneratorFunction) || protoChainHas(v, AsyncGeneratorFunction)),
  isGeneratorObject: (v) => v !== null && typeof v === 'object'
    && Object.prototype.toString.call(v) === '[object Generator]',
  isInt8Array: tagIs('Int8Array'),
  isInt16Array: tagIs('Int16Array'),
  isInt32Array: tagIs('Int32Array'),
  isKeyObject: (v) => {
    try {
      return v instanceof require('crypto').KeyObject;
    } catch {
      return false;
    }
  },
  isMap,
  isMapIterator: (v) => iteratorKind(v, new Map().entries()),
  isModuleNamespaceObject: (v) => v !== null && typeof v === 'object'
    && Object.prototype.toString.call(v) === '[object Module]',
  isNativeError: require('internal/platform').isError,
  isNumberObject,
  isPromise,
  isProxy: require('internal/platform').isProxy,
  isRegExp,
  isSet,
  isSetIterator: (v) => iteratorKind(v, new Set().values()),
  isSharedArrayBuffer,
  isStringObject,
  isSymbolObject,
  isTypedArray,
  isUint8Array: tagIs('Uint8Array'),
  isUint8ClampedArray: tagIs('Uint8ClampedArray'),
  isUint16Array: tagIs('Uint16Array'),
  isUint32Array: tagIs('Uint32Array'),
  isWeakMap,
  isWeakSet,
};
