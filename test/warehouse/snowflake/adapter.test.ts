import { describe, expect, it } from 'vitest';
import { DailiesError } from '../../../src/errors.js';
import { withStatementLabel } from '../../../src/warehouse/statement-label.js';
import { SnowflakeError } from '../../../src/warehouse/snowflake/index.js';
import { failureOf } from '../helpers.js';
import { skipReason, useSnowflake } from './helpers.js';

describe.skipIf(skipReason !== null)('Snowflake adapter (real snowflake-sdk against the stand-in)', () => {
  const world = useSnowflake();

  it('returns values in the adapter row form: unquoted names in lower case, numbers, dates, timestamps, hex', async () => {
    const adapter = await world.open();
    const { rows } = await adapter.execute(
      "select 1 as n, 12345678901234567 as big, cast(1.25 as number(10,2)) as dec, cast('2020-01-02' as date) as d, " +
        "cast('1960-01-02 03:04:05.123456' as timestamp_ntz) as ts, to_binary('AB', 'HEX') as bin, true as flag, 'x' as \"Mixed\"",
    );
    expect(rows).toEqual([{ n: 1, big: '12345678901234567', dec: 1.25, d: '2020-01-02', ts: '1960-01-02 03:04:05.123456', bin: 'AB', flag: true, Mixed: 'x' }]);
  });

  it('binds parameters positionally', async () => {
    const adapter = await world.open();
    const { rows } = await adapter.execute('select cast(? as number(38,0)) + 1 as n, cast(? as varchar) as s', [41, 'hi']);
    expect(rows).toEqual([{ n: 42, s: 'hi' }]);
  });

  it('creates schemas, tables and views with upper-cased names and reads them back from information_schema', async () => {
    const adapter = await world.open();
    const schema = world.schema();
    expect(await adapter.schemaExists(null, schema)).toBe(false);
    await adapter.createSchema(null, schema, { transient: true });
    expect(await adapter.schemaExists(null, schema.toLowerCase())).toBe(true);
    const movies = { database: null, schema, identifier: 'movies' };
    await adapter.createTableAs(movies, 'select 1 as movie_id, \'Heat\' as title;');
    await adapter.createViewAs({ ...movies, identifier: 'movie_titles' }, 'select title from ' + adapter.renderRelation(movies));
    expect(adapter.renderRelation(movies)).toBe(`"${schema}"."MOVIES"`);
    expect(await adapter.listRelations(null, schema)).toEqual([
      { database: 'DAILIES', schema, identifier: 'MOVIES', type: 'table' },
      { database: 'DAILIES', schema, identifier: 'MOVIE_TITLES', type: 'view' },
    ]);
    expect(await adapter.getColumns(movies)).toEqual([
      { name: 'MOVIE_ID', dataType: 'NUMBER(38,0)', nullable: true },
      { name: 'TITLE', dataType: 'VARCHAR', nullable: true },
    ]);
  });

  it('replaces a table atomically by swap, merges on a composite key, and delete+inserts', async () => {
    const adapter = await world.open();
    const schema = world.schema();
    await adapter.createSchema(null, schema);
    const target = { database: null, schema, identifier: 'facts' };
    const staged = { database: null, schema, identifier: 'facts__staged' };
    await adapter.createTableAs(target, "select 1 as a, 'x' as b, 10 as v union all select 2, 'y', 20");
    await adapter.createTableAs(staged, "select 2 as a, 'y' as b, 21 as v union all select 3, 'z', 30");
    await adapter.mergeInto(target, staged, ['a', 'b'], ['A', 'B', 'V'], ['V']);
    expect((await adapter.execute(`select a, v from ${adapter.renderRelation(target)} order by a`)).rows).toEqual([
      { a: 1, v: 10 },
      { a: 2, v: 21 },
      { a: 3, v: 30 },
    ]);
    await adapter.deleteInsert(target, staged, ['a'], ['A', 'B', 'V']);
    expect((await adapter.execute(`select count(*) as n from ${adapter.renderRelation(target)}`)).rows).toEqual([{ n: 3 }]);
    await adapter.replaceRelation(target, staged, 'table');
    expect((await adapter.execute(`select count(*) as n from ${adapter.renderRelation(target)}`)).rows).toEqual([{ n: 2 }]);
    expect(await adapter.getRelation(staged)).toBeNull();
  });

  it('clones a schema and swaps two schemas: readers see one whole side or the other', async () => {
    const adapter = await world.open();
    const [prod, staging] = [world.schema('PROD'), world.schema('STAGING')];
    await adapter.createSchema(null, prod);
    await adapter.createTableAs({ database: null, schema: prod, identifier: 't' }, 'select 1 as version');
    await adapter.cloneSchema(null, prod, staging);
    await adapter.execute(`update ${adapter.renderRelation({ database: null, schema: staging, identifier: 't' })} set version = 2`);
    await adapter.swapSchemas(null, prod, staging);
    expect((await adapter.execute(`select version from ${adapter.renderRelation({ database: null, schema: prod, identifier: 't' })}`)).rows).toEqual([{ version: 2 }]);
    expect((await adapter.execute(`select version from ${adapter.renderRelation({ database: null, schema: staging, identifier: 't' })}`)).rows).toEqual([{ version: 1 }]);
  });

  it('rolls a failed transaction back', async () => {
    const adapter = await world.open();
    const schema = world.schema();
    await adapter.createSchema(null, schema);
    const table = { database: null, schema, identifier: 'ledger' };
    await adapter.createTableAs(table, 'select 1 as id');
    const failed = failureOf(
      adapter.transaction(async (tx) => {
        await tx.execute(`insert into ${adapter.renderRelation(table)} (id) values (2)`);
        await tx.execute('select * from no_such_table_anywhere');
      }),
    );
    expect((await failed).kind).toBe('warehouse');
    expect((await adapter.execute(`select count(*) as n from ${adapter.renderRelation(table)}`)).rows).toEqual([{ n: 1 }]);
  });

  it("maps errors to Snowflake's code and message with the statement, in milliseconds (no driver retries)", async () => {
    const adapter = await world.open();
    const started = Date.now();
    const error = await failureOf(adapter.execute('select * from missing_table_xyz'));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error).toBeInstanceOf(SnowflakeError);
    expect((error as SnowflakeError).snowflakeCode).toBe('002003');
    expect(error.message).toContain('while running: select * from missing_table_xyz');
    expect(error.hint).toMatch(/exists/);
  });

  it('refuses a type Snowflake does not have, and canonicalises the ones it has', async () => {
    const adapter = await world.open();
    expect(await adapter.resolveDataType('int')).toBe('NUMBER(38,0)');
    expect(await adapter.resolveDataType('timestamp')).toBe('TIMESTAMP_NTZ');
    expect(adapter.normalizeType('TEXT')).toBe(adapter.normalizeType('varchar(20)'));
    const error = await failureOf(adapter.resolveDataType('hugeint'));
    expect(error).toBeInstanceOf(DailiesError);
    expect(error.message).toMatch(/not a Snowflake column type/);
  });

  it('tags every statement with dailies, the command and the node', async () => {
    if (!world.standIn) return;
    const adapter = await world.open();
    await world.standIn.resetStatements();
    await withStatementLabel({ command: 'build', node: 'model.movies.dim_movies' }, () => adapter.execute('select 1 as one'));
    const logged = await world.standIn.statements();
    expect(logged.map((statement) => statement.queryTag)).toEqual(['dailies:build:model.movies.dim_movies']);
  });

  it('uses the profile query_tag when one is set', async () => {
    if (!world.standIn) return;
    const adapter = await world.open({ query_tag: 'team-analytics' });
    await world.standIn.resetStatements();
    await adapter.execute('select 1 as one');
    expect((await world.standIn.statements()).map((statement) => statement.queryTag)).toEqual(['team-analytics']);
  });

  it('lists a schema once per run, however many relations are looked up', async () => {
    if (!world.standIn) return;
    const adapter = await world.open();
    const schema = world.schema();
    await adapter.createSchema(null, schema);
    await adapter.createTableAs({ database: null, schema, identifier: 'a' }, 'select 1 as x');
    const fresh = await world.open();
    await world.standIn.resetStatements();
    for (const identifier of ['a', 'b', 'c', 'a']) await fresh.getRelation({ database: null, schema, identifier });
    await fresh.createViewAs({ database: null, schema, identifier: 'v' }, 'select 1 as x');
    expect(await fresh.getRelation({ database: null, schema, identifier: 'v' })).toMatchObject({ identifier: 'V', type: 'view' });
    const listings = (await world.standIn.statements()).filter((statement) => /show terse objects/i.test(statement.sql));
    expect(listings).toHaveLength(1);
  });

  it('lists schemas and keeps the newest promotion record', async () => {
    const adapter = await world.open();
    const schema = world.schema('LISTED');
    await adapter.createSchema(null, schema);
    expect(await adapter.listSchemas(null)).toContain(schema);
    expect(await adapter.readProductionState()).toBeNull();
    const state = { commitSha: 'abc123', manifestSha256: 'f00d', manifestJson: '{"nodes":{}}', nodeCount: 3, promotedAt: '2026-12-05T10:00:00.000Z' };
    await adapter.transaction((tx) => adapter.recordProductionState(tx, state));
    await adapter.transaction((tx) => adapter.recordProductionState(tx, { ...state, commitSha: 'def456' }));
    const fresh = await world.open();
    expect(await fresh.readProductionState()).toEqual({ ...state, commitSha: 'def456' });
  });
});
