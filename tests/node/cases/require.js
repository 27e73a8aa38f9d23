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
