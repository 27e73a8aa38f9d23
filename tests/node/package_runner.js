// The Node side of the differential tests of actions with npm dependencies: requires one
// action file (its packages installed beside it by npm), runs its handler on an event and
// prints one JSON line: what it wrote to the console and how it ended (as runner.js does).
//
//     node package_runner.js ACTION.js EVENT.json
'use strict';
const fs = require('fs');
const path = require('path');

const api = new Proxy({}, { get: () => new Proxy({}, { get: () => () => {} }) });

function describe(e) {
  return e !== null && typeof e === 'object' && 'name' in e ? `${e.name}: ${e.message}` : String(e);
}

(async () => {
  const event = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
  const chunks = [];
  const capture = (chunk) => {
    chunks.push(String(chunk));
    return true;
  };
  const out = process.stdout.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
  let ended;
  try {
    const action = require(path.resolve(process.argv[2]));
    await action.onExecutePostChallenge(event, api);
    ended = { ok: true };
  } catch (e) {
    ended = { ok: false, error: describe(e) };
  }
  process.stdout.write = out;
  process.stdout.write(`${JSON.stringify({ text: chunks.join('').replace(/\n$/, ''), ...ended })}\n`);
})();
