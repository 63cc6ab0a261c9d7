/**
 * kill -9 during `dailies load` of an S3 zone into Snowflake (COPY stand-in): the process is killed
 * as soon as the stand-in receives its first COPY INTO (the file is being copied into the staging
 * table), or its first INSERT … SELECT into RAW (the rows are being written to RAW, the ledger row
 * not yet). Nothing of that file is visible afterwards (COPY, INSERT and ledger row are one
 * transaction, never committed), and the next load loads every file exactly once. The load runs as `dailies load` (bin/, built by `npm
 * ci`'s prepare step) in a child process.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLandingZone } from '../../../src/ingest/index.js';
import type { TargetConfig } from '../../../src/project/types.js';
import { openAdapter } from '../../../src/warehouse/index.js';
import { copyStandInMissing, startCopyStandIn, type CopyStandIn } from '../../fixtures/snowflake/copy-stand-in.js';
import { DUMMY_CREDENTIALS, startS3Server, type TestS3Server } from '../../fixtures/ingest/s3-server.js';
import { realAccount } from './helpers.js';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
const skipReason = realAccount ? 'the COPY tests run against the stand-in only (see copy-load.test.ts)' : copyStandInMissing();
const ROWS = 100_000;
let root: string;
let s3: TestS3Server;
let standIn: CopyStandIn;

beforeAll(async () => {
  if (skipReason) return;
  process.env.AWS_ACCESS_KEY_ID = DUMMY_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = DUMMY_CREDENTIALS.secretAccessKey;
  root = await mkdtemp(join(tmpdir(), 'dailies-sf-copy-killed-'));
  [s3, standIn] = await Promise.all([startS3Server('landing'), startCopyStandIn()]);
  await standIn.useS3(s3.endpoint, DUMMY_CREDENTIALS);
  // Big enough objects that a COPY is still running when the child is killed.
  const rows = Array.from({ length: ROWS }, (_, index) => `${index},${index % 9000},${'x'.repeat(40)}`).join('\n');
  for (const day of ['001', '002', '003']) await s3.put(`zone/events/events_day${day}.csv`, `id,movie,pad\n${rows}\n`);
}, 60_000);

afterAll(async () => {
  await Promise.all([s3?.stop(), standIn?.stop()]);
  if (root) await rm(root, { recursive: true, force: true });
});

describe.skipIf(skipReason !== null)('a Snowflake COPY load killed with SIGKILL', () => {
  it.each([
    ['its first COPY INTO', 'RAW_KILLED_AT_COPY', /^copy into /i],
    ['its first INSERT into RAW', 'RAW_KILLED_AT_INSERT', /^insert into "DAILIES"\."RAW_KILLED_AT_INSERT"\."EVENTS" /i],
  ])('killed at %s: no part of that file is loaded, and the next load loads every file exactly once', async (_when, SCHEMA, killAt) => {
    const target = {
      name: 'dev',
      type: 'snowflake',
      account: 'dailies',
      user: 'tester',
      password: 'stand-in',
      database: 'DAILIES',
      schema: 'PUBLIC',
      threads: 1,
      access_url: standIn.url,
      load_storage_integration: 'DAILIES_LANDING_S3',
    };
    const project = join(root, SCHEMA);
    await mkdir(project);
    await writeFile(join(project, 'dbt_project.yml'), 'name: killed\nversion: "1.0.0"\nconfig-version: 2\nprofile: killed\n');
    await writeFile(join(project, 'profiles.yml'), JSON.stringify({ killed: { target: 'dev', outputs: { dev: { ...target, name: undefined } } } }));
    await standIn.resetStatements();
    const args = [join(repoRoot, 'bin/dailies.js'), 'load', '--from', 's3://landing/zone', '--schema', SCHEMA, '--s3-endpoint', s3.endpoint, '--project-dir', project];
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env.PATH ?? '', HOME: root, AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey, AWS_REGION: 'us-east-1' },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((done) => child.once('exit', (_code, signal) => done(signal)));
    // Kill it the moment the stand-in has the statement.
    let seen = false;
    const deadline = Date.now() + 60_000;
    while (!seen && Date.now() < deadline && child.exitCode === null) {
      seen = (await standIn.statements()).some((statement) => killAt.test(statement.sql));
      if (!seen) await new Promise((done) => setTimeout(done, 5));
    }
    child.kill('SIGKILL');
    expect(await exited, 'the child was killed, not finished').toBe('SIGKILL');
    expect(seen, 'the child sent the statement before it was killed').toBe(true);

    const adapter = await openAdapter(target as TargetConfig);
    try {
      const events = `"DAILIES"."${SCHEMA}"."EVENTS"`;
      const ledger = `"DAILIES"."${SCHEMA}"."_DAILIES_LOAD_LEDGER"`;
      const state = async () => {
        const loaded = (await adapter.execute(`select count(*) as n, count(distinct "_LOAD_ID") as files from ${events}`)).rows[0];
        const recorded = (await adapter.execute(`select count(*) as n, coalesce(sum(row_count), 0) as rows from ${ledger}`)).rows[0];
        return { rows: Number(loaded?.n), files: Number(loaded?.files), ledgerFiles: Number(recorded?.n), ledgerRows: Number(recorded?.rows) };
      };
      // Whole files only, each with its ledger row; the one being copied is not there at all.
      const afterKill = await state();
      expect(afterKill.files).toBe(afterKill.ledgerFiles);
      expect(afterKill.rows).toBe(afterKill.files * ROWS);
      expect(afterKill.ledgerRows).toBe(afterKill.rows);
      expect(afterKill.files).toBeLessThan(3);
      // The killed run's staging table stays behind, with nothing committed in it.
      const leftovers = (await adapter.listRelations(null, SCHEMA)).filter((relation) => relation.identifier.startsWith('_DAILIES_STAGE_EVENTS_'));
      expect(leftovers).toHaveLength(1);
      expect((await adapter.execute(`select count(*) as n from ${adapter.renderRelation(leftovers[0]!)}`)).rows[0]?.n).toBe(0);

      const report = await loadLandingZone({ adapter, zone: 's3://landing/zone', schema: SCHEMA, s3: { endpoint: s3.endpoint, forcePathStyle: true } });
      expect(report.filesLoaded + report.filesSkipped).toBe(3);
      expect(report.filesSkipped).toBe(afterKill.files);
      expect(await state()).toEqual({ rows: 3 * ROWS, files: 3, ledgerFiles: 3, ledgerRows: 3 * ROWS });
    } finally {
      await adapter.close();
    }
  }, 120_000);
});
