#!/usr/bin/env node
/**
 * The pull-request check on a big project: `runReview` of a change in a synthetic project on DuckDB.
 *
 *   npm run build && node bench/ci.bench.js [--models 1000] [--runs 3] [--rows 10] [--scenario one]
 *
 * Scenarios (what the branch changes):
 *   one      the SQL of one intermediate model in the middle of the graph
 *   five     the SQL of five intermediate models, spread over the graph
 *   new600   600 new one-line models (nothing in production to diff them against)
 *
 * Setup (not timed into the figure): generate the project (bench/generate-project.js), git init
 * and commit, create its RAW tables with `--rows` rows each, build production (every model and
 * test). Then on a branch, make the scenario's change and time `runReview` against main `--runs`
 * times (each run rebuilds the PR schema). Prints one JSON line per run and a Markdown table row.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { generateProject } from './generate-project.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const { loadProject } = await import('../lib/project/index.js');
const { compileProject } = await import('../lib/compiler/index.js');
const { openAdapter } = await import('../lib/warehouse/index.js');
const { runBuild } = await import('../lib/run/index.js');
const { runReview } = await import('../lib/review/run-review.js');

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = process.argv[index + 1];
  return typeof fallback === 'number' ? Number(value) : value;
}

const models = option('models', 1000);
const runs = option('runs', 3);
const rows = option('rows', 10);
const scenario = option('scenario', 'one');
if (!['one', 'five', 'new600'].includes(scenario)) throw new Error(`--scenario must be one, five or new600 (got ${scenario})`);
const dir = path.join(here, 'out', `ci-${models}`);

function git(...args) {
  return execFileSync('git', ['-c', 'user.email=bench@example.com', '-c', 'user.name=bench', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms) => Number((ms / 1000).toFixed(2));

// -- setup ------------------------------------------------------------------------------------
const setupStarted = performance.now();
const generated = generateProject({ dir, models });
fs.writeFileSync(path.join(dir, '.gitignore'), 'target/\n*.duckdb\n*.duckdb.wal\n');
git('init', '--quiet', '--initial-branch=main');
git('add', '-A');
git('commit', '--quiet', '-m', 'base');

const project = await loadProject({ projectDir: dir, env: {} });
const adapter = await openAdapter(project.target);
let productionSeconds;
try {
  await adapter.execute('create schema if not exists raw');
  for (let index = 0; index < generated.sources; index++) {
    const table = `raw_${String(index).padStart(5, '0')}`;
    await adapter.execute(
      `create or replace table raw.${table} as select i as id, (i * 137 + ${index}) % 10000 as amount_cents, 'cat_' || ((i + ${index}) % 4) as category from range(1, ${rows + 1}) t(i)`,
    );
  }
  const buildStarted = performance.now();
  const compiler = await compileProject(project, { adapter });
  const results = await runBuild({ compiler, adapter, select: Object.keys(compiler.manifest.nodes), command: 'build', threads: 4, targetDir: path.join(dir, 'target') });
  productionSeconds = seconds(performance.now() - buildStarted);
  const failed = results.results.filter((result) => result.status === 'error' || result.status === 'fail');
  if (failed.length > 0) throw new Error(`production build failed: ${failed.slice(0, 3).map((result) => `${result.unique_id}: ${result.message}`).join('; ')}`);
} finally {
  await adapter.close();
}

git('checkout', '--quiet', '-b', `change-${scenario}`);
/** Rewrites the SQL of intermediate model number `n` (its category upper-cased). */
function changeIntermediate(n) {
  const name = `int_${String(n).padStart(5, '0')}`;
  const file = execFileSync('git', ['ls-files', `*${name}.sql`], { cwd: dir, encoding: 'utf8' }).trim();
  const sql = fs.readFileSync(path.join(dir, file), 'utf8');
  const changed = sql.replace('    r0.category\n', '    upper(r0.category) as category\n');
  if (changed === sql) throw new Error(`${file}: nothing to change`);
  fs.writeFileSync(path.join(dir, file), changed);
}
if (scenario === 'one') changeIntermediate(Math.floor(generated.intermediate / 2));
if (scenario === 'five') for (let k = 1; k <= 5; k++) changeIntermediate(Math.floor((generated.intermediate * k) / 6));
if (scenario === 'new600') {
  fs.mkdirSync(path.join(dir, 'models', 'added'), { recursive: true });
  for (let k = 0; k < 600; k++) fs.writeFileSync(path.join(dir, 'models', 'added', `added_${String(k).padStart(3, '0')}.sql`), `select ${k} as id\n`);
}
git('add', '-A');
git('commit', '--quiet', '-m', `scenario ${scenario}`);
const setupSeconds = seconds(performance.now() - setupStarted);

// -- timed ------------------------------------------------------------------------------------
const timings = [];
for (let run = 0; run < runs; run++) {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const review = await runReview({ projectDir: dir, env: {}, baseRef: 'main', pr: { number: 1 } });
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  if (review.status !== 'success') throw new Error(`review failed: ${JSON.stringify(review.error ?? review.builds.filter((b) => b.status === 'error'))}`);
  const built = review.builds.filter((build) => build.resourceType !== 'test').length;
  const tests = review.builds.length - built;
  const line = { run: run + 1, wallSeconds: seconds(wall), cpuSeconds: seconds((cpu.user + cpu.system) / 1000), ...review.timings, changed: review.changes.length, built, tests, diffs: review.diffs.length };
  console.log(JSON.stringify(line));
  timings.push(line);
}

const load = os.loadavg().map((value) => value.toFixed(1)).join(' / ');
console.log(`\nmachine: nproc ${os.cpus().length}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}; load average at the end ${load}`);
console.log(`setup (generate, git, RAW, production build of everything): ${setupSeconds} s, of which the production build ${productionSeconds} s`);
console.log(`\nscenario: ${scenario}`);
console.log('\n| models | changed | built (models) | tests run | diffs | runs | wall min | wall median | CPU median | compile (median) | build (median) | diff (median) |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
const first = timings[0];
console.log(
  `| ${models.toLocaleString('en')} | ${first.changed} | ${first.built} | ${first.tests} | ${first.diffs} | ${runs} | ${Math.min(...timings.map((t) => t.wallSeconds)).toFixed(2)} s | ${median(timings.map((t) => t.wallSeconds)).toFixed(2)} s | ${median(timings.map((t) => t.cpuSeconds)).toFixed(2)} s | ${median(timings.map((t) => t.compileSeconds)).toFixed(2)} s | ${median(timings.map((t) => t.buildSeconds)).toFixed(2)} s | ${median(timings.map((t) => t.diffSeconds)).toFixed(2)} s |`,
);
