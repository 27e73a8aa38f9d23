'use strict';
// Intl.NumberFormat: the formatjs polyfill, with each locale's data loaded on first use.
const { NumberFormat: Ponyfill } = require('@formatjs/intl-numberformat');
const { ResolveLocale } = require('@formatjs/intl-localematcher');
const { internals } = require('internal/intl');

const NumberFormat = internals.localeConstructor('NumberFormat', Ponyfill, {
  tags: require('intl-data:tags/numberformat'),
  load: (file) => ({ locale: file, data: internals.localeData('numberformat', file) }),
  resolveLocale: ResolveLocale,
  callable: true,
});

module.exports = { NumberFormat };
