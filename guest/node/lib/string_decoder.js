'use strict';
// node:string_decoder: the string_decoder package (Node's own code, kept by the
// readable-stream team).
module.exports = require('npm:string_decoder/');
