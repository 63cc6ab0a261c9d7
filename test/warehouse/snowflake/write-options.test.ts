/**
 * incremental_predicates and sql_header on Snowflake (the stand-in): the same tables as dbt gives
 * on DuckDB (test/run/incremental-predicates.test.ts, values recorded from dbt-core 1.11.16), and a
 * header sent in the same request as its create (MULTI_STATEMENT_COUNT), read back from the
 * stand-in's statement log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../../../src/warehouse/adapter.js';
import { FakeCompiler, build, statusOf, type Warehouse } from '../../run/helpers.js';
import { skipReason, useSnowflake } from './helpers.js';

const ID = 'model.proj.inc';
const RUN_LEVEL = /^(show terse objects|select schema_name from|select table_name, column_name, .* where table_schema = \? order by)/i;

describe.skipIf(skipReason !== null)('incremental_predicates and sql_header on Snowflake (stand-in)', () => {
  const world = useSnowflake();

  async function runOnce(schema: string, compiler: FakeCompiler, id: string): Promise<{ status: string | undefined; message: string; statements: string[] }> {
    const adapter = await world.open({ schema });
    const dir = mkdtempSync(join(tmpdir(), 'dailies-sf-opts-'));
    const warehouse: Warehouse = { adapter, dir, close: async () => rmSync(dir, { recursive: true, force: true }) };
    await world.standIn?.resetStatements();
    const results = await build(warehouse, compiler, { command: 'build' });
    await warehouse.close();
    const log = world.standIn ? await world.standIn.statements() : [];
    const statements = log.filter((entry) => entry.queryTag?.endsWith(id) && !RUN_LEVEL.test(entry.sql)).map((entry) => entry.sql);
    return { status: statusOf(results, id), message: results.results.find((result) => result.unique_id === id)?.message ?? '', statements };
  }

  async function setUp(): Promise<{ schema: string; adapter: Adapter }> {
    const schema = world.schema('OPTS');
    const adapter = await world.open({ schema });
    await adapter.createSchema(null, schema);
    await adapter.execute(`create table ${schema}.src (id integer, name varchar, amount integer)`);
    await adapter.execute(`insert into ${schema}.src values (1, 'a', 10), (2, 'b', 20), (3, 'c', 30)`);
    return { schema, adapter };
  }

  /** Recorded from dbt-core 1.11.16 + dbt-duckdb 1.11.1 (the same two runs). */
  const DBT_RESULT = [
    { id: 1, name: 'a1', amount: 10 },
    { id: 1, name: 'a2', amount: 10 },
    { id: 2, name: 'bb2', amount: 20 },
    { id: 3, name: 'c1', amount: 30 },
    { id: 4, name: 'd2', amount: 40 },
  ];

  async function twoRuns(config: Record<string, unknown>): Promise<{ rows: unknown[]; second: string[] }> {
    const { schema, adapter } = await setUp();
    const model = (step: number): string => `select id, name || '${step}' as name, amount from ${schema}.src`;
    const compiler = new FakeCompiler([{ id: ID, sql: model(1), schema, config: { materialized: 'incremental', unique_key: 'id', ...config } }]);
    expect((await runOnce(schema, compiler, ID)).status).toBe('success');
    await adapter.execute(`delete from ${schema}.src where id = 3`);
    await adapter.execute(`update ${schema}.src set name = 'bb' where id = 2`);
    await adapter.execute(`insert into ${schema}.src values (4, 'd', 40)`);
    compiler.setSql(ID, model(2));
    const second = await runOnce(schema, compiler, ID);
    expect(second.status, second.message).toBe('success');
    return { rows: (await adapter.execute(`select id, name, amount from ${schema}.inc order by id, name`)).rows, second: second.statements };
  }

  it('merge with a predicate: one MERGE straight from the query, the predicate in its ON', async () => {
    const { rows, second } = await twoRuns({ incremental_strategy: 'merge', incremental_predicates: ['DBT_INTERNAL_DEST.id > 1'] });
    expect(rows).toEqual(DBT_RESULT);
    if (world.standIn) {
      expect(second).toHaveLength(1);
      expect(second[0]).toMatch(/^merge into .* as DBT_INTERNAL_DEST\nusing \([\s\S]*\) as DBT_INTERNAL_SOURCE\non \(DBT_INTERNAL_SOURCE\."ID" = DBT_INTERNAL_DEST\."ID"\) and \(DBT_INTERNAL_DEST\.id > 1\)/);
    }
  });

  it('delete+insert with a predicate: staged rows, then DELETE and INSERT in one transaction', async () => {
    const { rows, second } = await twoRuns({ incremental_strategy: 'delete+insert', incremental_predicates: ['id > 1'] });
    expect(rows).toEqual(DBT_RESULT);
    if (world.standIn) {
      expect(second.map((sql) => sql.split(/\s/)[0]!.toLowerCase())).toEqual(['create', 'begin', 'delete', 'insert', 'commit']);
      expect(second[2]).toMatch(/^delete from .* as DBT_INTERNAL_DEST where \("ID"\) in \(select distinct "ID" from .* as DBT_INTERNAL_SOURCE\) and \(id > 1\)$/);
    }
  });

  it('sql_header: sent in the same request as the create, and what it sets applies to the model', async () => {
    const { schema, adapter } = await setUp();
    const id = 'model.proj.headed';
    const compiler = new FakeCompiler([{ id, sql: 'select $factor * 2 as v', schema, config: { materialized: 'table', sql_header: 'set factor = 21;' } }]);
    const first = await runOnce(schema, compiler, id);
    expect(first.status, first.message).toBe('success');
    expect((await adapter.execute(`select v from ${schema}.headed`)).rows).toEqual([{ v: 42 }]);
    if (world.standIn) expect(first.statements).toEqual([expect.stringMatching(/^set factor = 21;\ncreate or replace transient table .*"HEADED" as \(/)]);
  });

  it('sql_header on an incremental merge: the header leads the MERGE request', async () => {
    const { schema, adapter } = await setUp();
    const id = 'model.proj.inc_headed';
    const sql = `select id, name, amount * $factor as amount from ${schema}.src`;
    const compiler = new FakeCompiler([{ id, sql, schema, config: { materialized: 'incremental', unique_key: 'id', sql_header: 'set factor = 2;' } }]);
    expect((await runOnce(schema, compiler, id)).status).toBe('success');
    const second = await runOnce(schema, compiler, id);
    expect(second.status, second.message).toBe('success');
    expect((await adapter.execute(`select id, amount from ${schema}.inc_headed order by id`)).rows).toEqual([
      { id: 1, amount: 20 },
      { id: 2, amount: 40 },
      { id: 3, amount: 60 },
    ]);
    if (world.standIn) expect(second.statements).toEqual([expect.stringMatching(/^set factor = 2;\nmerge into /)]);
  });

  it('store_failures_as view: the failures are a view in the audit schema; ephemeral stores nothing', async () => {
    const { schema, adapter } = await setUp();
    const test = (id: string, config: Record<string, unknown>) => ({ id, sql: `select * from ${schema}.src where amount > 15`, schema, config: { severity: 'warn', ...config } });
    const compiler = new FakeCompiler([test('test.proj.big_as_view', { store_failures_as: 'view' }), test('test.proj.big_ephemeral', { store_failures: true, store_failures_as: 'ephemeral' })]);
    const adapterRun = await runOnce(schema, compiler, 'test.proj.big_as_view');
    expect(adapterRun.status).toBe('warn');
    const audit = await adapter.listRelations(null, `${schema}_dbt_test__audit`);
    expect(audit.map((relation) => [relation.identifier.toLowerCase(), relation.type])).toEqual([['big_as_view', 'view']]);
    expect((await adapter.execute(`select count(*) as n from ${schema}_dbt_test__audit.big_as_view`)).rows).toEqual([{ n: 2 }]);
  });

  it('foreign_key constraints: recorded in the contract table as dbt-snowflake renders them (to: the whole relation)', async () => {
    const { schema, adapter } = await setUp();
    const [parent, child] = ['model.proj.parent', 'model.proj.child'];
    const contract = { materialized: 'table', contract: { enforced: true } };
    const compiler = new FakeCompiler([
      { id: parent, sql: 'select 1 as id', schema, config: contract, columns: { id: 'integer' } },
      { id: child, sql: 'select 1 as id, 1 as parent_id', schema, dependsOn: [parent], config: contract, columns: { id: 'integer', parent_id: 'integer' } },
    ]);
    compiler.manifest.nodes[parent]!.columns.id!.constraints = [{ type: 'primary_key' }];
    compiler.manifest.nodes[child]!.columns.parent_id!.constraints = [{ type: 'foreign_key', to: "ref('parent')", to_columns: ['id'] }];
    const built = await runOnce(schema, compiler, child);
    expect(built.status, built.message).toBe('success');
    expect((await adapter.execute(`select parent_id from ${schema}.child`)).rows).toEqual([{ parent_id: 1 }]);
    if (world.standIn) expect(built.statements.join('\n')).toContain(`"PARENT_ID" NUMBER(38,0) references "DAILIES"."${schema}"."PARENT" (id)`);
  });

  it('sql_header on a snapshot: with the create, then with the stage of a later run (still 3 statements)', async () => {
    const { schema, adapter } = await setUp();
    const id = 'snapshot.proj.snap';
    await adapter.execute(`create table ${schema}.users (id integer, amount integer, updated_at timestamp_ntz)`);
    await adapter.execute(`insert into ${schema}.users values (1, 10, '2024-01-01')`);
    const compiler = new FakeCompiler([
      { id, type: 'snapshot', sql: `select id, amount * $factor as amount, updated_at from ${schema}.users`, schema, config: { materialized: 'snapshot', unique_key: 'id', strategy: 'timestamp', updated_at: 'updated_at', sql_header: 'set factor = 2;' } },
    ]);
    expect((await runOnce(schema, compiler, id)).status).toBe('success');
    await adapter.execute(`update ${schema}.users set amount = 11, updated_at = '2024-02-01' where id = 1`);
    const second = await runOnce(schema, compiler, id);
    expect(second.status, second.message + JSON.stringify(second.statements)).toBe('success');
    expect((await adapter.execute(`select amount from ${schema}.snap order by dbt_valid_from`)).rows).toEqual([{ amount: 20 }, { amount: 22 }]);
    if (world.standIn) {
      expect(second.statements).toHaveLength(3);
      expect(second.statements[0]).toMatch(/^set factor = 2;\ncreate or replace temporary table /);
    }
  });
});
