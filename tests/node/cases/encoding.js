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
