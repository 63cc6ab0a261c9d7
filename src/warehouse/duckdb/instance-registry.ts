/**
 * One DuckDB instance per database file per process. Two instances on the same file would each
 * keep their own cache and WAL and corrupt each other, so adapters opened on one file share an
 * instance, closed when the last adapter on it closes. In-memory databases are never shared.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export interface InstanceLease {
  instance: DuckDBInstance;
  /** Gives the instance back; the last lease on a file closes it. Safe to call twice. */
  release(): void;
}

interface Shared {
  instance: Promise<DuckDBInstance>;
  leases: number;
}

const sharedByPath = new Map<string, Shared>();

export function isInMemory(path: string): boolean {
  return path === ':memory:' || path.startsWith(':memory:');
}

function once(action: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    action();
  };
}

export async function leaseInstance(path: string, options: Record<string, string> = {}): Promise<InstanceLease> {
  if (isInMemory(path)) {
    const instance = await DuckDBInstance.create(path, options);
    return { instance, release: once(() => instance.closeSync()) };
  }
  const file = resolve(path);
  let shared = sharedByPath.get(file);
  if (!shared) {
    const created: Shared = {
      instance: mkdir(dirname(file), { recursive: true }).then(() => DuckDBInstance.create(file, options)),
      leases: 0,
    };
    sharedByPath.set(file, created);
    created.instance.catch(() => sharedByPath.delete(file));
    shared = created;
  }
  shared.leases += 1;
  const entry = shared;
  let instance: DuckDBInstance;
  try {
    instance = await entry.instance;
  } catch (error) {
    entry.leases -= 1;
    throw error;
  }
  return {
    instance,
    release: once(() => {
      entry.leases -= 1;
      if (entry.leases > 0) return;
      if (sharedByPath.get(file) === entry) sharedByPath.delete(file);
      instance.closeSync();
    }),
  };
}
