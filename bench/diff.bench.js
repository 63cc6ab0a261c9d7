#!/usr/bin/env node
/**
 * Data diff vs one scan: builds two tables of N rows in a DuckDB file (`prod.events` and
 * `pr.events`, differing in about 1% of rows: 0.25% removed, 0.25% added, 0.5% changed), then
 * times one scan of both tables (`count(*)` and `sum(hash(...))` of every column) against
 * `diffModel` by primary key (one query: counts and samples). Uses the built code in lib/
 * (`npx tsc -p tsconfig.build.json` first).
 *
 *   node bench/diff.bench.js [--rows 25000000] [--runs 3] [--threads 2] [--columns 6]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DIFF_COLUMNS, createDiffTables, diffTableColumns, expectedDiff, median, scanBothSql, timed } from './diff-tables.js';

function parseArgs(argv) {
  const options = { rows: 25_000_000, runs: 3, threads: os.availableParallelism(), columns: DIFF_COLUMNS.length };
  for (let i = 0; i < argv.length; i += 2) {
    const value = Number(argv[i + 1]);
    if (argv[i] === '--rows') options.rows = value;
    else if (argv[i] === '--runs') options.runs = value;
    else if (argv[i] === '--threads') options.threads = value;
    else if (argv[i] === '--columns' && value >= DIFF_COLUMNS.length) options.columns = value;
    else throw new Error(`bad argument ${argv[i]}; usage: node bench/diff.bench.js [--rows 25000000] [--runs 3] [--threads 2] [--columns 6 or more]`);
  }
  return options;
}

const fmt = (seconds) => `${seconds.toFixed(2)} s`;

async function main() {
  const { rows, runs, threads, columns } = parseArgs(process.argv.slice(2));
  const { openAdapter } = await import('../lib/warehouse/index.js');
  const { diffModel } = await import('../lib/review/diff/index.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dailies-diff-bench-'));
  const adapter = await openAdapter({ name: 'bench', type: 'duckdb', schema: 'main', threads, path: path.join(dir, 'bench.duckdb') });
  try {
    const setup = await timed(async () => {
      await createDiffTables((sql) => adapter.execute(sql), rows, columns);
    });
    console.log(`setup: ${rows.toLocaleString('en-US')} rows per table, ${columns} columns, in ${fmt(setup.wall)}`);
    const scanSql = scanBothSql(await diffTableColumns(async (sql) => (await adapter.execute(sql)).rows));
    const scan = () => adapter.execute(scanSql);
    const diff = () => diffModel(adapter, {
      uniqueId: 'model.bench.events', name: 'events',
      prod: { database: null, schema: 'prod', identifier: 'events' }, pr: { database: null, schema: 'pr', identifier: 'events' },
      primaryKey: ['id'], primaryKeySource: 'unique test',
    });
    const scans = [];
    const diffs = [];
    let last;
    for (let run = 0; run < runs; run++) {
      scans.push(await timed(scan));
      const measured = await timed(diff);
      diffs.push(measured);
      last = measured.result;
    }
    const want = expectedDiff(rows);
    const got = last.keyed;
    const correct = got && got.added === want.added && got.removed === want.removed && got.changed === want.changed && got.unchanged === want.unchanged;
    if (last.error) throw new Error(`diff failed: ${last.error}`);
    const scanWall = median(scans.map((s) => s.wall));
    const diffWall = median(diffs.map((d) => d.wall));
    const scanCpu = median(scans.map((s) => s.cpu));
    const diffCpu = median(diffs.map((d) => d.cpu));
    console.log(`diff counts: added ${got.added}, removed ${got.removed}, changed ${got.changed}, unchanged ${got.unchanged}, duplicate keys ${got.duplicateKeys.prod}/${got.duplicateKeys.pr} (${correct ? 'match' : 'DO NOT match'} the expected ${JSON.stringify(want)})`);
    console.log(`load average: ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
    console.log('');
    console.log('| rows per table | columns | runs | scan wall (median) | diff wall (median) | wall ratio | scan CPU (median) | diff CPU (median) | CPU ratio |');
    console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    console.log(`| ${rows.toLocaleString('en-US')} | ${columns} | ${runs} | ${fmt(scanWall)} | ${fmt(diffWall)} | ${(diffWall / scanWall).toFixed(2)}× | ${fmt(scanCpu)} | ${fmt(diffCpu)} | ${(diffCpu / scanCpu).toFixed(2)}× |`);
    if (!correct) process.exitCode = 1;
  } finally {
    await adapter.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
