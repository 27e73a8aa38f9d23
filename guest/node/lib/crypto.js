'use strict';
// node:crypto. Placeholder until the host-side crypto lands: randomness only.
const { call } = require('internal/platform');
const { Buffer } = require('buffer');

function randomBytes(size, callback) {
  const buf = Buffer.from(call('crypto.random', size));
  if (callback) {
    process.nextTick(callback, null, buf);
    return undefined;
  }
  return buf;
}

function getRandomValues(array) {
  const bytes = call('crypto.random', array.byteLength);
  new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(bytes);
  return array;
}

function randomUUID() {
  const b = randomBytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const webcrypto = { getRandomValues, randomUUID, subtle: undefined };
module.exports = { randomBytes, randomUUID, getRandomValues, webcrypto };
