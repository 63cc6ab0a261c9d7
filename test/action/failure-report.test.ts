import { describe, expect, it } from 'vitest';
import { failureDetails, failureMarkdown, inertMarkdown } from '../../src/action/failure-report.js';
import { REVIEW_MARKER } from '../../src/action/sticky-comment.js';
import { DailiesError } from '../../src/errors.js';

describe('failure reports', () => {
  it('say what failed, where, the hint and how to retry', () => {
    const details = failureDetails(new DailiesError('compile', "unknown ref 'stg_movie'", { place: { file: 'models/marts/dim_movies.sql', line: 8 }, hint: 'did you mean stg_movies?' }));
    expect(details).toEqual({ message: "unknown ref 'stg_movie'", file: 'models/marts/dim_movies.sql', line: 8, hint: 'did you mean stg_movies?' });
    const markdown = failureMarkdown('review', details, REVIEW_MARKER);
    expect(markdown.split('\n').slice(0, 7)).toEqual([
      REVIEW_MARKER,
      '## dailies: the review did not finish',
      '',
      '**What failed** in `models/marts/dim_movies.sql:8`:',
      '',
      '```text',
      "unknown ref 'stg_movie'",
    ]);
    expect(markdown).toContain('**Hint:** did you mean stg_movies?');
    expect(markdown).toContain('**How to retry:** Fix the cause, then push a commit or re-run this job');
  });

  it('keep text from the pull request inert: no HTML, no mentions, no fence breaks', () => {
    expect(inertMarkdown('<img src=x onerror=alert(1)> @org/team `x`')).toBe("&lt;img src=x onerror=alert(1)&gt; @\u200borg/team 'x'");
    expect(failureMarkdown('promote', { message: 'a ``` b' })).toContain("a ''' b");
  });
});
