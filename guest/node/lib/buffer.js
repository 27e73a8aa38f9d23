'use strict';
// node:buffer, following Node 20's lib/buffer.js: Buffer (a Uint8Array subclass) with Node's
// argument checks, errors and edge cases (indexOf offsets, fill, compare ranges, write
// lengths), the encodings of internal/buffer_encodings, transcode, atob/btoa, isUtf8,
// isAscii, INSPECT_MAX_BYTES, and Blob and File. Written here rather than taken from the
// `buffer` package, which is an older Buffer with other errors and UTF-8 decoding.
// internal/errors loads when an error is made, not with this module.
const codes = new Proxy({}, { get: (target, code) => require('internal/errors').codes[code] });
const {
  validateArray, validateInteger, validateNumber, validateString,
} = require('internal/validators');
const { FastBuffer, addBufferPrototypeMethods } = require('internal/buffer');
const enc = require('internal/buffer_encodings');
// The brand checks of util/types, without loading it: the engine names an object's class.
const { className } = require('internal/platform');
const typedArrayTag = Object.getOwnPropertyDescriptor(
  Object.getPrototypeOf(Uint8Array).prototype, Symbol.toStringTag).get;
const isTypedArray = (v) => Reflect.apply(typedArrayTag, v, []) !== undefined;
const isUint8Array = (v) => Reflect.apply(typedArrayTag, v, []) === 'Uint8Array';
const isArrayBufferView = ArrayBuffer.isView;
const isAnyArrayBuffer = (v) => {
  const name = className(v);
  return name === 'ArrayBuffer' || name === 'SharedArrayBuffer';
};

const kMaxLength = 2 ** 32;
const kStringMaxLength = 2 ** 29 - 24;
const constants = Object.defineProperties({}, {
  MAX_LENGTH: { value: kMaxLength, writable: false, enumerable: true },
  MAX_STRING_LENGTH: { value: kStringMaxLength, writable: false, enumerable: true },
});
let INSPECT_MAX_BYTES = 50;

const validateOffset = (value, name, min = 0, max = kMaxLength) =>
  validateInteger(value, name, min, max);

// ---- encodings

function searcher(encoding) {
  return (buf, val, byteOffset, dir) => indexOfBytes(buf, encodeString(val, encoding),
    byteOffset, dir, encoding === 'ucs2' || encoding === 'utf16le' ? 2 : 1);
}

const encodingOps = {
  utf8: { encoding: 'utf8', byteLength: enc.utf8ByteLength, write: enc.utf8Write,
    slice: enc.utf8Slice },
  ucs2: { encoding: 'ucs2', byteLength: (s) => s.length * 2, write: enc.ucs2Write,
    slice: enc.ucs2Slice },
  utf16le: { encoding: 'utf16le', byteLength: (s) => s.length * 2, write: enc.ucs2Write,
    slice: enc.ucs2Slice },
  latin1: { encoding: 'latin1', byteLength: (s) => s.length, write: enc.latin1Write,
    slice: enc.latin1Slice },
  ascii: { encoding: 'ascii', byteLength: (s) => s.length, write: enc.latin1Write,
    slice: enc.asciiSlice },
  base64: { encoding: 'base64', byteLength: (s) => enc.base64ByteLength(s, s.length),
    write: enc.base64Write, slice: enc.base64Slice },
  base64url: { encoding: 'base64url', byteLength: (s) => enc.base64ByteLength(s, s.length),
    write: enc.base64Write, slice: enc.base64urlSlice },
  hex: { encoding: 'hex', byteLength: (s) => s.length >>> 1, write: enc.hexWrite,
    slice: enc.hexSlice },
};
for (const ops of Object.values(encodingOps)) ops.indexOf = searcher(ops.encoding);

function getEncodingOps(encoding) {
  encoding = `${encoding}`;
  const lower = encoding.toLowerCase();
  switch (lower) {
    case 'utf8': case 'utf-8': return encodingOps.utf8;
    case 'ucs2': case 'ucs-2': return encodingOps.ucs2;
    case 'utf16le': case 'utf-16le': return encodingOps.utf16le;
    case 'latin1': case 'binary': return encodingOps.latin1;
    case 'ascii': return encodingOps.ascii;
    case 'base64': return encodingOps.base64;
    case 'base64url': return encodingOps.base64url;
    case 'hex': return encodingOps.hex;
    default: return undefined;
  }
}

function normalizeEncoding(encoding) {
  if (encoding == null || encoding === 'utf8' || encoding === 'utf-8') return 'utf8';
  return getEncodingOps(encoding)?.encoding;
}

function encodeString(string, encoding) {
  const ops = encodingOps[encoding];
  const bytes = new FastBuffer(ops.byteLength(string));
  const written = ops.write(bytes, string, 0, bytes.length);
  return written < bytes.length ? bytes.subarray(0, written) : bytes;
}

// ---- Buffer

function Buffer(arg, encodingOrOffset, length) {
  showFlaggedDeprecation();
  if (typeof arg === 'number') {
    if (typeof encodingOrOffset === 'string') {
      throw new codes.ERR_INVALID_ARG_TYPE('string', 'string', arg);
    }
    return Buffer.alloc(arg);
  }
  return Buffer.from(arg, encodingOrOffset, length);
}

let bufferWarningEmitted = false;
function showFlaggedDeprecation() {
  if (bufferWarningEmitted) return;
  bufferWarningEmitted = true;
  require('process').emitWarning('Buffer() is deprecated due to security and usability issues. '
    + 'Please use the Buffer.alloc(), Buffer.allocUnsafe(), or Buffer.from() methods instead.',
  'DeprecationWarning', 'DEP0005');
}

Object.defineProperty(Buffer, Symbol.species, {
  enumerable: false, configurable: true, get: () => FastBuffer,
});
FastBuffer.prototype.constructor = Buffer;
Buffer.prototype = FastBuffer.prototype;
addBufferPrototypeMethods(Buffer.prototype);
Object.setPrototypeOf(Buffer, Uint8Array);
Buffer.poolSize = 8 * 1024;

Buffer.from = function from(value, encodingOrOffset, length) {
  if (typeof value === 'string') return fromString(value, encodingOrOffset);
  if (typeof value === 'object' && value !== null) {
    if (isAnyArrayBuffer(value)) return fromArrayBuffer(value, encodingOrOffset, length);
    const valueOf = value.valueOf && value.valueOf();
    if (valueOf != null && valueOf !== value
      && (typeof valueOf === 'string' || typeof valueOf === 'object')) {
      return from(valueOf, encodingOrOffset, length);
    }
    const b = fromObject(value);
    if (b) return b;
    if (typeof value[Symbol.toPrimitive] === 'function') {
      const primitive = value[Symbol.toPrimitive]('string');
      if (typeof primitive === 'string') return fromString(primitive, encodingOrOffset);
    }
  }
  throw new codes.ERR_INVALID_ARG_TYPE('first argument',
    ['string', 'Buffer', 'ArrayBuffer', 'Array', 'Array-like Object'], value);
};

function fromString(string, encoding) {
  let ops;
  if (!encoding || encoding === 'utf8' || typeof encoding !== 'string') {
    ops = encodingOps.utf8;
  } else {
    ops = getEncodingOps(encoding);
    if (ops === undefined) throw new codes.ERR_UNKNOWN_ENCODING(encoding);
  }
  if (string.length === 0) return new FastBuffer();
  const buf = new FastBuffer(ops.byteLength(string));
  const actual = ops.write(buf, string, 0, buf.length);
  return actual < buf.length ? new FastBuffer(buf.buffer, 0, actual) : buf;
}

function fromArrayBuffer(obj, byteOffset, length) {
  if (byteOffset === undefined) {
    byteOffset = 0;
  } else {
    byteOffset = +byteOffset;
    if (Number.isNaN(byteOffset)) byteOffset = 0;
  }
  const maxLength = obj.byteLength - byteOffset;
  if (maxLength < 0) throw new codes.ERR_BUFFER_OUT_OF_BOUNDS('offset');
  if (length === undefined) {
    length = maxLength;
  } else {
    length = +length;
    if (length > 0) {
      if (length > maxLength) throw new codes.ERR_BUFFER_OUT_OF_BOUNDS('length');
    } else {
      length = 0;
    }
  }
  return new FastBuffer(obj, byteOffset, length);
}

function fromArrayLike(obj) {
  if (obj.length <= 0) return new FastBuffer();
  const b = new FastBuffer(obj.length);
  b.set(obj, 0);
  return b;
}

function fromObject(obj) {
  if (obj.length !== undefined || isAnyArrayBuffer(obj.buffer)) {
    if (typeof obj.length !== 'number') return new FastBuffer();
    return fromArrayLike(obj);
  }
  if (obj.type === 'Buffer' && Array.isArray(obj.data)) return fromArrayLike(obj.data);
  return undefined;
}

Buffer.copyBytesFrom = function copyBytesFrom(view, offset, length) {
  if (!isTypedArray(view)) throw new codes.ERR_INVALID_ARG_TYPE('view', ['TypedArray'], view);
  const viewLength = view.length;
  if (viewLength === 0) return Buffer.alloc(0);
  if (offset !== undefined || length !== undefined) {
    if (offset !== undefined) {
      validateInteger(offset, 'offset', 0);
      if (offset >= viewLength) return Buffer.alloc(0);
    } else {
      offset = 0;
    }
    let end;
    if (length !== undefined) {
      validateInteger(length, 'length', 0);
      end = offset + length;
    } else {
      end = viewLength;
    }
    view = view.slice(offset, end);
  }
  return fromArrayLike(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
};

Buffer.of = (...items) => {
  const b = new FastBuffer(items.length);
  for (let k = 0; k < items.length; k++) b[k] = items[k];
  return b;
};

Buffer.alloc = function alloc(size, fill, encoding) {
  validateNumber(size, 'size', 0, kMaxLength);
  if (fill !== undefined && fill !== 0 && size > 0) {
    return _fill(new FastBuffer(size), fill, 0, size, encoding);
  }
  return new FastBuffer(size);
};

// Memory is always zeroed here: nothing of another execution could show through anyway.
Buffer.allocUnsafe = function allocUnsafe(size) {
  validateNumber(size, 'size', 0, kMaxLength);
  return new FastBuffer(size);
};

Buffer.allocUnsafeSlow = function allocUnsafeSlow(size) {
  validateNumber(size, 'size', 0, kMaxLength);
  return new FastBuffer(size);
};

function SlowBuffer(size) {
  validateNumber(size, 'size', 0, kMaxLength);
  return new FastBuffer(size);
}
Object.setPrototypeOf(SlowBuffer.prototype, Uint8Array.prototype);
Object.setPrototypeOf(SlowBuffer, Uint8Array);

Buffer.isBuffer = function isBuffer(b) {
  return b instanceof Buffer;
};

function _compare(a, b) {
  const len = Math.min(a.length, b.length);
  for (let i = 0; i < len; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

Buffer.compare = function compare(buf1, buf2) {
  if (!isUint8Array(buf1)) throw new codes.ERR_INVALID_ARG_TYPE('buf1', ['Buffer', 'Uint8Array'], buf1);
  if (!isUint8Array(buf2)) throw new codes.ERR_INVALID_ARG_TYPE('buf2', ['Buffer', 'Uint8Array'], buf2);
  if (buf1 === buf2) return 0;
  return _compare(buf1, buf2);
};

Buffer.isEncoding = function isEncoding(encoding) {
  return typeof encoding === 'string' && encoding.length !== 0
    && normalizeEncoding(encoding) !== undefined;
};

Buffer.concat = function concat(list, length) {
  validateArray(list, 'list');
  if (list.length === 0) return new FastBuffer();
  if (length === undefined) {
    length = 0;
    for (const item of list) if (item.length) length += item.length;
  } else {
    validateOffset(length, 'length');
  }
  const buffer = new FastBuffer(length);
  let pos = 0;
  for (let i = 0; i < list.length; i++) {
    const buf = list[i];
    if (!isUint8Array(buf)) {
      throw new codes.ERR_INVALID_ARG_TYPE(`list[${i}]`, ['Buffer', 'Uint8Array'], list[i]);
    }
    pos += _copyActual(buf, buffer, pos, 0, buf.length);
  }
  return buffer;
};

function byteLength(string, encoding) {
  if (typeof string !== 'string') {
    if (isArrayBufferView(string) || isAnyArrayBuffer(string)) return string.byteLength;
    throw new codes.ERR_INVALID_ARG_TYPE('string', ['string', 'Buffer', 'ArrayBuffer'], string);
  }
  if (string.length === 0) return 0;
  if (!encoding || encoding === 'utf8') return enc.utf8ByteLength(string);
  const ops = getEncodingOps(encoding);
  // An unknown encoding counts as UTF-8, as in Node.
  return ops === undefined ? enc.utf8ByteLength(string) : ops.byteLength(string);
}
Buffer.byteLength = byteLength;

Object.defineProperties(Buffer.prototype, {
  parent: {
    enumerable: true,
    get() {
      return this instanceof Buffer ? this.buffer : undefined;
    },
  },
  offset: {
    enumerable: true,
    get() {
      return this instanceof Buffer ? this.byteOffset : undefined;
    },
  },
});

// ---- copy, compare, equals

function toInteger(n, defaultVal) {
  n = +n;
  if (!Number.isNaN(n) && n >= Number.MIN_SAFE_INTEGER && n <= Number.MAX_SAFE_INTEGER) {
    return n % 1 === 0 ? n : Math.floor(n);
  }
  return defaultVal;
}

function _copy(source, target, targetStart, sourceStart, sourceEnd) {
  if (!isUint8Array(source)) throw new codes.ERR_INVALID_ARG_TYPE('source', ['Buffer', 'Uint8Array'], source);
  if (!isUint8Array(target)) throw new codes.ERR_INVALID_ARG_TYPE('target', ['Buffer', 'Uint8Array'], target);
  if (targetStart === undefined) {
    targetStart = 0;
  } else {
    targetStart = Number.isInteger(targetStart) ? targetStart : toInteger(targetStart, 0);
    if (targetStart < 0) throw new codes.ERR_OUT_OF_RANGE('targetStart', '>= 0', targetStart);
  }
  if (sourceStart === undefined) {
    sourceStart = 0;
  } else {
    sourceStart = Number.isInteger(sourceStart) ? sourceStart : toInteger(sourceStart, 0);
    if (sourceStart < 0 || sourceStart > source.length) {
      throw new codes.ERR_OUT_OF_RANGE('sourceStart', `>= 0 && <= ${source.length}`, sourceStart);
    }
  }
  if (sourceEnd === undefined) {
    sourceEnd = source.length;
  } else {
    sourceEnd = Number.isInteger(sourceEnd) ? sourceEnd : toInteger(sourceEnd, 0);
    if (sourceEnd < 0) throw new codes.ERR_OUT_OF_RANGE('sourceEnd', '>= 0', sourceEnd);
  }
  if (targetStart >= target.length || sourceStart >= sourceEnd) return 0;
  return _copyActual(source, target, targetStart, sourceStart, sourceEnd);
}

function _copyActual(source, target, targetStart, sourceStart, sourceEnd) {
  if (sourceEnd - sourceStart > target.length - targetStart) {
    sourceEnd = sourceStart + target.length - targetStart;
  }
  let nb = sourceEnd - sourceStart;
  const sourceLen = source.length - sourceStart;
  if (nb > sourceLen) nb = sourceLen;
  if (sourceStart !== 0 || sourceEnd < source.length) {
    source = new Uint8Array(source.buffer, source.byteOffset + sourceStart, nb);
  }
  Uint8Array.prototype.set.call(target, source, targetStart);
  return nb;
}

Buffer.prototype.copy = function copy(target, targetStart, sourceStart, sourceEnd) {
  return _copy(this, target, targetStart, sourceStart, sourceEnd);
};

Buffer.prototype.toString = function toString(encoding, start, end) {
  if (arguments.length === 0) return enc.utf8Slice(this, 0, this.length);
  const len = this.length;
  if (start <= 0) start = 0;
  else if (start >= len) return '';
  else start = Math.trunc(start) || 0;
  if (end === undefined || end > len) end = len;
  else end = Math.trunc(end) || 0;
  if (end <= start) return '';
  if (encoding === undefined) return enc.utf8Slice(this, start, end);
  const ops = getEncodingOps(encoding);
  if (ops === undefined) throw new codes.ERR_UNKNOWN_ENCODING(encoding);
  return ops.slice(this, start, end);
};

Buffer.prototype.equals = function equals(otherBuffer) {
  if (!isUint8Array(otherBuffer)) {
    throw new codes.ERR_INVALID_ARG_TYPE('otherBuffer', ['Buffer', 'Uint8Array'], otherBuffer);
  }
  if (this === otherBuffer) return true;
  if (this.byteLength !== otherBuffer.byteLength) return false;
  return this.byteLength === 0 || _compare(this, otherBuffer) === 0;
};

Buffer.prototype[Symbol.for('nodejs.util.inspect.custom')] = function inspect(recurseTimes, ctx) {
  const max = INSPECT_MAX_BYTES;
  const actualMax = Math.min(max, this.length);
  const remaining = this.length - max;
  let str = enc.hexSlice(this, 0, actualMax).replace(/(.{2})/g, '$1 ').trim();
  if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
  if (ctx) {
    let extras = false;
    const obj = { __proto__: null };
    const keys = ctx.showHidden ? Object.getOwnPropertyNames(this) : Object.keys(this);
    for (const key of keys) {
      if (/^(0|[1-9][0-9]*)$/.test(key)) continue;
      extras = true;
      obj[key] = this[key];
    }
    if (extras) {
      if (this.length !== 0) str += ', ';
      // '[Object: null prototype] {'.length === 26
      str += require('util').inspect(obj, { ...ctx, breakLength: Infinity, compact: true })
        .slice(27, -2);
    }
  }
  return `<${this.constructor.name} ${str}>`;
};
Buffer.prototype.inspect = Buffer.prototype[Symbol.for('nodejs.util.inspect.custom')];

function compareOffset(source, target, targetStart, sourceStart, targetEnd, sourceEnd) {
  if (sourceStart > source.length) {
    throw require('internal/errors').makeNodeError(RangeError, 'ERR_OUT_OF_RANGE',
      'The value of "sourceStart" is out of range.');
  }
  if (targetStart > target.length) {
    throw require('internal/errors').makeNodeError(RangeError, 'ERR_OUT_OF_RANGE',
      'The value of "targetStart" is out of range.');
  }
  const aLength = sourceEnd - sourceStart;
  const bLength = targetEnd - targetStart;
  const n = Math.min(aLength, bLength, source.length - sourceStart);
  for (let i = 0; i < n; i++) {
    const a = source[sourceStart + i];
    const b = target[targetStart + i];
    if (a !== b) return a < b ? -1 : 1;
  }
  return aLength > bLength ? 1 : aLength < bLength ? -1 : 0;
}

Buffer.prototype.compare = function compare(target, targetStart, targetEnd, sourceStart,
  sourceEnd) {
  if (!isUint8Array(target)) throw new codes.ERR_INVALID_ARG_TYPE('target', ['Buffer', 'Uint8Array'], target);
  if (arguments.length === 1) return _compare(this, target);
  if (targetStart === undefined) targetStart = 0;
  else validateOffset(targetStart, 'targetStart');
  if (targetEnd === undefined) targetEnd = target.length;
  else validateOffset(targetEnd, 'targetEnd', 0, target.length);
  if (sourceStart === undefined) sourceStart = 0;
  else validateOffset(sourceStart, 'sourceStart');
  if (sourceEnd === undefined) sourceEnd = this.length;
  else validateOffset(sourceEnd, 'sourceEnd', 0, this.length);
  if (sourceStart >= sourceEnd) return targetStart >= targetEnd ? 0 : -1;
  if (targetStart >= targetEnd) return 1;
  return compareOffset(this, target, targetStart, sourceStart, targetEnd, sourceEnd);
};

// ---- indexOf, lastIndexOf, includes

// Where a search starts, as Node's IndexOfOffset: a position in the buffer, its length (an
// empty needle past the end), or -1 when there is nothing to search.
function indexOfOffset(length, offset, needleLength, forward) {
  if (offset < 0) {
    if (offset + length >= 0) return length + offset;
    if (forward || needleLength === 0) return 0;
    return -1;
  }
  if (offset + needleLength <= length) return offset;
  if (needleLength === 0) return length;
  return forward ? -1 : length - 1;
}

function indexOfBytes(buf, needle, byteOffset, forward, step) {
  const length = buf.length;
  const n = needle.length;
  const start = indexOfOffset(length, Math.trunc(byteOffset), n, forward);
  if (n === 0) return start;
  if (length === 0 || start <= -1) return -1;
  if ((forward && n + start > length) || n > length) return -1;
  const matches = (at) => {
    for (let j = 0; j < n; j++) if (buf[at + j] !== needle[j]) return false;
    return true;
  };
  if (forward) {
    for (let i = start; i <= length - n; i++) {
      if ((step === 1 || i % step === 0) && matches(i)) return i;
    }
  } else {
    for (let i = Math.min(start, length - n); i >= 0; i--) {
      if ((step === 1 || i % step === 0) && matches(i)) return i;
    }
  }
  return -1;
}

function indexOfNumber(buf, value, byteOffset, forward) {
  const start = indexOfOffset(buf.length, Math.trunc(byteOffset), 1, forward);
  if (start <= -1 || buf.length === 0) return -1;
  const byte = value & 255;
  if (forward) {
    for (let i = start; i < buf.length; i++) if (buf[i] === byte) return i;
  } else {
    for (let i = start; i >= 0; i--) if (buf[i] === byte) return i;
  }
  return -1;
}

function bidirectionalIndexOf(buffer, val, byteOffset, encoding, dir) {
  if (!isArrayBufferView(buffer)) {
    throw new codes.ERR_INVALID_ARG_TYPE('buffer', ['Buffer', 'TypedArray', 'DataView'], buffer);
  }
  if (typeof byteOffset === 'string') {
    encoding = byteOffset;
    byteOffset = undefined;
  } else if (byteOffset > 0x7fffffff) {
    byteOffset = 0x7fffffff;
  } else if (byteOffset < -0x80000000) {
    byteOffset = -0x80000000;
  }
  byteOffset = +byteOffset;
  if (Number.isNaN(byteOffset)) byteOffset = dir ? 0 : (buffer.length || buffer.byteLength);
  dir = !!dir;
  if (typeof val === 'number') return indexOfNumber(buffer, val >>> 0, byteOffset, dir);
  const ops = encoding === undefined ? encodingOps.utf8 : getEncodingOps(encoding);
  if (typeof val === 'string') {
    if (ops === undefined) throw new codes.ERR_UNKNOWN_ENCODING(encoding);
    return ops.indexOf(buffer, val, byteOffset, dir);
  }
  if (isUint8Array(val)) {
    const step = ops && (ops.encoding === 'ucs2' || ops.encoding === 'utf16le') ? 2 : 1;
    return indexOfBytes(buffer, val, byteOffset, dir, step);
  }
  throw new codes.ERR_INVALID_ARG_TYPE('value', ['number', 'string', 'Buffer', 'Uint8Array'], val);
}

Buffer.prototype.indexOf = function indexOf(val, byteOffset, encoding) {
  return bidirectionalIndexOf(this, val, byteOffset, encoding, true);
};

Buffer.prototype.lastIndexOf = function lastIndexOf(val, byteOffset, encoding) {
  return bidirectionalIndexOf(this, val, byteOffset, encoding, false);
};

Buffer.prototype.includes = function includes(val, byteOffset, encoding) {
  return this.indexOf(val, byteOffset, encoding) !== -1;
};

// ---- fill and write

Buffer.prototype.fill = function fill(value, offset, end, encoding) {
  return _fill(this, value, offset, end, encoding);
};

function _fill(buf, value, offset, end, encoding) {
  let normalized;
  if (typeof value === 'string') {
    if (offset === undefined || typeof offset === 'string') {
      encoding = offset;
      offset = 0;
      end = buf.length;
    } else if (typeof end === 'string') {
      encoding = end;
      end = buf.length;
    }
    normalized = normalizeEncoding(encoding);
    if (normalized === undefined) {
      validateString(encoding, 'encoding');
      throw new codes.ERR_UNKNOWN_ENCODING(encoding);
    }
    if (value.length === 0) {
      value = 0;
    } else if (value.length === 1) {
      if (normalized === 'utf8') {
        const code = value.charCodeAt(0);
        if (code < 128) value = code;
      } else if (normalized === 'latin1') {
        value = value.charCodeAt(0);
      }
    }
  }
  if (offset === undefined) {
    offset = 0;
    end = buf.length;
  } else {
    validateOffset(offset, 'offset');
    if (end === undefined) end = buf.length;
    else validateOffset(end, 'end', 0, buf.length);
    if (offset >= end) return buf;
  }
  if (typeof value === 'number') {
    if (offset > end || end - offset + offset > buf.byteLength) {
      throw new codes.ERR_BUFFER_OUT_OF_BOUNDS();
    }
    Uint8Array.prototype.fill.call(buf, value, offset, end);
    return buf;
  }
  let bytes;
  if (typeof value === 'string') bytes = encodeString(value, normalized);
  else if (isArrayBufferView(value)) bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  else bytes = Uint8Array.of((value >>> 0) & 255);
  if (bytes.length === 0) throw new codes.ERR_INVALID_ARG_VALUE('value', value);
  for (let i = offset, j = 0; i < end; i++, j = (j + 1) % bytes.length) buf[i] = bytes[j];
  return buf;
}

// The binding's own check, with its plain message.
function checkString(string) {
  if (typeof string !== 'string') {
    const err = new TypeError('argument must be a string');
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
}

Buffer.prototype.write = function write(string, offset, length, encoding) {
  checkString(string);
  if (offset === undefined) return enc.utf8Write(this, string, 0, this.length);
  if (length === undefined && typeof offset === 'string') {
    encoding = offset;
    length = this.length;
    offset = 0;
  } else {
    validateOffset(offset, 'offset', 0, this.length);
    const remaining = this.length - offset;
    if (length === undefined) {
      length = remaining;
    } else if (typeof length === 'string') {
      encoding = length;
      length = remaining;
    } else {
      validateOffset(length, 'length', 0, this.length);
      if (length > remaining) length = remaining;
    }
  }
  if (!encoding || encoding === 'utf8') return enc.utf8Write(this, string, offset, length);
  const ops = getEncodingOps(encoding);
  if (ops === undefined) throw new codes.ERR_UNKNOWN_ENCODING(encoding);
  return ops.write(this, string, offset, length);
};

Buffer.prototype.toJSON = function toJSON() {
  return { type: 'Buffer', data: Array.from(this) };
};

// ---- subarray, slice, swaps

function adjustOffset(offset, length) {
  offset = Math.trunc(offset);
  if (offset === 0) return 0;
  if (offset < 0) {
    offset += length;
    return offset > 0 ? offset : 0;
  }
  if (offset < length) return offset;
  return Number.isNaN(offset) ? 0 : length;
}

Buffer.prototype.subarray = function subarray(start, end) {
  const srcLength = this.length;
  start = adjustOffset(start, srcLength);
  end = end !== undefined ? adjustOffset(end, srcLength) : srcLength;
  const newLength = end > start ? end - start : 0;
  return new FastBuffer(this.buffer, this.byteOffset + start, newLength);
};

Buffer.prototype.slice = function slice(start, end) {
  return this.subarray(start, end);
};

function swapper(size) {
  return function swap() {
    if (this.length % size !== 0) throw new codes.ERR_INVALID_BUFFER_SIZE(`${size * 8}-bits`);
    for (let i = 0; i < this.length; i += size) {
      for (let a = i, b = i + size - 1; a < b; a++, b--) {
        const t = this[a];
        this[a] = this[b];
        this[b] = t;
      }
    }
    return this;
  };
}
Buffer.prototype.swap16 = swapper(2);
Buffer.prototype.swap32 = swapper(4);
Buffer.prototype.swap64 = swapper(8);

Buffer.prototype.toLocaleString = Buffer.prototype.toString;

// ---- module functions

// Node transcodes with ICU; between the encodings it knows that is decoding and re-encoding,
// a character the target cannot hold becoming '?'.
const TRANSCODABLE = new Set(['ascii', 'latin1', 'ucs2', 'utf8']);

function transcode(source, fromEncoding, toEncoding) {
  if (!isUint8Array(source)) {
    throw new codes.ERR_INVALID_ARG_TYPE('source', ['Buffer', 'Uint8Array'], source);
  }
  if (source.length === 0) return Buffer.alloc(0);
  const from = normalizeEncoding(fromEncoding) || fromEncoding;
  const to = normalizeEncoding(toEncoding) || toEncoding;
  const norm = (e) => (e === 'utf16le' ? 'ucs2' : e);
  if (!TRANSCODABLE.has(norm(from)) || !TRANSCODABLE.has(norm(to))) {
    const err = new Error('Unable to transcode Buffer [U_ILLEGAL_ARGUMENT_ERROR]');
    err.code = 'U_ILLEGAL_ARGUMENT_ERROR';
    err.errno = 1;
    throw err;
  }
  let text = norm(from) === 'ascii'
    ? enc.latin1Slice(source, 0, source.length).replace(/[\x80-\xff]/g, '\ufffd')
    : encodingOps[norm(from)].slice(source, 0, source.length);
  if (norm(to) === 'latin1') text = text.replace(/[^\x00-\xff]/gu, '?');
  if (norm(to) === 'ascii') text = text.replace(/[^\x00-\x7f]/gu, '?');
  return fromString(text, norm(to));
}

const BASE64_CHARS = /^[A-Za-z0-9+/=\t\n\f\r ]*$/;

function btoa(input) {
  if (arguments.length === 0) throw new codes.ERR_MISSING_ARGS('input');
  input = `${input}`;
  for (let n = 0; n < input.length; n++) {
    if (input.charCodeAt(n) > 0xff) throw new DOMException('Invalid character', 'InvalidCharacterError');
  }
  return enc.base64Slice(fromString(input, 'latin1'), 0, input.length);
}

// The forgiving-base64 decode of the HTML standard, with Node's messages.
function atob(input) {
  if (arguments.length === 0) throw new codes.ERR_MISSING_ARGS('input');
  input = `${input}`;
  if (!BASE64_CHARS.test(input)) throw new DOMException('Invalid character', 'InvalidCharacterError');
  let data = input.replace(/[\t\n\f\r ]/g, '');
  if (data.length % 4 === 0) data = data.replace(/==?$/, '');
  if (data.includes('=')) throw new DOMException('Invalid character', 'InvalidCharacterError');
  if (data.length % 4 === 1) {
    throw new DOMException('The string to be decoded is not correctly encoded.',
      'InvalidCharacterError');
  }
  const bytes = fromString(data, 'base64');
  return enc.latin1Slice(bytes, 0, bytes.length);
}

function isUtf8(input) {
  if (isTypedArray(input) || isAnyArrayBuffer(input)) {
    try {
      new (require('internal/encoding').TextDecoder)('utf-8', { fatal: true }).decode(input);
      return true;
    } catch {
      return false;
    }
  }
  throw new codes.ERR_INVALID_ARG_TYPE('input', ['ArrayBuffer', 'Buffer', 'TypedArray'], input);
}

function isAscii(input) {
  if (isTypedArray(input) || isAnyArrayBuffer(input)) {
    const bytes = isAnyArrayBuffer(input) ? new Uint8Array(input)
      : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x7F) return false;
    return true;
  }
  throw new codes.ERR_INVALID_ARG_TYPE('input', ['ArrayBuffer', 'Buffer', 'TypedArray'], input);
}

module.exports = {
  Buffer,
  SlowBuffer,
  transcode,
  isUtf8,
  isAscii,
  kMaxLength,
  kStringMaxLength,
  btoa,
  atob,
};

Object.defineProperties(module.exports, {
  constants: { configurable: false, enumerable: true, value: constants },
  INSPECT_MAX_BYTES: {
    configurable: true,
    enumerable: true,
    get() {
      return INSPECT_MAX_BYTES;
    },
    set(val) {
      validateNumber(val, 'INSPECT_MAX_BYTES', 0);
      INSPECT_MAX_BYTES = val;
    },
  },
});

// Blob and File load only when asked for (they bring web streams with them).
for (const name of ['Blob', 'File', 'resolveObjectURL']) {
  require('internal/core').lazyExport(module.exports, name, () => require('internal/blob')[name]);
}
