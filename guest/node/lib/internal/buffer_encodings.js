'use strict';
// What Node's C++ buffer binding does for each encoding, in JS: read a range of bytes as a
// string (`slice`), write a string's bytes into a range (`write`, returning how many were
// written; never a partial character), and count a string's bytes. UTF-8 decoding replaces
// each invalid sequence as the WHATWG decoder does (V8's, so Node's); base64 decoding is
// Node's lenient one (invalid characters skipped, `=` ends the data), on base64-js.
const base64js = require('base64-js');
const { TextEncoder, TextDecoder } = require('internal/encoding');

const encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const CHUNK = 0x2000; // code units per String.fromCharCode call

function bytesOf(buf, start, end) {
  return new Uint8Array(buf.buffer, buf.byteOffset + start, end - start);
}

function fromCodes(codes) {
  let out = '';
  for (let i = 0; i < codes.length; i += CHUNK) {
    out += String.fromCharCode.apply(null, codes.subarray(i, i + CHUNK));
  }
  return out;
}

// ---- utf8

function utf8Slice(buf, start, end) {
  return utf8Decoder.decode(bytesOf(buf, start, end));
}

function utf8Write(buf, string, offset, length) {
  return encoder.encodeInto(string, bytesOf(buf, offset, offset + length)).written;
}

function utf8ByteLength(string) {
  let n = string.length;
  for (let i = 0; i < string.length; i++) {
    const c = string.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) {
      n += 1;
    } else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < string.length
      && (string.charCodeAt(i + 1) & 0xFC00) === 0xDC00) {
      n += 2; // a pair: four bytes for two code units
      i++;
    } else {
      n += 2; // three bytes, a lone surrogate's replacement too
    }
  }
  return n;
}

// ---- latin1, ascii, ucs2

function latin1Slice(buf, start, end) {
  return fromCodes(bytesOf(buf, start, end));
}

function asciiSlice(buf, start, end) {
  const bytes = bytesOf(buf, start, end);
  const codes = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) codes[i] = bytes[i] & 0x7F;
  return fromCodes(codes);
}

function latin1Write(buf, string, offset, length) {
  const n = Math.min(string.length, length);
  for (let i = 0; i < n; i++) buf[offset + i] = string.charCodeAt(i);
  return n;
}

function ucs2Slice(buf, start, end) {
  const bytes = bytesOf(buf, start, end);
  const codes = new Uint16Array(bytes.length >>> 1);
  for (let i = 0; i < codes.length; i++) codes[i] = bytes[2 * i] | (bytes[2 * i + 1] << 8);
  return fromCodes(codes);
}

function ucs2Write(buf, string, offset, length) {
  const n = Math.min(string.length, length >>> 1);
  for (let i = 0; i < n; i++) {
    const c = string.charCodeAt(i);
    buf[offset + 2 * i] = c & 0xFF;
    buf[offset + 2 * i + 1] = c >>> 8;
  }
  return n * 2;
}

// ---- hex

const HEX_PAIRS = Array.from({ length: 256 }, (_, i) => (i < 16 ? '0' : '') + i.toString(16));

function hexSlice(buf, start, end) {
  let out = '';
  for (let i = start; i < end; i++) out += HEX_PAIRS[buf[i]];
  return out;
}

function hexDigit(c) {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

// Decoding stops at the first pair that is not two hex digits.
function hexWrite(buf, string, offset, length) {
  const pairs = Math.min(string.length >>> 1, length);
  let i = 0;
  for (; i < pairs; i++) {
    const hi = hexDigit(string.charCodeAt(2 * i));
    const lo = hexDigit(string.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) break;
    buf[offset + i] = (hi << 4) | lo;
  }
  return i;
}

// ---- base64 and base64url

const INVALID_BASE64 = /[^+/0-9A-Za-z\-_]/g;

function base64Bytes(string) {
  let str = string.split('=')[0].replace(INVALID_BASE64, '').replace(/-/g, '+').replace(/_/g, '/');
  if (str.length % 4 === 1) str = str.slice(0, -1);
  if (str.length < 2) return new Uint8Array(0);
  while (str.length % 4 !== 0) str += '=';
  return base64js.toByteArray(str);
}

function base64Write(buf, string, offset, length) {
  const bytes = base64Bytes(string);
  const n = Math.min(bytes.length, length);
  buf.set(n === bytes.length ? bytes : bytes.subarray(0, n), offset);
  return n;
}

function base64Slice(buf, start, end) {
  return base64js.fromByteArray(bytesOf(buf, start, end));
}

function base64urlSlice(buf, start, end) {
  return base64Slice(buf, start, end).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64ByteLength(str, bytes) {
  if (str.charCodeAt(bytes - 1) === 0x3D) bytes--;
  if (bytes > 1 && str.charCodeAt(bytes - 1) === 0x3D) bytes--;
  return (bytes * 3) >>> 2;
}

module.exports = {
  utf8Slice, utf8Write, utf8ByteLength,
  latin1Slice, latin1Write, asciiSlice,
  ucs2Slice, ucs2Write,
  hexSlice, hexWrite,
  base64Slice, base64urlSlice, base64Write, base64ByteLength,
};
