#!/usr/bin/env node
/**
 * One `dailies build` in this (fresh) process, timed by phase:
 *
 *   node bench/build-once.js <projectDir> <threads>
 *
 * Makes the same library calls as `dailies build --project-dir <dir> --profiles-dir <dir>`
 * (src/cli/commands/build.ts: load the project, open the adapter, compile, write the manifest,
 * select every model/seed/snapshot/test, runBuild with the progress lines on stdout, close), so the
 * execution phase can be timed from inside: wall and CPU (user + system of the whole process, DuckDB's
 * threads included) around `runBuild`. Prints one JSON line on stderr. Uses the built code in lib/.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const [projectArg, threadsArg] = process.argv.slice(2);
if (!projectArg) {
  console.error('usage: node bench/build-once.js <projectDir> [threads]');
  process.exit(2);
}
const projectDir = path.resolve(projectArg);
const threads = Number(threadsArg ?? 1);

const started = performance.now();
const { loadProject } = await import('../lib/project/index.js');
const { compileProject } = await import('../lib/compiler/index.js');
const { selectNodesWithWarnings, writeManifest } = await import('../lib/graph/index.js');
const { formatRunEvent, runBuild } = await import('../lib/run/index.js');
const { openAdapter } = await import('../lib/warehouse/index.js');

const project = await loadProject({ projectDir, profilesDir: projectDir, env: process.env });
const adapter = await openAdapter(project.target);
let execMs;
let execCpuMs;
let results;
let closeMs;
try {
  const compiler = await compileProject(project, { adapter });
  const targetDir = path.resolve(project.root, project.rootPackage.config.targetPath);
  writeManifest(compiler.manifest, targetDir);
  const { ids } = selectNodesWithWarnings(compiler.manifest, { resourceTypes: ['model', 'seed', 'snapshot', 'test'] });
  const cpuBefore = process.cpuUsage();
  const execStarted = performance.now();
  results = await runBuild({
    compiler,
    adapter,
    select: ids,
    command: 'build',
    threads,
    onRunStart: project.rootPackage.config.onRunStart,
    onRunEnd: project.rootPackage.config.onRunEnd,
    targetDir,
    onEvent: (event) => {
      const line = formatRunEvent(event);
      if (line) process.stdout.write(`${line}\n`);
    },
  });
  execMs = performance.now() - execStarted;
  const cpu = process.cpuUsage(cpuBefore);
  execCpuMs = (cpu.user + cpu.system) / 1000;
} finally {
  const closing = performance.now();
  await adapter.close();
  closeMs = performance.now() - closing;
}

console.error(
  JSON.stringify({
    totalMs: performance.now() - started,
    execMs,
    execCpuMs,
    /** run_results.json's elapsed_time, in ms. */
    elapsedMs: results.elapsed_time * 1000,
    closeMs,
    nodes: results.results.length,
    errors: results.results.filter((result) => result.status === 'error').length,
  }),
);
