/**
 * How a table model reaches the warehouse: one atomic `replaceTableAs` where the adapter offers it
 * (no temp table, no catalog queries per node), the temp + swap path otherwise — and in both
 * cases a failed build leaves the previous table as it was.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Adapter } from '../../src/warehouse/adapter.js';
import { FakeCompiler, build, openWarehouse, rows, statusOf, type Warehouse } from './helpers.js';

let warehouse: Warehouse;
beforeEach(async () => {
  warehouse = await openWarehouse();
});
afterEach(async () => {
  await warehouse.close();
});

/** The adapter, recording the name of every method the run engine calls on it; optionally without `replaceTableAs`. */
function recording(adapter: Adapter, options: { withoutReplaceTableAs?: boolean } = {}): { adapter: Adapter; calls: string[] } {
  const calls: string[] = [];
  const proxy = new Proxy(adapter, {
    get(target, property, receiver) {
      if (property === 'replaceTableAs' && options.withoutReplaceTableAs) return undefined;
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(property));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { adapter: proxy, calls };
}

const FAILS_AFTER_MANY_ROWS = "select case when i < 150000 then i else error('boom at row ' || i) end as id from range(200000) as r(i)";

describe('table models on an adapter with replaceTableAs', () => {
  it('builds each table with one replaceTableAs call and no temp relation or per-node catalog query', async () => {
    const compiler = new FakeCompiler([
      { id: 'model.proj.a', sql: 'select 1 as id', schema: 'marts', config: { materialized: 'table' } },
      { id: 'model.proj.b', sql: 'select id + 1 as id from marts.a', schema: 'marts', dependsOn: ['model.proj.a'], config: { materialized: 'table' } },
    ]);
    const { adapter, calls } = recording(warehouse.adapter);
    const results = await build({ ...warehouse, adapter }, compiler);
    expect(results.results.map((result) => result.status)).toEqual(['success', 'success']);
    expect(calls.filter((call) => call === 'replaceTableAs')).toHaveLength(2);
    expect(calls).not.toContain('createTableAs');
    expect(calls).not.toContain('replaceRelation');
    expect(calls).not.toContain('renameRelation');
    expect(calls).not.toContain('getRelation');
    expect(calls.filter((call) => call === 'listRelations')).toHaveLength(1);
    expect(await rows(warehouse.adapter, 'select id from marts.b')).toEqual([{ id: 2 }]);
  });

  it('replaces an existing table in place on the next build', async () => {
    const compiler = new FakeCompiler([{ id: 'model.proj.t', sql: 'select 1 as id', config: { materialized: 'table' } }]);
    await build(warehouse, compiler);
    compiler.setSql('model.proj.t', 'select 7 as id union all select 8');
    expect(statusOf(await build(warehouse, compiler), 'model.proj.t')).toBe('success');
    expect(await rows(warehouse.adapter, 'select id from main.t order by id')).toEqual([{ id: 7 }, { id: 8 }]);
  });

  it('keeps the previous table and its rows when the query fails after producing rows', async () => {
    const compiler = new FakeCompiler([{ id: 'model.proj.t', sql: 'select 1 as id union all select 2', config: { materialized: 'table' } }]);
    await build(warehouse, compiler);
    compiler.setSql('model.proj.t', FAILS_AFTER_MANY_ROWS);
    const results = await build(warehouse, compiler);
    expect(statusOf(results, 'model.proj.t')).toBe('error');
    expect(results.results[0]!.message).toMatch(/boom at row/);
    expect(await rows(warehouse.adapter, 'select id from main.t order by id')).toEqual([{ id: 1 }, { id: 2 }]);
    expect(await warehouse.adapter.getRelation({ database: null, schema: 'main', identifier: 't__dailies_tmp' })).toBeNull();
  });

  it('falls back to temp + swap when a view stands where the table goes', async () => {
    const compiler = new FakeCompiler([{ id: 'model.proj.m', sql: 'select 1 as x', config: { materialized: 'view' } }]);
    await build(warehouse, compiler);
    compiler.manifest.nodes['model.proj.m']!.config.materialized = 'table';
    const { adapter, calls } = recording(warehouse.adapter);
    expect(statusOf(await build({ ...warehouse, adapter }, compiler), 'model.proj.m')).toBe('success');
    expect(calls).not.toContain('replaceTableAs');
    expect(calls).toContain('createTableAs');
    expect((await warehouse.adapter.getRelation({ database: null, schema: 'main', identifier: 'm' }))?.type).toBe('table');
  });

  it('checks an enforced contract through the temp + swap path', async () => {
    const compiler = new FakeCompiler([
      { id: 'model.proj.c', sql: 'select 1 as id', config: { materialized: 'table', contract: { enforced: true } }, columns: { id: 'integer' } },
    ]);
    const { adapter, calls } = recording(warehouse.adapter);
    expect(statusOf(await build({ ...warehouse, adapter }, compiler), 'model.proj.c')).toBe('success');
    expect(calls).not.toContain('replaceTableAs');
    expect(await rows(warehouse.adapter, 'select id from main.c')).toEqual([{ id: 1 }]);
  });

  it('stores failing test rows with one replaceTableAs', async () => {
    const compiler = new FakeCompiler([{ id: 'test.proj.never_two', sql: 'select 2 as id', config: { store_failures: true } }]);
    const { adapter, calls } = recording(warehouse.adapter);
    const results = await build({ ...warehouse, adapter }, compiler);
    expect(statusOf(results, 'test.proj.never_two')).toBe('fail');
    expect(calls.filter((call) => call === 'replaceTableAs')).toHaveLength(1);
    expect(await rows(warehouse.adapter, 'select id from main_dbt_test__audit.never_two')).toEqual([{ id: 2 }]);
  });
});

describe('table models on an adapter without replaceTableAs', () => {
  it('builds into a temp table and swaps it in, keeping the previous table when the query fails', async () => {
    const compiler = new FakeCompiler([{ id: 'model.proj.t', sql: 'select 1 as id union all select 2', config: { materialized: 'table' } }]);
    const { adapter, calls } = recording(warehouse.adapter, { withoutReplaceTableAs: true });
    await build({ ...warehouse, adapter }, compiler);
    compiler.setSql('model.proj.t', 'select 3 as id');
    expect(statusOf(await build({ ...warehouse, adapter }, compiler), 'model.proj.t')).toBe('success');
    expect(calls).toContain('createTableAs');
    expect(calls).toContain('replaceRelation');
    expect(await rows(warehouse.adapter, 'select id from main.t')).toEqual([{ id: 3 }]);

    compiler.setSql('model.proj.t', FAILS_AFTER_MANY_ROWS);
    expect(statusOf(await build({ ...warehouse, adapter }, compiler), 'model.proj.t')).toBe('error');
    expect(await rows(warehouse.adapter, 'select id from main.t')).toEqual([{ id: 3 }]);
    expect(await warehouse.adapter.getRelation({ database: null, schema: 'main', identifier: 't__dailies_tmp' })).toBeNull();
  });
});
