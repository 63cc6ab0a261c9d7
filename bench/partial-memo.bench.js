#!/usr/bin/env node
/**
 * What the partial-parse memo saves inside one compile: the same loaded project compiled again
 * and again in one process, alternating without the memo and with a memo that holds every node's
 * parse render (as after a one-file edit), wall ms of `compileProject` each time.
 *
 *   npm run build && node bench/generate-project.js --models 10000 --out /tmp/p10k
 *   node bench/partial-memo.bench.js /tmp/p10k [--rounds 4]
 */
import { performance } from 'node:perf_hooks';
import os from 'node:os';

const [dir, flag, rounds = '4'] = process.argv.slice(2);
if (!dir || (flag !== undefined && flag !== '--rounds')) {
  console.error('usage: node bench/partial-memo.bench.js <projectDir> [--rounds N]');
  process.exit(2);
}
const { loadProject } = await import('../lib/project/index.js');
const { compileProject } = await import('../lib/compiler/index.js');
const { ParseMemo } = await import('../lib/compiler/partial/parse-memo.js');

const project = await loadProject({ projectDir: dir, profilesDir: dir, env: {} });
const first = new ParseMemo(undefined);
await compileProject(project, { parseMemo: first });
const stored = JSON.parse(JSON.stringify(first));
const without = [];
const withMemo = [];
for (let round = 0; round < Number(rounds); round++) {
  let started = performance.now();
  await compileProject(project, {});
  without.push(Math.round(performance.now() - started));
  started = performance.now();
  const memo = new ParseMemo(stored);
  await compileProject(project, { parseMemo: memo });
  withMemo.push(Math.round(performance.now() - started));
  if (memo.stats.rendered !== 0) throw new Error(`the memo rendered ${memo.stats.rendered} nodes again`);
}
console.log(`compileProject without the memo (ms): ${without.join(' / ')}`);
console.log(`compileProject with the memo (ms):    ${withMemo.join(' / ')}`);
console.log(`load average: ${os.loadavg().map((n) => n.toFixed(2)).join(', ')}`);
