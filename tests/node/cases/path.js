// == join, resolve, normalize
const path = require('path');
console.log(path.join('/a', 'b', '../c', './d'), path.resolve('/x', 'y', '..', 'z'), path.normalize('/a//b/../c/.'));
// == parts
const path = require('path');
console.log(path.basename('/a/b.txt'), path.basename('/a/b.txt', '.txt'), path.dirname('/a/b/c'), path.extname('x.tar.gz'));
// == parse and format
const path = require('path');
console.log(path.parse('/home/u/file.txt'), path.format({ dir: '/d', base: 'f.js' }));
// == relative and isAbsolute
const path = require('path');
console.log(path.relative('/a/b/c', '/a/d'), path.isAbsolute('/x'), path.isAbsolute('x'), path.sep, path.delimiter);
// == posix is path
const path = require('path');
console.log(path.posix === path, path.posix.join('a', 'b'));
// == join edge cases
const path = require('path');
console.log(path.join(), path.join(''), path.join('a', '', 'b'), path.join('/a/', '/b/'), path.join('..', 'a'), path.join('a', '../..', 'b'));
// == resolve is relative to the working directory
const path = require('path');
console.log(path.resolve(), path.resolve('a'), path.resolve('/a', 'b', '/c', 'd'), path.resolve('a', '..', '..'));
// == normalize edge cases
const path = require('path');
console.log(path.normalize(''), path.normalize('.'), path.normalize('./a/'), path.normalize('a/../../b'), path.normalize('//a//b//'), path.normalize('/..'));
// == basename and extname edge cases
const path = require('path');
console.log(path.basename('/a/b/'), path.basename('file.js', 'js'), path.basename('.bashrc'), path.basename('/'), path.basename('a.b.c', '.c'), path.basename('aaa', 'aaa'));
console.log(path.extname('.bashrc'), path.extname('file.'), path.extname('a/b.c/d'), path.extname('file.tar.gz'), path.extname('..'), path.extname(''));
// == dirname edge cases
const path = require('path');
console.log(path.dirname('/'), path.dirname('a'), path.dirname(''), path.dirname('/a'), path.dirname('a/b/'), path.dirname('//a'));
// == parse and format round trips
const path = require('path');
for (const p of ['/', '/a', 'a/b.c', './x.y.z', '/root/.env', 'no-ext']) {
  const parsed = path.parse(p);
  console.log(JSON.stringify(parsed), path.format(parsed));
}
console.log(path.format({ root: '/', name: 'n', ext: 'e' }), path.format({ name: 'x', ext: '.js' }), path.format({ base: 'b', name: 'ignored' }));
// == relative edge cases
const path = require('path');
console.log(path.relative('/a', '/a'), path.relative('/a/b', '/a'), path.relative('/', '/x/y'), path.relative('a', 'b'), path.relative('/a/bc', '/a/b'));
// == type errors
const path = require('path');
for (const f of [() => path.join('a', 1), () => path.basename(null), () => path.resolve({}), () => path.extname(), () => path.parse(5), () => path.format(null)]) {
  try { f(); } catch (e) { console.log(e.name, e.code, e.message); }
}
// == toNamespacedPath and path/posix
const path = require('path');
console.log(path.toNamespacedPath('/a/b'), typeof path.win32, require('path/posix') === path.posix, path._makeLong('/x'));
// == path.win32
// known: Windows paths (path.win32) are not available in an action
const path = require('path');
console.log(path.win32.sep, path.win32.join('a', 'b'), path.win32.basename('C:\\dir\\file.txt'));
// == matchesGlob
const path = require('path');
console.log(typeof path.matchesGlob);
