'use strict';
// Buffer's building blocks, after Node 20's lib/internal/buffer.js: FastBuffer (the
// Uint8Array subclass every Buffer is), the numeric reads and writes with Node's checks and
// RangeError messages, and the per-encoding slice/write methods Node puts on the prototype.
// internal/errors loads when an error is made, not with this module.
const codes = new Proxy({}, { get: (target, code) => require('internal/errors').codes[code] });
const { validateNumber } = require('internal/validators');
const enc = require('internal/buffer_encodings');

class FastBuffer extends Uint8Array {
  // eslint-disable-next-line no-useless-constructor
  constructor(bufferOrLength, byteOffset, length) {
    super(bufferOrLength, byteOffset, length);
  }
}

function boundsError(value, length, type) {
  if (Math.floor(value) !== value) {
    validateNumber(value, type);
    throw new codes.ERR_OUT_OF_RANGE(type || 'offset', 'an integer', value);
  }
  if (length < 0) throw new codes.ERR_BUFFER_OUT_OF_BOUNDS();
  throw new codes.ERR_OUT_OF_RANGE(type || 'offset', `>= ${type ? 1 : 0} and <= ${length}`, value);
}

function checkBounds(buf, offset, size) {
  validateNumber(offset, 'offset');
  if (buf[offset] === undefined || buf[offset + size - 1] === undefined) {
    boundsError(offset, buf.length - size);
  }
}

function checkInt(value, min, max, buf, offset, size) {
  if (value > max || value < min) {
    const n = typeof min === 'bigint' ? 'n' : '';
    let range;
    if (size > 4) {
      range = min === 0 || min === 0n ? `>= 0${n} and < 2${n} ** ${size * 8}${n}`
        : `>= -(2${n} ** ${size * 8 - 1}${n}) and < 2${n} ** ${size * 8 - 1}${n}`;
    } else {
      range = `>= ${min}${n} and <= ${max}${n}`;
    }
    throw new codes.ERR_OUT_OF_RANGE('value', range, value);
  }
  checkBounds(buf, offset, size);
}

function view(buf) {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

// ---- integers of 1 to 6 bytes, as numbers

function readBytes(buf, offset, size, little, signed) {
  let value = 0;
  for (let i = 0; i < size; i++) {
    value = value * 256 + buf[offset + (little ? size - 1 - i : i)];
  }
  if (signed && value >= 2 ** (size * 8 - 1)) value -= 2 ** (size * 8);
  return value;
}

function writeBytes(buf, value, offset, size, little) {
  let v = Math.trunc(value);
  if (v < 0) v += 2 ** (size * 8);
  for (let i = 0; i < size; i++) {
    buf[offset + (little ? i : size - 1 - i)] = v % 256;
    v = Math.floor(v / 256);
  }
  return offset + size;
}

function reader(size, little, signed) {
  return function read(offset = 0) {
    checkBounds(this, offset, size);
    return readBytes(this, offset, size, little, signed);
  };
}

const UNSIGNED = [0, 0xff, 0xffff, 0xffffff, 0xffffffff, 0xffffffffff, 0xffffffffffff];
const SIGNED_MIN = [0, -0x80, -0x8000, -0x800000, -0x80000000, -0x8000000000, -0x800000000000];

function writer(size, little, signed) {
  const min = signed ? SIGNED_MIN[size] : 0;
  const max = signed ? -SIGNED_MIN[size] - 1 : UNSIGNED[size];
  return function write(value, offset = 0) {
    value = +value;
    if (size === 1) {
      validateNumber(offset, 'offset');
      if (value > max || value < min) {
        throw new codes.ERR_OUT_OF_RANGE('value', `>= ${min} and <= ${max}`, value);
      }
      if (this[offset] === undefined) boundsError(offset, this.length - 1);
    } else {
      checkInt(value, min, max, this, offset, size);
    }
    return writeBytes(this, value, offset, size, little);
  };
}

// readUIntLE(offset, byteLength) and friends: byteLength from 1 to 6.
function variableReader(little, signed) {
  const readers = [null, 1, 2, 3, 4, 5, 6].map((size) => size && reader(size, little, signed));
  return function read(offset, byteLength) {
    if (offset === undefined) throw new codes.ERR_INVALID_ARG_TYPE('offset', 'number', offset);
    const fn = readers[byteLength];
    if (typeof fn !== 'function' || !Number.isInteger(byteLength)) boundsError(byteLength, 6, 'byteLength');
    return Reflect.apply(fn, this, [offset]);
  };
}

function variableWriter(little, signed) {
  const writers = [null, 1, 2, 3, 4, 5, 6].map((size) => size && writer(size, little, signed));
  return function write(value, offset, byteLength) {
    const fn = writers[byteLength];
    if (typeof fn !== 'function' || !Number.isInteger(byteLength)) boundsError(byteLength, 6, 'byteLength');
    return Reflect.apply(fn, this, [value, offset]);
  };
}

// ---- 64-bit integers, as bigints

function bigReader(little, signed) {
  return function read(offset = 0) {
    validateNumber(offset, 'offset');
    if (this[offset] === undefined || this[offset + 7] === undefined) {
      boundsError(offset, this.length - 8);
    }
    const dv = view(this);
    return signed ? dv.getBigInt64(offset, little) : dv.getBigUint64(offset, little);
  };
}

function bigWriter(little, signed) {
  const min = signed ? -(2n ** 63n) : 0n;
  const max = signed ? 2n ** 63n - 1n : 2n ** 64n - 1n;
  return function write(value, offset = 0) {
    checkInt(value, min, max, this, offset, 8);
    const dv = view(this);
    if (signed) dv.setBigInt64(offset, value, little);
    else dv.setBigUint64(offset, value, little);
    return offset + 8;
  };
}

// ---- floats

function floatReader(size, little) {
  return function read(offset = 0) {
    checkBounds(this, offset, size);
    const dv = view(this);
    return size === 4 ? dv.getFloat32(offset, little) : dv.getFloat64(offset, little);
  };
}

function floatWriter(size, little) {
  return function write(value, offset = 0) {
    value = +value;
    checkBounds(this, offset, size);
    const dv = view(this);
    if (size === 4) dv.setFloat32(offset, value, little);
    else dv.setFloat64(offset, value, little);
    return offset + size;
  };
}

function named(name, fn) {
  Object.defineProperty(fn, 'name', { value: name });
  return fn;
}

function addBufferPrototypeMethods(proto) {
  const methods = {};
  for (const [suffix, little] of [['LE', true], ['BE', false]]) {
    for (const [bits, size] of [[16, 2], [32, 4]]) {
      methods[`readUInt${bits}${suffix}`] = reader(size, little, false);
      methods[`readInt${bits}${suffix}`] = reader(size, little, true);
      methods[`writeUInt${bits}${suffix}`] = writer(size, little, false);
      methods[`writeInt${bits}${suffix}`] = writer(size, little, true);
    }
    methods[`readUInt${suffix}`] = variableReader(little, false);
    methods[`readInt${suffix}`] = variableReader(little, true);
    methods[`writeUInt${suffix}`] = variableWriter(little, false);
    methods[`writeInt${suffix}`] = variableWriter(little, true);
    methods[`readBigUInt64${suffix}`] = bigReader(little, false);
    methods[`readBigInt64${suffix}`] = bigReader(little, true);
    methods[`writeBigUInt64${suffix}`] = bigWriter(little, false);
    methods[`writeBigInt64${suffix}`] = bigWriter(little, true);
    methods[`readFloat${suffix}`] = floatReader(4, little);
    methods[`readDouble${suffix}`] = floatReader(8, little);
    methods[`writeFloat${suffix}`] = floatWriter(4, little);
    methods[`writeDouble${suffix}`] = floatWriter(8, little);
  }
  methods.readUInt8 = reader(1, true, false);
  methods.readInt8 = reader(1, true, true);
  methods.writeUInt8 = writer(1, true, false);
  methods.writeInt8 = writer(1, true, true);
  for (const [name, fn] of Object.entries(methods)) {
    proto[name] = named(name, fn);
    // Node's lower-case aliases: readUint8, writeBigUint64LE...
    if (name.includes('UInt')) proto[name.replace('UInt', 'Uint')] = proto[name];
  }

  // The per-encoding methods Node's binding puts on the prototype.
  const slices = {
    asciiSlice: enc.asciiSlice, base64Slice: enc.base64Slice,
    base64urlSlice: enc.base64urlSlice, latin1Slice: enc.latin1Slice, hexSlice: enc.hexSlice,
    ucs2Slice: enc.ucs2Slice, utf8Slice: enc.utf8Slice,
  };
  for (const [name, slice] of Object.entries(slices)) {
    proto[name] = named(name, function (start = 0, end = this.length) {
      if (end > this.length || start > end || start < 0) throw new codes.ERR_OUT_OF_RANGE('start', `>= 0 && <= ${this.length}`, start);
      return slice(this, start, end);
    });
  }
  const writes = {
    asciiWrite: enc.latin1Write, base64Write: enc.base64Write, base64urlWrite: enc.base64Write,
    latin1Write: enc.latin1Write, hexWrite: enc.hexWrite, ucs2Write: enc.ucs2Write,
    utf8Write: enc.utf8Write,
  };
  for (const [name, write] of Object.entries(writes)) {
    proto[name] = named(name, function (string, offset = 0, length = this.length - offset) {
      if (typeof string !== 'string') {
        const err = new TypeError('argument must be a string');
        err.code = 'ERR_INVALID_ARG_TYPE';
        throw err;
      }
      if (offset > this.length) throw new codes.ERR_BUFFER_OUT_OF_BOUNDS('offset');
      return write(this, string, offset, Math.min(length, this.length - offset));
    });
  }
}

module.exports = { FastBuffer, addBufferPrototypeMethods };
