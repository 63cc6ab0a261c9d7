/**
 * Typed RAW columns: the types a project declares for its RAW source columns (`data_type`) are the
 * RAW table's column types; values that do not convert stop their file with its line.
 */
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { loadLandingZone, rawColumnTypes, type RawColumnTypes } from '../../src/ingest/index.js';
import type { Adapter } from '../../src/warehouse/adapter.js';
import { caughtDailiesError, useScratchLanding } from '../fixtures/ingest/scratch-landing.js';
import { removeTempProjects, tempProject } from '../compiler/temp-project.js';

const scratch = useScratchLanding('dailies-load-typed-');
let zone: string;
let adapter: Adapter;
beforeEach(() => ({ zone, adapter } = scratch));
const put = scratch.put;

afterAll(removeTempProjects);

const caught = caughtDailiesError;

async function ledgerKeys(): Promise<string[]> {
  const { rows } = await adapter.execute('select object_key from raw._dailies_load_ledger order by object_key');
  return rows.map((r) => String(r.object_key));
}

async function columnTypes(table: string): Promise<[string, string][]> {
  const columns = await adapter.getColumns({ database: null, schema: 'raw', identifier: table });
  return columns.map((c) => [c.name, c.dataType]);
}

const SOURCES = `version: 2
sources:
  - name: raw
    tables:
      - name: ratings
        columns:
          - name: userId
            data_type: int
          - name: movieId
            data_type: integer
          - name: rating
            data_type: decimal(2,1)
          - name: timestamp
            data_type: bigint
          - name: _loaded_at
            data_type: timestamp
      - name: movies
        columns:
          - name: movieId
            data_type: integer
          - name: title
`;

async function typesFrom(yaml: string, schema = 'raw'): Promise<RawColumnTypes> {
  const project = await tempProject({ 'models/_sources.yml': yaml });
  return rawColumnTypes(project, schema);
}

const RATINGS = 'userId,movieId,rating,timestamp\n1,10,4.5,1700000000\n,11,7.0,1700000001\n2,,-1.0,\n';

describe('typed RAW columns from the project\'s sources', () => {
  it('creates declared columns with their type (empty fields NULL) and leaves the others VARCHAR', async () => {
    await put('ratings/ratings_day001.csv', RATINGS);
    await put('movies/movies_day001.csv', 'movieId,title,genres\n1,"Heat, The (1995)",Drama\n');
    await loadLandingZone({ adapter, zone, columnTypes: await typesFrom(SOURCES) });

    expect(await columnTypes('ratings')).toEqual([
      ['userId', 'INTEGER'],
      ['movieId', 'INTEGER'],
      ['rating', 'DECIMAL(2,1)'],
      ['timestamp', 'BIGINT'],
      ['_load_id', 'BIGINT'],
      ['_loaded_at', 'TIMESTAMP'],
    ]);
    const { rows } = await adapter.execute('select "userId", "movieId", cast(rating as varchar) as rating, "timestamp" from raw.ratings order by "timestamp" nulls last');
    expect(rows).toEqual([
      { userId: 1, movieId: 10, rating: '4.5', timestamp: 1700000000 },
      { userId: null, movieId: 11, rating: '7.0', timestamp: 1700000001 },
      { userId: 2, movieId: null, rating: '-1.0', timestamp: null },
    ]);
    expect((await columnTypes('movies')).slice(0, 3)).toEqual([
      ['movieId', 'INTEGER'],
      ['title', 'VARCHAR'],
      ['genres', 'VARCHAR'],
    ]);
  });

  it('finds the source by its schema and identifier, case-insensitively; other schemas and sources stay VARCHAR', async () => {
    const yaml = `version: 2
sources:
  - name: landing
    schema: RAW
    tables:
      - name: scores
        identifier: Ratings
        columns:
          - name: userId
            data_type: integer
  - name: raw
    schema: elsewhere
    tables:
      - name: movies
        columns:
          - name: movieId
            data_type: integer
`;
    const types = await typesFrom(yaml);
    expect([...types.keys()]).toEqual(['ratings']);
    expect(types.get('ratings')?.get('userId')?.dataType).toBe('integer');
    expect(types.get('ratings')?.get('userId')?.place).toEqual({ file: 'models/_sources.yml', line: 10 });
    expect((await typesFrom(yaml, 'other')).size).toBe(0);
  });

  it('loads every column as VARCHAR, as before, when no source matches', async () => {
    await put('ratings/ratings_day001.csv', RATINGS);
    await loadLandingZone({ adapter, zone, columnTypes: await typesFrom(SOURCES, 'landing_raw') });
    expect((await columnTypes('ratings')).map(([, type]) => type)).toEqual(['VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'BIGINT', 'TIMESTAMP']);
  });

  it('aborts a file whose value does not convert, naming the object, its physical line, the column, the value and the declaration', async () => {
    await put('movies/movies_day001.csv', 'movieId,title,genres\n1,"Heat, The\n(1995)",Drama\n');
    await put('ratings/ratings_day001.csv', 'userId,movieId,rating,timestamp\n1,10,4.5,1700000000\n1,11,4.0,1700000000\n');
    await loadLandingZone({ adapter, zone, columnTypes: await typesFrom(SOURCES) });
    // A quoted title spanning two lines: DuckDB counts records, the error names the file's line.
    await put('movies/movies_day002.csv', 'movieId,title,genres\n2,"Two\nLines (2001)",Drama\n3,Three (2002),Drama\nabc,Four (2003),Drama\n');
    await put('ratings/ratings_day002.csv', 'userId,movieId,rating,timestamp\n2,10,3.0,1700000002\n');

    const error = await caught(loadLandingZone({ adapter, zone, columnTypes: await typesFrom(SOURCES) }));
    expect(error.kind).toBe('load');
    expect(error.place).toEqual({ file: join(zone, 'movies/movies_day002.csv'), line: 5 });
    expect(error.format()).toContain('movies_day002.csv:5: value "abc"');
    expect(error.message).toContain('value "abc" of column movieId is not a valid integer');
    expect(error.message).toContain('(declared in models/_sources.yml:20)');
    expect(error.hint).toMatch(/fix the value in the file, or declare the column as varchar in models\/_sources\.yml:20/);
    expect(await ledgerKeys()).toEqual(['movies/movies_day001.csv', 'ratings/ratings_day001.csv']);
    const { rows } = await adapter.execute('select count(*) as n from raw.movies');
    expect(Number(rows[0]?.n)).toBe(1);
  });

  it('refuses an existing RAW table whose column types differ from the declared ones, loading nothing', async () => {
    await put('ratings/ratings_day001.csv', RATINGS);
    await loadLandingZone({ adapter, zone }); // no declarations: every column VARCHAR
    await put('movies/movies_day001.csv', 'movieId,title,genres\n1,Heat (1995),Drama\n');
    await put('ratings/ratings_day002.csv', 'userId,movieId,rating,timestamp\n3,12,2.5,1700000009\n');

    const error = await caught(loadLandingZone({ adapter, zone, columnTypes: await typesFrom(SOURCES) }));
    expect(error.message).toContain('RAW table raw.ratings exists with column userId of type VARCHAR, but the column declared as int in models/_sources.yml:8');
    expect(error.place).toEqual({ file: 'models/_sources.yml', line: 8 });
    expect(error.hint).toContain('drop the RAW table raw.ratings (or its schema) and load the landing zone again');
    expect(await ledgerKeys()).toEqual(['ratings/ratings_day001.csv']);
    expect(await adapter.getRelation({ database: null, schema: 'raw', identifier: 'movies' })).toBeNull();
  });

  it('refuses a data_type the warehouse cannot create, at its place in the YAML, loading nothing', async () => {
    await put('ratings/ratings_day001.csv', RATINGS);
    const error = await caught(loadLandingZone({ adapter, zone, columnTypes: await typesFrom(SOURCES.replace('data_type: bigint', 'data_type: bigint_number')) }));
    expect(error.kind).toBe('config');
    expect(error.message).toContain("data_type 'bigint_number' of RAW column ratings.timestamp is not a type the warehouse can load a column as");
    expect(error.place).toEqual({ file: 'models/_sources.yml', line: 14 });
    expect(await adapter.getRelation({ database: null, schema: 'raw', identifier: 'ratings' })).toBeNull();

    const injected = await caught(loadLandingZone({ adapter, zone, columnTypes: await typesFrom(SOURCES.replace('data_type: bigint', "data_type: 'int); drop table x; --'")) }));
    expect(injected.message).toContain('is not a column type name');
  });

  it('refuses a file whose header lacks a declared column, naming the declaration and the file', async () => {
    await put('ratings/ratings_day001.csv', 'userid,movieId,rating,timestamp\n1,10,4.5,1700000000\n');
    const error = await caught(loadLandingZone({ adapter, zone, columnTypes: await typesFrom(SOURCES) }));
    expect(error.place).toEqual({ file: join(zone, 'ratings/ratings_day001.csv'), line: 1 });
    expect(error.message).toContain('/ratings/ratings_day001.csv has no column userId (data_type int, models/_sources.yml:8');
    expect(await adapter.getRelation({ database: null, schema: 'raw', identifier: 'ratings' })).toBeNull();
  });
});
