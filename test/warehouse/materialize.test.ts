import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DailiesError } from '../../src/errors.js';
import type { Relation } from '../../src/warehouse/adapter.js';
import { openTempWarehouse, failureOf, type TempWarehouse } from './helpers.js';

const rel = (identifier: string): Relation => ({ database: null, schema: 'marts', identifier });

describe('DuckDB materialization steps', () => {
  let warehouse: TempWarehouse;
  beforeAll(async () => {
    warehouse = await openTempWarehouse(4);
    await warehouse.adapter.createSchema(null, 'marts');
  });
  afterAll(async () => {
    await warehouse.cleanup();
  });

  describe('createTableAs with an enforced contract', () => {
    const contract = [
      { name: 'id', dataType: 'int', constraints: [{ type: 'not_null' }, { type: 'primary_key' }] },
      { name: 'email', dataType: 'text', constraints: [{ type: 'unique' }] },
      { name: 'score', dataType: 'numeric(5,1)', constraints: [{ type: 'check', expression: 'score >= 0' }] },
    ];

    it('creates the contract columns with their constraints and inserts the model by name', async () => {
      const { adapter } = warehouse;
      // Like dbt, precision and scale are not compared: 2.5 is DECIMAL(2,1), cast to the contract's DECIMAL(5,1).
      await adapter.createTableAs(rel('contracted'), "select 'a@x' as email, 1 as id, 2.5 as score", { contractColumns: contract });
      expect((await adapter.getColumns(rel('contracted'))).map((c) => [c.name, c.dataType, c.nullable])).toEqual([
        ['id', 'INTEGER', false],
        ['email', 'VARCHAR', true],
        ['score', 'DECIMAL(5,1)', true],
      ]);
      expect((await adapter.execute('select * from marts.contracted')).rows).toEqual([{ id: 1, email: 'a@x', score: 2.5 }]);
      await expect(adapter.execute("insert into marts.contracted values (1, 'b@x', 1)")).rejects.toThrow(/Constraint Error|PRIMARY KEY|Duplicate/i);
      await expect(adapter.execute("insert into marts.contracted values (2, 'c@x', -1)")).rejects.toThrow(/CHECK/i);
    });

    it('fails with a contract error naming missing, extra and mistyped columns', async () => {
      const error = await failureOf(
        warehouse.adapter.createTableAs(rel('broken_contract'), "select 'one' as id, 'a@x' as email, 3 as extra", { contractColumns: contract }),
      );
      expect(error).toBeInstanceOf(DailiesError);
      expect(error.kind).toBe('contract');
      expect(error.message).toMatch(/\| id\s+\| VARCHAR\s+\| int\s+\| data type mismatch/);
      expect(error.message).toMatch(/\| score\s+\|\s+\| numeric\(5,1\)\s+\| missing in definition/);
      expect(error.message).toMatch(/\| extra\s+\| INTEGER\s+\|\s+\| missing in contract/);
      expect(await warehouse.adapter.getRelation(rel('broken_contract'))).toBeNull();
    });

    it('leaves no table behind when the data violates a constraint', async () => {
      const error = await failureOf(
        warehouse.adapter.createTableAs(rel('null_id'), "select null::int as id, 'a' as email, 1.0::decimal(5,1) as score", { contractColumns: contract }),
      );
      expect(error.kind).toBe('warehouse');
      expect(error.message).toMatch(/NOT NULL/i);
      expect(await warehouse.adapter.getRelation(rel('null_id'))).toBeNull();
    });
  });

  describe('replaceRelation', () => {
    it('swaps a staged table in for a table, and the staged name disappears', async () => {
      const { adapter } = warehouse;
      await adapter.createTableAs(rel('swap_t'), 'select 1 as v');
      await adapter.createTableAs(rel('swap_t__staged'), 'select 2 as v');
      await adapter.replaceRelation(rel('swap_t'), rel('swap_t__staged'), 'table');
      expect((await adapter.execute('select v from marts.swap_t')).rows).toEqual([{ v: 2 }]);
      expect(await adapter.getRelation(rel('swap_t__staged'))).toBeNull();
    });

    it('replaces a view with a table and a table with a view', async () => {
      const { adapter } = warehouse;
      await adapter.createViewAs(rel('shape'), 'select 1 as v');
      await adapter.createTableAs(rel('shape__staged'), 'select 2 as v');
      await adapter.replaceRelation(rel('shape'), rel('shape__staged'), 'table');
      expect(await adapter.getRelation(rel('shape'))).toMatchObject({ type: 'table' });
      await adapter.createViewAs(rel('shape__staged'), 'select 3 as v');
      await adapter.replaceRelation(rel('shape'), rel('shape__staged'), 'view');
      expect(await adapter.getRelation(rel('shape'))).toMatchObject({ type: 'view' });
      expect((await adapter.execute('select v from marts.shape')).rows).toEqual([{ v: 3 }]);
    });

    it('creates the target when there was none', async () => {
      const { adapter } = warehouse;
      await adapter.createTableAs(rel('fresh__staged'), 'select 1 as v');
      await adapter.replaceRelation(rel('fresh'), rel('fresh__staged'), 'table');
      expect((await adapter.execute('select v from marts.fresh')).rows).toEqual([{ v: 1 }]);
    });

    it('rolls back a failed replace, leaving the old target in place', async () => {
      const { adapter } = warehouse;
      await adapter.createTableAs(rel('kept'), 'select 1 as v');
      await expect(adapter.replaceRelation(rel('kept'), rel('kept__missing'), 'table')).rejects.toThrow(/does not exist/);
      // DuckDB refuses to rename a table an index depends on: the rename fails after the drop ran
      // inside the transaction, so the drop must be undone too.
      await adapter.createTableAs(rel('kept__staged'), 'select 2 as v');
      await adapter.execute('create index kept_staged_v on marts.kept__staged (v)');
      await expect(adapter.replaceRelation(rel('kept'), rel('kept__staged'), 'table')).rejects.toThrow(/Dependency Error/);
      expect((await adapter.execute('select v from marts.kept')).rows).toEqual([{ v: 1 }]);
      expect((await adapter.execute('select v from marts.kept__staged')).rows).toEqual([{ v: 2 }]);
    });

    it('never lets concurrent readers see a missing target', async () => {
      const { adapter } = warehouse;
      await adapter.createTableAs(rel('hot'), 'select * from range(100) as r(n)');
      let replacing = true;
      let reads = 0;
      const reader = async () => {
        while (replacing) {
          const { rows } = await adapter.execute('select count(*) as n from marts.hot');
          expect(rows[0].n).toBe(100);
          reads += 1;
        }
      };
      const readers = [reader(), reader()];
      for (let round = 0; round < 15; round += 1) {
        await adapter.createTableAs(rel('hot__staged'), 'select * from range(100) as r(n)');
        await adapter.replaceRelation(rel('hot'), rel('hot__staged'), 'table');
      }
      replacing = false;
      await Promise.all(readers);
      expect(reads).toBeGreaterThan(0);
    });
  });

  describe('incremental strategies', () => {
    it('merges on a composite key: updates matched rows, inserts the rest', async () => {
      const { adapter } = warehouse;
      await adapter.execute("create table marts.ratings as select * from (values (1, 10, 3.0, 'old'), (1, 11, 4.0, 'keep'), (2, 10, 1.0, 'old')) as t(user_id, movie_id, rating, note)");
      await adapter.execute("create table marts.ratings__new as select * from (values (1, 10, 5.0, 'new'), (2, 10, 2.0, 'new'), (3, 12, 4.5, 'added')) as t(user_id, movie_id, rating, note)");
      await adapter.mergeInto(rel('ratings'), rel('ratings__new'), ['user_id', 'movie_id'], ['user_id', 'movie_id', 'rating', 'note'], ['rating']);
      expect((await adapter.execute('select * from marts.ratings order by user_id, movie_id')).rows).toEqual([
        { user_id: 1, movie_id: 10, rating: 5, note: 'old' },
        { user_id: 1, movie_id: 11, rating: 4, note: 'keep' },
        { user_id: 2, movie_id: 10, rating: 2, note: 'old' },
        { user_id: 3, movie_id: 12, rating: 4.5, note: 'added' },
      ]);
    });

    it('merges by name when no columns are given', async () => {
      const { adapter } = warehouse;
      await adapter.execute("create table marts.by_name as select 1 as k, 'a' as v");
      await adapter.execute("create table marts.by_name__new as select 'b' as v, 2 as k");
      await adapter.mergeInto(rel('by_name'), rel('by_name__new'), ['k'], [], ['v']);
      expect((await adapter.execute('select k, v from marts.by_name order by k')).rows).toEqual([
        { k: 1, v: 'a' },
        { k: 2, v: 'b' },
      ]);
    });

    it('merges without a key by appending', async () => {
      const { adapter } = warehouse;
      await adapter.execute('create table marts.log as select 1 as x');
      await adapter.execute('create table marts.log__new as select 1 as x');
      await adapter.mergeInto(rel('log'), rel('log__new'), [], ['x'], ['x']);
      expect((await adapter.execute('select count(*) as n from marts.log')).rows).toEqual([{ n: 2 }]);
    });

    it('delete+insert replaces the rows whose key is in the source', async () => {
      const { adapter } = warehouse;
      await adapter.execute("create table marts.events as select * from (values (1, 'a', 'x'), (1, 'b', 'x'), (2, 'a', 'x')) as t(day, kind, v)");
      await adapter.execute("create table marts.events__new as select * from (values (1, 'a', 'y'), (3, 'c', 'y')) as t(day, kind, v)");
      await adapter.deleteInsert(rel('events'), rel('events__new'), ['day', 'kind'], ['day', 'kind', 'v']);
      expect((await adapter.execute('select * from marts.events order by day, kind')).rows).toEqual([
        { day: 1, kind: 'a', v: 'y' },
        { day: 1, kind: 'b', v: 'x' },
        { day: 2, kind: 'a', v: 'x' },
        { day: 3, kind: 'c', v: 'y' },
      ]);
    });

    it('delete+insert is one transaction: a failing insert keeps the deleted rows', async () => {
      const { adapter } = warehouse;
      await adapter.execute('create table marts.strict_target (k int, v int not null)');
      await adapter.execute('insert into marts.strict_target values (1, 1)');
      await adapter.execute('create table marts.strict_source as select 1 as k, null::int as v');
      await expect(adapter.deleteInsert(rel('strict_target'), rel('strict_source'), ['k'], ['k', 'v'])).rejects.toThrow(/NOT NULL/i);
      expect((await adapter.execute('select k, v from marts.strict_target')).rows).toEqual([{ k: 1, v: 1 }]);
    });
  });
});
