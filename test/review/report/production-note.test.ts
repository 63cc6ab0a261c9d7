/** The note a report carries when production is behind the base (a promotion was missed). */
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/review/report/index.js';
import { sampleReview } from './review-fixture.js';

describe('the production note', () => {
  it('names what production lacks and says it was built in the check', () => {
    const review = sampleReview({ production: { commitSha: 'abcdef1234567890', promotedAt: '2026-12-05T10:00:00.000Z', behind: ['model.movie_analytics.fct_ratings', 'model.movie_analytics.dim_movies'] } });
    expect(renderReport(review, { maxChars: 65536 }).markdown).toContain(
      '> **Production is behind**: it holds commit <code>abcdef1</code>; 2 nodes changed since then were built in this check too (not read from production): <code>fct_ratings</code>, <code>dim_movies</code>.',
    );
  });

  it('is absent when production holds the base, or keeps no record', () => {
    for (const production of [undefined, { commitSha: 'abcdef1234567890', promotedAt: '2026-12-05T10:00:00.000Z', behind: [] }]) {
      expect(renderReport(sampleReview({ production }), { maxChars: 65536 }).markdown).not.toContain('Production is behind');
    }
  });
});
