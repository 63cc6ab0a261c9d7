/**
 * Opens the adapter for a profile target — DuckDB (embedded) or Snowflake (snowflake-sdk, loaded
 * on demand) — and a pull request's review session (see `ReviewSession` in adapter.ts).
 */
import { DailiesError } from '../errors.js';
import type { TargetConfig } from '../project/types.js';
import type { Adapter, ReviewSession, ReviewSessionRequest } from './adapter.js';
import { discardReviewDatabase, openDuckDBAdapter, openDuckDBReviewSession, reviewDatabaseExists, reviewTarget } from './duckdb/index.js';

export const SUPPORTED_WAREHOUSES = ['duckdb', 'snowflake'] as const;

function unknownType(target: TargetConfig): DailiesError {
  return new DailiesError('config', `target '${target.name}' has unknown type '${target.type}'; supported types: ${SUPPORTED_WAREHOUSES.join(', ')}`, {
    hint: 'set `type: duckdb` or `type: snowflake` on the target in profiles.yml',
  });
}

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
      throw unknownType(target);
  }
}

/** Opens the connection a pull request's build runs on: reads production, cannot write it. */
export async function openReviewSession(request: ReviewSessionRequest): Promise<ReviewSession> {
  if (request.production.type === 'duckdb') return openDuckDBReviewSession(request);
  if (request.production.type === 'snowflake') {
    const { openSnowflakeAdapter, openSnowflakeReviewSession } = await import('./snowflake/index.js');
    return openSnowflakeReviewSession(request, openSnowflakeAdapter);
  }
  throw unknownType(request.production);
}

/** The target a review session builds in, without opening it (cleanup drops the PR's schemas there). */
export function reviewSessionTarget(request: Pick<ReviewSessionRequest, 'production' | 'reviewer' | 'name'>): TargetConfig {
  if (request.production.type === 'duckdb') return reviewTarget(request);
  if (request.production.type === 'snowflake') return request.reviewer;
  throw unknownType(request.production);
}

/** True when the review session's own storage exists (DuckDB: the PR's database file; Snowflake keeps none outside schemas). */
export function reviewSessionExists(request: Pick<ReviewSessionRequest, 'production' | 'reviewer' | 'name'>): boolean {
  if (request.production.type === 'duckdb') return reviewDatabaseExists(request);
  if (request.production.type === 'snowflake') return true;
  throw unknownType(request.production);
}

/** Removes what a review session keeps outside schemas (DuckDB: the PR's database file); true when something was there. */
export function discardReviewSession(request: Pick<ReviewSessionRequest, 'production' | 'reviewer' | 'name'>): boolean {
  if (request.production.type === 'duckdb') return discardReviewDatabase(request);
  if (request.production.type === 'snowflake') return false;
  throw unknownType(request.production);
}

export type { Adapter, ReviewSession, ReviewSessionRequest } from './adapter.js';
