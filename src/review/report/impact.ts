/**
 * How much each node of a review matters to a reviewer, and the one set of counts every part of
 * the report (and `dailies ci`'s summary line) uses. Order: failed builds and tests, breaking
 * changes, models whose data changed (most rows changed first), new models, then the rest.
 */
import type { ModelDiff, Review } from '../types.js';
import { isFailure, isTest } from './review-facts.js';

export const RANK = { failed: 0, breaking: 1, dataChanged: 2, new: 3, modified: 4, downstream: 5 } as const;
export type Rank = (typeof RANK)[keyof typeof RANK];

/** Rows added + removed + changed (keyed), or rows only on one side (keyless); 0 when unknown. */
export function rowsChanged(diff: ModelDiff | undefined): number {
  if (!diff || diff.error || !diff.prodExists) return 0;
  if (diff.keyed) return diff.keyed.added + diff.keyed.removed + diff.keyed.changed;
  if (diff.keyless) return diff.keyless.onlyInPr + diff.keyless.onlyInProd;
  return 0;
}

export function schemaChanged(diff: ModelDiff | undefined): boolean {
  return !!diff && diff.prodExists && diff.schema.added.length + diff.schema.removed.length + diff.schema.retyped.length > 0;
}

/** Nodes whose build failed, or one of whose tests failed or errored. */
export function failedIds(review: Review): Set<string> {
  const failed = new Set<string>();
  for (const build of review.builds) {
    if (!isTest(build) && build.status === 'error') failed.add(build.uniqueId);
    if (isTest(build) && isFailure(build) && build.attachedNode) failed.add(build.attachedNode);
  }
  return failed;
}

export interface Ranked {
  uniqueId: string;
  rank: Rank;
  /** Rows changed, for ordering within a rank. */
  rows: number;
}

/** Rank of one node of the review. */
export function rankOf(review: Review, uniqueId: string, facts: { failed: Set<string>; breaking: Set<string>; diffs: Map<string, ModelDiff> }): Ranked {
  const diff = facts.diffs.get(uniqueId);
  const rows = rowsChanged(diff);
  const change = review.changes.find((item) => item.uniqueId === uniqueId);
  let rank: Rank;
  if (facts.failed.has(uniqueId)) rank = RANK.failed;
  else if (facts.breaking.has(uniqueId)) rank = RANK.breaking;
  else if (rows > 0 || schemaChanged(diff)) rank = RANK.dataChanged;
  else if (change?.status === 'new') rank = RANK.new;
  else if (change) rank = RANK.modified;
  else rank = RANK.downstream;
  return { uniqueId, rank, rows };
}

export function reviewFactsFor(review: Review) {
  return {
    failed: failedIds(review),
    breaking: new Set(review.lineage.breaking.map((change) => change.uniqueId)),
    diffs: new Map(review.diffs.map((diff) => [diff.uniqueId, diff])),
  };
}

/** Most important first; ties by name. */
export function byImpact(review: Review, ids: string[]): Ranked[] {
  const facts = reviewFactsFor(review);
  const name = (id: string) => id.split('.').pop() ?? id;
  return ids
    .map((id) => rankOf(review, id, facts))
    .sort((a, b) => a.rank - b.rank || b.rows - a.rows || name(a.uniqueId).localeCompare(name(b.uniqueId)) || a.uniqueId.localeCompare(b.uniqueId));
}

export interface ReviewCounts {
  /** Changed nodes other than tests (models, seeds, snapshots …). */
  changed: number;
  changedModels: number;
  /** Changed nodes by resource type (tests left out). */
  changedByType: Map<string, number>;
  /** Built because they are downstream of a change (not changed themselves). */
  downstream: number;
  /** Exposures (dashboards …) downstream of a change. */
  exposures: number;
  /** Models whose data differs from production (rows or columns). */
  dataChanged: number;
  failed: number;
}

/** The counts the headline, the lineage and `dailies ci` all state. */
export function reviewCounts(review: Review): ReviewCounts {
  const changes = review.changes.filter((change) => change.resourceType !== 'test');
  const changedByType = new Map<string, number>();
  for (const change of changes) changedByType.set(change.resourceType, (changedByType.get(change.resourceType) ?? 0) + 1);
  const changedIds = new Set(changes.map((change) => change.uniqueId));
  const facts = reviewFactsFor(review);
  return {
    changed: changes.length,
    changedModels: changedByType.get('model') ?? 0,
    changedByType,
    downstream: review.impacted.filter((id) => !changedIds.has(id) && !id.startsWith('test.')).length,
    exposures: review.lineage.nodes.filter((node) => node.resourceType === 'exposure' && node.role !== 'upstream').length,
    dataChanged: review.diffs.filter((diff) => rowsChanged(diff) > 0 || schemaChanged(diff)).length,
    failed: facts.failed.size,
  };
}
