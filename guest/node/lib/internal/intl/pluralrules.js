'use strict';
// Intl.PluralRules: the formatjs polyfill. A locale's rules are functions, so they come as a
// module of their own (internal/intl/plural/<locale>), loaded on first use.
const { PluralRules: Ponyfill } = require('@formatjs/intl-pluralrules');
const { ResolveLocale } = require('@formatjs/intl-localematcher');
const { internals } = require('internal/intl');

const { getOption, coerceOptions } = internals;
const NAME = 'Intl.PluralRules';
// What V8's resolvedOptions() has, in its order.
const RESOLVED = ['locale', 'type', 'minimumIntegerDigits', 'minimumFractionDigits',
  'maximumFractionDigits', 'minimumSignificantDigits', 'maximumSignificantDigits',
  'pluralCategories'];

function check(options) {
  const o = coerceOptions(options);
  getOption(o, 'localeMatcher', 'string', ['lookup', 'best fit'], 'best fit', NAME);
  getOption(o, 'type', 'string', ['cardinal', 'ordinal'], 'cardinal', NAME);
  return options;
}

const PluralRules = internals.localeConstructor('PluralRules', Ponyfill, {
  tags: require('intl-data:tags/pluralrules'),
  load: (file) => ({ locale: file, data: require(`internal/intl/plural/${file}`) }),
  resolveLocale: ResolveLocale,
  callable: false,
  prepare: check,
});

// V8 lists the categories as ICU does: alphabetically, "other" last; and only the digit
// options that apply.
const resolvedOptions = Ponyfill.prototype.resolvedOptions;
Object.defineProperty(Ponyfill.prototype, 'resolvedOptions', {
  value: function resolvedOptions_() {
    const got = Reflect.apply(resolvedOptions, this, []);
    const significant = got.minimumSignificantDigits !== undefined;
    const ordered = {};
    for (const key of RESOLVED) {
      if (got[key] === undefined) continue;
      if (significant && (key === 'minimumFractionDigits' || key === 'maximumFractionDigits')) continue;
      ordered[key] = got[key];
    }
    ordered.pluralCategories = [...got.pluralCategories].sort((a, b) =>
      (a === 'other') - (b === 'other') || (a < b ? -1 : a > b ? 1 : 0));
    return ordered;
  },
  writable: true, enumerable: false, configurable: true,
});
Object.defineProperty(Ponyfill.prototype.resolvedOptions, 'name', { value: 'resolvedOptions' });

module.exports = { PluralRules };
