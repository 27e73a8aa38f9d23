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
