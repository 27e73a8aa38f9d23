'use strict';
// node:diagnostics_channel: channels nobody subscribes to from outside an action; libraries
// that publish to them (undici, for one) find no subscribers unless the action adds some.
const channels = new Map();

class Channel {
  constructor(name) {
    this.name = name;
    this._subscribers = [];
  }
  get hasSubscribers() {
    return this._subscribers.length > 0;
  }
  subscribe(fn) {
    this._subscribers.push(fn);
  }
  unsubscribe(fn) {
    const i = this._subscribers.indexOf(fn);
    if (i === -1) return false;
    this._subscribers.splice(i, 1);
    return true;
  }
  publish(message) {
    for (const fn of this._subscribers.slice()) fn(message, this.name);
  }
}

function channel(name) {
  if (!channels.has(name)) channels.set(name, new Channel(name));
  return channels.get(name);
}

module.exports = {
  channel,
  hasSubscribers: (name) => channels.has(name) && channels.get(name).hasSubscribers,
  subscribe: (name, fn) => channel(name).subscribe(fn),
  unsubscribe: (name, fn) => channel(name).unsubscribe(fn),
  tracingChannel: (name) => ({
    start: channel(`tracing:${name}:start`),
    end: channel(`tracing:${name}:end`),
    asyncStart: channel(`tracing:${name}:asyncStart`),
    asyncEnd: channel(`tracing:${name}:asyncEnd`),
    error: channel(`tracing:${name}:error`),
    get hasSubscribers() { return false; },
    traceSync: (fn, ctx, thisArg, ...args) => Reflect.apply(fn, thisArg, args),
    tracePromise: (fn, ctx, thisArg, ...args) => Reflect.apply(fn, thisArg, args),
    traceCallback: (fn, pos, ctx, thisArg, ...args) => Reflect.apply(fn, thisArg, args),
  }),
  Channel,
};
