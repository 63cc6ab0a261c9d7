#!/usr/bin/env node
/**
 * This build's cold `dailies parse --no-partial-parse` against another build's (`--baseline DIR`,
 * e.g. main's) on the same generated project, each a fresh process, runs alternating, whole
 * process (start-up and the manifest write included). Prints the medians and this ÷ baseline, by
 * CPU (user + system, from /usr/bin/time) and wall.
 *
 *   npm run build && node bench/parse-baseline.bench.js --baseline /work/main [--models 10000] [--runs 7]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './generate-project.js';

const here = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const options = { models: 10000, runs: 7, baseline: undefined };
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] === '--models') options.models = Number(argv[i + 1]);
    else if (argv[i] === '--runs') options.runs = Number(argv[i + 1]);
    else if (argv[i] === '--baseline') options.baseline = path.resolve(argv[i + 1]);
    else throw new Error(`unknown argument ${argv[i]}; usage: node bench/parse-baseline.bench.js --baseline DIR [--models 10000] [--runs 7]`);
  }
  if (!options.baseline) throw new Error('--baseline DIR (another dailies checkout, built) is required');
  return options;
}

const hasTime = fs.existsSync('/usr/bin/time');

function timed(bin, cwd) {
  const args = [bin, 'parse', '--no-partial-parse'];
  const [file, argv] = hasTime ? ['/usr/bin/time', ['-f', '__cpu %U %S', process.execPath, ...args]] : [process.execPath, args];
  const started = performance.now();
  const child = spawnSync(file, argv, { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wallMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`${bin} parse failed in ${cwd}:\n${child.stdout}\n${child.stderr}`);
  const cpu = child.stderr.match(/__cpu ([\d.]+) ([\d.]+)/);
  return { wallMs, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const options = parseArgs(process.argv.slice(2));
const dir = path.join(here, 'out', `dbt-parse-${options.models}`);
if (!fs.existsSync(path.join(dir, 'dbt_project.yml'))) generateProject({ dir, models: options.models });
const builds = { this: path.join(here, '..', 'bin', 'dailies.js'), baseline: path.join(options.baseline, 'bin', 'dailies.js') };
const times = { this: [], baseline: [] };
timed(builds.this, dir); // the OS's file cache, V8's compile cache
timed(builds.baseline, dir);
for (let run = 0; run < options.runs; run++) {
  for (const which of run % 2 ? ['baseline', 'this'] : ['this', 'baseline']) times[which].push(timed(builds[which], dir));
}
const cpu = (which) => median(times[which].map((time) => time.cpuMs));
const wall = (which) => median(times[which].map((time) => time.wallMs));
console.log(`${options.models} models, ${options.runs} runs each, alternating; medians`);
console.log(`| build | CPU | wall |\n|---|---:|---:|`);
for (const which of ['this', 'baseline']) console.log(`| ${which} | ${(cpu(which) / 1000).toFixed(2)} s | ${(wall(which) / 1000).toFixed(2)} s |`);
console.log(`this ÷ baseline: CPU ${(cpu('this') / cpu('baseline')).toFixed(3)}, wall ${(wall('this') / wall('baseline')).toFixed(3)}`);
console.log(`CPU per run, this: ${times.this.map((time) => (time.cpuMs / 1000).toFixed(2)).join(' ')}; baseline: ${times.baseline.map((time) => (time.cpuMs / 1000).toFixed(2)).join(' ')}`);
