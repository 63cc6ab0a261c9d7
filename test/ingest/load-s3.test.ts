import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '..', '..');
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DailiesError } from '../../src/errors.js';
import { generateSampleData, loadLandingZone, openLandingZone, type LoadOptions, type RawColumnTypes, type SampleDataReport } from '../../src/ingest/index.js';
import type { Adapter } from '../../src/warehouse/adapter.js';
import { openAdapter } from '../../src/warehouse/index.js';
import { DUMMY_CREDENTIALS, startS3Server, type TestS3Server } from '../fixtures/ingest/s3-server.js';

let root: string;
let s3: TestS3Server;
let sample: SampleDataReport;
let adapter: Adapter;
let database = 0;
const savedEnv = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'dailies-s3-test-'));
  // The loader takes credentials from the standard AWS chain; here, the environment.
  process.env.AWS_ACCESS_KEY_ID = DUMMY_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = DUMMY_CREDENTIALS.secretAccessKey;
  s3 = await startS3Server('landing');
  sample = await generateSampleData({ outDir: join(root, 'zone') });
  for (const file of sample.files) await s3.putFile(`daily/${file.key}`, file.path);
});

afterAll(async () => {
  await s3?.stop();
  await rm(root, { recursive: true, force: true });
  process.env.AWS_ACCESS_KEY_ID = savedEnv.id;
  process.env.AWS_SECRET_ACCESS_KEY = savedEnv.secret;
  if (savedEnv.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
  if (savedEnv.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
});

beforeEach(async () => {
  adapter = await openAdapter({ name: 'test', type: 'duckdb', schema: 'main', threads: 2, path: join(root, `warehouse-${++database}.duckdb`) });
});

afterEach(async () => {
  await adapter.close();
});

const load = (options: { force?: boolean; zone?: string; pageSize?: number; columnTypes?: RawColumnTypes; tempRoot?: string; onFile?: LoadOptions['onFile'] } = {}) =>
  loadLandingZone({
    adapter,
    zone: options.zone ?? 's3://landing/daily',
    force: options.force,
    columnTypes: options.columnTypes,
    onFile: options.onFile,
    s3: { endpoint: s3.endpoint, forcePathStyle: true, pageSize: options.pageSize, tempRoot: options.tempRoot },
  });

/** Replaces an object before returning (the loader does not wait for its onFile callback). */
function putSync(key: string, body: string): void {
  const code = `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
const client = new S3Client({ endpoint: process.env.ENDPOINT, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
await client.send(new PutObjectCommand({ Bucket: 'landing', Key: process.env.KEY, Body: process.env.BODY }));
client.destroy();`;
  execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: repoRoot, env: { ...process.env, ENDPOINT: s3.endpoint, KEY: key, BODY: body }, stdio: 'pipe' });
}

async function count(sql: string): Promise<number> {
  const { rows } = await adapter.execute(sql);
  return Number(Object.values(rows[0] ?? {})[0]);
}

describe('loadLandingZone from S3 (s3rver on 127.0.0.1)', () => {
  it('lists and streams every object into raw, keyed by object key, then loads nothing the second time', async () => {
    const first = await load({ pageSize: 2 }); // three ListObjectsV2 pages
    expect(first.zone).toBe('s3://landing/daily/');
    expect(first.filesLoaded).toBe(6);
    for (const file of sample.files) expect(await count(`select count(*) from raw.${file.table}`)).toBe(file.rows);
    const tagsFile = await adapter.execute('select distinct l.object_key from raw.tags as t inner join raw._dailies_load_ledger as l on t._load_id = l.load_id');
    expect(tagsFile.rows).toEqual([{ object_key: 'daily/tags/tags_day001.csv' }]);
    const etags = await adapter.execute(`select etag from raw._dailies_load_ledger where object_key = 'daily/ratings/ratings_day001.csv'`);
    expect(String(etags.rows[0]?.etag)).toMatch(/^[0-9a-f]{32}$/);

    const second = await load();
    expect(second.filesLoaded).toBe(0);
    expect(second.filesSkipped).toBe(6);
    const ratings = sample.files.find((f) => f.table === 'ratings')?.rows;
    expect(await count('select count(*) from raw.ratings')).toBe(ratings);
  });

  it('refuses a re-uploaded object with different contents unless forced', async () => {
    await s3.put('other/movies/movies_day001.csv', 'movieId,title,genres\n1,Blue River (1999),Drama\n');
    await load({ zone: 's3://landing/other' });
    await s3.put('other/movies/movies_day001.csv', 'movieId,title,genres\n1,Blue River (1999),Drama\n2,Red River (2001),Western\n');

    const refused = await load({ zone: 's3://landing/other' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DailiesError);
    expect((refused as DailiesError).place?.file).toBe('s3://landing/other/movies/movies_day001.csv');
    expect(await count('select count(*) from raw.movies')).toBe(1);

    const forced = await load({ zone: 's3://landing/other', force: true });
    expect(forced.filesReloaded).toBe(1);
    expect((await adapter.execute('select title from raw.movies order by "movieId"')).rows.map((r) => r.title)).toEqual(['Blue River (1999)', 'Red River (2001)']);
  });

  it('reports a malformed object by its s3:// name and line, and commits nothing of it', async () => {
    await s3.put('bad/ratings/ratings_day001.csv', 'userId,movieId,rating,timestamp\n1,1,4.0,1700000000\n1,2\n');
    const error = await load({ zone: 's3://landing/bad' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DailiesError);
    expect((error as DailiesError).place).toEqual({ file: 's3://landing/bad/ratings/ratings_day001.csv', line: 3 });
    expect((error as DailiesError).message).toContain('s3://landing/bad/ratings/ratings_day001.csv');
    expect(await count('select count(*) from raw._dailies_load_ledger')).toBe(0);
  });

  it('loads typed columns from S3, and names the s3:// object and its line when a value does not convert', async () => {
    const place = { file: 'models/staging/_sources.yml', line: 30 };
    const columnTypes: RawColumnTypes = new Map([['ratings', new Map([['movieId', { dataType: 'integer', place }], ['rating', { dataType: 'decimal(2,1)', place }]])]]);
    await s3.put('typed/ratings/ratings_day001.csv', 'userId,movieId,rating,timestamp\n1,1,4.0,1700000000\n');
    await s3.put('typed/ratings/ratings_day002.csv', 'userId,movieId,rating,timestamp\n1,2,4.0,1700000000\n1,x2,3.5,1700000001\n');
    const error = await load({ zone: 's3://landing/typed', columnTypes }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DailiesError);
    expect((error as DailiesError).place).toEqual({ file: 's3://landing/typed/ratings/ratings_day002.csv', line: 3 });
    expect((error as DailiesError).format()).toContain('s3://landing/typed/ratings/ratings_day002.csv:3: value "x2" of column movieId is not a valid integer');
    expect((error as DailiesError).message).not.toContain(tmpdir());
    expect((error as DailiesError).hint).toContain('declare the column as varchar in models/staging/_sources.yml:30');
    const columns = await adapter.getColumns({ database: null, schema: 'raw', identifier: 'ratings' });
    expect(columns.map((c) => c.dataType)).toEqual(['VARCHAR', 'INTEGER', 'DECIMAL(2,1)', 'VARCHAR', 'BIGINT', 'TIMESTAMP']);
    expect(await count('select count(*) from raw.ratings')).toBe(1);
    expect(await count('select count(*) from raw._dailies_load_ledger')).toBe(1);
  });

  it('streams an object to a temporary file that is removed on release', async () => {
    const zone = openLandingZone('s3://landing/daily', { endpoint: s3.endpoint, forcePathStyle: true });
    try {
      const objects = await zone.list();
      expect(objects.map((o) => o.relativeKey)).toEqual([...sample.files].map((f) => f.key).sort());
      const movies = objects.find((o) => o.relativeKey === 'movies/movies_day001.csv');
      expect(movies?.key).toBe('daily/movies/movies_day001.csv');
      const fetched = await zone.fetchToFile(movies as NonNullable<typeof movies>);
      expect(fetched.path.startsWith(tmpdir())).toBe(true);
      expect((await readFile(fetched.path)).equals(await readFile(join(root, 'zone', 'movies/movies_day001.csv')))).toBe(true);
      await fetched.release();
      await expect(access(fetched.path)).rejects.toThrow();
    } finally {
      await zone.close();
    }
  });

  it('names the bucket when it cannot be listed', async () => {
    const error = await load({ zone: 's3://no-such-bucket/x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DailiesError);
    expect((error as DailiesError).message).toContain('cannot list s3://no-such-bucket/x/');
    expect((error as DailiesError).message).not.toContain(DUMMY_CREDENTIALS.secretAccessKey);
  });

  it('reads each object pinned to its listed ETag: one replaced during the load fails clearly, and the next run loads the new bytes', async () => {
    const header = 'movieId,title,genres\n';
    await s3.put('race/movies/movies_day001.csv', `${header}1,One (2001),Drama\n`);
    await s3.put('race/movies/movies_day002.csv', `${header}2,Two (2002),Drama\n`);
    await s3.put('race/movies/movies_day003.csv', `${header}3,Old (2003),Drama\n`);
    const replacement = `${header}3,New (2003),Drama\n`; // same size: only the ETag tells
    let replaced = false;
    const error = await load({
      zone: 's3://landing/race',
      // day 3 is fetched after day 1 has loaded (one object is fetched ahead)
      onFile: (event) => {
        if (event.key.endsWith('movies_day001.csv') && !replaced) {
          replaced = true;
          putSync('race/movies/movies_day003.csv', replacement);
        }
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DailiesError);
    expect((error as DailiesError).place?.file).toBe('s3://landing/race/movies/movies_day003.csv');
    // s3rver ignores If-Match: the ETag of the response tells (AWS answers 412, reported the same way)
    expect((error as DailiesError).message).toMatch(/was replaced after it was listed \(listed with ETag [0-9a-f]{32}; its ETag is now [0-9a-f]{32}\); nothing of it was loaded/);
    expect(await count('select count(*) from raw._dailies_load_ledger')).toBe(2);

    const next = await load({ zone: 's3://landing/race' });
    expect(next.filesLoaded).toBe(1);
    expect((await adapter.execute('select title from raw.movies order by "movieId"')).rows.map((r) => r.title)).toEqual(['One (2001)', 'Two (2002)', 'New (2003)']);
    const { rows } = await adapter.execute(`select etag from raw._dailies_load_ledger where object_key = 'race/movies/movies_day003.csv'`);
    expect(rows[0]?.etag).toBe(createHash('md5').update(replacement).digest('hex'));
  });

  it("removes the temporary folders of killed loads (their process is gone), and its own, but not a running load's", async () => {
    const tempRoot = await mkdtemp(join(root, 'temp-'));
    const exited = spawn(process.execPath, ['-e', '']);
    const deadPid = await new Promise<number>((resolve) => exited.once('exit', () => resolve(exited.pid!)));
    const running = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const stale = join(tempRoot, `dailies-load-${deadPid}-AbC123`);
      const live = join(tempRoot, `dailies-load-${running.pid}-XyZ789`);
      for (const folder of [stale, live]) {
        await mkdir(folder);
        await writeFile(join(folder, '1-movies_movies_day001.csv'), 'half a download');
      }
      await load({ tempRoot });
      expect((await readdir(tempRoot)).sort()).toEqual([`dailies-load-${running.pid}-XyZ789`]);
    } finally {
      running.kill();
    }
  });
});
