/**
 * Contract `foreign_key` constraints on DuckDB, as dbt-core 1.11.16 + dbt-duckdb 1.11.1 render them
 * (recorded from its target/run/…/child.sql: `parent_id integer references "main"."parent" (id)` for
 * `to: ref('parent')` + `to_columns: [id]`, `p2 integer references parent (id)` for
 * `expression: "parent (id)"`), and DuckDB enforcing them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeCompiler, build, openWarehouse, rows, statusOf, type Warehouse } from './helpers.js';

let warehouse: Warehouse;
beforeEach(async () => {
  warehouse = await openWarehouse();
});
afterEach(async () => {
  await warehouse.close();
});

const PARENT = 'model.proj.parent';
const CHILD = 'model.proj.child';
const contract = { materialized: 'table', contract: { enforced: true } };

function project(childSql: string, constraints: Record<string, unknown[]>): FakeCompiler {
  const compiler = new FakeCompiler([
    { id: PARENT, sql: 'select 1 as id', config: contract, columns: { id: 'integer' } },
    { id: CHILD, sql: childSql, dependsOn: [PARENT], config: contract, columns: { id: 'integer', parent_id: 'integer', p2: 'integer' } },
  ]);
  compiler.manifest.nodes[PARENT]!.columns.id!.constraints = [{ type: 'primary_key' }];
  for (const [column, list] of Object.entries(constraints)) compiler.manifest.nodes[CHILD]!.columns[column]!.constraints = list;
  return compiler;
}

const BOTH = { parent_id: [{ type: 'foreign_key', to: "ref('parent')", to_columns: ['id'] }], p2: [{ type: 'foreign_key', expression: 'parent (id)' }] };

describe('foreign_key constraints', () => {
  it('to: ref() with to_columns, and the older expression: both created as DuckDB foreign keys (as dbt-duckdb)', async () => {
    const results = await build(warehouse, project('select 1 as id, 1 as parent_id, 1 as p2', BOTH));
    expect(statusOf(results, CHILD), results.results.find((r) => r.unique_id === CHILD)?.message).toBe('success');
    // dbt-duckdb's table, read from duckdb_constraints() after its build
    expect(await rows(warehouse.adapter, "select constraint_text from duckdb_constraints() where table_name = 'child' and constraint_type = 'FOREIGN KEY' order by constraint_index")).toEqual([
      { constraint_text: 'FOREIGN KEY (parent_id) REFERENCES parent(id)' },
      { constraint_text: 'FOREIGN KEY (p2) REFERENCES parent(id)' },
    ]);
  });

  it('DuckDB enforces them: a child row without its parent fails the model', async () => {
    const results = await build(warehouse, project('select 1 as id, 2 as parent_id, 1 as p2', BOTH));
    expect(statusOf(results, CHILD)).toBe('error');
    expect(results.results.find((r) => r.unique_id === CHILD)!.message).toMatch(/foreign key/i);
  });

  it('the child alone builds again (created in place, never renamed into place)', async () => {
    const compiler = project('select 1 as id, 1 as parent_id, 1 as p2', BOTH);
    await build(warehouse, compiler);
    const again = await build(warehouse, compiler, { select: [CHILD] });
    expect(statusOf(again, CHILD), again.results[0]?.message).toBe('success');
  });

  it('a `to` that names nothing, or `to` without to_columns, fails the model with its place and a hint', async () => {
    for (const [constraint, message] of [
      [{ type: 'foreign_key', to: "ref('nowhere')", to_columns: ['id'] }, /points at ref\('nowhere'\), which is no model, seed or snapshot/],
      [{ type: 'foreign_key', to: "ref('parent')" }, /has `to` but no `to_columns` list/],
      [{ type: 'foreign_key' }, /names no table/],
    ] as const) {
      const results = await build(warehouse, project('select 1 as id, 1 as parent_id, 1 as p2', { parent_id: [constraint] }));
      expect(statusOf(results, CHILD)).toBe('error');
      expect(results.results.find((r) => r.unique_id === CHILD)!.message).toMatch(new RegExp(`models/child\\.sql:1: the foreign_key constraint of column 'parent_id' of model 'child' ${message.source}`));
    }
  });

  it('a second build replaces the referenced parent: the child is set aside and rebuilt after it, as dbt-duckdb does', async () => {
    const compiler = project('select 1 as id, 1 as parent_id, 1 as p2', BOTH);
    await build(warehouse, compiler);
    const again = await build(warehouse, compiler);
    expect(again.results.map((result) => [result.unique_id, result.status])).toEqual([
      [PARENT, 'success'],
      [CHILD, 'success'],
    ]);
    expect(await rows(warehouse.adapter, "select count(*) as n from duckdb_constraints() where table_name = 'child' and constraint_type = 'FOREIGN KEY'")).toEqual([{ n: 2 }]);
    expect(await rows(warehouse.adapter, "select table_name from duckdb_tables() where table_name like '%backup%'")).toEqual([]);
  });

  it("the parent alone cannot be replaced while an unselected child references it: dbt-duckdb's error", async () => {
    const compiler = project('select 1 as id, 1 as parent_id, 1 as p2', BOTH);
    await build(warehouse, compiler);
    const parentOnly = await build(warehouse, compiler, { select: [PARENT] });
    expect(statusOf(parentOnly, PARENT)).toBe('error');
    expect(parentOnly.results[0]!.message).toMatch(/Cannot replace .*"parent" because DuckDB does not allow replacing a table that a foreign key references.*Problem tables: child \(model child is not selected in this run\)/);
    // nothing was dropped
    expect(await rows(warehouse.adapter, 'select count(*) as n from main.child')).toEqual([{ n: 1 }]);
  });

  it('model-level constraints (foreign key over `columns`, named check, primary key): the constraints dbt-duckdb created', async () => {
    const compiler = project('select 1 as id, 1 as parent_id, 1 as p2', {});
    compiler.manifest.nodes[CHILD]!.constraints = [
      { type: 'foreign_key', columns: ['parent_id'], to: "ref('parent')", to_columns: ['id'] },
      { type: 'check', name: 'positive_id', expression: 'id > 0' },
      { type: 'primary_key', columns: ['id'] },
    ];
    const results = await build(warehouse, compiler);
    expect(statusOf(results, CHILD), results.results.find((r) => r.unique_id === CHILD)?.message).toBe('success');
    // read from duckdb_constraints() after dbt-core 1.11.16 + dbt-duckdb 1.11.1 built the same model
    // (its DDL: `foreign key (parent_id) references "main"."parent" (id), constraint positive_id check (id > 0), primary key (id)`)
    expect(await rows(warehouse.adapter, "select constraint_type, constraint_text from duckdb_constraints() where table_name = 'child' order by constraint_index")).toEqual([
      { constraint_type: 'FOREIGN KEY', constraint_text: 'FOREIGN KEY (parent_id) REFERENCES parent(id)' },
      { constraint_type: 'CHECK', constraint_text: 'CHECK((id > 0))' },
      { constraint_type: 'PRIMARY KEY', constraint_text: 'PRIMARY KEY(id)' },
      { constraint_type: 'NOT NULL', constraint_text: 'NOT NULL' },
    ]);
  });
});
