import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempWarehouse, type TempWarehouse } from './helpers.js';

describe('DuckDB catalog', () => {
  let warehouse: TempWarehouse;
  beforeEach(async () => {
    warehouse = await openTempWarehouse(2);
  });
  afterEach(async () => {
    await warehouse.cleanup();
  });

  it('lists tables and views of the schemas asked for, with columns in order, warehouse types, row counts and bytes', async () => {
    const { adapter } = warehouse;
    await adapter.createSchema(null, 'marts');
    await adapter.createSchema(null, 'other');
    await adapter.execute(`create table marts.movies as select range::integer as movie_id, 'm' || range as title, 4.5::decimal(3,1) as rating from range(5000)`);
    await adapter.execute(`create view marts.recent as select movie_id from marts.movies where movie_id > 10`);
    await adapter.execute(`create table other.ignored as select 1 as x`);
    await adapter.execute('checkpoint');
    const catalog = await adapter.catalog([{ database: null, schema: 'marts' }, { database: null, schema: 'missing' }]);
    expect(catalog.map((relation) => `${relation.schema}.${relation.identifier}:${relation.type}`).sort()).toEqual(['marts.movies:table', 'marts.recent:view']);
    const movies = catalog.find((relation) => relation.identifier === 'movies')!;
    expect(movies.database).toBe('dev');
    expect(movies.columns.map((column) => [column.name, column.dataType, column.index])).toEqual([
      ['movie_id', 'INTEGER', 1],
      ['title', 'VARCHAR', 2],
      ['rating', 'DECIMAL(3,1)', 3],
    ]);
    expect(movies.rowCount).toBe(5000);
    expect(movies.bytes).toBeGreaterThan(0);
    const recent = catalog.find((relation) => relation.identifier === 'recent')!;
    expect(recent.columns.map((column) => column.name)).toEqual(['movie_id']);
    expect(recent.rowCount).toBeNull();
    expect(recent.bytes).toBeNull();
  });

  it('answers nothing for no schemas', async () => {
    expect(await warehouse.adapter.catalog([])).toEqual([]);
  });
});
