// The Node side of the differential tests: runs each snippet of a case file as the body of an
// action's handler, one after the other in this process, and prints one JSON line per
// snippet: what it wrote to the console (stdout and stderr interleaved, as written) and how
// it ended. Used by tests/node/differential.py:
//
//     node runner.js CASES.json EVENT.json
'use strict';
const fs = require('fs');
const Module = require('module');

const api = new Proxy({}, { get: () => new Proxy({}, { get: () => () => {} }) });
let unhandled = null;
process.on('unhandledRejection', (reason) => {
  unhandled = unhandled || { reason };
});

function describe(e) {
  return e !== null && typeof e === 'object' && 'name' in e ? `${e.name}: ${e.message}` : String(e);
}

async function runOne(source, event) {
  const chunks = [];
  const capture = (chunk) => {
    chunks.push(String(chunk));
    return true;
  };
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
  unhandled = null;
  let ended;
  try {
    const mod = new Module('/action.js', null);
    mod.filename = '/action.js';
    mod.paths = [];
    mod._compile(source, '/action.js');
    await mod.exports.onExecutePostChallenge(event, api);
    await new Promise((resolve) => setImmediate(resolve));
    ended = unhandled ? { ok: false, error: describe(unhandled.reason) } : { ok: true };
  } catch (e) {
    ended = { ok: false, error: describe(e) };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  return { text: chunks.join('').replace(/\n$/, ''), ...ended };
}

(async () => {
  const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const event = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
  for (const c of cases) {
    const result = await runOne(c.source, structuredClone(event));
    process.stdout.write(`${JSON.stringify({ name: c.name, ...result })}\n`);
  }
})();
