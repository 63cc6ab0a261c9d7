#!/usr/bin/env node
/**
 * Bundles the docs site's app (docs-site/src/main.ts, with its libraries and the selection code
 * of src/graph/) into docs-site/dist/ with esbuild: index.html, app.js, app.css. No CDN: the
 * bundle is all the site needs besides the JSON `dailies docs generate` writes next to it.
 *
 * docs-site/dist/ is not committed: `npm install`/`npm ci` build it through `prepare`, and so
 * does the browser test before it runs. `dailies docs generate` copies it into target/site/.
 *
 * Usage: node scripts/build-site.js [outdir]   (default: docs-site/dist)
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Builds the site's app into `outdir`; returns the folder. */
export async function buildSite(outdir = path.join(repoRoot, 'docs-site', 'dist')) {
  rmSync(outdir, { recursive: true, force: true }); // no chunks of an earlier build left behind
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    absWorkingDir: repoRoot,
    metafile: true,
    entryPoints: { app: 'docs-site/src/main.ts' },
    outdir,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    // ECharts goes into its own chunk, loaded when a dashboard is first opened.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    target: 'es2022',
    // src/graph's state comparison imports node:crypto; the site gets that comparison precomputed.
    alias: { 'node:crypto': './docs-site/src/shims/node-crypto.ts' },
    minify: true,
    legalComments: 'linked',
    sourcemap: false,
    charset: 'utf8',
    logLevel: 'warning',
  });
  // The chunks app.js imports statically are fetched with it, not after it.
  const app = Object.entries(result.metafile.outputs).find(([, output]) => output.entryPoint === 'docs-site/src/main.ts');
  const preloads = (app?.[1].imports ?? [])
    .filter((entry) => entry.kind === 'import-statement')
    .map((entry) => `  <link rel="modulepreload" href="${path.relative(outdir, path.resolve(repoRoot, entry.path)).split(path.sep).join('/')}">`);
  const html = readFileSync(path.join(repoRoot, 'docs-site', 'index.html'), 'utf8').replace('</head>', `${preloads.map((line) => `${line}\n`).join('')}</head>`);
  writeFileSync(path.join(outdir, 'index.html'), html);
  copyFileSync(path.join(repoRoot, 'docs-site', 'app.css'), path.join(outdir, 'app.css'));
  return outdir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outdir = await buildSite(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  console.log(`built ${path.relative(process.cwd(), outdir) || outdir}`);
}
