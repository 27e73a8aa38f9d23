// Bundles one action and the npm packages it requires into one CommonJS program, with
// esbuild, for the executor's packaging (executor/packaging/bundler.py):
//
//     node bundle.mjs <esbuild's node_modules> < request.json > result.json
//
// request: {source, sourcefile ('action.js' | 'action.ts'), loader ('js' | 'ts'),
//           workdir (the installed tree: node_modules is there), available: [built-in]}
// result:  {code, map, warnings} or {errors} (exit status 1)
//
// Resolution, as a fetch-based runtime with Node's built-ins wants it:
// - A Node built-in the runtime has (`available`, the guest's lib/) stays a runtime
//   `require`, whatever a package's `browser` field says: one Buffer, one EventEmitter.
// - A built-in the runtime cannot have (fs, http, net...) becomes an empty module where the
//   requiring package's `browser` field maps it to false (the package's own statement that
//   it works without), and a runtime `require` otherwise (which then fails, saying why).
// - Packages resolve with the `worker` and `browser` conditions and the `browser` main
//   field first: libraries take their fetch-based paths (axios's fetch adapter instead of
//   its `http` one, node-fetch's global fetch).
// - Nothing may come from outside the installed tree (esbuild looks for node_modules in
//   every parent directory): an input outside it fails the build.
import { readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { isAbsolute, join } from 'node:path';

const esbuild = createRequire(join(process.argv[2], 'noop.js'))('esbuild');
const request = JSON.parse(readFileSync(0, 'utf8'));
const available = new Set(request.available);
const builtin = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
for (const name of available) builtin.add(name).add(`node:${name}`);
const AGAIN = Symbol('resolve again');

const builtins = {
  name: 'node-builtins',
  setup(build) {
    build.onResolve({ filter: /^[a-z_:/0-9]+$/ }, async (args) => {
      const isBuiltin = builtin.has(args.path) || args.path.startsWith('node:');
      if (!isBuiltin || args.pluginData === AGAIN) return undefined;
      const bare = args.path.startsWith('node:') ? args.path.slice(5) : args.path;
      if (available.has(bare) || bare === 'sys') return { path: args.path, external: true };
      const own = await build.resolve(bare, {
        kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: AGAIN,
      });
      if (own.errors.length > 0 || own.external) return { path: args.path, external: true };
      // The browser field maps it to a file of the package's, or to `false` (disabled): an
      // empty module, as esbuild makes for a browser build.
      return isAbsolute(own.path) ? own : { path: bare, namespace: 'disabled' };
    });
    build.onLoad({ filter: /.*/, namespace: 'disabled' }, () => ({
      contents: 'module.exports = {};', loader: 'js',
    }));
  },
};

function message(m) {
  const at = m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}: ` : '';
  return `${at}${m.text}`;
}

try {
  const result = await esbuild.build({
    stdin: {
      contents: request.source,
      sourcefile: request.sourcefile,
      loader: request.loader,
      resolveDir: request.workdir,
    },
    absWorkingDir: request.workdir,
    outfile: join(request.workdir, 'action.bundle.js'),
    write: false,
    bundle: true,
    format: 'cjs',
    platform: 'browser',
    conditions: ['worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    target: 'es2022',
    // No NODE_ENV baked in (esbuild's browser default): the runtime's process.env decides,
    // as in Node.
    define: { 'process.env.NODE_ENV': 'process.env.NODE_ENV' },
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    sourcemap: 'external',
    sourcesContent: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [builtins],
  });
  const outside = Object.keys(result.metafile.inputs).filter((p) => p.startsWith('..'));
  if (outside.length > 0) {
    throw { errors: outside.map((p) => ({ text: `${p} is outside the declared dependencies` })) };
  }
  const out = {};
  for (const file of result.outputFiles) out[file.path.endsWith('.map') ? 'map' : 'code'] = file.text;
  out.warnings = result.warnings.map(message);
  process.stdout.write(JSON.stringify(out));
} catch (e) {
  const errors = (e && e.errors) || [{ text: String(e && e.message || e) }];
  process.stdout.write(JSON.stringify({ errors: errors.map(message) }));
  process.exitCode = 1;
}
