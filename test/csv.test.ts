import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv } from '../src/csv.js';
import { inferSeedKind } from '../src/run/seed-types.js';

describe('parseCsv', () => {
  it('splits plain records and keeps the line each starts on', () => {
    expect(parseCsv('a,b\n1,2\n3,4\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['3', '4'] },
    ]);
  });

  it('handles quoted commas, doubled quotes, embedded newlines and CRLF', () => {
    const records = parseCsv('id,text\r\n1,"a, b"\r\n2,"say ""hi"""\r\n3,"two\r\nlines"\r\n4,last');
    expect(records.map((record) => record.fields)).toEqual([
      ['id', 'text'],
      ['1', 'a, b'],
      ['2', 'say "hi"'],
      ['3', 'two\r\nlines'],
      ['4', 'last'],
    ]);
    expect(records[4]!.line).toBe(6);
  });

  it('keeps empty fields, ignores blank lines and a byte-order mark', () => {
    expect(parseCsv('\ufeffa,b,c\n1,,\n\n2,"",3\n').map((record) => record.fields)).toEqual([
      ['a', 'b', 'c'],
      ['1', '', ''],
      ['2', '', '3'],
    ]);
  });

  it('reports an unterminated quote at the line it opened', () => {
    expect(() => parseCsv('a,b\n1,2\n3,"open\nmore')).toThrow(CsvSyntaxError);
    try {
      parseCsv('a,b\n1,2\n3,"open\nmore');
    } catch (error) {
      expect((error as CsvSyntaxError).line).toBe(3);
    }
  });

  it('rejects a stray quote inside an unquoted field and text after a closing quote', () => {
    expect(() => parseCsv('a\nab"c\n')).toThrow(/quote inside an unquoted field/);
    expect(() => parseCsv('a\n"ab"c\n')).toThrow(/after a closing quote/);
  });
});

describe('inferSeedKind', () => {
  it('picks the narrowest kind every non-empty value fits', () => {
    expect(inferSeedKind(['1', '-2', null])).toBe('integer');
    expect(inferSeedKind(['1', '2.5', '1e3'])).toBe('float');
    expect(inferSeedKind(['true', 'False', null])).toBe('boolean');
    expect(inferSeedKind(['2024-01-31', null])).toBe('date');
    expect(inferSeedKind(['2024-01-31', '2024-02-01 10:00:00'])).toBe('timestamp');
    expect(inferSeedKind(['2024-02-30'])).toBe('text');
    expect(inferSeedKind(['1', 'x'])).toBe('text');
    expect(inferSeedKind([null, null])).toBe('integer');
  });

  it('makes integers beyond 32 bits a bigint column (where dbt-duckdb fails to load them)', () => {
    expect(inferSeedKind(['2147483647', '-2147483648'])).toBe('integer');
    expect(inferSeedKind(['1', '2147483648'])).toBe('bigint');
    expect(inferSeedKind(['3000000000', '1.5'])).toBe('float');
  });
});
