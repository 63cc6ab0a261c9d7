/**
 * Fetching and replacing a stored production. A generation is `production-<stamp>.duckdb.gz` +
 * `manifest-<stamp>.json`, the stamp being the upload time in milliseconds (13 digits, so names
 * sort by age) and the commit. The manifest is uploaded first: a generation whose database is
 * present is complete. After a push, generations older than the previous one are deleted.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ProductionStore, StoredObject } from './store.js';

const DB = /^production-(\d{13}-[\w.-]+)\.duckdb\.gz$/;

export interface Generation {
  stamp: string;
  database: string;
  manifest: string;
}

/** Complete generations, newest first. */
export function completeGenerations(objects: StoredObject[]): Generation[] {
  const names = new Set(objects.map((object) => object.name));
  const found: Generation[] = [];
  for (const { name } of objects) {
    const stamp = DB.exec(name)?.[1];
    if (stamp && names.has(`manifest-${stamp}.json`)) found.push({ stamp, database: name, manifest: `manifest-${stamp}.json` });
  }
  return found.sort((a, b) => (a.stamp < b.stamp ? 1 : a.stamp > b.stamp ? -1 : 0));
}

export interface PulledProduction {
  stamp: string;
  /** Compressed size, bytes. */
  bytes: number;
  location: string;
}

/**
 * Writes the newest stored production to `databasePath` (replacing what is there) and its manifest
 * to `manifestPath`. Returns null, touching nothing, when the store holds no production yet.
 */
export async function pullProduction(store: ProductionStore, paths: { databasePath: string; manifestPath: string }): Promise<PulledProduction | null> {
  const newest = completeGenerations(await store.list())[0];
  if (!newest) return null;
  const compressed = await store.get(newest.database);
  const manifest = await store.get(newest.manifest);
  mkdirSync(path.dirname(paths.databasePath), { recursive: true });
  for (const stale of [paths.databasePath, `${paths.databasePath}.wal`]) rmSync(stale, { force: true });
  writeFileSync(paths.databasePath, gunzipSync(compressed));
  mkdirSync(path.dirname(paths.manifestPath), { recursive: true });
  writeFileSync(paths.manifestPath, manifest);
  return { stamp: newest.stamp, bytes: compressed.length, location: store.location };
}

/** Uploads the production database (closed, so checkpointed) and its manifest as a new generation. */
export async function pushProduction(
  store: ProductionStore,
  input: { databasePath: string; manifest: string; commit: string; now?: number },
): Promise<PulledProduction> {
  if (existsSync(`${input.databasePath}.wal`)) throw new Error(`${input.databasePath} has a write-ahead log: close the database before storing it`);
  const stamp = `${String(input.now ?? Date.now()).padStart(13, '0')}-${input.commit.replace(/[^\w.-]/g, '').slice(0, 12) || 'unknown'}`;
  const compressed = gzipSync(readFileSync(input.databasePath));
  const before = completeGenerations(await store.list());
  await store.put(`manifest-${stamp}.json`, Buffer.from(input.manifest));
  await store.put(`production-${stamp}.duckdb.gz`, compressed);
  // keep the generation before this one (a reader may be fetching it right now)
  for (const old of before.slice(1)) {
    await store.remove(old.database);
    await store.remove(old.manifest);
  }
  return { stamp, bytes: compressed.length, location: store.location };
}
