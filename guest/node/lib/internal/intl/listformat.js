'use strict';
// Intl.ListFormat: the formatjs polyfill, with each locale's data loaded on first use.
const Ponyfill = require('@formatjs/intl-listformat').default;
const { ResolveLocale } = require('@formatjs/intl-localematcher');
const { internals } = require('internal/intl');

const ListFormat = internals.localeConstructor('ListFormat', Ponyfill, {
  tags: require('intl-data:tags/listformat'),
  load: (file) => ({ locale: file, data: internals.localeData('listformat', file) }),
  resolveLocale: ResolveLocale,
  callable: false,
});

module.exports = { ListFormat };
