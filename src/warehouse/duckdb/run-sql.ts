/**
 * Runs one SQL text on one DuckDB connection and shapes the answer as a `QueryResult`.
 * With params, the text must be a single statement (bound positionally: `?` or `$1`).
 */
import { StatementType, type DuckDBConnection, type DuckDBMaterializedResult, type DuckDBValue, type DuckDBValueConverter } from '@duckdb/node-api';
import type { QueryResult } from '../adapter.js';
import { DailiesError } from '../../errors.js';
import { firstLineOf, warehouseError } from './errors.js';
import { plainValueConverter } from './values.js';

const DML = new Set<number>([StatementType.INSERT, StatementType.UPDATE, StatementType.DELETE, StatementType.MERGE_INTO]);

/** JS values → values DuckDB can bind. Dates as ISO text, objects as JSON text. */
function toBindValue(value: unknown): DuckDBValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value;
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

/**
 * The rows of a materialized result, read synchronously: its chunks are already in memory, and
 * `convertRowObjects` would fetch each one through the native thread pool (about a millisecond
 * per statement on a busy machine).
 */
function readRowObjects<T>(result: DuckDBMaterializedResult, converter: DuckDBValueConverter<T>): Record<string, T | null>[] {
  const names = result.deduplicatedColumnNames();
  const rows: Record<string, T | null>[] = [];
  const chunkCount = result.chunkCount;
  for (let chunkIndex = 0; chunkIndex < chunkCount; chunkIndex++) {
    const chunk = result.getChunk(chunkIndex);
    const rowCount = chunk.rowCount;
    for (let rowIndex = 0; rowIndex < rowCount; rowIndex++) {
      const row: Record<string, T | null> = {};
      chunk.visitRowValues(rowIndex, (value, _row, columnIndex, type) => {
        row[names[columnIndex]!] = converter(value, type, converter);
      });
      rows.push(row);
    }
  }
  return rows;
}

function shapeResult(result: DuckDBMaterializedResult): QueryResult {
  const names = result.columnNames();
  const types = result.columnTypes();
  const rows = readRowObjects(result, plainValueConverter);
  const columns = names.map((name, index) => ({ name, type: String(types[index]) }));
  if (DML.has(result.statementType)) return { columns, rows, rowsAffected: result.rowsChanged };
  return { columns, rows };
}

export async function runSql(connection: DuckDBConnection, sql: string, params?: unknown[]): Promise<QueryResult> {
  try {
    const result = params && params.length > 0 ? await connection.run(sql, params.map(toBindValue)) : await connection.run(sql);
    return shapeResult(result);
  } catch (error) {
    throw warehouseError(error, sql);
  }
}

/**
 * Statements a review session refuses: they could reopen production read-write (ATTACH after a
 * DETACH), load code, or run a statement the guard has not seen (PREPARE/EXECUTE).
 */
const REFUSED = new Map<number, string>([
  [StatementType.ATTACH, 'ATTACH'],
  [StatementType.DETACH, 'DETACH'],
  [StatementType.LOAD, 'LOAD'],
  [StatementType.EXTENSION, 'INSTALL'],
  [StatementType.UPDATE_EXTENSIONS, 'UPDATE EXTENSIONS'],
  [StatementType.PREPARE, 'PREPARE'],
  [StatementType.EXECUTE, 'EXECUTE'],
  [StatementType.EXPORT, 'EXPORT DATABASE'],
]);

/**
 * `runSql` for a review session: each statement of `sql` is prepared and its type checked before it
 * runs, one after another (so a later statement may use what an earlier one created).
 */
export async function runGuardedSql(connection: DuckDBConnection, sql: string, params?: unknown[]): Promise<QueryResult> {
  try {
    const extracted = await connection.extractStatements(sql);
    let last: DuckDBMaterializedResult | undefined;
    for (let index = 0; index < extracted.count; index++) {
      const prepared = await extracted.prepare(index);
      try {
        const refused = REFUSED.get(prepared.statementType);
        if (refused !== undefined) {
          throw new DailiesError('warehouse', `${refused} is not allowed in a pull request's build: it could reopen production with write access\n  while running: ${firstLineOf(sql)}`, {
            hint: 'a pull request reads production through a read-only connection; remove the statement from the hook, macro or model',
          });
        }
        if (params && params.length > 0 && index === extracted.count - 1) prepared.bind(params.map(toBindValue));
        last = await prepared.run();
      } finally {
        prepared.destroySync();
      }
    }
    return last ? shapeResult(last) : { columns: [], rows: [] };
  } catch (error) {
    throw warehouseError(error, sql);
  }
}

/** Runs statements one after another (each its own call, so errors name the statement that failed). */
export async function runAll(connection: DuckDBConnection, statements: string[]): Promise<void> {
  for (const sql of statements) await runSql(connection, sql);
}
