import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeCompiler, build, openWarehouse, rows, statusOf, type Warehouse } from './helpers.js';

let warehouse: Warehouse;
beforeEach(async () => {
  warehouse = await openWarehouse();
  await warehouse.adapter.execute('create table main.src (id integer, region varchar, amount integer)');
  await warehouse.adapter.execute("insert into main.src values (1, 'eu', 10), (2, 'us', 20)");
});
afterEach(async () => {
  await warehouse.close();
});

const ID = 'model.proj.inc';
const newRows = 'select * from main.src where id > (select coalesce(max(id), 0) from main.inc) or amount <> 0';

function incremental(config: Record<string, unknown>, sql = 'select * from main.src'): FakeCompiler {
  return new FakeCompiler([{ id: ID, sql, incrementalSql: sql === 'select * from main.src' ? newRows : sql, config: { materialized: 'incremental', ...config } }]);
}

async function table(): Promise<unknown[]> {
  return rows(warehouse.adapter, 'select * from main.inc order by all');
}

describe('incremental models', () => {
  it('append: the second run inserts the new rows as they are', async () => {
    const compiler = incremental({ incremental_strategy: 'append' });
    await build(warehouse, compiler);
    await warehouse.adapter.execute("insert into main.src values (3, 'eu', 30)");
    compiler.setSql(ID, 'select * from main.src', 'select * from main.src where id > (select max(id) from main.inc)');
    const second = await build(warehouse, compiler);
    expect(statusOf(second, ID)).toBe('success');
    expect(second.results[0]!.rows_affected).toBe(1);
    expect(await table()).toEqual([
      { id: 1, region: 'eu', amount: 10 },
      { id: 2, region: 'us', amount: 20 },
      { id: 3, region: 'eu', amount: 30 },
    ]);
  });

  it('merge: updates matched keys and inserts new ones', async () => {
    const compiler = incremental({ incremental_strategy: 'merge', unique_key: 'id' });
    await build(warehouse, compiler);
    await warehouse.adapter.execute("update main.src set amount = 25 where id = 2; insert into main.src values (3, 'eu', 30)");
    await build(warehouse, compiler);
    expect(await table()).toEqual([
      { id: 1, region: 'eu', amount: 10 },
      { id: 2, region: 'us', amount: 25 },
      { id: 3, region: 'eu', amount: 30 },
    ]);
  });

  it('merge on a composite unique_key keeps rows that share only part of the key', async () => {
    await warehouse.adapter.execute("insert into main.src values (1, 'us', 11)");
    const compiler = incremental({ incremental_strategy: 'merge', unique_key: ['id', 'region'] });
    await build(warehouse, compiler);
    await warehouse.adapter.execute("update main.src set amount = 99 where id = 1 and region = 'us'");
    await build(warehouse, compiler);
    expect(await table()).toEqual([
      { id: 1, region: 'eu', amount: 10 },
      { id: 1, region: 'us', amount: 99 },
      { id: 2, region: 'us', amount: 20 },
    ]);
  });

  it('delete+insert: replaces the rows of the keys that arrive again', async () => {
    const compiler = incremental({ incremental_strategy: 'delete+insert', unique_key: ['id'] });
    await build(warehouse, compiler);
    compiler.setSql(ID, 'select * from main.src', "select 2 as id, 'apac' as region, 21 as amount union all select 4, 'eu', 40");
    await build(warehouse, compiler);
    expect(await table()).toEqual([
      { id: 1, region: 'eu', amount: 10 },
      { id: 2, region: 'apac', amount: 21 },
      { id: 4, region: 'eu', amount: 40 },
    ]);
  });

  it('--full-refresh rebuilds from scratch, and full_refresh: false config wins over the flag', async () => {
    const compiler = incremental({ incremental_strategy: 'append' });
    await build(warehouse, compiler);
    await build(warehouse, compiler, { fullRefresh: true });
    expect(await table()).toHaveLength(2);
    compiler.manifest.nodes[ID]!.config.full_refresh = false;
    await build(warehouse, compiler, { fullRefresh: true });
    expect(await table()).toHaveLength(4);
  });

  it("on_schema_change 'fail' errors listing the differences and keeps the table", async () => {
    const compiler = incremental({ incremental_strategy: 'append', on_schema_change: 'fail' });
    await build(warehouse, compiler);
    compiler.setSql(ID, 'select *, 1 as extra from main.src', "select id, region, amount, 1 as extra from main.src");
    const second = await build(warehouse, compiler);
    expect(statusOf(second, ID)).toBe('error');
    expect(second.results[0]!.message).toMatch(/\+ extra INTEGER/);
    expect(await table()).toHaveLength(2);
    expect(await warehouse.adapter.getRelation({ database: null, schema: 'main', identifier: 'inc__dailies_tmp' })).toBeNull();
  });

  it("on_schema_change 'ignore' writes only the columns the table has", async () => {
    const compiler = incremental({ incremental_strategy: 'append' });
    await build(warehouse, compiler);
    compiler.setSql(ID, 'select * from main.src', "select 3 as id, 'eu' as region, 30 as amount, 'x' as extra");
    await build(warehouse, compiler);
    const columns = await warehouse.adapter.getColumns({ database: null, schema: 'main', identifier: 'inc' });
    expect(columns.map((column) => column.name)).toEqual(['id', 'region', 'amount']);
    expect(await table()).toHaveLength(3);
  });

  it("on_schema_change 'append_new_columns' adds the new column, old rows get NULL", async () => {
    const compiler = incremental({ incremental_strategy: 'append', on_schema_change: 'append_new_columns' });
    await build(warehouse, compiler);
    compiler.setSql(ID, 'select * from main.src', "select 3 as id, 30 as amount, 'gold' as tier");
    await build(warehouse, compiler);
    expect(await rows(warehouse.adapter, 'select id, region, amount, tier from main.inc order by id')).toEqual([
      { id: 1, region: 'eu', amount: 10, tier: null },
      { id: 2, region: 'us', amount: 20, tier: null },
      { id: 3, region: null, amount: 30, tier: 'gold' },
    ]);
  });

  it("on_schema_change 'sync_all_columns' adds, drops and retypes columns", async () => {
    const compiler = incremental({ incremental_strategy: 'merge', unique_key: 'id', on_schema_change: 'sync_all_columns' });
    await build(warehouse, compiler);
    compiler.setSql(ID, 'select * from main.src', "select 2 as id, cast(22 as bigint) as amount, 'gold' as tier");
    await build(warehouse, compiler);
    const columns = await warehouse.adapter.getColumns({ database: null, schema: 'main', identifier: 'inc' });
    expect(columns.map((column) => [column.name, column.dataType])).toEqual([
      ['id', 'INTEGER'],
      ['amount', 'BIGINT'],
      ['tier', 'VARCHAR'],
    ]);
    expect(await rows(warehouse.adapter, 'select id, cast(amount as integer) as amount, tier from main.inc order by id')).toEqual([
      { id: 1, amount: 10, tier: null },
      { id: 2, amount: 22, tier: 'gold' },
    ]);
  });

  it('merge without a unique_key is a config error naming the model file', async () => {
    const compiler = new FakeCompiler([{ id: ID, sql: 'select 1 as id', config: { materialized: 'incremental', incremental_strategy: 'merge' } }]);
    await build(warehouse, compiler);
    const second = await build(warehouse, compiler);
    expect(statusOf(second, ID)).toBe('error');
    expect(second.results[0]!.message).toMatch(/models\/inc\.sql:1: .*needs a unique_key/);
    expect(second.results[0]!.hint).toMatch(/unique_key/);
  });
});
