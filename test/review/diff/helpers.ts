import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Adapter, Relation } from '../../../src/warehouse/adapter.js';
import { openAdapter } from '../../../src/warehouse/index.js';

export interface DiffWarehouse {
  adapter: Adapter;
  cleanup(): Promise<void>;
}

/** A DuckDB file database in a fresh temp folder with `prod` and `pr` schemas. */
export async function openDiffWarehouse(): Promise<DiffWarehouse> {
  const dir = mkdtempSync(join(tmpdir(), 'dailies-diff-'));
  const adapter = await openAdapter({ name: 'dev', type: 'duckdb', schema: 'main', threads: 2, path: join(dir, 'dev.duckdb') });
  await adapter.createSchema(null, 'prod');
  await adapter.createSchema(null, 'pr');
  return {
    adapter,
    async cleanup() {
      await adapter.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const prod = (identifier: string): Relation => ({ database: null, schema: 'prod', identifier });
export const pr = (identifier: string): Relation => ({ database: null, schema: 'pr', identifier });
