import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeCompiler, build, openWarehouse, rows, statusOf, type Warehouse } from './helpers.js';

let warehouse: Warehouse;
const ID = 'snapshot.proj.users_snapshot';
beforeEach(async () => {
  warehouse = await openWarehouse();
  await warehouse.adapter.execute('create table main.users (id integer, country varchar, visits integer, updated_at timestamp)');
  await warehouse.adapter.execute(
    "insert into main.users values (1, 'fr', 1, '2024-01-01'), (2, 'de', 1, '2024-01-01'), (3, 'us', 1, '2024-01-01')",
  );
});
afterEach(async () => {
  await warehouse.close();
});

function snapshot(config: Record<string, unknown>): FakeCompiler {
  return new FakeCompiler([{ id: ID, type: 'snapshot', sql: 'select * from main.users', schema: 'snapshots', config: { materialized: 'snapshot', unique_key: 'id', ...config } }]);
}

async function history(): Promise<Record<string, unknown>[]> {
  return rows(
    warehouse.adapter,
    `select id, country, cast(dbt_valid_from as varchar) as valid_from, cast(dbt_valid_to as varchar) as valid_to, dbt_valid_to is null as is_current
     from snapshots.users_snapshot order by id, dbt_valid_from`,
  );
}

async function run(compiler: FakeCompiler): Promise<void> {
  const results = await build(warehouse, compiler, { command: 'snapshot' });
  expect(results.results[0]!.message).not.toMatch(/error/i);
  expect(statusOf(results, ID)).toBe('success');
}

describe('snapshots', () => {
  it('timestamp strategy with invalidate_hard_deletes: versions rows across three runs', async () => {
    const compiler = snapshot({ strategy: 'timestamp', updated_at: 'updated_at', invalidate_hard_deletes: true });
    await run(compiler);
    const first = await rows(warehouse.adapter, 'select dbt_scd_id, dbt_updated_at from snapshots.users_snapshot');
    expect(first).toHaveLength(3);
    expect(new Set(first.map((row) => row.dbt_scd_id)).size).toBe(3);

    await warehouse.adapter.execute("update main.users set country = 'es', updated_at = '2024-02-01' where id = 1; delete from main.users where id = 3");
    await warehouse.adapter.execute("insert into main.users values (4, 'it', 1, '2024-02-01')");
    await run(compiler);
    await warehouse.adapter.execute("update main.users set country = 'pt', updated_at = '2024-03-01' where id = 1");
    await run(compiler);

    const rowsNow = await history();
    expect(rowsNow.map(({ id, country, valid_from, is_current }) => ({ id, country, valid_from, is_current }))).toEqual([
      { id: 1, country: 'fr', valid_from: '2024-01-01 00:00:00', is_current: false },
      { id: 1, country: 'es', valid_from: '2024-02-01 00:00:00', is_current: false },
      { id: 1, country: 'pt', valid_from: '2024-03-01 00:00:00', is_current: true },
      { id: 2, country: 'de', valid_from: '2024-01-01 00:00:00', is_current: true },
      { id: 3, country: 'us', valid_from: '2024-01-01 00:00:00', is_current: false },
      { id: 4, country: 'it', valid_from: '2024-02-01 00:00:00', is_current: true },
    ]);
    expect(rowsNow[0]!.valid_to).toBe('2024-02-01 00:00:00');
    expect(rowsNow[1]!.valid_to).toBe('2024-03-01 00:00:00');
    expect(rowsNow[4]!.valid_to).not.toBeNull();
  });

  it("computes dbt_scd_id as dbt does: md5 of the key and updated_at as text joined by '|'", async () => {
    await run(snapshot({ strategy: 'timestamp', updated_at: 'updated_at' }));
    const [row] = await rows(warehouse.adapter, 'select dbt_scd_id from snapshots.users_snapshot where id = 2');
    // dbt: md5(coalesce(cast(id as varchar), '') || '|' || coalesce(cast(updated_at as varchar), ''))
    expect(row!.dbt_scd_id).toBe(createHash('md5').update('2|2024-01-01 00:00:00').digest('hex'));
  });

  it('timestamp strategy ignores hard deletes by default and does not version unchanged rows', async () => {
    const compiler = snapshot({ strategy: 'timestamp', updated_at: 'updated_at' });
    await run(compiler);
    await warehouse.adapter.execute('delete from main.users where id = 3');
    await run(compiler);
    await run(compiler);
    const rowsNow = await history();
    expect(rowsNow).toHaveLength(3);
    expect(rowsNow.every((row) => row.is_current === true)).toBe(true);
  });

  it('check strategy with hard_deletes new_record: deletion records and reinsertion across three runs', async () => {
    const compiler = snapshot({ strategy: 'check', check_cols: ['country'], hard_deletes: 'new_record' });
    await run(compiler);
    await warehouse.adapter.execute("update main.users set country = 'es' where id = 1; update main.users set visits = 5 where id = 2; delete from main.users where id = 3");
    await run(compiler);
    await warehouse.adapter.execute("insert into main.users values (3, 'us', 2, '2024-03-01')");
    await run(compiler);

    const rowsNow = await rows(
      warehouse.adapter,
      'select id, country, dbt_is_deleted, dbt_valid_to is null as is_current from snapshots.users_snapshot order by id, dbt_valid_from, dbt_is_deleted',
    );
    expect(rowsNow).toEqual([
      { id: 1, country: 'fr', dbt_is_deleted: 'False', is_current: false },
      { id: 1, country: 'es', dbt_is_deleted: 'False', is_current: true },
      { id: 2, country: 'de', dbt_is_deleted: 'False', is_current: true },
      { id: 3, country: 'us', dbt_is_deleted: 'False', is_current: false },
      { id: 3, country: 'us', dbt_is_deleted: 'True', is_current: false },
      { id: 3, country: 'us', dbt_is_deleted: 'False', is_current: true },
    ]);
    const scdIds = await rows(warehouse.adapter, 'select count(distinct dbt_scd_id) as n from snapshots.users_snapshot');
    expect(scdIds).toEqual([{ n: 6 }]);
  });

  it("check strategy with check_cols 'all' versions a row when any column changes", async () => {
    const compiler = snapshot({ strategy: 'check', check_cols: 'all' });
    await run(compiler);
    await warehouse.adapter.execute('update main.users set visits = 9 where id = 2');
    await run(compiler);
    expect(await rows(warehouse.adapter, 'select id, visits from snapshots.users_snapshot where dbt_valid_to is null order by id')).toEqual([
      { id: 1, visits: 1 },
      { id: 2, visits: 9 },
      { id: 3, visits: 1 },
    ]);
    expect(await rows(warehouse.adapter, 'select count(*) as n from snapshots.users_snapshot')).toEqual([{ n: 4 }]);
    // dbt-duckdb's snapshot_get_time() is now()::timestamp: the meta columns are TIMESTAMP, not WITH TIME ZONE
    const columns = await warehouse.adapter.getColumns({ database: null, schema: 'snapshots', identifier: 'users_snapshot' });
    expect(columns.filter((column) => column.name.startsWith('dbt_valid') || column.name === 'dbt_updated_at').map((column) => [column.name, column.dataType])).toEqual([
      ['dbt_updated_at', 'TIMESTAMP'],
      ['dbt_valid_from', 'TIMESTAMP'],
      ['dbt_valid_to', 'TIMESTAMP'],
    ]);
  });

  it('composite unique_key: versions each (id, country) pair on its own', async () => {
    await warehouse.adapter.execute("insert into main.users values (1, 'de', 1, '2024-01-01')");
    const compiler = snapshot({ strategy: 'timestamp', updated_at: 'updated_at', unique_key: ['id', 'country'] });
    await run(compiler);
    await warehouse.adapter.execute("update main.users set visits = 2, updated_at = '2024-02-01' where id = 1 and country = 'de'");
    await run(compiler);
    expect(await rows(warehouse.adapter, "select country, visits, dbt_valid_to is null as is_current from snapshots.users_snapshot where id = 1 order by country, dbt_valid_from")).toEqual([
      { country: 'de', visits: 1, is_current: false },
      { country: 'de', visits: 2, is_current: true },
      { country: 'fr', visits: 1, is_current: true },
    ]);
  });

  it('a snapshot without a strategy is a config error', async () => {
    const results = await build(warehouse, snapshot({}), { command: 'snapshot' });
    expect(statusOf(results, ID)).toBe('error');
    expect(results.results[0]!.message).toMatch(/unknown strategy/);
  });

  it('a custom strategy is a clear error naming the macro dbt would call', async () => {
    const results = await build(warehouse, snapshot({ strategy: 'hash_diff', unique_key: 'id' }), { command: 'snapshot' });
    expect(statusOf(results, ID)).toBe('error');
    expect(results.results[0]!.message).toContain("unknown strategy 'hash_diff': dailies runs the timestamp and check strategies, not a custom snapshot_hash_diff_strategy macro (yet)");
  });
});

describe('snapshot guards', () => {
  it('refuses a query whose unique_key is not unique, leaving the history untouched', async () => {
    const compiler = snapshot({ strategy: 'timestamp', updated_at: 'updated_at' });
    await run(compiler);
    await warehouse.adapter.execute("insert into main.users values (2, 'at', 1, '2024-05-01')");
    const results = await build(warehouse, compiler, { command: 'snapshot' });
    expect(statusOf(results, ID)).toBe('error');
    expect(results.results[0]!.message).toMatch(/1 value of unique_key \(id\) appear more than once/);
    expect(await rows(warehouse.adapter, 'select count(*) as n from snapshots.users_snapshot')).toEqual([{ n: 3 }]);
  });
});
