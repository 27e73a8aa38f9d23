'use strict';
// @formatjs/intl-localematcher (ECMA-402 locale negotiation), once for every Intl module.
//
// Every negotiation is a lookup, whatever `localeMatcher` asked: the package's "best fit"
// canonicalizes every available locale (more than a thousand) and maximizes the requested
// ones with Intl.Locale at each call, tens of milliseconds in QuickJS, and V8's own "best
// fit" resolves these locales as lookup does (en-XX -> en, de-CH-1996 -> de-CH).
const matcher = require('@formatjs/intl-localematcher');

function ResolveLocale(available, requested, options, keys, localeData, getDefaultLocale) {
  const lookup = Object.assign(Object.create(null), options, { localeMatcher: 'lookup' });
  return matcher.ResolveLocale(available, requested, lookup, keys, localeData, getDefaultLocale);
}

module.exports = {
  ResolveLocale,
  LookupSupportedLocales: matcher.LookupSupportedLocales,
  match: matcher.match,
};
