/** The whole-table fingerprint fast path of diffModel, for models whose own SQL did not change. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffModel } from '../../../src/review/diff/index.js';
import { openDiffWarehouse, pr, prod, type DiffWarehouse } from './helpers.js';

let warehouse: DiffWarehouse;
const run = (sql: string) => warehouse.adapter.execute(sql);

beforeAll(async () => {
  warehouse = await openDiffWarehouse();
  const rows = `(1, 'ann', 10.50, null), (2, 'bob', 20.00, date '2024-01-02'), (3, null, null, date '2024-01-03')`;
  for (const schema of ['prod', 'pr']) {
    await run(`create table ${schema}.same (id integer, name varchar, amount decimal(10,2), day date)`);
  }
  await run(`insert into prod.same values ${rows}`);
  // the same rows, written in another order
  await run(`insert into pr.same select * from prod.same order by id desc`);
  await run(`create table prod.one_changed as select * from prod.same`);
  await run(`create table pr.one_changed as select * replace (case when id = 2 then 20.01 else amount end as amount) from prod.same`);
  await run(`create table prod.multiset as select * from prod.same union all select * from prod.same where id = 1`);
  await run(`create table pr.multiset as select * from prod.same union all select * from prod.same where id = 3`);
  await run(`create table prod.widened as select * from prod.same`);
  await run(`create table pr.widened as select id, name, amount, day, 1 as extra from prod.same`);
});
afterAll(async () => warehouse.cleanup());

const diffOf = (table: string, primaryKey: string[] | null = ['id']) =>
  diffModel(warehouse.adapter, { uniqueId: `model.p.${table}`, name: table, prod: prod(table), pr: pr(table), primaryKey, primaryKeySource: 'unique test', fingerprintFirst: true });

describe('diffModel with fingerprintFirst', () => {
  it('proves tables with the same rows in another order identical, with no join', async () => {
    const diff = await diffOf('same');
    expect(diff.error).toBeUndefined();
    expect(diff.identical).toBe(true);
    expect(diff.rowCounts).toEqual({ prod: 3, pr: 3 });
    expect(diff.keyed).toMatchObject({ added: 0, removed: 0, changed: 0, unchanged: 3, columnChanges: { name: 0, amount: 0, day: 0 } });
  });

  it('says "same rows" without a key', async () => {
    const diff = await diffOf('same', null);
    expect(diff.identical).toBe(true);
    expect(diff.keyless).toEqual({ onlyInProd: 0, onlyInPr: 0 });
  });

  it('falls through to the keyed diff when one value differs', async () => {
    const diff = await diffOf('one_changed');
    expect(diff.identical).toBeUndefined();
    expect(diff.keyed).toMatchObject({ added: 0, removed: 0, changed: 1, unchanged: 2, columnChanges: { amount: 1 } });
  });

  it('tells multisets apart: the same count and distinct rows, but a different row duplicated', async () => {
    const diff = await diffOf('multiset', null);
    expect(diff.identical).toBeUndefined();
    expect(diff.keyless).toEqual({ onlyInProd: 1, onlyInPr: 1 });
  });

  it('does not take the fast path when the columns changed', async () => {
    const diff = await diffOf('widened');
    expect(diff.identical).toBeUndefined();
    expect(diff.schema.added.map((column) => column.name)).toEqual(['extra']);
    expect(diff.keyed).toMatchObject({ changed: 0, unchanged: 3 });
  });
});

describe('diffModel with columns read beforehand (getSchemaColumns)', () => {
  it('gives the same diff as looking the relations up itself, and a new model when production has none', async () => {
    const [prodColumns, prColumns] = await Promise.all([warehouse.adapter.getSchemaColumns!(null, 'prod'), warehouse.adapter.getSchemaColumns!(null, 'pr')]);
    expect(prodColumns.get('one_changed')?.map((column) => column.name)).toEqual(['id', 'name', 'amount', 'day']);
    const options = { uniqueId: 'model.p.one_changed', name: 'one_changed', prod: prod('one_changed'), pr: pr('one_changed'), primaryKey: ['id'], primaryKeySource: 'unique test' };
    const looked = await diffModel(warehouse.adapter, options);
    const given = await diffModel(warehouse.adapter, { ...options, columns: { prod: prodColumns.get('one_changed')!, pr: prColumns.get('one_changed')! } });
    expect({ ...given, seconds: 0 }).toEqual({ ...looked, seconds: 0 });
    const fresh = await diffModel(warehouse.adapter, { ...options, columns: { prod: null, pr: prColumns.get('one_changed')! } });
    expect(fresh).toMatchObject({ prodExists: false, rowCounts: { prod: null, pr: 3 } });
  });
});
