import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { completeGenerations, pullProduction, pushProduction } from '../../src/production-store/generations.js';
import { openStore, type ProductionStore } from '../../src/production-store/store.js';
import { FakeGithubApi } from '../fixtures/github/fake-github-api.js';
import { DUMMY_CREDENTIALS, startS3Server, type TestS3Server } from '../fixtures/ingest/s3-server.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dailies-store-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

let s3: TestS3Server;
const api = new FakeGithubApi();
beforeAll(async () => {
  s3 = await startS3Server('state');
  await api.start();
}, 60_000);
afterAll(async () => {
  await s3?.stop();
  await api.stop();
});

const stores: Record<string, () => Promise<ProductionStore>> = {
  folder: async () => openStore(`file:${tempDir()}`, { env: {}, cwd: '/' }),
  s3: async () =>
    openStore(`s3://state/prod/${Math.random().toString(36).slice(2)}`, {
      env: {
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        AWS_REGION: 'us-east-1',
      },
      cwd: '/',
    }),
  'github-release': async () => {
    api.reset();
    return openStore('github-release', { env: { GITHUB_REPOSITORY: 'acme/shop', GITHUB_API_URL: api.url }, githubToken: 'ghs_test', cwd: '/' });
  },
};

describe.each(Object.keys(stores))('the %s production store', (kind) => {
  beforeAll(() => {
    // s3rver predates the SDK's default CRC checksums; the credentials are s3rver's
    process.env.AWS_ACCESS_KEY_ID = DUMMY_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = DUMMY_CREDENTIALS.secretAccessKey;
    process.env.AWS_REQUEST_CHECKSUM_CALCULATION = 'WHEN_REQUIRED';
    process.env.AWS_RESPONSE_CHECKSUM_VALIDATION = 'WHEN_REQUIRED';
  });

  it('holds nothing at first: a pull touches no file', async () => {
    const store = await stores[kind]!();
    const dir = tempDir();
    expect(await pullProduction(store, { databasePath: path.join(dir, 'prod.duckdb'), manifestPath: path.join(dir, 'manifest.json') })).toBeNull();
    expect(existsSync(path.join(dir, 'prod.duckdb'))).toBe(false);
  });

  it('returns the newest generation, and keeps only it and the one before', async () => {
    const store = await stores[kind]!();
    const dir = tempDir();
    const database = path.join(dir, 'prod.duckdb');
    for (const [i, now] of [1_700_000_000_000, 1_700_000_100_000, 1_700_000_200_000].entries()) {
      writeFileSync(database, `database ${i} `.repeat(50_000));
      await pushProduction(store, { databasePath: database, manifest: `{"n": ${i}}`, commit: `c0mmit${i}aaaaaaaaaaaa`, now });
    }
    const generations = completeGenerations(await store.list());
    expect(generations.map((generation) => generation.stamp)).toEqual(['1700000200000-c0mmit2aaaaa', '1700000100000-c0mmit1aaaaa']);
    const target = tempDir();
    writeFileSync(path.join(target, 'prod.duckdb.wal'), 'stale');
    const pulled = await pullProduction(store, { databasePath: path.join(target, 'prod.duckdb'), manifestPath: path.join(target, 'state', 'manifest.json') });
    expect(pulled?.stamp).toBe('1700000200000-c0mmit2aaaaa');
    expect(readFileSync(path.join(target, 'prod.duckdb'), 'utf8')).toBe('database 2 '.repeat(50_000));
    expect(pulled!.bytes).toBeLessThan(50_000);
    expect(readFileSync(path.join(target, 'state', 'manifest.json'), 'utf8')).toBe('{"n": 2}');
    expect(existsSync(path.join(target, 'prod.duckdb.wal'))).toBe(false);
  });

  it('ignores a generation whose manifest is missing (an interrupted push)', async () => {
    const store = await stores[kind]!();
    const file = path.join(tempDir(), 'x.gz');
    writeFileSync(file, 'x');
    await store.upload('production-1700000000000-abc.duckdb.gz', file);
    expect(completeGenerations(await store.list())).toEqual([]);
  });
});

describe('opening a store', () => {
  it('refuses unknown kinds, and a GitHub store without a repository or token, with hints', async () => {
    await expect(openStore('ftp://x', { env: {}, cwd: '/' })).rejects.toThrow(/unknown production store/);
    await expect(openStore('github-release', { env: { GITHUB_TOKEN: 't' }, cwd: '/' })).rejects.toThrow(/GITHUB_REPOSITORY is not set/);
    await expect(openStore('github-release', { env: { GITHUB_REPOSITORY: 'a/b' }, cwd: '/' })).rejects.toThrow(/no GitHub token/);
  });

  it('a GitHub store says which permission is missing', async () => {
    api.reset();
    api.failWith('POST', /\/releases$/, 403);
    const store = await openStore('github-release:prod-db', { env: { GITHUB_REPOSITORY: 'acme/shop', GITHUB_API_URL: api.url, GITHUB_TOKEN: 'ghs_x' }, cwd: '/' });
    const dir = tempDir();
    writeFileSync(path.join(dir, 'p.duckdb'), 'db');
    const error = await pushProduction(store, { databasePath: path.join(dir, 'p.duckdb'), manifest: '{}', commit: 'abc' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ message: expect.stringMatching(/creating the release: HTTP 403/), hint: expect.stringMatching(/contents: write/) });
  });
});
