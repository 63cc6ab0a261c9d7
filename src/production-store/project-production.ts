/**
 * A project's production on DuckDB, and moving it to and from a store: fetched before a review or
 * a promotion, stored after a promotion that published. Snowflake keeps production itself, so
 * there is nothing to move for it.
 */
import path from 'node:path';
import { compileProject } from '../compiler/index.js';
import { serializeManifest } from '../graph/index.js';
import { loadReviewProject, productionTarget, withTarget, type ProjectLocation } from '../review/targets.js';
import { pullProduction, pushProduction, type PulledProduction } from './generations.js';
import { openStore, type StoreContext } from './store.js';

/** Where `dailies production pull` writes production's manifest (for `--state`), under the target path. */
export const PRODUCTION_MANIFEST_DIR = 'prod-artifacts';

export interface ProductionPlace {
  /** Null when production is not a DuckDB file (Snowflake, or DuckDB in memory). */
  databasePath: string | null;
  manifestPath: string;
  targetType: string;
}

export async function productionPlace(location: ProjectLocation, prodTarget?: string): Promise<ProductionPlace> {
  const project = await loadReviewProject(location);
  const target = productionTarget(project, location, prodTarget);
  const file = typeof target.path === 'string' && target.path !== ':memory:' ? target.path : null;
  const targetDir = path.resolve(project.root, project.rootPackage.config.targetPath ?? 'target');
  return { databasePath: target.type === 'duckdb' ? file : null, manifestPath: path.join(targetDir, PRODUCTION_MANIFEST_DIR, 'manifest.json'), targetType: target.type };
}

export type StoreOutcome = { kind: 'skipped'; reason: string } | { kind: 'empty'; location: string } | ({ kind: 'done' } & PulledProduction);

/** Fetches the stored production into the production target's file. */
export async function fetchProduction(spec: string, location: ProjectLocation, context: StoreContext, prodTarget?: string): Promise<StoreOutcome> {
  const place = await productionPlace(location, prodTarget);
  if (!place.databasePath) return { kind: 'skipped', reason: `production is on ${place.targetType}, which keeps it itself` };
  const store = await openStore(spec, context);
  const pulled = await pullProduction(store, { databasePath: place.databasePath, manifestPath: place.manifestPath });
  return pulled ? { kind: 'done', ...pulled } : { kind: 'empty', location: store.location };
}

/** Stores the production target's file (closed) and the project's manifest as the newest production. */
export async function storeProduction(spec: string, location: ProjectLocation, context: StoreContext, commit: string, prodTarget?: string): Promise<StoreOutcome> {
  const place = await productionPlace(location, prodTarget);
  if (!place.databasePath) return { kind: 'skipped', reason: `production is on ${place.targetType}, which keeps it itself` };
  const project = await loadReviewProject(location);
  const compiler = await compileProject(withTarget(project, productionTarget(project, location, prodTarget)));
  const store = await openStore(spec, context);
  const pushed = await pushProduction(store, { databasePath: place.databasePath, manifest: serializeManifest(compiler.manifest), commit });
  return { kind: 'done', ...pushed };
}

export function describeOutcome(verb: 'fetched' | 'stored', outcome: StoreOutcome): string {
  if (outcome.kind === 'skipped') return `production not ${verb}: ${outcome.reason}`;
  if (outcome.kind === 'empty') return `no production stored yet in ${outcome.location}: the first promotion builds it`;
  return `production ${verb} (${outcome.stamp}, ${(outcome.bytes / 1024 / 1024).toFixed(1)} MiB compressed) ${verb === 'fetched' ? 'from' : 'in'} ${outcome.location}`;
}
