#!/usr/bin/env node
/**
 * What built-in macro files cost every parse: the same generated project parsed cold (fresh
 * process, manifest written, no warehouse; bench/compile-once.js) by two copies of the built
 * package, one with every file of src/compiler/builtin-macros/ and one without the files named by
 * --without. Runs alternate between the two copies; medians of CPU and wall time.
 *
 *   npm run build && node bench/builtin-macros.bench.js --without incremental.sql,schema-change.sql,snapshot.sql
 *   node bench/builtin-macros.bench.js --without snapshot.sql --models 1000 --runs 9
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine } from './compile.bench.js';
import { generateProject } from './generate-project.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const outRoot = path.join(here, 'out', 'builtin-macros');

function parseArgs(argv) {
  const options = { without: [], models: 1000, runs: 7 };
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] === '--without') options.without = argv[i + 1].split(',');
    else if (argv[i] === '--models') options.models = Number(argv[i + 1]);
    else if (argv[i] === '--runs') options.runs = Number(argv[i + 1]);
    else throw new Error(`unknown argument ${argv[i]}; usage: node bench/builtin-macros.bench.js --without a.sql,b.sql [--models 1000] [--runs 7]`);
  }
  if (options.without.length === 0) throw new Error('name the built-in macro files to leave out with --without');
  return options;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** A copy of the built package (lib/, package.json, the macro files, node_modules linked) with some macro files left out. */
function packageCopy(name, without) {
  const dir = path.join(outRoot, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'bench'), { recursive: true });
  fs.cpSync(path.join(root, 'lib'), path.join(dir, 'lib'), { recursive: true });
  fs.copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
  fs.copyFileSync(path.join(here, 'compile-once.js'), path.join(dir, 'bench', 'compile-once.js'));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  const macros = path.join(dir, 'src', 'compiler', 'builtin-macros');
  fs.mkdirSync(macros, { recursive: true });
  for (const file of fs.readdirSync(path.join(root, 'src', 'compiler', 'builtin-macros'))) {
    if (!without.includes(file)) fs.copyFileSync(path.join(root, 'src', 'compiler', 'builtin-macros', file), path.join(macros, file));
  }
  return dir;
}

function parseOnce(packageDir, projectDir) {
  const targetDir = path.join(projectDir, 'target');
  fs.rmSync(targetDir, { recursive: true, force: true });
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [path.join(packageDir, 'bench', 'compile-once.js'), projectDir, targetDir], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`parse with ${packageDir} failed:\n${child.stderr || child.stdout}`);
  return { ...JSON.parse(child.stdout.trim().split('\n').pop()), wallMs };
}

function main() {
  const { without, models, runs } = parseArgs(process.argv.slice(2));
  for (const file of without) {
    if (!fs.existsSync(path.join(root, 'src', 'compiler', 'builtin-macros', file))) throw new Error(`no built-in macro file ${file}`);
  }
  if (!fs.existsSync(path.join(root, 'lib', 'compiler', 'index.js'))) throw new Error('run `npm run build` first (lib/ is missing)');
  const projectDir = path.join(outRoot, `project-${models}`);
  generateProject({ dir: projectDir, models });
  const copies = { all: packageCopy('all', []), without: packageCopy('without', without) };
  parseOnce(copies.all, projectDir); // warm the file cache
  const times = { all: [], without: [] };
  for (let run = 0; run < runs; run++) {
    for (const name of run % 2 ? ['without', 'all'] : ['all', 'without']) times[name].push(parseOnce(copies[name], projectDir));
  }
  const cpu = { all: median(times.all.map((t) => t.cpuMs)), without: median(times.without.map((t) => t.cpuMs)) };
  const wall = { all: median(times.all.map((t) => t.wallMs)), without: median(times.without.map((t) => t.wallMs)) };
  const phase = (key) => ({ all: +median(times.all.map((t) => t[key])).toFixed(1), without: +median(times.without.map((t) => t[key])).toFixed(1) });
  console.log(JSON.stringify({ machine: describeMachine(), models, runs, without, importMs: phase('importMs'), loadMs: phase('loadMs'), compileMs: phase('compileMs'), writeMs: phase('writeMs'), cpuMs: cpu, wallMs: wall, cpuRatio: +(cpu.all / cpu.without).toFixed(3), wallRatio: +(wall.all / wall.without).toFixed(3) }, null, 2));
}

main();
