/**
 * Opens a DuckDB adapter for a profile target (`type: duckdb`, `path`, `threads`, optional
 * `settings` passed to DuckDB as configuration options).
 */
import { DailiesError } from '../../errors.js';
import type { TargetConfig } from '../../project/types.js';
import { DuckDBAdapter } from './adapter.js';
import { ConnectionPool } from './connection-pool.js';
import { leaseInstance } from './instance-registry.js';
import { settingsOf } from './settings.js';

export { DuckDBAdapter } from './adapter.js';
export { discardReviewDatabase, openDuckDBReviewSession, reviewDatabaseExists, reviewTarget } from './review-session.js';

function configError(message: string, hint: string): DailiesError {
  return new DailiesError('config', message, { hint });
}

export async function openDuckDBAdapter(target: TargetConfig): Promise<DuckDBAdapter> {
  const path = target.path ?? ':memory:';
  if (typeof path !== 'string' || path.trim() === '') {
    throw configError(`target '${target.name}': path must be a file path or :memory:`, 'set `path:` of the duckdb target in profiles.yml, e.g. `path: dev.duckdb`');
  }
  const threads = Number.isFinite(target.threads) && target.threads >= 1 ? Math.floor(target.threads) : 1;
  let lease;
  try {
    lease = await leaseInstance(path, settingsOf(target));
  } catch (error) {
    if (error instanceof DailiesError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new DailiesError('warehouse', `cannot open DuckDB database ${path}: ${message}`, {
      hint: 'check the path of the duckdb target in profiles.yml, and that no other process holds the file open',
      cause: error,
    });
  }
  const pool = new ConnectionPool(lease.instance, threads);
  try {
    const connection = await pool.acquire();
    try {
      const result = await connection.connection.runAndReadAll('select current_database() as db');
      const database = String(result.getRowObjects()[0].db);
      return new DuckDBAdapter(lease, pool, database);
    } finally {
      pool.release(connection);
    }
  } catch (error) {
    await pool.close();
    lease.release();
    throw error;
  }
}
export { parseSelectStatements, type SyntaxTree } from './sql-syntax-tree.js';
