'use strict';
// node:punycode (deprecated in Node, still there): the punycode package Node's came from,
// reporting the version Node 20 bundles.
const punycode = require('npm:punycode/punycode.js');

module.exports = { ...punycode, version: '2.1.0' };
