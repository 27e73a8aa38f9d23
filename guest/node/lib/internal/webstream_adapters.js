'use strict';
// Readable.toWeb/fromWeb and Writable.toWeb/fromWeb, as Node 20's
// lib/internal/webstreams/adapters.js makes them: a web stream that reads (or writes) a
// Node stream, pausing it under backpressure, and the other way round.
const { Readable, Writable, finished, destroy } = require('stream');
const { ReadableStream, WritableStream, CountQueuingStrategy } = require('stream/web');
const { Buffer } = require('buffer');
const { codes } = require('internal/errors');

function readableToWeb(streamReadable, options = {}) {
  if (typeof streamReadable?._readableState !== 'object') {
    throw new codes.ERR_INVALID_ARG_TYPE('streamReadable', 'stream.Readable', streamReadable);
  }
  const objectMode = streamReadable.readableObjectMode;
  const highWaterMark = streamReadable.readableHighWaterMark;
  const strategy = options.strategy
    ?? (objectMode ? new CountQueuingStrategy({ highWaterMark }) : { highWaterMark });
  let controller;
  function onData(chunk) {
    // A copy: the chunk's memory may be reused by the stream.
    if (Buffer.isBuffer(chunk) && !objectMode) chunk = new Uint8Array(chunk);
    controller.enqueue(chunk);
    if (controller.desiredSize <= 0) streamReadable.pause();
  }
  function onFinished(error) {
    cleanup();
    streamReadable.on('error', () => {});
    if (error) controller.error(error);
    else controller.close();
  }
  streamReadable.pause();
  const cleanup = finished(streamReadable, onFinished);
  streamReadable.on('data', onData);
  return new ReadableStream({
    start(c) {
      controller = c;
    },
    pull() {
      streamReadable.resume();
    },
    cancel(reason) {
      destroy(streamReadable, reason);
    },
  }, strategy);
}

function readableFromWeb(readableStream, options = {}) {
  if (!(readableStream instanceof ReadableStream)) {
    throw new codes.ERR_INVALID_ARG_TYPE('readableStream', 'ReadableStream', readableStream);
  }
  const { highWaterMark, encoding, objectMode = false, signal } = options;
  const reader = readableStream.getReader();
  let closed = false;
  const readable = new Readable({
    objectMode,
    highWaterMark,
    encoding,
    signal,
    read() {
      reader.read().then((chunk) => {
        readable.push(chunk.done ? null : chunk.value);
      }, (error) => destroy(readable, error));
    },
    destroy(error, callback) {
      const done = () => callback(error);
      if (!closed) reader.cancel(error).then(done, done);
      else done();
    },
  });
  reader.closed.then(() => {
    closed = true;
  }, (error) => {
    closed = true;
    destroy(readable, error);
  });
  return readable;
}

function writableToWeb(streamWritable) {
  if (typeof streamWritable?._writableState !== 'object') {
    throw new codes.ERR_INVALID_ARG_TYPE('streamWritable', 'stream.Writable', streamWritable);
  }
  let drained = null;
  streamWritable.on('drain', () => {
    const resolve = drained;
    drained = null;
    resolve?.();
  });
  const strategy = streamWritable.writableObjectMode
    ? new CountQueuingStrategy({ highWaterMark: streamWritable.writableHighWaterMark })
    : { highWaterMark: streamWritable.writableHighWaterMark };
  return new WritableStream({
    write(chunk) {
      if (streamWritable.writableNeedDrain || !streamWritable.write(chunk)) {
        return new Promise((resolve) => {
          drained = resolve;
        });
      }
      return undefined;
    },
    close() {
      return new Promise((resolve, reject) => {
        finished(streamWritable, (error) => (error ? reject(error) : resolve()));
        streamWritable.end();
      });
    },
    abort(reason) {
      destroy(streamWritable, reason);
    },
  }, strategy);
}

function writableFromWeb(writableStream, options = {}) {
  if (!(writableStream instanceof WritableStream)) {
    throw new codes.ERR_INVALID_ARG_TYPE('writableStream', 'WritableStream', writableStream);
  }
  const { highWaterMark, decodeStrings = true, objectMode = false, signal } = options;
  const writer = writableStream.getWriter();
  return new Writable({
    highWaterMark,
    objectMode,
    decodeStrings,
    signal,
    write(chunk, encoding, callback) {
      writer.ready.then(() => writer.write(chunk)).then(() => callback(), callback);
    },
    final(callback) {
      writer.close().then(() => callback(), callback);
    },
    destroy(error, callback) {
      const done = () => callback(error);
      if (error) writer.abort(error).then(done, done);
      else done();
    },
  });
}

module.exports = { readableToWeb, readableFromWeb, writableToWeb, writableFromWeb };
