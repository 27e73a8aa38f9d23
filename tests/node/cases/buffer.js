// == encodings round trip
const b = Buffer.from('héllo wörld');
console.log(b.length, b.toString('hex'), b.toString('base64'), b.toString('base64url'));
console.log(Buffer.from(b.toString('base64'), 'base64').toString());
console.log(Buffer.from(b.toString('base64url'), 'base64url').toString());
console.log(Buffer.from('68656c6c6f', 'hex').toString(), Buffer.from('hello', 'latin1'));
console.log(Buffer.from('ab', 'utf16le'), Buffer.from([256, -1, 65]));
// == alloc, fill, compare, concat
const a = Buffer.alloc(4, 'ab');
console.log(a, Buffer.alloc(3), Buffer.concat([a, Buffer.from([1])]), Buffer.compare(a, Buffer.from('abab')));
console.log(a.equals(Buffer.from('abab')), Buffer.isBuffer(a), Buffer.isBuffer(new Uint8Array(1)));
// == slice shares memory, subarray too
const s = Buffer.from('abcdef');
const sl = s.slice(1, 3); sl[0] = 0x5a;
console.log(s.toString(), s.subarray(2).toString(), sl.toString());
// == numbers read and written
const n = Buffer.alloc(16);
n.writeUInt32BE(0xdeadbeef, 0); n.writeInt16LE(-2, 4); n.writeDoubleLE(1.5, 8);
console.log(n, n.readUInt32BE(0).toString(16), n.readInt16LE(4), n.readDoubleLE(8));
console.log(n.readBigUInt64BE(0));
// == byteLength and isEncoding
console.log(Buffer.byteLength('héllo'), Buffer.byteLength('aGk=', 'base64'), Buffer.isEncoding('base64url'), Buffer.isEncoding('nope'));
// == toJSON and JSON.stringify
console.log(JSON.stringify(Buffer.from('hi')), Buffer.from('hi').toJSON());
// == indexOf and includes
const h = Buffer.from('hello world');
console.log(h.indexOf('o'), h.lastIndexOf('o'), h.includes('world'), h.indexOf(Buffer.from('ld')));
// == inspect shows at most 50 bytes
console.log(Buffer.alloc(60, 1));
// == unknown encoding throws
try { Buffer.from('x').toString('nope'); } catch (e) { console.log(e.name, e.message); }
// == Buffer from ArrayBuffer views
const ab = new Uint8Array([1, 2, 3, 4]).buffer;
console.log(Buffer.from(ab, 1, 2), Buffer.from(new Uint16Array([1, 256])));
// == swap and reverse
console.log(Buffer.from([1, 2, 3, 4]).swap16(), Buffer.from([1, 2, 3]).reverse());
// == iteration
console.log([...Buffer.from('ab')], [...Buffer.from('ab').entries()]);
// == module constants
const { constants, kMaxLength } = require('buffer');
console.log(typeof constants.MAX_LENGTH, typeof kMaxLength, require('buffer').INSPECT_MAX_BYTES);
