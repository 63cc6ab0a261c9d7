/**
 * Rough ingest speed of the DuckDB adapter's loadCsvFile (target: >= 150 MB/s on 2 idle cores).
 * Run: npx vitest bench --run test/warehouse/load-csv.bench.ts   (writes ~200 MB under the OS temp folder)
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bench, describe } from 'vitest';
import type { Adapter } from '../../src/warehouse/adapter.js';
import { openAdapter } from '../../src/warehouse/index.js';

const ROWS = 2_800_000;

async function writeRatings(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('user_id,movie_id,rating,rated_at,comment\n');
  const batch: string[] = [];
  for (let index = 0; index < rows; index += 1) {
    batch.push(`${index % 162_541},${(index * 7) % 62_423},${(index % 10) / 2},2019-${String((index % 12) + 1).padStart(2, '0')}-15 10:20:30,"great, would watch again ${index}"`);
    if (batch.length === 10_000) {
      if (!out.write(`${batch.join('\n')}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      batch.length = 0;
    }
  }
  out.end(batch.length > 0 ? `${batch.join('\n')}\n` : '');
  await new Promise<void>((resolve) => out.on('finish', () => resolve()));
}

interface Workload {
  dir: string;
  csvPath: string;
  megabytes: number;
  adapter: Adapter;
}

let workload: Workload | null = null;

async function prepare(): Promise<Workload> {
  if (workload) return workload;
  const dir = mkdtempSync(join(tmpdir(), 'dailies-csv-bench-'));
  const csvPath = join(dir, 'ratings.csv');
  await writeRatings(csvPath, ROWS);
  const adapter = await openAdapter({ name: 'bench', type: 'duckdb', schema: 'main', threads: 2, path: join(dir, 'bench.duckdb') });
  await adapter.createSchema(null, 'raw');
  workload = { dir, csvPath, megabytes: statSync(csvPath).size / 1e6, adapter };
  return workload;
}

describe('loadCsvFile', () => {
  bench(
    'native read_csv of ~200 MB into a VARCHAR table',
    async () => {
      const { adapter, csvPath, megabytes } = await prepare();
      await adapter.execute('create or replace table raw.ratings (user_id varchar, movie_id varchar, rating varchar, rated_at varchar, comment varchar, _file varchar)');
      const started = performance.now();
      const rows = await adapter.loadCsvFile({ database: null, schema: 'raw', identifier: 'ratings' }, csvPath, {
        columns: ['user_id', 'movie_id', 'rating', 'rated_at', 'comment'],
        extraColumns: { _file: "'ratings.csv'" },
      });
      const seconds = (performance.now() - started) / 1000;
      console.log(`${rows} rows, ${megabytes.toFixed(0)} MB in ${seconds.toFixed(2)} s = ${(megabytes / seconds).toFixed(0)} MB/s`);
    },
    {
      iterations: 3,
      time: 0,
      warmupIterations: 0,
      async teardown(_task, mode) {
        if (mode !== 'run' || !workload) return;
        await workload.adapter.close();
        rmSync(workload.dir, { recursive: true, force: true });
        workload = null;
      },
    },
  );
});
