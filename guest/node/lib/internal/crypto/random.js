'use strict';
// Randomness: every byte comes from the host (os.urandom), at most 64 KiB per call. Nothing
// is kept for later: a pool filled while an action's snapshot was made would hand every
// execution the same "random" bytes.
const {
  host, codeError, invalidArgType, outOfRange, validateNumber, validateObject, validateBoolean,
  validateFunction, isAnyArrayBuffer, isArrayBufferView, toBytes, domException,
} = require('internal/crypto/util');
let bufferClass;
function Buf() {
  return bufferClass || (bufferClass = require('buffer').Buffer);
}

const HOST_MAX = 65536;
const kMaxPossibleLength = 2 ** 31 - 1;

// Fills `bytes` (a Uint8Array) with the host's randomness.
function fill(bytes) {
  for (let i = 0; i < bytes.length; i += HOST_MAX) {
    const n = Math.min(HOST_MAX, bytes.length - i);
    bytes.set(host('crypto.random', n), i);
  }
  return bytes;
}

function later(callback, ...args) {
  setImmediate(() => callback(...args));
}

function assertOffset(offset, elementSize, length) {
  validateNumber(offset, 'offset');
  offset *= elementSize;
  const maxLength = Math.min(length, kMaxPossibleLength);
  if (Number.isNaN(offset) || offset > maxLength || offset < 0) {
    throw outOfRange('offset', `>= 0 && <= ${maxLength}`, offset);
  }
  return offset >>> 0;
}

function assertSize(size, elementSize, offset, length) {
  validateNumber(size, 'size');
  size *= elementSize;
  if (Number.isNaN(size) || size > kMaxPossibleLength || size < 0) {
    throw outOfRange('size', `>= 0 && <= ${kMaxPossibleLength}`, size);
  }
  if (size + offset > length) throw outOfRange('size + offset', `<= ${length}`, size + offset);
  return size >>> 0;
}

function randomBytes(size, callback) {
  size = assertSize(size, 1, 0, Infinity);
  if (callback !== undefined) validateFunction(callback, 'callback');
  const buf = fill(Buf().alloc(size));
  if (callback === undefined) return buf;
  later(callback, null, buf);
  return undefined;
}

function checkBuf(buf) {
  if (!isArrayBufferView(buf) && !isAnyArrayBuffer(buf)) {
    throw invalidArgType('buf', ['ArrayBuffer', 'ArrayBufferView'], buf);
  }
}

function fillRange(buf, offset, size) {
  const bytes = toBytes(buf);
  fill(bytes.subarray(offset, offset + size));
  return buf;
}

function randomFillSync(buf, offset = 0, size) {
  checkBuf(buf);
  const elementSize = buf.BYTES_PER_ELEMENT || 1;
  offset = assertOffset(offset, elementSize, buf.byteLength);
  size = size === undefined ? buf.byteLength - offset
    : assertSize(size, elementSize, offset, buf.byteLength);
  return fillRange(buf, offset, size);
}

function randomFill(buf, offset, size, callback) {
  checkBuf(buf);
  const elementSize = buf.BYTES_PER_ELEMENT || 1;
  if (typeof offset === 'function') {
    callback = offset;
    offset = 0;
    size = buf.byteLength;
  } else if (typeof size === 'function') {
    callback = size;
    offset = assertOffset(offset, elementSize, buf.byteLength);
    size = buf.byteLength - offset;
  } else {
    validateFunction(callback, 'callback');
    offset = assertOffset(offset, elementSize, buf.byteLength);
    size = size === undefined ? buf.byteLength - offset
      : assertSize(size, elementSize, offset, buf.byteLength);
  }
  fillRange(buf, offset, size);
  later(callback, null, buf);
}

const RAND_MAX = 0xFFFF_FFFF_FFFF;

// An integer in [min, max), unbiased: 48 random bits, drawn again while they fall in the
// incomplete last run of `range`.
function randomInt(min, max, callback) {
  const minNotSpecified = typeof max === 'undefined' || typeof max === 'function';
  if (minNotSpecified) {
    callback = max;
    max = min;
    min = 0;
  }
  const isSync = typeof callback === 'undefined';
  if (!isSync) validateFunction(callback, 'callback');
  if (!Number.isSafeInteger(min)) throw invalidArgType('min', 'a safe integer', min);
  if (!Number.isSafeInteger(max)) throw invalidArgType('max', 'a safe integer', max);
  if (max <= min) throw outOfRange('max', `greater than the value of "min" (${min})`, max);
  const range = max - min;
  if (!(range <= RAND_MAX)) {
    throw outOfRange(`max${minNotSpecified ? '' : ' - min'}`, `<= ${RAND_MAX}`, range);
  }
  const randLimit = RAND_MAX - (RAND_MAX % range);
  let x;
  do {
    x = Buf().from(host('crypto.random', 6)).readUIntBE(0, 6);
  } while (x >= randLimit);
  const n = (x % range) + min;
  if (isSync) return n;
  later(callback, undefined, n);
  return undefined;
}

const HEX = '0123456789abcdef';

function randomUUID(options) {
  if (options !== undefined) validateObject(options, 'options');
  const { disableEntropyCache = false } = { ...options };
  validateBoolean(disableEntropyCache, 'options.disableEntropyCache');
  const b = host('crypto.random', 16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  let out = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out += '-';
    out += HEX[b[i] >> 4] + HEX[b[i] & 15];
  }
  return out;
}

const INTEGER_ARRAYS = new Set(['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array',
  'Uint16Array', 'Int32Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array']);
const typedArrayTag = Object.getOwnPropertyDescriptor(
  Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag).get;

// Web Crypto's getRandomValues: integer typed arrays of at most 64 KiB.
function getRandomValues(data) {
  if (arguments.length < 1) {
    throw codeError(TypeError, 'ERR_MISSING_ARGS', "Failed to execute 'getRandomValues' on "
      + "'Crypto': 1 argument required, but only 0 present.");
  }
  const tag = isArrayBufferView(data) ? Reflect.apply(typedArrayTag, data, []) : undefined;
  if (!INTEGER_ARRAYS.has(tag)) {
    throw domException('The data argument must be an integer-type TypedArray',
      'TypeMismatchError');
  }
  if (data.byteLength > HOST_MAX) {
    throw domException('The requested length exceeds 65,536 bytes', 'QuotaExceededError');
  }
  fill(toBytes(data));
  return data;
}

module.exports = { randomBytes, randomFill, randomFillSync, randomInt, randomUUID,
  getRandomValues, fill };
