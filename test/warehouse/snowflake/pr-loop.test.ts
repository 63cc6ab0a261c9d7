/**
 * The pull-request loop on Snowflake (stand-in): production built there, a branch reviewed into
 * its PR schema (deferring unchanged models to production), diffed against production in SQL,
 * cleaned up, and the merge promoted.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { build as bundle } from 'esbuild';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSampleData, loadLandingZone, rawColumnTypes } from '../../../src/ingest/index.js';
import { loadProject } from '../../../src/project/index.js';
import { cleanupReview } from '../../../src/review/cleanup.js';
import { promote } from '../../../src/review/promote.js';
import { runReview } from '../../../src/review/run-review.js';
import { openAdapter } from '../../../src/warehouse/index.js';
import { buildAll, createMovieRepo, repoRoot, type MovieRepo } from '../../fixtures/movie-repo.js';
import { skipReason, useSnowflake } from './helpers.js';

describe.skipIf(skipReason !== null)('the PR loop on Snowflake (stand-in)', () => {
  const world = useSnowflake();
  let repo: MovieRepo;
  let profilesDir: string;
  let prodSchema: string;
  beforeAll(async () => {
    if (!world.standIn) return;
    repo = createMovieRepo();
    profilesDir = mkdtempSync(join(tmpdir(), 'dailies-sf-profiles-'));
    prodSchema = world.schema('PROD');
    const duckPath = join(profilesDir, 'raw.duckdb');
    const { name: _name, ...prod } = world.target({ schema: prodSchema });
    void _name;
    // the review connects as its own user and role, never as production (see review-session.ts)
    const pr = { ...prod, user: 'dailies_pr', role: 'DAILIES_PR' };
    writeFileSync(join(profilesDir, 'profiles.yml'), JSON.stringify({ movie_analytics: { target: 'prod', outputs: { prod, pr, raw: { type: 'duckdb', path: duckPath, schema: 'main', threads: 2 } } } }));
    const zone = join(profilesDir, 'zone');
    mkdirSync(zone);
    await generateSampleData({ outDir: zone, scale: 0.001 });
    const rawProject = await loadProject({ projectDir: repo.dir, profilesDir, target: 'raw', env: {} });
    const duck = await openAdapter(rawProject.target);
    try {
      await loadLandingZone({ adapter: duck, zone, columnTypes: rawColumnTypes(rawProject, 'raw') });
    } finally {
      await duck.close();
    }
    const adapter = await openAdapter((await loadProject({ projectDir: repo.dir, profilesDir, env: {} })).target);
    try {
      await world.standIn.copyFromDuckDB(duckPath, 'raw', 'DAILIES', 'RAW');
      const results = await buildAll(repo.dir, adapter, { profilesDir });
      expect(results.results.filter((result) => result.status === 'error' || result.status === 'fail').map((result) => result.message)).toEqual([]);
    } finally {
      await adapter.close();
    }
  }, 120_000);
  afterAll(() => {
    repo?.dispose();
    if (profilesDir) rmSync(profilesDir, { recursive: true, force: true });
  });

  it('refuses to build a review that would connect as production, or whose role can write production', async () => {
    if (!world.standIn) return;
    repo.git('checkout', '--quiet', '-b', 'refused-review', 'main');
    repo.edit('models/marts/dim_users.sql', (text) => text.replace('round(rating_totals.avg_rating, 3)', 'round(rating_totals.avg_rating, 4)'));
    repo.commit('four digits');
    try {
      const asProduction = await runReview({ projectDir: repo.dir, profilesDir, target: 'prod', prodTarget: 'prod', env: {}, baseRef: 'main', pr: { number: 8 } });
      expect(asProduction.error?.message).toMatch(/would connect to Snowflake as production does/);
      expect(asProduction.error?.hint).toMatch(/PR role/);
      expect(asProduction.builds).toEqual([]);
      await world.standIn.setGrants('DAILIES_PR', [{ privilege: 'INSERT', granted_on: 'TABLE', name: `DAILIES.${prodSchema}.DIM_USERS` }]);
      const writer = await runReview({ projectDir: repo.dir, profilesDir, target: 'pr', prodTarget: 'prod', env: {}, baseRef: 'main', pr: { number: 8 } });
      expect(writer.error?.message).toMatch(/role DAILIES_PR can write production: INSERT on TABLE/);
      expect(writer.error?.hint).toMatch(/revoke INSERT on table/);
      expect(writer.builds).toEqual([]);
    } finally {
      await world.standIn.setGrants('DAILIES_PR', []);
      repo.git('checkout', '--quiet', 'main');
    }
  }, 120_000);

  it('reviews a change in its PR schema, diffs it against production, cleans up, then promotes the merge', async () => {
    if (!world.standIn) return;
    repo.git('checkout', '--quiet', '-b', 'round-ratings', 'main');
    repo.edit('models/marts/dim_users.sql', (text) => text.replace('round(rating_totals.avg_rating, 3)', 'round(rating_totals.avg_rating, 1)'));
    repo.commit('round ratings to one digit');
    await world.standIn.resetStatements();
    const review = await runReview({ projectDir: repo.dir, profilesDir, target: 'pr', prodTarget: 'prod', env: {}, baseRef: 'main', pr: { number: 7, title: 'Round ratings' } });
    expect(review.error).toBeUndefined();
    expect(review.schema).toBe('pr_7');
    expect((await world.standIn.statements()).map((statement) => statement.sql)).toContain('create transient schema if not exists "DAILIES"."PR_7"');
    expect(review.builds.filter((build) => build.status !== 'success' && build.status !== 'pass')).toEqual([]);
    const dimUsers = review.diffs.find((diff) => diff.uniqueId === 'model.movie_analytics.dim_users');
    expect(dimUsers?.error).toBeUndefined();
    const adapter = await world.open({ schema: prodSchema });
    const { rows } = await adapter.execute(
      `select count(*) as n from "DAILIES"."${prodSchema}"."DIM_USERS" p join "DAILIES"."PR_7"."DIM_USERS" q on p.user_id = q.user_id where p.avg_rating is distinct from q.avg_rating`,
    );
    const changed = Number(rows[0]?.n);
    expect(changed).toBeGreaterThan(0);
    expect(dimUsers?.keyed).toMatchObject({ added: 0, removed: 0, changed });
    // only the changed model and its downstream were built; the rest was deferred to production
    expect(review.builds.filter((build) => build.resourceType === 'model').map((build) => build.uniqueId)).toContain('model.movie_analytics.dim_users');
    expect(review.builds.map((build) => build.uniqueId)).not.toContain('model.movie_analytics.stg_movies');

    const cleaned = await cleanupReview({ projectDir: repo.dir, profilesDir, target: 'pr', prodTarget: 'prod', env: {}, prNumber: 7 });
    expect(cleaned.dropped.map((label) => label.toUpperCase())).toContain('DAILIES.PR_7');

    repo.git('checkout', '--quiet', 'main');
    repo.git('merge', '--quiet', '--no-ff', '-m', 'merge round-ratings', 'round-ratings');
    await world.standIn.resetStatements();
    const promoted = await promote({ projectDir: repo.dir, profilesDir, env: {} });
    const promotion = (await world.standIn.statements()).map((statement) => statement.sql);
    const staging = promoted.stagingSchema.toUpperCase();
    expect(promotion).toContain(`create or replace schema "DAILIES"."${staging}" clone "DAILIES"."${prodSchema}"`);
    expect(promotion).toContain(`alter schema "DAILIES"."${prodSchema}" swap with "DAILIES"."${staging}"`);
    expect(promotion.indexOf(`drop schema if exists "DAILIES"."${staging}" cascade`)).toBeGreaterThan(promotion.findIndex((sql) => sql.includes("swap with")));
    expect(promoted.error, JSON.stringify(promoted.error)).toBeUndefined();
    expect(promoted.status).toBe('published');
    const after = await adapter.execute(
      `select count(*) as n from "DAILIES"."${prodSchema}"."DIM_USERS" where avg_rating is not null and avg_rating <> round(avg_rating, 1)`,
    );
    expect(after.rows).toEqual([{ n: 0 }]);
  }, 180_000);

  it('starts a changed incremental model from a zero-copy clone of production, keeping its history', async () => {
    if (!world.standIn) return;
    const adapter = await world.open({ schema: prodSchema });
    const prodTable = `"DAILIES"."${prodSchema}"."FCT_RATINGS"`;
    // a row only production's history holds: a build from scratch could not produce it
    await adapter.execute(
      `insert into ${prodTable} (rating_id, user_id, movie_id, rating, rated_at, rated_date, rated_month, loaded_at) select 'history-only-row', user_id, movie_id, rating, rated_at, rated_date, rated_month, loaded_at from ${prodTable} limit 1`,
    );
    try {
      repo.git('checkout', '--quiet', '-b', 'incremental-change', 'main');
      // re-merge the newest load too (same rows, merged on rating_id: no data change)
      repo.edit('models/marts/fct_ratings.sql', (text) => text.replace('where loaded_at > (select', 'where loaded_at >= (select'));
      repo.commit('re-merge the newest load');
      await world.standIn.resetStatements();
      const review = await runReview({ projectDir: repo.dir, profilesDir, target: 'pr', prodTarget: 'prod', env: {}, baseRef: 'main', pr: { number: 8, title: 'Re-merge the newest load' } });
      expect(review.error).toBeUndefined();
      expect(review.builds.map((build) => build.uniqueId)).toContain('model.movie_analytics.fct_ratings');
      const sent = (await world.standIn.statements()).map((statement) => statement.sql);
      expect(sent.filter((sql) => / clone /i.test(sql) && sql.includes('"PR_8"."FCT_RATINGS"'))).toHaveLength(1);
      const { rows } = await adapter.execute(`select count(*) as n from "DAILIES"."PR_8"."FCT_RATINGS" where rating_id = 'history-only-row'`);
      expect(rows).toEqual([{ n: 1 }]);
      // run incrementally on the clone: nothing newer than production's rows, so no change to diff
      const fct = review.diffs.find((diff) => diff.uniqueId === 'model.movie_analytics.fct_ratings');
      expect(fct?.error).toBeUndefined();
      expect(fct?.rowCounts.pr).toBe(fct?.rowCounts.prod);
      if (!fct?.identical) expect(fct?.keyed).toMatchObject({ added: 0, removed: 0, changed: 0 });
      await cleanupReview({ projectDir: repo.dir, profilesDir, target: 'pr', prodTarget: 'prod', env: {}, prNumber: 8 });
    } finally {
      await adapter.execute(`delete from ${prodTable} where rating_id = 'history-only-row'`);
      repo.git('checkout', '--quiet', 'main');
    }
  }, 180_000);

  it('a promotion killed with SIGKILL at any point leaves production wholly old or wholly new', async () => {
    if (!world.standIn) return;
    const child = join(repoRoot, 'node_modules', '.cache', 'dailies-test', `promote-child-${process.pid}.mjs`);
    await bundle({ entryPoints: [join(import.meta.dirname, 'promote-child.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: child, logLevel: 'silent' });
    const adapter = await world.open({ schema: prodSchema });
    const versions = async () => {
      const { rows } = await adapter.execute(
        `select (select count(*) from "DAILIES"."${prodSchema}"."DIM_USERS" where avg_rating is not null and avg_rating <> round(avg_rating, 2)) as fine, ` +
          `(select count(*) from "DAILIES"."${prodSchema}"."DIM_USERS" where avg_rating is not null and avg_rating <> round(avg_rating, 1)) as coarse`,
      );
      return rows[0] as { fine: number; coarse: number };
    };
    // production now rounds to 1 digit; main changes it to 2
    repo.git('checkout', '--quiet', 'main');
    repo.edit('models/marts/dim_users.sql', (text) => text.replace('round(rating_totals.avg_rating, 1)', 'round(rating_totals.avg_rating, 2)'));
    repo.commit('round ratings to two digits');
    expect(await versions()).toMatchObject({ coarse: 0 });
    // kill the promotion as soon as it sends its clone, then as soon as it sends the swap
    for (const moment of [/ clone /, / swap with /]) {
      await world.standIn.resetStatements();
      const running = spawn(process.execPath, [child, repo.dir, profilesDir], { stdio: 'ignore' });
      const exited = new Promise((resolve) => running.once('exit', resolve));
      for (let tries = 0; tries < 600; tries += 1) {
        if ((await world.standIn.statements()).some((statement) => moment.test(statement.sql)) || running.exitCode !== null) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const wasRunning = running.exitCode === null;
      running.kill('SIGKILL');
      await exited;
      expect(wasRunning, `the promotion ended before it sent ${moment}`).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 500)); // a statement already sent finishes on the server
      const seen = await versions();
      const old = seen.coarse === 0; // every value rounded to 1 digit
      const fresh = seen.fine === 0 && seen.coarse > 0; // every value rounded to 2 digits, some not to 1
      expect(old || fresh, JSON.stringify(seen)).toBe(true);
    }
    // a later promotion repairs whatever the killed ones left
    const promoted = await promote({ projectDir: repo.dir, profilesDir, env: {} });
    expect(['published', 'nothing-to-publish']).toContain(promoted.status);
    const final = await versions();
    expect(final.fine).toBe(0);
    expect(final.coarse).toBeGreaterThan(0);
    rmSync(child, { force: true });
  }, 180_000);
});
