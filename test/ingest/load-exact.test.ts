/**
 * Loads stay exact: a number its declared type cannot hold without rounding aborts its file with
 * the file, line, column, value and type; a row over the reader's size limit says so.
 */
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { loadLandingZone, rawColumnTypes, type RawColumnTypes } from '../../src/ingest/index.js';
import type { Adapter } from '../../src/warehouse/adapter.js';
import { exactType, fitsExactly } from '../../src/warehouse/duckdb/exact-numbers.js';
import { removeTempProjects, tempProject } from '../compiler/temp-project.js';
import { caughtDailiesError, useScratchLanding } from '../fixtures/ingest/scratch-landing.js';

const scratch = useScratchLanding('dailies-load-exact-');
let zone: string;
let adapter: Adapter;
beforeEach(() => ({ zone, adapter } = scratch));
afterAll(removeTempProjects);

const SOURCES = `version: 2
sources:
  - name: raw
    tables:
      - name: ratings
        columns:
          - name: userId
            data_type: integer
          - name: rating
            data_type: decimal(2,1)
`;

async function types(): Promise<RawColumnTypes> {
  return rawColumnTypes(await tempProject({ 'models/_sources.yml': SOURCES }), 'raw');
}

async function ledgerCount(): Promise<number> {
  const { rows } = await adapter.execute('select count(*) as n from raw._dailies_load_ledger');
  return Number(rows[0]?.n);
}

describe('exact numbers', () => {
  it('aborts a file whose decimal would be rounded (3.45 into decimal(2,1)), naming file, line, column, value and type', async () => {
    await scratch.put('ratings/ratings_day001.csv', 'userId,rating\n1,3.4\n');
    await loadLandingZone({ adapter, zone, columnTypes: await types() });
    await scratch.put('ratings/ratings_day002.csv', 'userId,rating\n2,3.40\n3,"4.5"\n4,3.45\n5,2.0\n');
    const error = await caughtDailiesError(loadLandingZone({ adapter, zone, columnTypes: await types() }));
    expect(error.place).toEqual({ file: join(zone, 'ratings/ratings_day002.csv'), line: 4 });
    expect(error.message).toBe(
      'value "3.45" of column rating does not fit decimal(2,1) (declared in models/_sources.yml:10) without rounding; nothing from this file was loaded into raw.ratings',
    );
    expect(error.hint).toContain('declare a type that holds it');
    const { rows } = await adapter.execute('select cast(rating as varchar) as r from raw.ratings');
    expect(rows).toEqual([{ r: '3.4' }]);
    expect(await ledgerCount()).toBe(1);
  });

  it('aborts a file whose integer column holds a fraction (1.5 is not silently 2)', async () => {
    await scratch.put('ratings/ratings_day001.csv', 'userId,rating\n1.0,3.4\n1.5,3.5\n');
    const error = await caughtDailiesError(loadLandingZone({ adapter, zone, columnTypes: await types() }));
    expect(error.place?.line).toBe(3);
    expect(error.message).toContain('value "1.5" of column userId does not fit integer');
    expect(await ledgerCount()).toBe(0);
  });

  it('loads values that fit exactly, in any notation, and reports values out of range by line', async () => {
    await scratch.put('ratings/ratings_day001.csv', 'userId,rating\n1,3.40\n2,-0.5\n3,.5\n4,5e-1\n5,\n+6,9.9\n');
    const report = await loadLandingZone({ adapter, zone, columnTypes: await types() });
    expect(report.filesLoaded).toBe(1);
    const { rows } = await adapter.execute('select "userId" as u, cast(rating as varchar) as r from raw.ratings order by 1');
    expect(rows).toEqual([
      { u: 1, r: '3.4' },
      { u: 2, r: '-0.5' },
      { u: 3, r: '0.5' },
      { u: 4, r: '0.5' },
      { u: 5, r: null },
      { u: 6, r: '9.9' },
    ]);
    await scratch.put('ratings/ratings_day002.csv', 'userId,rating\n7,12.3\n');
    const error = await caughtDailiesError(loadLandingZone({ adapter, zone, columnTypes: await types() }));
    expect(error.place?.line).toBe(2);
    expect(error.message).toMatch(/value "12\.3" of column rating (is not a valid|does not fit) decimal\(2,1\)/);
  });

  it('decides exactness from the text as written', () => {
    const decimal = exactType('DECIMAL(2,1)')!;
    for (const text of ['3.4', '3.40', '-0.5', '.5', '0', '9.9', '5e-1', '0.34e1', ' 1.0 ']) expect(fitsExactly(text, decimal), text).toBe(true);
    for (const text of ['3.45', '10', '12.3', '1e1', 'abc', '', '.', '3.4.5']) expect(fitsExactly(text, decimal), text).toBe(false);
    const integer = exactType('INTEGER')!;
    for (const text of ['0', '-2147483648', '2147483647', '1.0', '1e3']) expect(fitsExactly(text, integer), text).toBe(true);
    for (const text of ['1.5', '2147483648', '-2147483649', '1e10']) expect(fitsExactly(text, integer), text).toBe(false);
    expect(exactType('DECIMAL(38,2)')).toBeNull();
    expect(exactType('VARCHAR')).toBeNull();
  });
});

describe('row size', () => {
  it('names the reader\'s row size limit for a 5 MiB field, not "malformed CSV row"', async () => {
    await scratch.put('tags/tags_day001.csv', `userId,tag\n1,short\n2,${'y'.repeat(5 * 1024 * 1024)}\n`);
    const error = await caughtDailiesError(loadLandingZone({ adapter, zone }));
    expect(error.place).toEqual({ file: join(zone, 'tags/tags_day001.csv'), line: 3 });
    expect(error.message).toMatch(/line 3 of .*tags_day001\.csv is 524\d+ bytes long: a CSV row \(with all its fields\) may have at most \d+ bytes \(the CSV reader's max_line_size limit\)/);
    expect(error.message).not.toContain('malformed');
    expect(error.message.length).toBeLessThan(1000);
    expect(await ledgerCount()).toBe(0);
  });
});
