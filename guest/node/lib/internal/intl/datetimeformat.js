'use strict';
// Intl.DateTimeFormat on the host's ICU (sandbox/platform/datetime.py), as V8 builds it on
// its own: the options are read and checked here, in the specification's order and with
// V8's errors; the host resolves locale, calendar, time zone and hour cycle into an ICU
// pattern, and formats (one platform call per format). The formatjs polyfill needs ~280 ms
// of QuickJS and ~140 KB of data to make its first formatter for a locale.
const { internals } = require('internal/intl');

const { hostCall, getOption, getNumberOption, coerceOptions, checkType, finish } = internals;
const NAME = 'Intl.DateTimeFormat';
const slots = new WeakMap();

// Component options in the specification's order (Table 7), with their values.
const COMPONENTS = [
  ['weekday', ['narrow', 'short', 'long']],
  ['era', ['narrow', 'short', 'long']],
  ['year', ['2-digit', 'numeric']],
  ['month', ['2-digit', 'numeric', 'narrow', 'short', 'long']],
  ['day', ['2-digit', 'numeric']],
  ['dayPeriod', ['narrow', 'short', 'long']],
  ['hour', ['2-digit', 'numeric']],
  ['minute', ['2-digit', 'numeric']],
  ['second', ['2-digit', 'numeric']],
  ['fractionalSecondDigits', null],
  ['timeZoneName', ['short', 'long', 'shortOffset', 'longOffset', 'shortGeneric',
    'longGeneric']],
];
const DATE_FIELDS = ['weekday', 'year', 'month', 'day'];
const TIME_FIELDS = ['dayPeriod', 'hour', 'minute', 'second', 'fractionalSecondDigits'];
const STYLES = ['full', 'long', 'medium', 'short'];

// ECMA-402 CreateDateTimeFormat: `required` and `defaults` are 'date', 'time', 'any' or
// 'all' (the constructor asks for any, defaulting to the date; toLocaleString for all).
function initialize(dtf, locales, options, required, defaults) {
  const requested = internals.getCanonicalLocales(locales);
  options = coerceOptions(options);
  const opt = { __proto__: null };
  getOption(options, 'localeMatcher', 'string', ['lookup', 'best fit'], 'best fit', NAME);
  const calendar = getOption(options, 'calendar', 'string', undefined, undefined, NAME);
  if (calendar !== undefined) opt.calendar = checkType(calendar, 'calendar');
  const numbering = getOption(options, 'numberingSystem', 'string', undefined, undefined, NAME);
  if (numbering !== undefined) opt.numberingSystem = checkType(numbering, 'numberingSystem');
  const hour12 = getOption(options, 'hour12', 'boolean', undefined, undefined, NAME);
  const hourCycle = getOption(options, 'hourCycle', 'string', ['h11', 'h12', 'h23', 'h24'],
    undefined, NAME);
  if (hour12 !== undefined) opt.hour12 = hour12;
  else if (hourCycle !== undefined) opt.hourCycle = hourCycle;
  const timeZone = options.timeZone;
  if (timeZone !== undefined) opt.timeZone = String(timeZone);
  let explicit;
  for (const [name, values] of COMPONENTS) {
    const value = values === null
      ? getNumberOption(options, name, 1, 3, undefined)
      : getOption(options, name, 'string', values, undefined, NAME);
    if (value !== undefined) {
      opt[name] = value;
      if (explicit === undefined) explicit = name;
    }
  }
  getOption(options, 'formatMatcher', 'string', ['basic', 'best fit'], 'best fit', NAME);
  const dateStyle = getOption(options, 'dateStyle', 'string', STYLES, undefined, NAME);
  const timeStyle = getOption(options, 'timeStyle', 'string', STYLES, undefined, NAME);
  if (dateStyle !== undefined || timeStyle !== undefined) {
    if (explicit !== undefined) {
      throw new TypeError(
        `Can't set option ${explicit} when ${dateStyle !== undefined ? 'dateStyle' : 'timeStyle'} is used`);
    }
    if (required === 'date' && timeStyle !== undefined) {
      throw new TypeError('Invalid option : timeStyle');
    }
    if (required === 'time' && dateStyle !== undefined) {
      throw new TypeError('Invalid option : dateStyle');
    }
    if (dateStyle !== undefined) opt.dateStyle = dateStyle;
    if (timeStyle !== undefined) opt.timeStyle = timeStyle;
  } else {
    let needDefaults = true;
    if (required !== 'time') for (const p of DATE_FIELDS) if (opt[p] !== undefined) needDefaults = false;
    if (required !== 'date') for (const p of TIME_FIELDS) if (opt[p] !== undefined) needDefaults = false;
    if (needDefaults && (defaults === 'date' || defaults === 'all')) {
      opt.year = opt.month = opt.day = 'numeric';
    }
    if (needDefaults && (defaults === 'time' || defaults === 'all')) {
      opt.hour = opt.minute = opt.second = 'numeric';
    }
  }
  const resolved = hostCall('intl.dtf.resolve', requested, opt);
  const spec = [resolved.$icu, resolved.$pattern, resolved.timeZone];
  delete resolved.$icu;
  delete resolved.$pattern;
  slots.set(dtf, { resolved, spec, bound: undefined });
  return dtf;
}

function slotsOf(dtf, method, prefix = '') {
  const s = typeof dtf === 'object' && dtf !== null ? slots.get(dtf) : undefined;
  if (s === undefined) {
    throw new TypeError(`Method ${prefix}Intl.DateTimeFormat.prototype.${method} called on incompatible receiver ${internals.describeReceiver(dtf)}`);
  }
  return s;
}

// ECMA-262 TimeClip of what a DateTimeFormat is given; undefined is now.
function timeOf(date) {
  const t = date === undefined ? Date.now() : Number(date);
  if (!Number.isFinite(t) || Math.abs(t) > 8.64e15) throw new RangeError('Invalid time value');
  return Math.trunc(t) + 0;
}

function DateTimeFormat(locales, options) {
  const target = new.target === undefined ? DateTimeFormat : new.target;
  const dtf = Object.create(typeof target.prototype === 'object' && target.prototype !== null
    ? target.prototype : DateTimeFormat.prototype);
  return initialize(dtf, locales, options, 'any', 'date');
}

const methods = {
  formatToParts(date) {
    const { spec } = slotsOf(this, 'formatToParts');
    const parts = hostCall('intl.dtf.parts', ...spec, timeOf(date));
    return parts.map(([type, value]) => ({ type, value }));
  },
  formatRange(startDate, endDate) {
    const { spec } = slotsOf(this, 'formatRange');
    if (startDate === undefined || endDate === undefined) {
      throw new TypeError('startDate or endDate is undefined');
    }
    return hostCall('intl.dtf.range', ...spec, timeOf(startDate), timeOf(endDate));
  },
  resolvedOptions() {
    return { ...slotsOf(this, 'resolvedOptions').resolved };
  },
};
for (const name of Object.keys(methods)) {
  Object.defineProperty(DateTimeFormat.prototype, name, { value: methods[name], writable: true,
    enumerable: false, configurable: true });
}
Object.defineProperty(DateTimeFormat.prototype, 'format', {
  enumerable: false,
  configurable: true,
  get: Object.getOwnPropertyDescriptor({
    get format() {
      const s = slotsOf(this, 'format', 'get ');
      if (s.bound === undefined) {
        const spec = s.spec;
        s.bound = (date) => hostCall('intl.dtf.format', ...spec, timeOf(date));
        Object.defineProperty(s.bound, 'name', { value: '' });
      }
      return s.bound;
    },
  }, 'format').get,
});
Object.defineProperty(DateTimeFormat, 'supportedLocalesOf', {
  value: function supportedLocalesOf(locales, options) {
    const requested = internals.getCanonicalLocales(locales);
    getOption(coerceOptions(options), 'localeMatcher', 'string', ['lookup', 'best fit'],
      'best fit', NAME);
    return hostCall('intl.dtf.supported', requested);
  },
  writable: true, enumerable: false, configurable: true,
});
finish(DateTimeFormat, DateTimeFormat, 'DateTimeFormat', 0);

// What Date's toLocaleString, toLocaleDateString and toLocaleTimeString make.
function forDate(locales, options, required, defaults) {
  return initialize(Object.create(DateTimeFormat.prototype), locales, options, required,
    defaults);
}

function format(dtf, time) {
  return hostCall('intl.dtf.format', ...slotsOf(dtf, 'format').spec, time);
}

module.exports = { DateTimeFormat, forDate, format };
