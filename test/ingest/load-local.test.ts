import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { formatLoadEvent, formatLoadReport, generateSampleData, loadLandingZone, type LoadFileEvent } from '../../src/ingest/index.js';
import type { Adapter } from '../../src/warehouse/adapter.js';
import { caughtDailiesError, useScratchLanding } from '../fixtures/ingest/scratch-landing.js';

const scratch = useScratchLanding('dailies-load-');
let root: string;
let zone: string;
let adapter: Adapter;
beforeEach(() => ({ root, zone, adapter } = scratch));
const put = scratch.put;

async function count(sql: string): Promise<number> {
  const { rows } = await adapter.execute(sql);
  return Number(Object.values(rows[0] ?? {})[0]);
}

async function ledgerKeys(): Promise<string[]> {
  const { rows } = await adapter.execute('select object_key from raw._dailies_load_ledger order by object_key');
  return rows.map((r) => String(r.object_key));
}

const caught = caughtDailiesError;

const MOVIES = 'movieId,title,genres\n1,"Silent River, The (1995)",Drama|Romance\n2,Café Noël (2001),(no genres listed)\n';

describe('loadLandingZone from a local folder', () => {
  it('loads the sample data into raw tables of VARCHAR columns plus _load_id and _loaded_at, with a ledger row per file', async () => {
    const sample = await generateSampleData({ outDir: zone });
    const events: LoadFileEvent[] = [];
    const report = await loadLandingZone({ adapter, zone, onFile: (e) => events.push(e) });

    expect(report.filesLoaded).toBe(6);
    expect(report.filesSkipped).toBe(0);
    expect(events.map((e) => e.status)).toEqual(Array(6).fill('loaded'));
    for (const file of sample.files) {
      expect(await count(`select count(*) from raw.${file.table}`)).toBe(file.rows);
      expect(report.tables.find((t) => t.table === file.table)?.rows).toBe(file.rows);
    }
    expect(report.rows).toBe(sample.totalRows);
    expect(report.bytes).toBe(sample.totalBytes);
    expect(formatLoadReport(report)).toMatch(/^6 file\(s\) loaded, 0 already loaded from .* into schema raw: [\d,]+ rows/);
    const ratingsEvent = events.find((e) => e.table === 'ratings') as LoadFileEvent;
    expect(formatLoadEvent(ratingsEvent)).toContain('ratings/ratings_day001.csv → ratings');

    const columns = await adapter.getColumns({ database: null, schema: 'raw', identifier: 'ratings' });
    expect(columns.map((c) => [c.name, c.dataType])).toEqual([
      ['userId', 'VARCHAR'],
      ['movieId', 'VARCHAR'],
      ['rating', 'VARCHAR'],
      ['timestamp', 'VARCHAR'],
      ['_load_id', 'BIGINT'],
      ['_loaded_at', 'TIMESTAMP'],
    ]);
    const { rows } = await adapter.execute(
      'select distinct ledger.object_key from raw.ratings inner join raw._dailies_load_ledger as ledger on ratings._load_id = ledger.load_id',
    );
    expect(rows).toEqual([{ object_key: 'ratings/ratings_day001.csv' }]);
    const ledger = await adapter.execute('select object_key, size_bytes, table_name, row_count from raw._dailies_load_ledger order by object_key');
    expect(ledger.rows.map((r) => [r.object_key, Number(r.size_bytes), r.table_name, Number(r.row_count)])).toEqual(
      [...sample.files].sort((a, b) => a.key.localeCompare(b.key)).map((f) => [f.key, f.bytes, f.table, f.rows]),
    );
  });

  it('keeps quoted commas and UTF-8 intact', async () => {
    await put('movies/movies_day001.csv', MOVIES);
    await loadLandingZone({ adapter, zone });
    const { rows } = await adapter.execute('select "movieId", title, genres from raw.movies order by "movieId"');
    expect(rows).toEqual([
      { movieId: '1', title: 'Silent River, The (1995)', genres: 'Drama|Romance' },
      { movieId: '2', title: 'Café Noël (2001)', genres: '(no genres listed)' },
    ]);
  });

  it('loads each file exactly once: a second run loads nothing and row counts stay the same', async () => {
    await generateSampleData({ outDir: zone });
    await loadLandingZone({ adapter, zone });
    const before = await count('select count(*) from raw.ratings');
    await generateSampleData({ outDir: zone }); // rewrites the same bytes: not a change
    const again = await loadLandingZone({ adapter, zone });
    expect(again.filesLoaded).toBe(0);
    expect(again.filesSkipped).toBe(6);
    expect(again.rows).toBe(0);
    expect(await count('select count(*) from raw.ratings')).toBe(before);
    expect(await count('select count(*) from raw._dailies_load_ledger')).toBe(6);

    await generateSampleData({ outDir: zone, day: 2 });
    const day2 = await loadLandingZone({ adapter, zone });
    expect(day2.filesLoaded).toBe(6);
    expect(day2.filesSkipped).toBe(6);
    const day1 = `(select load_id from raw._dailies_load_ledger where object_key = 'ratings/ratings_day001.csv')`;
    expect(await count(`select count(*) from raw.ratings where _load_id = ${day1}`)).toBe(before);
    expect(await count(`select count(distinct _load_id) from raw.users`)).toBe(2);
  });

  it('refuses a changed file, loading nothing, and names it', async () => {
    await put('movies/movies_day001.csv', MOVIES);
    await loadLandingZone({ adapter, zone });
    await put('movies/movies_day001.csv', MOVIES + '3,Brave Echo (2010),Comedy\n');
    await put('movies/movies_day002.csv', 'movieId,title,genres\n4,Iron Garden (2024),Drama\n');

    const error = await caught(loadLandingZone({ adapter, zone }));
    expect(error.kind).toBe('load');
    expect(error.message).toContain('changed since they were loaded');
    expect(error.place?.file).toBe(join(zone, 'movies/movies_day001.csv'));
    expect(error.hint).toContain('--force');
    expect(await count('select count(*) from raw.movies')).toBe(2);
    expect(await ledgerKeys()).toEqual(['movies/movies_day001.csv']);
  });

  it('notices a change that keeps the size (by the SHA-256 fingerprint)', async () => {
    await put('movies/movies_day001.csv', MOVIES);
    await loadLandingZone({ adapter, zone });
    await put('movies/movies_day001.csv', MOVIES.replace('Drama|Romance', 'Romance|Drama'));
    const error = await caught(loadLandingZone({ adapter, zone }));
    expect(error.message).toMatch(/loaded as \d+ bytes, fingerprint sha256:[0-9a-f]{64}; now \d+ bytes, fingerprint sha256:[0-9a-f]{64}/);
  });

  it('with force, replaces a changed file\'s rows in one go', async () => {
    await put('movies/movies_day001.csv', MOVIES);
    await put('movies/movies_day002.csv', 'movieId,title,genres\n4,Iron Garden (2024),Drama\n');
    await loadLandingZone({ adapter, zone });
    await put('movies/movies_day001.csv', MOVIES + '3,Brave Echo (2010),Comedy\n');

    const report = await loadLandingZone({ adapter, zone, force: true });
    expect(report.filesReloaded).toBe(1);
    expect(report.filesSkipped).toBe(1);
    const { rows } = await adapter.execute('select "movieId" from raw.movies order by "movieId"');
    expect(rows.map((r) => r.movieId)).toEqual(['1', '2', '3', '4']);
    expect(await count(`select row_count from raw._dailies_load_ledger where object_key = 'movies/movies_day001.csv'`)).toBe(3);
    expect(await count('select count(*) from raw._dailies_load_ledger')).toBe(2);
  });

  it('aborts a file with a malformed row, naming the file and line, and commits nothing of it', async () => {
    await put('movies/movies_day001.csv', MOVIES);
    await loadLandingZone({ adapter, zone });
    await put('ratings/ratings_day001.csv', 'userId,movieId,rating,timestamp\n1,1,4.0,1700000000\n1,2,3.5,1700000001,extra\n');

    const error = await caught(loadLandingZone({ adapter, zone }));
    expect(error.place?.file).toBe(join(zone, 'ratings/ratings_day001.csv'));
    expect(error.place?.line).toBe(3);
    expect(error.message).toContain('ratings_day001.csv');
    expect(await ledgerKeys()).toEqual(['movies/movies_day001.csv']);
    expect(await adapter.getRelation({ database: null, schema: 'raw', identifier: 'ratings' })).toBeNull();
  });

  it('rolls back the rows of a malformed file appended to an existing table', async () => {
    await put('ratings/ratings_day001.csv', 'userId,movieId,rating,timestamp\n1,1,4.0,1700000000\n');
    await loadLandingZone({ adapter, zone });
    await put('ratings/ratings_day002.csv', 'userId,movieId,rating,timestamp\n2,1,4.0,1700000000\n2,2,"3.5,1700000001\n');
    const error = await caught(loadLandingZone({ adapter, zone }));
    expect(error.place?.file).toContain('ratings_day002.csv');
    expect(await count('select count(*) from raw.ratings')).toBe(1);
    expect(await ledgerKeys()).toEqual(['ratings/ratings_day001.csv']);
  });

  it('refuses a header that differs from the existing table, naming the file and the columns', async () => {
    await put('ratings/ratings_day001.csv', 'userId,movieId,rating,timestamp\n1,1,4.0,1700000000\n');
    await loadLandingZone({ adapter, zone });
    await put('ratings/ratings_day002.csv', 'userId,movieId,stars,timestamp\n2,1,4.0,1700000000\n');

    const error = await caught(loadLandingZone({ adapter, zone }));
    expect(error.place).toEqual({ file: join(zone, 'ratings/ratings_day002.csv'), line: 1 });
    expect(error.message).toContain('userId,movieId,stars,timestamp');
    expect(error.message).toContain('missing rating');
    expect(error.message).toContain('unexpected stars');
    expect(await count('select count(*) from raw.ratings')).toBe(1);
    expect(await ledgerKeys()).toEqual(['ratings/ratings_day001.csv']);
  });

  it('ignores files that are not <table>/<file>.csv and loads into another schema when asked', async () => {
    await put('movies/movies_day001.csv', MOVIES);
    await put('movies/README.txt', 'not data');
    await writeFile(join(zone, 'stray.csv'), 'a,b\n1,2\n');
    const report = await loadLandingZone({ adapter, zone, schema: 'landing_raw' });
    expect(report.filesLoaded).toBe(1);
    expect(report.files.filter((f) => f.status === 'ignored').map((f) => f.key)).toEqual(['movies/README.txt', 'stray.csv']);
    expect(await count('select count(*) from landing_raw.movies')).toBe(2);
  });

  it('reports a missing landing folder as a load error with a hint', async () => {
    const error = await caught(loadLandingZone({ adapter, zone: join(root, 'nowhere') }));
    expect(error.message).toContain('is not a folder');
    expect(error.hint).toContain('sample-data');
  });
});
