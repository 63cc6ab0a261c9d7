/**
 * The pull-request check end to end: a temporary git repository of the movie project, production
 * built on DuckDB once, then one branch per scenario reviewed against main.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { cleanupReview } from '../../src/review/cleanup.js';
import { renderReport } from '../../src/review/report/index.js';
import { runReview } from '../../src/review/run-review.js';
import type { Review } from '../../src/review/types.js';
import type { Adapter } from '../../src/warehouse/adapter.js';
import { openAdapter } from '../../src/warehouse/index.js';
import { buildProduction, createMovieRepo, prDatabase, relationsIn, withPrWarehouse, withWarehouse, type MovieRepo } from '../fixtures/movie-repo.js';

let repo: MovieRepo;

beforeAll(async () => {
  repo = createMovieRepo();
  const results = await buildProduction(repo);
  expect(results.results.filter((result) => result.status === 'error' || result.status === 'fail')).toEqual([]);
}, 60_000);
afterAll(() => repo?.dispose());

const DIM_USERS = 'model.movie_analytics.dim_users';
const RPT_COHORTS = 'model.movie_analytics.rpt_user_cohorts';

/** Commits `edit` on a new branch, reviews it as PR `number`, and returns to main. */
async function reviewBranch(number: number, edit: () => void, options: { noBuild?: boolean; select?: string[] } = {}): Promise<Review> {
  repo.git('checkout', '--quiet', '-b', `change-${number}`, 'main');
  try {
    edit();
    repo.commit(`change ${number}`);
    const review = await runReview({ projectDir: repo.dir, env: {}, baseRef: 'main', pr: { number, title: `Change ${number}` }, noBuild: options.noBuild, select: options.select });
    // the base was read from git without touching the working tree, the index or HEAD
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(repo.git('rev-parse', '--abbrev-ref', 'HEAD').trim()).toBe(`change-${number}`);
    return review;
  } finally {
    repo.git('checkout', '--quiet', 'main');
  }
}

function editFile(file: string, from: string | RegExp, to: string): () => void {
  return () => {
    const before = repo.read(file);
    const after = before.replace(from, to);
    expect(after, `edit of ${file} changed nothing`).not.toBe(before);
    repo.write(file, after);
  };
}

const change = (review: Review, id: string) => review.changes.find((candidate) => candidate.uniqueId === id);
const builtIds = (review: Review) => review.builds.filter((build) => build.resourceType !== 'test').map((build) => build.uniqueId).sort();

async function count(adapter: Adapter, sql: string): Promise<number> {
  return Number(Object.values((await adapter.execute(sql)).rows[0] ?? {})[0]);
}

describe('runReview', () => {
  it('a modified model: changed with reason body, only changed+ built in the PR schema, diff counts match SQL', async () => {
    const review = await reviewBranch(1, editFile('models/marts/dim_users.sql', 'round(rating_totals.avg_rating, 3)', 'round(rating_totals.avg_rating, 1)'));
    expect(review.error).toBeUndefined();
    expect(review.status).toBe('success');
    expect(review.schema).toBe('pr_1');
    expect(review.mode).toBe('full');
    expect(review.changes.map((c) => [c.uniqueId, c.status, c.reasons, c.cosmetic])).toEqual([[DIM_USERS, 'modified', ['body'], false]]);
    expect(review.impacted).toEqual([RPT_COHORTS]);
    expect(builtIds(review)).toEqual([DIM_USERS, RPT_COHORTS]);
    expect(review.builds.filter((build) => build.resourceType === 'test').length).toBeGreaterThan(3);
    expect(review.builds.every((build) => build.status === 'success' || build.status === 'pass' || build.status === 'warn')).toBe(true);
    expect(review.sqlDiffs[DIM_USERS]).toMatch(/-\s+round\(rating_totals\.avg_rating, 3\)[\s\S]*\+\s+round\(rating_totals\.avg_rating, 1\)/);

    // the PR built in its own database file; production has no PR schema
    await withWarehouse(repo, async (adapter) => expect(await adapter.schemaExists(null, 'pr_1')).toBe(false));
    await withPrWarehouse(repo, 'pr_1', async (adapter) => {
      expect(await relationsIn(adapter, 'pr_1')).toEqual(['dim_users', 'rpt_user_cohorts']);
      const changed = await count(adapter, 'select count(*) from prod.main.dim_users p join pr_1.dim_users r using (user_id) where p.avg_rating is distinct from r.avg_rating');
      const users = await count(adapter, 'select count(*) from prod.main.dim_users');
      const diff = review.diffs.find((d) => d.uniqueId === DIM_USERS)!;
      expect(changed).toBeGreaterThan(0);
      expect(diff.primaryKey).toEqual(['user_id']);
      expect(diff.rowCounts).toEqual({ prod: users, pr: users });
      expect(diff.keyed).toMatchObject({ added: 0, removed: 0, changed, unchanged: users - changed });
      expect(diff.keyed?.columnChanges.avg_rating).toBe(changed);
      expect(diff.schema).toEqual({ added: [], removed: [], retyped: [] });
    });

    const report = renderReport(review, { maxChars: 65536 });
    expect(report.markdown).toContain('dim_users');
    expect(report.markdown).toContain('```mermaid');
  }, 60_000);

  it('costs what the change costs: new models counted together, unchanged downstream data proven identical by fingerprint', async () => {
    const review = await reviewBranch(21, () => {
      editFile('models/marts/dim_users.sql', 'round(rating_totals.avg_rating, 3)', 'round(rating_totals.avg_rating + 0, 3)')();
      repo.write('models/marts/new_user_count.sql', 'select count(*) as users from {{ ref("dim_users") }}\n');
      repo.write('models/marts/new_movie_count.sql', 'select count(*) as movies from {{ ref("dim_movies") }}\n');
    });
    expect(review.error).toBeUndefined();
    const diffOf = (name: string) => review.diffs.find((d) => d.name === name)!;
    // the changed model is compared row by row and nothing differs
    expect(diffOf('dim_users').identical).toBeUndefined();
    expect(diffOf('dim_users').keyed).toMatchObject({ added: 0, removed: 0, changed: 0 });
    // its downstream did not change its own SQL: one fingerprint scan proves it equal
    expect(diffOf('rpt_user_cohorts')).toMatchObject({ identical: true, prodExists: true });
    expect(diffOf('rpt_user_cohorts').rowCounts.prod).toBe(diffOf('rpt_user_cohorts').rowCounts.pr);
    // new models: nothing in production, counted
    const users = await withWarehouse(repo, async (adapter) => count(adapter, 'select count(*) from main.dim_users'));
    expect(diffOf('new_user_count')).toMatchObject({ prodExists: false, rowCounts: { prod: null, pr: 1 } });
    expect(diffOf('new_movie_count')).toMatchObject({ prodExists: false, rowCounts: { prod: null, pr: 1 } });
    expect(users).toBeGreaterThan(0);
    expect(renderReport(review, { maxChars: 65536 }).markdown).toContain('identical (whole-table fingerprint)');
  }, 60_000);

  it('removing a column used downstream is flagged breaking', async () => {
    const review = await reviewBranch(2, editFile('models/marts/dim_users.sql', /\n\s+cast\(\{\{ dbt\.date_trunc\('month', 'users\.signup_date'\) \}\} as date\) as signup_month,/, ''));
    expect(change(review, DIM_USERS)?.reasons).toEqual(['body']);
    const diff = review.diffs.find((d) => d.uniqueId === DIM_USERS)!;
    expect(diff.schema.removed.map((column) => column.name)).toEqual(['signup_month']);
    expect(review.lineage.breaking).toContainEqual(expect.objectContaining({ uniqueId: DIM_USERS, column: 'signup_month', kind: 'removed', usedBy: [RPT_COHORTS] }));
    expect(review.lineage.nodes.find((node) => node.uniqueId === DIM_USERS)?.breaking).toBe(true);
    // the downstream model no longer builds: the check fails
    expect(review.builds.find((build) => build.uniqueId === RPT_COHORTS)?.status).toBe('error');
    expect(review.status).toBe('failure');
  }, 60_000);

  it('a changed seed is modified with reason seed_contents and its downstream is rebuilt', async () => {
    const review = await reviewBranch(3, editFile('seeds/country_regions.csv', 'AR,Argentina,Latin America', 'AR,Argentina,South America'));
    expect(change(review, 'seed.movie_analytics.country_regions')).toMatchObject({ status: 'modified', reasons: ['seed_contents'], cosmetic: false });
    expect(builtIds(review)).toEqual(['model.movie_analytics.dim_users', 'model.movie_analytics.rpt_user_cohorts', 'model.movie_analytics.rpt_watch_time_by_country', 'seed.movie_analytics.country_regions']);
    const seedDiff = review.diffs.find((d) => d.uniqueId === 'seed.movie_analytics.country_regions')!;
    expect(seedDiff.rowCounts.prod).toBe(seedDiff.rowCounts.pr);
    expect(seedDiff.keyed?.changed ?? seedDiff.keyless?.onlyInPr).toBe(1);
  }, 60_000);

  it('a macro change names the macro as the reason of every model that calls it', async () => {
    const review = await reviewBranch(4, editFile('macros/seconds_to_hours.sql', 'precision=2', 'precision=3'));
    const byMacro = review.changes.filter((c) => c.reasons.includes('macros'));
    expect(byMacro.map((c) => c.name).sort()).toEqual(['dim_users', 'fct_watch_sessions', 'rpt_user_cohorts', 'rpt_watch_time_by_country']);
    for (const c of byMacro) expect(c.changedMacros).toEqual(['macro.movie_analytics.seconds_to_hours']);
    expect(review.status).toBe('success');
  }, 60_000);

  it('a comment-only edit is reported as cosmetic and nothing is built', async () => {
    const review = await reviewBranch(5, editFile('models/staging/stg_movies.sql', /$/, '\n-- a comment only\n'));
    expect(review.changes.map((c) => [c.name, c.cosmetic, c.reasons])).toEqual([['stg_movies', true, ['whitespace_or_comments']]]);
    expect(review.builds).toEqual([]);
    expect(review.status).toBe('success');
    await withWarehouse(repo, async (adapter) => expect(await adapter.schemaExists(null, 'pr_5')).toBe(false));
    expect(existsSync(prDatabase(repo, 'pr_5'))).toBe(false);
  }, 60_000);

  it('lineage-only mode with huge SQL diffs: no warehouse work, report within the size limit, saying what it cut', async () => {
    const rows = Array.from({ length: 400 }, (_, index) => `    select ${index} as n, 'row number ${index} of a very large literal table' as label`).join('\n    union all\n');
    const review = await reviewBranch(
      6,
      () => {
        for (let model = 0; model < 40; model++) repo.write(`models/marts/huge_literals_${model}.sql`, `-- model ${model}\n${rows}\n`);
      },
      { noBuild: true },
    );
    expect(review.mode).toBe('lineage-only');
    expect(review.status).toBe('success');
    expect(change(review, 'model.movie_analytics.huge_literals_0')?.status).toBe('new');
    expect(review.builds).toEqual([]);
    expect(review.diffs).toEqual([]);
    const sqlChars = Object.values(review.sqlDiffs).reduce((total, patch) => total + patch.length, 0);
    expect(sqlChars).toBeGreaterThan(1_000_000);
    await withWarehouse(repo, async (adapter) => expect(await adapter.schemaExists(null, 'pr_6')).toBe(false));
    expect(existsSync(prDatabase(repo, 'pr_6'))).toBe(false);
    const report = renderReport(review, { maxChars: 65536 });
    expect(report.markdown.length).toBeLessThanOrEqual(65536);
    expect(report.truncated.length).toBeGreaterThan(0);
    expect(report.markdown).toContain('huge_literals_0');
  }, 60_000);

  it('a --select overrides state:modified+', async () => {
    const review = await reviewBranch(8, editFile('models/marts/dim_users.sql', 'round(rating_totals.avg_rating, 3)', 'round(rating_totals.avg_rating, 2)'), { select: ['dim_users'] });
    expect(builtIds(review)).toEqual([DIM_USERS]);
    expect(review.builds.some((build) => build.resourceType === 'test' && build.attachedNode === DIM_USERS)).toBe(true);
    await withPrWarehouse(repo, 'pr_8', async (adapter) => expect(await relationsIn(adapter, 'pr_8')).toEqual(['dim_users']));
  }, 60_000);

  it('a second push to the same PR starts from an empty PR schema', async () => {
    await reviewBranch(12, editFile('models/marts/dim_users.sql', 'round(rating_totals.avg_rating, 3)', 'round(rating_totals.avg_rating, 2)'));
    await withPrWarehouse(repo, 'pr_12', async (adapter) => expect(await relationsIn(adapter, 'pr_12')).toEqual(['dim_users', 'rpt_user_cohorts']));
    repo.git('branch', '--quiet', '-D', 'change-12');
    const second = await reviewBranch(12, editFile('seeds/genre_groups.csv', 'Western,Action & Adventure,4', 'Western,Action & Adventure,5'));
    expect(second.changes.map((c) => c.name)).toEqual(['genre_groups']);
    await withPrWarehouse(repo, 'pr_12', async (adapter) => expect(await relationsIn(adapter, 'pr_12')).not.toContain('dim_users'));
  }, 60_000);

  it('a changed snapshot continues production history in the PR schema', async () => {
    await withWarehouse(repo, (adapter) =>
      adapter.execute("insert into main.users_snapshot select * replace (md5('history only production has') as dbt_scd_id, -1 as user_id) from main.users_snapshot limit 1"),
    );
    try {
      const review = await reviewBranch(13, editFile('snapshots/users_snapshot.sql', "from {{ ref('stg_users') }}", "from {{ ref('stg_users') }}\nwhere user_id is not null"));
      expect(change(review, 'snapshot.movie_analytics.users_snapshot')?.reasons).toEqual(['body']);
      expect(review.status).toBe('success');
      const diff = review.diffs.find((d) => d.uniqueId === 'snapshot.movie_analytics.users_snapshot')!;
      expect(diff.keyed ?? diff.keyless).toMatchObject(diff.keyed ? { added: 0, removed: 0, changed: 0 } : { onlyInProd: 0, onlyInPr: 0 });
      await withPrWarehouse(repo, 'pr_13', async (adapter) => expect(await count(adapter, 'select count(*) from pr_13.users_snapshot where user_id = -1')).toBe(1));
    } finally {
      await withWarehouse(repo, (adapter) => adapter.execute('delete from main.users_snapshot where user_id = -1'));
    }
  }, 60_000);

  it('with a DuckDB prod target in another file, the PR builds in its own file beside production, never in either', async () => {
    const profiles = mkdtempSync(join(tmpdir(), 'dailies-review-profiles-'));
    const scratch = join(repo.dir, 'target', 'scratch.duckdb');
    writeFileSync(
      join(profiles, 'profiles.yml'),
      `movie_analytics:\n  target: dev\n  outputs:\n    dev: {type: duckdb, path: '${scratch}', schema: main}\n    prod: {type: duckdb, path: '${repo.database}', schema: main}\n`,
    );
    repo.git('checkout', '--quiet', '-b', 'change-14', 'main');
    try {
      editFile('models/marts/dim_users.sql', 'round(rating_totals.avg_rating, 3)', 'round(rating_totals.avg_rating, 0)')();
      repo.commit('change 14');
      const review = await runReview({ projectDir: repo.dir, profilesDir: profiles, env: {}, baseRef: 'main', pr: { number: 14 } });
      expect(review.error).toBeUndefined();
      expect(review.status).toBe('success');
      await withPrWarehouse(repo, 'pr_14', async (adapter) => expect(await relationsIn(adapter, 'pr_14')).toEqual(['dim_users', 'rpt_user_cohorts']));
      await withWarehouse(repo, async (adapter) => expect(await adapter.schemaExists(null, 'pr_14')).toBe(false));
      const scratchAdapter = await openAdapter({ name: 'dev', type: 'duckdb', path: scratch, schema: 'main', threads: 1 });
      try {
        expect(await scratchAdapter.schemaExists(null, 'pr_14')).toBe(false);
      } finally {
        await scratchAdapter.close();
      }
      // labelled with the database it was in: the PR's own file (its DuckDB catalog), not production's
      expect((await cleanupReview({ projectDir: repo.dir, profilesDir: profiles, env: {}, prNumber: 14 })).dropped).toEqual(['dev__pr_14.pr_14']);
      expect(existsSync(prDatabase(repo, 'pr_14'))).toBe(false);
    } finally {
      repo.git('checkout', '--quiet', 'main');
      rmSync(profiles, { recursive: true, force: true });
    }
  }, 60_000);

  it('an unknown base ref gives an error review with a hint, not an exception', async () => {
    const review = await runReview({ projectDir: repo.dir, env: {}, baseRef: 'no-such-branch', pr: { number: 9 } });
    expect(review.status).toBe('error');
    expect(review.error?.message).toMatch(/no-such-branch/);
    expect(review.error?.hint).toMatch(/fetch/);
  }, 30_000);

  it('a base ref that looks like an option is refused, not passed to git as one', async () => {
    const marker = join(tmpdir(), `dailies-review-injection-${process.pid}`);
    const review = await runReview({ projectDir: repo.dir, env: {}, baseRef: `--output=${marker}`, pr: { number: 9 } });
    expect(review.status).toBe('error');
    expect(review.error?.message).toMatch(/is not a git ref/);
    expect(existsSync(marker)).toBe(false);
  }, 30_000);

  it('a base that does not compile is an error review that says so', async () => {
    repo.git('checkout', '--quiet', '-b', 'broken-base', 'main');
    try {
      editFile('models/marts/dim_users.sql', "ref('stg_users')", "ref('stg_userz')")();
      repo.commit('break the base');
      repo.git('checkout', '--quiet', '-b', 'fix-on-top', 'broken-base');
      editFile('models/marts/dim_users.sql', "ref('stg_userz')", "ref('stg_users')")();
      repo.commit('fix it');
      const review = await runReview({ projectDir: repo.dir, env: {}, baseRef: 'broken-base', pr: { number: 15 } });
      expect(review.status).toBe('error');
      expect(review.error?.message).toMatch(/^compiling the base commit failed/);
      expect(review.error?.hint).toMatch(/base commit itself does not compile/);
    } finally {
      repo.git('checkout', '--quiet', 'main');
    }
  }, 30_000);

  it('refuses to build when generate_schema_name would put a PR model into production', async () => {
    const review = await reviewBranch(16, () => {
      repo.write('macros/generate_schema_name.sql', '{% macro generate_schema_name(custom_schema_name, node) %}main{% endmacro %}\n');
      editFile('models/marts/dim_users.sql', 'round(rating_totals.avg_rating, 3)', 'round(rating_totals.avg_rating, 1)')();
    });
    expect(review.status).toBe('error');
    expect(review.error?.message).toMatch(/would be built in schema 'main', outside the isolated schema 'pr_16'/);
    expect(review.builds).toEqual([]);
    await withWarehouse(repo, async (adapter) => expect(await count(adapter, 'select count(*) from main.dim_users where avg_rating <> round(avg_rating, 1)')).toBeGreaterThan(0));
  }, 60_000);

  it('a custom materialization builds in the PR schema and cannot write production', async () => {
    const review = await reviewBranch(17, () => {
      repo.write(
        'macros/pr_materializations.sql',
        `{% materialization kept_mat, default %}
  {% call statement('main') -%}{{ get_create_table_as_sql(False, this.incorporate(type='table'), sql) }}{%- endcall %}
  {{ return({'relations': [this.incorporate(type='table')]}) }}
{% endmaterialization %}
{% materialization sneaky_mat, default %}
  {% call statement('main') -%}create table main.planted as select 1 as x{%- endcall %}
  {{ return({'relations': [this]}) }}
{% endmaterialization %}
`,
      );
      repo.write('models/marts/dim_users.sql', `{{ config(materialized='kept_mat') }}\n${repo.read('models/marts/dim_users.sql')}`);
      repo.write('models/marts/sneaky.sql', "{{ config(materialized='sneaky_mat') }}\nselect 1 as x\n");
    });
    const build = (id: string) => review.builds.find((candidate) => candidate.uniqueId === id);
    expect(build(DIM_USERS)?.status).toBe('success');
    expect(build('model.movie_analytics.sneaky')?.status).toBe('error');
    expect(build('model.movie_analytics.sneaky')?.message).toMatch(/read-only/);
    await withPrWarehouse(repo, 'pr_17', async (adapter) => expect(await relationsIn(adapter, 'pr_17')).toContain('dim_users'));
    await withWarehouse(repo, async (adapter) => {
      expect(await relationsIn(adapter, 'main')).not.toContain('planted');
      expect(await relationsIn(adapter, 'main')).not.toContain('sneaky');
      expect(await adapter.schemaExists(null, 'pr_17')).toBe(false);
    });
  }, 60_000);

  it('a compile error in the head is an error review naming the file and line', async () => {
    const review = await reviewBranch(10, editFile('models/marts/dim_users.sql', "ref('stg_users')", "ref('stg_userz')"));
    expect(review.status).toBe('error');
    expect(review.error).toMatchObject({ file: 'models/marts/dim_users.sql', line: 7 });
  }, 30_000);
});

describe('dailies ci and cleanup', () => {
  it('writes the report and the JSON review, exits 1 on a failing check, and cleanup drops the schemas', async () => {
    const out = mkdtempSync(join(tmpdir(), 'dailies-ci-out-'));
    repo.git('checkout', '--quiet', '-b', 'ci-cli', 'main');
    try {
      editFile('models/marts/dim_users.sql', /\n\s+cast\(\{\{ dbt\.date_trunc\('month', 'users\.signup_date'\) \}\} as date\) as signup_month,/, '')();
      repo.commit('drop signup_month');
      const stdout: string[] = [];
      const code = await main(['ci', '--base', 'main', '--pr', '11', '--out', join(out, 'report.md'), '--project-dir', repo.dir], { stdout: (text) => stdout.push(text), stderr: () => undefined, env: {}, cwd: repo.dir });
      expect(code).toBe(1);
      expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('dim_users');
      const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Review;
      expect(json.status).toBe('failure');
      expect(json.schema).toBe('pr_11');
      expect(stdout.join('')).toMatch(/failure/);
    } finally {
      repo.git('checkout', '--quiet', 'main');
      rmSync(out, { recursive: true, force: true });
    }
    const cleaned = await cleanupReview({ projectDir: repo.dir, env: {}, prNumber: 11 });
    expect(cleaned.dropped).toEqual(['dev__pr_11.pr_11']);
    await withWarehouse(repo, async (adapter) => expect(await adapter.schemaExists(null, 'pr_11')).toBe(false));
    expect(existsSync(prDatabase(repo, 'pr_11'))).toBe(false);
    expect((await cleanupReview({ projectDir: repo.dir, env: {}, prNumber: 11 })).dropped).toEqual([]);
    expect(existsSync(join(repo.dir, 'target', 'dev.duckdb'))).toBe(true);
  }, 60_000);

  it('prints the report to stdout without --out; --no-build reviews without a warehouse', async () => {
    repo.git('checkout', '--quiet', '-b', 'ci-stdout', 'main');
    try {
      editFile('models/marts/dim_users.sql', 'round(rating_totals.avg_rating, 3)', 'round(rating_totals.avg_rating, 4)')();
      repo.commit('more precision');
      const stdout: string[] = [];
      const code = await main(['ci', '--base', 'main', '--branch', 'feature/precision', '--no-build', '--project-dir', repo.dir], { stdout: (text) => stdout.push(text), stderr: () => undefined, env: {}, cwd: repo.dir });
      expect(code).toBe(0);
      expect(stdout.join('')).toContain('dim_users');
      expect(stdout.join('')).toContain('```mermaid');
    } finally {
      repo.git('checkout', '--quiet', 'main');
    }
    const cleaned = await cleanupReview({ projectDir: repo.dir, env: {}, branch: 'feature/precision' });
    expect(cleaned.schema).toMatch(/^pr_feature_precision_[0-9a-f]{6}$/);
    expect(cleaned.dropped).toEqual([]);
  }, 60_000);
});

describe('a project in a subfolder of its repository', () => {
  it('reads the base of that subfolder from git (lineage-only, no warehouse)', async () => {
    const mono = mkdtempSync(join(tmpdir(), 'dailies-review-mono-'));
    try {
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=T', '-c', 'commit.gpgsign=false', ...args], { cwd: mono, encoding: 'utf8' });
      git('init', '--quiet', '--initial-branch=main');
      cpSync(repo.dir, join(mono, 'analytics'), { recursive: true, filter: (source) => ![join(repo.dir, '.git'), join(repo.dir, 'target')].some((skipped) => source === skipped || source.startsWith(`${skipped}/`)) });
      writeFileSync(join(mono, 'README.md'), 'a monorepo\n');
      git('add', '-A');
      git('commit', '--quiet', '-m', 'base');
      git('checkout', '--quiet', '-b', 'feature');
      const file = join(mono, 'analytics', 'models', 'marts', 'dim_users.sql');
      writeFileSync(file, readFileSync(file, 'utf8').replace('round(rating_totals.avg_rating, 3)', 'round(rating_totals.avg_rating, 1)'));
      git('commit', '--quiet', '-am', 'change');
      const review = await runReview({ projectDir: join(mono, 'analytics'), env: {}, baseRef: 'main', noBuild: true, pr: { number: 1 } });
      expect(review.error).toBeUndefined();
      expect(review.changes.map((c) => [c.uniqueId, c.reasons])).toEqual([[DIM_USERS, ['body']]]);
      expect(review.head.ref).toBe('feature');
    } finally {
      rmSync(mono, { recursive: true, force: true });
    }
  }, 30_000);
});

