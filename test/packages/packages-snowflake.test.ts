/**
 * The five-package project on Snowflake (the stand-in): the packages dispatch to their
 * `snowflake__` implementations (and dbt's global macros to dailies' Snowflake ones), every model
 * and seed builds with the rows the same project has on DuckDB, and the same tests pass and fail.
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/index.js';
import { loadProject } from '../../src/project/index.js';
import { runBuild } from '../../src/run/index.js';
import type { Adapter } from '../../src/warehouse/adapter.js';
import { openAdapter } from '../../src/warehouse/index.js';
import { skipReason, useSnowflake } from '../warehouse/snowflake/helpers.js';
import { packagesDir, packagesPresent } from './packages-dir.js';

const fixture = fileURLToPath(new URL('../fixtures/packages-project/', import.meta.url));

interface Outcome {
  /** unique_id → pass/fail/success/error … */
  statuses: Record<string, string>;
  /** model or seed name → rows */
  rows: Record<string, number>;
}

/** `dailies build` of the whole project: compiled without the warehouse, each node rendered just before it runs. */
async function buildAll(dir: string, adapter: Adapter): Promise<Outcome> {
  const project = await loadProject({ projectDir: dir, profilesDir: dir, env: {} });
  const compiler = await compileProject(project, { flags: { which: 'build' }, nodeErrors: 'collect' });
  const results = await runBuild({ compiler, adapter, select: Object.keys(compiler.manifest.nodes), command: 'build', threads: 4, targetDir: join(dir, 'target') });
  const statuses = Object.fromEntries(results.results.map((result) => [result.unique_id, result.status]));
  const rows: Record<string, number> = {};
  for (const node of Object.values(compiler.manifest.nodes)) {
    if (!['model', 'seed'].includes(node.resource_type) || !node.relation_name || node.config.materialized === 'ephemeral') continue;
    rows[node.name] = Number((await adapter.execute(`select count(*) as n from ${node.relation_name}`)).rows[0]?.n);
  }
  return { statuses, rows };
}

describe.skipIf(!packagesPresent || skipReason !== null)('the five-package project on Snowflake (stand-in)', () => {
  const world = useSnowflake();
  const root = mkdtempSync(join(tmpdir(), 'dailies-packages-sf-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('builds every model and seed with the rows DuckDB has, and the same tests pass and fail', async () => {
    symlinkSync(packagesDir, join(root, 'dbt-packages'), 'dir');
    const duckDir = join(root, 'project');
    cpSync(fixture, duckDir, { recursive: true });
    const duck = await openAdapter((await loadProject({ projectDir: duckDir, profilesDir: duckDir, env: {} })).target);
    let onDuck: Outcome;
    try {
      onDuck = await buildAll(duckDir, duck);
    } finally {
      await duck.close();
    }
    const sfDir = join(root, 'project-sf');
    cpSync(fixture, sfDir, { recursive: true });
    const target = world.target({ schema: world.schema('PKG') });
    writeFileSync(join(sfDir, 'profiles.yml'), JSON.stringify({ packages_proof: { target: 'sf', outputs: { sf: { ...target, name: undefined } } } }));
    const onSnowflake = await buildAll(sfDir, await world.open(target));
    expect(Object.keys(onSnowflake.rows).length).toBeGreaterThan(15);
    expect(onSnowflake.rows).toEqual(onDuck.rows);
    expect(onSnowflake.statuses).toEqual(onDuck.statuses);
    // the five tests built to fail (tagged must_fail) fail there too, and nothing else does
    expect(Object.values(onSnowflake.statuses).filter((status) => status !== 'success' && status !== 'pass')).toEqual(['fail', 'fail', 'fail', 'fail', 'fail']);
  }, 300_000);
});
