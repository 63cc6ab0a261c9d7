/**
 * Shapes introspection answers the way dbt templates expect them: Column objects
 * (`name`, `column`, `data_type`, `dtype`, `quoted`) and agate-like tables from run_query
 * (`rows`, `columns[i].values()`, `column_names`).
 */
import type { ColumnMeta, QueryResult } from '../warehouse/adapter.js';

export interface TemplateColumn {
  name: string;
  column: string;
  data_type: string;
  dtype: string;
  quoted: string;
  is_nullable: boolean;
}

export function toColumns(columns: ColumnMeta[]): TemplateColumn[] {
  return columns.map((column) => ({
    name: column.name,
    column: column.name,
    data_type: column.dataType,
    dtype: column.dataType,
    quoted: `"${column.name.replaceAll('"', '""')}"`,
    is_nullable: column.nullable,
  }));
}

export interface TemplateTable {
  column_names: string[];
  columns: { name: string; values: () => unknown[] }[];
  /** Each row is a list of values that can also be read by column name. */
  rows: unknown[][];
  print_table: () => string;
  length: number;
}

export function toTable(result: QueryResult): TemplateTable {
  const names = result.columns.map((column) => column.name);
  const rows = result.rows.map((row) => {
    const values: unknown[] & Record<string, unknown> = names.map((name) => row[name]) as unknown[] & Record<string, unknown>;
    for (const name of names) values[name] = row[name];
    return values;
  });
  return {
    column_names: names,
    columns: names.map((name) => ({ name, values: () => result.rows.map((row) => row[name]) })),
    rows,
    print_table: () => '',
    length: rows.length,
  };
}
