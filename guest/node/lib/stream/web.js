'use strict';
// node:stream/web: web-streams-polyfill, a WHATWG Streams implementation that passes the
// standard's tests; the text streams are made from it and the runtime's TextEncoder/Decoder.
const streams = require('web-streams-polyfill');
const { TextEncoder, TextDecoder } = require('internal/encoding');

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

// util.inspect shows a stream as Node does, not the polyfill's internal slots.
Object.defineProperty(streams.ReadableStream.prototype, Symbol.for('nodejs.util.inspect.custom'), {
  value: function inspect(depth, options) {
    const state = { locked: this.locked, state: this._state,
      supportsBYOB: this._readableStreamController instanceof
        streams.ReadableByteStreamController };
    return `ReadableStream ${require('util').inspect(state, options)}`;
  },
  writable: true,
  configurable: true,
});

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
