import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DailiesError } from '../../src/errors.js';
import { CsvValueError, type Relation } from '../../src/warehouse/adapter.js';
import { splitCsvLine } from '../../src/csv.js';
import { openTempWarehouse, failureOf, type TempWarehouse } from './helpers.js';

const fixtures = resolve(import.meta.dirname, '../fixtures/warehouse');
const fixture = (name: string) => join(fixtures, name);
const raw: Relation = { database: null, schema: 'raw', identifier: 'movies' };
const columns = ['movie_id', 'title', 'genres'];

describe('loadCsvFile', () => {
  let warehouse: TempWarehouse;
  beforeAll(async () => {
    warehouse = await openTempWarehouse(2);
    await warehouse.adapter.createSchema(null, 'raw');
  });
  afterAll(async () => {
    await warehouse.cleanup();
  });
  beforeEach(async () => {
    await warehouse.adapter.execute('create or replace table raw.movies (movie_id varchar, title varchar, genres varchar, _file varchar, _loaded_at timestamp)');
  });

  const loaded = async () => (await warehouse.adapter.execute('select movie_id, title, genres from raw.movies order by movie_id')).rows;

  it('loads every row as text, with quotes, embedded delimiters and line breaks, and returns the count', async () => {
    const count = await warehouse.adapter.loadCsvFile(raw, fixture('movies.csv'), { columns });
    expect(count).toBe(4);
    expect(await loaded()).toEqual([
      { movie_id: '1', title: 'Toy Story (1995)', genres: 'Adventure|Animation' },
      { movie_id: '2', title: 'Jumanji, the game', genres: 'Adventure' },
      { movie_id: '3', title: 'Say "Hi"', genres: 'Comedy' },
      { movie_id: '4', title: 'Two\nLines', genres: null },
    ]);
  });

  it('appends the extra columns as SQL expressions', async () => {
    await warehouse.adapter.loadCsvFile(raw, fixture('movies_bom_crlf.csv'), {
      columns,
      extraColumns: { _file: "'movies_bom_crlf.csv'", _loaded_at: "timestamp '2024-05-01 00:00:00'" },
    });
    expect((await warehouse.adapter.execute('select movie_id, title, _file, _loaded_at from raw.movies order by movie_id')).rows).toEqual([
      { movie_id: '1', title: 'Heat', _file: 'movies_bom_crlf.csv', _loaded_at: '2024-05-01 00:00:00' },
      { movie_id: '2', title: 'Casino', _file: 'movies_bom_crlf.csv', _loaded_at: '2024-05-01 00:00:00' },
    ]);
  });

  it('reads another delimiter', async () => {
    expect(await warehouse.adapter.loadCsvFile(raw, fixture('movies_semicolon.csv'), { columns, delimiter: ';' })).toBe(2);
    expect((await loaded())[1]).toEqual({ movie_id: '2', title: 'Casino, the movie', genres: 'Crime' });
  });

  it('loads nothing from a file with only a header', async () => {
    expect(await warehouse.adapter.loadCsvFile(raw, fixture('movies_header_only.csv'), { columns })).toBe(0);
  });

  it('rejects a header that differs from the expected columns, naming the file and the difference', async () => {
    const error = await failureOf(warehouse.adapter.loadCsvFile(raw, fixture('movies_bad_header.csv'), { columns }));
    expect(error).toBeInstanceOf(DailiesError);
    expect(error.kind).toBe('load');
    expect(error.place).toEqual({ file: fixture('movies_bad_header.csv'), line: 1 });
    expect(error.message).toContain('missing title');
    expect(error.message).toContain('unexpected name');
    expect(await loaded()).toEqual([]);
  });

  it('rejects an empty file', async () => {
    const error = await failureOf(warehouse.adapter.loadCsvFile(raw, fixture('empty.csv'), { columns }));
    expect(error.kind).toBe('load');
    expect(error.message).toMatch(/empty/);
  });

  it('fails the whole load on a row with too many fields, at its line', async () => {
    const error = await failureOf(warehouse.adapter.loadCsvFile(raw, fixture('movies_extra_field.csv'), { columns }));
    expect(error.kind).toBe('load');
    expect(error.place).toEqual({ file: fixture('movies_extra_field.csv'), line: 4 });
    expect(error.message).toContain('expected 3 fields, found 4');
    expect(error.format()).toContain('movies_extra_field.csv:4:');
    expect(await loaded()).toEqual([]);
  });

  it('fails on an unterminated quote, at the line where it starts', async () => {
    const error = await failureOf(warehouse.adapter.loadCsvFile(raw, fixture('movies_unterminated.csv'), { columns }));
    expect(error.kind).toBe('load');
    expect(error.place).toEqual({ file: fixture('movies_unterminated.csv'), line: 3 });
    expect(error.message).toMatch(/not terminated/);
  });

  it('reads the columns given a type as that type, and reports a value that does not convert at its physical line', async () => {
    const file = join(warehouse.dir, 'typed.csv');
    await writeFile(file, 'movie_id,title,genres\n1,"Say ""Hi""\nagain",Comedy\n,Empty id,\n2,"Two\nLines\nhere",Drama\n3x,Bad id,Drama\n');
    const typed: Relation = { database: null, schema: 'raw', identifier: 'typed' };
    await warehouse.adapter.execute('create or replace table raw.typed (movie_id integer, title varchar, genres varchar)');
    const good = join(warehouse.dir, 'good.csv');
    await writeFile(good, 'movie_id,title,genres\n1,One,\n,None,Drama\n');
    expect(await warehouse.adapter.loadCsvFile(typed, good, { columns, types: { movie_id: 'INTEGER' } })).toBe(2);
    expect((await warehouse.adapter.execute('select movie_id, genres from raw.typed order by movie_id')).rows).toEqual([
      { movie_id: 1, genres: null },
      { movie_id: null, genres: 'Drama' },
    ]);

    const error = await failureOf(warehouse.adapter.loadCsvFile(typed, file, { columns, types: { movie_id: 'INTEGER' } }));
    expect(error).toBeInstanceOf(CsvValueError);
    // DuckDB counts records (it says line 5); the value is on the file's line 8.
    expect(error.place).toEqual({ file, line: 8 });
    expect(error).toMatchObject({ line: 8, column: 'movie_id', value: '3x', dataType: 'INTEGER' });
    expect((await warehouse.adapter.execute('select count(*) as n from raw.typed')).rows).toEqual([{ n: 2 }]);
  });

  it('names a missing file', async () => {
    const error = await failureOf(warehouse.adapter.loadCsvFile(raw, fixture('nope.csv'), { columns }));
    expect(error.kind).toBe('load');
    expect(error.message).toContain('nope.csv');
  });

  it('loads inside a transaction and rolls back with it', async () => {
    await expect(
      warehouse.adapter.transaction(async (tx) => {
        expect(await tx.loadCsvFile(raw, fixture('movies.csv'), { columns })).toBe(4);
        throw new Error('ledger write failed');
      }),
    ).rejects.toThrow('ledger write failed');
    expect(await loaded()).toEqual([]);
  });

  it('splits a header line with quoted names', () => {
    expect(splitCsvLine('a,"b,c","d ""e"""', ',')).toEqual(['a', 'b,c', 'd "e"']);
    expect(splitCsvLine('a||b', '||')).toEqual(['a', 'b']);
  });
});
