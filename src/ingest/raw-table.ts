/**
 * RAW tables: one column per CSV header name (same names, same case; VARCHAR unless the project
 * declares its type), plus `_load_id` (the ledger row of the file the row came from) and
 * `_loaded_at`. Created on first load; later files must bring the same header.
 */
import { DailiesError } from '../errors.js';
import type { Adapter, ColumnMeta, Relation, TransactionScope } from '../warehouse/adapter.js';

export const LOAD_ID_COLUMN = '_load_id';
export const LOADED_AT_COLUMN = '_loaded_at';
/** The per-row object key of RAW tables made by earlier versions of `dailies load`. */
const EARLIER_SOURCE_FILE_COLUMN = '_source_file';

/** Columns the loader adds to every RAW table; they are not in the CSV. */
export const BOOKKEEPING_COLUMNS: readonly string[] = [LOAD_ID_COLUMN, LOADED_AT_COLUMN];

export function rawRelation(adapter: Adapter, schema: string, table: string): Relation {
  return { database: adapter.defaultDatabase, schema, identifier: table };
}

/** The type of a RAW column with no declared type. */
export const TEXT_TYPE = 'varchar';

/**
 * The table's data columns (without the bookkeeping ones), or null when it does not exist.
 * A table made by an earlier version of `dailies load` (`_source_file`, no `_load_id`) is refused.
 */
export async function existingRawColumns(adapter: Adapter, relation: Relation, tableName: string): Promise<ColumnMeta[] | null> {
  if (!(await adapter.getRelation(relation))) return null;
  const columns = await adapter.getColumns(relation);
  // names as the warehouse stores them (Snowflake upper-cases the unquoted `_load_id`)
  const stored = (name: string) => adapter.normalizeIdentifier(name);
  const names = columns.map((c) => c.name);
  if (names.includes(stored(EARLIER_SOURCE_FILE_COLUMN)) || !names.includes(stored(LOAD_ID_COLUMN))) {
    const found = names.includes(stored(EARLIER_SOURCE_FILE_COLUMN)) ? `has a ${EARLIER_SOURCE_FILE_COLUMN} column` : `has no ${LOAD_ID_COLUMN} column`;
    throw earlierVersionError(`RAW table ${tableName}`, found, relation.schema);
  }
  return columns.filter((c) => !BOOKKEEPING_COLUMNS.map(stored).includes(c.name));
}

/** A RAW table or ledger in the layout of an earlier `dailies load`: nothing is loaded. */
export function earlierVersionError(what: string, found: string, schema: string): DailiesError {
  return new DailiesError(
    'load',
    `${what} ${found}: it was created by an earlier version of \`dailies load\` (RAW rows now carry the ${LOAD_ID_COLUMN} of their ledger row instead of ${EARLIER_SOURCE_FILE_COLUMN}); nothing was loaded`,
    { hint: `drop the RAW schema (e.g. \`drop schema ${schema} cascade\`) and load the landing zone again` },
  );
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
    `${adapter.quoteIdentifier(LOAD_ID_COLUMN)} bigint`,
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
