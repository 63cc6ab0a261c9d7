/**
 * Runs one SQL text on one DuckDB connection and shapes the answer as a `QueryResult`.
 * With params, the text must be a single statement (bound positionally: `?` or `$1`).
 */
import { StatementType, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { QueryResult } from '../adapter.js';
import { warehouseError } from './errors.js';
import { plainValueConverter } from './values.js';

const DML = new Set<number>([StatementType.INSERT, StatementType.UPDATE, StatementType.DELETE, StatementType.MERGE_INTO]);

/** JS values → values DuckDB can bind. Dates as ISO text, objects as JSON text. */
function toBindValue(value: unknown): DuckDBValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value;
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

export async function runSql(connection: DuckDBConnection, sql: string, params?: unknown[]): Promise<QueryResult> {
  try {
    const result = params && params.length > 0 ? await connection.run(sql, params.map(toBindValue)) : await connection.run(sql);
    const names = result.columnNames();
    const types = result.columnTypes();
    const rows = await result.convertRowObjects(plainValueConverter);
    const columns = names.map((name, index) => ({ name, type: String(types[index]) }));
    if (DML.has(result.statementType)) return { columns, rows, rowsAffected: result.rowsChanged };
    return { columns, rows };
  } catch (error) {
    throw warehouseError(error, sql);
  }
}

/** Runs statements one after another (each its own call, so errors name the statement that failed). */
export async function runAll(connection: DuckDBConnection, statements: string[]): Promise<void> {
  for (const sql of statements) await runSql(connection, sql);
}
