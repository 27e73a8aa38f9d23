'use strict';
// node:path, POSIX flavour (an action's paths are POSIX): path-browserify, a port of Node's.
const path = require('npm:path-browserify/');

path.posix = path;
path.win32 = new Proxy({}, {
  get() {
    throw new Error('path.win32 is not available in an action');
  },
});
path.toNamespacedPath = (p) => p;
path.matchesGlob = () => {
  throw new Error('path.matchesGlob is not available in an action');
};
module.exports = path;
