/**
 * `dailies load` on Snowflake from a local landing zone: each file's rows and its ledger row in one
 * transaction (rows inserted with batched binds), each file exactly once, typed RAW columns, and a
 * bad value that stops its file with nothing of it loaded.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DailiesError } from '../../../src/errors.js';
import { loadLandingZone } from '../../../src/ingest/index.js';
import { skipReason, useSnowflake } from './helpers.js';

const zone = mkdtempSync(join(tmpdir(), 'dailies-sf-zone-'));
afterAll(() => rmSync(zone, { recursive: true, force: true }));
function put(file: string, text: string): void {
  mkdirSync(join(zone, file, '..'), { recursive: true });
  writeFileSync(join(zone, file), text);
}

describe.skipIf(skipReason !== null)('loading RAW on Snowflake (stand-in)', () => {
  const world = useSnowflake();

  it('loads each file once with its ledger row, and a bad value loads nothing of its file', async () => {
    const adapter = await world.open();
    const schema = world.schema('RAW');
    const columnTypes = new Map([['ratings', new Map([['rating', { dataType: 'number(2,1)', place: { file: 'models/_sources.yml', line: 9 } }]])]]);
    put('ratings/day1.csv', 'userId,movieId,rating\n1,10,4.5\n2,10,3.0\n');
    put('ratings/day2.csv', 'userId,movieId,rating\n3,11,5.0\n');
    const first = await loadLandingZone({ adapter, zone, schema, columnTypes });
    expect(first).toMatchObject({ filesLoaded: 2, rows: 3 });
    const rows = async () => (await adapter.execute(`select "userId" as u, rating from "DAILIES"."${schema}"."RATINGS" order by 1`)).rows;
    expect(await rows()).toEqual([
      { u: '1', rating: 4.5 },
      { u: '2', rating: 3 },
      { u: '3', rating: 5 },
    ]);
    const ledger = async () => (await adapter.execute(`select object_key, row_count from "DAILIES"."${schema}"."_DAILIES_LOAD_LEDGER" order by object_key`)).rows;
    expect(await ledger()).toEqual([
      { object_key: 'ratings/day1.csv', row_count: 2 },
      { object_key: 'ratings/day2.csv', row_count: 1 },
    ]);

    put('ratings/day3.csv', 'userId,movieId,rating\n4,12,4.0\n5,12,not-a-number\n');
    let caught: unknown;
    try {
      await loadLandingZone({ adapter, zone, schema, columnTypes });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DailiesError);
    expect((caught as DailiesError).message).toContain('ratings/day3.csv');
    expect(await rows()).toHaveLength(3);
    expect(await ledger()).toHaveLength(2);
  });
});
