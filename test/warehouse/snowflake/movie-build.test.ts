/**
 * The movie project end to end on the Snowflake stand-in: every seed, model, snapshot and test,
 * with the same row counts and headline numbers as on DuckDB. RAW is loaded on DuckDB by
 * `loadLandingZone` and copied to the stand-in in bulk (fakesnow needs seconds per 1,000-row
 * INSERT); the adapter's own load path is tested in load.test.ts.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../../src/compiler/index.js';
import { headlineNumbers } from '../../../src/demo/headlines.js';
import { generateSampleData, loadLandingZone, rawColumnTypes } from '../../../src/ingest/index.js';
import { loadProject } from '../../../src/project/index.js';
import { runBuild, type RunResults } from '../../../src/run/index.js';
import type { Adapter } from '../../../src/warehouse/adapter.js';
import { openAdapter } from '../../../src/warehouse/index.js';
import { PROJECT_PARTS, repoRoot } from '../../fixtures/movie-repo.js';
import { skipReason, useSnowflake } from './helpers.js';

interface Built {
  results: RunResults;
  counts: Record<string, number>;
  headlines: string[];
}

async function buildOn(projectDir: string, target: string, adapter: Adapter): Promise<Built> {
  const project = await loadProject({ projectDir, target, env: {} });
  const compiler = await compileProject(project, { adapter });
  const results = await runBuild({ compiler, adapter, select: Object.keys(compiler.manifest.nodes), command: 'build', threads: 4, targetDir: join(projectDir, 'target') });
  const counts: Record<string, number> = {};
  for (const node of Object.values(compiler.manifest.nodes)) {
    if (!['model', 'seed', 'snapshot'].includes(node.resource_type) || node.config.materialized === 'ephemeral' || !node.relation_name) continue;
    const { rows } = await adapter.execute(`select count(*) as n from ${node.relation_name}`);
    counts[node.name] = Number(rows[0]?.n);
  }
  return { results, counts, headlines: (await headlineNumbers(adapter, compiler.manifest)).lines };
}

describe.skipIf(skipReason !== null)('the movie project on Snowflake (stand-in)', () => {
  const world = useSnowflake();
  let dir: string;
  let zone: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dailies-movie-sf-'));
    for (const part of PROJECT_PARTS) cpSync(join(repoRoot, part), join(dir, part), { recursive: true });
    zone = mkdtempSync(join(tmpdir(), 'dailies-movie-zone-'));
    await generateSampleData({ outDir: zone, scale: 0.001 });
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(zone, { recursive: true, force: true });
  });

  it('builds every node with the same row counts and headline numbers as DuckDB', async () => {
    if (!world.standIn) return; // against a real account RAW comes from `dailies load` (see docs/snowflake.md)
    const target = world.target({ schema: world.schema('MOVIES') });
    const duckPath = join(dir, 'duck.duckdb');
    const profile = {
      movie_analytics: {
        target: 'duck',
        outputs: { duck: { type: 'duckdb', path: duckPath, schema: 'main', threads: 4 }, snowflake_local: { ...target, name: undefined } },
      },
    };
    writeFileSync(join(dir, 'profiles.yml'), JSON.stringify(profile));
    const duck = await openAdapter((await loadProject({ projectDir: dir, target: 'duck', env: {} })).target);
    let onDuck: Built;
    try {
      await loadLandingZone({ adapter: duck, zone, columnTypes: rawColumnTypes(await loadProject({ projectDir: dir, target: 'duck', env: {} }), 'raw') });
      onDuck = await buildOn(dir, 'duck', duck);
    } finally {
      await duck.close();
    }
    const snowflake = await world.open(target);
    await world.standIn.copyFromDuckDB(duckPath, 'raw', 'DAILIES', 'RAW');
    const onSnowflake = await buildOn(dir, 'snowflake_local', snowflake);
    const failures = onSnowflake.results.results.filter((result) => result.status !== 'success' && result.status !== 'pass');
    expect(failures.map((result) => `${result.unique_id}: ${result.message}`)).toEqual([]);
    expect(onSnowflake.results.results).toHaveLength(onDuck.results.results.length);
    expect(onSnowflake.counts).toEqual(onDuck.counts);
    // Watch hours are sums of NUMBER divisions: Snowflake keeps a fixed scale where DuckDB uses
    // doubles, so the rounded total may differ in its last digit. Countries and order must agree.
    const hoursApart = (line: string) => line.replace(/[\d,]+\.\d h/g, 'N h');
    expect(onSnowflake.headlines.map(hoursApart)).toEqual(onDuck.headlines.map(hoursApart));
    expect(onSnowflake.headlines.filter((line) => !line.startsWith('most watch time'))).toEqual(onDuck.headlines.filter((line) => !line.startsWith('most watch time')));
  }, 180_000);
});
