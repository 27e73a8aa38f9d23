'use strict';
// MessageChannel, MessagePort, BroadcastChannel and MessageEvent, within one execution (an
// action has no workers to talk to): a message is structured-cloned when it is posted and
// dispatched to the other port (or the other channels of the same name) on a later turn of
// the event loop, as a MessageEvent. A port receives once started (start(), an onmessage
// handler or a 'message' listener), holding what arrived before. Node delivers in its poll
// phase, before setImmediate callbacks; here delivery is an immediate of its own.
const { EventTarget, Event, defineEventHandler, kNewListener } = require('internal/event_target');
const { setImmediate } = require('internal/core');

// internal/errors loads when an error is made, not with this module.
const codes = new Proxy({}, { get: (target, code) => require('internal/errors').codes[code] });

const kData = Symbol('kData');
const kPorts = Symbol('kPorts');
const kPeer = Symbol('kPeer');
const kQueue = Symbol('kQueue');
const kStarted = Symbol('kStarted');
const kClosed = Symbol('kClosed');
const kConstructing = Symbol('kConstructing');

class MessageEvent extends Event {
  // As Node's: no type makes an event of type "undefined".
  constructor(type, options = {}) {
    super(type, options);
    this[kData] = options?.data ?? null;
    this[kPorts] = options?.ports ?? [];
    this.origin = options?.origin ?? '';
    this.lastEventId = options?.lastEventId ?? '';
    this.source = options?.source ?? null;
  }

  get data() {
    return this[kData];
  }

  get ports() {
    return this[kPorts];
  }
}

function deliver(port) {
  if (!port[kStarted] || port[kClosed]) return;
  while (port[kQueue].length > 0) {
    port.dispatchEvent(new MessageEvent('message', { data: port[kQueue].shift() }));
  }
}

class MessagePort extends EventTarget {
  constructor(key) {
    if (key !== kConstructing) throw new codes.ERR_CONSTRUCT_CALL_INVALID();
    super();
    this[kPeer] = null;
    this[kQueue] = [];
    this[kStarted] = false;
    this[kClosed] = false;
  }

  postMessage(message, transfer = undefined) {
    if (arguments.length === 0) throw new codes.ERR_MISSING_ARGS('message');
    const data = structuredClone(message, Array.isArray(transfer) ? { transfer } : transfer);
    const peer = this[kPeer];
    if (this[kClosed] || peer === null || peer[kClosed]) return;
    peer[kQueue].push(data);
    setImmediate(() => deliver(peer));
  }

  start() {
    this[kStarted] = true;
    setImmediate(() => deliver(this));
  }

  close() {
    for (const port of [this, this[kPeer]]) {
      if (port === null || port[kClosed]) continue;
      port[kClosed] = true;
      setImmediate(() => port.dispatchEvent(new Event('close')));
    }
  }

  ref() {
    return this;
  }

  unref() {
    return this;
  }

  hasRef() {
    return false;
  }

  // A 'message' listener starts the port, as in Node.
  [kNewListener](size, type, ...rest) {
    super[kNewListener](size, type, ...rest);
    if (type === 'message' && !this[kStarted]) this.start();
  }
}
defineEventHandler(MessagePort.prototype, 'message');
defineEventHandler(MessagePort.prototype, 'messageerror');

class MessageChannel {
  constructor() {
    const port1 = new MessagePort(kConstructing);
    const port2 = new MessagePort(kConstructing);
    port1[kPeer] = port2;
    port2[kPeer] = port1;
    Object.defineProperties(this, {
      port1: { value: port1, enumerable: true },
      port2: { value: port2, enumerable: true },
    });
  }
}

const broadcastChannels = new Map(); // name -> Set of open channels
const kName = Symbol('kName');

class BroadcastChannel extends EventTarget {
  constructor(name) {
    if (arguments.length === 0) throw new codes.ERR_MISSING_ARGS('name');
    super();
    this[kName] = `${name}`;
    this[kClosed] = false;
    if (!broadcastChannels.has(this[kName])) broadcastChannels.set(this[kName], new Set());
    broadcastChannels.get(this[kName]).add(this);
  }

  get name() {
    return this[kName];
  }

  postMessage(message) {
    if (arguments.length === 0) throw new codes.ERR_MISSING_ARGS('message');
    if (this[kClosed]) throw new DOMException('BroadcastChannel is closed.', 'InvalidStateError');
    const data = structuredClone(message);
    for (const other of broadcastChannels.get(this[kName])) {
      if (other === this) continue;
      setImmediate(() => {
        if (!other[kClosed]) other.dispatchEvent(new MessageEvent('message', { data }));
      });
    }
  }

  close() {
    if (this[kClosed]) return;
    this[kClosed] = true;
    broadcastChannels.get(this[kName]).delete(this);
  }

  ref() {
    return this;
  }

  unref() {
    return this;
  }
}
defineEventHandler(BroadcastChannel.prototype, 'message');
defineEventHandler(BroadcastChannel.prototype, 'messageerror');

module.exports = { BroadcastChannel, MessageChannel, MessageEvent, MessagePort };
