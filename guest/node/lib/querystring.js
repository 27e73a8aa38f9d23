'use strict';
// node:querystring: querystring-es3, the port of Node's module.
const qs = require('querystring-es3');

// Node's parse returns an object without a prototype (a key named __proto__ is just a key).
const parseQs = qs.parse;
qs.parse = function parse(str, sep, eq, options) {
  return Object.assign(Object.create(null), parseQs(str, sep, eq, options));
};
qs.decode = qs.parse;
qs.encode = qs.stringify;
qs.escape = qs.escape || ((s) => encodeURIComponent(s));
qs.unescape = qs.unescape || ((s) => decodeURIComponent(s));
qs.unescapeBuffer = (s) => require('buffer').Buffer.from(qs.unescape(s));
module.exports = qs;
