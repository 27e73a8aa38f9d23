'use strict';
// Bodies of Request and Response: what a body can be made from (extract), how it is read
// (text, json, arrayBuffer, blob, formData, bytes, body as a web ReadableStream) and how a
// FormData is sent (multipart, as undici writes it).
//
// A body is { parts, stream, used }: parts (Uint8Arrays and Blobs) until someone asks for
// `.body`; from then on the ReadableStream is the body and reading goes through it. An
// action that only calls text() or json() never loads stream/web.
const { TextEncoder, TextDecoder } = require('internal/encoding');

const encoder = new TextEncoder();
let blobModule;
let formDataClass;

function blobs() {
  return blobModule ??= require('internal/blob');
}

function streams() {
  return require('stream/web');
}

function isBlob(v) {
  return v !== null && typeof v === 'object' && typeof v.arrayBuffer === 'function' &&
    typeof v.type === 'string' && typeof v.stream === 'function' &&
    /^(Blob|File)$/.test(v[Symbol.toStringTag]);
}

function isFormData(v) {
  return v !== null && typeof v === 'object' && v[Symbol.toStringTag] === 'FormData' &&
    typeof v.entries === 'function';
}

function isStream(v) {
  return v !== null && typeof v === 'object' && typeof v.getReader === 'function' &&
    typeof v.cancel === 'function';
}

function isURLSearchParams(v) {
  return v !== null && typeof v === 'object' &&
    v[Symbol.toStringTag] === 'URLSearchParams';
}

function copyBytes(view) {
  return new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
}

// https://fetch.spec.whatwg.org/#concept-bodyinit-extract: [body, content type or null].
function extractBody(object) {
  if (typeof object === 'string') {
    return [{ parts: [encoder.encode(object)] }, 'text/plain;charset=UTF-8'];
  }
  if (isURLSearchParams(object)) {
    return [{ parts: [encoder.encode(object.toString())] },
      'application/x-www-form-urlencoded;charset=UTF-8'];
  }
  if (object instanceof ArrayBuffer ||
      (typeof SharedArrayBuffer === 'function' && object instanceof SharedArrayBuffer)) {
    return [{ parts: [new Uint8Array(object.slice(0))] }, null];
  }
  if (ArrayBuffer.isView(object)) {
    return [{ parts: [copyBytes(object)] }, null];
  }
  if (isBlob(object)) {
    return [{ parts: [object] }, object.type || null];
  }
  if (isFormData(object)) {
    const [parts, boundary] = multipart(object);
    return [{ parts }, `multipart/form-data; boundary=${boundary}`];
  }
  if (isStream(object)) {
    if (object.locked || object._disturbed) {
      throw new TypeError('Response body object should not be disturbed or locked');
    }
    return [{ stream: object }, null];
  }
  return [{ parts: [encoder.encode(String(object))] }, 'text/plain;charset=UTF-8'];
}

// ---- multipart/form-data, as undici writes it ---------------------------------------
function escapeName(s) {
  return s.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
}

function normalizeLinefeeds(s) {
  return s.replace(/\r?\n|\r/g, '\r\n');
}

function multipart(formData) {
  const boundary = `----formdata-undici-0${`${Math.floor(Math.random() * 1e11)}`.padStart(11, '0')}`;
  const prefix = `--${boundary}\r\nContent-Disposition: form-data`;
  const parts = [];
  const push = (chunk) => parts.push(chunk);
  for (const [name, value] of formData) {
    if (typeof value === 'string') {
      push(encoder.encode(`${prefix}; name="${escapeName(normalizeLinefeeds(name))}"` +
        `\r\n\r\n${normalizeLinefeeds(value)}\r\n`));
    } else {
      push(encoder.encode(`${prefix}; name="${escapeName(normalizeLinefeeds(name))}"` +
        (value.name ? `; filename="${escapeName(value.name)}"` : '') + '\r\n' +
        `Content-Type: ${value.type || 'application/octet-stream'}\r\n\r\n`));
      push(value);
      push(encoder.encode('\r\n'));
    }
  }
  push(encoder.encode(`--${boundary}--\r\n`));
  return [parts, boundary];
}

// ---- reading --------------------------------------------------------------------------
function unusable(body) {
  return body !== null && (body.used || (body.stream !== undefined &&
    (body.stream.locked || body.stream._disturbed)));
}

function streamOf(body) {
  if (body.stream === undefined) {
    const { ReadableStream } = streams();
    const parts = body.parts;
    body.parts = undefined;
    body.stream = new ReadableStream({
      type: 'bytes',
      async pull(controller) {
        const bytes = await concat(parts);
        if (bytes.byteLength > 0) controller.enqueue(bytes);
        controller.close();
      },
    });
  }
  return body.stream;
}

async function readAll(stream) {
  const reader = stream.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!(value instanceof Uint8Array)) {
      throw new TypeError('Received non-Uint8Array chunk');
    }
    chunks.push(value);
    size += value.byteLength;
  }
  return join(chunks, size);
}

function join(chunks, size) {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

// The bytes of parts (Uint8Arrays and Blobs), in one array.
async function concat(parts) {
  const chunks = [];
  let size = 0;
  for (const part of parts) {
    const bytes = part instanceof Uint8Array ? part : new Uint8Array(await part.arrayBuffer());
    chunks.push(bytes);
    size += bytes.byteLength;
  }
  return chunks.length === 0 ? new Uint8Array(0) : join(chunks, size);
}

// All of a body's bytes; marks it used.
async function consume(body) {
  if (body === null) return new Uint8Array(0);
  if (body.stream !== undefined) return readAll(body.stream);
  body.used = true;
  return concat(body.parts);
}

// A second body with the same content (clone()): parts are shared (never written to), a
// stream is teed.
function cloneBody(body) {
  if (body === null) return null;
  if (body.stream === undefined) return { parts: body.parts, text: body.text, used: false };
  const [a, b] = body.stream.tee();
  body.stream = a;
  return { stream: b, used: false };
}

function utf8Decode(bytes) {
  return new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
}

// What the five readers turn bytes into; `mime` is the body's Content-Type or ''.
const READERS = {
  text: (bytes) => utf8Decode(bytes),
  json: (bytes) => JSON.parse(utf8Decode(bytes)),
  arrayBuffer: (bytes) => bytes.slice().buffer,
  bytes: (bytes) => new Uint8Array(bytes),
  blob: (bytes, mime) => new (blobs().Blob)([bytes], { type: mime.toLowerCase() }),
  formData: (bytes, mime) => parseFormData(bytes, mime),
};

function bodyMixin(Class, internals, name) {
  const methods = {};
  for (const kind of ['blob', 'arrayBuffer', 'text', 'json', 'formData', 'bytes']) {
    methods[kind] = {
      async [kind]() {
        internals.check(this);
        const body = internals.body(this);
        if (unusable(body)) throw new TypeError('Body is unusable: Body has already been read');
        if ((kind === 'text' || kind === 'json') && body !== null && body.stream === undefined
            && typeof body.text === 'string') {
          body.used = true;
          return kind === 'text' ? body.text : JSON.parse(body.text);
        }
        const bytes = await consume(body);
        return READERS[kind](bytes, kind === 'blob' || kind === 'formData'
          ? mimeType(internals.headers(this)) : '');
      },
    }[kind];
    Object.defineProperty(Class.prototype, kind, {
      value: methods[kind], writable: true, enumerable: true, configurable: true,
    });
  }
  void name;
}

const MIME_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

// The body's MIME type, serialized as the MIME Sniffing standard does ('' when there is
// none or it does not parse): `text/plain; charset=UTF-8` is `text/plain;charset=UTF-8`.
function mimeType(list) {
  const value = list.get('content-type');
  if (value === null) return '';
  const [essence, ...params] = value.split(';');
  const [type, subtype, extra] = essence.trim().split('/');
  if (extra !== undefined || !MIME_TOKEN.test(type || '') || !MIME_TOKEN.test(subtype || '')) {
    return '';
  }
  let out = `${type.toLowerCase()}/${subtype.toLowerCase()}`;
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq === -1) continue;
    const name = param.slice(0, eq).trim().toLowerCase();
    let v = param.slice(eq + 1).trim();
    if (v.startsWith('"')) v = v.slice(1, v.indexOf('"', 1) === -1 ? undefined : v.indexOf('"', 1));
    if (!MIME_TOKEN.test(name)) continue;
    out += `;${name}=${MIME_TOKEN.test(v) ? v : `"${v.replace(/(["\\])/g, '\\$1')}"`}`;
  }
  return out;
}

// ---- FormData from a body -------------------------------------------------------------
function parseFormData(bytes, mime) {
  const essence = mime.split(';')[0];
  if (essence === 'multipart/form-data') {
    const match = /;boundary=("?)([^";]+)\1/.exec(mime);
    if (match) return parseMultipart(bytes, match[2]);
    throw new TypeError('Failed to parse body as FormData.');
  }
  if (essence === 'application/x-www-form-urlencoded') {
    const { URLSearchParams } = require('internal/url');
    const fd = new (formData())();
    for (const [name, value] of new URLSearchParams(utf8Decode(bytes))) fd.append(name, value);
    return fd;
  }
  throw new TypeError(
    'Content-Type was not one of "multipart/form-data" or "application/x-www-form-urlencoded".');
}

function formData() {
  return formDataClass ??= require('./formdata.js').FormData;
}

function indexOf(bytes, needle, from) {
  outer: for (let i = from; i <= bytes.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) {
      if (bytes[i + j] !== needle[j]) continue outer;
    }
    return i;
  }
  return -1;
}

function parseMultipart(bytes, boundary) {
  const fail = () => new TypeError('Failed to parse body as FormData.');
  const delimiter = encoder.encode(`--${boundary}`);
  const fd = new (formData())();
  let at = indexOf(bytes, delimiter, 0);
  if (at === -1) throw fail();
  const latin1 = (from, to) => String.fromCharCode.apply(null, bytes.subarray(from, to));
  for (;;) {
    at += delimiter.length;
    if (bytes[at] === 0x2d && bytes[at + 1] === 0x2d) return fd; // the closing delimiter
    if (bytes[at] !== 0x0d || bytes[at + 1] !== 0x0a) throw fail();
    at += 2;
    const headerEnd = indexOf(bytes, encoder.encode('\r\n\r\n'), at);
    if (headerEnd === -1) throw fail();
    const head = latin1(at, headerEnd);
    const next = indexOf(bytes, encoder.encode(`\r\n--${boundary}`), headerEnd + 4);
    if (next === -1) throw fail();
    const content = bytes.slice(headerEnd + 4, next);
    const disposition = /content-disposition:\s*form-data\s*;([^\r\n]*)/i.exec(head);
    if (!disposition) throw fail();
    const name = /(?:^|;)\s*name="([^"]*)"/i.exec(disposition[1]);
    if (!name) throw fail();
    const filename = /(?:^|;)\s*filename="([^"]*)"/i.exec(disposition[1]);
    const type = /content-type:\s*([^\r\n]*)/i.exec(head);
    const fieldName = utf8Decode(encodeLatin1(name[1]));
    if (filename) {
      const { File } = blobs();
      fd.append(fieldName, new File([content], utf8Decode(encodeLatin1(filename[1])),
        { type: type ? type[1].trim() : '' }));
    } else {
      fd.append(fieldName, utf8Decode(content));
    }
    at = next + 2;
  }
}

function encodeLatin1(s) {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

module.exports = {
  extractBody, bodyMixin, consume, concat, cloneBody, unusable, streamOf, mimeType, isStream,
};
