#!/usr/bin/env node
/**
 * Bundles the command line (lib/cli/main.js and everything it imports from lib/) into
 * lib/cli-bundle/ with esbuild, after `tsc` has built lib/: one file for what every command
 * loads, one chunk per lazily imported part (the runner, the warehouses, deps, docs, …);
 * npm packages stay imports of node_modules. Why: Node resolves, reads and compiles each ES
 * module on its own, and the ~150 modules a `dailies parse` loads from lib/ cost ≈ 40 ms of CPU
 * at every start-up on Node 20 (bench/RESULTS.md, "Cold parse"). bin/dailies.js runs the bundle
 * when it is there, else lib/cli/main.js (e.g. after a bare `tsc`). The code is the same: the
 * bundle is only lib/ in fewer files (tests run the sources).
 *
 * The bundle's chunks sit two folders below the package root, like lib/<area>/*.js, so paths
 * made from `import.meta.url` (the docs site's assets, the built-in macros) resolve alike.
 *
 * Usage: node scripts/build-cli.js   (run by `npm run build`)
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_BUNDLE_DIR = path.join(repoRoot, 'lib', 'cli-bundle');

export async function buildCli() {
  rmSync(CLI_BUNDLE_DIR, { recursive: true, force: true });
  await build({
    entryPoints: { main: path.join(repoRoot, 'lib', 'cli', 'main.js') },
    outdir: CLI_BUNDLE_DIR,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildCli();
  console.log(`built ${path.relative(process.cwd(), path.join(CLI_BUNDLE_DIR, 'main.js'))}`);
}
