// Bundles each built-in module of the guest's Node layer (lib/**/*.js) into one CommonJS
// file with esbuild. Run by guest/build.py:
//
//     node build.mjs <node_modules dir> <output dir> <intl data dir>
//
// Every module is bundled on its own: a `require` of another built-in (by our modules or by
// the npm packages they bundle) stays a runtime `require`, so each built-in exists once per
// execution (one Buffer class, one EventEmitter) and loads only when something needs it.
// Our modules reach an npm package whose name is also a built-in's with an `npm:` prefix
// (`require('npm:buffer')`); packages that ask for the npm copy with a trailing slash
// (`require('util/')`, the browserify convention) get it too. Writes manifest.json: the
// modules' names.
//
// Intl (lib/internal/intl.js and lib/internal/intl/): the formatjs polyfills read the global
// `Intl`; in these bundles that name is the namespace's own view of itself (intl-inject.js),
// so an action that replaces the global cannot break them. The packages they share are one
// module each at run time (SHARED_INTL). `intl-data:tags/<kind>` is made from the locale data that intl-data.mjs prepared, and each locale's plural rules
// become a module of their own, internal/intl/plural/<locale>.
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const [nodeModules, outDir, intlDir] = process.argv.slice(2).map((p) => resolve(p));
const require = createRequire(join(nodeModules, 'noop.js'));
const esbuild = require('esbuild');

const here = dirname(fileURLToPath(import.meta.url));
const libDir = join(here, 'lib');

// Node's built-in module names, as packages written for Node require them.
const NODE_BUILTINS = new Set([
  'assert', 'assert/strict', 'async_hooks', 'buffer', 'child_process', 'cluster', 'console',
  'constants', 'crypto', 'dgram', 'diagnostics_channel', 'dns', 'dns/promises', 'domain',
  'events', 'fs', 'fs/promises', 'http', 'http2', 'https', 'inspector', 'module', 'net', 'os',
  'path', 'path/posix', 'path/win32', 'perf_hooks', 'process', 'punycode', 'querystring',
  'readline', 'repl', 'stream', 'stream/promises', 'stream/web', 'string_decoder', 'sys',
  'timers', 'timers/promises', 'tls', 'trace_events', 'tty', 'url', 'util', 'util/types', 'v8',
  'vm', 'wasi', 'worker_threads', 'zlib',
]);

function modulesIn(dir) {
  const found = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...modulesIn(path));
    else if (entry.endsWith('.js')) found.push(path);
  }
  return found;
}

// Node's util.inspect as node-inspect-extracted ships it differs from Node 20/22's in a few
// places, and its stand-ins for V8's internals know less than the engine does. Each patch
// replaces one exact piece of the pinned version's code; the build fails if a piece is not
// found once, so a new version of the package is looked at before it is used.
const INSPECT_PATCHES = [
  // Symbol keys print in brackets, `{ [Symbol(a)]: 1 }`, since Node 20.
  ['const e=jt(On,ae(r),Un);s=t.stylize(e,"symbol")',
    'const e=jt(On,ae(r),Un);s=`[${t.stylize(e,"symbol")}]`'],
  // An ArrayBuffer's byteLength (a DataView's byteLength, byteOffset, buffer) print as
  // ordinary keys since Node 20.
  ['return n+`{ [byteLength]: ${ur(t.stylize,e.byteLength,!1)} }`',
    'return n+`{ byteLength: ${ur(t.stylize,e.byteLength,!1)} }`'],
  ['return t.indentationLvl-=2,`${t.stylize(`[${r}]`,"string")}: ${i}`',
    'return t.indentationLvl-=2,`${t.stylize(r,"name")}: ${i}`'],
  // A promise's state and value, and a proxy's target, from the engine.
  ['getPromiseDetails:()=>[g,void 0]',
    'getPromiseDetails:(x)=>{const d=require("internal/platform").promiseState(x);'
    + 'return!d||d[0]===0?[g,void 0]:[d[0]===2?h:1,d[1]]}'],
  ['getProxyDetails:y.getProxyDetails',
    'getProxyDetails:(x,full=!0)=>{const d=require("internal/platform").proxyDetails(x);'
    + 'return d===void 0?void 0:full?d:d[0]}'],
];

const inspectPatches = {
  name: 'inspect-patches',
  setup(build) {
    build.onLoad({ filter: /node-inspect-extracted[\\/]dist[\\/]inspect\.js$/ }, (args) => {
      let text = readFileSync(args.path, 'utf8');
      for (const [from, to] of INSPECT_PATCHES) {
        const count = text.split(from).length - 1;
        if (count !== 1) throw new Error(`inspect patch found ${count} times: ${from}`);
        text = text.replace(from, () => to);
      }
      return { contents: text, loader: 'js' };
    });
  },
};

const builtins = {
  name: 'node-builtins',
  setup(build) {
    build.onResolve({ filter: /^npm:/ }, async (args) => {
      const result = await build.resolve(args.path.slice(4), {
        kind: args.kind, resolveDir: args.resolveDir,
      });
      return result;
    });
    build.onResolve({ filter: /^[a-z_/]+\/?$|^node:|^internal\// }, (args) => {
      const bare = args.path.replace(/^node:/, '');
      if (bare.startsWith('internal/')) return { path: bare, external: true };
      // `process/` is how readable-stream asks for a process shim: it gets the real one,
      // whose nextTick is Node's (the shim's is a timer).
      if (bare === 'process/') return { path: 'process', external: true };
      if (bare.endsWith('/')) return undefined; // the npm package itself
      if (bare === 'sys') return { path: 'util', external: true };
      if (NODE_BUILTINS.has(bare)) return { path: bare, external: true };
      return undefined;
    });
  },
};

const intlIndex = JSON.parse(readFileSync(join(intlDir, 'index.json'), 'utf8'));
const INTL_INJECT = join(here, 'intl-inject.js');
// npm packages several Intl modules use, each loaded once, as this module.
const SHARED_INTL = {
  '@formatjs/intl-localematcher': 'internal/intl/localematcher',
  '@formatjs/bigdecimal': 'internal/intl/bigdecimal',
};

function intlModules(self) {
  return {
    name: 'intl-modules',
    setup(build) {
      build.onResolve({ filter: /^@formatjs\/[a-z-]+$/ }, (args) => {
        const shared = SHARED_INTL[args.path];
        return shared === undefined || shared === self ? undefined : { path: shared, external: true };
      });
      build.onResolve({ filter: /^intl-data:/ }, (args) => ({
        path: args.path.slice('intl-data:'.length), namespace: 'intl-data',
      }));
      build.onLoad({ filter: /.*/, namespace: 'intl-data' }, (args) => {
        const [, kind] = args.path.split('/');
        const data = intlIndex.kinds[kind];
        if (data === undefined) throw new Error(`no intl data ${args.path}`);
        return { contents: `module.exports=JSON.parse(${JSON.stringify(JSON.stringify(data))});`,
          loader: 'js' };
      });
    },
  };
}

function bundleOptions(name) {
  const intl = name === 'internal/intl' || name.startsWith('internal/intl/');
  const plugins = [inspectPatches, builtins];
  if (intl) plugins.unshift(intlModules(name));
  const own = intl && name !== 'internal/intl' && !name.startsWith('internal/intl/plural/');
  return { plugins, inject: own ? [INTL_INJECT] : [] };
}

mkdirSync(outDir, { recursive: true });
const names = [];
const entries = modulesIn(libDir).sort().map((file) => [relative(libDir, file).replace(/\.js$/, ''), file]);
const pluralDir = join(intlDir, 'plural');
for (const file of readdirSync(pluralDir).sort()) {
  entries.push([`internal/intl/plural/${file.replace(/\.js$/, '')}`, join(pluralDir, file)]);
}
for (const [name, file] of entries) {
  const outfile = join(outDir, `${name}.js`);
  const { plugins, inject } = bundleOptions(name);
  await esbuild.build({
    entryPoints: [file],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'neutral',
    target: 'es2022',
    mainFields: ['module', 'main'],
    conditions: ['worker', 'import', 'require', 'default'],
    nodePaths: [nodeModules],
    plugins,
    inject,
    keepNames: true,
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  names.push(name);
}
writeFileSync(join(outDir, 'manifest.json'), JSON.stringify({ modules: names }, null, 1));
