'use strict';
// node:assert: the `assert` package, browserify's port of Node's module.
module.exports = require('npm:assert/');
