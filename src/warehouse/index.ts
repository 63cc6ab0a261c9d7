/**
 * Opens the adapter for a profile target, and a pull request's review session (see
 * `ReviewSession` in adapter.ts). Only DuckDB is available so far.
 */
import { DailiesError } from '../errors.js';
import type { TargetConfig } from '../project/types.js';
import type { Adapter, ReviewSession, ReviewSessionRequest } from './adapter.js';
import { discardReviewDatabase, openDuckDBAdapter, openDuckDBReviewSession, reviewDatabaseExists, reviewTarget } from './duckdb/index.js';

export const SUPPORTED_WAREHOUSES = ['duckdb'] as const;

function unsupported(target: TargetConfig): DailiesError {
  if (target.type === 'snowflake') {
    return new DailiesError('config', `target '${target.name}' is a snowflake target: the Snowflake adapter is not yet supported`, {
      hint: 'use a duckdb target for now (type: duckdb, path: dev.duckdb) in profiles.yml',
    });
  }
  return new DailiesError('config', `target '${target.name}' has unknown type '${target.type}'; supported types: ${SUPPORTED_WAREHOUSES.join(', ')}`, {
    hint: 'set `type: duckdb` on the target in profiles.yml',
  });
}

export async function openAdapter(target: TargetConfig): Promise<Adapter> {
  if (target.type === 'duckdb') return openDuckDBAdapter(target);
  throw unsupported(target);
}

/** Opens the connection a pull request's build runs on: reads production, cannot write it. */
export async function openReviewSession(request: ReviewSessionRequest): Promise<ReviewSession> {
  if (request.production.type === 'duckdb') return openDuckDBReviewSession(request);
  throw unsupported(request.production);
}

/** The target a review session builds in, without opening it (cleanup drops the PR's schemas there). */
export function reviewSessionTarget(request: Pick<ReviewSessionRequest, 'production' | 'reviewer' | 'name'>): TargetConfig {
  if (request.production.type === 'duckdb') return reviewTarget(request);
  throw unsupported(request.production);
}

/** True when the review session's own storage exists (DuckDB: the PR's database file). */
export function reviewSessionExists(request: Pick<ReviewSessionRequest, 'production' | 'reviewer' | 'name'>): boolean {
  if (request.production.type === 'duckdb') return reviewDatabaseExists(request);
  throw unsupported(request.production);
}

/** Removes what a review session keeps outside schemas (DuckDB: the PR's database file); true when something was there. */
export function discardReviewSession(request: Pick<ReviewSessionRequest, 'production' | 'reviewer' | 'name'>): boolean {
  if (request.production.type === 'duckdb') return discardReviewDatabase(request);
  throw unsupported(request.production);
}

export type { Adapter, ReviewSession, ReviewSessionRequest } from './adapter.js';
