'use strict';
// node:buffer: the `buffer` package (feross's Buffer, API-compatible with Node's), with what
// it lacks: the 'base64url' encoding, isUtf8/isAscii, Node's constants and its Blob and File.
const npm = require('npm:buffer/');
const { Buffer } = npm;

const isBase64Url = (enc) => typeof enc === 'string' && enc.toLowerCase() === 'base64url';
const toUrl = (b64) => b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

// The package's base64 decoder already accepts '-' and '_'; only the names and the encoder
// need teaching.
const { from, byteLength, isEncoding } = Buffer;
const proto = Buffer.prototype;
const { toString, write } = proto;

Buffer.from = function (value, encodingOrOffset, length) {
  return Reflect.apply(from, this,
    [value, isBase64Url(encodingOrOffset) ? 'base64' : encodingOrOffset, length]);
};
Buffer.byteLength = function (string, encoding) {
  return byteLength(string, isBase64Url(encoding) ? 'base64' : encoding);
};
Buffer.isEncoding = function (encoding) {
  return isBase64Url(encoding) || isEncoding(encoding);
};
proto.toString = function (encoding, start, end) {
  if (isBase64Url(encoding)) return toUrl(Reflect.apply(toString, this, ['base64', start, end]));
  return Reflect.apply(toString, this, arguments);
};
proto.write = function (string, offset, length, encoding) {
  const args = [...arguments];
  for (let i = 1; i < args.length; i++) if (isBase64Url(args[i])) args[i] = 'base64';
  return Reflect.apply(write, this, args);
};
proto.toLocaleString = proto.toString;

// Node's own inspection: `<Buffer 68 69 ... 10 more bytes>`, with any extra own properties.
const INSPECT_MAX_BYTES = 50;
proto[Symbol.for('nodejs.util.inspect.custom')] = function inspect(recurseTimes, ctx) {
  const max = INSPECT_MAX_BYTES;
  const actualMax = Math.min(max, this.length);
  const remaining = this.length - max;
  let str = Reflect.apply(toString, this, ['hex', 0, actualMax]).replace(/(.{2})/g, '$1 ').trim();
  if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
  if (ctx) {
    const extras = Object.keys(this).filter((k) => !/^(0|[1-9][0-9]*)$/.test(k));
    if (extras.length > 0) {
      const obj = { __proto__: null };
      for (const key of extras) obj[key] = this[key];
      if (this.length !== 0) str += ', ';
      str += require('util').inspect(obj, { ...ctx, breakLength: Infinity, compact: true })
        .slice(27, -2);
    }
  }
  return `<${this.constructor.name} ${str}>`;
};

Buffer.copyBytesFrom = function copyBytesFrom(view, offset = 0, length) {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  const size = view.BYTES_PER_ELEMENT || 1;
  const end = length === undefined ? view.length : offset + length;
  return Buffer.from(bytes.slice(offset * size, end * size));
};

function isUtf8(input) {
  try {
    new (require('internal/encoding').TextDecoder)('utf-8', { fatal: true }).decode(input);
    return true;
  } catch {
    return false;
  }
}

function isAscii(input) {
  const bytes = ArrayBuffer.isView(input)
    ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : new Uint8Array(input);
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x7F) return false;
  return true;
}

const kMaxLength = 2 ** 32;
const kStringMaxLength = 2 ** 29 - 24;

module.exports = {
  Buffer,
  SlowBuffer: npm.SlowBuffer,
  INSPECT_MAX_BYTES,
  kMaxLength,
  kStringMaxLength,
  constants: { MAX_LENGTH: kMaxLength, MAX_STRING_LENGTH: kStringMaxLength },
  atob: globalThis.atob,
  btoa: globalThis.btoa,
  isUtf8,
  isAscii,
  transcode() {
    throw new Error('buffer.transcode is not available in an action');
  },
};
// Blob and File load only when asked for (they bring web streams with them).
for (const name of ['Blob', 'File']) {
  Object.defineProperty(module.exports, name, {
    enumerable: true,
    configurable: true,
    get() {
      const value = require('internal/blob')[name];
      Object.defineProperty(module.exports, name, { value, enumerable: true, writable: true });
      return value;
    },
  });
}
