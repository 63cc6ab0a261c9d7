/**
 * dbt's `incremental_predicates` on DuckDB. The expected tables were recorded from dbt-core 1.11.16 +
 * dbt-duckdb 1.11.1 building the same two runs (merge with `DBT_INTERNAL_DEST.id > 1`, delete+insert
 * with `id > 1`): the row with id 1 is not matched, so its new version is inserted beside the old.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeCompiler, build, openWarehouse, rows, statusOf, type Warehouse } from './helpers.js';

let warehouse: Warehouse;
beforeEach(async () => {
  warehouse = await openWarehouse();
  await warehouse.adapter.execute('create table main.src (id integer, name varchar, amount integer)');
  await warehouse.adapter.execute("insert into main.src values (1, 'a', 10), (2, 'b', 20), (3, 'c', 30)");
});
afterEach(async () => {
  await warehouse.close();
});

const ID = 'model.proj.inc';
const model = (step: number): string => `select id, name || '${step}' as name, amount from main.src`;

async function twoRuns(config: Record<string, unknown>): Promise<unknown[]> {
  const compiler = new FakeCompiler([{ id: ID, sql: model(1), config: { materialized: 'incremental', unique_key: 'id', ...config } }]);
  expect(statusOf(await build(warehouse, compiler), ID)).toBe('success');
  await warehouse.adapter.execute("delete from main.src where id = 3; update main.src set name = 'bb' where id = 2; insert into main.src values (4, 'd', 40)");
  compiler.setSql(ID, model(2));
  const second = await build(warehouse, compiler);
  expect(statusOf(second, ID), second.results[0]?.message).toBe('success');
  return rows(warehouse.adapter, 'select id, name, amount from main.inc order by all');
}

/** Recorded from dbt-core 1.11.16 + dbt-duckdb 1.11.1. */
const DBT_RESULT = [
  { id: 1, name: 'a1', amount: 10 },
  { id: 1, name: 'a2', amount: 10 },
  { id: 2, name: 'bb2', amount: 20 },
  { id: 3, name: 'c1', amount: 30 },
  { id: 4, name: 'd2', amount: 40 },
];

describe('incremental_predicates', () => {
  it('merge: the predicates join the match on the key (DBT_INTERNAL_DEST is the table)', async () => {
    expect(await twoRuns({ incremental_strategy: 'merge', incremental_predicates: ['DBT_INTERNAL_DEST.id > 1'] })).toEqual(DBT_RESULT);
  });

  it('delete+insert: the predicates limit the delete (an unqualified column is the table\'s)', async () => {
    expect(await twoRuns({ incremental_strategy: 'delete+insert', incremental_predicates: ['id > 1'] })).toEqual(DBT_RESULT);
  });

  it('delete+insert takes DBT_INTERNAL_DEST too, and the older `predicates` key', async () => {
    expect(await twoRuns({ incremental_strategy: 'delete+insert', predicates: ['DBT_INTERNAL_DEST.id > 1'] })).toEqual(DBT_RESULT);
  });

  it('without predicates every matched key is replaced', async () => {
    expect(await twoRuns({ incremental_strategy: 'merge' })).toEqual([
      { id: 1, name: 'a2', amount: 10 },
      { id: 2, name: 'bb2', amount: 20 },
      { id: 3, name: 'c1', amount: 30 },
      { id: 4, name: 'd2', amount: 40 },
    ]);
  });

  it('a value that is not a list of SQL strings fails the model with its place and a hint', async () => {
    const compiler = new FakeCompiler([{ id: ID, sql: model(1), config: { materialized: 'incremental', unique_key: 'id', incremental_predicates: 'id > 1' } }]);
    const results = await build(warehouse, compiler);
    expect(statusOf(results, ID)).toBe('error');
    expect(results.results[0]!.message).toMatch(/models\/inc\.sql:1: incremental_predicates of model 'inc' must be a list of SQL conditions, not "id > 1"/);
  });
});
