#!/usr/bin/env node
/**
 * Partial-parse benchmark: `dailies parse` in a fresh process (whole process, wall time) on a
 * generated project, for each size:
 *   - cold:      `parse --no-partial-parse` (a full parse, no cache involved)
 *   - warm:      one model file edited, then `parse` (a partial parse: only that model is rendered
 *                again; the rest of the pipeline, loading, graph, compile of the rest, manifest write, runs)
 *   - unchanged: `parse` again with nothing changed (the cached manifest is reused)
 *   - watch:     the same one-file edit seen by a running `parse --watch` (no process start-up;
 *                the model is hot-patched into the kept manifest; the time the watch line reports)
 * Cold, warm and unchanged runs alternate, so each ratio compares runs made under the same load.
 *
 *   npm run build && node bench/partial-parse.bench.js [--sizes 1000,10000] [--runs 3]
 *
 * Prints a Markdown table for bench/RESULTS.md.
 */
import { spawn, spawnSync } from 'node:child_process';
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

/** One `dailies parse` in a fresh process: wall ms, and whether it reused the cache or was partial. */
function parse(dir, extra = []) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [bin, 'parse', '--project-dir', dir, '--profiles-dir', dir, ...extra], { encoding: 'utf8' });
  const wallMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`dailies parse failed:\n${result.stderr}`);
  return { wallMs, reused: result.stdout.includes('reused'), partial: /partial parse: 1 of/.test(result.stdout) };
}

/** `parse --watch` on `dir`: the seconds it reports for each of `runs` one-line edits of `file`. */
async function watchTimes(dir, file, runs) {
  const child = spawn(process.execPath, [bin, 'parse', '--watch', '--project-dir', dir, '--profiles-dir', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk.toString()));
  const lines = () => output.split('\n').filter((line) => line.includes('parsed in') || line.includes('error after'));
  const waitFor = async (count) => {
    while (lines().length < count) {
      if (child.exitCode !== null) throw new Error(`parse --watch exited:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return lines()[count - 1];
  };
  await waitFor(1);
  while (!output.includes('Watching')) await new Promise((resolve) => setTimeout(resolve, 20));
  const seconds = [];
  for (let run = 0; run < runs; run++) {
    fs.appendFileSync(file, `\n-- watched edit ${run}\n`);
    const line = await waitFor(run + 2);
    if (!/hot patch: 1 model/.test(line)) throw new Error(`the watch did not patch the model: ${line}`);
    seconds.push(Number(/parsed in ([\d.]+)s/.exec(line)[1]) * 1000);
  }
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  return seconds;
}

const options = parseArgs(process.argv.slice(2));
console.log(describeMachine());
console.log(`load average at start: ${os.loadavg().map((n) => n.toFixed(2)).join(', ')}\n`);
console.log('| models | cold (--no-partial-parse) | warm: one model changed | warm ÷ cold | nothing changed (cache reused) | unchanged ÷ cold | watch: one model changed (in the running process) | watch ÷ cold |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const models of options.sizes) {
  const dir = path.join(outRoot, `partial-${models}`);
  fs.rmSync(dir, { recursive: true, force: true });
  generateProject({ dir, models });
  const model = fs.readdirSync(path.join(dir, 'models', 'marts', 'g000')).find((name) => name.endsWith('.sql'));
  const modelFile = path.join(dir, 'models', 'marts', 'g000', model);
  const full = [];
  const changed = [];
  const unchanged = [];
  parse(dir); // the first parse leaves the caches the warm runs use
  for (let run = 0; run < options.runs; run++) {
    full.push(parse(dir, ['--no-partial-parse']).wallMs);
    fs.appendFileSync(modelFile, `\n-- edit ${run}\n`);
    const miss = parse(dir);
    if (miss.reused || !miss.partial) throw new Error('a changed model was not a partial parse');
    changed.push(miss.wallMs);
    const hit = parse(dir);
    if (!hit.reused) throw new Error('an unchanged project did not reuse the cache');
    unchanged.push(hit.wallMs);
  }
  const watched = await watchTimes(dir, modelFile, options.runs);
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const ratio = (ms) => (ms / median(full)).toFixed(3);
  console.log(
    `| ${models.toLocaleString('en')} | ${s(median(full))} | ${s(median(changed))} | ${ratio(median(changed))} | ${s(median(unchanged))} | ${ratio(median(unchanged))} | ${s(median(watched))} | ${ratio(median(watched))} |`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}
console.log(`\nload average at end: ${os.loadavg().map((n) => n.toFixed(2)).join(', ')} (medians of ${options.runs} runs, wall time of the whole process)`);
