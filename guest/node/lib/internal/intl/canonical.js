'use strict';
// ECMA-402 CanonicalizeLocaleList (Intl.getCanonicalLocales and every constructor): each tag
// is checked and canonicalized by the host's ICU (`intl.canonicalize`), as V8 does it with
// its own ICU. The alias and likely-subtag tables that would take in JS weigh ~250 KB of
// bytecode and ~28 ms to load in QuickJS; a host call is ~20 us, and each tag is asked once.
const { call } = require('internal/platform');
const { internals } = require('internal/intl');

const canonical = new Map(); // tag as given -> canonical tag
const BATCH = 64; // tags per host call (sandbox/platform/intl.py, MAX_TAGS)

function invalid() {
  return new RangeError('Incorrect locale information provided');
}

// The tag of an Intl.Locale (which can only exist once its module has loaded).
function localeTag(value) {
  if (internals.polyfillIntl.Locale === undefined || typeof value !== 'object' || value === null) {
    return undefined;
  }
  return require('internal/intl/locale').tagOfLocale(value);
}

function canonicalizeAll(tags) {
  const missing = [];
  for (const tag of tags) if (!canonical.has(tag) && !missing.includes(tag)) missing.push(tag);
  for (let i = 0; i < missing.length; i += BATCH) {
    const batch = missing.slice(i, i + BATCH);
    const answers = call('intl.canonicalize', batch);
    for (let j = 0; j < batch.length; j++) {
      if (typeof answers[j] !== 'string') throw invalid();
      canonical.set(batch[j], answers[j]);
    }
  }
  const seen = [];
  for (const tag of tags) {
    const c = canonical.get(tag);
    if (c === undefined) throw invalid();
    if (!seen.includes(c)) seen.push(c);
  }
  return seen;
}

function getCanonicalLocales(locales) {
  if (locales === undefined) return [];
  if (locales === null) throw new TypeError('Cannot convert undefined or null to object');
  const own = typeof locales === 'string' ? locales : localeTag(locales);
  const list = own !== undefined ? [own] : Object(locales);
  const length = Math.min(Math.max(Math.trunc(Number(list.length)) || 0, 0), 2 ** 53 - 1);
  const tags = [];
  for (let k = 0; k < length; k++) {
    if (!(k in list)) continue;
    const value = list[k];
    if (typeof value !== 'string' && typeof value !== 'function' &&
        (typeof value !== 'object' || value === null)) {
      throw new TypeError('Language ID should be string or object.');
    }
    const tag = typeof value === 'string' ? value : localeTag(value) ?? String(value);
    tags.push(tag);
  }
  return canonicalizeAll(tags);
}

// From the host's ICU, as V8 lists them from its own.
const supported = new Map();
function supportedValuesOf(key) {
  const k = String(key);
  let values = supported.get(k);
  if (values === undefined) {
    values = internals.hostCall('intl.supportedValues', k);
    supported.set(k, values);
  }
  return values.slice();
}

module.exports = { getCanonicalLocales, supportedValuesOf };
