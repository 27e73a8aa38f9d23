'use strict';
// node:stream/web: web-streams-polyfill, a WHATWG Streams implementation that passes the
// standard's tests; the text streams are made from it and the runtime's TextEncoder/Decoder.
// What Node shows of a stream (util.inspect) and the errors it throws for a locked or
// released stream are Node's own, put on the polyfill's classes here.
const streams = require('web-streams-polyfill');
const { TextEncoder, TextDecoder } = require('internal/encoding');

const kInspect = Symbol.for('nodejs.util.inspect.custom');

function invalidState(message) {
  return require('internal/errors').makeNodeError(TypeError, 'ERR_INVALID_STATE',
    `Invalid state: ${message}`);
}

function inspector(name, fields) {
  return function inspect(depth, options) {
    if (depth < 0) return this;
    const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
    return `${name} ${require('util').inspect(fields(this), opts)}`;
  };
}

const supportsBYOB = (rs) => rs._readableStreamController
  instanceof streams.ReadableByteStreamController;

function define(proto, methods) {
  for (const [name, value] of Object.entries(methods)) {
    Object.defineProperty(proto, name, { value, writable: true, configurable: true,
      enumerable: name !== kInspect && typeof name === 'string' });
  }
  for (const sym of Object.getOwnPropertySymbols(methods)) {
    Object.defineProperty(proto, sym, { value: methods[sym], writable: true, configurable: true });
  }
}

const RS = streams.ReadableStream.prototype;
const WS = streams.WritableStream.prototype;
const { getReader, pipeTo, pipeThrough } = RS;
const { getWriter } = WS;
const { read: readDefault } = streams.ReadableStreamDefaultReader.prototype;
const { enqueue: enqueueDefault } = streams.ReadableStreamDefaultController.prototype;

define(RS, {
  getReader(options = undefined) {
    if (this.locked) throw invalidState('ReadableStream is locked');
    if (options?.mode === 'byob' && !supportsBYOB(this)) {
      throw new (require('internal/errors').codes.ERR_INVALID_ARG_VALUE)('stream', this,
        'must be a byte stream');
    }
    return Reflect.apply(getReader, this, arguments);
  },
  pipeTo(destination, options = undefined) {
    if (this.locked) return Promise.reject(invalidState('The ReadableStream is locked'));
    return Reflect.apply(pipeTo, this, arguments);
  },
  pipeThrough(transform, options = undefined) {
    if (this.locked) throw invalidState('The ReadableStream is locked');
    return Reflect.apply(pipeThrough, this, arguments);
  },
  [kInspect]: inspector('ReadableStream', (rs) => ({ locked: rs.locked, state: rs._state,
    supportsBYOB: supportsBYOB(rs) })),
});
define(WS, {
  getWriter() {
    if (this.locked) throw invalidState('WritableStream is locked');
    return Reflect.apply(getWriter, this, arguments);
  },
  [kInspect]: inspector('WritableStream', (ws) => ({ locked: ws.locked, state: ws._state })),
});
define(streams.TransformStream.prototype, {
  [kInspect]: inspector('TransformStream', (ts) => ({ readable: ts.readable,
    writable: ts.writable, backpressure: ts._backpressure })),
});
define(streams.ReadableStreamDefaultReader.prototype, {
  read() {
    if (this._ownerReadableStream === undefined) {
      return Promise.reject(invalidState('The reader is not attached to a stream'));
    }
    return Reflect.apply(readDefault, this, arguments);
  },
  [kInspect]: inspector('ReadableStreamDefaultReader', (r) => ({ stream: r._ownerReadableStream,
    readRequests: r._readRequests?.length ?? 0, close: r._closedPromise })),
});
define(streams.WritableStreamDefaultWriter.prototype, {
  [kInspect]: inspector('WritableStreamDefaultWriter', (w) => ({ stream: w._ownerWritableStream,
    close: w._closedPromise, ready: w._readyPromise, desiredSize: w.desiredSize })),
});
define(streams.ReadableStreamDefaultController.prototype, {
  enqueue(chunk = undefined) {
    if (this._closeRequested) throw invalidState('Controller is already closed');
    return Reflect.apply(enqueueDefault, this, arguments);
  },
  [kInspect]: inspector('ReadableStreamDefaultController', () => ({})),
});
define(streams.WritableStreamDefaultController.prototype, {
  [kInspect]: inspector('WritableStreamDefaultController',
    (c) => ({ stream: c._controlledWritableStream })),
});
define(streams.TransformStreamDefaultController.prototype, {
  [kInspect]: inspector('TransformStreamDefaultController',
    (c) => ({ stream: c._controlledTransformStream })),
});

class TextEncoderStream extends streams.TransformStream {
  constructor() {
    const encoder = new TextEncoder();
    let pending = '';
    super({
      transform(chunk, controller) {
        let text = pending + String(chunk);
        pending = '';
        const last = text.charCodeAt(text.length - 1);
        if (last >= 0xD800 && last <= 0xDBFF) {
          pending = text.slice(-1);
          text = text.slice(0, -1);
        }
        if (text) controller.enqueue(encoder.encode(text));
      },
      flush(controller) {
        if (pending) controller.enqueue(encoder.encode(pending));
      },
    });
  }
  get encoding() {
    return 'utf-8';
  }
}

class TextDecoderStream extends streams.TransformStream {
  constructor(label = 'utf-8', options = {}) {
    const decoder = new TextDecoder(label, options);
    super({
      transform(chunk, controller) {
        const text = decoder.decode(chunk, { stream: true });
        if (text) controller.enqueue(text);
      },
      flush(controller) {
        const text = decoder.decode();
        if (text) controller.enqueue(text);
      },
    });
    this._decoder = decoder;
  }
  get encoding() {
    return this._decoder.encoding;
  }
  get fatal() {
    return this._decoder.fatal;
  }
  get ignoreBOM() {
    return this._decoder.ignoreBOM;
  }
}

module.exports = {
  ReadableStream: streams.ReadableStream,
  ReadableStreamDefaultReader: streams.ReadableStreamDefaultReader,
  ReadableStreamBYOBReader: streams.ReadableStreamBYOBReader,
  ReadableStreamBYOBRequest: streams.ReadableStreamBYOBRequest,
  ReadableByteStreamController: streams.ReadableByteStreamController,
  ReadableStreamDefaultController: streams.ReadableStreamDefaultController,
  TransformStream: streams.TransformStream,
  TransformStreamDefaultController: streams.TransformStreamDefaultController,
  WritableStream: streams.WritableStream,
  WritableStreamDefaultWriter: streams.WritableStreamDefaultWriter,
  WritableStreamDefaultController: streams.WritableStreamDefaultController,
  ByteLengthQueuingStrategy: streams.ByteLengthQueuingStrategy,
  CountQueuingStrategy: streams.CountQueuingStrategy,
  TextEncoderStream,
  TextDecoderStream,
};
