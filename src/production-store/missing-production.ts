/**
 * A review against a production that was never built fails in every deferred ref with the
 * warehouse's "table does not exist". When that happens and production is indeed empty, the
 * review says so and how to get one, instead of leaving the catalog error to be decoded.
 */
import { existsSync } from 'node:fs';
import type { Review } from '../review/types.js';
import { openAdapter } from '../warehouse/index.js';
import { loadReviewProject, productionTarget, type ProjectLocation } from '../review/targets.js';

/** True when the production target holds no relation in its schema (a DuckDB file that does not exist holds none). */
export async function productionIsEmpty(location: ProjectLocation, prodTarget?: string): Promise<{ empty: boolean; missingFile: boolean; where: string; targetName: string }> {
  const project = await loadReviewProject(location);
  const target = productionTarget(project, location, prodTarget);
  const path = typeof target.path === 'string' ? target.path : null;
  const where = path ? `${path} (schema ${target.schema})` : `schema ${target.schema} of target ${target.name}`;
  if (target.type === 'duckdb' && path && path !== ':memory:' && !existsSync(path)) return { empty: true, missingFile: true, where, targetName: target.name };
  const adapter = await openAdapter(target);
  try {
    return { empty: (await adapter.listRelations(null, target.schema)).length === 0, missingFile: false, where, targetName: target.name };
  } finally {
    await adapter.close();
  }
}

/**
 * A review whose builds failed because there is no production at all: the explanation replaces
 * the builds' warehouse errors (the changes, lineage and SQL diffs stay).
 */
export async function explainMissingProduction(review: Review, location: ProjectLocation, prodTarget?: string): Promise<Review> {
  if (review.mode !== 'full') return review;
  const buildsFailed = !review.error && review.builds.some((build) => build.status === 'error');
  // a review that failed before building anything: on DuckDB, opening the build needs production's file
  const stoppedBeforeBuilding = review.error !== undefined && review.builds.length === 0;
  if (!buildsFailed && !stoppedBeforeBuilding) return review;
  let check;
  try {
    check = await productionIsEmpty(location, prodTarget);
  } catch {
    return review;
  }
  // an empty production explains failed builds; only a missing file explains a review that could not start
  if (!check.empty || (stoppedBeforeBuilding && !check.missingFile)) return review;
  // what was built read relations that do not exist: its errors say nothing about the change
  return {
    ...review,
    builds: [],
    diffs: [],
    status: 'error',
    error: {
      message: `there is no production to review against: ${check.where} holds nothing, so every model the change reads from production is missing`,
      hint:
        `build production first — on the base branch: \`dailies build --target ${check.targetName}\` (load its sources first, e.g. \`dailies load\`) — ` +
        'or fetch the stored one: `dailies production pull --store <github-release|s3://bucket/prefix|file:folder>`; in GitHub, the deploy workflow builds and stores it on the first push to the default branch',
    },
  };
}
