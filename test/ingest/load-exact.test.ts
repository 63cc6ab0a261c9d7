/**
 * Loads stay exact: a number its declared type cannot hold without rounding aborts its file with
 * the file, line, column, value and type; a row over the reader's size limit says so.
 */
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { loadLandingZone, rawColumnTypes, type RawColumnTypes } from '../../src/ingest/index.js';
import type { Adapter } from '../../src/warehouse/adapter.js';
import { asText, exactType, fitsExactly } from '../../src/warehouse/duckdb/exact-numbers.js';
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

  it('loads values that fit exactly as written, and reports values out of range, or not plain numbers, by line', async () => {
    await scratch.put('ratings/ratings_day001.csv', 'userId,rating\n1,3.40\n2,-0.5\n3,.5\n0004,5e-1\n5,\n+6,9.9\n');
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
    const cases: [string, RegExp][] = [
      ['7,12.3', /value "12\.3" of column rating is out of the range of decimal\(2,1\)/],
      ['2147483648,1.0', /value "2147483648" of column userId is out of the range of integer/],
      ['0x10,1.0', /value "0x10" of column userId is not a valid integer/],
      ['nan,1.0', /value "nan" of column userId is not a valid integer/],
      ['15e-1,1.0', /value "15e-1" of column userId does not fit integer .*without rounding/],
      ['8,4.55e0', /value "4\.55e0" of column rating does not fit decimal\(2,1\) .*without rounding/],
      ['8,9.96', /value "9\.96" of column rating does not fit decimal\(2,1\) .*without rounding/],
    ];
    for (const [row, message] of cases) {
      await scratch.put('ratings/ratings_day002.csv', `userId,rating\n9,1.0\n${row}\n`);
      const error = await caughtDailiesError(loadLandingZone({ adapter, zone, columnTypes: await types() }));
      expect(error.place?.line, row).toBe(3);
      expect(error.message, row).toMatch(message);
    }
    expect(await ledgerCount()).toBe(1);
  });

  it('decides exactness as the load does: through a double for small types, from the text for wide ones', () => {
    const decimal = exactType('DECIMAL(2,1)')!;
    expect(decimal.via).toBe('double');
    for (const text of ['3.4', '3.40', '-0.5', '.5', '0', '9.9', '09.90', ' 1.0 ', '5e-1', '0.34e1']) expect(fitsExactly(text, decimal), text).toBe(true);
    for (const text of ['3.45', '10', '12.3', '9.96', 'abc', '', '.', '3.4.5', '0x1', 'nan']) expect(fitsExactly(text, decimal), text).toBe(false);
    const integer = exactType('INTEGER')!;
    for (const text of ['0', '-2147483648', '2147483647', '1.0', '007', '5.', '1e3', '1_000']) expect(fitsExactly(text, integer), text).toBe(true);
    for (const text of ['1.5', '2147483648', '-2147483649', '15e-1', '0x10', 'inf']) expect(fitsExactly(text, integer), text).toBe(false);
    const bigint = asText(exactType('BIGINT')!);
    for (const text of ['9223372036854775807', '-9223372036854775808', '42', '42.000']) expect(fitsExactly(text, bigint), text).toBe(true);
    for (const text of ['9223372036854775808', '1.5', '1e3', '0x10']) expect(fitsExactly(text, bigint), text).toBe(false);
    const wide = exactType('DECIMAL(20,2)')!;
    expect(wide.via).toBe('text');
    expect(fitsExactly('123456789012345678.12', wide)).toBe(true);
    expect(fitsExactly('123456789012345678.123', wide)).toBe(false);
    expect(exactType('VARCHAR')).toBeNull();
  });

  it('keeps a BIGINT exact beyond what a double holds (loading the file again by text), and refuses a fraction in it', async () => {
    const bigTypes: RawColumnTypes = new Map([['ids', new Map([['id', { dataType: 'bigint', place: { file: 'models/_sources.yml', line: 3 } }]])]]);
    await scratch.put('ids/ids_day001.csv', 'id\n9007199254740993\n9223372036854775807\n');
    await loadLandingZone({ adapter, zone, columnTypes: bigTypes });
    const { rows } = await adapter.execute('select cast(id as varchar) as id from raw.ids order by id');
    expect(rows.map((row) => row.id)).toEqual(['9007199254740993', '9223372036854775807']);
    const ledger = await adapter.execute('select load_id, row_count from raw._dailies_load_ledger');
    expect(ledger.rows).toEqual([{ load_id: 1, row_count: 2 }]);
    for (const [body, line, value] of [['id\n1\n2.5\n', 3, '2.5'], ['id\n9223372036854775807\n1.5\n', 3, '1.5']] as const) {
      await scratch.put('ids/ids_day002.csv', body);
      const error = await caughtDailiesError(loadLandingZone({ adapter, zone, columnTypes: bigTypes }));
      expect(error.place?.line, body).toBe(line);
      expect(error.message, body).toContain(`value "${value}" of column id does not fit bigint`);
    }
    await scratch.put('ids/ids_day002.csv', 'id\n9223372036854775808\n');
    const error = await caughtDailiesError(loadLandingZone({ adapter, zone, columnTypes: bigTypes }));
    expect(error.message).toContain('value "9223372036854775808" of column id is out of the range of bigint');
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
