// == parse and read every part
const u = new URL('https://user:pw@EXAMPLE.com:8443/a/../b/./c?x=1&y=a+b#frag');
console.log(u.href, u.origin, u.protocol, u.username, u.password);
console.log(u.host, u.hostname, u.port, u.pathname, u.search, u.hash);
// == default ports vanish
console.log(new URL('https://a.com:443/').href, new URL('http://a.com:80/').port);
// == relative to a base
console.log(new URL('../x?y#z', 'https://a.com/b/c/d').href, new URL('//b.com/p', 'https://a.com').href);
// == invalid URLs throw TypeError
for (const bad of ['nope', 'http://', 'https://a b.com', '']) {
  try { new URL(bad); console.log('parsed', bad); } catch (e) { console.log(e.name, e.code, e.message, e.input); }
}
// == canParse
console.log(URL.canParse('https://a.com'), URL.canParse('x'), URL.canParse('x', 'https://a.com'));
// == IPv4 spellings normalise
for (const host of ['0x7f.1', '2130706433', '0177.0.0.1', '127.1', '[::ffff:127.0.0.1]', '[0:0::1]']) {
  console.log(host, new URL(`http://${host}/`).hostname);
}
// == internationalised hosts
console.log(new URL('https://bücher.example/').hostname, new URL('https://ÉXAMPLE.com').host);
// == setters
const s = new URL('https://a.com/p?q=1#h');
s.pathname = '/new path'; s.hash = 'x'; s.search = 'a=b c'; s.port = '8080'; s.protocol = 'http';
console.log(s.href);
s.port = 'nope'; s.hostname = ''; console.log(s.href);
s.href = 'https://b.com/';
console.log(s.href);
try { s.href = 'bad'; } catch (e) { console.log(e.code); }
// == searchParams stay linked
const l = new URL('https://a.com/?a=1&b=2');
l.searchParams.append('c', 'x y');
l.searchParams.delete('a');
console.log(l.href, l.search);
l.search = '?z=9';
console.log(l.searchParams.get('z'), [...l.searchParams]);
// == URLSearchParams from every kind of init
console.log(new URLSearchParams('?a=1&a=2&b=%20x+y').getAll('a'), new URLSearchParams('?a=1&a=2&b=%20x+y').get('b'));
console.log(new URLSearchParams({ a: '1', b: 2 }).toString(), new URLSearchParams([['x', 'y'], ['x', 'z']]).toString());
const p = new URLSearchParams('b=2&a=1&c=3&a=0'); p.sort(); console.log(p.toString(), p.size, p.has('a'), p.has('a', '9'));
p.set('a', 'only'); console.log(p.toString());
// == URLSearchParams encodes like forms
console.log(new URLSearchParams({ q: 'é & = + ~*' }).toString());
// == inspect URL and URLSearchParams
console.log(new URL('https://a.com/x?y=1'));
console.log(new URLSearchParams('a=1&b=2'), new URLSearchParams());
// == JSON and string conversion
console.log(JSON.stringify({ u: new URL('https://a.com') }), `${new URL('https://a.com/x')}`);
// == legacy url.parse, format and resolve
const url = require('url');
console.log(url.parse('http://user@a.com:8080/p/a/t/h?query=string#hash'));
console.log(url.parse('/p?x=1&y=2', true).query);
console.log(url.format({ protocol: 'https', host: 'a.com', pathname: '/x', query: { a: 1 } }));
console.log(url.resolve('http://a.com/b/c', '../d'), url.resolve('/one/two', 'three'));
// == fileURLToPath and pathToFileURL
const url = require('url');
console.log(url.fileURLToPath('file:///tmp/a%20b.txt'), url.pathToFileURL('/tmp/a b.txt').href);
// == URL and URLSearchParams are the module's
const url = require('url');
console.log(url.URL === URL, url.URLSearchParams === URLSearchParams);
