/**
 * Shapes introspection answers the way dbt templates expect them: Column objects (see
 * template-column.ts) and agate-like tables from run_query and `load_result(...).table`:
 * iterable over rows, `rows`, `columns` (by index or name, each with `values()`),
 * `column_names`, `column_types`, `print_table()`, `| length`.
 */
import type { ColumnMeta, QueryResult } from '../warehouse/adapter.js';
import { pyTuple } from './jinja/python-values.js';
import { callArguments } from './jinja/call-arguments.js';
import { printTable } from './agate-print.js';
import { TemplateColumn } from './template-column.js';

export { TemplateColumn };

export function toColumns(columns: ColumnMeta[]): TemplateColumn[] {
  return columns.map((column) => new TemplateColumn(column.name, column.dataType, null, null, null, column.nullable));
}

/** Defines `name` as a method of `target` unless a column of that name already answers it. */
function defineMethod(target: object, name: string, value: unknown): void {
  if (!Object.prototype.hasOwnProperty.call(target, name)) Object.defineProperty(target, name, { value, enumerable: false });
}

/** An agate row: a list of values that can also be read by column name. */
export type TemplateRow = unknown[] & Record<string, unknown>;

/** A row prints as agate's does, a tuple: `(1, 'x')`. */
function toRow(names: string[], values: unknown[]): TemplateRow {
  const row = pyTuple(values) as unknown as TemplateRow;
  names.forEach((name, index) => {
    if (!/^\d+$/.test(name) && name !== 'length') row[name] = values[index];
  });
  defineMethod(row, 'keys', () => pyTuple(names));
  defineMethod(row, 'values', () => pyTuple(values));
  defineMethod(row, 'items', () => names.map((name, index) => [name, values[index]]));
  defineMethod(row, 'dict', () => Object.fromEntries(names.map((name, index) => [name, values[index]])));
  defineMethod(row, 'get', (key: unknown, fallback: unknown = null) => {
    const index = typeof key === 'number' ? key : names.indexOf(String(key));
    return index >= 0 && index < values.length ? values[index] : fallback;
  });
  return row;
}

/** An agate column: its name, its type's name and its values. */
export class TemplateTableColumn {
  constructor(
    readonly name: string,
    readonly data_type: string,
    private readonly cells: unknown[],
  ) {}
  values(): unknown[] {
    return pyTuple(this.cells);
  }
  values_without_nulls(): unknown[] {
    return this.cells.filter((value) => value !== null && value !== undefined);
  }
  values_distinct(): unknown[] {
    return [...new Set(this.cells)];
  }
  values_sorted(): unknown[] {
    return [...this.cells].sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
  }
  toString(): string {
    return `<agate.Column ${this.name}>`;
  }
}

export class TemplateTable {
  readonly column_names: string[];
  readonly column_types: string[];
  readonly rows: TemplateRow[];
  readonly columns: TemplateTableColumn[] & Record<string, TemplateTableColumn>;

  constructor(result: QueryResult) {
    this.column_names = pyTuple(result.columns.map((column) => column.name));
    this.column_types = pyTuple(result.columns.map((column) => column.type));
    const names = this.column_names;
    this.rows = result.rows.map((row) => toRow(names, names.map((name) => row[name])));
    const columns = names.map((name, index) => new TemplateTableColumn(name, this.column_types[index] ?? '', this.rows.map((row) => row[index]))) as TemplateTableColumn[] &
      Record<string, TemplateTableColumn>;
    columns.forEach((column) => {
      if (!/^\d+$/.test(column.name) && column.name !== 'length') columns[column.name] = column;
    });
    // agate's MappedSequence: columns.items() / keys() / values() / get(name)
    const list = [...columns];
    defineMethod(columns, 'keys', () => pyTuple(names));
    defineMethod(columns, 'values', () => pyTuple(list));
    defineMethod(columns, 'items', () => list.map((column) => pyTuple([column.name, column])));
    defineMethod(columns, 'get', (key: unknown, fallback: unknown = null) => list.find((column) => column.name === String(key)) ?? fallback);
    this.columns = columns;
  }

  get length(): number {
    return this.rows.length;
  }

  [Symbol.iterator](): Iterator<TemplateRow> {
    return this.rows[Symbol.iterator]();
  }

  /**
   * agate's `print_table()`: writes the table (agate-print.ts) and returns None, so
   * `{{ t.print_table() }}` prints `None` as in dbt. dbt writes to stdout; dailies to stderr, as
   * its `print()`, so that command output on stdout stays clean.
   */
  print_table(...args: unknown[]): null {
    const { positional, keywords } = callArguments(args);
    const [max_rows, max_columns, , max_column_width, , max_precision] = positional;
    const lines = printTable(this.column_names, this.column_types, this.rows, { max_rows, max_columns, max_column_width, max_precision, ...keywords });
    process.stderr.write(`${lines.join('\n')}\n`);
    return null;
  }

  toString(): string {
    return `<agate.Table ${this.rows.length} rows>`;
  }
}

export function toTable(result: QueryResult): TemplateTable {
  return new TemplateTable(result);
}
