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
// == URL special schemes and opaque paths
for (const u of ['mailto:a@b.com', 'data:text/plain,hi', 'javascript:alert(1)', 'file:///C:/x', 'blob:https://a.com/uuid', 'urn:isbn:123', 'ws://a.com/s', 'ftp://u@h:21/f']) {
  const x = new URL(u);
  console.log(x.href, x.protocol, x.host, x.pathname, x.origin);
}
// == URL normalisation of paths and percent-encoding
for (const u of ['https://a.com/%7Efoo/./bar/../baz', 'https://a.com/a b/c?d e#f g', 'https://a.com/ü?ü#ü', 'https://a.com/%zz', 'HTTPS://A.COM/X', 'https://a.com:0443/', 'https://a.com./']) {
  console.log(new URL(u).href);
}
// == URL setters that are ignored
const u = new URL('https://a.com/p');
u.protocol = 'ftp:'; u.protocol = 'mailto'; u.host = ''; u.port = '99999'; u.username = 'user name'; u.password = 'p@ss';
console.log(u.href);
const m = new URL('mailto:x@y.z');
m.host = 'h.com'; m.pathname = 'nope';
console.log(m.href);
// == URL static methods and toJSON
console.log(typeof URL.createObjectURL, typeof URL.revokeObjectURL, new URL('https://a.com').toJSON(), URL.canParse('/x', 'https://a.com'));
// == URLSearchParams iteration and mutation
const p = new URLSearchParams('a=1&b=2&a=3');
console.log([...p.keys()], [...p.values()], [...p.entries()], p.toString());
p.forEach((v, k, self) => console.log(k, v, self === p));
p.delete('a', '3');
console.log(p.toString(), p.size);
p.append('c', null); p.append('d', undefined); p.set('e', { toString() { return 'obj'; } });
console.log(p.toString(), p.getAll('zz'), p.get('zz'));
// == URLSearchParams encoding
console.log(new URLSearchParams({ k: 'a+b c&d=e/f?g#h%i' }).toString(), new URLSearchParams('q=%2B+%20').get('q'), new URLSearchParams([['é', '😀']]).toString());
// == URLSearchParams errors
try { new URLSearchParams([['a']]); } catch (e) { console.log(e.name, e.code, e.message); }
try { new URLSearchParams().get(); } catch (e) { console.log(e.name, e.code, e.message); }
try { URLSearchParams.prototype.get.call({}, 'a'); } catch (e) { console.log(e.name, e.code, e.message); }
// == URL errors in detail
try { new URL(); } catch (e) { console.log(e.name, e.code, e.message); }
try { new URL('https://exa mple.com'); } catch (e) { console.log(e); }
try { new URL('/relative', 'not a base'); } catch (e) { console.log(e.name, e.code, e.message, e.input, e.base); }
// == legacy url.parse in depth
const url = require('url');
for (const u of ['https://user:pass@sub.example.com:8080/p/a/t/h?query=string&a=1#hash', '//host/path', 'mailto:someone@x.com', '/just/a/path?x=1', 'HTTP://EXAMPLE.COM/A', 'http://a.com:80', 'javascript:void(0)']) {
  const p = url.parse(u);
  console.log(p.protocol, p.slashes, p.auth, p.host, p.port, p.hostname, p.hash, p.search, p.query, p.pathname, p.path, p.href);
}
console.log(url.parse('//host/path', false, true).host, url.parse('http://a.com/?a=1&a=2', true).query);
// == legacy url.format variants
const url = require('url');
console.log(url.format('http://a.com/x'), url.format({ protocol: 'http:', hostname: 'h', port: 8, pathname: '/p', search: '?q=1', hash: 'h' }), url.format({ host: 'only.host' }));
console.log(url.format(new URL('https://u:p@a.com/x?y#z'), { auth: false, search: false, fragment: false }), url.format(new URL('https://xn--bcher-kva.example/'), { unicode: true }));
// == url.resolve cases
const url = require('url');
for (const [from, to] of [['http://a/b/c/d;p?q', 'g'], ['http://a/b/c/d;p?q', '../../g'], ['http://a/b/c/d;p?q', '//g'], ['http://a/b', '?x'], ['http://a/b', '#y'], ['/a/b/c', './d']]) {
  console.log(url.resolve(from, to));
}
// == urlToHttpOptions and domain functions
const url = require('url');
console.log(url.urlToHttpOptions(new URL('https://u:p@[::1]:8443/p?q=1#h')));
console.log(url.domainToASCII('español.com'), url.domainToUnicode('xn--espaol-zwa.com'), url.domainToASCII('xn--iñvalid.com'));
// == fileURLToPath and pathToFileURL errors
const url = require('url');
for (const f of [() => url.fileURLToPath('https://a.com'), () => url.fileURLToPath('file://host/x'), () => url.fileURLToPath('file:///a%2fb'), () => url.fileURLToPath(5)]) {
  try { f(); } catch (e) { console.log(e.name, e.code, e.message); }
}
console.log(url.pathToFileURL('/a/b c/%/#?').href, url.pathToFileURL('rel/x').href);
// == URL objects printed
console.log({ u: new URL('https://a.com/x?y=1#z') });
console.log([new URLSearchParams('a=1')]);
// == url module exports
console.log(Object.keys(require('url')).sort());
