/**
 * Opens the adapter for a profile target. Only DuckDB is available so far.
 */
import { DailiesError } from '../errors.js';
import type { TargetConfig } from '../project/types.js';
import type { Adapter } from './adapter.js';
import { openDuckDBAdapter } from './duckdb/index.js';

export const SUPPORTED_WAREHOUSES = ['duckdb'] as const;

export async function openAdapter(target: TargetConfig): Promise<Adapter> {
  switch (target.type) {
    case 'duckdb':
      return openDuckDBAdapter(target);
    case 'snowflake':
      throw new DailiesError('config', `target '${target.name}' is a snowflake target: the Snowflake adapter is not yet supported`, {
        hint: 'use a duckdb target for now (type: duckdb, path: dev.duckdb) in profiles.yml',
      });
    default:
      throw new DailiesError('config', `target '${target.name}' has unknown type '${target.type}'; supported types: ${SUPPORTED_WAREHOUSES.join(', ')}`, {
        hint: 'set `type: duckdb` on the target in profiles.yml',
      });
  }
}

export type { Adapter } from './adapter.js';
