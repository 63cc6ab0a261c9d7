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
const child: NodeSpec = { id: 'model.proj.orders_summary', sql: 'select count(*) as n from main.orders', dependsOn: ['model.proj.orders'], config: { materialized: 'table' } };
const nullCustomers = 'select * from main.orders where customer is null';

function notNullTest(config: Record<string, unknown> = {}): NodeSpec {
  return { id: 'test.proj.not_null_orders_customer', sql: nullCustomers, dependsOn: ['model.proj.orders'], attachedNode: 'model.proj.orders', config };
}

describe('data tests', () => {
  it('a failing error-severity test skips the downstream of its model in build and keeps failing rows', async () => {
    const results = await build(warehouse, new FakeCompiler([model, child, notNullTest()]));
    expect(results.results.map((result) => [result.unique_id, result.status])).toEqual([
      ['model.proj.orders', 'success'],
      ['test.proj.not_null_orders_customer', 'fail'],
      ['model.proj.orders_summary', 'skipped'],
    ]);
    const test = results.results[1]!;
    expect(test.failures).toBe(3);
    expect(test.message).toBe('Got 3 results, configured to fail if != 0');
    expect(test.failing_rows).toEqual([
      { id: 0, customer: null },
      { id: 1, customer: null },
      { id: 2, customer: null },
    ]);
    expect(results.results[2]!.skip_reason).toBe('upstream fail: test.proj.not_null_orders_customer');
    expect(await warehouse.adapter.getRelation({ database: null, schema: 'main', identifier: 'orders_summary' })).toBeNull();
  });

  it('a warn-severity test warns and does not skip the downstream', async () => {
    const results = await build(warehouse, new FakeCompiler([model, child, notNullTest({ severity: 'warn' })]));
    expect(statusOf(results, 'test.proj.not_null_orders_customer')).toBe('warn');
    expect(statusOf(results, 'model.proj.orders_summary')).toBe('success');
  });

  it('thresholds: warn_if / error_if decide between pass, warn and fail', async () => {
    const statusWith = async (config: Record<string, unknown>): Promise<string | undefined> =>
      statusOf(await build(warehouse, new FakeCompiler([model, notNullTest(config)])), 'test.proj.not_null_orders_customer');
    expect(await statusWith({ warn_if: '> 5', error_if: '> 10' })).toBe('pass');
    expect(await statusWith({ warn_if: '>= 2', error_if: '> 10' })).toBe('warn');
    expect(await statusWith({ warn_if: '>= 2', error_if: '>= 3' })).toBe('fail');
    expect(await statusWith({ fail_calc: 'sum(id)', error_if: '>= 3' })).toBe('fail');
    expect(await statusWith({ fail_calc: 'sum(id)', error_if: '> 3' })).toBe('warn');
  });

  it('limit caps the failures counted', async () => {
    const results = await build(warehouse, new FakeCompiler([model, notNullTest({ limit: 2 })]));
    expect(results.results[1]!.failures).toBe(2);
  });

  it('a passing test reports pass with zero failures and no samples', async () => {
    const passing: NodeSpec = { ...notNullTest(), sql: 'select * from main.orders where id is null' };
    const results = await build(warehouse, new FakeCompiler([model, child, passing]));
    expect(results.results[1]).toMatchObject({ status: 'pass', failures: 0 });
    expect(results.results[1]!.failing_rows).toBeUndefined();
    expect(statusOf(results, 'model.proj.orders_summary')).toBe('success');
  });

  it('store_failures writes the failing rows to <schema>_dbt_test__audit, replaced on each run', async () => {
    const compiler = new FakeCompiler([model, notNullTest({ store_failures: true })]);
    const results = await build(warehouse, compiler);
    expect(results.results[1]!.relation_name).toBe('"main_dbt_test__audit"."not_null_orders_customer"');
    await build(warehouse, compiler);
    expect(await rows(warehouse.adapter, 'select id from main_dbt_test__audit.not_null_orders_customer order by id')).toEqual([{ id: 0 }, { id: 1 }, { id: 2 }]);
  });

  it('the storeFailuresSchema run option stores every test in that schema', async () => {
    await build(warehouse, new FakeCompiler([model, notNullTest()]), { storeFailuresSchema: 'audit' });
    expect(await rows(warehouse.adapter, 'select count(*) as n from audit.not_null_orders_customer')).toEqual([{ n: 3 }]);
  });

  it('a test whose SQL errors is an error and skips the downstream', async () => {
    const broken: NodeSpec = { ...notNullTest(), sql: 'select * from main.no_such_table' };
    const results = await build(warehouse, new FakeCompiler([model, child, broken]));
    expect(statusOf(results, 'test.proj.not_null_orders_customer')).toBe('error');
    expect(statusOf(results, 'model.proj.orders_summary')).toBe('skipped');
  });

  it('the test command runs only the tests', async () => {
    const compiler = new FakeCompiler([model, notNullTest()]);
    await build(warehouse, compiler, { command: 'run', select: ['model.proj.orders'] });
    const results = await build(warehouse, compiler, { command: 'test', select: ['test.proj.not_null_orders_customer'] });
    expect(results.results.map((result) => result.unique_id)).toEqual(['test.proj.not_null_orders_customer']);
    expect(results.results[0]!.status).toBe('fail');
  });
});

describe('the storeFailures run option', () => {
  it('stores every test in its audit schema unless the test opts out', async () => {
    const optedOut: NodeSpec = { ...notNullTest({ store_failures: false }), id: 'test.proj.opted_out' };
    await build(warehouse, new FakeCompiler([model, notNullTest(), optedOut]), { storeFailures: true });
    expect(await rows(warehouse.adapter, 'select count(*) as n from main_dbt_test__audit.not_null_orders_customer')).toEqual([{ n: 3 }]);
    expect(await warehouse.adapter.getRelation({ database: null, schema: 'main_dbt_test__audit', identifier: 'opted_out' })).toBeNull();
  });
});
