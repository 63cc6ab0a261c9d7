import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeCompiler, build, openWarehouse, rows, statusOf, type Warehouse } from './helpers.js';

let warehouse: Warehouse;
beforeEach(async () => {
  warehouse = await openWarehouse();
});
afterEach(async () => {
  await warehouse.close();
});

const ID = 'model.proj.customers';
function contracted(sql: string, columns: Record<string, string | null>, constraints = false): FakeCompiler {
  const compiler = new FakeCompiler([{ id: ID, sql, columns, config: { materialized: 'table', contract: { enforced: true } } }]);
  if (constraints) compiler.manifest.nodes[ID]!.columns.id!.constraints = [{ type: 'not_null' }];
  return compiler;
}

describe('model contracts', () => {
  it('builds the table when names and types match (type aliases compare equal)', async () => {
    const results = await build(warehouse, contracted("select 1 as id, 'a' as name", { id: 'int', name: 'text' }));
    expect(statusOf(results, ID)).toBe('success');
    expect(await rows(warehouse.adapter, 'select * from main.customers')).toEqual([{ id: 1, name: 'a' }]);
  });

  it('fails with a table of missing, extra and mismatched columns and leaves the previous table', async () => {
    await build(warehouse, contracted("select 1 as id, 'a' as name", { id: 'integer', name: 'varchar' }));
    const compiler = contracted("select 'x' as id, 2 as extra", { id: 'integer', name: 'varchar' });
    const results = await build(warehouse, compiler);
    expect(statusOf(results, ID)).toBe('error');
    const message = results.results[0]!.message;
    expect(message).toMatch(/contract of model 'customers' does not match/);
    expect(message).toMatch(/\| id\s+\| integer\s+\| VARCHAR\s+\| type mismatch \|/);
    expect(message).toMatch(/\| name\s+\| varchar\s+\| -\s+\| missing\s+\|/);
    expect(message).toMatch(/\| extra\s+\| -\s+\| INTEGER\s+\| extra\s+\|/);
    expect(await rows(warehouse.adapter, 'select * from main.customers')).toEqual([{ id: 1, name: 'a' }]);
    expect((await warehouse.adapter.listRelations(null, 'main')).map((relation) => relation.identifier)).toEqual(['customers']);
  });

  it('a contract column without data_type is an error that says so', async () => {
    const results = await build(warehouse, contracted('select 1 as id', { id: null }));
    expect(results.results[0]!.message).toMatch(/declares no data_type for id/);
  });

  it('enforces not_null constraints from the contract', async () => {
    const results = await build(warehouse, contracted('select cast(null as integer) as id', { id: 'integer' }, true));
    expect(statusOf(results, ID)).toBe('error');
    expect(results.results[0]!.message).toMatch(/NOT NULL/i);
    expect(await warehouse.adapter.getRelation({ database: null, schema: 'main', identifier: 'customers' })).toBeNull();
  });
});
