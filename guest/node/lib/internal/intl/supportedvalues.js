'use strict';
// @formatjs/intl-supportedvaluesof, once for Intl.supportedValuesOf and Intl.Locale.
module.exports = require('@formatjs/intl-supportedvaluesof');
