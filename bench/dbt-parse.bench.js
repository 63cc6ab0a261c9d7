#!/usr/bin/env node
/**
 * dbt-core and dailies side by side: a cold `dbt parse --no-partial-parse` and a cold
 * `dailies parse --no-partial-parse` of the same generated project (a DuckDB profile), each in a
 * fresh process, whole-process wall time (start-up included) and CPU (user + system, when
 * /usr/bin/time is there), runs alternating between the two. Prints medians and dbt ÷ dailies.
 *
 *   npm run build && node bench/dbt-parse.bench.js [--sizes 1000,10000] [--runs 3] [--baseline DIR]
 *
 * `--baseline DIR` also times DIR/bin/dailies.js (another build of dailies, e.g. main's) in the
 * same runs, for before/after figures on a shared machine.
 *
 * dbt is `$DBT_BIN` or `dbt` on PATH (`pip install "dbt-core<1.12" dbt-duckdb`); without it the
 * bench prints a note and exits 0. A third column, dbt's fixed cost, is a dbt parse of a 3-model
 * project: what dbt spends whatever the project's size. Target (issue 15): ≥ 50× at 1k and 10k.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine } from './compile.bench.js';
import { generateProject } from './generate-project.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const outRoot = path.join(here, 'out');
const dailiesBin = path.join(here, '..', 'bin', 'dailies.js');

function parseArgs(argv) {
  const options = { sizes: [1000, 10000], runs: 3, baseline: undefined };
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] === '--sizes') options.sizes = argv[i + 1].split(',').map(Number);
    else if (argv[i] === '--runs') options.runs = Number(argv[i + 1]);
    else if (argv[i] === '--baseline') options.baseline = path.resolve(argv[i + 1]);
    else throw new Error(`unknown argument ${argv[i]}; usage: node bench/dbt-parse.bench.js [--sizes 1000,10000] [--runs 3] [--baseline DIR]`);
  }
  return options;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** `$DBT_BIN`, else `dbt` found on PATH; undefined when neither runs. */
function findDbt() {
  const candidate = process.env.DBT_BIN || 'dbt';
  const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? { bin: candidate, version: (probe.stdout.match(/installed:\s*(\S+)/) ?? [])[1] ?? probe.stdout.split('\n')[0] } : undefined;
}

const hasTime = fs.existsSync('/usr/bin/time');

/** One command in a fresh process: wall ms and (with /usr/bin/time) CPU ms. */
function timed(command, args, cwd, env) {
  const [file, argv] = hasTime ? ['/usr/bin/time', ['-f', '__cpu %U %S', command, ...args]] : [command, args];
  const started = performance.now();
  const child = spawnSync(file, argv, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wallMs = performance.now() - started;
  if (child.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${child.stdout}\n${child.stderr}`);
  const cpu = child.stderr.match(/__cpu ([\d.]+) ([\d.]+)/);
  return { wallMs, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN };
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const dbt = findDbt();
  if (!dbt) {
    console.log('dbt not found (set DBT_BIN or put dbt on PATH; pip install "dbt-core<1.12" dbt-duckdb): skipped');
    return;
  }
  if (!fs.existsSync(path.join(here, '..', 'lib', 'cli', 'main.js'))) throw new Error('lib/ is missing: run `npm run build` first');
  const env = { ...process.env, DO_NOT_TRACK: '1', DBT_SEND_ANONYMOUS_USAGE_STATS: 'false' };
  const dbtParse = (dir) => timed(dbt.bin, ['parse', '--no-partial-parse', '--no-version-check', '--project-dir', dir, '--profiles-dir', dir], dir, env);
  const parseWith = (bin) => (dir) => timed(process.execPath, [bin, 'parse', '--no-partial-parse', '--project-dir', dir, '--profiles-dir', dir], dir, env);
  const tools = { dbt: dbtParse, dailies: parseWith(dailiesBin) };
  if (options.baseline) tools.baseline = parseWith(path.join(options.baseline, 'bin', 'dailies.js'));
  const names = Object.keys(tools);

  const loadBefore = os.loadavg();
  const tiny = path.join(outRoot, 'dbt-parse-3');
  generateProject({ dir: tiny, models: 3 });
  const fixed = Object.fromEntries(names.map((name) => [name, []]));
  const rows = [];
  for (const models of options.sizes) {
    const dir = path.join(outRoot, `dbt-parse-${models}`);
    generateProject({ dir, models });
    const runs = Object.fromEntries(names.map((name) => [name, []]));
    for (let run = 1; run <= options.runs; run++) {
      // alternate the order, so that no tool always meets the same machine load
      const order = run % 2 ? [...names].reverse() : names;
      for (const which of order) runs[which].push(tools[which](dir));
      if (fixed.dbt.length < options.runs) for (const which of order) fixed[which].push(tools[which](tiny));
      const last = (which) => `${which} ${(runs[which].at(-1).wallMs / 1000).toFixed(2)} s (CPU ${(runs[which].at(-1).cpuMs / 1000).toFixed(2)} s)`;
      process.stderr.write(`  ${models} models, run ${run}: ${names.map(last).join(', ')}\n`);
    }
    rows.push({ models, runs });
  }
  const s = (ms) => (Number.isNaN(ms) ? '—' : `${(ms / 1000).toFixed(2)} s`);
  const stat = (list, key) => median(list.map((r) => r[key]));
  const ratio = (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? '—' : `${(a / b).toFixed(1)}×`);
  console.log(`Machine: ${describeMachine()}; load average at the start ${loadBefore.map((n) => n.toFixed(1)).join(' / ')}`);
  console.log(`dbt-core ${dbt.version} (${dbt.bin}), dailies on Node ${process.version}${options.baseline ? `, baseline = ${options.baseline}` : ''}; medians of ${options.runs} runs, whole process\n`);
  const ours = names.filter((name) => name !== 'dbt');
  const header = ['models', 'dbt parse wall', ...ours.flatMap((name) => [`${name} wall`, `dbt ÷ ${name} (wall)`]), 'dbt CPU', ...ours.flatMap((name) => [`${name} CPU`, `dbt ÷ ${name} (CPU)`])];
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---:|').join('')}`);
  const line = (label, runs) => {
    const dw = stat(runs.dbt, 'wallMs');
    const dc = stat(runs.dbt, 'cpuMs');
    const wall = ours.flatMap((name) => [s(stat(runs[name], 'wallMs')), `**${ratio(dw, stat(runs[name], 'wallMs'))}**`]);
    const cpu = ours.flatMap((name) => [s(stat(runs[name], 'cpuMs')), ratio(dc, stat(runs[name], 'cpuMs'))]);
    console.log(`| ${[label, s(dw), ...wall, s(dc), ...cpu].join(' | ')} |`);
  };
  for (const { models, runs } of rows) line(models.toLocaleString('en-US'), runs);
  line('3 (fixed cost)', fixed);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
