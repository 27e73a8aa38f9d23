'use strict';
// TextEncoder and TextDecoder (WHATWG Encoding), for UTF-8, UTF-16LE/BE and latin1. Written
// here: the maintained polyfills either cover UTF-8 only or carry the index
// tables of every legacy encoding (~600 KB), which actions do not use. Decoding replaces
// ill-formed sequences by U+FFFD as the standard says (maximal subparts), or throws with
// `fatal`; `stream: true` keeps an incomplete sequence for the next call.

const kEncoding = Symbol('encoding');
const kState = Symbol('state');

const LABELS = {
  'utf-8': ['unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'utf-8', 'utf8',
    'x-unicode20utf8'],
  'utf-16le': ['csunicode', 'iso-10646-ucs-2', 'ucs-2', 'unicode', 'unicodefeff', 'utf-16',
    'utf-16le'],
  'utf-16be': ['unicodefffe', 'utf-16be'],
  'windows-1252': ['ansi_x3.4-1968', 'ascii', 'cp1252', 'cp819', 'csisolatin1', 'ibm819',
    'iso-8859-1', 'iso-ir-100', 'iso8859-1', 'iso88591', 'iso_8859-1', 'iso_8859-1:1987', 'l1',
    'latin1', 'us-ascii', 'windows-1252', 'x-cp1252'],
};
const BY_LABEL = new Map();
for (const [name, labels] of Object.entries(LABELS)) {
  for (const label of labels) BY_LABEL.set(label, name);
}

// The standard maps these labels to windows-1252; Node decodes them as ISO-8859-1 (each
// byte the code point of the same value, 0x80-0x9F included), and Node is what actions
// were written against.

function codeError(Ctor, code, message) {
  return require('internal/errors').makeNodeError(Ctor, code, message);
}

function invalidThis(name) {
  return codeError(TypeError, 'ERR_INVALID_THIS', `Value of "this" must be of type ${name}`);
}

function toBytes(input) {
  if (input === undefined) return new Uint8Array(0);
  if (input instanceof ArrayBuffer || Object.prototype.toString.call(input) === '[object SharedArrayBuffer]') {
    return new Uint8Array(input);
  }
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  // Node's decoder checks this in C++: a plain TypeError with a code, naming "list".
  const err = new TypeError('The "list" argument must be an instance of SharedArrayBuffer, '
    + 'ArrayBuffer or ArrayBufferView.');
  err.code = 'ERR_INVALID_ARG_TYPE';
  throw err;
}

const kInspect = Symbol.for('nodejs.util.inspect.custom');

// What util.inspect shows, as Node builds it: the fields on an object whose prototype names
// the class.
function inspectFields(self, Ctor, fields, depth, opts) {
  if (typeof depth === 'number' && depth < 0) return self;
  const constructor = Object.getPrototypeOf(self)?.constructor || Ctor;
  const obj = Object.create({ constructor });
  Object.assign(obj, fields);
  return require('util').inspect(obj, opts);
}

function describe(v) {
  if (v === null) return 'null';
  if (typeof v === 'object') return `an instance of ${v.constructor ? v.constructor.name : 'Object'}`;
  if (typeof v === 'string') return `type string ('${v.length > 25 ? `${v.slice(0, 25)}...` : v}')`;
  return `type ${typeof v} (${String(v)})`;
}

const CHUNK = 0x2000;

// Collects UTF-16 code units and turns them into a string a chunk at a time.
class Sink {
  constructor() {
    this.units = [];
    this.out = '';
  }
  push(unit) {
    this.units.push(unit);
    if (this.units.length >= CHUNK) this.flush();
  }
  pushCodePoint(cp) {
    if (cp > 0xFFFF) {
      cp -= 0x10000;
      this.push(0xD800 + (cp >> 10));
      this.push(0xDC00 + (cp & 0x3FF));
    } else {
      this.push(cp);
    }
  }
  flush() {
    if (this.units.length) this.out += String.fromCharCode.apply(null, this.units);
    this.units = [];
  }
  string() {
    this.flush();
    return this.out;
  }
}

// UTF-8 decoding as the Encoding standard's decoder: state carries a partial sequence.
function decodeUtf8(bytes, state, flush, fatal) {
  const sink = new Sink();
  let { needed, seen, cp, lower, upper } = state;
  const fail = () => {
    if (fatal) throw codeError(TypeError, 'ERR_ENCODING_INVALID_ENCODED_DATA',
      'The encoded data was not valid for encoding utf-8');
    sink.push(0xFFFD);
  };
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (needed === 0) {
      if (b <= 0x7F) sink.push(b);
      else if (b >= 0xC2 && b <= 0xDF) { needed = 1; cp = b & 0x1F; }
      else if (b >= 0xE0 && b <= 0xEF) {
        if (b === 0xE0) lower = 0xA0;
        if (b === 0xED) upper = 0x9F;
        needed = 2;
        cp = b & 0xF;
      } else if (b >= 0xF0 && b <= 0xF4) {
        if (b === 0xF0) lower = 0x90;
        if (b === 0xF4) upper = 0x8F;
        needed = 3;
        cp = b & 0x7;
      } else fail();
      continue;
    }
    if (b < lower || b > upper) {
      cp = needed = seen = 0;
      lower = 0x80;
      upper = 0xBF;
      fail();
      i--; // the byte starts over
      continue;
    }
    lower = 0x80;
    upper = 0xBF;
    cp = (cp << 6) | (b & 0x3F);
    if (++seen === needed) {
      sink.pushCodePoint(cp);
      cp = needed = seen = 0;
    }
  }
  if (flush && needed !== 0) {
    cp = needed = seen = 0;
    lower = 0x80;
    upper = 0xBF;
    fail();
  }
  Object.assign(state, { needed, seen, cp, lower, upper });
  return sink.string();
}

function decodeUtf16(bytes, state, flush, fatal, bigEndian) {
  const sink = new Sink();
  let all = bytes;
  if (state.pending.length) {
    all = new Uint8Array(state.pending.length + bytes.length);
    all.set(state.pending);
    all.set(bytes, state.pending.length);
  }
  const fail = () => {
    if (fatal) throw codeError(TypeError, 'ERR_ENCODING_INVALID_ENCODED_DATA',
      `The encoded data was not valid for encoding utf-16${bigEndian ? 'be' : 'le'}`);
    sink.push(0xFFFD);
  };
  let lead = state.lead;
  let i = 0;
  for (; i + 1 < all.length; i += 2) {
    const unit = bigEndian ? (all[i] << 8) | all[i + 1] : all[i] | (all[i + 1] << 8);
    if (lead !== 0) {
      if (unit >= 0xDC00 && unit <= 0xDFFF) {
        sink.push(lead);
        sink.push(unit);
        lead = 0;
        continue;
      }
      lead = 0;
      fail();
    }
    if (unit >= 0xD800 && unit <= 0xDBFF) lead = unit;
    else if (unit >= 0xDC00 && unit <= 0xDFFF) fail();
    else sink.push(unit);
  }
  state.pending = all.slice(i);
  state.lead = lead;
  if (flush && (lead !== 0 || state.pending.length)) {
    state.lead = 0;
    state.pending = new Uint8Array(0);
    fail();
  }
  return sink.string();
}

function decodeLatin1(bytes) {
  const sink = new Sink();
  for (let i = 0; i < bytes.length; i++) sink.push(bytes[i]);
  return sink.string();
}

function freshState() {
  return { needed: 0, seen: 0, cp: 0, lower: 0x80, upper: 0xBF, lead: 0,
    pending: new Uint8Array(0), bomSeen: false };
}

class TextDecoder {
  constructor(label = 'utf-8', options = {}) {
    const key = String(label).trim().toLowerCase();
    const encoding = BY_LABEL.get(key);
    if (encoding === undefined) {
      throw codeError(RangeError, 'ERR_ENCODING_NOT_SUPPORTED',
        `The "${label}" encoding is not supported`);
    }
    if (options !== undefined && options !== null && typeof options !== 'object') {
      throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE',
        `The "options" argument must be of type object. Received ${describe(options)}`);
    }
    this[kEncoding] = encoding;
    this[kState] = { fatal: Boolean(options && options.fatal),
      ignoreBOM: Boolean(options && options.ignoreBOM), s: freshState() };
  }

  get encoding() {
    if (!(kEncoding in this)) throw invalidThis('TextDecoder');
    return this[kEncoding];
  }

  get fatal() {
    if (!(kEncoding in this)) throw invalidThis('TextDecoder');
    return this[kState].fatal;
  }

  get ignoreBOM() {
    if (!(kEncoding in this)) throw invalidThis('TextDecoder');
    return this[kState].ignoreBOM;
  }

  decode(input = undefined, options = {}) {
    if (!(kEncoding in this)) throw invalidThis('TextDecoder');
    const bytes = toBytes(input);
    const stream = Boolean(options && options.stream);
    const st = this[kState];
    let out;
    try {
      switch (this[kEncoding]) {
        case 'utf-8': out = decodeUtf8(bytes, st.s, !stream, st.fatal); break;
        case 'utf-16le': out = decodeUtf16(bytes, st.s, !stream, st.fatal, false); break;
        case 'utf-16be': out = decodeUtf16(bytes, st.s, !stream, st.fatal, true); break;
        default: out = decodeLatin1(bytes);
      }
    } catch (e) {
      st.s = freshState();
      throw e;
    }
    if (!st.ignoreBOM && !st.s.bomSeen && out.length > 0) {
      st.s.bomSeen = true;
      if (out.charCodeAt(0) === 0xFEFF && this[kEncoding] !== 'windows-1252') out = out.slice(1);
    }
    if (!stream) st.s = freshState();
    return out;
  }

  [kInspect](depth, opts) {
    if (!(kEncoding in this)) throw invalidThis('TextDecoder');
    const text = inspectFields(this, TextDecoder, { encoding: this.encoding, fatal: this.fatal,
      ignoreBOM: this.ignoreBOM }, depth, opts);
    return typeof text === 'string' ? `${(Object.getPrototypeOf(this)?.constructor || TextDecoder).name} ${text}` : text;
  }

  get [Symbol.toStringTag]() {
    return 'TextDecoder';
  }
}

function utf8Encode(str) {
  const s = `${str}`;
  const out = new Uint8Array(s.length * 3);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
      continue;
    }
    if (c >= 0xD800 && c <= 0xDFFF) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xDBFF && next >= 0xDC00 && next <= 0xDFFF) {
        c = 0x10000 + ((c - 0xD800) << 10) + (next - 0xDC00);
        i++;
      } else {
        c = 0xFFFD;
      }
    }
    if (c < 0x800) {
      out[n++] = 0xC0 | (c >> 6);
      out[n++] = 0x80 | (c & 0x3F);
    } else if (c < 0x10000) {
      out[n++] = 0xE0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 0x3F);
      out[n++] = 0x80 | (c & 0x3F);
    } else {
      out[n++] = 0xF0 | (c >> 18);
      out[n++] = 0x80 | ((c >> 12) & 0x3F);
      out[n++] = 0x80 | ((c >> 6) & 0x3F);
      out[n++] = 0x80 | (c & 0x3F);
    }
  }
  return out.slice(0, n);
}

class TextEncoder {
  get encoding() {
    return 'utf-8';
  }

  encode(input = '') {
    return utf8Encode(input);
  }

  // Whole characters only, as many as fit; a lone surrogate becomes U+FFFD.
  encodeInto(src, dest) {
    if (!(dest instanceof Uint8Array)) {
      throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE',
        `The "dest" argument must be an instance of Uint8Array. Received ${describe(dest)}`);
    }
    const s = `${src}`;
    const n = s.length;
    const cap = dest.length;
    let read = 0;
    let written = 0;
    for (let i = 0; i < n; i++) {
      let c = s.charCodeAt(i);
      let units = 1;
      if (c >= 0xD800 && c <= 0xDFFF) {
        const next = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xDBFF && next >= 0xDC00 && next <= 0xDFFF) {
          c = 0x10000 + ((c - 0xD800) << 10) + (next - 0xDC00);
          units = 2;
        } else {
          c = 0xFFFD;
        }
      }
      if (c < 0x80) {
        if (written + 1 > cap) break;
        dest[written++] = c;
      } else if (c < 0x800) {
        if (written + 2 > cap) break;
        dest[written++] = 0xC0 | (c >> 6);
        dest[written++] = 0x80 | (c & 0x3F);
      } else if (c < 0x10000) {
        if (written + 3 > cap) break;
        dest[written++] = 0xE0 | (c >> 12);
        dest[written++] = 0x80 | ((c >> 6) & 0x3F);
        dest[written++] = 0x80 | (c & 0x3F);
      } else {
        if (written + 4 > cap) break;
        dest[written++] = 0xF0 | (c >> 18);
        dest[written++] = 0x80 | ((c >> 12) & 0x3F);
        dest[written++] = 0x80 | ((c >> 6) & 0x3F);
        dest[written++] = 0x80 | (c & 0x3F);
      }
      read += units;
      i += units - 1;
    }
    return { read, written };
  }

  [kInspect](depth, opts) {
    return inspectFields(this, TextEncoder, { encoding: this.encoding }, depth, opts);
  }

  get [Symbol.toStringTag]() {
    return 'TextEncoder';
  }
}

module.exports = { TextEncoder, TextDecoder, utf8Encode };
