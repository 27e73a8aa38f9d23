'use strict';
// node:string_decoder, as Node 20's (lib/string_decoder.js over its C++ decoder): the bytes
// of a character split across writes are held until it is complete (UTF-8, UTF-16LE) or a
// whole base64 group is there; end() flushes what is left (an incomplete UTF-8 sequence as
// U+FFFD, a lone high surrogate as it is); lastChar, lastNeed and lastTotal show the held
// bytes. Written here: the string_decoder package is Node 8's.
const { Buffer } = require('buffer');

// internal/errors loads when an error is made, not with this module.
const codes = new Proxy({}, { get: (target, code) => require('internal/errors').codes[code] });

const kState = Symbol('kState');
const ENCODINGS = {
  utf8: 'utf8', 'utf-8': 'utf8', ucs2: 'utf16le', 'ucs-2': 'utf16le', utf16le: 'utf16le',
  'utf-16le': 'utf16le', latin1: 'latin1', binary: 'latin1', base64: 'base64',
  base64url: 'base64url', ascii: 'ascii', hex: 'hex',
};

function normalizeEncoding(enc) {
  if (enc === undefined || enc === null || enc === '') return 'utf8';
  const found = ENCODINGS[`${enc}`.toLowerCase()];
  if (found === undefined) throw new codes.ERR_UNKNOWN_ENCODING(enc);
  return found;
}

// How many bytes the UTF-8 sequence led by `byte` has (1 for anything that is no lead).
function utf8Length(byte) {
  if (byte >= 0xF0 && byte <= 0xF4) return 4;
  if (byte >= 0xE0) return byte <= 0xEF ? 3 : 1;
  if (byte >= 0xC2) return 2;
  return 1;
}

// The bytes at the end of `bytes` that start a character not finished yet.
function incompleteTail(bytes, encoding) {
  const n = bytes.length;
  if (encoding === 'utf8') {
    for (let i = n - 1; i >= 0 && i >= n - 3; i--) {
      const b = bytes[i];
      if ((b & 0xC0) === 0x80) continue;
      const need = utf8Length(b);
      return need > n - i ? { start: i, total: need } : null;
    }
    return null;
  }
  if (encoding === 'utf16le') {
    if (n % 2 === 1) return { start: n - 1, total: 2 };
    const unit = n >= 2 ? bytes[n - 2] | (bytes[n - 1] << 8) : 0;
    if (unit >= 0xD800 && unit <= 0xDBFF) return { start: n - 2, total: 4 };
    return null;
  }
  // base64: whole groups of three bytes only.
  const rest = n % 3;
  return rest === 0 ? null : { start: n - rest, total: 3 };
}

function StringDecoder(encoding) {
  this.encoding = normalizeEncoding(encoding);
  Object.defineProperty(this, kState, {
    value: { held: Buffer.alloc(4), buffered: 0, missing: 0 },
  });
}

function toBuffer(buf) {
  return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
}

StringDecoder.prototype.write = function write(buf) {
  if (typeof buf === 'string') return buf;
  if (!ArrayBuffer.isView(buf)) {
    throw new codes.ERR_INVALID_ARG_TYPE('buf', ['Buffer', 'TypedArray', 'DataView'], buf);
  }
  const state = this?.[kState];
  if (state === undefined) throw new codes.ERR_INVALID_THIS('StringDecoder');
  const { encoding } = this;
  if (encoding !== 'utf8' && encoding !== 'utf16le' && encoding !== 'base64'
    && encoding !== 'base64url') {
    return toBuffer(buf).toString(encoding);
  }
  let bytes = toBuffer(buf);
  if (state.buffered > 0) {
    bytes = Buffer.concat([state.held.subarray(0, state.buffered), bytes]);
    state.buffered = state.missing = 0;
    state.held.fill(0);
  }
  const tail = incompleteTail(bytes, encoding);
  let end = bytes.length;
  if (tail !== null) {
    end = tail.start;
    const held = bytes.subarray(tail.start);
    held.copy(state.held);
    state.buffered = held.length;
    state.missing = tail.total - held.length;
  }
  return bytes.toString(encoding, 0, end);
};

StringDecoder.prototype.end = function end(buf) {
  let ret = '';
  if (buf !== undefined) ret = this.write(buf);
  const state = this[kState];
  if (state.buffered > 0) {
    const held = state.held.subarray(0, state.buffered);
    // An odd byte of UTF-16LE is dropped; the rest is decoded as it is.
    if (!(this.encoding === 'utf16le' && state.buffered % 2 === 1)) {
      ret += held.toString(this.encoding);
    }
    state.buffered = state.missing = 0;
    state.held.fill(0);
  }
  return ret;
};

StringDecoder.prototype.text = function text(buf, offset) {
  const state = this[kState];
  state.buffered = state.missing = 0;
  return this.write(buf.slice(offset));
};

Object.defineProperties(StringDecoder.prototype, {
  lastChar: {
    configurable: true,
    enumerable: true,
    get() {
      return this[kState].held.subarray(0, 4);
    },
  },
  lastNeed: {
    configurable: true,
    enumerable: true,
    get() {
      return this[kState].missing;
    },
  },
  lastTotal: {
    configurable: true,
    enumerable: true,
    get() {
      return this[kState].buffered + this[kState].missing;
    },
  },
});

module.exports = { StringDecoder };
