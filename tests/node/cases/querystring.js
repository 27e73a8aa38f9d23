// == parse and stringify
const qs = require('querystring');
console.log(qs.parse('a=1&b=2&a=3&c=%20x+y&d'));
console.log(qs.stringify({ a: [1, 2], b: 'x y', c: '', d: true, e: null }));
console.log(qs.stringify({ w: 'é&=' }), qs.escape('a b&c'), qs.unescape('a%20b'));
// == custom separators
const qs = require('querystring');
console.log(qs.parse('a:1;b:2', ';', ':'), qs.stringify({ a: 1, b: 2 }, ';', ':'));
// == decode and encode aliases
const qs = require('querystring');
console.log(qs.decode === qs.parse, qs.encode === qs.stringify);
// == parse edge cases
const qs = require('querystring');
console.log(qs.parse(''), qs.parse('a'), qs.parse('a=&b'), qs.parse('&&a=1&&'), qs.parse('a=1=2'), qs.parse('=x'));
console.log(qs.parse('a[]=1&a[]=2'), qs.parse('a+b=c+d'), qs.parse('%zz=%E0%A4%A'), qs.parse('__proto__=1&constructor=2'));
// == parse with maxKeys and decodeURIComponent
const qs = require('querystring');
console.log(qs.parse('a=1&b=2&c=3', null, null, { maxKeys: 2 }), qs.parse('a=%41', null, null, { decodeURIComponent: (s) => s.toLowerCase() }));
// == stringify edge cases
const qs = require('querystring');
console.log(qs.stringify({ a: undefined, b: NaN, c: Infinity, d: -0, e: 10n, f: [], g: [undefined, null, 'x'], h: {} }));
console.log(qs.stringify('not an object'), qs.stringify(null), qs.stringify({ 'a b': 'c&d=e' }), qs.stringify({ é: 'ü' }, null, null, { encodeURIComponent: (s) => s }));
// == escape and unescape edge cases
const qs = require('querystring');
console.log(qs.escape('\uD800'), qs.escape(123), qs.unescape('%E0%A4%A'), qs.unescape('a+b%20c'), qs.escape("!'()*~-_."), qs.unescapeBuffer('%41%2'));
// == parse result has no prototype
const qs = require('querystring');
const p = qs.parse('toString=x');
console.log(Object.getPrototypeOf(p), p.toString, typeof p.hasOwnProperty);
