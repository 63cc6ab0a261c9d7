/**
 * loadCsvFile switches `preserve_insertion_order` off for its insert only: the pooled connection
 * must come back with the instance's setting, after a failed load too, and a transaction the load
 * failed in must stay failed (nothing of it commits, later statements in it are refused).
 */
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Relation } from '../../src/warehouse/adapter.js';
import { failureOf, openTempWarehouse, type TempWarehouse } from './helpers.js';

const fixtures = resolve(import.meta.dirname, '../fixtures/warehouse');
const fixture = (name: string) => join(fixtures, name);
const raw: Relation = { database: null, schema: 'raw', identifier: 'movies' };
const columns = ['movie_id', 'title', 'genres'];
const SETTING = "select current_setting('preserve_insertion_order') as preserved";

describe('loadCsvFile and the connection it runs on', () => {
  let warehouse: TempWarehouse;
  beforeAll(async () => {
    // One connection: every statement below runs on the connection the load used.
    warehouse = await openTempWarehouse(1);
    await warehouse.adapter.createSchema(null, 'raw');
  });
  afterAll(async () => {
    await warehouse.cleanup();
  });
  beforeEach(async () => {
    await warehouse.adapter.execute('create or replace table raw.movies (movie_id varchar, title varchar, genres varchar)');
  });

  const setting = async () => (await warehouse.adapter.execute(SETTING)).rows[0]?.preserved;
  const movieIds = async () => (await warehouse.adapter.execute('select movie_id from raw.movies order by movie_id')).rows.map((row) => row.movie_id);

  it('restores preserve_insertion_order after a load, inside a transaction and outside', async () => {
    expect(await setting()).toBe(true);
    await warehouse.adapter.loadCsvFile(raw, fixture('movies.csv'), { columns });
    expect(await setting()).toBe(true);
    const inside = await warehouse.adapter.transaction(async (tx) => {
      expect(await tx.loadCsvFile(raw, fixture('movies.csv'), { columns })).toBe(4);
      return (await tx.execute(SETTING)).rows[0]?.preserved;
    });
    expect(inside).toBe(true);
    expect(await movieIds()).toEqual(['1', '1', '2', '2', '3', '3', '4', '4']);
  });

  it('restores it after a failed load outside a transaction, and loads nothing', async () => {
    const error = await failureOf(warehouse.adapter.loadCsvFile(raw, fixture('movies_extra_field.csv'), { columns }));
    expect(error.place?.line).toBe(4);
    expect(await setting()).toBe(true);
    expect(await movieIds()).toEqual([]);
  });

  it('keeps a transaction the load failed in failed: later statements are refused, nothing commits, the setting is back', async () => {
    let afterFailure: unknown = null;
    const error = await failureOf(
      warehouse.adapter.transaction(async (tx) => {
        await tx.execute("insert into raw.movies values ('99', 'Before the load', null)");
        const loadError = await failureOf(tx.loadCsvFile(raw, fixture('movies_extra_field.csv'), { columns }));
        afterFailure = await tx.execute("insert into raw.movies values ('100', 'After the load', null)").catch((refused: unknown) => refused);
        throw loadError;
      }),
    );
    expect(error.kind).toBe('load');
    expect(error.place).toEqual({ file: fixture('movies_extra_field.csv'), line: 4 });
    expect(String(afterFailure)).toMatch(/transaction is aborted/i);
    expect(await movieIds()).toEqual([]);
    expect(await setting()).toBe(true);
    // The connection is usable again, in and out of transactions.
    await warehouse.adapter.transaction(async (tx) => {
      expect(await tx.loadCsvFile(raw, fixture('movies.csv'), { columns })).toBe(4);
    });
    expect(await movieIds()).toEqual(['1', '2', '3', '4']);
  });
});
