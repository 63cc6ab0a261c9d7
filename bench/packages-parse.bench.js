#!/usr/bin/env node
/**
 * What five real dbt packages cost a parse: the same synthetic project compiled cold (fresh
 * process, manifest written, no warehouse) without packages and with dbt_utils, dbt_date,
 * audit_helper, dbt_expectations and codegen declared as `local:` packages (from
 * ../shared/dbt-packages, or $DAILIES_DBT_PACKAGES). Runs alternate between the two projects.
 *
 *   npm run build && node bench/packages-parse.bench.js                 # 1,000 and 10,000 models, 5 runs each
 *   node bench/packages-parse.bench.js --sizes 1000 --runs 7
 *   node bench/packages-parse.bench.js --compile     # each node's SQL compiled too (`dailies compile`'s work)
 *
 * By default each run stops where `dailies parse` stops (no node's SQL compiled, as `dbt parse`).
 * Target (issue 11): with the packages, ≤ 10% more time than without them.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine } from './compile.bench.js';
import { generateProject } from './generate-project.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const outRoot = path.join(here, 'out');
const packagesDir = path.resolve(process.env.DAILIES_DBT_PACKAGES ?? path.join(here, '..', '..', 'shared', 'dbt-packages'));
const PACKAGES = ['dbt_utils', 'dbt_date', 'audit_helper', 'dbt_expectations', 'codegen'];

function parseArgs(argv) {
  const options = { sizes: [1000, 10000], runs: 5, compile: false };
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] === '--compile') {
      options.compile = true;
      i -= 1;
    } else if (argv[i] === '--sizes') options.sizes = argv[i + 1].split(',').map(Number);
    else if (argv[i] === '--runs') options.runs = Number(argv[i + 1]);
    else throw new Error(`unknown argument ${argv[i]}; usage: node bench/packages-parse.bench.js [--sizes 1000,10000] [--runs 5] [--compile]`);
  }
  return options;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function compileOnce(projectDir, compile) {
  const targetDir = path.join(projectDir, 'target');
  fs.rmSync(targetDir, { recursive: true, force: true });
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [path.join(here, 'compile-once.js'), projectDir, targetDir, ...(compile ? [] : ['--parse'])], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`compile of ${projectDir} failed:\n${child.stderr || child.stdout}`);
  return { ...JSON.parse(child.stdout.trim().split('\n').pop()), wallMs };
}

function main() {
  const { sizes, runs, compile } = parseArgs(process.argv.slice(2));
  for (const name of PACKAGES) {
    if (!fs.existsSync(path.join(packagesDir, name, 'dbt_project.yml'))) throw new Error(`${name} is missing from ${packagesDir}: set DAILIES_DBT_PACKAGES`);
  }
  const rows = [];
  for (const models of sizes) {
    const plain = path.join(outRoot, `pkg-plain-${models}`);
    const withPackages = path.join(outRoot, `pkg-with-${models}`);
    generateProject({ dir: plain, models });
    generateProject({ dir: withPackages, models });
    const entries = PACKAGES.map((name) => `  - local: ${JSON.stringify(path.join(packagesDir, name))}`).join('\n');
    fs.writeFileSync(path.join(withPackages, 'packages.yml'), `packages:\n${entries}\n`);
    const yml = path.join(withPackages, 'dbt_project.yml');
    fs.writeFileSync(yml, `${fs.readFileSync(yml, 'utf8')}\n# dbt_date's variable, as a project using it sets it\nvars:\n  'dbt_date:time_zone': 'UTC'\n`);
    const results = { plain: [], with: [] };
    for (let run = 1; run <= runs; run++) {
      results.plain.push(compileOnce(plain, compile));
      results.with.push(compileOnce(withPackages, compile));
      process.stderr.write(`  ${models} models, run ${run}: ${(results.plain.at(-1).wallMs / 1000).toFixed(2)} s without, ${(results.with.at(-1).wallMs / 1000).toFixed(2)} s with the packages\n`);
    }
    const stat = (list, key) => median(list.map((r) => r[key]));
    const row = (label, list) => `| ${models.toLocaleString('en-US')} | ${label} | ${list[0].nodes} | ${(stat(list, 'wallMs') / 1000).toFixed(2)} s | ${(stat(list, 'cpuMs') / 1000).toFixed(2)} s | ${(stat(list, 'compileMs') / 1000).toFixed(2)} s |`;
    rows.push(row('without packages', results.plain), row('with the 5 packages', results.with));
    const ratio = stat(results.with, 'wallMs') / stat(results.plain, 'wallMs');
    const cpuRatio = stat(results.with, 'cpuMs') / stat(results.plain, 'cpuMs');
    rows.push(`| ${models.toLocaleString('en-US')} | **with / without** | | **${((ratio - 1) * 100).toFixed(1)}% more** | ${((cpuRatio - 1) * 100).toFixed(1)}% more | |`);
  }
  console.log(`Machine: ${describeMachine()}\n`);
  console.log(compile ? 'Parse and compile of every node (`dailies compile`):\n' : 'Parse (`dailies parse`: no node compiled):\n');
  console.log(`| models | project | manifest nodes | wall median | CPU median | ${compile ? 'parse+compile' : 'parse'} median |`);
  console.log('|---:|---|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
