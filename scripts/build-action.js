#!/usr/bin/env node
/**
 * Bundles the GitHub Action (src/action/main.ts) into dist/index.js with esbuild.
 *
 * Kept out of the bundle, so the Action needs the repository's node_modules at run time (the
 * workflows run `npm ci` before `uses: ./`):
 *   - @duckdb/* and snowflake-sdk: native bindings that cannot be bundled;
 *   - nunjucks: the compiler loads `nunjucks/src/transformer` at run time with require(), and it
 *     must be the same copy of nunjucks as the rest of the compiler uses.
 * Built-in macro .sql files are read from src/compiler/builtin-macros/ of the checkout, found by
 * walking up from dist/ to package.json.
 *
 * The output is deterministic (no timestamps, no absolute paths): `node scripts/check-dist.js`
 * rebuilds into a temporary folder and compares with the committed dist/.
 *
 * Usage: node scripts/build-action.js [outdir]   (default: dist)
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const EXTERNAL = ['@duckdb/*', 'snowflake-sdk', 'nunjucks'];

const BANNER = [
  '// dailies GitHub Action, bundled by scripts/build-action.js from src/action/main.ts. Do not edit.',
  "import { createRequire as __dailiesCreateRequire } from 'node:module';",
  'const require = __dailiesCreateRequire(import.meta.url);',
].join('\n');

/** Builds dist/index.js (or `<outdir>/index.js`); returns the file written. */
export async function buildAction(outdir = path.join(repoRoot, 'dist')) {
  mkdirSync(outdir, { recursive: true });
  const outfile = path.join(outdir, 'index.js');
  await build({
    absWorkingDir: repoRoot,
    entryPoints: ['src/action/main.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    banner: { js: BANNER },
    legalComments: 'none',
    sourcemap: false,
    minify: false,
    charset: 'utf8',
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outdir = process.argv[2] ? path.resolve(process.argv[2]) : undefined;
  const file = await buildAction(outdir);
  console.log(`built ${path.relative(process.cwd(), file) || file}`);
}
