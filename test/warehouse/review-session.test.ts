/**
 * The DuckDB review session: the PR's own database file, production attached read-only as the
 * default catalog, file access limited, configuration locked, re-ATTACH refused; and the check
 * that refuses a connection that could write production.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyReadOnly } from '../../src/warehouse/duckdb/review-session.js';
import { discardReviewSession, openAdapter, openReviewSession, reviewSessionExists } from '../../src/warehouse/index.js';
import type { TargetConfig } from '../../src/project/types.js';

let dir: string;
let production: TargetConfig;
let seed: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dailies-session-'));
  production = { name: 'prod', type: 'duckdb', path: join(dir, 'prod.duckdb'), schema: 'main', threads: 2 };
  seed = join(dir, 'seed.csv');
  writeFileSync(seed, 'a\n1\n');
  writeFileSync(join(dir, 'secret.txt'), 'a\nsecret\n');
  const adapter = await openAdapter(production);
  try {
    await adapter.execute('create table main.t as select 1 as a');
  } finally {
    await adapter.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rows(sql: string, run: (sql: string) => Promise<{ rows: Record<string, unknown>[] }>): Promise<Record<string, unknown>[]> {
  return (await run(sql)).rows;
}

describe('a DuckDB review session', () => {
  it('builds in its own file, reads production by its plain names and cannot write it', async () => {
    const session = await openReviewSession({ production, reviewer: production, name: 'pr_1', readablePaths: [seed] });
    try {
      await session.verifyCannotWriteProduction();
      expect(session.productionDatabase).toBe('prod');
      expect(session.target).toMatchObject({ path: join(dir, 'prod__pr_1.duckdb'), database: 'prod__pr_1' });
      const run = (sql: string) => session.adapter.execute(sql);
      await run('create schema prod__pr_1.pr_1');
      await run('create table prod__pr_1.pr_1.copy as select * from main.t');
      expect(await rows('select count(*)::int as n from prod__pr_1.pr_1.copy', run)).toEqual([{ n: 1 }]);
      await expect(run('delete from main.t')).rejects.toThrow(/read-only mode/);
      await expect(run('drop table prod.main.t')).rejects.toThrow(/read-only mode/);
      await expect(run('create schema prod.planted')).rejects.toThrow(/read-only mode/);
      await expect(session.adapter.transaction((tx) => tx.execute('insert into main.t values (2)'))).rejects.toThrow(/read-only mode/);
      // the statements that could reopen production or reach the disk
      await expect(run(`use prod__pr_1; detach prod; attach '${production.path}' as prod`)).rejects.toThrow(/DETACH is not allowed/);
      await expect(run(`attach '${join(dir, 'other.duckdb')}' as other`)).rejects.toThrow(/ATTACH is not allowed/);
      await expect(run('set enable_external_access = true')).rejects.toThrow(/Cannot enable external access/);
      await expect(run("set allowed_directories = ['/']")).rejects.toThrow(/Cannot change allowed_directories/);
      // a project's own session settings still work
      await run("set timezone = 'UTC'");
      await expect(run(`copy (select * from prod.main.t) to '${join(dir, 'leak.csv')}'`)).rejects.toThrow(/disabled by configuration/);
      await expect(run(`select * from read_csv('${join(dir, 'secret.txt')}')`)).rejects.toThrow(/disabled by configuration/);
      expect(await rows(`select count(*)::int as n from read_csv('${seed}')`, run)).toEqual([{ n: 1 }]);
      expect(existsSync(join(dir, 'leak.csv'))).toBe(false);
      expect(await session.strayRelations((schema) => schema === 'pr_1')).toEqual([]);
      await run('create table prod__pr_1.main.stray as select 1 as x');
      expect(await session.strayRelations((schema) => schema === 'pr_1')).toEqual(['"prod__pr_1"."main"."stray"']);
    } finally {
      await session.close();
    }
    expect(reviewSessionExists({ production, reviewer: production, name: 'pr_1' })).toBe(true);
    expect(discardReviewSession({ production, reviewer: production, name: 'pr_1' })).toBe(true);
    expect(existsSync(join(dir, 'prod__pr_1.duckdb'))).toBe(false);
    const adapter = await openAdapter(production);
    try {
      expect((await adapter.execute('select count(*)::int as n from main.t')).rows).toEqual([{ n: 1 }]);
    } finally {
      await adapter.close();
    }
  });

  it('the check refuses a connection that can write production, saying why', async () => {
    const adapter = await openAdapter(production);
    try {
      const refusal = verifyReadOnly(adapter, 'prod');
      await expect(refusal).rejects.toThrow(/the pull request's connection could write production: production \(prod\) is attached with write access/);
      await expect(refusal).rejects.toMatchObject({ kind: 'config', hint: expect.stringMatching(/READ_ONLY/) });
      expect(await adapter.schemaExists(null, 'dailies_write_probe')).toBe(false);
    } finally {
      await adapter.close();
    }
  });

  it('refuses an in-memory or missing production', async () => {
    await expect(openReviewSession({ production: { ...production, path: ':memory:' }, reviewer: production, name: 'pr_2', readablePaths: [] })).rejects.toThrow(/not a DuckDB file/);
    await expect(openReviewSession({ production: { ...production, path: join(dir, 'missing.duckdb') }, reviewer: production, name: 'pr_2', readablePaths: [] })).rejects.toThrow(/does not exist/);
  });
});

describe('a second session for the same pull request', () => {
  it('starts from an empty database: what an earlier push left is gone', async () => {
    const first = await openReviewSession({ production, reviewer: production, name: 'pr_3', readablePaths: [] });
    try {
      await first.adapter.execute('create table prod__pr_3.main.left_behind as select 1 as x');
    } finally {
      await first.close();
    }
    const second = await openReviewSession({ production, reviewer: production, name: 'pr_3', readablePaths: [] });
    try {
      expect(await second.strayRelations(() => false)).toEqual([]);
    } finally {
      await second.close();
      discardReviewSession({ production, reviewer: production, name: 'pr_3' });
    }
  });
});
