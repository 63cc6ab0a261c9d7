/**
 * kill -9 during an S3 load: the killed process cannot remove its download folder; the next load
 * removes it, and loads every object exactly once. The load runs as `dailies load` (bin/, built
 * by `npm ci`'s prepare step) in a child process whose TMPDIR is a folder of this test.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLandingZone } from '../../src/ingest/index.js';
import { openAdapter } from '../../src/warehouse/index.js';
import { DUMMY_CREDENTIALS, startS3Server, type TestS3Server } from '../fixtures/ingest/s3-server.js';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const ROWS = 400_000;
let root: string;
let s3: TestS3Server;

beforeAll(async () => {
  // The in-process load takes credentials from the standard AWS chain: here, the environment (this file's worker only).
  process.env.AWS_ACCESS_KEY_ID = DUMMY_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = DUMMY_CREDENTIALS.secretAccessKey;
  root = await mkdtemp(join(tmpdir(), 'dailies-s3-killed-'));
  s3 = await startS3Server('landing');
  // Big enough objects that the download is still running when the child is killed.
  const rows = Array.from({ length: ROWS }, (_, index) => `${index},${index % 9000},${'x'.repeat(40)}`).join('\n');
  for (const day of ['001', '002', '003']) await s3.put(`zone/events/events_day${day}.csv`, `id,movie,pad\n${rows}\n`);
}, 60_000);

afterAll(async () => {
  await s3?.stop();
  await rm(root, { recursive: true, force: true });
});

describe('a killed S3 load', () => {
  it('leaves its download folder, which the next load removes, and nothing is loaded twice', async () => {
    const project = join(root, 'project');
    const temp = join(root, 'tmp');
    await mkdir(project);
    await mkdir(temp);
    await writeFile(join(project, 'dbt_project.yml'), 'name: killed\nversion: "1.0.0"\nconfig-version: 2\nprofile: killed\n');
    await writeFile(join(project, 'profiles.yml'), 'killed:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: warehouse.duckdb\n      schema: main\n      threads: 1\n');
    const child = spawn(process.execPath, [join(repoRoot, 'bin/dailies.js'), 'load', '--from', 's3://landing/zone', '--s3-endpoint', s3.endpoint, '--project-dir', project], {
      env: { PATH: process.env.PATH ?? '', HOME: root, TMPDIR: temp, AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey, AWS_REGION: 'us-east-1' },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    // Wait for its download folder to hold a file, then kill it.
    let folder: string | undefined;
    const deadline = Date.now() + 30_000;
    while (!folder && Date.now() < deadline) {
      for (const name of await readdir(temp)) if (name.startsWith(`dailies-load-${child.pid}-`) && (await readdir(join(temp, name))).length > 0) folder = name;
      if (!folder) await new Promise((done) => setTimeout(done, 5));
    }
    child.kill('SIGKILL');
    await exited;
    expect(folder, 'the child made its download folder').toBeDefined();
    expect(await readdir(temp)).toContain(folder);

    const adapter = await openAdapter({ name: 'dev', type: 'duckdb', schema: 'main', threads: 1, path: join(project, 'warehouse.duckdb') });
    try {
      const report = await loadLandingZone({ adapter, zone: 's3://landing/zone', s3: { endpoint: s3.endpoint, forcePathStyle: true, tempRoot: temp } });
      expect(await readdir(temp)).toEqual([]);
      expect(report.filesLoaded + report.filesSkipped).toBe(3);
      const { rows } = await adapter.execute('select count(*) as n, count(distinct _load_id) as files from raw.events');
      expect(rows[0]).toEqual({ n: 3 * ROWS, files: 3 });
    } finally {
      await adapter.close();
    }
  }, 90_000);
});
