#!/usr/bin/env node
/**
 * One cold compile, timed by phase, in this (fresh) process:
 *
 *   node bench/compile-once.js <projectDir> <targetDir> [--parse]
 *
 * `--parse` stops where `dailies parse` (and `dbt parse`) stop: no node's SQL compiled.
 * Prints one JSON line: {importMs, loadMs, compileMs, writeMs, totalMs, cpuMs, nodes, rssMb}. Uses the built code
 * in lib/ (`npm run build` first).
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const [projectDir, targetDir] = process.argv.slice(2, 4).map((p) => path.resolve(p));
const parseOnly = process.argv.includes('--parse');
if (!projectDir || !targetDir) {
  console.error('usage: node bench/compile-once.js <projectDir> <targetDir> [--parse]');
  process.exit(2);
}

const started = performance.now();
const { loadProject } = await import('../lib/project/index.js');
const { compileProject } = await import('../lib/compiler/index.js');
const { writeManifest } = await import('../lib/graph/index.js');
const imported = performance.now();

const project = await loadProject({ projectDir, profilesDir: projectDir, env: { ...process.env, DBT_PROFILES_DIR: projectDir } });
const loaded = performance.now();
const compiler = await compileProject(project, parseOnly ? { compileSql: false } : {});
const compiled = performance.now();
writeManifest(compiler.manifest, targetDir);
const written = performance.now();

console.log(
  JSON.stringify({
    importMs: imported - started,
    loadMs: loaded - imported,
    compileMs: compiled - loaded,
    writeMs: written - compiled,
    totalMs: written - started,
    /** user + system CPU of this whole process: steadier than wall time on a shared machine. */
    cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    nodes: Object.keys(compiler.manifest.nodes).length,
    rssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
