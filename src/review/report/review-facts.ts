/** Lookups over a Review that several report sections share. */
import type { BuildOutcome, Review } from '../types.js';

/** A node's display name: from the changes, builds, diffs or lineage, else the last part of its id. */
export function nameOf(review: Review, uniqueId: string): string {
  return (
    review.changes.find((change) => change.uniqueId === uniqueId)?.name ??
    review.builds.find((build) => build.uniqueId === uniqueId)?.name ??
    review.diffs.find((diff) => diff.uniqueId === uniqueId)?.name ??
    review.lineage.nodes.find((node) => node.uniqueId === uniqueId)?.name ??
    uniqueId.split('.').pop() ??
    uniqueId
  );
}

export function isTest(build: BuildOutcome): boolean {
  return build.resourceType === 'test';
}

export function isFailure(build: BuildOutcome): boolean {
  return build.status === 'fail' || build.status === 'error';
}

export function testTotals(builds: BuildOutcome[]): { passed: number; failed: number; warned: number } {
  const tests = builds.filter(isTest);
  return {
    passed: tests.filter((test) => test.status === 'pass' || test.status === 'success').length,
    failed: tests.filter(isFailure).length,
    warned: tests.filter((test) => test.status === 'warn').length,
  };
}
