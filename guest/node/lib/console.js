'use strict';
// node:console: the global console object, as Node's module exports it, with a Console
// class whose instances write where the global one does (an action has no streams).
const { consoleObject } = require('internal/core');

class Console {
  constructor() {
    Object.assign(this, consoleObject);
  }
}

consoleObject.Console = Console;
module.exports = consoleObject;
