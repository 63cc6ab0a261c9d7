/**
 * Opens the adapter for a profile target: DuckDB (embedded) or Snowflake (snowflake-sdk).
 */
import { DailiesError } from '../errors.js';
import type { TargetConfig } from '../project/types.js';
import type { Adapter } from './adapter.js';
import { openDuckDBAdapter } from './duckdb/index.js';

export const SUPPORTED_WAREHOUSES = ['duckdb', 'snowflake'] as const;

export async function openAdapter(target: TargetConfig): Promise<Adapter> {
  switch (target.type) {
    case 'duckdb':
      return openDuckDBAdapter(target);
    case 'snowflake': {
      // loaded on demand: importing snowflake-sdk takes 0.7–1 s, which DuckDB runs must not pay
      const { openSnowflakeAdapter } = await import('./snowflake/index.js');
      return openSnowflakeAdapter(target);
    }
    default:
      throw new DailiesError('config', `target '${target.name}' has unknown type '${target.type}'; supported types: ${SUPPORTED_WAREHOUSES.join(', ')}`, {
        hint: 'set `type: duckdb` or `type: snowflake` on the target in profiles.yml',
      });
  }
}

export type { Adapter } from './adapter.js';
