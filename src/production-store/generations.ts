/**
 * Fetching and replacing a stored production. A generation is `production-<stamp>.duckdb.gz` +
 * `manifest-<stamp>.json`, the stamp being the upload time in milliseconds (13 digits, so names
 * sort by age) and the commit. The manifest is uploaded first: a generation whose database is
 * present is complete. After a push, generations older than the previous one are deleted.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
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
  mkdirSync(path.dirname(paths.databasePath), { recursive: true });
  mkdirSync(path.dirname(paths.manifestPath), { recursive: true });
  const staging = `${paths.databasePath}.download-${process.pid}`;
  const compressed = `${staging}.gz`;
  try {
    await store.download(newest.database, compressed);
    await pipeline(createReadStream(compressed), createGunzip(), createWriteStream(staging));
    await store.download(newest.manifest, `${paths.manifestPath}.download`);
    const bytes = statSync(compressed).size;
    for (const stale of [paths.databasePath, `${paths.databasePath}.wal`]) rmSync(stale, { force: true });
    renameSync(staging, paths.databasePath);
    renameSync(`${paths.manifestPath}.download`, paths.manifestPath);
    return { stamp: newest.stamp, bytes, location: store.location };
  } finally {
    for (const partial of [staging, compressed, `${paths.manifestPath}.download`]) rmSync(partial, { force: true });
  }
}

/** Uploads the production database (closed, so checkpointed) and its manifest as a new generation. */
export async function pushProduction(
  store: ProductionStore,
  input: { databasePath: string; manifest: string; commit: string; now?: number },
): Promise<PulledProduction> {
  if (existsSync(`${input.databasePath}.wal`)) throw new Error(`${input.databasePath} has a write-ahead log: close the database before storing it`);
  const stamp = `${String(input.now ?? Date.now()).padStart(13, '0')}-${input.commit.replace(/[^\w.-]/g, '').slice(0, 12) || 'unknown'}`;
  const work = mkdtempSync(path.join(tmpdir(), 'dailies-production-'));
  try {
    const compressed = path.join(work, 'production.duckdb.gz');
    await pipeline(createReadStream(input.databasePath), createGzip(), createWriteStream(compressed));
    const manifest = path.join(work, 'manifest.json');
    writeFileSync(manifest, input.manifest);
    const before = completeGenerations(await store.list());
    await store.upload(`manifest-${stamp}.json`, manifest);
    await store.upload(`production-${stamp}.duckdb.gz`, compressed);
    // keep the generation before this one (a reader may be fetching it right now)
    for (const old of before.slice(1)) {
      await store.remove(old.database);
      await store.remove(old.manifest);
    }
    return { stamp, bytes: statSync(compressed).size, location: store.location };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
