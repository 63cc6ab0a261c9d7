#!/usr/bin/env node
/**
 * Full build of the movie analytics project at a chosen sample-data scale:
 *
 *   npm run build && node bench/movie-build.bench.js [--scale 1] [--threads 2]
 *
 * Generates day 1 of the landing zone, loads it into a fresh DuckDB file, then builds every
 * seed, model, snapshot and test of the project at the repository root, timing each phase.
 * Prints a Markdown table for bench/RESULTS.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileProject } from '../lib/compiler/index.js';
import { generateSampleData, loadLandingZone, rawColumnTypes } from '../lib/ingest/index.js';
import { loadProject } from '../lib/project/index.js';
import { runBuild, runFailed } from '../lib/run/index.js';
import { openAdapter } from '../lib/warehouse/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const option = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const scale = option('scale', 1);
const threads = option('threads', os.cpus().length);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dailies-movie-bench-'));
const seconds = (from) => (performance.now() - from) / 1000;
try {
  let started = performance.now();
  const data = await generateSampleData({ outDir: path.join(work, 'landing'), scale });
  const generateSeconds = seconds(started);

  const project = await loadProject({ projectDir: repoRoot, env: { HOME: work } });
  project.target = { ...project.target, path: path.join(work, 'movies.duckdb'), threads };
  const adapter = await openAdapter(project.target);
  try {
    started = performance.now();
    const load = await loadLandingZone({ adapter, zone: path.join(work, 'landing'), columnTypes: rawColumnTypes(project, 'raw') });
    const loadSeconds = seconds(started);

    started = performance.now();
    const compiler = await compileProject(project, { adapter });
    const select = Object.values(compiler.manifest.nodes)
      .filter((node) => ['model', 'seed', 'snapshot', 'test'].includes(node.resource_type))
      .map((node) => node.unique_id);
    const results = await runBuild({ compiler, adapter, select, command: 'build', threads, targetDir: path.join(work, 'target') });
    const buildSeconds = seconds(started);
    if (runFailed(results)) throw new Error('the build failed; rerun with a smaller --scale to investigate');
    const slowest = [...results.results].sort((a, b) => b.execution_time - a.execution_time).slice(0, 3);

    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    console.log(
      [
        `Machine: nproc ${os.cpus().length}, ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load average ${os.loadavg().map((v) => v.toFixed(1)).join(' / ')} at the end`,
        '',
        '| scale | CSV rows | CSV MB | generate | load (rows/s, MB/s) | build (nodes, threads) | slowest nodes |',
        '|---:|---:|---:|---:|---:|---:|---|',
        `| ${scale} | ${data.totalRows.toLocaleString('en-US')} | ${(data.totalBytes / 1e6).toFixed(0)} | ${generateSeconds.toFixed(1)} s | ${loadSeconds.toFixed(1)} s (${Math.round(load.rows / loadSeconds).toLocaleString('en-US')}, ${(load.bytes / 1e6 / loadSeconds).toFixed(1)}) | ${buildSeconds.toFixed(1)} s (${results.results.length}, ${threads}) | ${slowest.map((r) => `${r.name} ${r.execution_time.toFixed(1)} s`).join(', ')} |`,
      ].join('\n'),
    );
  } finally {
    await adapter.close();
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
