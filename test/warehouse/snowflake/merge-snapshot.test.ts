/**
 * Incremental merges and snapshots on Snowflake, through the run layer: the same results as the
 * portable path (test/run/snapshots.test.ts, test/run on DuckDB), in at most 3 statements per
 * model build (read from the stand-in's log by QUERY_TAG; the run's one columns query per schema
 * is counted apart).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Adapter, Row } from '../../../src/warehouse/adapter.js';
import { FakeCompiler, build, statusOf, type Warehouse } from '../../run/helpers.js';
import { skipReason, useSnowflake } from './helpers.js';

const SNAPSHOT = 'snapshot.proj.users_snapshot';
const MODEL = 'model.proj.user_facts';
/** Run-level metadata: one listing and one columns query per schema, attributed to the first node that needs them. */
const RUN_LEVEL = /^(show terse objects|select schema_name from|select table_name, column_name, .* where table_schema = \? order by)/i;

describe.skipIf(skipReason !== null)('incremental merges and snapshots on Snowflake (stand-in)', () => {
  const world = useSnowflake();

  async function warehouseIn(schema: string): Promise<Warehouse> {
    const adapter = await world.open({ schema });
    const dir = mkdtempSync(join(tmpdir(), 'dailies-sf-merge-'));
    return {
      adapter,
      dir,
      close: async () => {
        await adapter.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }

  async function rows(adapter: Adapter, sql: string): Promise<Row[]> {
    return (await adapter.execute(sql)).rows;
  }

  /** Builds `compiler` with a fresh adapter (one run), and returns the node's own statements. */
  async function run(schema: string, compiler: FakeCompiler, id: string): Promise<{ status: string | undefined; message: string; statements: string[] }> {
    const warehouse = await warehouseIn(schema);
    await world.standIn?.resetStatements();
    const results = await build(warehouse, compiler, { command: 'build' });
    await warehouse.close();
    const log = world.standIn ? await world.standIn.statements() : [];
    const statements = log.filter((entry) => entry.queryTag?.endsWith(id) && !RUN_LEVEL.test(entry.sql)).map((entry) => entry.sql);
    return { status: statusOf(results, id), message: results.results.find((result) => result.unique_id === id)?.message ?? '', statements };
  }

  async function setUp(): Promise<{ schema: string; adapter: Adapter }> {
    const schema = world.schema('SNAP');
    const adapter = await world.open({ schema });
    await adapter.createSchema(null, schema);
    await adapter.execute(`create table ${schema}.users (id integer, country varchar, visits integer, updated_at timestamp_ntz)`);
    await adapter.execute(`insert into ${schema}.users values (1, 'fr', 1, '2024-01-01'), (2, 'de', 1, '2024-01-01'), (3, 'us', 1, '2024-01-01')`);
    return { schema, adapter };
  }

  function snapshot(schema: string, config: Record<string, unknown>): FakeCompiler {
    return new FakeCompiler([
      { id: SNAPSHOT, type: 'snapshot', sql: `select * from ${schema}.users`, schema, config: { materialized: 'snapshot', unique_key: 'id', ...config } },
    ]);
  }

  it('timestamp strategy with hard deletes invalidated: one MERGE after a temporary stage, 3 statements a run', async () => {
    const { schema, adapter } = await setUp();
    const compiler = snapshot(schema, { strategy: 'timestamp', updated_at: 'updated_at', invalidate_hard_deletes: true });
    expect((await run(schema, compiler, SNAPSHOT)).status).toBe('success');
    await adapter.execute(`update ${schema}.users set country = 'es', updated_at = '2024-02-01' where id = 1`);
    await adapter.execute(`delete from ${schema}.users where id = 3`);
    await adapter.execute(`insert into ${schema}.users values (4, 'it', 1, '2024-02-01')`);
    const second = await run(schema, compiler, SNAPSHOT);
    expect(second.status).toBe('success');
    await adapter.execute(`update ${schema}.users set country = 'pt', updated_at = '2024-03-01' where id = 1`);
    const third = await run(schema, compiler, SNAPSHOT);
    expect(third.message).toBe('INSERT 1');

    expect(await rows(adapter, `select id, country, dbt_valid_from, dbt_valid_to, dbt_valid_to is null as is_current from ${schema}.users_snapshot order by id, dbt_valid_from`)).toEqual([
      { id: 1, country: 'fr', dbt_valid_from: '2024-01-01 00:00:00', dbt_valid_to: '2024-02-01 00:00:00', is_current: false },
      { id: 1, country: 'es', dbt_valid_from: '2024-02-01 00:00:00', dbt_valid_to: '2024-03-01 00:00:00', is_current: false },
      { id: 1, country: 'pt', dbt_valid_from: '2024-03-01 00:00:00', dbt_valid_to: null, is_current: true },
      { id: 2, country: 'de', dbt_valid_from: '2024-01-01 00:00:00', dbt_valid_to: null, is_current: true },
      { id: 3, country: 'us', dbt_valid_from: '2024-01-01 00:00:00', dbt_valid_to: expect.any(String), is_current: false },
      { id: 4, country: 'it', dbt_valid_from: '2024-02-01 00:00:00', dbt_valid_to: null, is_current: true },
    ]);
    if (!world.standIn) return;
    // the query tag travels with each statement: never an ALTER SESSION round trip
    expect((await world.standIn.statements()).filter((entry) => /^\s*alter\s+session/i.test(entry.sql))).toEqual([]);
    for (const { statements } of [second, third]) {
      expect(statements).toHaveLength(3);
      expect(statements[0]).toMatch(/^create or replace temporary table "DAILIES"\."SNAP_\w+"\."USERS_SNAPSHOT__DAILIES_SNAPSHOT_SRC" as/);
      expect(statements[2]).toMatch(/^merge into "DAILIES"\."SNAP_\w+"\."USERS_SNAPSHOT" as dailies_target/);
    }
    // the temporary stage went with its session (the run's adapter closed): nothing is left in the schema
    const fresh = await world.open({ schema });
    expect((await fresh.listRelations(null, schema)).map((relation) => relation.identifier)).toEqual(['USERS', 'USERS_SNAPSHOT']);
  });

  it('check strategy with hard_deletes new_record: deletion records and a reinsertion in the same MERGE', async () => {
    const { schema, adapter } = await setUp();
    const compiler = snapshot(schema, { strategy: 'check', check_cols: ['country'], hard_deletes: 'new_record' });
    await run(schema, compiler, SNAPSHOT);
    await adapter.execute(`update ${schema}.users set country = 'es' where id = 1`);
    await adapter.execute(`update ${schema}.users set visits = 5 where id = 2`);
    await adapter.execute(`delete from ${schema}.users where id = 3`);
    const second = await run(schema, compiler, SNAPSHOT);
    await adapter.execute(`insert into ${schema}.users values (3, 'us', 2, '2024-03-01')`);
    await run(schema, compiler, SNAPSHOT);
    expect(await rows(adapter, `select id, country, dbt_is_deleted, dbt_valid_to is null as is_current from ${schema}.users_snapshot order by id, dbt_valid_from, dbt_is_deleted`)).toEqual([
      { id: 1, country: 'fr', dbt_is_deleted: 'False', is_current: false },
      { id: 1, country: 'es', dbt_is_deleted: 'False', is_current: true },
      { id: 2, country: 'de', dbt_is_deleted: 'False', is_current: true },
      { id: 3, country: 'us', dbt_is_deleted: 'False', is_current: false },
      { id: 3, country: 'us', dbt_is_deleted: 'True', is_current: false },
      { id: 3, country: 'us', dbt_is_deleted: 'False', is_current: true },
    ]);
    expect(await rows(adapter, `select count(distinct dbt_scd_id) as n from ${schema}.users_snapshot`)).toEqual([{ n: 6 }]);
    // the first update adds dbt_is_deleted to the table: one ALTER on top of the three
    if (world.standIn) expect(second.statements.filter((sql) => !/^alter table .* add column "DBT_IS_DELETED"/i.test(sql))).toHaveLength(3);
  });

  it('dbt_valid_to_current and snapshot_meta_column_names: renamed meta columns, current rows carry the value, still 3 statements', async () => {
    const { schema, adapter } = await setUp();
    const compiler = snapshot(schema, {
      strategy: 'check',
      check_cols: ['country'],
      hard_deletes: 'new_record',
      dbt_valid_to_current: "to_timestamp_ntz('9999-12-31 00:00:00')",
      snapshot_meta_column_names: { dbt_valid_from: 'valid_from', dbt_valid_to: 'valid_to', dbt_scd_id: 'scd_id', dbt_updated_at: 'updated', dbt_is_deleted: 'is_deleted' },
    });
    await run(schema, compiler, SNAPSHOT);
    await adapter.execute(`update ${schema}.users set country = 'es' where id = 1`);
    await adapter.execute(`delete from ${schema}.users where id = 3`);
    const second = await run(schema, compiler, SNAPSHOT);
    expect(second.status).toBe('success');
    expect((await adapter.getColumns({ database: null, schema, identifier: 'users_snapshot' })).map((column) => column.name.toLowerCase()).slice(4)).toEqual([
      'scd_id', 'updated', 'valid_from', 'valid_to', 'is_deleted',
    ]);
    // as dbt-core 1.11.16 + dbt-duckdb 1.11.1 gave for the same changes (test/run/snapshot-meta-options.test.ts)
    expect(await rows(adapter, `select id, country, is_deleted, cast(valid_to as varchar) = '9999-12-31 00:00:00' as is_current from ${schema}.users_snapshot order by id, valid_from, is_deleted`)).toEqual([
      { id: 1, country: 'fr', is_deleted: 'False', is_current: false },
      { id: 1, country: 'es', is_deleted: 'False', is_current: true },
      { id: 2, country: 'de', is_deleted: 'False', is_current: true },
      { id: 3, country: 'us', is_deleted: 'False', is_current: false },
      { id: 3, country: 'us', is_deleted: 'True', is_current: true },
    ]);
    const third = await run(schema, compiler, SNAPSHOT);
    expect(third.message).toBe('INSERT 0');
    if (world.standIn) expect(second.statements).toHaveLength(3);
  });

  it("check_cols 'all' with a column new in the query: the column is added and versions the rows", async () => {
    const { schema, adapter } = await setUp();
    const compiler = snapshot(schema, { strategy: 'check', check_cols: 'all' });
    await run(schema, compiler, SNAPSHOT);
    await adapter.execute(`update ${schema}.users set visits = 9 where id = 2`);
    compiler.setSql(SNAPSHOT, `select *, 'web' as channel from ${schema}.users`);
    expect((await run(schema, compiler, SNAPSHOT)).status).toBe('success');
    expect(await rows(adapter, `select id, visits, channel from ${schema}.users_snapshot where dbt_valid_to is null order by id`)).toEqual([
      { id: 1, visits: 1, channel: 'web' },
      { id: 2, visits: 9, channel: 'web' },
      { id: 3, visits: 1, channel: 'web' },
    ]);
    expect((await adapter.getColumns({ database: null, schema, identifier: 'users_snapshot' })).find((column) => column.name === 'CHANNEL')?.dataType).toBe('VARCHAR');
  });

  it('refuses a query whose unique_key is not unique, leaving the history untouched', async () => {
    const { schema, adapter } = await setUp();
    const compiler = snapshot(schema, { strategy: 'timestamp', updated_at: 'updated_at' });
    await run(schema, compiler, SNAPSHOT);
    await adapter.execute(`insert into ${schema}.users values (2, 'at', 1, '2024-05-01')`);
    const refused = await run(schema, compiler, SNAPSHOT);
    expect(refused.status).toBe('error');
    expect(refused.message).toMatch(/1 value of unique_key \(id\) appear more than once/);
    expect(await rows(adapter, `select count(*) as n from ${schema}.users_snapshot`)).toEqual([{ n: 3 }]);
  });

  function incremental(schema: string, config: Record<string, unknown>, sql: string): FakeCompiler {
    return new FakeCompiler([{ id: MODEL, type: 'model', sql, schema, config: { materialized: 'incremental', unique_key: 'id', ...config } }]);
  }

  it('merges straight from the query: one MERGE (ignore), a describe + MERGE (fail); a changed schema still fails', async () => {
    const { schema, adapter } = await setUp();
    const ignore = incremental(schema, {}, `select id, country, visits from ${schema}.users`);
    await run(schema, ignore, MODEL);
    await adapter.execute(`update ${schema}.users set visits = 7 where id = 1`);
    await adapter.execute(`insert into ${schema}.users values (5, 'nl', 1, '2024-01-01')`);
    const merged = await run(schema, ignore, MODEL);
    expect(merged.status).toBe('success');
    expect(await rows(adapter, `select id, visits from ${schema}.user_facts order by id`)).toEqual([
      { id: 1, visits: 7 },
      { id: 2, visits: 1 },
      { id: 3, visits: 1 },
      { id: 5, visits: 1 },
    ]);

    const fail = incremental(schema, { on_schema_change: 'fail' }, `select id, country, visits from ${schema}.users`);
    const described = await run(schema, fail, MODEL);
    expect(described.status).toBe('success');
    fail.setSql(MODEL, `select id, country, visits, 'x' as extra from ${schema}.users`);
    const changed = await run(schema, fail, MODEL);
    expect(changed.status).toBe('error');
    expect(changed.message).toMatch(/the columns of incremental model 'user_facts' changed:\n {2}\+ EXTRA VARCHAR/);
    if (!world.standIn) return;
    expect(merged.statements).toEqual([expect.stringMatching(/^merge into "DAILIES"\."SNAP_\w+"\."USER_FACTS" as DBT_INTERNAL_DEST\nusing \(\nselect id/)]);
    expect(described.statements).toEqual([expect.stringMatching(/^select \* from \(/), expect.stringMatching(/^merge into /)]);
  });

  it('a query without one of the table\'s columns (on_schema_change ignore) falls back to the staged path and writes the common ones', async () => {
    const { schema, adapter } = await setUp();
    const compiler = incremental(schema, {}, `select id, country, visits from ${schema}.users`);
    await run(schema, compiler, MODEL);
    await adapter.execute(`update ${schema}.users set visits = 4, country = 'fx' where id = 1`);
    compiler.setSql(MODEL, `select id, visits from ${schema}.users`);
    const fallback = await run(schema, compiler, MODEL);
    expect(fallback.status).toBe('success');
    expect(await rows(adapter, `select id, country, visits from ${schema}.user_facts order by id`)).toEqual([
      { id: 1, country: 'fr', visits: 4 },
      { id: 2, country: 'de', visits: 1 },
      { id: 3, country: 'us', visits: 1 },
    ]);
    if (world.standIn) expect(fallback.statements[0]).toMatch(/^merge into /);
  });

  const STAGE = /^create or replace temporary table "DAILIES"\."SNAP_\w+"\."USER_FACTS__DAILIES_ROWS" as \(\nselect "ID", "COUNTRY", "VISITS" from/;
  const DELETE_INSERT = /^merge into "DAILIES"\."SNAP_\w+"\."USER_FACTS" as dailies_target\nusing \(\nselect distinct /;

  it('delete+insert: a temporary stage and one MERGE (2 statements), duplicated keys inserted once a run, the same rows as DELETE + INSERT', async () => {
    const { schema, adapter } = await setUp();
    const compiler = incremental(schema, { incremental_strategy: 'delete+insert' }, `select id, country, visits from ${schema}.users`);
    await run(schema, compiler, MODEL);
    await adapter.execute(`update ${schema}.users set visits = 7 where id = 1`);
    await adapter.execute(`insert into ${schema}.users values (5, 'nl', 1, '2024-01-01'), (5, 'be', 2, '2024-01-01')`);
    compiler.setSql(MODEL, `select id, country, visits from ${schema}.users where id <> 2`);
    const second = await run(schema, compiler, MODEL);
    expect(second.status).toBe('success');
    const expected = [
      { id: 1, country: 'fr', visits: 7 },
      { id: 2, country: 'de', visits: 1 },
      { id: 3, country: 'us', visits: 1 },
      { id: 5, country: 'be', visits: 2 },
      { id: 5, country: 'nl', visits: 1 },
    ];
    const facts = `select id, country, visits from ${schema}.user_facts order by id, country`;
    expect(await rows(adapter, facts)).toEqual(expected);
    // again: the two rows of key 5 replace themselves, they do not pile up
    const third = await run(schema, compiler, MODEL);
    expect(await rows(adapter, facts)).toEqual(expected);
    if (!world.standIn) return;
    for (const { statements } of [second, third]) expect(statements).toEqual([expect.stringMatching(STAGE), expect.stringMatching(DELETE_INSERT)]);
    // the stage went with its session: nothing is left in the schema
    const fresh = await world.open({ schema });
    expect((await fresh.listRelations(null, schema)).map((relation) => relation.identifier)).toEqual(['USERS', 'USER_FACTS']);
  });

  it('delete+insert on a composite key (on_schema_change fail): describe + stage + MERGE; a null key part matches nothing, as DELETE … USING', async () => {
    const { schema, adapter } = await setUp();
    await adapter.execute(`insert into ${schema}.users values (6, null, 1, '2024-01-01')`);
    const compiler = incremental(schema, { incremental_strategy: 'delete+insert', unique_key: ['id', 'country'], on_schema_change: 'fail' }, `select id, country, visits from ${schema}.users`);
    await run(schema, compiler, MODEL);
    await adapter.execute(`update ${schema}.users set visits = 9 where id = 2`);
    await adapter.execute(`update ${schema}.users set country = 'at' where id = 3`);
    const second = await run(schema, compiler, MODEL);
    expect(second.status).toBe('success');
    expect(await rows(adapter, `select id, country, visits from ${schema}.user_facts order by id, country nulls last`)).toEqual([
      { id: 1, country: 'fr', visits: 1 },
      { id: 2, country: 'de', visits: 9 },
      { id: 3, country: 'at', visits: 1 },
      { id: 3, country: 'us', visits: 1 },
      { id: 6, country: null, visits: 1 },
      { id: 6, country: null, visits: 1 },
    ]);
    if (world.standIn) expect(second.statements).toEqual([expect.stringMatching(/^select \* from \(/), expect.stringMatching(STAGE), expect.stringMatching(DELETE_INSERT)]);
  });

  it('delete+insert with an enforced contract: the contract checked on the described query, then stage + MERGE (3 statements; merge 2)', async () => {
    const { schema, adapter } = await setUp();
    const spec = { id: MODEL, type: 'model' as const, schema, columns: { id: 'integer', country: 'varchar', visits: 'integer' } };
    const config = { materialized: 'incremental', unique_key: 'id', incremental_strategy: 'delete+insert', contract: { enforced: true } };
    const compiler = new FakeCompiler([{ ...spec, sql: `select id, country, visits from ${schema}.users`, config }]);
    await run(schema, compiler, MODEL);
    await adapter.execute(`update ${schema}.users set visits = 3 where id = 2`);
    const second = await run(schema, compiler, MODEL);
    expect(second.status).toBe('success');
    expect(await rows(adapter, `select id, visits from ${schema}.user_facts order by id`)).toEqual([
      { id: 1, visits: 1 },
      { id: 2, visits: 3 },
      { id: 3, visits: 1 },
    ]);
    if (world.standIn) expect(second.statements).toEqual([expect.stringMatching(/^select \* from \(/), expect.stringMatching(STAGE), expect.stringMatching(DELETE_INSERT)]);
    // a merge with an enforced contract: the same description, then the MERGE (2 statements)
    const merging = new FakeCompiler([{ ...spec, sql: `select id, country, visits + 1 as visits from ${schema}.users where id = 3`, config: { ...config, incremental_strategy: 'merge' } }]);
    const merged = await run(schema, merging, MODEL);
    expect(merged.status).toBe('success');
    expect(await rows(adapter, `select id, visits from ${schema}.user_facts order by id`)).toEqual([
      { id: 1, visits: 1 },
      { id: 2, visits: 3 },
      { id: 3, visits: 2 },
    ]);
    if (world.standIn) expect(merged.statements).toEqual([expect.stringMatching(/^select \* from \(/), expect.stringMatching(/^merge into "DAILIES"\."SNAP_\w+"\."USER_FACTS" as DBT_INTERNAL_DEST\nusing \(\nselect id/)]);
    const broken = new FakeCompiler([{ ...spec, sql: `select id, country, 'x' as visits from ${schema}.users`, config }]);
    const refused = await run(schema, broken, MODEL);
    expect(refused.status).toBe('error');
    expect(refused.message).toMatch(/contract of model 'user_facts' does not match its query/);
  });

  it("delete+insert: a query without one of the table's columns falls back to the staged path (the common columns written)", async () => {
    const { schema, adapter } = await setUp();
    const compiler = incremental(schema, { incremental_strategy: 'delete+insert' }, `select id, country, visits from ${schema}.users`);
    await run(schema, compiler, MODEL);
    compiler.setSql(MODEL, `select id, visits + 1 as visits from ${schema}.users where id = 1`);
    const fallback = await run(schema, compiler, MODEL);
    expect(fallback.status).toBe('success');
    expect(await rows(adapter, `select id, country, visits from ${schema}.user_facts order by id`)).toEqual([
      { id: 1, country: null, visits: 2 },
      { id: 2, country: 'de', visits: 1 },
      { id: 3, country: 'us', visits: 1 },
    ]);
    if (world.standIn) expect(fallback.statements[0]).toMatch(/^create or replace temporary table /);
  });
});

describe.skipIf(skipReason !== null)('contracts on Snowflake (stand-in)', () => {
  const world = useSnowflake();

  it("checks a contract against the query's described columns (no probe table) and names the mismatch", async () => {
    const schema = world.schema('CONTRACT');
    const adapter = await world.open({ schema });
    const dir = mkdtempSync(join(tmpdir(), 'dailies-sf-contract-'));
    const warehouse: Warehouse = { adapter, dir, close: async () => rmSync(dir, { recursive: true, force: true }) };
    const id = 'model.proj.typed';
    const spec = { id, type: 'model' as const, schema, config: { materialized: 'table', contract: { enforced: true } } };
    const good = new FakeCompiler([{ ...spec, sql: "select 1 as id, 'a' as label", columns: { id: 'integer', label: 'varchar' } }]);
    await world.standIn?.resetStatements();
    const built = await build(warehouse, good);
    expect(statusOf(built, id)).toBe('success');
    expect((await adapter.getColumns({ database: null, schema, identifier: 'typed' })).map((column) => [column.name, column.dataType])).toEqual([
      ['ID', 'NUMBER(38,0)'],
      ['LABEL', 'VARCHAR'],
    ]);
    if (world.standIn) {
      const own = (await world.standIn.statements()).filter((entry) => entry.queryTag?.endsWith(id) && !RUN_LEVEL.test(entry.sql)).map((entry) => entry.sql);
      // the contract from the query's described columns, then the typed table and its rows in one statement
      expect(own).toEqual([expect.stringMatching(/^select \* from \(/), expect.stringMatching(/^create or replace transient table "DAILIES"\."CONTRACT_\w+"\."TYPED" \(\n {2}"ID" NUMBER\(38,0\),\n {2}"LABEL" VARCHAR\n\) as \(/)]);
    }
    // a row breaking the declared NOT NULL fails the statement and leaves the table as it was
    const strict = new FakeCompiler([{ ...spec, sql: "select cast(null as integer) as id, 'b' as label", columns: { id: 'integer', label: 'varchar' } }]);
    strict.manifest.nodes[id]!.columns.id!.constraints = [{ type: 'not_null' }];
    expect(statusOf(await build(warehouse, strict), id)).toBe('error');
    expect((await adapter.execute(`select id, label from ${schema}.typed`)).rows).toEqual([{ id: 1, label: 'a' }]);
    const bad = new FakeCompiler([{ ...spec, sql: "select 'x' as id, 'a' as label", columns: { id: 'integer', label: 'varchar' } }]);
    const refused = await build(warehouse, bad);
    expect(statusOf(refused, id)).toBe('error');
    expect(refused.results[0]!.message).toMatch(/contract of model 'typed' does not match its query:[\s\S]*\| id +\| integer +\| VARCHAR +\| type mismatch \|/);
    await warehouse.close();
  });
});
