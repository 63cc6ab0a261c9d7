import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../../src/warehouse/adapter.js';
import { isDuckDBNumericType, normalizeDuckDBType } from '../../src/warehouse/duckdb/types.js';
import { openAdapter } from '../../src/warehouse/index.js';

describe('DuckDB type names', () => {
  it.each([
    ['int', 'INTEGER'],
    ['INT4', 'INTEGER'],
    ['integer', 'INTEGER'],
    ['int8', 'BIGINT'],
    ['string', 'VARCHAR'],
    ['text', 'VARCHAR'],
    ['varchar(255)', 'VARCHAR'],
    ['character varying(10)', 'VARCHAR'],
    ['bool', 'BOOLEAN'],
    ['float8', 'DOUBLE'],
    ['double precision', 'DOUBLE'],
    ['float4', 'FLOAT'],
    ['numeric(10, 2)', 'DECIMAL(10,2)'],
    ['decimal(12)', 'DECIMAL(12,0)'],
    ['decimal', 'DECIMAL(18,3)'],
    ['datetime', 'TIMESTAMP'],
    ['timestamp without time zone', 'TIMESTAMP'],
    ['timestamptz', 'TIMESTAMP WITH TIME ZONE'],
    ['bytea', 'BLOB'],
    ['int[]', 'INTEGER[]'],
    ['text[][]', 'VARCHAR[][]'],
    ['map(text, int)', 'MAP(VARCHAR, INTEGER)'],
    ['struct("a" int, b_c text)', 'STRUCT(a INTEGER, b_c VARCHAR)'],
    ['  date ', 'DATE'],
  ])('normalises %s to %s', (input, expected) => {
    expect(normalizeDuckDBType(input)).toBe(expected);
  });

  it.each([
    ['int', true],
    ['ubigint', true],
    ['numeric(10, 2)', true],
    ['decimal', true],
    ['double precision', true],
    ['real', true],
    ['varchar', false],
    ['date', false],
    ['boolean', false],
    ['int[]', false],
  ])('knows whether %s is numeric (%s)', (input, numeric) => {
    expect(isDuckDBNumericType(input)).toBe(numeric);
  });
});

describe('DuckDB SQL fragments', () => {
  let adapter: Adapter;
  beforeAll(async () => {
    adapter = await openAdapter({ name: 'dev', type: 'duckdb', schema: 'main', threads: 1, path: ':memory:' });
  });
  afterAll(async () => {
    await adapter.close();
  });

  it('normalises what DuckDB itself reports to the same name', async () => {
    await adapter.execute('create table typed (a int4, b numeric(9,3), c text, d datetime, e float8)');
    const columns = await adapter.getColumns({ database: null, schema: 'main', identifier: 'typed' });
    expect(columns.map((column) => adapter.normalizeType(column.dataType))).toEqual(['INTEGER', 'DECIMAL(9,3)', 'VARCHAR', 'TIMESTAMP', 'DOUBLE']);
  });

  it('gives seed column types DuckDB accepts', async () => {
    const kinds = ['boolean', 'integer', 'bigint', 'float', 'date', 'timestamp', 'text'] as const;
    expect(kinds.map((kind) => adapter.seedType(kind))).toEqual(['BOOLEAN', 'INTEGER', 'BIGINT', 'DOUBLE', 'DATE', 'TIMESTAMP', 'VARCHAR']);
    const definition = kinds.map((kind) => `c_${kind} ${adapter.seedType(kind)}`).join(', ');
    await adapter.execute(`create table seeded (${definition})`);
  });

  it('hashes rows so that NULLs and shifted values differ, and equal rows agree', async () => {
    const hash = adapter.hashExpression(['a', 'b']);
    const { rows } = await adapter.execute(
      `select ${hash} as h from (values ('1', 'x', 0), (null, 'x', 1), ('', 'x', 2), ('1', null, 3), ('1', 'x', 4), ('1-x', null, 5)) as t(a, b, i) order by i`,
    );
    const hashes = rows.map((row) => row.h);
    expect(hashes[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(hashes[0]).toBe(hashes[4]);
    expect(new Set([hashes[0], hashes[1], hashes[2], hashes[3], hashes[5]]).size).toBe(5);
  });

  it('gives the common type of two numeric types as DuckDB unifies them, and none for floats or beyond 38 digits', async () => {
    const pairs = [
      ['DECIMAL(10,2)', 'DECIMAL(13,2)'],
      ['DECIMAL(10,2)', 'DECIMAL(8,4)'],
      ['INTEGER', 'DECIMAL(10,2)'],
      ['BIGINT', 'DECIMAL(4,1)'],
      ['TINYINT', 'BIGINT'],
      ['INTEGER', 'UINTEGER'],
      ['BIGINT', 'UBIGINT'],
      ['UTINYINT', 'SMALLINT'],
      ['HUGEINT', 'BIGINT'],
      ['UBIGINT', 'DECIMAL(5,2)'],
    ];
    for (const [from, to] of pairs) {
      const { rows } = await adapter.execute(`select typeof(coalesce(cast(null as ${from}), cast(null as ${to}))) as t`);
      expect(adapter.commonNumericType(from!, to!), `${from} and ${to}`).toBe(rows[0]!.t);
    }
    expect(adapter.commonNumericType('INTEGER', 'DOUBLE')).toBeNull();
    expect(adapter.commonNumericType('DECIMAL(38,0)', 'DECIMAL(10,5)')).toBeNull();
    expect(adapter.commonNumericType('HUGEINT', 'DECIMAL(10,2)')).toBeNull();
    expect(adapter.commonNumericType('UHUGEINT', 'BIGINT')).toBeNull();
  });

  it('has a current timestamp expression', async () => {
    const { rows } = await adapter.execute(`select ${adapter.currentTimestamp()} as now`);
    expect(String(rows[0].now)).toMatch(/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}/);
  });

  it('quotes and renders relations with the duckdb dialect', () => {
    expect(adapter.quoteIdentifier('we"ird')).toBe('"we""ird"');
    expect(adapter.renderRelation({ database: 'dev', schema: 'main', identifier: 'Orders' })).toBe('"dev"."main"."Orders"');
    expect(adapter.renderRelation({ database: null, schema: 'main', identifier: 'x' })).toBe('"main"."x"');
    expect(adapter.normalizeIdentifier('MixedCase')).toBe('MixedCase');
  });
});
