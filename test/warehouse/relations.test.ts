import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Relation } from '../../src/warehouse/adapter.js';
import { openTempWarehouse, type TempWarehouse } from './helpers.js';

const rel = (identifier: string, schema = 'analytics'): Relation => ({ database: null, schema, identifier });

describe('DuckDB introspection and relation DDL', () => {
  let warehouse: TempWarehouse;
  beforeAll(async () => {
    warehouse = await openTempWarehouse();
    await warehouse.adapter.createSchema(null, 'analytics');
  });
  afterAll(async () => {
    await warehouse.cleanup();
  });

  it('creates schemas idempotently, reports them, and drops them with their contents', async () => {
    const { adapter } = warehouse;
    await adapter.createSchema('dev', 'scratch');
    await adapter.createSchema('dev', 'scratch');
    expect(await adapter.schemaExists(null, 'scratch')).toBe(true);
    expect(await adapter.schemaExists('dev', 'SCRATCH')).toBe(true);
    await adapter.createTableAs(rel('inside', 'scratch'), 'select 1 as x');
    await adapter.dropSchema(null, 'scratch');
    await adapter.dropSchema(null, 'scratch');
    expect(await adapter.schemaExists(null, 'scratch')).toBe(false);
  });

  it('creates tables and views and finds them with their kind, in the default database', async () => {
    const { adapter } = warehouse;
    await adapter.createTableAs(rel('Orders'), 'select 1 as id, 9.5::decimal(10,2) as amount;');
    await adapter.createViewAs(rel('orders_v'), 'select id from analytics."Orders"');
    expect(await adapter.getRelation(rel('Orders'))).toEqual({ database: 'dev', schema: 'analytics', identifier: 'Orders', type: 'table' });
    // DuckDB resolves names case-insensitively; the stored case comes back.
    expect(await adapter.getRelation(rel('orders'))).toMatchObject({ identifier: 'Orders', type: 'table' });
    expect(await adapter.getRelation(rel('orders_v'))).toMatchObject({ type: 'view' });
    expect(await adapter.getRelation(rel('nothing'))).toBeNull();
    const listed = await adapter.listRelations(null, 'analytics');
    expect(listed.filter((info) => ['Orders', 'orders_v'].includes(info.identifier)).map((info) => [info.identifier, info.type])).toEqual([
      ['Orders', 'table'],
      ['orders_v', 'view'],
    ]);
  });

  it('replaces a table created again and a view created again', async () => {
    const { adapter } = warehouse;
    await adapter.createTableAs(rel('again'), 'select 1 as x');
    await adapter.createTableAs(rel('again'), 'select 2 as x');
    expect((await adapter.execute('select x from analytics.again')).rows).toEqual([{ x: 2 }]);
    await adapter.createViewAs(rel('again_v'), 'select 1 as y');
    await adapter.createViewAs(rel('again_v'), 'select 2 as y -- trailing comment');
    expect((await adapter.execute('select y from analytics.again_v')).rows).toEqual([{ y: 2 }]);
  });

  it('lists columns in order with DuckDB type names and nullability', async () => {
    const { adapter } = warehouse;
    await adapter.execute('create table analytics.typed (id integer not null, name varchar, price decimal(10,2), seen timestamp, tags varchar[])');
    expect(await adapter.getColumns(rel('typed'))).toEqual([
      { name: 'id', dataType: 'INTEGER', nullable: false },
      { name: 'name', dataType: 'VARCHAR', nullable: true },
      { name: 'price', dataType: 'DECIMAL(10,2)', nullable: true },
      { name: 'seen', dataType: 'TIMESTAMP', nullable: true },
      { name: 'tags', dataType: 'VARCHAR[]', nullable: true },
    ]);
    expect(await adapter.getColumns(rel('no_such_table'))).toEqual([]);
    await adapter.createViewAs(rel('typed_v'), 'select price, id from analytics.typed');
    expect((await adapter.getColumns(rel('typed_v'))).map((column) => `${column.name} ${column.dataType}`)).toEqual(['price DECIMAL(10,2)', 'id INTEGER']);
  });

  it('drops a relation of the right kind and ignores a missing one', async () => {
    const { adapter } = warehouse;
    await adapter.createViewAs(rel('to_drop_v'), 'select 1 as x');
    await adapter.createTableAs(rel('to_drop_t'), 'select 1 as x');
    await adapter.dropRelation(rel('to_drop_v'), 'view');
    await adapter.dropRelation(rel('to_drop_t'), 'view'); // the kind in the catalog wins
    await adapter.dropRelation(rel('never_there'), 'table');
    expect(await adapter.getRelation(rel('to_drop_v'))).toBeNull();
    expect(await adapter.getRelation(rel('to_drop_t'))).toBeNull();
  });

  it('renames tables and views', async () => {
    const { adapter } = warehouse;
    await adapter.createTableAs(rel('old_t'), 'select 1 as x');
    await adapter.createViewAs(rel('old_v'), 'select 1 as x');
    await adapter.renameRelation(rel('old_t'), 'new_t', 'table');
    await adapter.renameRelation(rel('old_v'), 'new_v', 'view');
    expect(await adapter.getRelation(rel('new_t'))).toMatchObject({ type: 'table' });
    expect(await adapter.getRelation(rel('new_v'))).toMatchObject({ type: 'view' });
    expect(await adapter.getRelation(rel('old_t'))).toBeNull();
  });

  it('clones a table as a copy', async () => {
    const { adapter } = warehouse;
    await adapter.createTableAs(rel('source_t'), 'select * from range(3) as r(n)');
    await adapter.cloneTable(rel('source_t'), rel('cloned_t'));
    await adapter.execute('insert into analytics.source_t values (99)');
    expect((await adapter.execute('select count(*) as n from analytics.cloned_t')).rows).toEqual([{ n: 3 }]);
  });

  it('adds, drops and retypes columns', async () => {
    const { adapter } = warehouse;
    await adapter.createTableAs(rel('evolving'), "select 1 as id, '5' as amount, 'x' as legacy");
    await adapter.addColumns(rel('evolving'), [
      { name: 'added_at', dataType: 'TIMESTAMP', nullable: true },
      { name: 'Note', dataType: 'VARCHAR', nullable: true },
    ]);
    await adapter.dropColumns(rel('evolving'), ['legacy']);
    await adapter.alterColumnType(rel('evolving'), 'amount', 'INTEGER');
    expect((await adapter.getColumns(rel('evolving'))).map((column) => `${column.name} ${column.dataType}`)).toEqual([
      'id INTEGER',
      'amount INTEGER',
      'added_at TIMESTAMP',
      'Note VARCHAR',
    ]);
    expect((await adapter.execute('select amount from analytics.evolving')).rows).toEqual([{ amount: 5 }]);
  });

  it('inserts selected rows by column name', async () => {
    const { adapter } = warehouse;
    await adapter.execute('create table analytics.appended (a int, b varchar)');
    await adapter.insertInto(rel('appended'), "select 'x' as b, 1 as a", ['a', 'b']);
    await adapter.insertInto(rel('appended'), "select 'y' as b, 2 as a", []);
    expect((await adapter.execute('select a, b from analytics.appended order by a')).rows).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
    ]);
  });
});
