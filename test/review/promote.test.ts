/**
 * Write-audit-publish end to end: a temporary git repository of the movie project with production
 * built on DuckDB; changes committed to main are promoted (or refused) as a whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { compileProject } from '../../src/compiler/index.js';
import { loadProject } from '../../src/project/index.js';
import { promote, type PromoteResult } from '../../src/review/promote.js';
import { runReview } from '../../src/review/run-review.js';
import type { Adapter } from '../../src/warehouse/adapter.js';
import { createMovieRepo, loadRaw, relationsIn, tableChecksum, withPrWarehouse, withWarehouse, type MovieRepo } from '../fixtures/movie-repo.js';

let repo: MovieRepo;
/** The first promote: into an empty production. */
let initial: PromoteResult;

beforeAll(async () => {
  repo = createMovieRepo();
  await loadRaw(repo);
  initial = await promote({ projectDir: repo.dir, env: {} });
}, 60_000);
afterAll(() => repo?.dispose());

/** name → checksum of every table and view in production's `main` schema. */
async function productionChecksums(adapter: Adapter): Promise<Record<string, string>> {
  const sums: Record<string, string> = {};
  for (const name of await relationsIn(adapter, 'main')) sums[name] = await tableChecksum(adapter, 'main', name);
  return sums;
}

async function schemasNamed(adapter: Adapter, prefix: string): Promise<string[]> {
  const rows = (await adapter.execute('select schema_name from information_schema.schemata where schema_name like ? order by 1', [`${prefix}%`])).rows;
  return rows.map((row) => String(row.schema_name));
}

const location = () => ({ projectDir: repo.dir, env: {} });

describe('promote', () => {
  it('into an empty production builds, audits and publishes everything', async () => {
    expect(initial.builds.filter((build) => build.status === 'error' || build.status === 'fail')).toEqual([]);
    expect(initial).toMatchObject({ status: 'published', fullBuildReason: 'production is empty', base: { ref: null } });
    await withWarehouse(repo, async (adapter) => {
      const manifest = (await compileProject(await loadProject({ projectDir: repo.dir, env: {} }))).manifest;
      const expected = Object.values(manifest.nodes).filter((node) => node.relation_name !== null && node.resource_type !== 'test').map((node) => node.alias);
      expect(expected.length).toBeGreaterThan(20);
      expect(await relationsIn(adapter, 'main')).toEqual(expected.sort());
      // and the data is there, tested
      expect(Number((await adapter.execute('select count(*) as n from main.dim_users')).rows[0]?.n)).toBeGreaterThan(0);
      expect(await schemasNamed(adapter, 'main_wap_')).toEqual([]);
      // production records what it now holds
      const state = await adapter.readProductionState();
      expect(state).toMatchObject({ commitSha: initial.headSha, nodeCount: expected.length });
      expect(JSON.parse(state!.manifestJson).nodes).toHaveProperty(['model.movie_analytics.dim_users']);
    });
  }, 30_000);

  it('a failing test leaves production byte-for-byte unchanged and drops the staging schema', async () => {
    const before = await withWarehouse(repo, productionChecksums);
    repo.write('models/marts/dim_users.sql', repo.read('models/marts/dim_users.sql').replace('round(rating_totals.avg_rating, 3)', 'round(rating_totals.avg_rating, 1)'));
    repo.write('data-tests/assert_no_users_at_all.sql', "select user_id from {{ ref('dim_users') }}\n");
    repo.commit('a change whose audit fails');
    try {
      const result = await promote(location());
      expect(result.status).toBe('failed');
      // compared with what production records it holds (the first promotion), not with HEAD^
      expect(result.base).toEqual({ ref: 'production', sha: initial.headSha });
      expect(result.builds.find((build) => build.name === 'assert_no_users_at_all')?.status).toBe('fail');
      expect(result.builds.find((build) => build.name === 'dim_users')?.status).toBe('success');
      expect(result.published).toEqual([]);
      expect(result.error?.message).toMatch(/production was left as it was/);
      await withWarehouse(repo, async (adapter) => {
        expect(await productionChecksums(adapter)).toEqual(before);
        expect(await schemasNamed(adapter, 'main_wap_')).toEqual([]);
      });
    } finally {
      repo.git('reset', '--quiet', '--hard', 'HEAD^');
    }
  }, 60_000);

  it('publishes what the pull request built: production then equals the PR schema', async () => {
    repo.git('checkout', '--quiet', '-b', 'rounding');
    repo.write('models/marts/dim_users.sql', repo.read('models/marts/dim_users.sql').replace('round(rating_totals.avg_rating, 3)', 'round(rating_totals.avg_rating, 1)'));
    repo.commit('round ratings to one decimal');
    const review = await runReview({ ...location(), baseRef: 'main', pr: { number: 7 } });
    expect(review.status).toBe('success');
    repo.git('checkout', '--quiet', 'main');
    repo.git('merge', '--quiet', '--ff-only', 'rounding');
    const before = await withWarehouse(repo, productionChecksums);
    const reviewed = await withPrWarehouse(repo, 'pr_7', async (adapter) => ({
      dim_users: await tableChecksum(adapter, 'pr_7', 'dim_users'),
      rpt_user_cohorts: await tableChecksum(adapter, 'pr_7', 'rpt_user_cohorts'),
    }));

    const result = await promote(location());
    expect(result.status).toBe('published');
    expect(result.published.map((item) => item.relation).sort()).toEqual(['"dev"."main"."dim_users"', '"dev"."main"."rpt_user_cohorts"']);
    await withWarehouse(repo, async (adapter) => {
      const after = await productionChecksums(adapter);
      expect(after.dim_users).not.toBe(before.dim_users);
      expect(after.dim_users).toBe(reviewed.dim_users);
      expect(after.rpt_user_cohorts).toBe(reviewed.rpt_user_cohorts);
      // nothing else moved
      for (const name of Object.keys(before).filter((name) => !['dim_users', 'rpt_user_cohorts'].includes(name))) expect(after[name], name).toBe(before[name]);
      expect(await schemasNamed(adapter, 'main_wap_')).toEqual([]);
    });

    // promoting the same commit again finds production holding it already: nothing moves
    const published = await withWarehouse(repo, productionChecksums);
    const again = await promote(location());
    expect(again).toMatchObject({ status: 'nothing-to-publish', base: { ref: 'production', sha: repo.head() } });
    expect(await withWarehouse(repo, productionChecksums)).toEqual(published);
  }, 90_000);

  it('an incremental model is published as production plus the increment, not rebuilt from scratch', async () => {
    const count = async (adapter: Adapter, where = 'true') => Number((await adapter.execute(`select count(*) as n from main.fct_ratings where ${where}`)).rows[0]?.n);
    const total = await withWarehouse(repo, (adapter) => count(adapter));
    await withWarehouse(repo, async (adapter) => {
      // a row only production has (a full rebuild would lose it), then production falls behind RAW
      await adapter.execute("insert into main.fct_ratings select 'only-in-production', user_id, movie_id, rating, rated_at, rated_date, rated_month, loaded_at from main.fct_ratings limit 1");
      await adapter.execute("update main.fct_ratings set loaded_at = loaded_at - interval 2 day");
      await adapter.execute("delete from main.fct_ratings where rating_id in (select rating_id from main.fct_ratings where rating_id <> 'only-in-production' order by rating_id limit 10)");
      expect(await count(adapter)).toBe(total - 9);
    });
    const sql = repo.read('models/marts/fct_ratings.sql');
    repo.write('models/marts/fct_ratings.sql', sql.replace(/from ratings\s*$/, 'from ratings\nwhere rating_id is not null\n'));
    repo.commit('fct_ratings skips null ids');
    const result = await promote(location());
    expect(result.builds.filter((build) => build.status === 'error' || build.status === 'fail')).toEqual([]);
    expect(result.status).toBe('published');
    expect(result.published.map((item) => item.relation)).toContain('"dev"."main"."fct_ratings"');
    await withWarehouse(repo, async (adapter) => {
      expect(await count(adapter)).toBe(total + 1);
      expect(await count(adapter, "rating_id = 'only-in-production'")).toBe(1);
    });
  }, 90_000);

  it('a changed view is re-created against production relations, not the dropped staging schema', async () => {
    const file = 'models/intermediate/int_user_activity_monthly.sql';
    repo.write(file, repo.read(file).replace('        count(*) as rating_count,', "        count(*) as rating_count,\n        'v2' as rating_version,"));
    repo.commit('int_user_activity_monthly gains a column');
    const result = await promote(location());
    expect(result.status).toBe('published');
    expect(result.published).toEqual([
      { uniqueId: 'model.movie_analytics.int_user_activity_monthly', relation: '"dev"."main"."int_user_activity_monthly"', kind: 'view' },
      { uniqueId: 'model.movie_analytics.rpt_user_cohorts', relation: '"dev"."main"."rpt_user_cohorts"', kind: 'table' },
    ]);
    await withWarehouse(repo, async (adapter) => {
      const definition = (await adapter.execute("select sql from duckdb_views() where schema_name = 'main' and view_name = 'int_user_activity_monthly'")).rows[0]?.sql;
      expect(String(definition)).toContain('rating_version');
      expect(String(definition)).not.toMatch(/_wap_/);
      // it still reads: every relation it names exists after the staging schema is gone
      expect(Number((await adapter.execute('select count(*) as n from main.int_user_activity_monthly')).rows[0]?.n)).toBeGreaterThan(0);
    });
  }, 60_000);

  it('dailies promote --base HEAD has nothing to publish and exits 0', async () => {
    const stdout: string[] = [];
    const code = await main(['promote', '--base', 'HEAD', '--project-dir', repo.dir], { stdout: (text) => stdout.push(text), stderr: () => undefined, env: {}, cwd: repo.dir });
    expect(code).toBe(0);
    expect(stdout.join('')).toBe('nothing changed: production is up to date\n');
  }, 30_000);
});
