#!/usr/bin/env node
/**
 * Graph operations on a real compiled manifest: DAG build, topological order, selection, state
 * comparison, manifest write/read. Uses the manifest `compile.bench.js` leaves behind (or compiles
 * one), and the built code in lib/.
 *
 *   node bench/graph.bench.js [--models 10000] [--runs 5]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generateProject } from './generate-project.js';

const here = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const options = { models: 10000, runs: 5 };
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] === '--models') options.models = Number(argv[i + 1]);
    else if (argv[i] === '--runs') options.runs = Number(argv[i + 1]);
    else throw new Error(`unknown argument ${argv[i]}; usage: node bench/graph.bench.js [--models 10000] [--runs 5]`);
  }
  return options;
}

function manifestFor(models) {
  const dir = path.join(here, 'out', `p${models}`);
  const file = path.join(dir, 'target', 'manifest.json');
  if (!fs.existsSync(file)) {
    generateProject({ dir, models });
    const child = spawnSync(process.execPath, [path.join(here, 'compile-once.js'), dir, path.join(dir, 'target')], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`compile failed:\n${child.stderr}`);
  }
  return file;
}

/** Median CPU milliseconds of `run` over `runs` calls. */
function time(runs, run) {
  const samples = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const before = process.cpuUsage();
    result = run();
    const used = process.cpuUsage(before);
    samples.push((used.user + used.system) / 1000);
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)], result };
}

async function main() {
  const { models, runs } = parseArgs(process.argv.slice(2));
  const graph = await import('../lib/graph/index.js');
  const file = manifestFor(models);
  const rows = [];
  const measure = (label, run, describe = () => '') => {
    const { ms, result } = time(runs, run);
    rows.push(`| ${label} | ${ms.toFixed(1)} ms | ${describe(result)} |`);
    return result;
  };

  const manifest = measure('read manifest.json', () => graph.readManifest(file), (m) => `${Object.keys(m.nodes).length} nodes`);
  const dag = measure('build DAG', () => graph.buildDag(manifest), (d) => `${d.ids.length} members`);
  measure('topological order (fresh DAG)', () => graph.buildDag(manifest).topologicalOrder(), (order) => `${order.length} ids`);
  measure('find cycle', () => dag.findCycle(), (cycle) => (cycle ? 'cycle!' : 'none'));
  const middle = `int_${String(Math.floor(models * 0.25)).padStart(5, '0')}`;
  measure(`select +${middle}+`, () => graph.selectNodes(manifest, { select: [`+${middle}+`], dag }), (ids) => `${ids.length} selected`);
  measure('select tag:marts,config.materialized:incremental', () => graph.selectNodes(manifest, { select: ['tag:marts,config.materialized:incremental'], dag }), (ids) => `${ids.length} selected`);
  measure('select everything --exclude path:models/staging', () => graph.selectNodes(manifest, { exclude: ['path:models/staging'], dag }), (ids) => `${ids.length} selected`);

  const head = JSON.parse(JSON.stringify(manifest));
  const edited = Object.values(head.nodes).filter((n) => n.resource_type === 'model').slice(0, 10);
  for (const node of edited) {
    node.raw_code = 'select edited';
    node.checksum = { name: 'sha256', checksum: 'edited' };
  }
  measure('compare manifests (10 models edited)', () => graph.compareManifests(manifest, head), (changes) => `${graph.changedIds(changes).length} changed of ${changes.size}`);
  measure('select state:modified+', () => graph.selectNodes(head, { select: ['state:modified+'], state: manifest }), (ids) => `${ids.length} selected`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dailies-graph-bench-'));
  measure('write manifest.json (graph maps filled)', () => graph.writeManifest({ ...manifest, parent_map: {}, child_map: {} }, scratch), (f) => `${(fs.statSync(f).size / 1048576).toFixed(1)} MB`);
  fs.rmSync(scratch, { recursive: true, force: true });

  console.log(`${models.toLocaleString('en-US')} models; median CPU time of ${runs} runs in one process\n`);
  console.log('| operation | CPU (median) | result |');
  console.log('|---|---:|---|');
  for (const row of rows) console.log(row);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
