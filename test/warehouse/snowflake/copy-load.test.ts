/**
 * `dailies load` from an S3 landing zone into Snowflake by COPY INTO from an external stage: the
 * COPY stand-in (fakesnow 0.11.22, whose COPY reads S3 through DuckDB's httpfs) reads s3rver on
 * 127.0.0.1. One COPY per file, each file's rows and ledger row in one transaction; row counts as
 * DuckDB's load of the same zone; nothing loaded twice; a changed file refused without --force; a
 * bad row aborts its file naming file, line and column, with nothing of it written.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DailiesError } from '../../../src/errors.js';
import { generateSampleData, loadLandingZone, openLandingZone, rawColumnTypes, type RawColumnTypes, type SampleDataReport } from '../../../src/ingest/index.js';
import type { S3LandingZone } from '../../../src/ingest/s3-zone.js';
import { loadProject } from '../../../src/project/index.js';
import type { TargetConfig } from '../../../src/project/types.js';
import type { Adapter } from '../../../src/warehouse/adapter.js';
import { openAdapter } from '../../../src/warehouse/index.js';
import { copyStandInMissing, startCopyStandIn, type CopyStandIn } from '../../fixtures/snowflake/copy-stand-in.js';
import { DUMMY_CREDENTIALS, startS3Server, type TestS3Server } from '../../fixtures/ingest/s3-server.js';
import { PROJECT_PARTS, repoRoot } from '../../fixtures/movie-repo.js';
import { realAccount } from './helpers.js';

const skipReason = realAccount ? 'COPY from S3 against a real account needs a bucket and a storage integration (not automated yet)' : copyStandInMissing();
if (skipReason) console.warn(`skipping the Snowflake COPY tests: ${skipReason}`);

let root: string;
let s3: TestS3Server;
let standIn: CopyStandIn;
let sample: SampleDataReport;
let movieTypes: RawColumnTypes;
const opened: Adapter[] = [];
const savedEnv = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

function target(extra: Record<string, unknown> = {}): TargetConfig {
  return {
    name: 'snowflake_local',
    type: 'snowflake',
    account: 'dailies',
    user: 'tester',
    password: 'stand-in',
    database: 'DAILIES',
    schema: 'PUBLIC',
    threads: 2,
    access_url: standIn.url,
    load_storage_integration: 'DAILIES_LANDING_S3',
    ...extra,
  } as TargetConfig;
}

async function open(extra: Record<string, unknown> = {}): Promise<Adapter> {
  const adapter = await openAdapter(target(extra));
  opened.push(adapter);
  return adapter;
}

/** Replaces an object before returning (the loader does not wait for its onFile callback). */
function putSync(key: string, body: string): void {
  const code = `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
const client = new S3Client({ endpoint: process.env.ENDPOINT, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
await client.send(new PutObjectCommand({ Bucket: 'landing', Key: process.env.KEY, Body: process.env.BODY }));
client.destroy();`;
  execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: repoRoot, env: { ...process.env, ENDPOINT: s3.endpoint, KEY: key, BODY: body }, stdio: 'pipe' });
}

let schemas = 0;
const freshSchema = () => `RAW_COPY_${process.pid}_${++schemas}`;

const load = (adapter: Adapter, zone: string, schema: string, options: { force?: boolean; columnTypes?: RawColumnTypes } = {}) =>
  loadLandingZone({ adapter, zone, schema, force: options.force, columnTypes: options.columnTypes, s3: { endpoint: s3.endpoint, forcePathStyle: true } });

async function count(adapter: Adapter, sql: string): Promise<number> {
  const { rows } = await adapter.execute(sql);
  return Number(Object.values(rows[0] ?? {})[0]);
}

beforeAll(async () => {
  if (skipReason) return;
  root = mkdtempSync(join(tmpdir(), 'dailies-sf-copy-'));
  process.env.AWS_ACCESS_KEY_ID = DUMMY_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = DUMMY_CREDENTIALS.secretAccessKey;
  [s3, standIn] = await Promise.all([startS3Server('landing'), startCopyStandIn()]);
  await standIn.useS3(s3.endpoint, DUMMY_CREDENTIALS);
  sample = await generateSampleData({ outDir: join(root, 'zone'), scale: 0.001 });
  for (const file of sample.files) await s3.putFile(`movies/${file.key}`, file.path);
  // The RAW column types the movie project declares (models/staging/_sources.yml), as `dailies load` takes them.
  const project = join(root, 'project');
  for (const part of PROJECT_PARTS) cpSync(join(repoRoot, part), join(project, part), { recursive: true });
  writeFileSync(join(project, 'profiles.yml'), JSON.stringify({ movie_analytics: { target: 'dev', outputs: { dev: { type: 'duckdb', path: 'x.duckdb', schema: 'main', threads: 1 } } } }));
  movieTypes = rawColumnTypes(await loadProject({ projectDir: project, env: {} }), 'raw');
}, 120_000);

afterAll(async () => {
  await Promise.all(opened.splice(0).map((adapter) => adapter.close()));
  await Promise.all([s3?.stop(), standIn?.stop()]);
  if (root) rmSync(root, { recursive: true, force: true });
  process.env.AWS_ACCESS_KEY_ID = savedEnv.id;
  process.env.AWS_SECRET_ACCESS_KEY = savedEnv.secret;
  if (savedEnv.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
  if (savedEnv.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
});

describe.skipIf(skipReason !== null)('dailies load from S3 into Snowflake by COPY INTO (COPY stand-in, s3rver)', () => {
  it('loads the movie landing zone with one COPY per file and DuckDB\'s row counts, then nothing the second time', async () => {
    const duck = await openAdapter({ name: 'duck', type: 'duckdb', schema: 'main', threads: 2, path: join(root, 'duck.duckdb') });
    opened.push(duck);
    const onDuck = await load(duck, 's3://landing/movies', 'raw', { columnTypes: movieTypes });
    expect(onDuck.filesLoaded).toBe(sample.files.length);

    const adapter = await open();
    const schema = freshSchema();
    await standIn.resetStatements();
    const first = await load(adapter, 's3://landing/movies', schema, { columnTypes: movieTypes });
    expect(first.filesLoaded).toBe(sample.files.length);
    for (const file of sample.files) {
      const rows = await count(adapter, `select count(*) from "DAILIES"."${schema}"."${file.table.toUpperCase()}"`);
      expect(rows, file.table).toBe(await count(duck, `select count(*) from raw.${file.table}`));
      expect(rows, file.table).toBe(file.rows);
    }
    const statements = (await standIn.statements()).map((statement) => statement.sql);
    const copies = statements.filter((sql) => /^copy into /i.test(sql));
    expect(copies).toHaveLength(sample.files.length);
    // one transaction per file: BEGIN, COPY, INSERT … SELECT into RAW, DELETE from staging, ledger row, COMMIT
    expect(statements.filter((sql) => sql === 'begin')).toHaveLength(sample.files.length);
    expect(statements.filter((sql) => sql === 'commit')).toHaveLength(sample.files.length);
    for (const sql of copies) expect(sql).toMatch(/ from @"DAILIES"\."RAW_COPY_\d+_\d+"\."_DAILIES_LANDING" files = \('[a-z_]+\/[a-z_0-9]+\.csv'\) file_format = \(type = csv skip_header = 1 .*\) on_error = abort_statement force = true$/);
    expect(statements.filter((sql) => /^create stage if not exists /i.test(sql))).toEqual([
      `create stage if not exists "DAILIES"."${schema}"."_DAILIES_LANDING" url = 's3://landing/movies/' storage_integration = "DAILIES_LANDING_S3"`,
    ]);
    // no credential in any statement: the stage reads S3 through its storage integration
    expect(statements.join('\n')).not.toMatch(/credentials|aws_key_id|aws_secret_key/i);
    expect(statements.join('\n')).not.toContain(DUMMY_CREDENTIALS.secretAccessKey);
    // rows never pass through dailies: the only INSERT … VALUES are the ledger's
    expect(statements.filter((sql) => /^insert into .* values /i.test(sql) && !sql.includes('"_DAILIES_LOAD_LEDGER"'))).toEqual([]);
    // every staging table of the run is gone
    expect((await adapter.listRelations(null, schema)).map((relation) => relation.identifier).filter((name) => name.startsWith('_DAILIES_STAGE'))).toEqual([]);
    // the same values: typed sums and text lengths agree with DuckDB's load
    const duckSums = (await duck.execute('select sum(rating) as r, sum("movieId") as m from raw.ratings')).rows[0];
    const sfSums = (await adapter.execute(`select sum(rating) as r, sum("MOVIEID") as m from "DAILIES"."${schema}"."RATINGS"`)).rows[0];
    expect(Number(sfSums?.r)).toBeCloseTo(Number(duckSums?.r), 6);
    expect(Number(sfSums?.m)).toBe(Number(duckSums?.m));
    const titles = 'sum(length(title)) as l, count(*) - count(genres) as g';
    const duckTitles = (await duck.execute(`select ${titles} from raw.movies`)).rows[0];
    const sfTitles = (await adapter.execute(`select ${titles} from "DAILIES"."${schema}"."MOVIES"`)).rows[0];
    expect([Number(sfTitles?.l), Number(sfTitles?.g)]).toEqual([Number(duckTitles?.l), Number(duckTitles?.g)]);
    // typed as the project declares, each row with its file's ledger row
    const ratingColumns = await adapter.getColumns({ database: null, schema, identifier: 'RATINGS' });
    expect(ratingColumns.find((column) => column.name === 'RATING')?.dataType).toMatch(/^NUMBER\(2,1\)$/);
    const ledger = (await adapter.execute(`select object_key, row_count, etag from "DAILIES"."${schema}"."_DAILIES_LOAD_LEDGER" order by object_key`)).rows;
    expect(ledger.map((row) => row.object_key)).toEqual(sample.files.map((file) => `movies/${file.key}`).sort());
    expect(ledger.every((row) => /^[0-9a-f]{32}$/.test(String(row.etag)))).toBe(true);
    const joined = await count(adapter, `select count(*) from "DAILIES"."${schema}"."TAGS" t join "DAILIES"."${schema}"."_DAILIES_LOAD_LEDGER" l on t."_LOAD_ID" = l.load_id where l.object_key like 'movies/tags/%'`);
    expect(joined).toBe(sample.files.find((file) => file.table === 'tags')?.rows);

    await standIn.resetStatements();
    const second = await load(adapter, 's3://landing/movies', schema, { columnTypes: movieTypes });
    expect(second).toMatchObject({ filesLoaded: 0, filesSkipped: sample.files.length });
    expect((await standIn.statements()).filter((statement) => /^(copy|create stage)/i.test(statement.sql))).toEqual([]);
    expect(await count(adapter, `select count(*) from "DAILIES"."${schema}"."RATINGS"`)).toBe(sample.files.find((file) => file.table === 'ratings')?.rows);
  }, 120_000);

  it('refuses a re-uploaded object with different contents unless forced, as on DuckDB', async () => {
    const adapter = await open();
    const schema = freshSchema();
    await s3.put('changed/movies/movies_day001.csv', 'movieId,title,genres\n1,Blue River (1999),Drama\n');
    await load(adapter, 's3://landing/changed', schema);
    await s3.put('changed/movies/movies_day001.csv', 'movieId,title,genres\n1,Blue River (1999),Drama\n2,"Red River, The (2001)",Western\n');
    const refused = await load(adapter, 's3://landing/changed', schema).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DailiesError);
    expect((refused as DailiesError).place?.file).toBe('s3://landing/changed/movies/movies_day001.csv');
    expect((refused as DailiesError).message).toContain('changed since they were loaded');
    expect(await count(adapter, `select count(*) from "DAILIES"."${schema}"."MOVIES"`)).toBe(1);

    const forced = await load(adapter, 's3://landing/changed', schema, { force: true });
    expect(forced.filesReloaded).toBe(1);
    const titles = (await adapter.execute(`select title from "DAILIES"."${schema}"."MOVIES" order by "MOVIEID"`)).rows.map((row) => row.title);
    expect(titles).toEqual(['Blue River (1999)', 'Red River, The (2001)']);
    expect(await count(adapter, `select count(*) from "DAILIES"."${schema}"."_DAILIES_LOAD_LEDGER"`)).toBe(1);
  }, 60_000);

  it('stops at a value that does not convert, naming the file, line and column, with nothing of the file written', async () => {
    const adapter = await open();
    const schema = freshSchema();
    const place = { file: 'models/staging/_sources.yml', line: 30 };
    const columnTypes: RawColumnTypes = new Map([['ratings', new Map([['movieId', { dataType: 'integer', place }], ['rating', { dataType: 'decimal(2,1)', place }]])]]);
    await s3.put('bad/ratings/ratings_day001.csv', 'userId,movieId,rating,timestamp\n1,1,4.0,1700000000\n');
    await s3.put('bad/ratings/ratings_day002.csv', 'userId,movieId,rating,timestamp\n1,2,4.0,1700000000\n1,3,x.5,1700000001\n');
    const error = await load(adapter, 's3://landing/bad', schema, { columnTypes }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DailiesError);
    expect((error as DailiesError).place).toEqual({ file: 's3://landing/bad/ratings/ratings_day002.csv', line: 3 });
    expect((error as DailiesError).format()).toContain('s3://landing/bad/ratings/ratings_day002.csv:3: value "x.5" of column rating is not a valid decimal(2,1)');
    expect((error as DailiesError).hint).toContain('models/staging/_sources.yml:30');
    expect(await count(adapter, `select count(*) from "DAILIES"."${schema}"."RATINGS"`)).toBe(1);
    expect(await count(adapter, `select count(*) from "DAILIES"."${schema}"."_DAILIES_LOAD_LEDGER"`)).toBe(1);
  }, 60_000);

  it('stops at a row with too few fields, naming the file and line, with nothing of the file written', async () => {
    const adapter = await open();
    const schema = freshSchema();
    await s3.put('short/tags/tags_day001.csv', 'userId,movieId,tag,timestamp\n1,1,funny,1700000000\n2,1,dark\n');
    const error = await load(adapter, 's3://landing/short', schema).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DailiesError);
    expect((error as DailiesError).place).toMatchObject({ file: 's3://landing/short/tags/tags_day001.csv', line: 3 });
    expect((error as DailiesError).message).toMatch(/Number of columns in file \(3\) does not match that of the corresponding table \(4\)/);
    expect(await count(adapter, `select count(*) from "DAILIES"."${schema}"."TAGS"`)).toBe(0);
    expect(await count(adapter, `select count(*) from "DAILIES"."${schema}"."_DAILIES_LOAD_LEDGER"`)).toBe(0);
  }, 60_000);

  it('refuses an object replaced after it was listed, before and after Snowflake read it; the next run loads the new bytes', async () => {
    const adapter = await open();
    const schema = freshSchema();
    const header = 'movieId,title,genres\n';
    await s3.put('race/movies/movies_day001.csv', `${header}1,One (2001),Drama\n`);
    await s3.put('race/movies/movies_day002.csv', `${header}2,Old (2002),Drama\n`);
    const replacement = `${header}2,New (2002),Drama\n`; // same size: only the ETag tells
    let replaced = false;
    const error = await loadLandingZone({
      adapter,
      zone: 's3://landing/race',
      schema,
      s3: { endpoint: s3.endpoint, forcePathStyle: true },
      onFile: (event) => {
        if (event.key.endsWith('movies_day001.csv') && !replaced) {
          replaced = true;
          putSync('race/movies/movies_day002.csv', replacement);
        }
      },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DailiesError);
    expect((error as DailiesError).place?.file).toBe('s3://landing/race/movies/movies_day002.csv');
    expect((error as DailiesError).message).toMatch(/was replaced after it was listed \(listed with ETag [0-9a-f]{32}; its ETag is now [0-9a-f]{32}\); nothing of it was loaded/);
    expect(await count(adapter, `select count(*) from "DAILIES"."${schema}"."_DAILIES_LOAD_LEDGER"`)).toBe(1);
    expect((await load(adapter, 's3://landing/race', schema)).filesLoaded).toBe(1);
    const titles = (await adapter.execute(`select title from "DAILIES"."${schema}"."MOVIES" order by "MOVIEID"`)).rows.map((row) => row.title);
    expect(titles).toEqual(['One (2001)', 'New (2002)']);

    // after the warehouse read it (the check before the ledger row is written)
    const zone = openLandingZone('s3://landing/race', { endpoint: s3.endpoint, forcePathStyle: true }) as S3LandingZone;
    try {
      const [listed] = (await zone.list()).filter((object) => object.key.endsWith('movies_day001.csv'));
      await zone.checkUnchanged(listed!);
      await s3.put('race/movies/movies_day001.csv', `${header}1,Uno (2001),Drama\n`);
      await expect(zone.checkUnchanged(listed!)).rejects.toThrow(/was replaced after it was listed/);
    } finally {
      await zone.close();
    }
  }, 60_000);

  it('loads a header-only file as no rows, and refuses an empty file at its line 1', async () => {
    const adapter = await open();
    const schema = freshSchema();
    await s3.put('edges/tags/tags_day001.csv', 'userId,movieId,tag,timestamp\n');
    expect(await load(adapter, 's3://landing/edges', schema)).toMatchObject({ filesLoaded: 1, rows: 0 });
    await s3.put('edges/tags/tags_day002.csv', Buffer.alloc(0));
    const error = await load(adapter, 's3://landing/edges', schema).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DailiesError);
    expect((error as DailiesError).place).toEqual({ file: 's3://landing/edges/tags/tags_day002.csv', line: 1 });
    expect(await count(adapter, `select count(*) from "DAILIES"."${schema}"."_DAILIES_LOAD_LEDGER"`)).toBe(1);
  }, 60_000);

  it('refuses a zone with no stage and no storage integration, and a stage that reads another place, before loading anything', async () => {
    await s3.put('nostage/movies/movies_day001.csv', 'movieId,title,genres\n1,Blue River (1999),Drama\n');
    const bare = await open({ load_storage_integration: undefined });
    const schema = freshSchema();
    const missing = await load(bare, 's3://landing/nostage', schema).catch((caught: unknown) => caught);
    expect(missing).toBeInstanceOf(DailiesError);
    expect((missing as DailiesError).message).toContain(`stage DAILIES.${schema}._DAILIES_LANDING does not exist`);
    expect((missing as DailiesError).hint).toContain('load_storage_integration');

    const adapter = await open();
    await adapter.execute(`create stage if not exists "DAILIES"."${schema}"."_DAILIES_LANDING" url = 's3://landing/elsewhere/'`);
    const elsewhere = await load(adapter, 's3://landing/nostage', schema).catch((caught: unknown) => caught);
    expect(elsewhere).toBeInstanceOf(DailiesError);
    expect((elsewhere as DailiesError).message).toContain("reads s3://landing/elsewhere/, not the landing zone s3://landing/nostage/");
    expect(await count(adapter, `select count(*) from "DAILIES"."${schema}"."_DAILIES_LOAD_LEDGER"`)).toBe(0);

    // a stage named in the target (load_stage) that reads the zone is used as it is
    await adapter.execute(`create stage if not exists "DAILIES"."${schema}"."LANDING" url = 's3://landing/nostage/'`);
    const named = await open({ load_storage_integration: undefined, load_stage: `${schema}.LANDING` });
    expect(await load(named, 's3://landing/nostage', schema)).toMatchObject({ filesLoaded: 1, rows: 1 });
  }, 60_000);
});
