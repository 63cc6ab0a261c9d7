/** One line for logs: status, counts, tests, breaking changes. No Markdown. */
import type { Review } from '../types.js';
import { count, plural } from './format.js';
import { reviewCounts } from './impact.js';
import { testTotals } from './review-facts.js';

export function renderSummaryLine(review: Review): string {
  const parts = [`dailies ${review.status}`];
  const counts = reviewCounts(review);
  parts.push(`${count(counts.changed)} changed`, `${count(counts.downstream)} downstream`);
  if (counts.exposures > 0) parts.push(plural(counts.exposures, 'exposure'));
  if (review.mode === 'lineage-only') parts.push('lineage only (nothing built)');
  else {
    const tests = testTotals(review.builds);
    parts.push(`tests ${count(tests.passed)} passed / ${count(tests.failed)} failed`);
    const buildErrors = review.builds.filter((build) => build.resourceType !== 'test' && build.status === 'error').length;
    if (buildErrors > 0) parts.push(plural(buildErrors, 'build error'));
  }
  if (review.lineage.breaking.length > 0) parts.push(plural(review.lineage.breaking.length, 'breaking change'));
  if (review.error) parts.push(`error: ${review.error.message.replace(/\s+/g, ' ')}`);
  return parts.join(', ');
}
