// == node: prefix and bare names give the same module
console.log(require('node:path') === require('path'), require('node:util') === require('util'));
console.log(require('events') === require('node:events'), typeof require('crypto').randomUUID);
// == a missing module
try { require('left-pad'); } catch (e) { console.log(e.code, e.message.split('\n')[0]); }
// == an unknown node: builtin
try { require('node:nope'); } catch (e) { console.log(e.code, e.message); }
// == require needs a string
try { require(42); } catch (e) { console.log(e.name, e.code); }
// == modules load once
const a = require('buffer');
const b = require('buffer');
console.log(a === b, a.Buffer === Buffer);
// == what every common module exports
for (const m of ['assert', 'buffer', 'events', 'path', 'querystring', 'string_decoder', 'timers', 'url', 'util']) {
  const mod = require(m);
  console.log(m, typeof mod);
}
// == util/types and assert/strict
console.log(typeof require('util/types').isDate, require('util/types') === require('util').types);
console.log(typeof require('assert/strict'), require('assert').strict === require('assert/strict'));
// == modules that cannot exist in an action
for (const m of ['fs', 'fs/promises', 'child_process', 'net', 'http', 'https', 'http2', 'tls', 'dgram', 'dns', 'zlib', 'vm', 'v8', 'worker_threads', 'cluster', 'readline', 'tty', 'module', 'async_hooks', 'inspector', 'repl']) {
  try { require(m); console.log(m, 'loaded'); } catch (e) { console.log(m, e.code); }
}
try { require('node:fs'); console.log('node:fs loaded'); } catch (e) { console.log(e.name, e.code, e.message); }
// known: the platform refuses these modules, saying why (ERR_ACTION_MODULE_UNAVAILABLE); node loads them
// == require with node: prefix of unknown modules
try { require('node:not-a-module'); } catch (e) { console.log(e.name, e.code, e.message); }
try { require('node:'); } catch (e) { console.log(e.name, e.code, e.message); }
// == require errors printed
try { require('missing-package'); } catch (e) { console.log(e.code, e.requireStack, e.message.split('\n')[0]); }
try { require(''); } catch (e) { console.log(e.name, e.code, e.message); }
try { require(null); } catch (e) { console.log(e.name, e.code, e.message); }
try { require({}); } catch (e) { console.log(e.name, e.code, e.message); }
// == require.resolve of built-ins
console.log(require.resolve('path'), require.resolve('node:url'), typeof require.cache);
try { require.resolve('nope-nope'); } catch (e) { console.log(e.code); }
// == every available built-in loads
for (const m of ['assert', 'assert/strict', 'buffer', 'console', 'diagnostics_channel', 'events', 'os', 'path', 'path/posix', 'perf_hooks', 'process', 'punycode', 'querystring', 'stream', 'stream/promises', 'stream/web', 'string_decoder', 'timers', 'timers/promises', 'url', 'util', 'util/types']) {
  const mod = require(m);
  console.log(m, typeof mod, require(`node:${m}`) === mod);
}
// == sys is util
console.log(require('sys') === require('util'));
// == module and exports in the action
console.log(typeof module, typeof exports, typeof require, typeof __filename, typeof __dirname, module.exports === exports);
console.log(__filename, __dirname);
