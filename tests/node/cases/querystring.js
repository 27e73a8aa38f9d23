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
