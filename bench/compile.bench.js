#!/usr/bin/env node
/**
 * Cold-compile benchmark: for each project size, generate a synthetic project once, then compile
 * it in a fresh node process several times and report min / median, split by phase.
 *
 *   npm run bench:compile                        # 1,000 and 10,000 models, 3 runs each
 *   node bench/compile.bench.js --sizes 1000 --runs 5
 *
 * Prints a Markdown table (paste it into bench/RESULTS.md with the machine description it prints).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './generate-project.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const outRoot = path.join(here, 'out');

function parseArgs(argv) {
  const options = { sizes: [1000, 10000], runs: 3 };
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] === '--sizes') options.sizes = argv[i + 1].split(',').map(Number);
    else if (argv[i] === '--runs') options.runs = Number(argv[i + 1]);
    else throw new Error(`unknown argument ${argv[i]}; usage: node bench/compile.bench.js [--sizes 1000,10000] [--runs 3]`);
  }
  return options;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

export function describeMachine() {
  const cpu = fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const memory = `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`;
  const nproc = spawnSync('nproc', { encoding: 'utf8' }).stdout.trim() || String(os.cpus().length);
  const load = os.loadavg().map((n) => n.toFixed(1)).join(' / ');
  return `nproc ${nproc}, CPU ${cpu}, memory ${memory}, Node ${process.version}, ${os.platform()} ${os.release()}, load average (1/5/15 min) at the end ${load}`;
}

function compileOnce(projectDir) {
  const targetDir = path.join(projectDir, 'target');
  fs.rmSync(targetDir, { recursive: true, force: true });
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [path.join(here, 'compile-once.js'), projectDir, targetDir], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`compile of ${projectDir} failed:\n${child.stderr || child.stdout}`);
  const phases = JSON.parse(child.stdout.trim().split('\n').pop());
  return { ...phases, wallMs, manifestMb: fs.statSync(path.join(targetDir, 'manifest.json')).size / 1048576 };
}

function main() {
  const { sizes, runs } = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(here, '..', 'lib', 'compiler', 'index.js'))) {
    throw new Error('lib/compiler/index.js is missing: run `npm run build` first (npm run bench:compile does)');
  }
  const rows = [];
  for (const models of sizes) {
    const dir = path.join(outRoot, `p${models}`);
    const summary = generateProject({ dir, models });
    process.stderr.write(`generated ${models} models (${summary.tests} tests) in ${dir}\n`);
    const results = [];
    for (let run = 1; run <= runs; run++) {
      const result = compileOnce(dir);
      process.stderr.write(`  run ${run}: ${seconds(result.wallMs)} wall (${result.nodes} nodes)\n`);
      results.push(result);
    }
    const pick = (key) => results.map((r) => r[key]);
    rows.push(
      `| ${models.toLocaleString('en-US')} | ${results[0].nodes.toLocaleString('en-US')} | ${runs} | ${seconds(Math.min(...pick('wallMs')))} | ${seconds(median(pick('wallMs')))} | ` +
        `${seconds(Math.min(...pick('cpuMs')))} | ${seconds(median(pick('cpuMs')))} | ${seconds(median(pick('importMs')))} | ${seconds(median(pick('loadMs')))} | ${seconds(median(pick('compileMs')))} | ${seconds(median(pick('writeMs')))} | ` +
        `${median(pick('manifestMb')).toFixed(1)} MB | ${median(pick('rssMb'))} MB |`,
    );
  }
  console.log(`Machine: ${describeMachine()}\n`);
  console.log('| models | manifest nodes | runs | wall min | wall median | CPU min | CPU median | import (median) | load (median) | parse+compile (median) | manifest write (median) | manifest size | peak RSS (median) |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
