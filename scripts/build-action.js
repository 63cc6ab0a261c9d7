#!/usr/bin/env node
/**
 * Bundles the GitHub Action into dist/ with esbuild, self-contained: a repository that says
 * `uses: <owner>/dailies@v1` needs nothing else (no `npm ci`, no node_modules).
 *
 *   dist/index.js            the launcher (src/action/launcher/): installs DuckDB's native binding
 *                            for the runner's platform into dist/native/ (pinned version and
 *                            sha512 integrity, checked), then imports dist/action.js;
 *   dist/action.js           the Action (src/action/main.ts) with every pure-JS dependency bundled
 *                            in: nunjucks, yaml, js-yaml, diff, @actions/*, @aws-sdk/*, and
 *                            snowflake-sdk once the Snowflake adapter imports it (BUNDLED below);
 *   dist/duckdb-bindings.json the pinned native packages, one per platform, from package-lock.json;
 *   dist/builtin-macros/     the built-in macro .sql files (src/compiler/builtin-macros/).
 *
 * Why the native binding is downloaded rather than committed: `@duckdb/node-bindings-linux-x64`
 * is 70 MB unpacked (libduckdb.so) and 24 MB as a tarball; committed, every DuckDB upgrade would add
 * that to every clone of this repository forever and pass GitHub's 50 MB file warning. Downloaded,
 * dist/ stays small and the cost is one 24 MB fetch from the npm registry per job, verified
 * against the integrity pinned here; an air-gapped runner points
 * DAILIES_NPM_REGISTRY at its npm mirror. See docs/action.md ("How the Action is packaged").
 *
 * The output is deterministic (no timestamps, no absolute paths): `node scripts/check-dist.js`
 * rebuilds into a temporary folder and compares with the committed dist/.
 *
 * Usage: node scripts/build-action.js [outdir]   (default: dist)
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Left out of dist/action.js. Only optional modules nothing we run loads: nunjucks's file watcher
 * (chokidar, fsevents). Everything else is bundled.
 */
export const EXTERNAL = ['chokidar', 'fsevents'];

/**
 * SNOWFLAKE: `snowflake-sdk` is pure JavaScript and is bundled like every other dependency (it is
 * deliberately NOT in EXTERNAL): about +5 MB to dist/action.js (3.4.1 bundles to 7.7 MB alone,
 * much of it shared @aws-sdk code). It needs `__dirname` (see BANNER). If it ever needs a file at
 * run time that esbuild cannot see (e.g. a certificate bundle read with fs), copy it in
 * `copyRuntimeFiles` below.
 */
export const BUNDLED_WAREHOUSE_SDKS = ['@duckdb/node-api', 'snowflake-sdk'];

/** The native DuckDB packages pinned into dist/duckdb-bindings.json, by `<platform>-<arch>` (glibc on Linux). */
const BINDING_PLATFORMS = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64', 'win32-arm64'];

/**
 * CommonJS globals for bundled CommonJS code. snowflake-sdk needs `__dirname` at load time (a
 * dependency of its browser authenticator computes a path with it): checked by bundling
 * snowflake-sdk 3.4.1 and creating a connection from the bundle alone.
 */
const BANNER = [
  '// dailies GitHub Action, bundled by scripts/build-action.js. Do not edit.',
  "import { createRequire as __dailiesCreateRequire } from 'node:module';",
  "import { fileURLToPath as __dailiesFileURLToPath } from 'node:url';",
  "import { dirname as __dailiesDirname } from 'node:path';",
  'const require = __dailiesCreateRequire(import.meta.url);',
  'const __filename = __dailiesFileURLToPath(import.meta.url);',
  'const __dirname = __dailiesDirname(__filename);',
].join('\n');

const common = {
  absWorkingDir: repoRoot,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  banner: { js: BANNER },
  legalComments: 'none',
  sourcemap: false,
  minify: false,
  charset: 'utf8',
  logLevel: 'warning',
};

/** Version and integrity of each platform's DuckDB binding, as package-lock.json pins them. */
export function pinnedBindings() {
  const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8'));
  const pins = {};
  for (const key of BINDING_PLATFORMS) {
    const name = `@duckdb/node-bindings-${key}`;
    const entry = lock.packages[`node_modules/${name}`];
    if (!entry?.version || !entry.integrity) throw new Error(`package-lock.json does not pin ${name}`);
    pins[key] = { name, version: entry.version, integrity: entry.integrity };
  }
  return pins;
}

function copyRuntimeFiles(outdir) {
  const macros = path.join(repoRoot, 'src', 'compiler', 'builtin-macros');
  const target = path.join(outdir, 'builtin-macros');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const name of readdirSync(macros).filter((file) => file.endsWith('.sql')).sort()) copyFileSync(path.join(macros, name), path.join(target, name));
  writeFileSync(path.join(outdir, 'duckdb-bindings.json'), `${JSON.stringify(pinnedBindings(), null, 2)}\n`);
}

/** Imports the bundles left to run time (Node built-ins, EXTERNAL, and optional requires esbuild could not resolve). */
export const externalImports = (...results) =>
  [...new Set(results.flatMap((result) => Object.values(result.metafile.outputs).flatMap((output) => output.imports.filter((item) => item.external).map((item) => item.path))))].sort();

/** Builds dist/ (or `outdir`); returns the launcher's path (`<outdir>/index.js`) and what the bundles import at run time. */
export async function buildAction(outdir = path.join(repoRoot, 'dist')) {
  mkdirSync(outdir, { recursive: true });
  const launcher = await build({ ...common, metafile: true, entryPoints: ['src/action/launcher/launcher.ts'], outfile: path.join(outdir, 'index.js') });
  const action = await build({
    metafile: true,
    ...common,
    entryPoints: ['src/action/main.ts'],
    outfile: path.join(outdir, 'action.js'),
    external: EXTERNAL,
    // The native binding comes from dist/index.js at run time (DAILIES_DUCKDB_BINDING).
    alias: { '@duckdb/node-bindings': './scripts/action/duckdb-bindings-shim.cjs' },
  });
  copyRuntimeFiles(outdir);
  return { file: path.join(outdir, 'index.js'), externals: externalImports(launcher, action) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outdir = process.argv[2] ? path.resolve(process.argv[2]) : undefined;
  const { file } = await buildAction(outdir);
  console.log(`built ${path.relative(process.cwd(), file) || file}`);
}
