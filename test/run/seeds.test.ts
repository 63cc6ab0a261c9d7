import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeCompiler, build, openWarehouse, rows, statusOf, type Warehouse } from './helpers.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'run', 'seeds');
let warehouse: Warehouse;
beforeEach(async () => {
  warehouse = await openWarehouse();
});
afterEach(async () => {
  await warehouse.close();
});

function seed(name: string, config: Record<string, unknown> = {}, file = name): FakeCompiler {
  return new FakeCompiler([{ id: `seed.proj.${name}`, seedPath: join(fixtures, `${file}.csv`), schema: 'raw', config }]);
}

describe('seeds', () => {
  it('loads a CSV with quotes, embedded newlines, CRLF and empty cells, inferring column types', async () => {
    const results = await build(warehouse, seed('movies'), { command: 'seed' });
    expect(statusOf(results, 'seed.proj.movies')).toBe('success');
    expect(results.results[0]!.rows_affected).toBe(3);
    const columns = await warehouse.adapter.getColumns({ database: null, schema: 'raw', identifier: 'movies' });
    expect(columns.map((column) => [column.name, column.dataType])).toEqual([
      ['id', 'INTEGER'],
      ['title', 'VARCHAR'],
      ['rating', 'DOUBLE'],
      ['released', 'DATE'],
      ['watched_at', 'TIMESTAMP'],
      ['is_new', 'BOOLEAN'],
      ['notes', 'VARCHAR'],
    ]);
    expect(await rows(warehouse.adapter, 'select id, title, rating, cast(released as varchar) as released, is_new, notes from raw.movies order by id')).toEqual([
      { id: 1, title: 'Heat, the movie', rating: 4.5, released: '1995-12-15', is_new: true, notes: null },
      { id: 2, title: 'Say "hello"', rating: 3, released: '1999-03-31', is_new: false, notes: 'two\r\nlines' },
      { id: 3, title: 'Up', rating: null, released: '2009-05-29', is_new: true, notes: 'plain' },
    ]);
  });

  it('infers the types dbt-duckdb 1.11 infers, and loads what it loads (test/fixtures/run/seeds/dbt_kinds.csv)', async () => {
    await build(warehouse, seed('dbt_kinds'), { command: 'seed' });
    const columns = await warehouse.adapter.getColumns({ database: null, schema: 'raw', identifier: 'dbt_kinds' });
    // what `dbt seed` with dbt-duckdb 1.11.1 made of the same file
    expect(columns.map((column) => [column.name, column.dataType])).toEqual([
      ['i', 'INTEGER'],
      ['f', 'DOUBLE'],
      ['d', 'DATE'],
      ['ts', 'TIMESTAMP'],
      ['tstz', 'TIMESTAMP'],
      ['b', 'BOOLEAN'],
      ['q', 'VARCHAR'],
      ['e', 'VARCHAR'],
      ['mixed', 'VARCHAR'],
      ['n', 'INTEGER'],
      ['dec', 'DOUBLE'],
    ]);
    expect(await rows(warehouse.adapter, 'select i, cast(tstz as varchar) as tstz, b, q, e, n, dec from raw.dbt_kinds order by i')).toEqual([
      { i: 1, tstz: '2020-01-01 10:00:00', b: true, q: "''", e: null, n: null, dec: 1.25 },
      { i: 2, tstz: '2020-01-02 10:00:00', b: false, q: 'x', e: 'y', n: null, dec: 3 },
    ]);
  });

  it('applies column_types overrides', async () => {
    await build(warehouse, seed('codes', { column_types: { code: 'varchar' } }), { command: 'seed' });
    expect(await rows(warehouse.adapter, 'select code from raw.codes order by code')).toEqual([{ code: '007' }, { code: '042' }]);
  });

  it('reloads on every run (replacing the rows, not appending) and with --full-refresh', async () => {
    const compiler = seed('codes');
    await build(warehouse, compiler, { command: 'seed' });
    await build(warehouse, compiler, { command: 'seed' });
    await build(warehouse, compiler, { command: 'seed', fullRefresh: true });
    expect(await rows(warehouse.adapter, 'select code, label from raw.codes order by code')).toEqual([
      { code: 7, label: 'bond' },
      { code: 42, label: 'answer' },
    ]);
  });

  it('reports a row with too many fields with the seed file and line, and keeps the old table', async () => {
    const compiler = seed('ragged', {}, 'codes');
    await build(warehouse, compiler, { command: 'seed' });
    compiler.manifest.nodes['seed.proj.ragged']!.dailies.seedPath = join(fixtures, 'ragged.csv');
    const results = await build(warehouse, compiler, { command: 'seed' });
    expect(statusOf(results, 'seed.proj.ragged')).toBe('error');
    expect(results.results[0]!.message).toMatch(/^seeds\/ragged\.csv:3: .*3 fields, the header has 2/);
    expect(await rows(warehouse.adapter, 'select count(*) as n from raw.ragged')).toEqual([{ n: 2 }]);
  });

  it('reports an unterminated quote at the line where it opens', async () => {
    const results = await build(warehouse, seed('unterminated'), { command: 'seed' });
    expect(results.results[0]!.message).toMatch(/^seeds\/unterminated\.csv:3: malformed CSV .*unterminated/);
  });
});
