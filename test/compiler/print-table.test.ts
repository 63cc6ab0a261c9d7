/**
 * `print_table()` on run_query's tables: the lines agate writes, as dbt-core 1.11 printed them for
 * the same queries (`{{ run_query(…).print_table() }}` in a model, `dbt compile` on DuckDB), and
 * the `None` it returns.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toTable } from '../../src/compiler/introspection-values.js';
import { printTable } from '../../src/compiler/agate-print.js';

afterEach(() => vi.restoreAllMocks());

const columns = ['a', 'b', 'c', 'd', 'e', 'f'];
const types = ['INTEGER', 'VARCHAR', 'DECIMAL(4,2)', 'INTEGER', 'BOOLEAN', 'DATE'];
const rows = [
  [1, 'x', 2.5, null, true, '2024-01-02'],
  [22, 'long text', 10.25, 3, false, '2024-01-03'],
];

describe('print_table', () => {
  it('writes the grid dbt writes: text left, the rest right, numbers to the column\'s decimal places', () => {
    expect(printTable(columns, types, rows, {})).toEqual([
      '|  a | b         |     c | d |     e |          f |',
      '| -- | --------- | ----- | - | ----- | ---------- |',
      '|  1 | x         |  2.50 |   |  True | 2024-01-02 |',
      '| 22 | long text | 10.25 | 3 | False | 2024-01-03 |',
    ]);
  });

  it('cuts rows and columns past max_rows and max_columns', () => {
    const many = Array.from({ length: 25 }, (_, n) => [n]);
    expect(printTable(['n'], ['BIGINT'], many, { max_rows: 3, max_columns: 1 })).toEqual(['| n |', '| - |', '| 0 |', '| 1 |', '| 2 |', '| ... |']);
  });

  it('groups thousands, rounds past max_precision with an ellipsis, and shortens long text', () => {
    const lines = printTable(['n', 't'], ['DOUBLE', 'VARCHAR'], [[1234567.12345, 'abcdefghijklmnopqrstuvwxyz']], {});
    // agate 1.9 (dbt's) on the same values as Decimals
    expect(lines[2]).toBe('| 1,234,567.123… | abcdefghijklmnopq... |');
    expect(printTable(['n'], ['DECIMAL(6,1)'], [[2.5], [-1234.5], [null]], {})).toEqual(['|        n |', '| -------- |', '|      2.5 |', '| -1,234.5 |', '|          |']);
  });

  it('returns None, so the template prints None, and writes the table to stderr', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const table = toTable({ columns: [{ name: 'a', type: 'INTEGER' }], rows: [{ a: 1 }] });
    expect(table.print_table()).toBeNull();
    expect(write).toHaveBeenCalledWith('| a |\n| - |\n| 1 |\n');
  });
});
