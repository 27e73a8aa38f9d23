'use strict';
// Intl.RelativeTimeFormat: the formatjs polyfill, with each locale's data loaded on first use
// and V8's errors for bad options, values and units.
const Ponyfill = require('@formatjs/intl-relativetimeformat').default;
const { ResolveLocale } = require('@formatjs/intl-localematcher');
const { internals } = require('internal/intl');

const { getOption, coerceOptions, checkType } = internals;
const NAME = 'Intl.RelativeTimeFormat';
const UNITS = ['second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'];

function check(options) {
  const o = coerceOptions(options);
  getOption(o, 'localeMatcher', 'string', ['lookup', 'best fit'], 'best fit', NAME);
  const nu = getOption(o, 'numberingSystem', 'string', undefined, undefined, NAME);
  if (nu !== undefined) checkType(nu, 'numberingSystem');
  getOption(o, 'style', 'string', ['long', 'short', 'narrow'], 'long', NAME);
  getOption(o, 'numeric', 'string', ['always', 'auto'], 'always', NAME);
  return options;
}

// The value and unit as V8 checks them before formatting.
function checkArguments(value, unit, method) {
  const n = Number(value);
  if (!Number.isFinite(n)) {
    throw new RangeError(`Value need to be finite number for ${NAME}.prototype.${method}()`);
  }
  const u = String(unit);
  const singular = u.endsWith('s') ? u.slice(0, -1) : u;
  if (!UNITS.includes(singular)) {
    throw new RangeError(`Invalid unit argument for ${NAME}.prototype.${method}() '${u}'`);
  }
  return [n, u];
}

const RelativeTimeFormat = internals.localeConstructor('RelativeTimeFormat', Ponyfill, {
  tags: require('intl-data:tags/relativetimeformat'),
  load: (file) => ({ locale: file, data: internals.localeData('relativetimeformat', file) }),
  resolveLocale: ResolveLocale,
  callable: false,
  prepare: check,
  resolved: ['locale', 'style', 'numeric', 'numberingSystem'],
});

const proto = Ponyfill.prototype;
for (const method of ['format', 'formatToParts']) {
  const original = proto[method];
  Object.defineProperty(proto, method, {
    value: {
      [method](value, unit) {
        return Reflect.apply(original, this, checkArguments(value, unit, method));
      },
    }[method],
    writable: true, enumerable: false, configurable: true,
  });
}

module.exports = { RelativeTimeFormat };
