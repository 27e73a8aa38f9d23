'use strict';
// node:stream: readable-stream, the Node streams team's own copy of Node's stream module
// (its lib/stream.js: the legacy Stream with Readable, Writable, Duplex, Transform,
// PassThrough, pipeline, finished, compose... as properties), with what Node 20 adds: any
// TypedArray or DataView as a chunk, and the adapters to and from web streams.
const Stream = require('npm:readable-stream/lib/stream.js');

const { Buffer } = require('buffer');

Stream._isUint8Array = (value) => ArrayBuffer.isView(value);
Stream._uint8ArrayToBuffer = (chunk) => Buffer.from(chunk.buffer, chunk.byteOffset,
  chunk.byteLength);

const adapters = () => require('internal/webstream_adapters');
Stream.Readable.toWeb = (streamReadable, options) => adapters().readableToWeb(streamReadable,
  options);
Stream.Readable.fromWeb = (readableStream, options) => adapters().readableFromWeb(
  readableStream, options);
Stream.Writable.toWeb = (streamWritable) => adapters().writableToWeb(streamWritable);
Stream.Writable.fromWeb = (writableStream, options) => adapters().writableFromWeb(
  writableStream, options);

module.exports = Stream;
