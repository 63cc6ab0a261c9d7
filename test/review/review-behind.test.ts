/**
 * A pull request reviewed while production is behind main (a promotion was missed): what
 * production lacks is built in the check too, instead of read from production's stale tables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTinyRepo, databaseChecksums, DIM_USERS, type TinyRepo } from '../../bench/reliability/tiny-project.js';
import { promote } from '../../src/review/promote.js';
import { runReview } from '../../src/review/run-review.js';

let repo: TinyRepo;

beforeAll(async () => {
  repo = createTinyRepo();
  expect((await promote({ projectDir: repo.dir, env: {} })).status).toBe('published');
}, 60_000);
afterAll(() => repo?.dispose());

describe('a review while production is behind main', () => {
  it('builds the nodes changed on main since the last promotion, and says so', async () => {
    const promoted = repo.head();
    repo.write('models/dim_users.sql', DIM_USERS.replace('users.country,', 'lower(users.country) as country,'));
    repo.commit('merged, never promoted');
    repo.git('checkout', '--quiet', '-b', 'feature');
    repo.write('models/marts/rpt_countries.sql', repo.read('models/marts/rpt_countries.sql').replace('count(*) as users', 'count(*) as user_count'));
    repo.commit('rename a column');
    const before = await databaseChecksums(repo.prodPath);
    const review = await runReview({ projectDir: repo.dir, env: {}, baseRef: 'main', pr: { number: 3 } });
    expect(review.error).toBeUndefined();
    expect(review.changes.map((change) => change.uniqueId)).toEqual(['model.tiny.rpt_countries']);
    expect(review.production).toMatchObject({ commitSha: promoted, behind: expect.arrayContaining(['model.tiny.dim_users']) });
    expect(review.builds.filter((build) => build.resourceType === 'model').map((build) => build.name).sort()).toEqual(['dim_users', 'rpt_countries']);
    // the PR's dim_users carries main's change: the check saw what production will hold
    expect(review.diffs.find((diff) => diff.name === 'dim_users')?.keyed?.columnChanges.country).toBeGreaterThan(0);
    expect(await databaseChecksums(repo.prodPath)).toEqual(before);
  }, 60_000);
});
