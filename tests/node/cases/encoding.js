// == TextEncoder
const enc = new TextEncoder();
console.log(enc.encoding, enc.encode('héllo €'), enc.encode(''), enc.encode('\uD800x'));
console.log(enc.encodeInto('héllo', new Uint8Array(3)));
// == TextDecoder utf-8 with replacement
const dec = new TextDecoder();
console.log(dec.encoding, dec.fatal, dec.ignoreBOM);
console.log(dec.decode(new Uint8Array([0xe2, 0x82, 0xac, 0xff, 0x41, 0xc3])));
console.log(dec.decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69])), dec.decode());
// == fatal decoding throws
try { new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array([0xff])); } catch (e) { console.log(e.name, e.code); }
// == streaming decode
const sd = new TextDecoder();
console.log(sd.decode(new Uint8Array([0xe2, 0x82]), { stream: true }) + sd.decode(new Uint8Array([0xac])));
// == other encodings
console.log(new TextDecoder('utf-16le').decode(new Uint8Array([0x68, 0, 0x69, 0])), new TextDecoder('latin1').decode(new Uint8Array([0xe9, 0x80])));
console.log(new TextDecoder('ascii').encoding, new TextDecoder('UTF8').encoding);
// == unknown encodings
try { new TextDecoder('klingon'); } catch (e) { console.log(e.name, e.code, e.message); }
// == string_decoder
const { StringDecoder } = require('string_decoder');
const sdec = new StringDecoder('utf8');
console.log(sdec.write(Buffer.from([0xe2, 0x82])), sdec.write(Buffer.from([0xac])), sdec.end());
console.log(new StringDecoder('hex').write(Buffer.from('hi')), new StringDecoder('base64').end(Buffer.from('hi')));
// == atob and btoa
console.log(btoa('hello'), atob('aGVsbG8='));
try { atob('***'); } catch (e) { console.log(e.name); }
// == TextDecoder labels
for (const label of ['utf8', 'UTF-8', ' utf-8 ', 'unicode-1-1-utf-8', 'utf-16', 'utf-16le', 'ucs-2', 'latin1', 'iso-8859-1', 'ascii', 'us-ascii', 'windows-1252', 'cp1252', 'utf-16be']) {
  try { console.log(label, new TextDecoder(label).encoding); } catch (e) { console.log(label, e.name, e.code, e.message); }
}
// == TextDecoder options
const d = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
console.log(d.fatal, d.ignoreBOM, JSON.stringify(d.decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))));
try { new TextDecoder('utf-8', 'bad options'); } catch (e) { console.log(e.name, e.code, e.message); }
// == decode inputs of every kind
const d = new TextDecoder();
console.log(d.decode(new Uint8Array([104, 105]).buffer), d.decode(new DataView(new Uint8Array([111, 107]).buffer)), d.decode(new Uint16Array([0x6968])), d.decode(Buffer.from('buf')), d.decode(undefined), JSON.stringify(d.decode(new ArrayBuffer(0))));
try { d.decode('string'); } catch (e) { console.log(e.name, e.code, e.message); }
try { d.decode({}); } catch (e) { console.log(e.name, e.code, e.message); }
// == fatal errors in detail
const d = new TextDecoder('utf-8', { fatal: true });
for (const bytes of [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xe2, 0x82]]) {
  try { d.decode(new Uint8Array(bytes)); } catch (e) { console.log(e.name, e.code, e.message); }
}
const s = new TextDecoder('utf-8', { fatal: true });
console.log(s.decode(new Uint8Array([0xe2]), { stream: true }), s.decode(new Uint8Array([0x82, 0xac])));
// == utf-16le decoding
const d = new TextDecoder('utf-16le');
console.log(d.decode(new Uint8Array([0x3d, 0xd8, 0x00, 0xde])), JSON.stringify(d.decode(new Uint8Array([0x3d, 0xd8]))), JSON.stringify(d.decode(new Uint8Array([0x61]))));
console.log(d.decode(new Uint8Array([0xff, 0xfe, 0x61, 0x00])), JSON.stringify(new TextDecoder('utf-16le', { ignoreBOM: true }).decode(new Uint8Array([0xff, 0xfe, 0x61, 0x00]))));
// == latin1 decoding maps every byte
const bytes = new Uint8Array(256).map((_, i) => i);
const text = new TextDecoder('latin1').decode(bytes);
console.log(text.length, [...text].slice(0x7e, 0xa2).map((c) => c.charCodeAt(0).toString(16)).join(' '));
// == TextEncoder in depth
const e = new TextEncoder();
console.log(e.encode('😀'), e.encode('\uDC00'), e.encode('a\uD83Db'), e.encode(null), e.encode(undefined), e.encode(123));
console.log(e.encodeInto('😀ab', new Uint8Array(5)), e.encodeInto('', new Uint8Array(2)), e.encodeInto('abc', new Uint8Array(0)));
try { e.encodeInto('x', []); } catch (err) { console.log(err.name, err.code, err.message); }
// == inspect encoders and decoders
console.log(new TextEncoder(), new TextDecoder(), new TextDecoder('latin1', { fatal: true }));
console.log(Object.prototype.toString.call(new TextEncoder()), Object.prototype.toString.call(new TextDecoder()));
// == btoa and atob in depth
console.log(btoa(''), btoa('\u00ff\u00fe'), btoa(123), btoa(null), atob(''), JSON.stringify(atob('//79')), atob('YQ=='), atob('YQ'));
for (const bad of ['a', 'YQ=a', '====', 'YQ===', 'Y Q', '*']) {
  try { console.log(JSON.stringify(bad), JSON.stringify(atob(bad))); } catch (e) { console.log(JSON.stringify(bad), e.name, e.code, e.message); }
}
try { atob(); } catch (e) { console.log(e.name, e.code, e.message); }
try { btoa(); } catch (e) { console.log(e.name, e.code, e.message); }
