'use strict';
// Intl and the locale-sensitive built-ins (Number/BigInt/Date toLocale*String, localeCompare).
//
// QuickJS has no Intl. This namespace is what `Intl` is; each constructor lives in its own
// module under internal/intl/ (the formatjs polyfills, or the host's ICU for Collator) and
// loads when first touched, and each locale's data loads when a formatter first needs it
// (`intl.data`, a platform call: the host keeps the data, a few hundred KB per locale). An
// action that never touches Intl pays nothing; one that formats numbers in German loads the
// number formatter and German number data, nothing else.
const { call } = require('internal/platform');

const DEFAULT_LOCALE = 'en-US';
const defineProperty = Object.defineProperty;
const JSONParse = JSON.parse;
const ReflectConstruct = Reflect.construct;
const ReflectApply = Reflect.apply;
const TypeError_ = TypeError;
const RangeError_ = RangeError;

// Constructor name -> module; in Node's order of Intl's own properties. (Node also has
// DisplayNames and Segmenter: not here yet.)
const MEMBERS = [
  ['DateTimeFormat', 'datetimeformat'], ['NumberFormat', 'numberformat'],
  ['Collator', 'collator'], ['PluralRules', 'pluralrules'],
  ['RelativeTimeFormat', 'relativetimeformat'], ['ListFormat', 'listformat'],
  ['Locale', 'locale'],
];
const MODULE_OF = Object.fromEntries(MEMBERS);

const loaded = Object.create(null); // constructor name -> the class, once its module loaded

function load(name) {
  let value = loaded[name];
  if (value === undefined) {
    value = require(`internal/intl/${MODULE_OF[name]}`)[name];
    loaded[name] = value;
  }
  return value;
}

// ---- the namespace -----------------------------------------------------------------------
function getCanonicalLocales(locales) {
  return require('internal/intl/canonical').getCanonicalLocales(locales);
}

function supportedValuesOf(key) {
  return require('internal/intl/canonical').supportedValuesOf(key);
}

const Intl = {};
defineProperty(Intl, 'getCanonicalLocales', {
  value: getCanonicalLocales, writable: true, enumerable: false, configurable: true,
});
defineProperty(Intl, 'supportedValuesOf', {
  value: supportedValuesOf, writable: true, enumerable: false, configurable: true,
});
// A constructor is a getter until first touched, then a plain data property (as in Node).
for (const [name] of MEMBERS) {
  const settle = (value) => defineProperty(Intl, name, {
    value, writable: true, enumerable: false, configurable: true,
  });
  defineProperty(Intl, name, {
    enumerable: false,
    configurable: true,
    get() {
      const value = load(name);
      settle(value);
      return value;
    },
    set: settle,
  });
}
defineProperty(Intl, Symbol.toStringTag, { value: 'Intl', configurable: true });

// The `Intl` the polyfills see (esbuild injects it into internal/intl/*): the real
// constructors whatever an action does to the global or the namespace. `Locale` is only
// there once loaded: the polyfills ask for it to recognise Locale objects, which cannot
// exist before.
const polyfillIntl = Object.freeze(Object.create(null, {
  getCanonicalLocales: { value: getCanonicalLocales },
  supportedValuesOf: { value: supportedValuesOf },
  ...Object.fromEntries(MEMBERS.map(([name]) => [name, {
    get: name === 'Locale' ? () => loaded.Locale : () => load(name),
  }])),
}));

// ---- options and errors, as V8 words them --------------------------------------------------
// A platform call whose refusal is an error the guest must throw: the host says which
// ("RangeError: ..."), anything else is the platform's own Error.
function hostCall(method, ...args) {
  try {
    return call(method, ...args);
  } catch (e) {
    const m = typeof e.message === 'string' ? /^(RangeError|TypeError): ([^]*)$/.exec(e.message) : null;
    if (m === null) throw e;
    throw m[1] === 'RangeError' ? new RangeError_(m[2]) : new TypeError_(m[2]);
  }
}

// ECMA-402 CoerceOptionsToObject.
function coerceOptions(options) {
  if (options === undefined) return Object.create(null);
  if (options === null) throw new TypeError_('Cannot convert undefined or null to object');
  return Object(options);
}

// ECMA-402 GetOption, with V8's message for a value out of range.
function getOption(options, property, type, values, fallback, owner) {
  let value = options[property];
  if (value === undefined) return fallback;
  if (type === 'boolean') value = Boolean(value);
  else {
    if (typeof value === 'symbol') throw new TypeError_('Cannot convert a Symbol value to a string');
    value = String(value);
  }
  if (values !== undefined && !values.includes(value)) {
    throw new RangeError_(`Value ${value} out of range for ${owner} options property ${property}`);
  }
  return value;
}

// ECMA-402 GetNumberOption.
function getNumberOption(options, property, minimum, maximum, fallback) {
  const value = options[property];
  if (value === undefined) return fallback;
  const n = Number(value);
  if (Number.isNaN(n) || n < minimum || n > maximum) {
    throw new RangeError_(`${property} value is out of range.`);
  }
  return Math.floor(n);
}

// A calendar or numbering system name must be a Unicode locale type.
function checkType(value, what) {
  if (!/^[a-zA-Z0-9]{3,8}(-[a-zA-Z0-9]{3,8})*$/.test(value)) {
    throw new RangeError_(`Invalid ${what} : ${value}`);
  }
  return value.toLowerCase();
}

// How V8 names a receiver in "called on incompatible receiver".
function describeReceiver(value) {
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' || typeof value === 'function') {
    const ctor = value.constructor;
    return `#<${typeof ctor === 'function' && ctor.name ? ctor.name : 'Object'}>`;
  }
  return String(value);
}

// ---- locale data ---------------------------------------------------------------------------
// One locale's data for one kind of formatter, from the host (guest/node/intl-data.mjs).
function localeData(kind, file) {
  const text = call('intl.data', kind, file);
  if (typeof text !== 'string') throw new RangeError_(`No locale data for ${file}`);
  return JSONParse(text);
}

// Makes a formatjs ponyfill the Intl constructor `name`: every locale the data has is
// available from the start, and a locale's data is loaded the first time a formatter
// resolves to it. `tags` maps each accepted tag to the file that serves it; `load(file)`
// returns that file's entry for `__addLocaleData`.
//
// `prepare(options)` checks the options first (V8's errors), `translate(error, options)`
// rewords what the ponyfill throws, `resolved` orders resolvedOptions() as V8 does.
function localeConstructor(name, Ponyfill, { tags, load: loadFile, resolveLocale, callable,
  length = 0, prepare, translate, resolved }) {
  const available = Ponyfill.availableLocales;
  for (const tag in tags) available.add(tag);
  Ponyfill.__defaultLocale = DEFAULT_LOCALE;
  const files = new Set();
  const defaultLocale = () => DEFAULT_LOCALE;

  function ensure(tag) {
    const file = tags[tag];
    if (file === undefined || files.has(file)) return;
    files.add(file);
    Ponyfill.__addLocaleData(loadFile(file));
  }

  // Resolves the locale as the ponyfill will (internal/intl/localematcher), so that its
  // data is there when it looks.
  function resolve(locales) {
    const requested = getCanonicalLocales(locales);
    const r = resolveLocale(available, requested, { localeMatcher: 'lookup' }, [], {},
      defaultLocale);
    ensure(r.dataLocale);
    return requested;
  }

  const Constructor = function (locales, options) {
    if (new.target === undefined && !callable) {
      throw new TypeError_(`Constructor Intl.${name} requires 'new'`);
    }
    const requested = resolve(locales);
    if (prepare !== undefined) options = prepare(options);
    try {
      return ReflectConstruct(Ponyfill, [requested, options], new.target || Constructor);
    } catch (e) {
      throw translate === undefined ? e : translate(e, options);
    }
  };
  finish(Constructor, Ponyfill, name, length);
  if (resolved !== undefined) orderResolvedOptions(Ponyfill.prototype, resolved);
  defineProperty(Constructor, 'supportedLocalesOf', {
    value: {
      supportedLocalesOf(locales, options) {
        return Ponyfill.supportedLocalesOf(locales, options);
      },
    }.supportedLocalesOf,
    writable: true, enumerable: false, configurable: true,
  });
  return Constructor;
}

function orderResolvedOptions(proto, order) {
  const original = proto.resolvedOptions;
  defineProperty(proto, 'resolvedOptions', {
    value: {
      resolvedOptions() {
        const got = ReflectApply(original, this, []);
        const ordered = {};
        for (const key of order) if (got[key] !== undefined) ordered[key] = got[key];
        for (const key of Object.keys(got)) if (!(key in ordered)) ordered[key] = got[key];
        return ordered;
      },
    }.resolvedOptions,
    writable: true, enumerable: false, configurable: true,
  });
}

// Gives `Constructor` the ponyfill's prototype, as a built-in constructor has it.
function finish(Constructor, Ponyfill, name, length) {
  const proto = Ponyfill.prototype;
  defineProperty(Constructor, 'prototype', { value: proto, writable: false, enumerable: false,
    configurable: false });
  defineProperty(proto, 'constructor', { value: Constructor, writable: true, enumerable: false,
    configurable: true });
  defineProperty(Constructor, 'length', { value: length, configurable: true });
  defineProperty(Constructor, 'name', { value: name, configurable: true });
  defineProperty(proto, Symbol.toStringTag, { value: `Intl.${name}`, configurable: true });
}

// ---- the locale-sensitive built-ins ------------------------------------------------------
// Formatters for the common calls (no options, one locale string or none), kept for the
// execution: V8 caches these too.
const cached = new Map();

function formatter(name, locales, options) {
  const simple = options === undefined && (locales === undefined || typeof locales === 'string');
  const key = simple ? `${name}\u0000${locales === undefined ? '' : locales}` : undefined;
  if (key !== undefined) {
    const hit = cached.get(key);
    if (hit !== undefined) return hit;
  }
  const made = new (load(name))(locales, options);
  if (key !== undefined) cached.set(key, made);
  return made;
}

const thisNumber = Function.prototype.call.bind(Number.prototype.valueOf);
const thisBigInt = Function.prototype.call.bind(BigInt.prototype.valueOf);
const thisTime = Function.prototype.call.bind(Date.prototype.getTime);

function receiverError(method, kind) {
  return new TypeError_(`${method} requires that 'this' be a ${kind}`);
}

function numberOf(value) {
  try {
    return thisNumber(value);
  } catch {
    throw receiverError('Number.prototype.toLocaleString', 'Number');
  }
}

function bigintOf(value) {
  try {
    return thisBigInt(value);
  } catch {
    throw receiverError('BigInt.prototype.toLocaleString', 'BigInt');
  }
}

function timeOf(value, method) {
  try {
    return thisTime(value);
  } catch {
    throw new TypeError_(
      `Method Date.prototype.${method} called on incompatible receiver ${describeReceiver(value)}`);
  }
}

// Date's toLocale*String: a DateTimeFormat with their own defaults (all fields, the date, or
// the time), kept for the common calls like the others.
function formatDate(date, method, locales, options, required, defaults) {
  const t = timeOf(date, method);
  if (t !== t) return 'Invalid Date';
  const dtf = require('internal/intl/datetimeformat');
  const simple = options === undefined && (locales === undefined || typeof locales === 'string');
  const key = simple ? `${method}\u0000${locales === undefined ? '' : locales}` : undefined;
  let made = key === undefined ? undefined : cached.get(key);
  if (made === undefined) {
    made = dtf.forDate(locales, options, required, defaults);
    if (key !== undefined) cached.set(key, made);
  }
  return dtf.format(made, t);
}

// String's toLocaleUpperCase/LowerCase: Unicode's default mapping, except for the languages
// whose mapping differs (Turkish dotted I...), which the host's ICU does, as V8 has ICU do.
const CASE_LANGUAGES = ['az', 'el', 'lt', 'tr'];
const toUpperCase = Function.prototype.call.bind(String.prototype.toUpperCase);
const toLowerCase = Function.prototype.call.bind(String.prototype.toLowerCase);

function convertCase(value, locales, upper, method) {
  if (value === undefined || value === null) {
    throw new TypeError_(`String.prototype.${method} called on null or undefined`);
  }
  const text = String(value);
  let language = 'en';
  if (locales !== undefined) {
    const [first] = getCanonicalLocales(locales);
    if (first !== undefined) language = first.split('-')[0];
  }
  if (!CASE_LANGUAGES.includes(language)) return upper ? toUpperCase(text) : toLowerCase(text);
  return hostCall('intl.case', text, language, upper);
}

const localeMethods = {
  upper(locales) {
    return convertCase(this, locales, true, 'toLocaleUpperCase');
  },
  lower(locales) {
    return convertCase(this, locales, false, 'toLocaleLowerCase');
  },
  number(locales, options) {
    return formatter('NumberFormat', locales, options).format(numberOf(this));
  },
  bigint(locales, options) {
    return formatter('NumberFormat', locales, options).format(bigintOf(this));
  },
  date(locales, options) {
    return formatDate(this, 'toLocaleString', locales, options, 'any', 'all');
  },
  dateOnly(locales, options) {
    return formatDate(this, 'toLocaleDateString', locales, options, 'date', 'date');
  },
  timeOnly(locales, options) {
    return formatDate(this, 'toLocaleTimeString', locales, options, 'time', 'time');
  },
  compare(that, locales, options) {
    if (this === undefined || this === null) {
      throw new TypeError_('String.prototype.localeCompare called on null or undefined');
    }
    const a = String(this);
    const b = String(that);
    return require('internal/intl/collator').compare(formatter('Collator', locales, options), a, b);
  },
};

module.exports = {
  Intl,
  localeMethods,
  internals: {
    polyfillIntl, localeConstructor, finish, localeData, DEFAULT_LOCALE, getCanonicalLocales,
    hostCall, coerceOptions, getOption, getNumberOption, checkType, describeReceiver,
  },
};
