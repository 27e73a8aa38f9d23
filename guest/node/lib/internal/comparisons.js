'use strict';
// Node's deep equality (assert.deepStrictEqual, util.isDeepStrictEqual), from the `assert`
// package's port of lib/internal/util/comparisons.js.
module.exports = require('npm:assert/build/internal/util/comparisons.js');
