'use strict';
// Intl.PluralRules: the formatjs polyfill. A locale's rules are functions, so they come as a
// module of their own (internal/intl/plural/<locale>), loaded on first use.
const { PluralRules: Ponyfill } = require('@formatjs/intl-pluralrules');
const { ResolveLocale } = require('@formatjs/intl-localematcher');
const { internals } = require('internal/intl');

const PluralRules = internals.localeConstructor('PluralRules', Ponyfill, {
  tags: require('intl-data:tags/pluralrules'),
  load: (file) => ({ locale: file, data: require(`internal/intl/plural/${file}`) }),
  resolveLocale: ResolveLocale,
  callable: false,
});

module.exports = { PluralRules };
