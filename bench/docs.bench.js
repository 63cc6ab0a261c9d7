#!/usr/bin/env node
/**
 * Docs-site benchmark (`npm run bench:docs`, which builds lib/ and the site's app first):
 *
 * 1. `dailies docs generate` on the 10,000-model synthetic project (bench/generate-project.js),
 *    in a fresh process each run (the CLI as a user runs it: load, compile, column lineage, site
 *    JSON, manifest.json). Wall time around the child, its CPU time (user + system, from
 *    /usr/bin/time when present), and the size of the site's JSON (data/ folder). Targets: ≤ 5 s,
 *    ≤ 25 MB.
 * 2. The lineage page of the 1,000-model project in Debian's Chromium (playwright-core): the time
 *    from navigation start to the graph's first paint (the `dailies:lineage-painted` mark the app
 *    sets once the whole graph is laid out, drawn and fitted). Target: < 1 s.
 *
 *   node bench/docs.bench.js [--runs 3]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { generateProject } from './generate-project.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');
const outRoot = path.join(here, 'out');
const cli = path.join(repoRoot, 'bin', 'dailies.js');

const runs = process.argv[2] === '--runs' ? Number(process.argv[3]) : 3;

function describeMachine() {
  const cpu = fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const load = os.loadavg().map((n) => n.toFixed(1)).join(' / ');
  return `nproc ${os.availableParallelism()}, CPU ${cpu}, memory ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB, Node ${process.version}, load average (1/5/15 min) at the end ${load}`;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function project(models) {
  const dir = path.join(outRoot, `docs-${models}`);
  if (!fs.existsSync(path.join(dir, 'dbt_project.yml'))) generateProject({ dir, models });
  return dir;
}

function folderBytes(dir) {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

function generateOnce(dir) {
  const timed = fs.existsSync('/usr/bin/time');
  const command = timed ? '/usr/bin/time' : process.execPath;
  const args = timed ? ['-f', 'cpu %U %S', process.execPath, cli, 'docs', 'generate'] : [cli, 'docs', 'generate'];
  const started = performance.now();
  const child = spawnSync(command, args, { cwd: dir, encoding: 'utf8' });
  const wall = performance.now() - started;
  if (child.status !== 0) throw new Error(`docs generate failed:\n${child.stdout}\n${child.stderr}`);
  const cpu = /cpu ([\d.]+) ([\d.]+)/.exec(child.stderr);
  return { wall, cpu: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : null };
}

async function lineagePaint(dir, runCount) {
  const { serveSite } = await import(path.join(repoRoot, 'lib', 'docs', 'index.js'));
  const server = await serveSite(path.join(dir, 'target', 'site'), 0);
  const browser = await chromium.launch({ executablePath: process.env.DAILIES_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const times = [];
    let nodes = 0;
    for (let run = 0; run < runCount + 1; run++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${server.url}#/lineage`);
      await page.waitForFunction(() => performance.getEntriesByName('dailies:lineage-painted').length > 0, undefined, { timeout: 60_000 });
      const painted = await page.evaluate(() => performance.getEntriesByName('dailies:lineage-painted')[0].startTime);
      nodes = await page.locator('svg.graph g.node').count();
      await page.close();
      if (run > 0) times.push(painted); // the first run warms the browser's caches, as a returning reader would have them
    }
    return { times, nodes };
  } finally {
    await browser.close();
    await server.close();
  }
}

const big = project(10_000);
const generated = [];
for (let run = 0; run < runs; run++) generated.push(generateOnce(big));
const siteBytes = folderBytes(path.join(big, 'target', 'site', 'data'));
const manifestBytes = fs.statSync(path.join(big, 'target', 'site', 'manifest.json')).size;

const small = project(1_000);
generateOnce(small);
const paint = await lineagePaint(small, runs);

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const walls = generated.map((run) => run.wall);
const cpus = generated.map((run) => run.cpu).filter((value) => value !== null);
console.log(`Machine: ${describeMachine()}\n`);
console.log('| benchmark | target | measured |');
console.log('|---|---|---|');
console.log(`| \`dailies docs generate\`, 10,000 models (fresh process) | ≤ 5 s | ${s(median(walls))} wall median of ${runs} (best ${s(Math.min(...walls))})${cpus.length ? `, CPU median ${s(median(cpus))}` : ''} |`);
console.log(`| site JSON (data/), 10,000 models | ≤ 25 MB | ${(siteBytes / 1e6).toFixed(1)} MB (plus manifest.json for tools: ${(manifestBytes / 1e6).toFixed(1)} MB) |`);
console.log(`| lineage first paint, 1,000 models (${paint.nodes} nodes drawn), Chromium | < 1 s | ${s(median(paint.times))} median of ${paint.times.length} (best ${s(Math.min(...paint.times))}) from navigation start |`);
