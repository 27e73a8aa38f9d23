'use strict';
// Blob and File as Node 20 has them (lib/internal/blob.js, lib/internal/file.js): the bytes
// of each source copied when the Blob is made and kept as parts (a slice shares them),
// read back whole (text, arrayBuffer, bytes) or part by part (stream, a byte stream that
// reads nothing until asked); Node's errors and inspect output. structuredClone makes a Blob
// of either. Written here: fetch-blob's Blob has other errors, no bytes() and reads the
// type as given.
// internal/errors loads when an error is made, not with this module.
const codes = new Proxy({}, { get: (target, code) => require('internal/errors').codes[code] });
const { kClone } = require('internal/structured_clone');

const kParts = Symbol('kParts');
const kLength = Symbol('kLength');
const kType = Symbol('kType');
const kInspect = Symbol.for('nodejs.util.inspect.custom');
const kEnumerableProperty = { __proto__: null, enumerable: true };
const disallowedTypeCharacters = /[^\u{0020}-\u{007E}]/u;

let encoder;
let decoder;

function isBlob(object) {
  return object?.[kParts] !== undefined;
}

function typeOf(type) {
  type = `${type}`;
  return disallowedTypeCharacters.test(type) ? '' : type.toLowerCase();
}

// A source's bytes, copied (a Blob's own parts are shared: they never change).
function partsOf(source, endings) {
  if (isBlob(source)) return source[kParts];
  const types = require('util/types');
  let bytes;
  if (types.isAnyArrayBuffer(source)) {
    bytes = new Uint8Array(source.slice(0));
  } else if (types.isArrayBufferView(source)) {
    bytes = new Uint8Array(source.buffer.slice(source.byteOffset,
      source.byteOffset + source.byteLength));
  } else {
    let text = `${source}`;
    if (endings === 'native') text = text.replace(/\n|\r\n/g, '\n');
    encoder ??= new (require('internal/encoding').TextEncoder)();
    bytes = encoder.encode(text);
  }
  return [bytes];
}

function inspectWith(name, fields, depth, options) {
  const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
  return `${name} ${require('util').inspect(fields, opts)}`;
}

function concat(parts, length) {
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

class Blob {
  constructor(sources = [], options = undefined) {
    if (sources === null || typeof sources[Symbol.iterator] !== 'function'
      || typeof sources === 'string') {
      throw new codes.ERR_INVALID_ARG_TYPE('sources', 'a sequence', sources);
    }
    if (options != null && typeof options !== 'object' && typeof options !== 'function') {
      throw new codes.ERR_INVALID_ARG_TYPE('options', 'a dictionary', options);
    }
    let { type = '', endings = 'transparent' } = options ?? {};
    endings = `${endings}`;
    if (endings !== 'transparent' && endings !== 'native') {
      throw new codes.ERR_INVALID_ARG_VALUE('options.endings', endings);
    }
    const parts = [];
    let length = 0;
    for (const source of sources) {
      for (const part of partsOf(source, endings)) {
        parts.push(part);
        length += part.length;
      }
    }
    this[kParts] = parts;
    this[kLength] = length;
    this[kType] = typeOf(type);
  }

  [kInspect](depth, options) {
    if (depth < 0) return this;
    return inspectWith('Blob', { size: this.size, type: this.type }, depth, options);
  }

  [kClone]() {
    return makeBlob(this[kParts], this[kLength], this[kType]);
  }

  get type() {
    if (!isBlob(this)) throw new codes.ERR_INVALID_THIS('Blob');
    return this[kType];
  }

  get size() {
    if (!isBlob(this)) throw new codes.ERR_INVALID_THIS('Blob');
    return this[kLength];
  }

  slice(start = 0, end = this[kLength], contentType = '') {
    if (!isBlob(this)) throw new codes.ERR_INVALID_THIS('Blob');
    const length = this[kLength];
    start = start < 0 ? Math.max(length + start, 0) : Math.min(start, length);
    end = end < 0 ? Math.max(length + end, 0) : Math.min(end, length);
    const span = Math.max(end - start, 0);
    const parts = [];
    let at = 0;
    for (const part of this[kParts]) {
      const from = Math.max(start - at, 0);
      const to = Math.min(start + span - at, part.length);
      if (from < to) parts.push(part.subarray(from, to));
      at += part.length;
      if (at >= start + span) break;
    }
    return makeBlob(parts, span, typeOf(contentType));
  }

  arrayBuffer() {
    if (!isBlob(this)) return Promise.reject(new codes.ERR_INVALID_THIS('Blob'));
    return Promise.resolve(concat(this[kParts], this[kLength]).buffer);
  }

  async text() {
    if (!isBlob(this)) throw new codes.ERR_INVALID_THIS('Blob');
    decoder ??= new (require('internal/encoding').TextDecoder)();
    return decoder.decode(await this.arrayBuffer());
  }

  bytes() {
    if (!isBlob(this)) throw new codes.ERR_INVALID_THIS('Blob');
    return this.arrayBuffer().then((buffer) => new Uint8Array(buffer));
  }

  // A byte stream giving one chunk per part; nothing is read until the stream is pulled.
  stream() {
    if (!isBlob(this)) throw new codes.ERR_INVALID_THIS('Blob');
    const { ReadableStream } = require('stream/web');
    const parts = this[kParts];
    let next = 0;
    return new ReadableStream({
      type: 'bytes',
      pull(c) {
        while (next < parts.length && parts[next].length === 0) next++;
        if (next === parts.length) {
          c.close();
          c.byobRequest?.respond(0);
          return;
        }
        c.enqueue(parts[next++].slice());
      },
    }, { highWaterMark: 0 });
  }
}

Object.defineProperties(Blob.prototype, {
  size: kEnumerableProperty,
  type: kEnumerableProperty,
  slice: kEnumerableProperty,
  stream: kEnumerableProperty,
  text: kEnumerableProperty,
  arrayBuffer: kEnumerableProperty,
  bytes: kEnumerableProperty,
  [Symbol.toStringTag]: { configurable: true, value: 'Blob' },
});

function makeBlob(parts, length, type) {
  const blob = Object.create(Blob.prototype);
  blob[kParts] = parts;
  blob[kLength] = length;
  blob[kType] = type;
  return blob;
}

class File extends Blob {
  #name;
  #lastModified;

  constructor(fileBits, fileName, options = {}) {
    if (arguments.length < 2) throw new codes.ERR_MISSING_ARGS('fileBits', 'fileName');
    super(fileBits, options);
    let { lastModified } = options ?? {};
    if (lastModified !== undefined) {
      lastModified = +lastModified;
      if (Number.isNaN(lastModified)) lastModified = 0;
    } else {
      lastModified = Date.now();
    }
    this.#name = `${fileName}`.toWellFormed();
    this.#lastModified = lastModified;
  }

  get name() {
    return this.#name;
  }

  get lastModified() {
    return this.#lastModified;
  }

  [kInspect](depth, options) {
    if (depth < 0) return this;
    return inspectWith('File', { size: this.size, type: this.type, name: this.#name,
      lastModified: this.#lastModified }, depth, options);
  }
}

Object.defineProperties(File.prototype, {
  name: kEnumerableProperty,
  lastModified: kEnumerableProperty,
  [Symbol.toStringTag]: { configurable: true, value: 'File' },
});

// Blob URLs need a registry across realms that actions do not have: none resolves.
function resolveObjectURL() {
  return undefined;
}

module.exports = { Blob, File, resolveObjectURL };
