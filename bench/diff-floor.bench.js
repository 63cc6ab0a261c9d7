#!/usr/bin/env node
/**
 * How cheap can a keyed diff be on DuckDB? Times the building blocks any exact diff needs, next
 * to one scan of both tables (the baseline of issue 5's target) and to `diffModel` itself, on
 * the tables of bench/diff.bench.js. Each block is one SQL query through the adapter; its
 * result is checked where it has an expected value. Each run times every block in turn (after one
 * untimed round); the figures are medians. `diffModel` gets both sides' columns read beforehand,
 * as the PR review passes them. Uses the built code in lib/.
 *
 *   npm run build && node bench/diff-floor.bench.js [--rows 25000000] [--runs 3] [--columns 6]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DIFF_COLUMNS, createDiffTables, diffTableColumns, expectedDiff, median, scanBothSql, timed } from './diff-tables.js';

const USAGE = 'node bench/diff-floor.bench.js [--rows 25000000] [--runs 3] [--columns 6 or more]';

function parseArgs(argv) {
  const options = { rows: 25_000_000, runs: 3, columns: DIFF_COLUMNS.length };
  for (let i = 0; i < argv.length; i += 2) {
    const value = Number(argv[i + 1]);
    if (argv[i] === '--rows' && value > 0) options.rows = value;
    else if (argv[i] === '--runs' && value > 0) options.runs = value;
    else if (argv[i] === '--columns' && value >= DIFF_COLUMNS.length) options.columns = value;
    else throw new Error(`bad argument ${argv[i]} ${argv[i + 1] ?? ''}; usage: ${USAGE}`);
  }
  return options;
}

// The outer query reads every checksum, so the row hash is really computed (an unused aggregate would be pruned).
const bucketChecksums = (rowHash, buckets) => `select count(*) as buckets, sum(n) as rows_seen, sum(checksum) as checksums from (
    select hash(id) % ${buckets} as bucket, side, count(*) as n, sum(h) as checksum
    from (select id, ${rowHash} as h, 0 as side from prod.events union all select id, ${rowHash}, 1 from pr.events) both_sides
    group by bucket, side) per_bucket`;

/** name, its SQL (or `diff`: the PR table `diffModel` compares), and a check of its first row (or of the diff). */
function blocks(rows, columnNames) {
  const want = expectedDiff(rows);
  const rowHash = `hash(${columnNames.join(', ')})`;
  return [
    { name: 'scan of both tables (baseline)', sql: scanBothSql(columnNames), check: (row) => Number(row.prod_rows) === rows },
    {
      name: 'bucket checksums, 4,096 buckets by key hash',
      sql: bucketChecksums(rowHash, 4096),
      check: (row) => Number(row.rows_seen) === 2 * rows,
    },
    {
      name: 'bucket checksums, 65,536 buckets by key hash',
      sql: bucketChecksums(rowHash, 65536),
      check: (row) => Number(row.rows_seen) === 2 * rows,
    },
    {
      name: 'full outer join on the key, count(*) only',
      sql: 'select count(*) as n from (select id from prod.events) p full outer join (select id from pr.events) q on p.id = q.id',
      check: (row) => Number(row.n) === rows + want.added,
    },
    {
      name: 'full outer join on the key carrying a row hash: added/removed/changed counts',
      sql: `select count(*) filter (where p.id is null) as added, count(*) filter (where q.id is null) as removed, count(*) filter (where p.h <> q.h) as changed
        from (select id, ${rowHash} as h from prod.events) p full outer join (select id, ${rowHash} as h from pr.events) q on p.id = q.id`,
      check: (row) => Number(row.added) === want.added && Number(row.removed) === want.removed && Number(row.changed) === want.changed,
    },
    {
      name: "PR rows of the diff's kept keys read back (semi-join of the PR table with 0.75% of its keys)",
      sql: `select count(*) as n, sum(${rowHash}) as h from pr.events where exists (select 1 from pr.kept where kept.id = events.id)`,
      check: (row) => Number(row.n) === want.added + want.changed,
    },
    { name: '`diffModel` (counts, per-column counts, samples)', diff: 'events', check: (diff) => diff.keyed?.changed === want.changed && diff.keyed?.added === want.added },
    { name: '`diffModel` of identical tables, fingerprint first (no join)', diff: 'same', check: (diff) => diff.identical === true && diff.rowCounts.pr === rows },
  ];
}

async function main() {
  const { rows, runs, columns } = parseArgs(process.argv.slice(2));
  const { openAdapter } = await import('../lib/warehouse/index.js');
  const { diffModel } = await import('../lib/review/diff/index.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dailies-diff-floor-'));
  const database = path.join(dir, 'bench.duckdb');
  const target = { name: 'bench', type: 'duckdb', schema: 'main', threads: os.availableParallelism(), path: database };
  try {
    // Created, then reopened: the timed queries read checkpointed (compressed) tables, as a warehouse would.
    const setupAdapter = await openAdapter(target);
    await createDiffTables((sql) => setupAdapter.execute(sql), rows, columns);
    // a PR build identical to production, for the fingerprint fast path
    await setupAdapter.execute('create table pr.same as select * from prod.events');
    // the PR keys a keyed diff keeps after its join (added and changed rows), for the read-back block
    await setupAdapter.execute(`create table pr.kept as select id from pr.events where id % 200 = 3 or id >= ${rows}`);
    await setupAdapter.close();
    const adapter = await openAdapter(target);
    try {
      const relation = (schema, identifier = 'events') => ({ database: null, schema, identifier });
      const columnNames = await diffTableColumns(async (sql) => (await adapter.execute(sql)).rows);
      // Both sides' columns read before the timing, as the PR review does (once per schema for every diff).
      const columnsOf = async (identifier) => ({ prod: await adapter.getColumns(relation('prod')), pr: await adapter.getColumns(relation('pr', identifier)) });
      const known = { events: await columnsOf('events'), same: await columnsOf('same') };
      const list = blocks(rows, columnNames);
      const run = (block) =>
        block.sql
          ? adapter.execute(block.sql).then((result) => result.rows[0])
          : diffModel(adapter, {
              uniqueId: 'model.bench.events',
              name: 'events',
              prod: relation('prod'),
              pr: relation('pr', block.diff),
              primaryKey: ['id'],
              primaryKeySource: 'unique test',
              fingerprintFirst: block.diff === 'same',
              columns: known[block.diff],
            });
      const measures = list.map(() => ({ walls: [], cpus: [], ok: true }));
      // One untimed round first (caches, JIT), then the blocks in turn within each run, so that a
      // change in the machine's load falls on every block alike.
      for (const block of list) await run(block);
      for (let round = 0; round < runs; round++) {
        for (const [index, block] of list.entries()) {
          const measured = await timed(() => run(block));
          measures[index].walls.push(measured.wall);
          measures[index].cpus.push(measured.cpu);
          measures[index].ok &&= block.check(measured.result);
        }
      }
      const results = list.map((block, index) => ({ name: block.name, wall: median(measures[index].walls), cpu: median(measures[index].cpus), ok: measures[index].ok }));
      const [scan] = results;
      console.log(`${rows.toLocaleString('en-US')} rows per table, ${columnNames.length} columns, ${runs} runs each (medians), DuckDB threads ${target.threads}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} at the end`);
      console.log('');
      console.log('| building block | wall | × scan wall | CPU | × scan CPU | result checked |');
      console.log('|---|---:|---:|---:|---:|---|');
      for (const result of results) {
        console.log(`| ${result.name} | ${result.wall.toFixed(2)} s | ${(result.wall / scan.wall).toFixed(2)}× | ${result.cpu.toFixed(2)} s | ${(result.cpu / scan.cpu).toFixed(2)}× | ${result.ok ? 'yes' : 'WRONG'} |`);
      }
      const byName = (prefix) => results.find((result) => result.name.startsWith(prefix));
      const floor = byName('full outer join on the key, count(*) only');
      const diff = byName('`diffModel` (counts');
      const same = byName('`diffModel` of identical');
      const readBack = byName('PR rows of');
      // What the diff's plan cannot do without: the key join, reading every column of both tables
      // once (the scan), and reading the kept PR rows back for the per-column counts and samples.
      const bound = { wall: floor.wall + scan.wall + readBack.wall, cpu: floor.cpu + scan.cpu + readBack.cpu };
      console.log('');
      console.log(`diff ÷ floor (count-only keyed join): ${(diff.wall / floor.wall).toFixed(2)}× wall, ${(diff.cpu / floor.cpu).toFixed(2)}× CPU (target ≤ 1.5×)`);
      console.log(`floor + scan + read-back, the diff's parts run apart, ÷ floor: ${(bound.wall / floor.wall).toFixed(2)}× wall, ${(bound.cpu / floor.cpu).toFixed(2)}× CPU`);
      console.log(`identical tables proven equal ÷ scan: ${(same.wall / scan.wall).toFixed(2)}× wall, ${(same.cpu / scan.cpu).toFixed(2)}× CPU (target ≤ 1.2×)`);
      if (results.some((result) => !result.ok)) process.exitCode = 1;
    } finally {
      await adapter.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
