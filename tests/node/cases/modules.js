// == os basics
const os = require('os');
console.log(os.EOL === '\n', typeof os.hostname(), os.platform(), os.type(), os.arch(), os.endianness(), typeof os.release());
console.log(typeof os.tmpdir(), typeof os.homedir(), Array.isArray(os.cpus()), typeof os.totalmem(), typeof os.freemem(), typeof os.uptime(), os.loadavg().length);
console.log(typeof os.networkInterfaces(), typeof os.userInfo().username, os.devNull, typeof os.availableParallelism(), typeof os.machine(), typeof os.version());
// == os.constants
const os = require('os');
console.log(typeof os.constants, typeof os.constants.signals, typeof os.constants.errno, os.constants.signals.SIGTERM, os.constants.errno.ENOENT, os.constants.priority.PRIORITY_LOW);
// == diagnostics_channel publish and subscribe
const dc = require('diagnostics_channel');
const ch = dc.channel('my-channel');
console.log(ch.name, ch.hasSubscribers, dc.hasSubscribers('my-channel'));
const onMessage = (msg, name) => console.log('got', msg, name);
dc.subscribe('my-channel', onMessage);
console.log(ch.hasSubscribers, dc.hasSubscribers('my-channel'), dc.channel('my-channel') === ch);
ch.publish({ hello: 'world' });
console.log(dc.unsubscribe('my-channel', onMessage), dc.unsubscribe('my-channel', onMessage), ch.hasSubscribers);
ch.publish('nobody hears');
// == diagnostics_channel Channel subscribe and symbols
const dc = require('diagnostics_channel');
const sym = Symbol('sym-channel');
const ch = dc.channel(sym);
ch.subscribe((m) => console.log('symbol channel', m));
ch.publish(1);
console.log(typeof ch.name, ch instanceof dc.Channel, typeof ch.bindStore, typeof ch.runStores);
try { dc.channel(42); } catch (e) { console.log(e.name, e.code, e.message); }
try { dc.subscribe('x', 'not a function'); } catch (e) { console.log(e.name, e.code, e.message); }
// == diagnostics_channel tracingChannel
const dc = require('diagnostics_channel');
const tc = dc.tracingChannel('op');
const events = [];
tc.subscribe({
  start: (m) => events.push(['start', m.arg]),
  end: (m) => events.push(['end', m.result]),
  asyncStart: () => events.push(['asyncStart']),
  asyncEnd: () => events.push(['asyncEnd']),
  error: (m) => events.push(['error', m.error.message]),
});
console.log(tc.traceSync((x) => x * 2, { arg: 21 }));
try { tc.traceSync(() => { throw new Error('sync fail'); }, { arg: 0 }); } catch (e) { console.log('thrown', e.message); }
console.log(await tc.tracePromise(async (x) => x + 1, { arg: 1 }));
console.log(events);
console.log(typeof tc.start.publish, tc.start.name, tc.hasSubscribers);
// == punycode
const punycode = require('punycode');
console.log(punycode.encode('mañana'), punycode.decode('maana-pta'), punycode.toASCII('mañana.com'), punycode.toUnicode('xn--maana-pta.com'), punycode.version);
console.log(punycode.ucs2.decode('☃😀'), punycode.ucs2.encode([0x2603, 0x1f600]));
// == punycode deprecation
require('punycode');
await new Promise((r) => setTimeout(r, 5));
// == string_decoder in depth
const { StringDecoder } = require('string_decoder');
const d = new StringDecoder('utf8');
const euro = Buffer.from('€');
console.log(JSON.stringify([d.write(euro.subarray(0, 1)), d.write(euro.subarray(1, 2)), d.write(euro.subarray(2)), d.end()]));
console.log(JSON.stringify([d.write(Buffer.from([0xf0, 0x9f])), d.end(), d.end(Buffer.from('x'))]));
const u16 = new StringDecoder('utf16le');
console.log(JSON.stringify([u16.write(Buffer.from([0x61])), u16.write(Buffer.from([0x00, 0x3d, 0xd8])), u16.write(Buffer.from([0x00, 0xde])), u16.end()]));
const b64 = new StringDecoder('base64');
console.log(b64.write(Buffer.from('a')), b64.write(Buffer.from('bc')), b64.write(Buffer.from('d')), b64.end());
console.log(new StringDecoder('latin1').write(Buffer.from([0xe9])), new StringDecoder().encoding, new StringDecoder('ucs2').encoding, new StringDecoder('binary').encoding);
try { new StringDecoder('nope'); } catch (e) { console.log(e.name, e.code, e.message); }
console.log(typeof d.lastChar, typeof d.lastNeed, typeof d.lastTotal, d.text === undefined || typeof d.text);
// == string_decoder with strings and typed arrays
const { StringDecoder } = require('string_decoder');
const d = new StringDecoder('utf8');
console.log(d.write('already a string'), d.write(new Uint8Array([0x68, 0x69])));
try { d.write(42); } catch (e) { console.log(e.name, e.code, e.message); }
