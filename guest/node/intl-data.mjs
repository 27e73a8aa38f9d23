// Turns the formatjs polyfills' locale data into what the sandbox serves the guest's Intl on demand (guest/node/lib/internal/intl.js). Run by guest/build.py, once per
// lockfile:
//
//     node intl-data.mjs <node_modules dir> <output dir>
//
// The packages ship their data as scripts that call `Intl.X.__addLocaleData(...)`; loading
// all of it into every execution would cost megabytes. Instead each locale's data becomes
// one JSON file the host hands over when an action first formats for that locale:
//
//     <kind>/<file>.json      one locale's data (kind: numberformat, listformat, ...)
//     plural/<file>.js        one locale's plural rules: a CommonJS module (the rules are
//                             functions, so they travel as bytecode, not JSON)
//     index.json              per kind, every locale tag the polyfill would accept and the
//                             file that serves it
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [nodeModules, outDir] = process.argv.slice(2).map((p) => resolve(p));
const formatjs = join(nodeModules, '@formatjs');

// The Intl member each package's data scripts call, and the ponyfill export that registers
// data the way the guest will (to learn which tags each file serves).
const KINDS = {
  numberformat: ['intl-numberformat', 'NumberFormat', 'NumberFormat'],
  relativetimeformat: ['intl-relativetimeformat', 'RelativeTimeFormat', 'default'],
  listformat: ['intl-listformat', 'ListFormat', 'default'],
  pluralrules: ['intl-pluralrules', 'PluralRules', 'PluralRules'],
};

// Runs one data script against a stand-in Intl and returns what it registered.
function captured(file, member) {
  const entries = [];
  const stub = { [member]: { __addLocaleData: (...data) => entries.push(...data) } };
  new Function('Intl', readFileSync(file, 'utf8'))(stub);
  return { entries };
}

function write(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

// A plural-rules entry as a module: JSON with the rule function spliced in as source.
function pluralModule(data) {
  const { fn, ...rest } = data;
  const json = JSON.stringify(rest);
  return `'use strict';\nmodule.exports = ${json.slice(0, -1)},"fn":${fn.toString()}};\n`;
}

// Registers every file with the ponyfill, as the guest will one at a time, and reads back
// which file's data each accepted tag ends up with (aliases such as de-DE for de, and
// parents such as zh for zh-Hans, come from the polyfill's own rules).
function tagsOf(Ponyfill, files) {
  const owner = new Map();
  for (const [file, entry] of files) {
    Ponyfill.__addLocaleData(entry);
    owner.set(Ponyfill.localeData[file], file);
  }
  const tags = {};
  for (const tag of Ponyfill.availableLocales) {
    const file = owner.get(Ponyfill.localeData[tag]);
    if (file !== undefined) tags[tag] = file;
  }
  return tags;
}

const index = { kinds: {} };
for (const [kind, [pkg, member, exported]] of Object.entries(KINDS)) {
  const dir = join(formatjs, pkg, 'locale-data');
  const names = readdirSync(dir).filter((n) => n.endsWith('.js')).map((n) => n.slice(0, -3)).sort();
  const files = [];
  for (const name of names) {
    const { entries } = captured(join(dir, `${name}.js`), member);
    if (entries.length !== 1 || entries[0].locale !== name) {
      throw new Error(`${pkg}/locale-data/${name}.js registers ${entries.map((e) => e.locale)}`);
    }
    const entry = entries[0];
    files.push([name, entry]);
    if (kind === 'pluralrules') write(join(outDir, 'plural', `${name}.js`), pluralModule(entry.data));
    else write(join(outDir, kind, `${name}.json`), JSON.stringify(entry.data));
  }
  const module = await import(pathToFileURL(join(formatjs, pkg, 'index.js')).href);
  index.kinds[kind] = tagsOf(module[exported], files);
}

write(join(outDir, 'index.json'), JSON.stringify(index));
