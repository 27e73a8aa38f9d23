'use strict';
// Intl.Locale: a locale tag and its parts. The tag is checked and canonicalized by the host's
// ICU (as every locale tag here), and maximize()/minimize() are ICU's likely subtags; the
// parts are read off the canonical tag. (formatjs's Locale carries the CLDR alias and
// likely-subtag tables, ~250 KB of bytecode, into every execution that uses it.)
const { internals } = require('internal/intl');

const { hostCall, getOption, coerceOptions } = internals;
const slots = new WeakMap();
const LANGUAGE = /^([a-z]{2,3}|[a-z]{5,8})$/i;
const SCRIPT = /^[a-z]{4}$/i;
const REGION = /^([a-z]{2}|[0-9]{3})$/i;
const TYPE = /^[a-z0-9]{3,8}(-[a-z0-9]{3,8})*$/i;
// -u- keyword -> the option that sets it, in the order the constructor reads them.
const KEYWORDS = [
  ['ca', 'calendar', undefined], ['co', 'collation', undefined],
  ['hc', 'hourCycle', ['h11', 'h12', 'h23', 'h24']], ['kf', 'caseFirst', ['upper', 'lower', 'false']],
  ['kn', 'numeric', 'boolean'], ['nu', 'numberingSystem', undefined],
];

function invalid() {
  return new RangeError('Incorrect locale information provided');
}

// A canonical tag's parts: language id subtags, and the -u- keywords.
function parse(tag) {
  const subtags = tag.split('-');
  let i = 1;
  const id = { language: subtags[0], script: undefined, region: undefined, variants: [] };
  if (i < subtags.length && subtags[i].length === 4 && /^[a-zA-Z]+$/.test(subtags[i])) id.script = subtags[i++];
  if (i < subtags.length && (subtags[i].length === 2 || /^[0-9]{3}$/.test(subtags[i]))) id.region = subtags[i++];
  while (i < subtags.length && subtags[i].length > 1) id.variants.push(subtags[i++]);
  const rest = subtags.slice(i);
  const keywords = new Map();
  const u = rest.indexOf('u');
  const others = [];
  let j = 0;
  while (j < rest.length) {
    if (j === u) {
      j++;
      while (j < rest.length && rest[j].length > 2) j++; // attributes are kept as they are
      let key;
      while (j < rest.length && rest[j].length > 1) {
        if (rest[j].length === 2) {
          key = rest[j];
          keywords.set(key, '');
        } else {
          keywords.set(key, keywords.get(key) === '' ? rest[j] : `${keywords.get(key)}-${rest[j]}`);
        }
        j++;
      }
    } else {
      others.push(rest[j++]);
    }
  }
  return { id, keywords, others };
}

function baseName(id) {
  return [id.language, id.script, id.region, ...id.variants].filter((s) => s !== undefined).join('-');
}

function build(id, keywords, others) {
  let tag = baseName(id);
  if (keywords.size > 0) {
    tag += '-u';
    for (const [key, value] of keywords) tag += value === '' ? `-${key}` : `-${key}-${value}`;
  }
  if (others.length > 0) tag += `-${others.join('-')}`;
  return tag;
}

function tagOf(value) {
  const s = slots.get(value);
  if (s !== undefined) return s.tag;
  return String(value);
}

class LocaleImpl {
  constructor(tag, options) {
    if (typeof tag !== 'string' && (typeof tag !== 'object' || tag === null)) {
      throw new TypeError("First argument to Intl.Locale constructor can't be empty or missing");
    }
    const [canonical] = internals.getCanonicalLocales(tagOf(tag));
    const o = coerceOptions(options);
    const { id, keywords, others } = parse(canonical);
    for (const [name, pattern] of [['language', LANGUAGE], ['script', SCRIPT], ['region', REGION]]) {
      const value = getOption(o, name, 'string', undefined, undefined, 'locale');
      if (value === undefined) continue;
      if (!pattern.test(value)) throw invalid();
      id[name] = value;
    }
    for (const [key, name, values] of KEYWORDS) {
      let value;
      if (values === 'boolean') {
        value = getOption(o, name, 'boolean', undefined, undefined, 'locale');
        if (value !== undefined) value = String(value);
      } else {
        value = getOption(o, name, 'string', values, undefined, 'locale');
        if (value !== undefined && values === undefined && !TYPE.test(value)) throw invalid();
      }
      if (value !== undefined) keywords.set(key, value);
    }
    slots.set(this, { tag: internals.getCanonicalLocales(build(id, keywords, others))[0] });
  }

  toString() {
    return slotsOf(this, 'toString').tag;
  }

  maximize() {
    return new LocaleImpl(hostCall('intl.locale.likely', slotsOf(this, 'maximize').tag, 'max'));
  }

  minimize() {
    return new LocaleImpl(hostCall('intl.locale.likely', slotsOf(this, 'minimize').tag, 'min'));
  }
}

function slotsOf(locale, method, prefix = '') {
  const s = typeof locale === 'object' && locale !== null ? slots.get(locale) : undefined;
  if (s === undefined) {
    throw new TypeError(`Method ${prefix}Intl.Locale.prototype.${method} called on incompatible receiver ${internals.describeReceiver(locale)}`);
  }
  if (s.parts === undefined) s.parts = parse(s.tag);
  return s;
}

const GETTERS = {
  language: (p) => p.id.language,
  script: (p) => p.id.script,
  region: (p) => p.id.region,
  baseName: (p) => baseName(p.id),
  calendar: (p) => p.keywords.get('ca'),
  caseFirst: (p) => (p.keywords.get('kf') === '' ? 'true' : p.keywords.get('kf')),
  collation: (p) => p.keywords.get('co'),
  hourCycle: (p) => p.keywords.get('hc'),
  numeric: (p) => p.keywords.has('kn') && p.keywords.get('kn') !== 'false',
  numberingSystem: (p) => p.keywords.get('nu'),
};
for (const name of Object.keys(GETTERS)) {
  const read = GETTERS[name];
  const get = Object.getOwnPropertyDescriptor({
    get [name]() {
      return read(slotsOf(this, name, 'get ').parts);
    },
  }, name).get;
  Object.defineProperty(LocaleImpl.prototype, name, { get, enumerable: false, configurable: true });
}

// A function, not the class itself: V8's error when called without `new`.
function Locale(tag, options) {
  if (new.target === undefined) throw new TypeError("Constructor Intl.Locale requires 'new'");
  return Reflect.construct(LocaleImpl, [tag, options], new.target);
}
internals.finish(Locale, LocaleImpl, 'Locale', 1);

// Locale's tag for the other Intl modules (a Locale given as a locale).
function tagOfLocale(value) {
  const s = slots.get(value);
  return s === undefined ? undefined : s.tag;
}

module.exports = { Locale, tagOfLocale };
