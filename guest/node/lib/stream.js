'use strict';
// node:stream: readable-stream, the Node streams team's own copy of Node's stream module.
const Stream = require('npm:readable-stream/lib/ours/browser.js');

module.exports = Stream;
