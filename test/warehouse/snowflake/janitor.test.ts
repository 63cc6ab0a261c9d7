/**
 * The janitor on Snowflake (stand-in): `dailies cleanup --older-than 7d` drops the PR schemas
 * (and variants) that information_schema.schemata says have not changed for 7 days, and with
 * --keep-open those of PRs no longer open; production's schema, its variants, the state schema
 * and anything not named like a PR schema stay. The stand-in's front reports the time it saw each
 * CREATE SCHEMA; a test backdates a schema through it.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import type { SnowflakeAdapter } from '../../../src/warehouse/snowflake/index.js';
import { realAccount, skipReason, useSnowflake } from './helpers.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const DAY = 86_400_000;

describe.skipIf(skipReason !== null || realAccount)('dailies cleanup --older-than on Snowflake (stand-in)', () => {
  const world = useSnowflake();
  let projectDir: string;
  let adapter: SnowflakeAdapter;
  let prod: string;
  let n: number;
  beforeAll(async () => {
    projectDir = mkdtempSync(path.join(os.tmpdir(), 'dailies-sf-janitor-'));
    cpSync(path.join(repoRoot, 'test/fixtures/run/shop'), projectDir, { recursive: true });
    prod = world.schema('PROD');
    const { name: _name, ...target } = world.target({ schema: prod });
    void _name;
    const pr = { ...target, user: 'dailies_pr', role: 'DAILIES_PR' };
    writeFileSync(path.join(projectDir, 'profiles.yml'), JSON.stringify({ shop: { target: 'pr', outputs: { prod: target, pr } } }));
    adapter = await world.open({ schema: prod });
    // numbers of this run: the stand-in's database is shared by the files of one run
    n = 100_000 + Math.floor(Math.random() * 800_000);
  }, 60_000);
  afterAll(() => rmSync(projectDir, { recursive: true, force: true }));

  const dailies = async (...argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await main([...argv, '--project-dir', projectDir], { cwd: projectDir, env: { HOME: projectDir }, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), signal: new AbortController().signal });
    return { code, stdout, stderr };
  };
  const schemas = async () => new Set(await (await world.open()).listSchemas(null));
  const create = async (schema: string, daysAgo: number) => {
    await adapter.createSchema(null, schema, { transient: true });
    if (daysAgo > 0) await world.standIn!.setSchemaTime('DAILIES', schema, new Date(Date.now() - daysAgo * DAY));
  };

  it('reads when each schema changed', async () => {
    const fresh = `PR_${n}_FRESH`;
    await create(fresh, 0);
    await create(`PR_${n}_AGED`, 9);
    const times = new Map((await adapter.schemaChangeTimes(null)).map((entry) => [entry.schema, entry.changedAt.getTime()]));
    expect(Date.now() - times.get(fresh)!).toBeLessThan(10 * 60_000);
    expect(Date.now() - times.get(`PR_${n}_AGED`)!).toBeGreaterThan(8.9 * DAY);
  });

  it('drops old PR schemas and their variants, keeps everything else', async () => {
    const a = n + 1;
    const b = n + 2;
    await create(`PR_${a}`, 10);
    await create(`PR_${a}_MARTS`, 10);
    await create(`PR_${b}`, 1);
    await create('PR_OLD_BRANCH_ABC123', 20);
    await create(`${prod}_MARTS`, 30); // production's custom schema
    await create(`${prod}_WAP_DEADBEEF`, 30); // promote's staging (cleanup --stale's business)
    await create('DAILIES_STATE', 30);
    await create('SCRATCH_OLD', 30);
    await create(`PRX_${n}`, 30);
    const dry = await dailies('cleanup', '--older-than', '7d', '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect((await schemas()).has(`PR_${a}`)).toBe(true);
    const { code, stdout, stderr } = await dailies('cleanup', '--older-than', '7d');
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/dropped \d+ PR schemas:/);
    const left = await schemas();
    for (const gone of [`PR_${a}`, `PR_${a}_MARTS`, 'PR_OLD_BRANCH_ABC123']) expect(left.has(gone), gone).toBe(false);
    for (const kept of [`PR_${b}`, `${prod}_MARTS`, `${prod}_WAP_DEADBEEF`, 'DAILIES_STATE', 'SCRATCH_OLD', `PRX_${n}`, prod]) expect(left.has(kept), kept).toBe(true);
  }, 60_000);

  it('with --keep-open drops the schemas of PRs that are not open', async () => {
    const open = n + 10;
    const closed = n + 11;
    await create(`PR_${open}`, 40);
    await create(`PR_${closed}`, 0);
    await create(`PR_${closed}_MARTS`, 0);
    const { code, stderr } = await dailies('cleanup', '--keep-open', `${open}`, '--older-than', '7d');
    expect(code, stderr).toBe(0);
    const left = await schemas();
    expect(left.has(`PR_${open}`)).toBe(true);
    expect(left.has(`PR_${closed}`)).toBe(false);
    expect(left.has(`PR_${closed}_MARTS`)).toBe(false);
  }, 60_000);
});
