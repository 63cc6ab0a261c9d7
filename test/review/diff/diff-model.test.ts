import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffModel } from '../../../src/review/diff/index.js';
import { openDiffWarehouse, pr, prod, type DiffWarehouse } from './helpers.js';

describe('diffModel on DuckDB', () => {
  let warehouse: DiffWarehouse;
  beforeAll(async () => {
    warehouse = await openDiffWarehouse();
    const run = (sql: string) => warehouse.adapter.execute(sql);
    await run(`create table prod.orders (id integer, customer varchar, amount integer, status varchar, note varchar, qty integer)`);
    await run(`insert into prod.orders values
      (1, 'ann', 10, 'paid', 'a', 1), (2, 'bob', 20, 'paid', 'b', 2), (3, 'cid', 30, null, 'c', 3),
      (4, 'dan', 40, 'open', 'd', 4), (5, 'eve', 50, 'open', 'e', 5)`);
    await run(`create table pr.orders (id integer, customer varchar, amount integer, status varchar, qty varchar, discount integer)`);
    await run(`insert into pr.orders values
      (1, 'ann', 10, 'paid', '1', 0), (2, 'bob', 25, 'paid', '2', 0), (3, 'cid', 30, 'paid', '3', 0),
      (4, 'dan', 40, 'open', '40', 0), (6, 'fay', 60, 'open', '6', 0)`);
  });
  afterAll(async () => {
    await warehouse.cleanup();
  });

  const ordersDiff = (sampleSize?: number) =>
    diffModel(warehouse.adapter, {
      uniqueId: 'model.p.orders',
      name: 'orders',
      prod: prod('orders'),
      pr: pr('orders'),
      primaryKey: ['id'],
      primaryKeySource: 'unique test',
      sampleSize,
    });

  it('reports added, removed and retyped columns', async () => {
    const diff = await ordersDiff(0);
    expect(diff.error).toBeUndefined();
    expect(diff.prodExists).toBe(true);
    expect(diff.schema).toEqual({
      added: [{ name: 'discount', dataType: 'INTEGER' }],
      removed: [{ name: 'note', dataType: 'VARCHAR' }],
      retyped: [{ name: 'qty', from: 'INTEGER', to: 'VARCHAR' }],
    });
  });

  it('counts rows added, removed, changed and unchanged by key, and changes per column (NULL→value included, retyped compared as text)', async () => {
    const diff = await ordersDiff(0);
    expect(diff.rowCounts).toEqual({ prod: 5, pr: 5 });
    expect(diff.keyless).toBeUndefined();
    expect(diff.keyed).toMatchObject({ added: 1, removed: 1, changed: 3, unchanged: 1, duplicateKeys: { prod: 0, pr: 0 } });
    expect(diff.keyed!.columnChanges).toEqual({ customer: 0, amount: 1, status: 1, qty: 1 });
    expect(diff.keyed!.samples).toEqual({ added: [], removed: [], changed: [] });
    expect(diff.prodRelation).toBe('"prod"."orders"');
    expect(diff.seconds).toBeGreaterThan(0);
  });

  it('samples a few added, removed and changed rows with before and after, ordered by key', async () => {
    const diff = await ordersDiff(5);
    const samples = diff.keyed!.samples;
    expect(samples.added).toEqual([{ id: 6, customer: 'fay', amount: 60, status: 'open', qty: '6', discount: 0 }]);
    expect(samples.removed).toEqual([{ id: 5, customer: 'eve', amount: 50, status: 'open', note: 'e', qty: 5 }]);
    expect(samples.changed.map((change) => change.key)).toEqual([{ id: 2 }, { id: 3 }, { id: 4 }]);
    expect(samples.changed[1].before).toEqual({ id: 3, customer: 'cid', amount: 30, status: null, note: 'c', qty: 3 });
    expect(samples.changed[1].after).toEqual({ id: 3, customer: 'cid', amount: 30, status: 'paid', qty: '3', discount: 0 });
  });

  it('limits samples to sampleSize of each kind', async () => {
    const diff = await ordersDiff(2);
    expect(diff.keyed!.samples.changed.map((change) => change.key.id)).toEqual([2, 3]);
    expect(diff.keyed!.samples.added).toHaveLength(1);
  });

  it('counts rows whose key appears more than once on each side', async () => {
    await warehouse.adapter.execute(`create table prod.dups as select * from (values (1, 'a'), (2, 'b'), (2, 'b2'), (7, 'x'), (7, 'x'), (7, 'y')) t(id, v)`);
    await warehouse.adapter.execute(`create table pr.dups as select * from (values (1, 'a'), (1, 'a'), (3, 'c'), (3, 'c')) t(id, v)`);
    const diff = await diffModel(warehouse.adapter, { uniqueId: 'model.p.dups', name: 'dups', prod: prod('dups'), pr: pr('dups'), primaryKey: ['id'], primaryKeySource: 'config unique_key', sampleSize: 0 });
    expect(diff.keyed!.duplicateKeys).toEqual({ prod: 5, pr: 4 });
    expect(diff.rowCounts).toEqual({ prod: 6, pr: 4 });
  });

  it('finds nothing to report between identical tables', async () => {
    await warehouse.adapter.execute(`create table prod.same as select i as id, 'v' || i as v, case when i % 3 = 0 then null else i end as maybe from range(100) t(i)`);
    await warehouse.adapter.execute(`create table pr.same as select * from prod.same`);
    const diff = await diffModel(warehouse.adapter, { uniqueId: 'model.p.same', name: 'same', prod: prod('same'), pr: pr('same'), primaryKey: ['id'], primaryKeySource: 'unique test' });
    expect(diff.keyed).toEqual({
      added: 0,
      removed: 0,
      changed: 0,
      unchanged: 100,
      columnChanges: { v: 0, maybe: 0 },
      duplicateKeys: { prod: 0, pr: 0 },
      samples: { added: [], removed: [], changed: [] },
    });
    expect(diff.schema).toEqual({ added: [], removed: [], retyped: [] });
  });

  it('compares a column retyped between numeric types by value (10 = 10.00, 1.50 = 1.5): reported as retyped, only real changes counted', async () => {
    await warehouse.adapter.execute(`create table prod.widened as select * from (values (1, 10::integer, 1.5::decimal(10,2)), (2, 20::integer, 2.25::decimal(10,2)), (3, 30::integer, 3::decimal(10,2))) t(id, qty, amount)`);
    await warehouse.adapter.execute(`create table pr.widened as select * from (values (1, 10::decimal(12,2), 1.5::double), (2, 20::decimal(12,2), 3.25::double), (3, 30::decimal(12,2), 3::double)) t(id, qty, amount)`);
    const diff = await diffModel(warehouse.adapter, { uniqueId: 'model.p.widened', name: 'widened', prod: prod('widened'), pr: pr('widened'), primaryKey: ['id'], primaryKeySource: 'unique test' });
    expect(diff.error).toBeUndefined();
    expect(diff.schema.retyped).toEqual([
      { name: 'qty', from: 'INTEGER', to: 'DECIMAL(12,2)' },
      { name: 'amount', from: 'DECIMAL(10,2)', to: 'DOUBLE' },
    ]);
    expect(diff.keyed).toMatchObject({ added: 0, removed: 0, changed: 1, unchanged: 2, columnChanges: { qty: 0, amount: 1 } });
    expect(diff.keyed!.samples.changed.map((change) => change.key)).toEqual([{ id: 2 }]);
  });

  it('counts a change in a column widened from integer to bigint whose uncast values hash alike (-1 and 4294967295)', async () => {
    await warehouse.adapter.execute(`create table prod.widened_int as select * from (values (1, (-1)::integer, 'a'), (2, 5::integer, 'b')) t(id, n, s)`);
    await warehouse.adapter.execute(`create table pr.widened_int as select * from (values (1, 4294967295::bigint, 'a'), (2, 5::bigint, 'b')) t(id, n, s)`);
    const diff = await diffModel(warehouse.adapter, { uniqueId: 'model.p.widened_int', name: 'widened_int', prod: prod('widened_int'), pr: pr('widened_int'), primaryKey: ['id'], primaryKeySource: 'unique test' });
    expect(diff.schema.retyped).toEqual([{ name: 'n', from: 'INTEGER', to: 'BIGINT' }]);
    expect(diff.keyed).toMatchObject({ added: 0, removed: 0, changed: 1, unchanged: 1, columnChanges: { n: 1, s: 0 } });
  });

  it('compares values, not their text: -0.0 equals 0.0, and only the changed column counts', async () => {
    await warehouse.adapter.execute(`create table prod.zeros as select * from (values (1, 0.0::double, 'a'), (2, 1.0::double, 'b')) t(id, x, s)`);
    await warehouse.adapter.execute(`create table pr.zeros as select * from (values (1, -0.0::double, 'a'), (2, 1.0::double, 'c')) t(id, x, s)`);
    const diff = await diffModel(warehouse.adapter, { uniqueId: 'model.p.zeros', name: 'zeros', prod: prod('zeros'), pr: pr('zeros'), primaryKey: ['id'], primaryKeySource: 'unique test' });
    expect(diff.keyed).toMatchObject({ added: 0, removed: 0, changed: 1, unchanged: 1, columnChanges: { x: 0, s: 1 } });
  });

  it('diffs a table that has nothing but its key', async () => {
    await warehouse.adapter.execute(`create table prod.keys_only as select * from (values (1), (2), (3)) t(id)`);
    await warehouse.adapter.execute(`create table pr.keys_only as select * from (values (2), (3), (4)) t(id)`);
    const diff = await diffModel(warehouse.adapter, { uniqueId: 'model.p.keys_only', name: 'keys_only', prod: prod('keys_only'), pr: pr('keys_only'), primaryKey: ['id'], primaryKeySource: 'unique test' });
    expect(diff.keyed).toMatchObject({ added: 1, removed: 1, changed: 0, unchanged: 2, columnChanges: {} });
    expect(diff.keyed!.samples.added).toEqual([{ id: 4 }]);
  });

  it('diffs by a composite key', async () => {
    await warehouse.adapter.execute(`create table prod.regional as select * from (values ('eu', 1, 10), ('us', 1, 20), ('eu', 2, 30)) t(region, id, amount)`);
    await warehouse.adapter.execute(`create table pr.regional as select * from (values ('eu', 1, 10), ('us', 1, 21), ('us', 2, 5)) t(region, id, amount)`);
    const diff = await diffModel(warehouse.adapter, { uniqueId: 'model.p.regional', name: 'regional', prod: prod('regional'), pr: pr('regional'), primaryKey: ['region', 'id'], primaryKeySource: 'contract primary_key' });
    expect(diff.keyed).toMatchObject({ added: 1, removed: 1, changed: 1, unchanged: 1, columnChanges: { amount: 1 } });
    expect(diff.keyed!.samples.added).toEqual([{ region: 'us', id: 2, amount: 5 }]);
    expect(diff.keyed!.samples.removed).toEqual([{ region: 'eu', id: 2, amount: 30 }]);
    expect(diff.keyed!.samples.changed).toEqual([{ key: { region: 'us', id: 1 }, before: { region: 'us', id: 1, amount: 20 }, after: { region: 'us', id: 1, amount: 21 } }]);
  });

  it('without a key, counts the set difference with multiplicity by row hash', async () => {
    await warehouse.adapter.execute(`create table prod.events as select * from (values ('a', 1), ('a', 1), ('b', 2), ('c', 3), (null, 9)) t(name, n)`);
    await warehouse.adapter.execute(`create table pr.events as select * from (values ('a', 1), ('b', 2), ('b', 2), ('d', 4), (null, 9)) t(name, n)`);
    const diff = await diffModel(warehouse.adapter, { uniqueId: 'model.p.events', name: 'events', prod: prod('events'), pr: pr('events'), primaryKey: null, primaryKeySource: null });
    expect(diff.error).toBeUndefined();
    expect(diff.keyed).toBeUndefined();
    expect(diff.keyless).toEqual({ onlyInProd: 2, onlyInPr: 2 });
    expect(diff.rowCounts).toEqual({ prod: 5, pr: 5 });
  });

  it('falls back to a keyless diff when a key column is missing on one side', async () => {
    await warehouse.adapter.execute(`create table prod.renamed as select * from (values (1, 'a'), (2, 'b')) t(id, v)`);
    await warehouse.adapter.execute(`create table pr.renamed as select * from (values (1, 'a'), (3, 'c')) t(order_id, v)`);
    const diff = await diffModel(warehouse.adapter, { uniqueId: 'model.p.renamed', name: 'renamed', prod: prod('renamed'), pr: pr('renamed'), primaryKey: ['id'], primaryKeySource: 'unique test' });
    expect(diff.primaryKey).toBeNull();
    expect(diff.primaryKeySource).toContain('missing');
    expect(diff.keyless).toEqual({ onlyInProd: 1, onlyInPr: 1 });
  });

  it('for a new model reports only the PR row count', async () => {
    await warehouse.adapter.execute(`create table pr.brand_new as select * from range(7) t(i)`);
    const diff = await diffModel(warehouse.adapter, { uniqueId: 'model.p.brand_new', name: 'brand_new', prod: prod('brand_new'), pr: pr('brand_new'), primaryKey: ['i'], primaryKeySource: 'unique test' });
    expect(diff.prodExists).toBe(false);
    expect(diff.rowCounts).toEqual({ prod: null, pr: 7 });
    expect(diff.keyed).toBeUndefined();
    expect(diff.error).toBeUndefined();
  });

  it('records an error instead of throwing when the PR relation is missing', async () => {
    const diff = await diffModel(warehouse.adapter, { uniqueId: 'model.p.gone', name: 'gone', prod: prod('orders'), pr: pr('gone'), primaryKey: null, primaryKeySource: null });
    expect(diff.error).toMatch(/"pr"\."gone" does not exist/);
  });

  it('compares views and quotes hostile column names', async () => {
    await warehouse.adapter.execute(`create view prod."we""ird" as select 1 as "id", 'x' as "a ""b"" c"`);
    await warehouse.adapter.execute(`create view pr."we""ird" as select 1 as "id", 'y' as "a ""b"" c"`);
    const diff = await diffModel(warehouse.adapter, { uniqueId: 'model.p.weird', name: 'we"ird', prod: prod('we"ird'), pr: pr('we"ird'), primaryKey: ['id'], primaryKeySource: 'unique test' });
    expect(diff.error).toBeUndefined();
    expect(diff.keyed).toMatchObject({ changed: 1, columnChanges: { 'a "b" c': 1 } });
  });
});
