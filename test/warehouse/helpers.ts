import { DailiesError } from '../../src/errors.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Adapter } from '../../src/warehouse/adapter.js';
import { openAdapter } from '../../src/warehouse/index.js';

export interface TempWarehouse {
  dir: string;
  adapter: Adapter;
  cleanup(): Promise<void>;
}

/** A DuckDB file database in a fresh temp folder (file stem `dev`, so the catalog is `dev`). */
export async function openTempWarehouse(threads = 4): Promise<TempWarehouse> {
  const dir = mkdtempSync(join(tmpdir(), 'dailies-warehouse-'));
  const adapter = await openAdapter({ name: 'dev', type: 'duckdb', schema: 'main', threads, path: join(dir, 'dev.duckdb') });
  return {
    dir,
    adapter,
    async cleanup() {
      await adapter.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A promise with its resolver, for making concurrent work meet. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** The DailiesError a promise rejects with (fails the test if it resolves or throws something else). */
export async function failureOf(promise: Promise<unknown>): Promise<DailiesError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DailiesError) return error;
    throw error;
  }
  throw new Error('expected a DailiesError, but the call succeeded');
}
