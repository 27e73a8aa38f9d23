'use strict';
// Intl.ListFormat: the formatjs polyfill, with each locale's data loaded on first use, V8's
// errors, and what ICU does beyond CLDR's patterns: Spanish "y" becomes "e" before an
// /i/ sound and "o" becomes "u" before an /o/ sound (ICU's listformatter.cpp rules).
const Ponyfill = require('@formatjs/intl-listformat').default;
const { ResolveLocale } = require('@formatjs/intl-localematcher');
const { internals } = require('internal/intl');

const { getOption, coerceOptions } = internals;
const NAME = 'Intl.ListFormat';
const SPANISH_E = /^(i.*|hi|hi[^ae].*)$/i;
const SPANISH_U = /^((o|ho|8).*|11)$/i;

function check(options) {
  const o = coerceOptions(options);
  getOption(o, 'localeMatcher', 'string', ['lookup', 'best fit'], 'best fit', NAME);
  getOption(o, 'type', 'string', ['conjunction', 'disjunction', 'unit'], 'conjunction', NAME);
  getOption(o, 'style', 'string', ['long', 'short', 'narrow'], 'long', NAME);
  return options;
}

// ECMA-402 StringListFromIterable, with V8's errors.
function stringList(iterable) {
  if (iterable === undefined) return [];
  if (iterable === null || typeof iterable[Symbol.iterator] !== 'function') {
    const what = iterable === null ? 'object null'
      : typeof iterable === 'object' || typeof iterable === 'function' ? String(iterable)
        : `${typeof iterable} ${String(iterable)}`;
    throw new TypeError(`${what} is not iterable (cannot read property Symbol(Symbol.iterator))`);
  }
  const list = [];
  for (const value of iterable) {
    if (typeof value !== 'string') {
      throw new TypeError(`Iterable yielded ${String(value)} which is not a string`);
    }
    list.push(value);
  }
  return list;
}

function spanish(parts) {
  for (let i = 1; i + 1 < parts.length; i++) {
    const part = parts[i];
    const next = parts[i + 1];
    if (part.type !== 'literal' || next.type !== 'element') continue;
    if (part.value === ' y ' && SPANISH_E.test(next.value)) part.value = ' e ';
    else if (part.value === ' o ' && SPANISH_U.test(next.value)) part.value = ' u ';
  }
  return parts;
}

const ListFormat = internals.localeConstructor('ListFormat', Ponyfill, {
  tags: require('intl-data:tags/listformat'),
  load: (file) => ({ locale: file, data: internals.localeData('listformat', file) }),
  resolveLocale: ResolveLocale,
  callable: false,
  prepare: check,
  resolved: ['locale', 'type', 'style'],
});

const proto = Ponyfill.prototype;
const formatToParts = proto.formatToParts;
function parts(formatter, list) {
  const result = Reflect.apply(formatToParts, formatter, [stringList(list)]);
  const locale = formatter.resolvedOptions().locale;
  return locale === 'es' || locale.startsWith('es-') ? spanish(result) : result;
}
Object.defineProperty(proto, 'formatToParts', {
  value: function formatToParts(list) {
    return parts(this, list);
  },
  writable: true, enumerable: false, configurable: true,
});
Object.defineProperty(proto, 'format', {
  value: function format(list) {
    let text = '';
    for (const part of parts(this, list)) text += part.value;
    return text;
  },
  writable: true, enumerable: false, configurable: true,
});

module.exports = { ListFormat };
