/**
 * Leftovers: a promotion killed after it created its staging schemas (here simulated: the schemas
 * a kill -9 leaves) is cleaned by the next promotion and by `dailies cleanup --stale`; a model
 * deleted on main is dropped by the next promotion. Production is then exactly a fresh build of main.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checksumDifferences, createTinyRepo, databaseChecksums, DIM_USERS, type TinyRepo } from '../../bench/reliability/tiny-project.js';
import { main } from '../../src/cli/main.js';
import { promote } from '../../src/review/promote.js';
import { openAdapter } from '../../src/warehouse/index.js';

let repo: TinyRepo;
const run = async (...argv: string[]) => {
  const out: string[] = [];
  const code = await main([...argv, '--project-dir', repo.dir], { stdout: (text) => out.push(text), stderr: (text) => out.push(text), env: {}, cwd: repo.dir });
  return { code, out: out.join('') };
};

beforeAll(async () => {
  repo = createTinyRepo();
  expect((await run('promote')).code).toBe(0);
}, 60_000);
afterAll(() => repo?.dispose());

async function withProduction<T>(work: (execute: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T> {
  const adapter = await openAdapter({ name: 'prod', type: 'duckdb', path: repo.prodPath, schema: 'main', threads: 1 });
  try {
    return await work(async (sql) => (await adapter.execute(sql)).rows);
  } finally {
    await adapter.close();
  }
}

/** What a promotion killed mid-build leaves: its staging schema and a custom-schema variant, half built. */
async function leaveKilledPromotion(sha: string): Promise<void> {
  await withProduction(async (execute) => {
    await execute(`create schema main_wap_${sha}`);
    await execute(`create table main_wap_${sha}.dim_users as select 1 as user_id`);
    await execute(`create schema main_wap_${sha}_marts`);
  });
}

const schemas = () => withProduction(async (execute) => (await execute('select schema_name from duckdb_schemas() where database_name = current_database() order by 1')).map((row) => String(row.schema_name)));

async function freshBuildDifferences(): Promise<string[]> {
  rmSync(repo.freshPath, { force: true });
  expect((await run('build', '--target', 'fresh')).code).toBe(0);
  return checksumDifferences(await databaseChecksums(repo.freshPath, { skipSchemas: ['dailies_state'] }), await databaseChecksums(repo.prodPath, { skipSchemas: ['dailies_state'] }));
}

describe('leftovers of killed promotions', () => {
  it('the next promotion drops them first, and production is then right', async () => {
    await leaveKilledPromotion('deadbeef');
    await withProduction((execute) => execute('create schema main_wapiti'));
    repo.write('models/dim_users.sql', DIM_USERS.replace('users.country,', 'lower(users.country) as country,'));
    repo.commit('lower-case countries');
    const result = await promote({ projectDir: repo.dir, env: {} });
    expect(result.status).toBe('published');
    expect(result.leftoversDropped).toEqual(['main_wap_deadbeef', 'main_wap_deadbeef_marts']);
    // its own staging schemas are gone too; a schema that merely starts alike is not touched
    expect((await schemas()).filter((schema) => schema.startsWith('main_wap'))).toEqual(['main_wapiti']);
    await withProduction((execute) => execute('drop schema main_wapiti'));
    // a snapshot's rows carry the time they were taken: the fresh build's differ by construction
    expect((await freshBuildDifferences()).filter((key) => key !== 'table main.users_snapshot')).toEqual([]);
  }, 60_000);

  it('dailies cleanup --stale drops them without promoting', async () => {
    await leaveKilledPromotion('0badf00d');
    const before = await databaseChecksums(repo.prodPath, { skipSchemas: ['main_wap_0badf00d', 'main_wap_0badf00d_marts'] });
    const cleaned = await run('cleanup', '--stale');
    expect(cleaned).toEqual({ code: 0, out: 'dropped 2 stale staging schemas: main_wap_0badf00d, main_wap_0badf00d_marts\n' });
    expect((await schemas()).filter((schema) => schema.startsWith('main_wap_'))).toEqual([]);
    expect(await databaseChecksums(repo.prodPath)).toEqual(before);
    expect(await run('cleanup', '--stale')).toEqual({ code: 0, out: 'nothing stale: no staging schema main_wap_* exists\n' });
  }, 60_000);

  it('a model deleted on main is dropped from production by the next promotion', async () => {
    repo.remove('models/marts/rpt_countries.sql');
    repo.commit('rpt_countries is no more');
    const result = await promote({ projectDir: repo.dir, env: {} });
    expect(result.status).toBe('published');
    expect(result.published).toEqual([{ uniqueId: 'model.tiny.rpt_countries', relation: '"prod"."main_marts"."rpt_countries"', kind: 'removed' }]);
    // its schema stays (empty): a fresh build of main has none
    expect((await freshBuildDifferences()).filter((key) => key !== 'table main.users_snapshot')).toEqual(['schema main_marts']);
  }, 60_000);
});
