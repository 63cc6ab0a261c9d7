/**
 * The SQL of loading an S3 zone into Snowflake, pinned as golden .sql files
 * (test/warehouse/goldens/snowflake/copy-*.sql), and Snowflake's COPY errors read into placed errors.
 * To accept a deliberate SQL change: UPDATE_GOLDENS=1 npx vitest run test/warehouse/snowflake/copy-sql.test.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvValueError } from '../../../src/warehouse/adapter.js';
import { DailiesError } from '../../../src/errors.js';
import { dialectFor } from '../../../src/warehouse/dialect.js';
import * as copy from '../../../src/warehouse/snowflake/copy-sql.js';
import { snowflakeError } from '../../../src/warehouse/snowflake/errors.js';
import { copyError } from '../../../src/warehouse/snowflake/stage-loader.js';

const dir = join(import.meta.dirname, '..', 'goldens', 'snowflake');
const render = dialectFor('snowflake').renderRelation;
const raw = render({ database: 'analytics', schema: 'raw', identifier: 'ratings' });
const staging = render({ database: 'analytics', schema: 'raw', identifier: '_dailies_stage_ratings_1a2b3c4d' });
const stage = render({ database: 'analytics', schema: 'raw', identifier: '_dailies_landing' });
const columns = ['userId', 'movieId', 'rating', 'timestamp'];

const statements: Record<string, string> = {
  'copy-show-stage': copy.showStageSql('"ANALYTICS"."RAW"', '_DAILIES_LANDING'),
  'copy-create-stage': copy.createStageSql(stage, 's3://landing/daily', 'landing_s3'),
  'copy-staging-table': copy.createStagingTableSql(staging, columns, { movieId: 'NUMBER(38,0)', rating: 'NUMBER(2,1)' }),
  'copy-file': copy.copyFileSql(staging, stage, "ratings/ratings_day001.csv"),
  'copy-insert-from-staging': copy.insertFromStagingSql(raw, staging, columns, { _load_id: '42', _loaded_at: "timestamp '2026-12-05 12:00:00.000'" }),
  'copy-empty-staging': copy.emptyStagingSql(staging),
  'copy-drop-staging': copy.dropStagingSql(staging),
};

describe('Snowflake COPY SQL goldens', () => {
  for (const [name, sql] of Object.entries(statements)) {
    it(`${name}.sql`, () => {
      const file = join(dir, `${name}.sql`);
      if (process.env.UPDATE_GOLDENS) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(file, `${sql}\n`);
      }
      expect(`${sql}\n`).toBe(readFileSync(file, 'utf8'));
    });
  }

  it('quotes a key with a quote or a backslash as a Snowflake string literal', () => {
    expect(copy.copyFileSql(staging, stage, "o'brien\\x.csv")).toContain("files = ('o''brien\\\\x.csv')");
  });
});

describe('Snowflake COPY errors', () => {
  const options = { columns, types: { movieId: 'NUMBER(38,0)', rating: 'NUMBER(2,1)' } };
  const driverError = (code: string, sqlState: string, message: string) =>
    snowflakeError({ code, sqlState, message }, `copy into ${staging} from @${stage} files = ('ratings/ratings_day002.csv')`);

  it('reads a value that does not convert as a CsvValueError with its line and header column', () => {
    const error = copyError(
      driverError(
        '100038',
        '22018',
        "Numeric value 'x.5' is not recognized\n  File 'ratings/ratings_day002.csv', line 3, character 5\n  Row 2, column \"_DAILIES_STAGE_RATINGS_1A2B3C4D\"[\"RATING\":3]\n  If you would like to continue loading when an error is encountered, use other values such as 'SKIP_FILE' or 'CONTINUE' for the ON_ERROR option.",
      ),
      'ratings/ratings_day002.csv',
      options,
    );
    expect(error).toBeInstanceOf(CsvValueError);
    expect(error).toMatchObject({ file: 'ratings/ratings_day002.csv', line: 3, column: 'rating', value: 'x.5', dataType: 'NUMBER(2,1)' });
  });

  it('reads a number too large for its column as out of range', () => {
    const error = copyError(
      driverError('100039', '22003', "Numeric value '123.4' is out of range\n  File 'ratings/ratings_day002.csv', line 7, character 9\n  Row 6, column \"T\"[\"RATING\":3]"),
      'ratings/ratings_day002.csv',
      options,
    );
    expect(error).toMatchObject({ line: 7, column: 'rating', value: '123.4', misfit: 'out-of-range' });
  });

  it('places a row with the wrong number of fields at its line', () => {
    const error = copyError(
      driverError(
        '100080',
        '22000',
        "Number of columns in file (3) does not match that of the corresponding table (4), use file format option error_on_column_count_mismatch=false to ignore this error\n  File 'ratings/ratings_day002.csv', line 5, character 1\n  Row 4 starts at line 5, column \"T\"[4]",
      ),
      'ratings/ratings_day002.csv',
      options,
    );
    expect(error).toBeInstanceOf(DailiesError);
    expect(error).not.toBeInstanceOf(CsvValueError);
    expect((error as DailiesError).place).toEqual({ file: 'ratings/ratings_day002.csv', line: 5 });
    expect((error as DailiesError).message).toContain('Number of columns in file (3) does not match that of the corresponding table (4)');
  });

  it('passes other errors through unchanged', () => {
    const denied = driverError('091003', '22000', "Failure using stage area. Cause: [Access Denied (Status Code: 403; Error Code: AccessDenied)]");
    expect(copyError(denied, 'ratings/ratings_day002.csv', options)).toBe(denied);
  });
});
