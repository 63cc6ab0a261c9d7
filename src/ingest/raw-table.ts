/**
 * RAW tables: one column per CSV header name (same names, same case; VARCHAR unless the project
 * declares its type), plus `_source_file` (the object key) and `_loaded_at`. Created on first load;
 * later files must bring the same header.
 */
import { DailiesError } from '../errors.js';
import type { Adapter, ColumnMeta, Relation, TransactionScope } from '../warehouse/adapter.js';

export const SOURCE_FILE_COLUMN = '_source_file';
export const LOADED_AT_COLUMN = '_loaded_at';

export function rawRelation(adapter: Adapter, schema: string, table: string): Relation {
  return { database: adapter.defaultDatabase, schema, identifier: table };
}

/** The type of a RAW column with no declared type. */
export const TEXT_TYPE = 'varchar';

/** The table's data columns (without the two bookkeeping ones), or null when it does not exist. */
export async function existingRawColumns(adapter: Adapter, relation: Relation): Promise<ColumnMeta[] | null> {
  if (!(await adapter.getRelation(relation))) return null;
  const columns = await adapter.getColumns(relation);
  return columns.filter((c) => c.name !== SOURCE_FILE_COLUMN && c.name !== LOADED_AT_COLUMN);
}

/** `types`: column → the warehouse's type for the columns declared with one; the others are VARCHAR. */
export async function createRawTable(
  tx: TransactionScope,
  adapter: Adapter,
  relation: Relation,
  header: readonly string[],
  types: Readonly<Record<string, string>> = {},
): Promise<void> {
  const columns = [
    ...header.map((name) => `${adapter.quoteIdentifier(name)} ${Object.hasOwn(types, name) ? types[name] : TEXT_TYPE}`),
    `${adapter.quoteIdentifier(SOURCE_FILE_COLUMN)} ${TEXT_TYPE}`,
    `${adapter.quoteIdentifier(LOADED_AT_COLUMN)} timestamp`,
  ];
  await tx.execute(`create table ${adapter.renderRelation(relation)} (${columns.join(', ')})`);
}

/** Refuses a file whose header differs from the table it loads into, naming both column lists. */
export function checkHeaderMatches(header: readonly string[], tableColumns: readonly string[], displayName: string, tableName: string): void {
  const same = header.length === tableColumns.length && header.every((name, i) => name === tableColumns[i]);
  if (same) return;
  const missing = tableColumns.filter((c) => !header.includes(c));
  const extra = header.filter((c) => !tableColumns.includes(c));
  const differences = [missing.length > 0 ? `missing ${missing.join(', ')}` : '', extra.length > 0 ? `unexpected ${extra.join(', ')}` : '']
    .filter((part) => part !== '')
    .join('; ');
  throw new DailiesError(
    'load',
    `header of ${displayName} does not match table ${tableName}: the file has columns ${header.join(',')}, the table has ${tableColumns.join(',')} (${differences || 'same names in a different order'})`,
    {
      place: { file: displayName, line: 1 },
      hint: `fix the file's header to match ${tableName}, or, if the source really changed its columns, migrate or drop ${tableName} and reload`,
    },
  );
}
