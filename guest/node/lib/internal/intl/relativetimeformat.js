'use strict';
// Intl.RelativeTimeFormat: the formatjs polyfill, with each locale's data loaded on first use.
const Ponyfill = require('@formatjs/intl-relativetimeformat').default;
const { ResolveLocale } = require('@formatjs/intl-localematcher');
const { internals } = require('internal/intl');

const RelativeTimeFormat = internals.localeConstructor('RelativeTimeFormat', Ponyfill, {
  tags: require('intl-data:tags/relativetimeformat'),
  load: (file) => ({ locale: file, data: internals.localeData('relativetimeformat', file) }),
  resolveLocale: ResolveLocale,
  callable: false,
});

module.exports = { RelativeTimeFormat };
