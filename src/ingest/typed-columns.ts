/**
 * Typed RAW columns. A caller may declare a type for RAW columns (`LoadOptions.columnTypes`; the
 * CLI takes them from the project's sources YAML, see raw-column-types.ts); every other column is
 * VARCHAR. Before anything loads, each declared type is checked by the warehouse (once per distinct
 * type) and compared with the columns of a RAW table that already exists; a value that does not
 * convert aborts its file with an error that names the line, the column and the declaration.
 */
import { DailiesError, formatPlace, type SourcePlace } from '../errors.js';
import { describeMisfit, type Adapter, type ColumnMeta, type CsvValueError } from '../warehouse/adapter.js';
import { BOOKKEEPING_COLUMNS, TEXT_TYPE, checkHeaderMatches } from './raw-table.js';

export interface DeclaredColumnType {
  /** The type as declared, e.g. `decimal(2,1)`. */
  dataType: string;
  /** Where it was declared (e.g. the sources YAML file and line), for error messages. */
  place: SourcePlace;
}

/** RAW table name, lower case → column name, exactly as in the CSV header → its declared type. */
export type RawColumnTypes = ReadonlyMap<string, ReadonlyMap<string, DeclaredColumnType>>;

export interface ResolvedColumnType extends DeclaredColumnType {
  /** The warehouse's own name of the type (`int` → `INTEGER`). */
  warehouseType: string;
}

/** Column → its resolved type, for the declared columns of one table. */
export type TableColumnTypes = ReadonlyMap<string, ResolvedColumnType>;

const NONE: TableColumnTypes = new Map();

/**
 * Resolves the types declared for `tables` through the warehouse, once per distinct type. A type
 * the warehouse cannot create is an error placed at its declaration.
 */
export async function resolveColumnTypes(adapter: Adapter, columnTypes: RawColumnTypes | undefined, tables: readonly string[]): Promise<Map<string, TableColumnTypes>> {
  const resolved = new Map<string, TableColumnTypes>();
  const cache = new Map<string, Promise<string>>();
  for (const table of tables) {
    const declared = columnTypes?.get(table.toLowerCase());
    if (!declared || declared.size === 0) continue;
    const columns = new Map<string, ResolvedColumnType>();
    for (const [column, declaration] of declared) {
      // The loader makes these two itself, with its own types; they are not in the CSV.
      if (BOOKKEEPING_COLUMNS.includes(column)) continue;
      const key = declaration.dataType.trim().toLowerCase();
      if (!cache.has(key)) cache.set(key, adapter.resolveDataType(declaration.dataType));
      const warehouseType = await (cache.get(key) as Promise<string>).catch((error: unknown) => {
        const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
        throw new DailiesError('config', `data_type '${declaration.dataType}' of RAW column ${table}.${column} is not a type the warehouse can load a column as: ${reason}`, {
          place: declaration.place,
          hint: 'write a type the warehouse knows (e.g. integer, bigint, decimal(10,2), date, timestamp, varchar), or remove data_type to load the column as text',
          cause: error,
        });
      });
      columns.set(column, { ...declaration, warehouseType });
    }
    resolved.set(table, columns);
  }
  return resolved;
}

export function typesOf(resolved: Map<string, TableColumnTypes>, table: string): TableColumnTypes {
  return resolved.get(table) ?? NONE;
}

/** Column → warehouse type, as `loadCsvFile` and `createRawTable` take them. */
export function warehouseTypes(types: TableColumnTypes): Record<string, string> {
  return Object.fromEntries([...types].map(([column, type]) => [column, type.warehouseType]));
}

/**
 * Refuses to load into an existing RAW table whose column types differ from the declared ones
 * (VARCHAR for a column without a declaration): nothing is cast silently.
 */
export function checkExistingTypes(adapter: Adapter, existing: readonly ColumnMeta[], types: TableColumnTypes, tableName: string): void {
  for (const column of existing) {
    const declared = types.get(column.name) ?? [...types].find(([name]) => adapter.normalizeIdentifier(name) === column.name)?.[1];
    const expected = declared?.warehouseType ?? TEXT_TYPE;
    if (adapter.normalizeType(column.dataType) === adapter.normalizeType(expected)) continue;
    const declaration = declared
      ? `declared as ${declared.dataType} in ${formatPlace(declared.place)}`
      : `has no declared data_type, so it loads as ${TEXT_TYPE.toUpperCase()}`;
    throw new DailiesError('load', `RAW table ${tableName} exists with column ${column.name} of type ${column.dataType}, but the column ${declaration}; nothing was loaded`, {
      place: declared?.place,
      hint: `drop the RAW table ${tableName} (or its schema) and load the landing zone again, so that the table is created with the declared types`,
    });
  }
}

/** Every declared column must be in the file's header (exact names). */
/**
 * A file's header checked against its declared column types and, when the RAW table exists, its
 * columns (compared as the warehouse stores names: Snowflake upper-cases unquoted ones); returns
 * the header as stored.
 */
export function checkFileHeader(adapter: Adapter, header: readonly string[], types: TableColumnTypes, existing: readonly string[] | null, displayName: string, tableName: string): string[] {
  checkDeclaredInHeader(header, types, displayName, tableName);
  const stored = header.map((name) => adapter.normalizeIdentifier(name));
  if (existing) checkHeaderMatches(stored, existing, displayName, tableName);
  return stored;
}

export function checkDeclaredInHeader(header: readonly string[], types: TableColumnTypes, displayName: string, tableName: string): void {
  const missing = [...types].filter(([column]) => !header.includes(column));
  if (missing.length === 0) return;
  const list = missing.map(([column, type]) => `${column} (data_type ${type.dataType}, ${formatPlace(type.place)})`).join(', ');
  throw new DailiesError('load', `the header of ${displayName} has no column ${list} declared for RAW table ${tableName}; its columns are ${header.join(',')}`, {
    place: { file: displayName, line: 1 },
    hint: `column names must match the CSV header exactly (case too): fix the declaration in ${formatPlace((missing[0] as [string, ResolvedColumnType])[1].place)} or the file's header`,
  });
}

/** A value that did not convert, placed at the landing-zone object's line (the message names neither: the place does), with the declaration to change. */
export function valueError(error: CsvValueError, types: TableColumnTypes, displayName: string, tableName: string): DailiesError {
  const declared = types.get(error.column);
  const type = declared?.dataType ?? error.dataType;
  const where = declared ? ` (declared in ${formatPlace(declared.place)})` : '';
  const problem = describeMisfit(type, error.misfit, where);
  return new DailiesError('load', `value "${error.value}" of column ${error.column} ${problem}; nothing from this file was loaded into ${tableName}`, {
    place: { file: displayName, line: error.line },
    hint: declared
      ? `fix the value in the file, or declare ${error.misfit ? 'a type that holds it (more digits) or the column as varchar' : 'the column as varchar'} in ${formatPlace(declared.place)} (and reload the RAW table)${error.misfit ? '' : ' to keep such values as text'}`
      : 'fix the value in the file',
    cause: error,
  });
}
