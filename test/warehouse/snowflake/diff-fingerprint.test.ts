/**
 * The diff's whole-table check on Snowflake: HASH_AGG over the compared columns, as Snowflake
 * documents it (the stand-in's front emulates HASH_AGG on DuckDB: see front.py).
 */
import { describe, expect, it } from 'vitest';
import { diffModel } from '../../../src/review/diff/diff-model.js';
import { skipReason, useSnowflake } from './helpers.js';

describe.skipIf(skipReason !== null)("the diff's whole-table check on Snowflake (stand-in)", () => {
  const world = useSnowflake();

  it('proves equal rows in any order and column order with one HASH_AGG query, and sends a changed table on to the keyed diff', async () => {
    const schema = world.schema('FP');
    const adapter = await world.open({ schema });
    await adapter.createSchema(null, schema);
    await adapter.execute(`create table ${schema}.prod_t (id integer, name varchar, score float)`);
    await adapter.execute(`insert into ${schema}.prod_t values (1, 'a', 1.5), (2, null, 2.5), (3, 'c', null)`);
    // the same rows, inserted in another order, columns in another order
    await adapter.execute(`create table ${schema}.pr_same (name varchar, id integer, score float)`);
    await adapter.execute(`insert into ${schema}.pr_same values ('c', 3, null), (null, 2, 2.5), ('a', 1, 1.5)`);
    await adapter.execute(`create table ${schema}.pr_changed (id integer, name varchar, score float)`);
    await adapter.execute(`insert into ${schema}.pr_changed values (1, 'a', 1.5), (2, 'b', 2.5), (3, 'c', null)`);
    const diff = (pr: string) =>
      diffModel(adapter, {
        uniqueId: 'model.proj.t',
        name: 't',
        prod: { database: null, schema, identifier: 'prod_t' },
        pr: { database: null, schema, identifier: pr },
        primaryKey: ['id'],
        primaryKeySource: 'test',
        fingerprintFirst: true,
      });

    await world.standIn?.resetStatements();
    const same = await diff('pr_same');
    expect(same.error).toBeUndefined();
    expect(same.identical).toBe(true);
    expect(same.rowCounts).toEqual({ prod: 3, pr: 3 });
    if (world.standIn) {
      const queries = (await world.standIn.statements()).map((statement) => statement.sql).filter((sql) => /hash_agg/i.test(sql));
      expect(queries).toHaveLength(1);
      expect(queries[0]).toMatch(/hash_agg\("ID", "NAME", "SCORE"\) as prod_hash .* hash_agg\("ID", "NAME", "SCORE"\) as pr_hash/s);
    }

    const changed = await diff('pr_changed');
    expect(changed.error).toBeUndefined();
    expect(changed.identical).toBeFalsy();
    expect(changed.keyed).toMatchObject({ added: 0, removed: 0, changed: 1 });
  });
});
