#!/usr/bin/env node
/**
 * Orchestration overhead of `dailies build` (issue: Engine II):
 *
 *   npm run build && node bench/build-overhead.bench.js [--models 1000] [--runs 3] [--threads 1]
 *
 * 1. Generates a synthetic project (bench/generate-project.js) and raw source tables with data.
 * 2. Each run builds the project in a fresh process (bench/build-once.js: the library calls of
 *    `dailies build`) on a fresh copy of the database, timing the execution phase (`runBuild`) from
 *    inside by wall clock and CPU time (user + system of the process, DuckDB's threads included).
 * 3. Each run also replays the exact SQL that build executed (run_results' compiled_code, in
 *    completion order) directly on DuckDB in another fresh process (bench/replay-once.js) on another
 *    fresh copy: `create or replace table|view … as …` for models, `select count(*) from (…)` for tests.
 *    Runs alternate the order (build first, then replay first) so drifting machine load hits both.
 * Overhead = build execution phase / direct replay − 1, by wall time and by CPU time (the steadier
 * figure on a shared machine). Prints a Markdown table, then each run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateProject } from './generate-project.js';

const here = path.dirname(fileURLToPath(import.meta.url));

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}
const models = option('models', 1000);
const runs = option('runs', 3);
const threads = option('threads', 1);
const rowsPerSource = option('rows', 1000);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dailies-build-bench-'));
const projectDir = path.join(work, 'project');
const summary = generateProject({ dir: projectDir, models });
const seedDb = path.join(work, 'seed.duckdb');

async function withDatabase(file, work) {
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  try {
    return await work(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

await withDatabase(seedDb, async (connection) => {
  await connection.run('create schema raw');
  for (let index = 0; index < summary.sources; index++) {
    const name = `raw_${String(index).padStart(5, '0')}`;
    await connection.run(
      `create table raw.${name} as select i as id, (i * 37) % 10000 as amount_cents, 'cat_' || (i % 7) as category from range(1, ${rowsPerSource + 1}) t(i)`,
    );
  }
});

function freshDatabase() {
  const file = path.join(projectDir, 'bench.duckdb');
  fs.rmSync(file, { force: true });
  fs.rmSync(`${file}.wal`, { force: true });
  fs.copyFileSync(seedDb, file);
  return file;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs a helper script in a fresh node process (stdout ignored); returns the JSON line it printed last on stderr. */
function runChild(script, args) {
  const child = spawnSync(process.execPath, [path.join(here, script), ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (child.status !== 0) {
    process.stderr.write(child.stderr ?? '');
    throw new Error(`${script} failed (exit code ${child.status})`);
  }
  return JSON.parse(child.stderr.trim().split('\n').pop());
}

const planFile = path.join(work, 'replay-plan.json');

function build() {
  freshDatabase();
  const started = performance.now();
  const measured = runChild('build-once.js', [projectDir, String(threads)]);
  const wallMs = performance.now() - started;
  if (measured.errors > 0) throw new Error('the build had errors; see target/run_results.json');
  const results = JSON.parse(fs.readFileSync(path.join(projectDir, 'target', 'run_results.json'), 'utf8'));
  const manifest = JSON.parse(fs.readFileSync(path.join(projectDir, 'target', 'manifest.json'), 'utf8'));
  const plan = results.results.map((result) => {
    const node = manifest.nodes[result.unique_id];
    if (node.resource_type === 'test') return { kind: 'test', sql: result.compiled_code };
    return { kind: node.config.materialized === 'view' ? 'view' : 'table', schema: node.schema, relation: node.relation_name, sql: result.compiled_code };
  });
  fs.writeFileSync(planFile, JSON.stringify(plan));
  return { ...measured, wallMs, executed: results.results.length };
}

function replay() {
  return runChild('replay-once.js', [freshDatabase(), planFile]);
}

const runsDone = [];
for (let run = 0; run < runs; run++) {
  let built;
  let replayed;
  if (run % 2 === 0) {
    built = build();
    replayed = replay();
  } else {
    replayed = replay();
    built = build();
  }
  runsDone.push({ order: run % 2 === 0 ? 'build, replay' : 'replay, build', ...built, ...replayed });
}

const pick = (key) => median(runsDone.map((run) => run[key]));
const best = (key) => Math.min(...runsDone.map((run) => run[key]));
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const percent = (ratio) => `${((ratio - 1) * 100).toFixed(1)}%`;
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const nodesExecuted = runsDone[0].executed;
const lines = [
  `Machine: nproc ${os.cpus().length}, ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load average ${os.loadavg().map((v) => v.toFixed(1)).join(' / ')}`,
  '',
  '| models | nodes executed | threads | runs | build process, whole (median) | build execution phase (median) | direct replay on DuckDB (median) | overhead, wall | execution phase CPU (median) | direct replay CPU (median) | overhead, CPU |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  `| ${models.toLocaleString('en-US')} | ${nodesExecuted.toLocaleString('en-US')} | ${threads} | ${runs} | ${seconds(pick('wallMs'))} | ${seconds(pick('execMs'))} | ${seconds(pick('replayMs'))} | ${percent(pick('execMs') / pick('replayMs'))} | ${seconds(pick('execCpuMs'))} | ${seconds(pick('replayCpuMs'))} | ${percent(pick('execCpuMs') / pick('replayCpuMs'))} |`,
  '',
  `Best of the runs (the least disturbed by other load): execution phase ${seconds(best('execMs'))} vs replay ${seconds(best('replayMs'))} (${percent(best('execMs') / best('replayMs'))}); CPU ${seconds(best('execCpuMs'))} vs ${seconds(best('replayCpuMs'))} (${percent(best('execCpuMs') / best('replayCpuMs'))}).`,
  '',
  'Each run (order; execution phase wall / replay wall; execution phase CPU / replay CPU; DuckDB close at the end of the build):',
  '',
  ...runsDone.map(
    (run, index) =>
      `- run ${index + 1} (${run.order}): ${seconds(run.execMs)} / ${seconds(run.replayMs)} (${percent(run.execMs / run.replayMs)}); CPU ${seconds(run.execCpuMs)} / ${seconds(run.replayCpuMs)} (${percent(run.execCpuMs / run.replayCpuMs)}); close ${seconds(run.closeMs)}`,
  ),
];
console.log(lines.join('\n'));
fs.rmSync(work, { recursive: true, force: true });
