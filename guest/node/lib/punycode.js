'use strict';
// node:punycode (deprecated in Node, still there): the punycode package Node's came from.
module.exports = require('npm:punycode/');
