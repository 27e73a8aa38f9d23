'use strict';
// Intl.Collator on the host's ICU (sandbox/platform/collation.py), as V8's is on its own.
// The options are read and checked here with V8's errors; the host resolves the collator and
// hands out ICU sort keys, which compare (as strings of bytes) exactly as ICU's own compare
// does. Keys are fetched for every string not seen yet, and kept: sorting n strings costs
// about n platform calls, comparing two known strings none.
const { internals } = require('internal/intl');

const { hostCall, getOption, coerceOptions, checkType, finish } = internals;
const NAME = 'Intl.Collator';
const KEPT_KEYS = 10000; // sort keys a collator keeps before it starts over
const slots = new WeakMap();

function slotsOf(collator, method, prefix = '') {
  const s = typeof collator === 'object' && collator !== null ? slots.get(collator) : undefined;
  if (s === undefined) {
    throw new TypeError(`Method ${prefix}Intl.Collator.prototype.${method} called on incompatible receiver ${internals.describeReceiver(collator)}`);
  }
  return s;
}

function initialize(collator, locales, options) {
  const requested = internals.getCanonicalLocales(locales);
  const o = coerceOptions(options);
  const opt = { __proto__: null };
  opt.usage = getOption(o, 'usage', 'string', ['sort', 'search'], 'sort', NAME);
  getOption(o, 'localeMatcher', 'string', ['lookup', 'best fit'], 'best fit', NAME);
  const collation = getOption(o, 'collation', 'string', undefined, undefined, NAME);
  if (collation !== undefined) opt.collation = checkType(collation, 'collation');
  const numeric = getOption(o, 'numeric', 'boolean', undefined, undefined, NAME);
  if (numeric !== undefined) opt.numeric = numeric;
  const caseFirst = getOption(o, 'caseFirst', 'string', ['upper', 'lower', 'false'], undefined,
    NAME);
  if (caseFirst !== undefined) opt.caseFirst = caseFirst;
  const sensitivity = getOption(o, 'sensitivity', 'string', ['base', 'accent', 'case',
    'variant'], undefined, NAME);
  if (sensitivity !== undefined) opt.sensitivity = sensitivity;
  const punctuation = getOption(o, 'ignorePunctuation', 'boolean', undefined, undefined, NAME);
  if (punctuation !== undefined) opt.ignorePunctuation = punctuation;
  const resolved = hostCall('intl.collator.resolve', requested, opt);
  const spec = resolved.$spec;
  delete resolved.$spec;
  slots.set(collator, { resolved, spec, keys: new Map(), bound: undefined });
  return collator;
}

function Collator(locales, options) {
  const target = new.target === undefined ? Collator : new.target;
  const proto = typeof target.prototype === 'object' && target.prototype !== null
    ? target.prototype : Collator.prototype;
  return initialize(Object.create(proto), locales, options);
}

// Fetches the keys of whichever of `a` and `b` are not known yet, in one call.
function fetchKeys(s, a, b) {
  const missing = [];
  if (!s.keys.has(a)) missing.push(a);
  if (b !== a && !s.keys.has(b)) missing.push(b);
  if (missing.length === 0) return;
  if (s.keys.size + missing.length > KEPT_KEYS) s.keys.clear();
  const keys = hostCall('intl.collator.keys', s.spec, missing);
  for (let i = 0; i < missing.length; i++) s.keys.set(missing[i], keys[i]);
}

function compareStrings(s, a, b) {
  if (a === b) return 0;
  let ka = s.keys.get(a);
  let kb = s.keys.get(b);
  if (ka === undefined || kb === undefined) {
    fetchKeys(s, a, b);
    ka = s.keys.get(a);
    kb = s.keys.get(b);
  }
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

Object.defineProperty(Collator.prototype, 'compare', {
  enumerable: false,
  configurable: true,
  get: Object.getOwnPropertyDescriptor({
    get compare() {
      const s = slotsOf(this, 'compare', 'get ');
      if (s.bound === undefined) {
        s.bound = (x, y) => compareStrings(s, String(x), String(y));
        Object.defineProperty(s.bound, 'name', { value: '' });
      }
      return s.bound;
    },
  }, 'compare').get,
});
Object.defineProperty(Collator.prototype, 'resolvedOptions', {
  value: function resolvedOptions() {
    return { ...slotsOf(this, 'resolvedOptions').resolved };
  },
  writable: true, enumerable: false, configurable: true,
});
Object.defineProperty(Collator, 'supportedLocalesOf', {
  value: function supportedLocalesOf(locales, options) {
    const requested = internals.getCanonicalLocales(locales);
    getOption(coerceOptions(options), 'localeMatcher', 'string', ['lookup', 'best fit'],
      'best fit', NAME);
    return hostCall('intl.collator.supported', requested);
  },
  writable: true, enumerable: false, configurable: true,
});
finish(Collator, Collator, 'Collator', 0);

// String.prototype.localeCompare with a collator already made (internal/intl caches them).
function compare(collator, a, b) {
  return compareStrings(slotsOf(collator, 'compare'), a, b);
}

module.exports = { Collator, compare };
