/**
 * `store_failures_as` as dbt-core 1.11's test materialization has it (checked against dbt-core
 * 1.11.16 + dbt-duckdb 1.11.1: `unique` with `view` made a VIEW in main_dbt_test__audit,
 * `accepted_values` with `table` and no store_failures a BASE TABLE, `not_null` with `ephemeral`
 * nothing): it decides over store_failures and the run's flag.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeCompiler, build, openWarehouse, rows, statusOf, type NodeSpec, type Warehouse } from './helpers.js';

let warehouse: Warehouse;
beforeEach(async () => {
  warehouse = await openWarehouse();
});
afterEach(async () => {
  await warehouse.close();
});

const model: NodeSpec = { id: 'model.proj.orders', sql: 'select range as id, case when range < 3 then null else range end as customer from range(10)', config: { materialized: 'table' } };
const TEST = 'test.proj.not_null_orders_customer';
const test = (config: Record<string, unknown>): NodeSpec => ({ id: TEST, sql: 'select * from main.orders where customer is null', dependsOn: ['model.proj.orders'], attachedNode: 'model.proj.orders', config: { severity: 'warn', ...config } });

async function audit(): Promise<unknown[]> {
  return rows(warehouse.adapter, "select table_name, table_type from information_schema.tables where table_schema = 'main_dbt_test__audit' order by all");
}

describe('store_failures_as', () => {
  it('view: the failures are a view of the test query, replacing a table stored before', async () => {
    await build(warehouse, new FakeCompiler([model, test({ store_failures: true })]));
    expect(await audit()).toEqual([{ table_name: 'not_null_orders_customer', table_type: 'BASE TABLE' }]);
    const results = await build(warehouse, new FakeCompiler([model, test({ store_failures: true, store_failures_as: 'view' })]));
    expect(statusOf(results, TEST)).toBe('warn');
    expect(await audit()).toEqual([{ table_name: 'not_null_orders_customer', table_type: 'VIEW' }]);
    expect(await rows(warehouse.adapter, 'select count(*) as n from main_dbt_test__audit.not_null_orders_customer')).toEqual([{ n: 3 }]);
  });

  it('table without store_failures stores a table (store_failures_as decides)', async () => {
    await build(warehouse, new FakeCompiler([model, test({ store_failures_as: 'table' })]));
    expect(await audit()).toEqual([{ table_name: 'not_null_orders_customer', table_type: 'BASE TABLE' }]);
  });

  it('ephemeral stores nothing, even with store_failures and the --store-failures flag', async () => {
    const results = await build(warehouse, new FakeCompiler([model, test({ store_failures: true, store_failures_as: 'ephemeral' })]), { storeFailures: true });
    expect(statusOf(results, TEST)).toBe('warn');
    expect(await audit()).toEqual([]);
  });

  it("an unknown value fails the test with dbt's message, its place and a hint", async () => {
    const results = await build(warehouse, new FakeCompiler([model, test({ store_failures_as: 'materialized_view' })]));
    expect(statusOf(results, TEST)).toBe('error');
    expect(results.results.find((result) => result.unique_id === TEST)!.message).toMatch(
      /tests\/not_null_orders_customer\.sql:1: 'materialized_view' is not a valid value for `store_failures_as` of test 'not_null_orders_customer'\. Accepted values are: \['ephemeral', 'table', 'view'\]/,
    );
  });
});
