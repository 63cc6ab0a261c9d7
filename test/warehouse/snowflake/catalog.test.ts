/**
 * Snowflake's catalog (what `dailies docs generate` writes into catalog.json): the tables and views
 * of the schemas asked for, with their columns in order, Snowflake's types, and a table's row
 * count and bytes where information_schema.tables keeps them.
 */
import { describe, expect, it } from 'vitest';
import { skipReason, useSnowflake } from './helpers.js';

describe.skipIf(skipReason !== null)('Snowflake catalog (real snowflake-sdk against the stand-in)', () => {
  const world = useSnowflake();

  it('lists the tables and views of the schemas asked for, columns in order with their types; a missing schema has none', async () => {
    const adapter = await world.open();
    const [marts, other] = [world.schema('cat'), world.schema('other')];
    await adapter.createSchema(null, marts);
    await adapter.createSchema(null, other);
    const movies = { database: null, schema: marts, identifier: 'movies' };
    await adapter.createTableAs(movies, "select 1 as movie_id, 'Heat' as title, cast(4.5 as number(3,1)) as rating union all select 2, 'Alien', 3.0 union all select 3, 'Ran', 5.0");
    await adapter.createViewAs({ ...movies, identifier: 'recent' }, `select movie_id from ${adapter.renderRelation(movies)} where movie_id > 1`);
    await adapter.createTableAs({ database: null, schema: other, identifier: 'ignored' }, 'select 1 as x');
    const catalog = await adapter.catalog([
      { database: null, schema: marts },
      { database: null, schema: world.schema('missing') },
    ]);
    expect(catalog.map((relation) => `${relation.schema}.${relation.identifier}:${relation.type}`).sort()).toEqual([`${marts}.MOVIES:table`, `${marts}.RECENT:view`]);
    const table = catalog.find((relation) => relation.identifier === 'MOVIES')!;
    expect(table.database).toBe(world.target().database);
    expect(table.columns.map((column) => [column.name, column.dataType, column.index])).toEqual([
      ['MOVIE_ID', 'NUMBER(38,0)', 1],
      ['TITLE', 'VARCHAR', 2],
      ['RATING', 'NUMBER(3,1)', 3],
    ]);
    const view = catalog.find((relation) => relation.identifier === 'RECENT')!;
    expect(view.columns.map((column) => column.name)).toEqual(['MOVIE_ID']);
    expect(view.rowCount).toBeNull();
    // the row count information_schema.tables keeps (the stand-in keeps it too)
    expect(table.rowCount).toBe(3);
  });
});
