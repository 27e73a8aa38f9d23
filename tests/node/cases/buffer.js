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
// == Buffer.from of every input kind
console.log(Buffer.from('abc'), Buffer.from([1, 2, 3]), Buffer.from(Buffer.from('x')), Buffer.from(new Uint8Array([4, 5])));
console.log(Buffer.from({ length: 2, 0: 7, 1: 8 }), Buffer.from(new String('str')), Buffer.from({ type: 'Buffer', data: [1, 2] }));
console.log(Buffer.from([1.9, -1.1, 'x', 300]));
// == Buffer.from rejects what it cannot take
for (const v of [undefined, null, 42, {}, Symbol('s'), () => {}]) {
  try { Buffer.from(v); console.log('ok', v); } catch (e) { console.log(e.name, e.code, e.message); }
}
// == Buffer.alloc, allocUnsafe and validation
console.log(Buffer.alloc(3, 1), Buffer.alloc(4, 'ab', 'utf8'), Buffer.alloc(2, Buffer.from([9])), Buffer.allocUnsafe(3).length, Buffer.allocUnsafeSlow(2).length);
for (const size of [-1, 'x', NaN, 2 ** 33]) {
  try { Buffer.alloc(size); console.log('ok'); } catch (e) { console.log(e.name, e.code, e.message); }
}
// == encodings in and out
const s = 'Grüße, 世界! 😀';
for (const enc of ['utf8', 'utf-8', 'utf16le', 'ucs2', 'latin1', 'binary', 'ascii', 'hex', 'base64', 'base64url']) {
  const b = Buffer.from(s, enc === 'hex' || enc.startsWith('base64') ? 'utf8' : enc);
  console.log(enc, b.length, b.toString(enc));
}
// == decoding invalid input
console.log(Buffer.from('zz12', 'hex'), Buffer.from('abc', 'hex'), Buffer.from('a$b=c', 'base64'), Buffer.from('YQ', 'base64'));
console.log(Buffer.from([0xff, 0xfe, 0x41]).toString(), Buffer.from([0xe2, 0x82]).toString(), Buffer.from([0x80]).toString('ascii'));
// == toString with ranges
const b = Buffer.from('hello world');
console.log(b.toString('utf8', 6), b.toString('utf8', 0, 5), b.toString(undefined, 2, 4), b.toString('utf8', -3, 100), b.toString('hex', 1, 3));
// == write and writes with encodings
const b = Buffer.alloc(10);
console.log(b.write('hi'), b.write('abc', 3), b.write('ffee', 6, 'hex'), b.write('xyz', 8, 1), b);
console.log(b.write('é', 9), b);
// == fill variations
const b = Buffer.alloc(8);
console.log(b.fill('ab', 1, 5), b.fill(0), b.fill(0x41, 2), b.fill('c2', 0, 2, 'hex'), Buffer.alloc(3).fill(''));
// == compare and equals with ranges
const a = Buffer.from('abcd');
const b = Buffer.from('abce');
console.log(a.compare(b), b.compare(a), a.compare(a), a.compare(b, 0, 3, 0, 3), Buffer.compare(a, b), a.equals(Buffer.from('abcd')));
try { a.equals('abcd'); } catch (e) { console.log(e.name, e.code, e.message); }
// == copy between buffers
const src = Buffer.from('abcdef');
const dst = Buffer.alloc(8, '.');
console.log(src.copy(dst, 1, 2, 5), dst.toString(), src.copy(dst), dst.toString());
// == concat with a total length
console.log(Buffer.concat([Buffer.from('ab'), Buffer.from('cd')], 3), Buffer.concat([], 0), Buffer.concat([Buffer.from('x')], 4));
try { Buffer.concat('x'); } catch (e) { console.log(e.name, e.code, e.message); }
// == slice, subarray and negative indexes
const b = Buffer.from('abcdef');
console.log(b.slice(-2).toString(), b.subarray(1, -1).toString(), b.slice(4, 2).length, b.subarray(10).length);
// == numeric reads of every width
const b = Buffer.from([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0xff, 0xfe]);
console.log(b.readUInt8(0), b.readInt8(8), b.readUInt16LE(0), b.readUInt16BE(0), b.readInt16BE(8), b.readUInt32LE(0), b.readInt32BE(6));
console.log(b.readUIntBE(0, 3), b.readUIntLE(0, 6), b.readIntBE(7, 3), b.readIntLE(8, 2), b.readBigInt64LE(0), b.readBigUInt64BE(2));
console.log(b.readFloatLE(0), b.readDoubleBE(0), b.readUint8(1), b.readUint16LE(1), b.readUint32BE(1));
// == reads out of range
const b = Buffer.alloc(4);
for (const f of [() => b.readUInt32LE(1), () => b.readUInt8(4), () => b.readInt16BE(-1), () => b.readUInt8(1.5), () => b.readUIntLE(0, 7)]) {
  try { f(); } catch (e) { console.log(e.name, e.code, e.message); }
}
// == numeric writes and their return values
const b = Buffer.alloc(16);
console.log(b.writeUInt8(255, 0), b.writeInt8(-1, 1), b.writeUInt16LE(0x1234, 2), b.writeInt32BE(-2, 4), b.writeFloatBE(1.5, 8), b.writeBigInt64LE(-1n, 8));
console.log(b, b.writeUIntBE(0x123456, 0, 3), b.writeIntLE(-5, 3, 2), b);
// == writes out of range
const b = Buffer.alloc(4);
for (const f of [() => b.writeUInt8(256, 0), () => b.writeInt8(-129, 0), () => b.writeUInt16LE(1, 3), () => b.writeUInt32BE(-1, 0), () => b.writeBigInt64LE(1, 0)]) {
  try { f(); console.log('ok'); } catch (e) { console.log(e.name, e.code, e.message); }
}
// == indexOf, lastIndexOf and includes in depth
const b = Buffer.from('this is a buffer is it');
console.log(b.indexOf('is'), b.indexOf('is', 3), b.indexOf('is', -5), b.lastIndexOf('is'), b.lastIndexOf('is', 5), b.indexOf(0x62), b.indexOf('zz'));
console.log(b.indexOf(Buffer.from('buf')), b.indexOf('6973', 0, 'hex'), b.includes('buffer', 11), b.indexOf(''), b.lastIndexOf(''), b.indexOf('', 100));
// == swap16, swap32, swap64 and their errors
console.log(Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]).swap32(), Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]).swap64());
try { Buffer.from([1, 2, 3]).swap16(); } catch (e) { console.log(e.name, e.code, e.message); }
// == toJSON and JSON round trip
const b = Buffer.from('json');
const j = JSON.parse(JSON.stringify(b));
console.log(j, Buffer.from(j).toString());
// == keys, values and entries
const b = Buffer.from('ab');
console.log([...b.keys()], [...b.values()], [...b.entries()]);
// == byteLength of every kind
console.log(Buffer.byteLength('€'), Buffer.byteLength('€', 'latin1'), Buffer.byteLength('€', 'utf16le'), Buffer.byteLength('abcd', 'hex'), Buffer.byteLength('aGVsbG8', 'base64url'));
console.log(Buffer.byteLength(Buffer.alloc(5)), Buffer.byteLength(new ArrayBuffer(3)), Buffer.byteLength(new Uint16Array(2)));
try { Buffer.byteLength(5); } catch (e) { console.log(e.name, e.code, e.message); }
// == isEncoding and unknown encodings
console.log(['utf8', 'UTF-8', 'Ucs2', 'binary', 'hex', 'latin1', 'ascii', 'base64', 'nope', '', null].map((e) => Buffer.isEncoding(e)));
try { Buffer.from('x', 'nope'); } catch (e) { console.log(e.name, e.code, e.message); }
try { Buffer.alloc(2).write('x', 'nope'); } catch (e) { console.log(e.name, e.code, e.message); }
// == Buffer is a Uint8Array
const b = Buffer.from('hi');
console.log(b instanceof Uint8Array, Buffer.prototype instanceof Uint8Array, b.constructor.name, Object.getPrototypeOf(Buffer.prototype) === Uint8Array.prototype, b.BYTES_PER_ELEMENT);
console.log(typeof b.buffer, b.byteOffset >= 0, Buffer.poolSize);
// == buffers from a shared ArrayBuffer see writes
const ab = new ArrayBuffer(4);
const b1 = Buffer.from(ab);
const view = new Uint8Array(ab);
view[0] = 42;
console.log(b1[0], b1.buffer === ab);
// == inspect buffers with extra properties and in objects
const b = Buffer.from('abc');
b.tag = 'x';
console.log(b, { buf: Buffer.from('nested') }, [Buffer.alloc(0)]);
console.log(require('util').inspect(Buffer.from('a'), { showHidden: true }));
// == INSPECT_MAX_BYTES can be changed
const buffer = require('buffer');
buffer.INSPECT_MAX_BYTES = 4;
console.log(Buffer.from('abcdefgh'));
// == isUtf8 and isAscii
const { isUtf8, isAscii } = require('buffer');
console.log(isUtf8(Buffer.from('héllo')), isUtf8(Buffer.from([0xff])), isAscii(Buffer.from('abc')), isAscii(Buffer.from('é')), isUtf8(new ArrayBuffer(0)));
// == atob and btoa from buffer and their errors
const { atob, btoa } = require('buffer');
console.log(atob('aGk='), btoa('hi'), atob(' aGk = '), atob('aGk'));
try { btoa('€'); } catch (e) { console.log(e.name, e.code, e.message); }
try { atob('a'); } catch (e) { console.log(e.name, e.code, e.message); }
// == SlowBuffer and kMaxLength
const buffer = require('buffer');
console.log(typeof buffer.SlowBuffer, buffer.kMaxLength === buffer.constants.MAX_LENGTH, buffer.kStringMaxLength === buffer.constants.MAX_STRING_LENGTH);
// == transcode
const { transcode } = require('buffer');
console.log(transcode(Buffer.from('€'), 'utf8', 'utf16le'), transcode(Buffer.from('hé'), 'utf8', 'latin1'));
// == Buffer.copyBytesFrom
console.log(Buffer.copyBytesFrom(new Uint16Array([1, 2, 3]), 1, 1), Buffer.copyBytesFrom(new Uint8Array([5, 6, 7]), 1));
// == toLocaleString and readUIntBE aliases
const b = Buffer.from('x');
console.log(b.toLocaleString(), b.toLocaleString === b.toString, typeof b.readUintBE, typeof b.writeUint32LE);
// == utf16le with odd lengths
console.log(Buffer.from([0x61, 0x00, 0x62]).toString('utf16le'), Buffer.from('ab', 'utf16le').toString('hex'));
// == latin1 of code points above 255
console.log(Buffer.from('Ā€', 'latin1'), Buffer.from('\u00ff', 'latin1'), Buffer.from('Ā', 'ascii'));
// == base64 with whitespace and padding
console.log(Buffer.from('aGVs\nbG8=', 'base64').toString(), Buffer.from('aGVsbG8', 'base64').toString(), Buffer.from('aGVsbG8===', 'base64').toString());
// == Blob basics
const blob = new Blob(['hello ', Buffer.from('world'), new Uint8Array([33])], { type: 'Text/Plain' });
console.log(blob.size, blob.type, await blob.text(), Buffer.from(await blob.arrayBuffer()).toString());
const part = blob.slice(6, 11, 'x/y');
console.log(part.size, part.type, await part.text(), await blob.slice(-1).text());
// == Blob from other blobs and strings
const inner = new Blob(['in']);
const outer = new Blob([inner, 'ner', inner]);
console.log(outer.size, await outer.text(), new Blob().size, new Blob([]).type);
// == Blob inspect and shapes
console.log(new Blob(['abc']), [new Blob([])], Object.prototype.toString.call(new Blob()), typeof Blob.prototype.stream);
// == Blob needs an iterable
for (const v of [42, 'str', {}]) {
  try { new Blob(v); console.log('ok'); } catch (e) { console.log(e.name, e.code, e.message); }
}
// == Blob stream
const blob = new Blob(['stream ', 'me']);
const chunks = [];
for await (const c of blob.stream()) chunks.push(Buffer.from(c).toString());
console.log(chunks.join(''));
// == Blob bytes
const blob = new Blob(['ab']);
console.log(typeof blob.bytes === 'function' ? await blob.bytes() : 'no bytes');
// == File
const f = new File(['content'], 'name.txt', { type: 'text/plain', lastModified: 1234 });
console.log(f.name, f.size, f.type, f.lastModified, await f.text(), f instanceof Blob);
console.log(f);
try { new File(['x']); } catch (e) { console.log(e.name, e.code, e.message); }
// == Blob and File from buffer
const { Blob: B, File: F } = require('buffer');
console.log(B === Blob, F === File);
// == Blob stream gives one chunk per part
const blob = new Blob(['ab', new Uint8Array([99, 100]), new Blob(['e', 'f'])]);
const sizes = [];
for await (const c of blob.stream()) sizes.push(c.length);
console.log(sizes, (await blob.slice(1, 5).text()));
const reader = blob.slice(1).stream().getReader();
console.log(await reader.read());
// == the deprecated Buffer constructor warns once
const a = new Buffer(3);
const b = Buffer('abc');
console.log(a, b, Buffer.isBuffer(a));
await new Promise((r) => setTimeout(r, 5));
// == write needs a string
try { Buffer.alloc(2).write(5); } catch (e) { console.log(e.name, e.code, e.message); }
try { Buffer.alloc(2).write('a', 5); } catch (e) { console.log(e.name, e.code, e.message); }
// == large round trips
const big = Buffer.alloc(100000, 'xyz');
const b64 = big.toString('base64');
console.log(b64.length, Buffer.from(b64, 'base64').equals(big), Buffer.from(big.toString('hex'), 'hex').equals(big), Buffer.byteLength(big.toString()));
// == utf8 decoding of invalid and partial sequences
const cases = [[0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xef, 0xbb, 0xbf, 0x41], [0x61, 0xff, 0x62]];
for (const c of cases) console.log(JSON.stringify(Buffer.from(c).toString()));
// == utf8 writes do not split characters
const b = Buffer.alloc(5);
console.log(b.write('aé€', 0), b, Buffer.alloc(2).write('€'), Buffer.alloc(4).write('😀x'), Buffer.from('\ud800x'));
// == readUIntLE and friends need their arguments
const b = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]);
for (const f of [() => b.readUIntLE(), () => b.readUIntLE(0, 0), () => b.readIntBE(0, 7), () => b.writeUIntLE(1, 0, 9), () => b.writeIntLE(2 ** 47, 0, 6), () => b.writeUIntBE(-1, 0, 5)]) {
  try { console.log(f()); } catch (e) { console.log(e.name, e.code, e.message); }
}
console.log(b.readUIntLE(2, 6), b.readIntBE(0, 5), b.writeIntLE(-2, 0, 6), b);
// == Buffer prototype encoding methods
const b = Buffer.from('héllo');
console.log(b.utf8Slice(0, 3), b.hexSlice(1, 3), b.latin1Slice(), b.base64Slice(), Buffer.alloc(4).utf8Write('hi', 1), typeof b.asciiWrite);
// == Buffer.of and subarray species
const b = Buffer.of(1, 2, 3);
console.log(b, b.map((x) => x * 2), b.filter((x) => x > 1) instanceof Buffer, b.subarray(1) instanceof Buffer, Buffer[Symbol.species] === Buffer);
// == parent and offset
// (Node allocates small buffers from a shared pool: where in it is not reproducible.)
const b = Buffer.alloc(4).subarray(1);
console.log(b.offset, b.parent === b.buffer, Object.keys(b).length);
