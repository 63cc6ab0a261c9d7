#!/usr/bin/env node
/**
 * Partial-parse benchmark: `dailies parse` in a fresh process (whole process, wall time) on a
 * generated project, for each size:
 *   - full:      `parse --no-partial-parse` (the cold parse, no cache involved)
 *   - changed:   one model file edited, then `parse` (today a full parse that also hashes the files and refreshes the cache)
 *   - unchanged: `parse` again with nothing changed (the cached manifest is reused)
 *
 *   npm run build && node bench/partial-parse.bench.js [--sizes 1000,10000] [--runs 3]
 *
 * Prints a Markdown table for bench/RESULTS.md.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './generate-project.js';
import { describeMachine } from './compile.bench.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const outRoot = path.join(here, 'out');
const bin = path.join(here, '..', 'bin', 'dailies.js');

function parseArgs(argv) {
  const options = { sizes: [1000, 10000], runs: 3 };
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] === '--sizes') options.sizes = argv[i + 1].split(',').map(Number);
    else if (argv[i] === '--runs') options.runs = Number(argv[i + 1]);
    else throw new Error(`unknown argument ${argv[i]}; usage: node bench/partial-parse.bench.js [--sizes 1000,10000] [--runs 3]`);
  }
  return options;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** One `dailies parse` in a fresh process: wall ms, and whether it reused the cache. */
function parse(dir, extra = []) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [bin, 'parse', '--project-dir', dir, '--profiles-dir', dir, ...extra], { encoding: 'utf8' });
  const wallMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`dailies parse failed:\n${result.stderr}`);
  return { wallMs, reused: result.stdout.includes('reused') };
}

const options = parseArgs(process.argv.slice(2));
console.log(describeMachine());
console.log(`load average at start: ${os.loadavg().map((n) => n.toFixed(2)).join(', ')}\n`);
console.log('| models | full parse (--no-partial-parse) | one model changed | nothing changed (cache reused) | unchanged ÷ full |');
console.log('| --- | --- | --- | --- | --- |');
for (const models of options.sizes) {
  const dir = path.join(outRoot, `partial-${models}`);
  fs.rmSync(dir, { recursive: true, force: true });
  generateProject({ dir, models });
  const model = fs.readdirSync(path.join(dir, 'models', 'marts', 'g000')).find((name) => name.endsWith('.sql'));
  const modelFile = path.join(dir, 'models', 'marts', 'g000', model);
  const full = [];
  const changed = [];
  const unchanged = [];
  for (let run = 0; run < options.runs; run++) {
    full.push(parse(dir, ['--no-partial-parse']).wallMs);
    fs.appendFileSync(modelFile, `\n-- edit ${run}\n`);
    const miss = parse(dir);
    if (miss.reused) throw new Error('a changed model reused the cache');
    changed.push(miss.wallMs);
    const hit = parse(dir);
    if (!hit.reused) throw new Error('an unchanged project did not reuse the cache');
    unchanged.push(hit.wallMs);
  }
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `| ${models.toLocaleString('en')} | ${s(median(full))} | ${s(median(changed))} | ${s(median(unchanged))} | ${(median(unchanged) / median(full)).toFixed(3)} |`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}
console.log(`\nload average at end: ${os.loadavg().map((n) => n.toFixed(2)).join(', ')} (medians of ${options.runs} runs, wall time of the whole process)`);
