import { createHash } from 'node:crypto';
import { readFile, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadLandingZone, type LoadFileEvent } from '../../src/ingest/index.js';
import type { Adapter } from '../../src/warehouse/adapter.js';
import { caughtDailiesError, useScratchLanding } from '../fixtures/ingest/scratch-landing.js';

const scratch = useScratchLanding('dailies-load-ids-');
let zone: string;
let adapter: Adapter;
beforeEach(() => ({ zone, adapter } = scratch));
const put = scratch.put;

async function query(sql: string): Promise<Record<string, unknown>[]> {
  return (await adapter.execute(sql)).rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
}

async function ledger(): Promise<{ load_id: number; object_key: string }[]> {
  return (await query('select load_id, object_key from raw._dailies_load_ledger order by load_id')) as { load_id: number; object_key: string }[];
}

const caught = caughtDailiesError;

const MOVIES = 'movieId,title,genres\n1,Heat (1995),Crime\n2,Casino (1995),Drama\n';
const RATINGS_1 = 'userId,movieId,rating,timestamp\n1,1,4.0,1700000000\n1,2,3.5,1700000001\n';
const RATINGS_2 = 'userId,movieId,rating,timestamp\n2,1,5.0,1700000100\n';

describe('load ids', () => {
  it('gives each loaded file the next load id, in key order, across files and runs; its RAW rows carry it', async () => {
    await put('ratings/ratings_day001.csv', RATINGS_1);
    await put('movies/movies_day001.csv', MOVIES);
    const events: LoadFileEvent[] = [];
    await loadLandingZone({ adapter, zone, onFile: (e) => events.push(e) });
    expect(events.map((e) => [e.key, e.loadId])).toEqual([
      ['movies/movies_day001.csv', 1],
      ['ratings/ratings_day001.csv', 2],
    ]);

    await put('ratings/ratings_day002.csv', RATINGS_2);
    const again: LoadFileEvent[] = [];
    await loadLandingZone({ adapter, zone, onFile: (e) => again.push(e) });
    expect(again.map((e) => [e.status, e.key, e.loadId])).toEqual([
      ['skipped', 'movies/movies_day001.csv', 1],
      ['skipped', 'ratings/ratings_day001.csv', 2],
      ['loaded', 'ratings/ratings_day002.csv', 3],
    ]);
    expect(await ledger()).toEqual([
      { load_id: 1, object_key: 'movies/movies_day001.csv' },
      { load_id: 2, object_key: 'ratings/ratings_day001.csv' },
      { load_id: 3, object_key: 'ratings/ratings_day002.csv' },
    ]);
    expect(await query('select _load_id, count(*) as n from raw.ratings group by _load_id order by _load_id')).toEqual([
      { _load_id: 2, n: 2 },
      { _load_id: 3, n: 1 },
    ]);
    expect(await query('select distinct _load_id from raw.movies')).toEqual([{ _load_id: 1 }]);
  });

  it('with --force, deletes the rows of the previous load id and reloads the file under a new one', async () => {
    await put('movies/movies_day001.csv', MOVIES);
    await put('ratings/ratings_day001.csv', RATINGS_1);
    await put('ratings/ratings_day002.csv', RATINGS_2);
    await loadLandingZone({ adapter, zone });
    await put('ratings/ratings_day001.csv', 'userId,movieId,rating,timestamp\n1,1,4.5,1700000000\n');

    const events: LoadFileEvent[] = [];
    const report = await loadLandingZone({ adapter, zone, force: true, onFile: (e) => events.push(e) });
    expect(report.filesReloaded).toBe(1);
    expect(events.find((e) => e.status === 'reloaded')).toMatchObject({ key: 'ratings/ratings_day001.csv', loadId: 4, rows: 1 });
    expect(await ledger()).toEqual([
      { load_id: 1, object_key: 'movies/movies_day001.csv' },
      { load_id: 3, object_key: 'ratings/ratings_day002.csv' },
      { load_id: 4, object_key: 'ratings/ratings_day001.csv' },
    ]);
    expect(await query('select _load_id, "userId", cast(rating as varchar) as rating from raw.ratings order by _load_id')).toEqual([
      { _load_id: 3, userId: '2', rating: '5.0' },
      { _load_id: 4, userId: '1', rating: '4.5' },
    ]);
    expect(await query('select count(*) as n from raw.movies where _load_id = 1')).toEqual([{ n: 2 }]);
  });

  it('never reuses the id of a forced reload of the newest load', async () => {
    await put('movies/movies_day001.csv', MOVIES);
    await loadLandingZone({ adapter, zone });
    await put('movies/movies_day001.csv', `${MOVIES}3,Ronin (1998),Action\n`);
    await loadLandingZone({ adapter, zone, force: true });
    expect(await ledger()).toEqual([{ load_id: 2, object_key: 'movies/movies_day001.csv' }]);
    expect(await query('select distinct _load_id from raw.movies')).toEqual([{ _load_id: 2 }]);
  });
});

describe('the local fingerprint', () => {
  it('is sha256:<hex> of the contents; an unchanged file is skipped, a changed one of the same size refused', async () => {
    await put('movies/movies_day001.csv', MOVIES);
    await loadLandingZone({ adapter, zone });
    const file = join(zone, 'movies/movies_day001.csv');
    const expected = `sha256:${createHash('sha256').update(await readFile(file)).digest('hex')}`;
    expect(await query('select etag from raw._dailies_load_ledger')).toEqual([{ etag: expected }]);

    await put('movies/movies_day001.csv', MOVIES); // the same bytes, written again
    await utimes(file, new Date(), new Date(Date.now() + 60_000));
    const again = await loadLandingZone({ adapter, zone });
    expect(again.filesSkipped).toBe(1);
    expect(again.filesLoaded).toBe(0);

    await put('movies/movies_day001.csv', MOVIES.replace('Crime', 'Drama').replace('Casino (1995),Drama', 'Casino (1995),Crime'));
    const error = await caught(loadLandingZone({ adapter, zone }));
    expect(error.message).toContain(`fingerprint ${expected}; now`);
    expect(error.message).toMatch(/now \d+ bytes, fingerprint sha256:[0-9a-f]{64}\)/);
    expect(await ledger()).toEqual([{ load_id: 1, object_key: 'movies/movies_day001.csv' }]);
  });
});

describe('RAW made by an earlier version of dailies load', () => {
  it('refuses a ledger without load_id before loading anything', async () => {
    await adapter.execute('create schema raw');
    await adapter.execute(
      'create table raw._dailies_load_ledger (object_key varchar, etag varchar, size_bytes bigint, table_name varchar, row_count bigint, loaded_at timestamp)',
    );
    await adapter.execute("insert into raw._dailies_load_ledger values ('movies/movies_day001.csv', 'abc', 10, 'movies', 2, timestamp '2024-01-01 00:00:00')");
    await put('movies/movies_day002.csv', MOVIES);

    const error = await caught(loadLandingZone({ adapter, zone }));
    expect(error.kind).toBe('load');
    expect(error.message).toContain('raw._dailies_load_ledger has no load_id column');
    expect(error.message).toContain('created by an earlier version of `dailies load`');
    expect(error.hint).toContain('drop schema raw cascade');
    expect(error.hint).toContain('load the landing zone again');
    expect(await adapter.getRelation({ database: null, schema: 'raw', identifier: 'movies' })).toBeNull();
    expect(await query('select count(*) as n from raw._dailies_load_ledger')).toEqual([{ n: 1 }]);
  });

  it('refuses a RAW table with _source_file before loading anything, naming the table', async () => {
    await adapter.execute('create schema raw');
    await adapter.execute('create table raw.ratings ("userId" varchar, "movieId" varchar, rating varchar, "timestamp" varchar, _source_file varchar, _loaded_at timestamp)');
    await put('movies/movies_day001.csv', MOVIES); // sorts before ratings/: must not load either
    await put('ratings/ratings_day002.csv', RATINGS_2);

    const error = await caught(loadLandingZone({ adapter, zone }));
    expect(error.message).toContain('RAW table raw.ratings has a _source_file column');
    expect(error.message).toContain('created by an earlier version of `dailies load`');
    expect(error.message).toContain('nothing was loaded');
    expect(error.hint).toContain('drop schema raw cascade');
    expect(await adapter.getRelation({ database: null, schema: 'raw', identifier: 'movies' })).toBeNull();
    expect(await ledger()).toEqual([]);
    expect(await query('select count(*) as n from raw.ratings')).toEqual([{ n: 0 }]);
  });

  it('refuses a RAW table without _load_id', async () => {
    await adapter.execute('create schema landing_raw');
    await adapter.execute('create table landing_raw.movies ("movieId" varchar, title varchar, genres varchar, _loaded_at timestamp)');
    await put('movies/movies_day001.csv', MOVIES);
    const error = await caught(loadLandingZone({ adapter, zone, schema: 'landing_raw' }));
    expect(error.message).toContain('RAW table landing_raw.movies has no _load_id column');
    expect(error.hint).toContain('drop schema landing_raw cascade');
  });

  it('refuses a landing-zone folder named like the ledger', async () => {
    await put('_dailies_load_ledger/x.csv', 'a\n1\n');
    const error = await caught(loadLandingZone({ adapter, zone }));
    expect(error.message).toContain("folder name '_dailies_load_ledger' is not a valid RAW table name");
  });
});
