'use strict';
// Intl and the locale-sensitive built-ins. Placeholder until the formatjs polyfills land:
// the engine's own methods, which ignore the locale.
const originals = {
  number: Number.prototype.toLocaleString,
};
module.exports = {
  Intl: undefined,
  localeMethods: {
    number(...args) {
      return String(this);
    },
    bigint(...args) {
      return String(this);
    },
    date(...args) {
      return Date.prototype.toString.call(this);
    },
    dateOnly(...args) {
      return Date.prototype.toDateString.call(this);
    },
    timeOnly(...args) {
      return Date.prototype.toTimeString.call(this);
    },
    compare(that) {
      const a = String(this);
      const b = String(that);
      return a < b ? -1 : a > b ? 1 : 0;
    },
  },
};
