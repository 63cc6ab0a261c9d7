/**
 * Snapshot options `dbt_valid_to_current` and `snapshot_meta_column_names` on DuckDB. The expected
 * histories were recorded from dbt-core 1.11.16 + dbt-duckdb 1.11.1 snapshotting the same two runs
 * of the same rows (dbt_valid_to_current there was `to_timestamp(253402214400)::timestamp`, the same
 * 9999-12-31 00:00:00 as the literal used here).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeCompiler, build, openWarehouse, rows, statusOf, type Warehouse } from './helpers.js';

let warehouse: Warehouse;
const ID = 'snapshot.proj.snap';
const FOREVER = "cast('9999-12-31' as timestamp)";
beforeEach(async () => {
  warehouse = await openWarehouse();
  await warehouse.adapter.execute('create table main.src (id integer, name varchar, amount integer, updated_at timestamp)');
  await warehouse.adapter.execute("insert into main.src values (1, 'a', 10, '2024-01-01'), (2, 'b', 20, '2024-01-01'), (3, 'c', 30, '2024-01-01')");
});
afterEach(async () => {
  await warehouse.close();
});

const snapshot = (config: Record<string, unknown>): FakeCompiler =>
  new FakeCompiler([{ id: ID, type: 'snapshot', sql: 'select * from main.src', schema: 'snapshots', config: { materialized: 'snapshot', unique_key: 'id', ...config } }]);

async function run(compiler: FakeCompiler): Promise<void> {
  const results = await build(warehouse, compiler, { command: 'snapshot' });
  expect(statusOf(results, ID), results.results[0]?.message).toBe('success');
}

/** The second run's source: 2 changed, 3 deleted, 4 new (as in the dbt project the values came from). */
async function secondRun(compiler: FakeCompiler): Promise<void> {
  await warehouse.adapter.execute("delete from main.src where id = 3; update main.src set name = 'bb', updated_at = '2024-02-01' where id = 2; insert into main.src values (4, 'd', 40, '2024-02-01')");
  await run(compiler);
}

describe('dbt_valid_to_current', () => {
  const config = { strategy: 'timestamp', updated_at: 'updated_at', hard_deletes: 'invalidate', dbt_valid_to_current: FOREVER };

  it('current rows carry its value; closing, new versions and hard deletes as dbt (values recorded from dbt)', async () => {
    const compiler = snapshot(config);
    await run(compiler);
    expect(await rows(warehouse.adapter, 'select distinct cast(dbt_valid_to as varchar) as valid_to from snapshots.snap')).toEqual([{ valid_to: '9999-12-31 00:00:00' }]);
    await secondRun(compiler);
    const history = await rows(
      warehouse.adapter,
      `select id, name, cast(dbt_valid_from as varchar) as valid_from,
              case when id = 3 then (dbt_valid_to > dbt_valid_from and dbt_valid_to < ${FOREVER})::varchar else cast(dbt_valid_to as varchar) end as valid_to
       from snapshots.snap order by id, dbt_valid_from`,
    );
    // dbt-core 1.11.16 + dbt-duckdb 1.11.1: id 3 closed at the snapshot time (neither NULL nor 9999-12-31)
    expect(history).toEqual([
      { id: 1, name: 'a', valid_from: '2024-01-01 00:00:00', valid_to: '9999-12-31 00:00:00' },
      { id: 2, name: 'b', valid_from: '2024-01-01 00:00:00', valid_to: '2024-02-01 00:00:00' },
      { id: 2, name: 'bb', valid_from: '2024-02-01 00:00:00', valid_to: '9999-12-31 00:00:00' },
      { id: 3, name: 'c', valid_from: '2024-01-01 00:00:00', valid_to: 'true' },
      { id: 4, name: 'd', valid_from: '2024-02-01 00:00:00', valid_to: '9999-12-31 00:00:00' },
    ]);
    // a run with nothing changed adds nothing
    await run(compiler);
    expect(await rows(warehouse.adapter, 'select count(*) as n from snapshots.snap')).toEqual([{ n: 5 }]);
  });

  it('a table snapshotted before the option was set: its NULL rows still count as current (dbt: `= value or is null`)', async () => {
    await run(snapshot({ ...config, dbt_valid_to_current: null }));
    await secondRun(snapshot(config));
    expect(
      await rows(warehouse.adapter, 'select id, name, cast(dbt_valid_to as varchar) as valid_to from snapshots.snap where id in (1, 2, 4) order by id, dbt_valid_from'),
    ).toEqual([
      { id: 1, name: 'a', valid_to: null },
      { id: 2, name: 'b', valid_to: '2024-02-01 00:00:00' },
      { id: 2, name: 'bb', valid_to: '9999-12-31 00:00:00' },
      { id: 4, name: 'd', valid_to: '9999-12-31 00:00:00' },
    ]);
  });

  it('a value that is not SQL text fails the snapshot with its place and a hint', async () => {
    const results = await build(warehouse, snapshot({ ...config, dbt_valid_to_current: 9999 }), { command: 'snapshot' });
    expect(statusOf(results, ID)).toBe('error');
    expect(results.results[0]!.message).toMatch(/dbt_valid_to_current must be a SQL expression, not 9999/);
  });
});

describe('snapshot_meta_column_names', () => {
  const names = { dbt_valid_from: 'valid_from', dbt_valid_to: 'valid_to', dbt_scd_id: 'scd_id', dbt_updated_at: 'updated', dbt_is_deleted: 'is_deleted' };
  const config = { strategy: 'check', check_cols: ['name'], hard_deletes: 'new_record', snapshot_meta_column_names: names };

  it('renames every meta column; check strategy with new_record hard deletes as dbt (recorded from dbt)', async () => {
    const compiler = snapshot(config);
    await run(compiler);
    // the columns dbt-duckdb created, in its order
    expect((await warehouse.adapter.getColumns({ database: null, schema: 'snapshots', identifier: 'snap' })).map((column) => `${column.name} ${column.dataType}`)).toEqual([
      'id INTEGER', 'name VARCHAR', 'amount INTEGER', 'updated_at TIMESTAMP', 'scd_id VARCHAR', 'updated TIMESTAMP', 'valid_from TIMESTAMP', 'valid_to TIMESTAMP', 'is_deleted VARCHAR',
    ]);
    await secondRun(compiler);
    expect(await rows(warehouse.adapter, 'select id, name, valid_to is null as is_current, is_deleted, valid_from = updated as same from snapshots.snap order by id, valid_from, is_deleted')).toEqual([
      { id: 1, name: 'a', is_current: true, is_deleted: 'False', same: true },
      { id: 2, name: 'b', is_current: false, is_deleted: 'False', same: true },
      { id: 2, name: 'bb', is_current: true, is_deleted: 'False', same: true },
      { id: 3, name: 'c', is_current: false, is_deleted: 'False', same: true },
      { id: 3, name: 'c', is_current: true, is_deleted: 'True', same: true },
      { id: 4, name: 'd', is_current: true, is_deleted: 'False', same: true },
    ]);
    // the deleted record is not deleted again, and a returning key opens a new version
    await warehouse.adapter.execute("insert into main.src values (3, 'c', 30, '2024-03-01')");
    await run(compiler);
    expect(await rows(warehouse.adapter, 'select is_deleted, valid_to is null as is_current from snapshots.snap where id = 3 order by valid_from, is_deleted')).toEqual([
      { is_deleted: 'False', is_current: false },
      { is_deleted: 'True', is_current: false },
      { is_deleted: 'False', is_current: true },
    ]);
  });

  it('with dbt_valid_to_current, a deletion record keeps the current value (dbt copies the row\'s dbt_valid_to)', async () => {
    const compiler = snapshot({ ...config, dbt_valid_to_current: FOREVER });
    await run(compiler);
    await secondRun(compiler);
    expect(await rows(warehouse.adapter, "select name, cast(valid_to as varchar) as valid_to from snapshots.snap where id = 3 and is_deleted = 'True'")).toEqual([{ name: 'c', valid_to: '9999-12-31 00:00:00' }]);
    await run(compiler);
    expect(await rows(warehouse.adapter, 'select count(*) as n from snapshots.snap')).toEqual([{ n: 6 }]);
  });

  it('an unknown key or a name that is not an identifier fails with the snapshot\'s place', async () => {
    for (const [bad, message] of [
      [{ dbt_valid_until: 'x' }, /unknown key 'dbt_valid_until' in snapshot_meta_column_names/],
      [{ dbt_valid_to: 'valid to' }, /snapshot_meta_column_names\.dbt_valid_to must be a column name/],
      [{ dbt_valid_to: 'dbt_valid_from' }, /two meta columns the same name/],
    ] as const) {
      const results = await build(warehouse, snapshot({ ...config, snapshot_meta_column_names: bad }), { command: 'snapshot' });
      expect(statusOf(results, ID)).toBe('error');
      expect(results.results[0]!.message).toMatch(message);
    }
  });
});

describe('sql_header on a snapshot', () => {
  it('runs before the create and before the stage of each later run (a temporary macro the query calls)', async () => {
    const compiler = new FakeCompiler([
      { id: ID, type: 'snapshot', sql: 'select id, dbl(amount) as amount, updated_at from main.src', schema: 'snapshots', config: { materialized: 'snapshot', unique_key: 'id', strategy: 'timestamp', updated_at: 'updated_at', sql_header: 'create or replace temporary macro dbl(x) as x * 2;' } },
    ]);
    await run(compiler);
    await warehouse.adapter.execute("update main.src set amount = 11, updated_at = '2024-02-01' where id = 1");
    await run(compiler);
    expect(await rows(warehouse.adapter, 'select amount from snapshots.snap where id = 1 order by dbt_valid_from')).toEqual([{ amount: 20 }, { amount: 22 }]);
  });
});
