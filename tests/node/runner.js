// The Node side of the differential tests: runs each snippet of a case file as the body of an
// action's handler and prints one JSON line per snippet: what it wrote to the console
// (stdout and stderr interleaved, as written) and how it ended. Used by
// tests/node/differential.py:
//
//     node runner.js CASES.json EVENT.json
//
// Each snippet runs in a worker thread of its own, as each runs in a fresh instance in the
// sandbox: nothing one does (a listener on process, a warning already shown once, a module's
// state) is seen by the next. A snippet ends as an action does in Node: when its handler
// settles, or at its first unhandled rejection or uncaught exception (which would end the
// process); what it writes after that is dropped.
'use strict';
const fs = require('fs');
const Module = require('module');
const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');

const SNIPPET_TIMEOUT_MS = 30000;

function describe(e) {
  return e !== null && typeof e === 'object' && 'name' in e ? `${e.name}: ${e.message}` : String(e);
}

// ---- in the worker: one snippet
async function handle(source, event) {
  const api = new Proxy({}, { get: () => new Proxy({}, { get: () => () => {} }) });
  const mod = new Module('/action.js', null);
  mod.filename = '/action.js';
  mod.paths = [];
  mod._compile(source, '/action.js');
  await mod.exports.onExecutePostChallenge(event, api);
  await new Promise((resolve) => setImmediate(resolve));
  return { ok: true };
}

function runSnippet({ source, event }) {
  const chunks = [];
  let over = false;
  const finish = (ended) => {
    if (over) return;
    over = true;
    parentPort.postMessage({ text: chunks.join('').replace(/\n$/, ''), ...ended });
  };
  const capture = (chunk) => {
    if (!over) chunks.push(String(chunk));
    return true;
  };
  process.stdout.write = capture;
  process.stderr.write = capture;
  process.on('unhandledRejection', (reason) => finish({ ok: false, error: describe(reason) }));
  process.on('uncaughtException', (err) => finish({ ok: false, error: describe(err) }));
  // Called from within a promise job, as the sandbox calls it (guest/runtime/runtime.c, drain).
  Promise.resolve().then(() => handle(source, event))
    .then(finish, (e) => finish({ ok: false, error: describe(e) }));
}

// ---- in the main thread: every snippet of the file, one worker each, in order
function runInWorker(source, event) {
  return new Promise((resolve) => {
    const worker = new Worker(__filename, { workerData: { source, event }, stdout: true, stderr: true });
    const timer = setTimeout(() => {
      resolve({ text: '', ok: false, error: 'runner: the snippet did not end' });
      worker.terminate();
    }, SNIPPET_TIMEOUT_MS);
    worker.once('message', (result) => {
      clearTimeout(timer);
      resolve(result);
      worker.terminate();
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      resolve({ text: '', ok: false, error: `runner: ${describe(e)}` });
    });
    // Nothing left to run and the handler never settled: Node would exit here.
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve({ text: '', ok: false, error: 'runner: the handler never settled' });
    });
  });
}

async function main() {
  const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const event = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
  for (const c of cases) {
    const result = await runInWorker(c.source, event);
    process.stdout.write(`${JSON.stringify({ name: c.name, ...result })}\n`);
  }
}

if (isMainThread) main();
else runSnippet(workerData);
