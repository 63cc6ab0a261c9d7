/**
 * DuckDB's `replaceTableAs`: one `create or replace table … as` statement, atomic on its own —
 * on any failure the previous table keeps its rows, and readers never see it missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Relation } from '../../src/warehouse/adapter.js';
import { failureOf, openTempWarehouse, type TempWarehouse } from './helpers.js';

const rel = (identifier: string): Relation => ({ database: null, schema: 'marts', identifier });

describe('DuckDB replaceTableAs', () => {
  let warehouse: TempWarehouse;
  beforeAll(async () => {
    warehouse = await openTempWarehouse(4);
    await warehouse.adapter.createSchema(null, 'marts');
  });
  afterAll(async () => {
    await warehouse.cleanup();
  });

  it('creates the table when there is none and replaces its rows and columns when there is', async () => {
    const { adapter } = warehouse;
    await adapter.replaceTableAs!(rel('orders'), 'select 1 as id;');
    expect((await adapter.execute('select * from marts.orders')).rows).toEqual([{ id: 1 }]);
    await adapter.replaceTableAs!(rel('orders'), "select 2 as id, 'b' as label union all select 3, 'c'");
    expect((await adapter.execute('select * from marts.orders order by id')).rows).toEqual([
      { id: 2, label: 'b' },
      { id: 3, label: 'c' },
    ]);
    expect(await adapter.listRelations(null, 'marts')).toEqual([{ database: 'dev', schema: 'marts', identifier: 'orders', type: 'table' }]);
  });

  it('keeps the previous table and its rows when the query fails after producing rows', async () => {
    const { adapter } = warehouse;
    await adapter.replaceTableAs!(rel('kept'), 'select * from range(10) as r(v)');
    const error = await failureOf(
      adapter.replaceTableAs!(rel('kept'), "select case when v < 150000 then v else error('boom at ' || v) end as v from range(200000) as r(v)"),
    );
    expect(error.kind).toBe('warehouse');
    expect(error.message).toMatch(/boom at/);
    expect((await adapter.execute('select count(*) as n, max(v) as top from marts.kept')).rows).toEqual([{ n: 10, top: 9 }]);
  });

  it('replaces a table that reads from itself, and one that has an index', async () => {
    const { adapter } = warehouse;
    await adapter.replaceTableAs!(rel('selfish'), 'select * from range(3) as r(v)');
    await adapter.execute('create index selfish_v on marts.selfish (v)');
    await adapter.replaceTableAs!(rel('selfish'), 'select v + 10 as v from marts.selfish');
    expect((await adapter.execute('select v from marts.selfish order by v')).rows).toEqual([{ v: 10 }, { v: 11 }, { v: 12 }]);
  });

  it('refuses to replace a view and leaves it in place', async () => {
    const { adapter } = warehouse;
    await adapter.createViewAs(rel('shown'), 'select 1 as v');
    await expect(adapter.replaceTableAs!(rel('shown'), 'select 2 as v')).rejects.toThrow(/View/);
    expect(await adapter.getRelation(rel('shown'))).toMatchObject({ type: 'view' });
    expect((await adapter.execute('select v from marts.shown')).rows).toEqual([{ v: 1 }]);
  });

  it('never lets concurrent readers see a missing or partly built table', async () => {
    const { adapter } = warehouse;
    await adapter.replaceTableAs!(rel('hot'), 'select * from range(100) as r(n)');
    let replacing = true;
    let reads = 0;
    const reader = async () => {
      while (replacing) {
        const { rows } = await adapter.execute('select count(*) as n from marts.hot');
        expect(rows[0]!.n).toBe(100);
        reads += 1;
      }
    };
    const readers = [reader(), reader()];
    for (let round = 0; round < 15; round += 1) await adapter.replaceTableAs!(rel('hot'), 'select * from range(100) as r(n)');
    replacing = false;
    await Promise.all(readers);
    expect(reads).toBeGreaterThan(0);
  });

  it('reads results of several chunks (more than 2,048 rows) completely and in order', async () => {
    const { rows } = await warehouse.adapter.execute('select i, i::varchar as s from range(5000) as r(i) order by i');
    expect(rows).toHaveLength(5000);
    expect(rows[0]).toEqual({ i: 0, s: '0' });
    expect(rows[2048]).toEqual({ i: 2048, s: '2048' });
    expect(rows[4999]).toEqual({ i: 4999, s: '4999' });
  });
});
