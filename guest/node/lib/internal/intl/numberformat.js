'use strict';
// Intl.NumberFormat: the formatjs polyfill (its data is CLDR 48, as Node's ICU), with each
// locale's data loaded on first use. The options are checked here first, so that a bad one
// fails with V8's error rather than the polyfill's wording.
const { NumberFormat: Ponyfill } = require('@formatjs/intl-numberformat');
const { ResolveLocale } = require('@formatjs/intl-localematcher');
const { internals } = require('internal/intl');

const { getOption, getNumberOption, coerceOptions, checkType } = internals;
const NAME = 'Intl.NumberFormat';

// resolvedOptions() in V8's order.
const RESOLVED = [
  'locale', 'numberingSystem', 'style', 'currency', 'currencyDisplay', 'currencySign', 'unit',
  'unitDisplay', 'minimumIntegerDigits', 'minimumSignificantDigits', 'maximumSignificantDigits',
  'minimumFractionDigits', 'maximumFractionDigits', 'useGrouping', 'notation', 'compactDisplay',
  'signDisplay', 'roundingMode', 'roundingIncrement', 'trailingZeroDisplay', 'roundingPriority',
];
const INCREMENTS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000];

// InitializeNumberFormat's option checks, in its order, with V8's messages; the polyfill
// reads the same options again.
function check(options) {
  const o = coerceOptions(options);
  getOption(o, 'localeMatcher', 'string', ['lookup', 'best fit'], 'best fit', NAME);
  const nu = getOption(o, 'numberingSystem', 'string', undefined, undefined, NAME);
  if (nu !== undefined) checkType(nu, 'numberingSystem');
  const style = getOption(o, 'style', 'string', ['decimal', 'percent', 'currency', 'unit'],
    'decimal', NAME);
  const currency = getOption(o, 'currency', 'string', undefined, undefined, NAME);
  if (currency !== undefined && !/^[A-Za-z]{3}$/.test(currency)) {
    throw new RangeError(`Invalid currency code : ${currency}`);
  }
  getOption(o, 'currencyDisplay', 'string', ['code', 'symbol', 'narrowSymbol', 'name'],
    'symbol', NAME);
  getOption(o, 'currencySign', 'string', ['standard', 'accounting'], 'standard', NAME);
  const unit = getOption(o, 'unit', 'string', undefined, undefined, NAME);
  getOption(o, 'unitDisplay', 'string', ['short', 'narrow', 'long'], 'short', NAME);
  if (style === 'currency' && currency === undefined) {
    throw new TypeError('Currency code is required with currency style.');
  }
  if (style === 'unit' && unit === undefined) {
    throw new TypeError("Invalid unit argument for Intl.NumberFormat() ''");
  }
  getOption(o, 'notation', 'string', ['standard', 'scientific', 'engineering', 'compact'],
    'standard', NAME);
  getNumberOption(o, 'minimumIntegerDigits', 1, 21, 1);
  const mnfd = getNumberOption(o, 'minimumFractionDigits', 0, 100, undefined);
  const mxfd = o.maximumFractionDigits;
  if (mxfd !== undefined) {
    getNumberOption(o, 'maximumFractionDigits', mnfd === undefined ? 0 : mnfd, 100, undefined);
  }
  const mnsd = getNumberOption(o, 'minimumSignificantDigits', 1, 21, undefined);
  if (o.maximumSignificantDigits !== undefined) {
    getNumberOption(o, 'maximumSignificantDigits', mnsd === undefined ? 1 : mnsd, 21, undefined);
  }
  const increment = getNumberOption(o, 'roundingIncrement', 1, 5000, 1);
  if (!INCREMENTS.includes(increment)) {
    throw new RangeError('roundingIncrement value is out of range.');
  }
  getOption(o, 'roundingMode', 'string', ['ceil', 'floor', 'expand', 'trunc', 'halfCeil',
    'halfFloor', 'halfExpand', 'halfTrunc', 'halfEven'], 'halfExpand', NAME);
  getOption(o, 'roundingPriority', 'string', ['auto', 'morePrecision', 'lessPrecision'],
    'auto', 'SetNumberFormatDigitOptions');
  getOption(o, 'trailingZeroDisplay', 'string', ['auto', 'stripIfInteger'], 'auto', NAME);
  getOption(o, 'compactDisplay', 'string', ['short', 'long'], 'short', NAME);
  const grouping = o.useGrouping;
  if (grouping !== undefined && typeof grouping !== 'boolean') {
    getOption(o, 'useGrouping', 'string', ['min2', 'auto', 'always', 'true', 'false'],
      undefined, NAME);
  }
  getOption(o, 'signDisplay', 'string', ['auto', 'never', 'always', 'exceptZero', 'negative'],
    'auto', NAME);
  return options;
}

// The polyfill's errors for what only it knows (the units), in V8's words.
function translate(e, options) {
  if (e instanceof RangeError && e.message.startsWith('Invalid unit argument')) {
    return new RangeError(`Invalid unit argument for Intl.NumberFormat() '${options.unit}'`);
  }
  return e;
}

const NumberFormat = internals.localeConstructor('NumberFormat', Ponyfill, {
  tags: require('intl-data:tags/numberformat'),
  load: (file) => ({ locale: file, data: internals.localeData('numberformat', file) }),
  resolveLocale: ResolveLocale,
  callable: true,
  prepare: check,
  translate,
  resolved: RESOLVED,
});

module.exports = { NumberFormat };
