'use strict';
// EventTarget and Event: event-target-shim (the implementation abort-controller and
// node-fetch build on), and CustomEvent on top of it.
const { EventTarget, Event } = require('event-target-shim');

class CustomEvent extends Event {
  constructor(type, options = {}) {
    super(type, options);
    this._detail = options.detail === undefined ? null : options.detail;
  }
  get detail() {
    return this._detail;
  }
}

module.exports = { EventTarget, Event, CustomEvent };
