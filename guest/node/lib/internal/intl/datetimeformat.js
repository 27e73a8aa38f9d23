'use strict';
// Intl.DateTimeFormat: the formatjs polyfill, with each locale's data loaded on first use and
// each time zone's transitions when a formatter first uses that zone (UTC needs none).
const { DateTimeFormat: Ponyfill } = require('@formatjs/intl-datetimeformat');
const { ResolveLocale } = require('@formatjs/intl-localematcher');
const { internals } = require('internal/intl');

// Every zone is there from the start, so that the polyfill knows the names; its transitions
// are fetched when first read.
const zones = Ponyfill.tzData;
for (const zone of require('intl-data:zones')) {
  Object.defineProperty(zones, zone, {
    enumerable: true,
    configurable: true,
    get() {
      const rows = internals.zoneData(zone);
      Object.defineProperty(zones, zone, { value: rows, writable: true, enumerable: true,
        configurable: true });
      return rows;
    },
  });
}

const DateTimeFormat = internals.localeConstructor('DateTimeFormat', Ponyfill, {
  tags: require('intl-data:tags/datetimeformat'),
  load: (file) => ({ locale: file, data: internals.localeData('datetimeformat', file) }),
  resolveLocale: ResolveLocale,
  callable: true,
});

module.exports = { DateTimeFormat };
