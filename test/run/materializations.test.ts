import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeCompiler, build, openWarehouse, rows, statusOf, type Warehouse } from './helpers.js';

let warehouse: Warehouse;
beforeEach(async () => {
  warehouse = await openWarehouse();
});
afterEach(async () => {
  await warehouse.close();
});

describe('view and table materializations', () => {
  it('creates a view and a table in their schemas with the query results', async () => {
    const compiler = new FakeCompiler([
      { id: 'model.proj.base', sql: 'select 1 as id, \'a\' as name union all select 2, \'b\'', schema: 'staging', config: { materialized: 'view' } },
      { id: 'model.proj.wide', sql: 'select id, upper(name) as name from "memory"."staging"."base"', dependsOn: ['model.proj.base'], schema: 'marts', config: { materialized: 'table' } },
    ]);
    const results = await build(warehouse, compiler);
    expect(results.results.map((result) => result.status)).toEqual(['success', 'success']);
    expect((await warehouse.adapter.getRelation({ database: null, schema: 'staging', identifier: 'base' }))?.type).toBe('view');
    expect((await warehouse.adapter.getRelation({ database: null, schema: 'marts', identifier: 'wide' }))?.type).toBe('table');
    expect(await rows(warehouse.adapter, 'select id, name from marts.wide order by id')).toEqual([
      { id: 1, name: 'A' },
      { id: 2, name: 'B' },
    ]);
    expect(await warehouse.adapter.getRelation({ database: null, schema: 'marts', identifier: 'wide__dailies_tmp' })).toBeNull();
  });

  it('replaces a table with a view (and back) when the materialization changes', async () => {
    const compiler = new FakeCompiler([{ id: 'model.proj.m', sql: 'select 1 as x', config: { materialized: 'table' } }]);
    await build(warehouse, compiler);
    compiler.manifest.nodes['model.proj.m']!.config.materialized = 'view';
    expect(statusOf(await build(warehouse, compiler), 'model.proj.m')).toBe('success');
    expect((await warehouse.adapter.getRelation({ database: null, schema: 'main', identifier: 'm' }))?.type).toBe('view');
    compiler.manifest.nodes['model.proj.m']!.config.materialized = 'table';
    expect(statusOf(await build(warehouse, compiler), 'model.proj.m')).toBe('success');
    expect((await warehouse.adapter.getRelation({ database: null, schema: 'main', identifier: 'm' }))?.type).toBe('table');
  });

  it('leaves the previous table intact when a table build fails', async () => {
    const compiler = new FakeCompiler([{ id: 'model.proj.t', sql: 'select 1 as id union all select 2', config: { materialized: 'table' } }]);
    await build(warehouse, compiler);
    compiler.setSql('model.proj.t', "select cast('not a number' as integer) as id");
    const results = await build(warehouse, compiler);
    expect(statusOf(results, 'model.proj.t')).toBe('error');
    expect(results.results[0]!.message).toMatch(/not a number/i);
    expect(await rows(warehouse.adapter, 'select id from main.t order by id')).toEqual([{ id: 1 }, { id: 2 }]);
    expect(await warehouse.adapter.getRelation({ database: null, schema: 'main', identifier: 't__dailies_tmp' })).toBeNull();
  });

  it('does not run or list ephemeral models', async () => {
    const compiler = new FakeCompiler([
      { id: 'model.proj.eph', sql: 'select 1 as x', config: { materialized: 'ephemeral' } },
      { id: 'model.proj.user', sql: 'with eph as (select 1 as x) select x from eph', dependsOn: ['model.proj.eph'], config: { materialized: 'table' } },
    ]);
    const results = await build(warehouse, compiler);
    expect(results.results.map((result) => result.unique_id)).toEqual(['model.proj.user']);
    expect(await warehouse.adapter.getRelation({ database: null, schema: 'main', identifier: 'eph' })).toBeNull();
  });

  it('runs pre- and post-hooks around the node, and project hooks around the run', async () => {
    const compiler = new FakeCompiler([
      {
        id: 'model.proj.h',
        sql: 'select 1 as x',
        config: {
          materialized: 'table',
          'pre-hook': ["insert into main.audit values ('pre')"],
          'post-hook': ["insert into main.audit select 'post:' || count(*) from main.h"],
        },
      },
    ]);
    const results = await build(warehouse, compiler, {
      onRunStart: ['create table if not exists main.audit (event varchar)', "insert into main.audit values ('start')"],
      onRunEnd: ["insert into main.audit values ('end')"],
    });
    expect(results.hookErrors).toEqual([]);
    expect((await rows(warehouse.adapter, 'select event from main.audit order by rowid')).map((row) => row.event)).toEqual(['start', 'pre', 'post:1', 'end']);
    expect(compiler.renderedHooks).toContain("insert into main.audit values ('pre')");
  });

  it('gives identical tables when the same build runs twice', async () => {
    const compiler = new FakeCompiler([
      { id: 'model.proj.a', sql: 'select range as id, range * 2 as doubled from range(5)', config: { materialized: 'table' } },
      { id: 'model.proj.b', sql: 'select id, doubled + 1 as plus from main.a', dependsOn: ['model.proj.a'], config: { materialized: 'table' } },
    ]);
    await build(warehouse, compiler);
    const first = await rows(warehouse.adapter, 'select * from main.b order by id');
    const second = await build(warehouse, compiler);
    expect(second.results.every((result) => result.status === 'success')).toBe(true);
    expect(await rows(warehouse.adapter, 'select * from main.b order by id')).toEqual(first);
    expect(first).toHaveLength(5);
  });
});
