import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DailiesError } from '../../src/errors.js';
import { gate, openTempWarehouse, failureOf, type TempWarehouse } from './helpers.js';

describe('DuckDB execute and transactions', () => {
  let warehouse: TempWarehouse;
  beforeAll(async () => {
    warehouse = await openTempWarehouse(3);
  });
  afterAll(async () => {
    await warehouse.cleanup();
  });

  it('converts values to plain JSON-friendly values', async () => {
    const result = await warehouse.adapter.execute(`select
      42 as int_col, 9007199254740993::bigint as big_col, 12::bigint as small_big, 170141183460469231731687303715884105727::hugeint as huge_col,
      12.50::decimal(10,2) as dec_col, 123456789012345678.5::decimal(38,1) as wide_dec, 1.5::double as dbl_col,
      date '2024-01-02' as date_col, timestamp '2024-01-02 03:04:05' as ts_col, timestamp '2024-01-02 03:04:05.123' as ts_ms_col,
      timestamptz '2024-01-02 03:04:05+02' as tz_col, true as bool_col, 'x' as text_col, null as null_col,
      '\\xAA\\x01'::blob as blob_col, [1, 2] as list_col, {'a': 1, 'b': [true]} as struct_col, map {'k': 1.5} as map_col`);
    expect(result.rows).toEqual([
      {
        int_col: 42,
        big_col: '9007199254740993',
        small_big: 12,
        huge_col: '170141183460469231731687303715884105727',
        dec_col: 12.5,
        wide_dec: '123456789012345678.5',
        dbl_col: 1.5,
        date_col: '2024-01-02',
        ts_col: '2024-01-02 03:04:05',
        ts_ms_col: '2024-01-02 03:04:05.123000',
        tz_col: '2024-01-02T01:04:05+00:00',
        bool_col: true,
        text_col: 'x',
        null_col: null,
        blob_col: 'AA01',
        list_col: [1, 2],
        struct_col: { a: 1, b: [true] },
        map_col: { k: 1.5 },
      },
    ]);
    const types = Object.fromEntries(result.columns.map((column) => [column.name, column.type]));
    expect(types).toMatchObject({ int_col: 'INTEGER', dec_col: 'DECIMAL(10,2)', ts_col: 'TIMESTAMP', list_col: 'INTEGER[]', tz_col: 'TIMESTAMP WITH TIME ZONE' });
  });

  it('formats timestamps before the epoch and infinities', async () => {
    const { rows } = await warehouse.adapter.execute("select timestamp '1969-12-31 23:59:59.5' as before_epoch, 'infinity'::timestamp as forever");
    expect(rows).toEqual([{ before_epoch: '1969-12-31 23:59:59.500000', forever: 'infinity' }]);
  });

  it('binds text parameters where DuckDB expects dates and timestamps', async () => {
    await warehouse.adapter.execute('create table dated (d date, ts timestamp)');
    await warehouse.adapter.execute('insert into dated values (?, ?)', ['2024-01-02', '2024-01-02 03:04:05']);
    const { rows } = await warehouse.adapter.execute('select d, ts from dated where d = ? and ts > ?', ['2024-01-02', '2024-01-01']);
    expect(rows).toEqual([{ d: '2024-01-02', ts: '2024-01-02 03:04:05' }]);
  });

  it('binds positional parameters with ? and $1', async () => {
    const question = await warehouse.adapter.execute('select ? + 1 as n, ? as s, ? is null as isnull', [41, 'hi', null]);
    expect(question.rows).toEqual([{ n: 42, s: 'hi', isnull: true }]);
    const dollar = await warehouse.adapter.execute('select $2 || $1 as s', ['b', 'a']);
    expect(dollar.rows).toEqual([{ s: 'ab' }]);
  });

  it('reports rows affected by DML', async () => {
    await warehouse.adapter.execute('create table affected (x int)');
    const inserted = await warehouse.adapter.execute('insert into affected select * from range(5)');
    expect(inserted.rowsAffected).toBe(5);
    const deleted = await warehouse.adapter.execute('delete from affected where x < 2');
    expect(deleted.rowsAffected).toBe(2);
  });

  it('runs several statements in one call and returns the last result', async () => {
    const result = await warehouse.adapter.execute('create table multi (x int); insert into multi values (7); select x from multi');
    expect(result.rows).toEqual([{ x: 7 }]);
  });

  it('turns DuckDB errors into warehouse errors with the message and the first line of SQL', async () => {
    const error = await failureOf(warehouse.adapter.execute('select *\nfrom missing_table'));
    expect(error).toBeInstanceOf(DailiesError);
    const dailies = error as DailiesError;
    expect(dailies.kind).toBe('warehouse');
    expect(dailies.message).toContain('missing_table');
    expect(dailies.message).toContain('while running: select *');
    expect(dailies.hint).toBeTruthy();
  });

  it('masks literals of statements that carry secrets', async () => {
    const error = await failureOf(warehouse.adapter.execute("create secret oops (type nonsense, key_id 'AKIAEXAMPLE', secret 'hunter2')"));
    expect(error.kind).toBe('warehouse');
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('AKIAEXAMPLE');
    expect(error.cause).toBeUndefined();
  });

  it('runs statements on several connections at once', async () => {
    // Two transactions hold two of the three connections until both have started: only a pool
    // of several connections gets past the barrier; execute then still has the third.
    const bothStarted = gate();
    const release = gate();
    let started = 0;
    const hold = () =>
      warehouse.adapter.transaction(async (tx) => {
        await tx.execute('select 1');
        started += 1;
        if (started === 2) bothStarted.open();
        await release.promise;
      });
    const holders = [hold(), hold()];
    await bothStarted.promise;
    const free = await warehouse.adapter.execute('select 5 as five');
    expect(free.rows).toEqual([{ five: 5 }]);
    release.open();
    await Promise.all(holders);
    const many = await Promise.all(Array.from({ length: 12 }, (_, index) => warehouse.adapter.execute('select ? * 2 as doubled', [index])));
    expect(many.map((result) => result.rows[0].doubled)).toEqual(Array.from({ length: 12 }, (_, index) => index * 2));
  });

  it('commits a transaction on success', async () => {
    await warehouse.adapter.execute('create table committed (x int)');
    const value = await warehouse.adapter.transaction(async (tx) => {
      await tx.execute('insert into committed values (1), (2)');
      return (await tx.execute('select count(*) as n from committed')).rows[0].n;
    });
    expect(value).toBe(2);
    expect((await warehouse.adapter.execute('select count(*) as n from committed')).rows).toEqual([{ n: 2 }]);
  });

  it('rolls a transaction back on any error and rethrows it', async () => {
    await warehouse.adapter.execute('create table rolled (x int)');
    await warehouse.adapter.execute('insert into rolled values (1)');
    const failure = new Error('work failed');
    await expect(
      warehouse.adapter.transaction(async (tx) => {
        await tx.execute('insert into rolled values (2)');
        await tx.execute('create table made_in_tx (y int)');
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect((await warehouse.adapter.execute('select x from rolled')).rows).toEqual([{ x: 1 }]);
    expect(await warehouse.adapter.getRelation({ database: null, schema: 'main', identifier: 'made_in_tx' })).toBeNull();
  });

  it('keeps uncommitted changes invisible to other connections', async () => {
    await warehouse.adapter.execute('create table isolated (x int)');
    await warehouse.adapter.transaction(async (tx) => {
      await tx.execute('insert into isolated values (1)');
      expect((await tx.execute('select count(*) as n from isolated')).rows).toEqual([{ n: 1 }]);
      expect((await warehouse.adapter.execute('select count(*) as n from isolated')).rows).toEqual([{ n: 0 }]);
    });
    expect((await warehouse.adapter.execute('select count(*) as n from isolated')).rows).toEqual([{ n: 1 }]);
  });

  it('does not deadlock when a transaction with one connection calls the adapter itself', async () => {
    const single = await openTempWarehouse(1);
    try {
      const seen = await single.adapter.transaction(async (tx) => {
        await tx.execute('create table inner_t (x int)');
        return single.adapter.schemaExists(null, 'main');
      });
      expect(seen).toBe(true);
    } finally {
      await single.cleanup();
    }
  });

  it('refuses a transaction scope used after its transaction ended', async () => {
    let leaked: { execute(sql: string): Promise<unknown> } | undefined;
    await warehouse.adapter.transaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked!.execute('select 1')).rejects.toThrow(/after its transaction ended/);
  });
});
