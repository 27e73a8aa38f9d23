// == numbers in the six locales
for (const l of ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP', 'en', 'de', 'fr', 'es', 'ja']) {
  console.log(l, (1234567.891).toLocaleString(l), (-0.5).toLocaleString(l), (1e21).toLocaleString(l), (1234).toLocaleString(l), NaN.toLocaleString(l), (-Infinity).toLocaleString(l));
}
// == default locale is en-US
console.log((1234567.891).toLocaleString(), (12345678901234567890n).toLocaleString(), new Intl.NumberFormat().resolvedOptions().locale);
// == currencies
for (const l of ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP']) {
  for (const currency of ['EUR', 'USD', 'JPY', 'GBP']) {
    console.log(l, currency, new Intl.NumberFormat(l, { style: 'currency', currency }).format(-1234.565));
  }
}
// == currency display and sign
for (const currencyDisplay of ['symbol', 'narrowSymbol', 'code', 'name']) {
  for (const l of ['en-US', 'de-DE', 'fr-FR', 'ja-JP']) {
    console.log(l, currencyDisplay, new Intl.NumberFormat(l, { style: 'currency', currency: 'USD', currencyDisplay }).format(1), new Intl.NumberFormat(l, { style: 'currency', currency: 'EUR', currencyDisplay }).format(2.5));
  }
}
console.log(new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', currencySign: 'accounting' }).format(-5));
// == percents
for (const l of ['en-US', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP']) {
  console.log(l, new Intl.NumberFormat(l, { style: 'percent' }).format(0.256), new Intl.NumberFormat(l, { style: 'percent', maximumFractionDigits: 2 }).format(-0.12345));
}
// == units
for (const l of ['en-US', 'de-DE', 'fr-FR', 'ja-JP']) {
  for (const unitDisplay of ['short', 'long', 'narrow']) {
    console.log(l, unitDisplay, ...['kilometer-per-hour', 'liter', 'megabyte', 'celsius', 'day'].map((unit) => new Intl.NumberFormat(l, { style: 'unit', unit, unitDisplay }).format(12.5)));
  }
}
// == compact notation
for (const l of ['en-US', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP']) {
  for (const compactDisplay of ['short', 'long']) {
    console.log(l, compactDisplay, ...[999, 1234, 15000, 1234567, 2.5e9].map((n) => n.toLocaleString(l, { notation: 'compact', compactDisplay })));
  }
}
// == scientific and engineering
console.log(...[123456, 0.000123, 1].map((n) => n.toLocaleString('en-US', { notation: 'scientific' })), (123456).toLocaleString('de-DE', { notation: 'engineering' }));
// == signDisplay
for (const signDisplay of ['auto', 'always', 'exceptZero', 'negative', 'never']) {
  console.log(signDisplay, ...[-1, 0, -0, 1].map((n) => n.toLocaleString('en-US', { signDisplay })));
}
// == digits and grouping
console.log((1234.5).toLocaleString('en-US', { minimumFractionDigits: 2 }), (1234.5678).toLocaleString('en-US', { maximumFractionDigits: 1 }), (5).toLocaleString('en-US', { minimumIntegerDigits: 3 }));
console.log((1234.5678).toLocaleString('en-US', { maximumSignificantDigits: 3 }), (0.00012345).toLocaleString('en-US', { minimumSignificantDigits: 2, maximumSignificantDigits: 4 }));
console.log((1234567).toLocaleString('en-US', { useGrouping: false }), (1234).toLocaleString('es-ES'), (12345).toLocaleString('es-ES'), (1234).toLocaleString('de-DE', { useGrouping: 'min2' }));
console.log((2.5).toLocaleString('en-US', { maximumFractionDigits: 0 }), (3.5).toLocaleString('en-US', { maximumFractionDigits: 0 }), (-2.5).toLocaleString('en-US', { maximumFractionDigits: 0, roundingMode: 'floor' }));
// == formatToParts
console.log(JSON.stringify(new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).formatToParts(-1234.5)));
console.log(JSON.stringify(new Intl.NumberFormat('fr-FR').formatToParts(12345.67)));
// == number ranges
const r = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
console.log(r.formatRange(3, 5), r.formatRange(2.9, 3.1), new Intl.NumberFormat('de-DE').formatRange(1000, 2000));
// == resolvedOptions of NumberFormat
console.log(new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'eur' }).resolvedOptions());
console.log(new Intl.NumberFormat('ja-JP', { notation: 'compact' }).resolvedOptions());
// == bigint
console.log((123456789012345678901234567890n).toLocaleString('de-DE'), (-5n).toLocaleString('ja-JP', { style: 'currency', currency: 'JPY' }), new Intl.NumberFormat('en-US').format(10n ** 20n));
// == number format errors
for (const f of [
  () => new Intl.NumberFormat('en', { style: 'currency' }),
  () => new Intl.NumberFormat('en', { style: 'bogus' }),
  () => new Intl.NumberFormat('en', { style: 'currency', currency: 'EURO' }),
  () => (1).toLocaleString('en', { maximumFractionDigits: 200 }),
  () => new Intl.NumberFormat('en', { style: 'unit' }),
  () => new Intl.NumberFormat('en', { style: 'unit', unit: 'parsec' }),
  () => Number.prototype.toLocaleString.call('x'),
  () => (1).toLocaleString('not a locale'),
  () => (1).toLocaleString('en_US'),
  () => new Intl.NumberFormat('en', { localeMatcher: 'nope' }),
]) {
  try { console.log(f()); } catch (e) { console.log(`${e.name}: ${e.message}`); }
}
// == locale fallback
for (const l of ['en-XX', 'de-XX', 'de-CH-1996', 'xx', 'zh-TW', 'es-MX', 'fr-CA', 'iw', ['xx', 'de'], []]) {
  const nf = new Intl.NumberFormat(l);
  console.log(JSON.stringify(l), nf.resolvedOptions().locale, nf.format(1234.5));
}
console.log(Intl.NumberFormat.supportedLocalesOf(['de-DE', 'xx', 'fr', 'ja-JP']), Intl.DateTimeFormat.supportedLocalesOf('en-GB'));
// == getCanonicalLocales
console.log(Intl.getCanonicalLocales(['EN-us', 'iw', 'de-DE', 'en-US', 'sgn-DE', 'en-u-kn-true', 'zh-hant-tw']), Intl.getCanonicalLocales());
for (const bad of ['en_US', '', 'x-private', 'en--US', [1], null]) {
  try { console.log(Intl.getCanonicalLocales(bad)); } catch (e) { console.log(`${e.name}: ${e.message}`); }
}
// == the Intl object
console.log(Object.getOwnPropertyNames(Intl).filter((n) => n !== 'DisplayNames' && n !== 'Segmenter').join(), String(Intl), typeof Intl.NumberFormat, Intl.NumberFormat.name, Intl.NumberFormat.length, Intl.DateTimeFormat.length);
console.log(Object.prototype.toString.call(new Intl.NumberFormat()), new Intl.NumberFormat('de') instanceof Intl.NumberFormat, Intl.NumberFormat() instanceof Intl.NumberFormat);
console.log(new Intl.NumberFormat('de'), Object.getOwnPropertyDescriptor(Intl, 'NumberFormat').writable);
// == dates: toLocaleString family in the six locales
const d = new Date(Date.UTC(2024, 0, 15, 13, 5, 9, 45));
for (const l of ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP', 'en', 'de', 'fr', 'es', 'ja']) {
  console.log(l, '|', d.toLocaleString(l), '|', d.toLocaleDateString(l), '|', d.toLocaleTimeString(l));
}
console.log(d.toLocaleString(), '|', d.toLocaleDateString(), '|', d.toLocaleTimeString(), '|', new Date(NaN).toLocaleString());
// == dateStyle and timeStyle
const d2 = new Date(Date.UTC(2023, 6, 4, 9, 30, 0));
for (const l of ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP']) {
  for (const s of ['full', 'long', 'medium', 'short']) {
    const both = l === 'es-ES' && s === 'long' ? '' : new Intl.DateTimeFormat(l, { dateStyle: s, timeStyle: 'short' }).format(d2);
    console.log(l, s, '|', d2.toLocaleDateString(l, { dateStyle: s }), '|', d2.toLocaleTimeString(l, { timeStyle: s }), '|', both);
  }
}
// == dateStyle long with a time in Spanish
// known: CLDR 48 (Node's ICU 78) joins them with "a las", CLDR 47 (the host's ICU 77) with a comma
console.log(new Intl.DateTimeFormat('es-ES', { dateStyle: 'long', timeStyle: 'short' }).format(new Date(Date.UTC(2023, 6, 4, 9, 30, 0))));
// == date components
const d3 = new Date(Date.UTC(2022, 11, 31, 23, 59, 58, 123));
const opts = [
  { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' },
  { year: '2-digit', month: '2-digit', day: '2-digit' },
  { month: 'short', day: 'numeric' },
  { month: 'long' },
  { weekday: 'short' },
  { year: 'numeric', month: 'short' },
  { hour: 'numeric', minute: '2-digit' },
  { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false },
  { hour: 'numeric', hour12: true },
  { hour: 'numeric', minute: 'numeric', hourCycle: 'h23' },
  { minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3 },
  { era: 'short', year: 'numeric' },
  { month: 'narrow', weekday: 'narrow', day: 'numeric' },
  { hour: 'numeric', dayPeriod: 'short' },
  { timeZoneName: 'long' },
];
for (const l of ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP']) {
  console.log(l, opts.map((o) => ((l === 'de-DE' || l === 'es-ES') && o.hour12 ? '' : new Intl.DateTimeFormat(l, o).format(d3))).join(' | '));
}
// == hours with a zone name, and a German 12-hour clock
// known: CLDR 48 (Node's ICU 78) changed these patterns for en-GB, es and de ("23h UTC", "11 PM", "p. m." without a no-break space); the host's ICU 77 has CLDR 47's
const d3 = new Date(Date.UTC(2022, 11, 31, 23, 59, 58, 123));
for (const l of ['en-GB', 'de-DE', 'es-ES']) console.log(new Intl.DateTimeFormat(l, { timeZoneName: 'short', hour: 'numeric' }).format(d3), new Intl.DateTimeFormat(l, { hour: 'numeric', hour12: true }).format(d3));
// == time zones
const d4 = new Date(Date.UTC(2024, 6, 1, 12, 0, 0));
const d5 = new Date(Date.UTC(2024, 0, 1, 12, 0, 0));
for (const timeZone of ['America/New_York', 'Europe/Berlin', 'Asia/Tokyo', 'Asia/Kolkata', 'Australia/Sydney', 'America/Los_Angeles', 'UTC', 'America/Sao_Paulo', 'Asia/Kathmandu']) {
  console.log(timeZone, '|', d4.toLocaleString('en-US', { timeZone }), '|', d5.toLocaleString('de-DE', { timeZone, timeZoneName: 'short' }), '|', new Intl.DateTimeFormat('en-GB', { timeStyle: 'full', timeZone }).format(d4));
}
// == time zone names
const d4 = new Date(Date.UTC(2024, 6, 1, 12, 0, 0));
for (const timeZoneName of ['short', 'long', 'shortOffset', 'longOffset', 'shortGeneric', 'longGeneric']) {
  console.log(timeZoneName, ...['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES'].map((l) => new Intl.DateTimeFormat(l, { timeZone: 'America/New_York', timeZoneName }).format(d4)));
}
console.log(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeStyle: 'full' }).format(d4), new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', timeZoneName: 'long' }).format(d4));
// == zone names CLDR 48 renamed
// known: CLDR 48 (Node's ICU 78) says "米国東部" and "GMT+0" where CLDR 47 (the host's ICU 77) says "アメリカ東部" and "GMT"
const d4 = new Date(Date.UTC(2024, 0, 1, 12, 0, 0));
console.log(new Intl.DateTimeFormat('ja-JP', { timeZone: 'America/New_York', timeZoneName: 'long' }).format(d4), d4.toLocaleString('de-DE', { timeZone: 'Europe/London', timeZoneName: 'short' }));
// == DateTimeFormat formatToParts
const d4 = new Date(Date.UTC(2024, 6, 1, 12, 0, 0));
console.log(JSON.stringify(new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }).formatToParts(d4)));
console.log(JSON.stringify(new Intl.DateTimeFormat('en-US', { hour: 'numeric', dayPeriod: 'narrow' }).formatToParts(d4)), JSON.stringify(new Intl.DateTimeFormat('ja-JP', { dateStyle: 'full' }).formatToParts(d4)));
console.log(JSON.stringify(new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 2, timeZoneName: 'short' }).formatToParts(new Date(Date.UTC(2024, 1, 2, 3, 4, 5, 678)))));
// == weekday with a day period
// known: CLDR 48 (Node's ICU 78) drops the comma in "Mon 12 n"
console.log(new Intl.DateTimeFormat('en-US', { weekday: 'short', hour: 'numeric', dayPeriod: 'narrow' }).format(new Date(Date.UTC(2024, 6, 1, 12))));
// == DateTimeFormat formatRange
const a = new Date(Date.UTC(2024, 0, 10, 10)), b = new Date(Date.UTC(2024, 0, 20, 15)), c = new Date(Date.UTC(2024, 2, 5, 15));
for (const l of ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'ja-JP']) {
  console.log(l, '|', new Intl.DateTimeFormat(l).formatRange(a, b), '|', new Intl.DateTimeFormat(l, { dateStyle: 'medium' }).formatRange(a, c), '|', new Intl.DateTimeFormat(l, { hour: 'numeric', minute: 'numeric' }).formatRange(a, new Date(Date.UTC(2024, 0, 10, 12))));
}
// == DateTimeFormat resolvedOptions
console.log(new Intl.DateTimeFormat('de-DE').resolvedOptions());
console.log(new Intl.DateTimeFormat('en-US', { dateStyle: 'short', timeStyle: 'long', timeZone: 'asia/tokyo' }).resolvedOptions());
console.log(new Intl.DateTimeFormat('ja-JP', { hour: 'numeric', minute: 'numeric' }).resolvedOptions());
console.log(new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hour12: true }).resolvedOptions().hourCycle, new Intl.DateTimeFormat('en-US', { hour: 'numeric', hourCycle: 'h23' }).resolvedOptions().hour12);
// == Date toString
const d6 = new Date(Date.UTC(2024, 1, 29, 8, 7, 6));
console.log(d6.toString(), '|', d6.toTimeString(), '|', d6.toDateString(), '|', String(d6), '|', d6.toUTCString(), '|', d6.toISOString());
console.log(new Date(2024, 0, 1).getTimezoneOffset(), `${new Date(0)}`);
// == date errors
for (const f of [
  () => new Intl.DateTimeFormat('en', { timeZone: 'Mars/Base' }),
  () => new Intl.DateTimeFormat('en', { dateStyle: 'full', hour: 'numeric' }),
  () => new Intl.DateTimeFormat('en', { dateStyle: 'huge' }),
  () => new Intl.DateTimeFormat('en', { hour: 'x' }),
  () => new Date().toLocaleDateString('en', { timeStyle: 'short' }),
  () => new Date().toLocaleTimeString('en', { dateStyle: 'short' }),
  () => new Intl.DateTimeFormat('en').format(NaN),
  () => new Intl.DateTimeFormat('en').format(8.64e15 + 1),
  () => Date.prototype.toLocaleString.call({}),
  () => new Intl.DateTimeFormat('en', { fractionalSecondDigits: 4 }),
]) {
  try { console.log(f()); } catch (e) { console.log(`${e.name}: ${e.message}`); }
}
// == collation: sorting in the six locales
const words = ['Äpfel', 'apfel', 'Zebra', 'zebra', 'Ärger', 'Arg', 'öl', 'Ol', 'ß', 'ss', 'résumé', 'resume', 'Résumé', 'cote', 'côte', 'coté', 'côté', 'ñu', 'nu', 'oz', 'llama', 'luz', 'a10', 'a2', 'A1', '_x', '-y', '1', 'éclair', 'Eclair', 'カ', 'か', 'が', 'あ', 'ア', '漢字', '日本', '東京'];
for (const l of ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP', 'sv', 'da']) {
  console.log(l, words.slice().sort(new Intl.Collator(l).compare).join(' '));
}
console.log(words.slice().sort((a, b) => a.localeCompare(b)).join(' '));
// == collation options
const c = (l, o) => new Intl.Collator(l, o);
console.log(['a', 'A', 'á', 'b'].map((x) => ['a', 'A', 'á', 'b'].map((y) => c('en', { sensitivity: 'base' }).compare(x, y)).join(',')).join(' | '));
for (const sensitivity of ['base', 'accent', 'case', 'variant']) {
  console.log(sensitivity, 'a/A', c('en', { sensitivity }).compare('a', 'A'), 'a/á', c('en', { sensitivity }).compare('a', 'á'), 'a/b', c('en', { sensitivity }).compare('a', 'b'), 'search', c('de', { usage: 'search', sensitivity }).compare('a', 'ä'));
}
console.log(['item10', 'item2', 'item1', 'Item3'].sort(c('en', { numeric: true }).compare), ['b', 'B', 'a', 'A'].sort(c('en', { caseFirst: 'upper' }).compare), ['b', 'B', 'a', 'A'].sort(c('en', { caseFirst: 'lower' }).compare));
console.log(c('en', { ignorePunctuation: true }).compare('a-b', 'ab'), c('en').compare('a-b', 'ab'), ['co-op', 'coop', 'co op'].sort(c('en', { ignorePunctuation: true }).compare));
console.log(['x10', 'x9'].sort(c('en-u-kn').compare), ['Ä', 'Ae', 'Af'].sort(c('de-u-co-phonebk').compare), ['chico', 'cuna', 'dedo'].sort(c('es-u-co-trad').compare));
// == localeCompare
console.log('a'.localeCompare('b'), 'b'.localeCompare('a'), 'a'.localeCompare('a'), 'ä'.localeCompare('z', 'de'), 'ä'.localeCompare('z', 'sv'), 'a'.localeCompare('A', undefined, { sensitivity: 'base' }), '2'.localeCompare('10', undefined, { numeric: true }), 'résumé'.localeCompare('resume', 'fr', { sensitivity: 'base' }));
console.log('\u0041\u030A'.localeCompare('\u00C5'), 'ﬁ'.localeCompare('fi'), ''.localeCompare('a'), 'a'.localeCompare());
// == Collator resolvedOptions
for (const l of ['de-DE', 'en-US', 'en-GB', 'fr-FR', 'es-ES', 'ja-JP', 'de-u-co-phonebk', 'en-u-kn-kf-upper', 'xx', 'th']) console.log(JSON.stringify(new Intl.Collator(l).resolvedOptions()));
console.log(new Intl.Collator('en', { usage: 'search', sensitivity: 'base', numeric: true, caseFirst: 'lower', collation: 'phonebk' }).resolvedOptions());
console.log(Intl.Collator.supportedLocalesOf(['de-DE', 'xx', 'ja']), Intl.Collator.length);
// == collator errors
for (const f of [() => new Intl.Collator('en', { sensitivity: 'x' }), () => new Intl.Collator('en', { usage: 'x' }), () => new Intl.Collator('en', { caseFirst: 'x' }), () => new Intl.Collator('en', { collation: '!' }), () => 'a'.localeCompare('b', 'bad locale'), () => String.prototype.localeCompare.call(null, 'a'), () => Intl.Collator.prototype.compare]) {
  try { console.log(f()); } catch (e) { console.log(`${e.name}: ${e.message}`); }
}
// == relative time
for (const l of ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP']) {
  const rtf = new Intl.RelativeTimeFormat(l);
  const auto = new Intl.RelativeTimeFormat(l, { numeric: 'auto' });
  const short = new Intl.RelativeTimeFormat(l, { style: 'short' });
  console.log(l, rtf.format(-1, 'day'), '|', rtf.format(2, 'hours'), '|', rtf.format(-3, 'month'), '|', auto.format(-1, 'day'), '|', auto.format(0, 'year'), '|', auto.format(1, 'week'), '|', short.format(5, 'minute'), '|', rtf.format(1.5, 'second'), '|', rtf.format(-0, 'quarter'));
}
console.log(JSON.stringify(new Intl.RelativeTimeFormat('en').formatToParts(100, 'day')), new Intl.RelativeTimeFormat('de', { style: 'narrow' }).resolvedOptions());
for (const f of [() => new Intl.RelativeTimeFormat('en').format(1, 'lightyear'), () => new Intl.RelativeTimeFormat('en', { style: 'x' }), () => Intl.RelativeTimeFormat('en'), () => new Intl.RelativeTimeFormat('en').format(Infinity, 'day')]) {
  try { console.log(f()); } catch (e) { console.log(`${e.name}: ${e.message}`); }
}
// == lists
for (const l of ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP']) {
  const items = ['A', 'B', 'C'];
  console.log(l, new Intl.ListFormat(l).format(items), '|', new Intl.ListFormat(l, { type: 'disjunction' }).format(items), '|', new Intl.ListFormat(l, { style: 'short', type: 'unit' }).format(items), '|', new Intl.ListFormat(l).format(['x', 'y']), '|', new Intl.ListFormat(l).format([]));
}
console.log(JSON.stringify(new Intl.ListFormat('en').formatToParts(['a', 'b'])), new Intl.ListFormat('es', { type: 'disjunction' }).format(['7', '8']), new Intl.ListFormat('es').format(['x', 'y', 'i']), new Intl.ListFormat('en').resolvedOptions());
for (const f of [() => new Intl.ListFormat('en').format([1, 2]), () => new Intl.ListFormat('en', { type: 'x' }), () => new Intl.ListFormat('en').format('ab')]) {
  try { console.log(f()); } catch (e) { console.log(`${e.name}: ${e.message}`); }
}
// == plural rules
for (const l of ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'ja-JP', 'ar', 'ru', 'pl']) {
  const pr = new Intl.PluralRules(l);
  const ord = new Intl.PluralRules(l, { type: 'ordinal' });
  console.log(l, [0, 1, 2, 3, 5, 11, 21, 1.5, 1000000].map((n) => pr.select(n)).join(','), '|', [1, 2, 3, 4, 11, 21, 22, 23].map((n) => ord.select(n)).join(','), '|', pr.resolvedOptions().pluralCategories.join(','), '|', ord.resolvedOptions().pluralCategories.join(','));
}
console.log(new Intl.PluralRules('en').resolvedOptions(), new Intl.PluralRules('de', { maximumSignificantDigits: 3 }).resolvedOptions(), new Intl.PluralRules('en', { minimumFractionDigits: 1 }).select(1), new Intl.PluralRules('fr').selectRange(1, 2));
// == ordinal suffixes in English
const suffix = { one: 'st', two: 'nd', few: 'rd', other: 'th' };
const pr = new Intl.PluralRules('en-US', { type: 'ordinal' });
console.log([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map((n) => `${n}${suffix[pr.select(n)]}`).join(' '));
// == Intl.Locale
const l = new Intl.Locale('en-us', { calendar: 'gregory', hourCycle: 'h12' });
console.log(l, String(l), l.baseName, l.language, l.script, l.region, l.calendar, l.hourCycle, l.numeric, l.caseFirst, l.collation, l.numberingSystem);
console.log(new Intl.Locale('zh-TW').maximize().toString(), new Intl.Locale('en-Latn-US').minimize().toString(), new Intl.Locale('und').maximize().toString(), new Intl.Locale('ja').maximize().baseName, new Intl.Locale('de-u-kn-true').numeric, new Intl.Locale('de-u-kf-upper-co-phonebk').caseFirst);
console.log(new Intl.Locale('EN-latn-us-u-ca-gregory', { region: 'GB', numeric: true, caseFirst: 'lower' }).toString(), new Intl.Locale(new Intl.Locale('fr-CA')).toString(), Intl.getCanonicalLocales(new Intl.Locale('DE-de')), new Intl.NumberFormat(new Intl.Locale('de-DE')).format(1234.5));
console.log(new Intl.Locale('de-DE-u-nu-arab').maximize().toString(), new Intl.Locale('es-419').minimize().toString(), Object.prototype.toString.call(l), typeof Intl.Locale.prototype.maximize);
for (const f of [() => new Intl.Locale('en_US'), () => new Intl.Locale(), () => Intl.Locale('en'), () => new Intl.Locale('en', { region: 'XXX' }), () => new Intl.Locale(5), () => new Intl.Locale('en', { calendar: '!' }), () => new Intl.Locale('en', { hourCycle: 'h99' })]) {
  try { console.log(f()); } catch (e) { console.log(`${e.name}: ${e.message}`); }
}
// == supportedValuesOf
for (const key of ['calendar', 'collation', 'unit']) {
  const values = Intl.supportedValuesOf(key);
  console.log(key, values.length, values.join());
}
console.log(Intl.supportedValuesOf('timeZone').includes('Europe/Berlin'), Intl.supportedValuesOf('currency').includes('EUR'), Intl.supportedValuesOf('numberingSystem').includes('arab'));
try { Intl.supportedValuesOf('x'); } catch (e) { console.log(`${e.name}: ${e.message}`); }
// == supportedValuesOf lists that follow ICU's data
// known: the host's ICU 77 lacks a zone and a numbering system of Node's ICU 78, and PyICU cannot list ICU's ISO currencies
for (const key of ['currency', 'numberingSystem', 'timeZone']) console.log(key, Intl.supportedValuesOf(key).join());
// == DisplayNames and Segmenter
// known: Intl.DisplayNames and Intl.Segmenter are not implemented yet
console.log(new Intl.DisplayNames(['en'], { type: 'region' }).of('DE'), [...new Intl.Segmenter('en', { granularity: 'word' }).segment('Hi there')].length);
// == toLocaleUpperCase and toLocaleLowerCase
console.log('i'.toLocaleUpperCase('tr'), 'I'.toLocaleLowerCase('tr'), 'İ'.toLocaleLowerCase('az'), 'i̇'.toLocaleUpperCase('lt'), 'άλφα'.toLocaleUpperCase('el'), 'straße'.toLocaleUpperCase('de'), 'I'.toLocaleLowerCase('en-US'), 'i'.toLocaleUpperCase(['tr', 'en']), 'i'.toLocaleUpperCase('TR-tr'), 'Iı'.toLocaleLowerCase(), 'istanbul'.toLocaleUpperCase('tr-TR'));
for (const f of [() => 'a'.toLocaleUpperCase('x_y'), () => String.prototype.toLocaleLowerCase.call(null)]) {
  try { console.log(f()); } catch (e) { console.log(`${e.name}: ${e.message}`); }
}
