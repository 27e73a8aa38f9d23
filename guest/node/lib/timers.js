'use strict';
// node:timers: the same functions as the globals (the prelude's real timers).
const core = require('internal/core');

module.exports = {
  setTimeout: core.setTimeout,
  clearTimeout: core.clearTimeout,
  setInterval: core.setInterval,
  clearInterval: core.clearInterval,
  setImmediate: core.setImmediate,
  clearImmediate: core.clearImmediate,
  promises: undefined,
};
Object.defineProperty(module.exports, 'promises', {
  enumerable: true,
  get: () => require('timers/promises'),
});
