// The Node side of the differential tests: runs each snippet of a case file as the body of an
// action's handler, one after the other in this process, and prints one JSON line per
// snippet: what it wrote to the console (stdout and stderr interleaved, as written) and how
// it ended. Used by tests/node/differential.py:
//
//     node runner.js CASES.json EVENT.json
//
// A snippet ends as an action does in Node: when its handler settles, or at its first
// unhandled rejection or uncaught exception (which would end the process). Each snippet runs
// in its own async context: what it writes after it ended (a timer it left behind) is
// dropped, and a rejection it leaves behind is not blamed on the next snippet.
'use strict';
const fs = require('fs');
const Module = require('module');
const { AsyncLocalStorage } = require('async_hooks');

const api = new Proxy({}, { get: () => new Proxy({}, { get: () => () => {} }) });
const context = new AsyncLocalStorage();
const stdoutWrite = process.stdout.write;

function describe(e) {
  return e !== null && typeof e === 'object' && 'name' in e ? `${e.name}: ${e.message}` : String(e);
}

function capture(chunk) {
  const run = context.getStore();
  if (run !== undefined && !run.over) run.chunks.push(String(chunk));
  return true;
}

// An unhandled rejection or uncaught exception ends the snippet it came from.
function crash(reason) {
  const run = context.getStore();
  if (run === undefined || run.over) return;
  run.over = true;
  run.crashed({ ok: false, error: describe(reason) });
}

async function handle(source, event) {
  const mod = new Module('/action.js', null);
  mod.filename = '/action.js';
  mod.paths = [];
  mod._compile(source, '/action.js');
  await mod.exports.onExecutePostChallenge(event, api);
  await new Promise((resolve) => setImmediate(resolve));
  return { ok: true };
}

async function runOne(source, event) {
  const run = { chunks: [], over: false, crashed: null };
  const crashed = new Promise((resolve) => { run.crashed = resolve; });
  const ended = await context.run(run, () => Promise.race([handle(source, event), crashed])
    .catch((e) => ({ ok: false, error: describe(e) })));
  run.over = true;
  return { text: run.chunks.join('').replace(/\n$/, ''), ...ended };
}

(async () => {
  const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const event = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
  process.on('unhandledRejection', crash);
  process.on('uncaughtException', crash);
  process.stdout.write = capture;
  process.stderr.write = capture;
  for (const c of cases) {
    const result = await runOne(c.source, structuredClone(event));
    stdoutWrite.call(process.stdout, `${JSON.stringify({ name: c.name, ...result })}\n`);
  }
})();
