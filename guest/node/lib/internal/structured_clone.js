'use strict';
// structuredClone: core-js's implementation of the HTML structured clone algorithm (Map,
// Set, Date, RegExp, errors, typed arrays; DataCloneError for what cannot be cloned), from
// its pure build, which touches no global.
const structuredClone = require('core-js-pure/actual/structured-clone');

module.exports = { structuredClone };
