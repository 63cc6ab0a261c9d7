#!/usr/bin/env node
/**
 * Orchestration overhead of `dailies build` (issue: Engine II):
 *
 *   npm run build && node bench/build-overhead.bench.js [--models 1000] [--runs 3] [--threads 1]
 *
 * 1. Generates a synthetic project (bench/generate-project.js) and raw source tables with data.
 * 2. Runs `dailies build` in a fresh process on a fresh copy of the database; the execution phase
 *    is run_results.json's elapsed_time, the whole command is timed around the process.
 * 3. Replays the exact SQL that build executed (run_results' compiled_code, in completion order)
 *    directly on DuckDB through @duckdb/node-api on another fresh copy: `create or replace
 *    table|view … as …` for models, `select count(*) from (…)` for tests.
 * Overhead = build execution phase / direct replay − 1. Prints a Markdown table.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateProject } from './generate-project.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, '..', 'bin', 'dailies.js');

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

const buildWall = [];
const buildExec = [];
const direct = [];
let executed = [];
for (let run = 0; run < runs; run++) {
  freshDatabase();
  const started = performance.now();
  execFileSync(process.execPath, [cli, 'build', '--project-dir', projectDir, '--profiles-dir', projectDir, '--threads', String(threads)], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  buildWall.push((performance.now() - started) / 1000);
  const results = JSON.parse(fs.readFileSync(path.join(projectDir, 'target', 'run_results.json'), 'utf8'));
  if (results.results.some((result) => result.status === 'error')) throw new Error('the build had errors; see target/run_results.json');
  buildExec.push(results.elapsed_time);
  executed = results.results;

  const manifest = JSON.parse(fs.readFileSync(path.join(projectDir, 'target', 'manifest.json'), 'utf8'));
  const file = freshDatabase();
  direct.push(
    await withDatabase(file, async (connection) => {
      const replayStarted = performance.now();
      for (const result of executed) {
        const node = manifest.nodes[result.unique_id];
        if (node.resource_type === 'test') {
          await connection.run(`select count(*) from (${result.compiled_code}) t`);
        } else {
          const kind = node.config.materialized === 'view' ? 'view' : 'table';
          await connection.run(`create schema if not exists "${node.schema}"`);
          await connection.run(`create or replace ${kind} ${node.relation_name} as ${result.compiled_code}`);
        }
      }
      return (performance.now() - replayStarted) / 1000;
    }),
  );
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const lines = [
  `Machine: nproc ${os.cpus().length}, ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load average ${os.loadavg().map((v) => v.toFixed(1)).join(' / ')}`,
  '',
  `| models | nodes executed | threads | runs | dailies build (whole command, median) | build execution phase (median) | direct replay on DuckDB (median) | overhead of execution phase |`,
  `|---:|---:|---:|---:|---:|---:|---:|---:|`,
  `| ${models.toLocaleString('en-US')} | ${executed.length.toLocaleString('en-US')} | ${threads} | ${runs} | ${median(buildWall).toFixed(2)} s | ${median(buildExec).toFixed(2)} s | ${median(direct).toFixed(2)} s | ${((median(buildExec) / median(direct) - 1) * 100).toFixed(1)}% |`,
];
console.log(lines.join('\n'));
fs.rmSync(work, { recursive: true, force: true });
