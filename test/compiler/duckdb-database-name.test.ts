/**
 * The database of a DuckDB target, named before anything connects as dbt-duckdb names it: after
 * the profile's file (DuckDB's own catalog name for it), `memory` in memory. The expected values
 * were recorded from dbt-core 1.11.16 + dbt-duckdb 1.11.1 (`dbt parse` of test/fixtures/compat
 * with each profile below).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/index.js';
import { changedIds, compareManifests } from '../../src/graph/index.js';
import type { Manifest } from '../../src/graph/types.js';
import { loadProject } from '../../src/project/index.js';
import { duckdbDatabaseName } from '../../src/warehouse/duckdb/database-name.js';
import { openAdapter } from '../../src/warehouse/index.js';

const fixture = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'compat', 'project');
const env = { HOME: join(tmpdir(), 'dailies-no-home') };
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dailies-duckdb-name-'));
  dirs.push(dir);
  return dir;
}

/** A copy of the compat fixture whose dev target holds `output` (YAML lines under `dev:`). */
function compatWith(output: string[]): string {
  const root = tempDir();
  cpSync(fixture, root, { recursive: true });
  writeFileSync(join(root, 'profiles.yml'), ['compat:', '  target: dev', '  outputs:', '    dev:', '      type: duckdb', ...output.map((line) => `      ${line}`), '      schema: main', ''].join('\n'));
  return root;
}

async function parsed(root: string): Promise<Manifest> {
  return (await compileProject(await loadProject({ projectDir: root, env }))).manifest;
}

function names(manifest: Manifest): Record<string, string | null> {
  return {
    model: manifest.nodes['model.compat.dim_movies']!.database,
    model_relation: manifest.nodes['model.compat.dim_movies']!.relation_name,
    snapshot_relation: manifest.nodes['snapshot.compat.movies_snapshot']!.relation_name,
    test: manifest.nodes['test.compat.not_null_movie_count_movies.a151ed1ff0']!.database,
    source: manifest.sources['source.compat.landing.ratings']!.database,
    source_relation: manifest.sources['source.compat.landing.ratings']!.relation_name,
  };
}

describe("a DuckDB target's database, as dbt-duckdb names it", () => {
  it('is the file name up to its first dot, as DuckDB names the catalog of the file it opens', async () => {
    const dir = tempDir();
    for (const file of ['prod.duckdb', 'my.db.duckdb', '.hidden.duckdb', 'Prod.duckdb', 'warehouse']) {
      const path = join(dir, file);
      const adapter = await openAdapter({ name: 'dev', type: 'duckdb', schema: 'main', threads: 1, path });
      try {
        expect({ file, name: duckdbDatabaseName(path) }).toEqual({ file, name: adapter.defaultDatabase });
      } finally {
        await adapter.close();
      }
    }
    expect(duckdbDatabaseName(':memory:')).toBe('memory');
    expect(duckdbDatabaseName(undefined)).toBe('memory');
    // dbt-duckdb's message for `path: data/My.Warehouse.duckdb` with another `database:`: "must be set to 'My'"
    expect(duckdbDatabaseName('data/My.Warehouse.duckdb')).toBe('My');
    expect(duckdbDatabaseName('s3://bucket/lake/events.duckdb?s3_region=eu')).toBe('events');
  });

  it("names models, tests, snapshots and sources after the profile's file and renders relation_name with it", async () => {
    expect(names(await parsed(compatWith(['path: compat.duckdb'])))).toEqual({
      model: 'compat',
      model_relation: '"compat"."main"."dim_movies"',
      snapshot_relation: '"compat"."snapshots"."movies_snapshot"',
      test: 'compat',
      source: 'compat',
      source_relation: '"compat"."main"."ratings"',
    });
  });

  it('names them memory in memory and without a path', async () => {
    const memory = {
      model: 'memory',
      model_relation: '"memory"."main"."dim_movies"',
      snapshot_relation: '"memory"."snapshots"."movies_snapshot"',
      test: 'memory',
      source: 'memory',
      source_relation: '"memory"."main"."ratings"',
    };
    expect(names(await parsed(compatWith(["path: ':memory:'"])))).toEqual(memory);
    expect(names(await parsed(compatWith([])))).toEqual(memory);
  });

  it("follows the profile's database key (dbt-duckdb accepts only the file's own name there)", async () => {
    expect(names(await parsed(compatWith(['path: compat.duckdb', 'database: compat'])))).toMatchObject({ model: 'compat', source: 'compat' });
  });

  it('renders ref(), source() and this with the database before connecting, as the build renders them', async () => {
    const root = compatWith(['path: compat.duckdb']);
    const project = await loadProject({ projectDir: root, env });
    const before = (await compileProject(project)).manifest;
    const adapter = await openAdapter(project.target);
    try {
      const connected = (await compileProject(project, { adapter })).manifest;
      const databases = (manifest: Manifest) => Object.fromEntries([...Object.values(manifest.nodes), ...Object.values(manifest.sources)].map((node) => [node.unique_id, [node.database, node.relation_name]]));
      expect(databases(before)).toEqual(databases(connected));
      for (const manifest of [before, connected]) expect(manifest.nodes['model.compat.dim_movies']!.compiled_code).toContain('from "compat"."main"."stg_movies"');
    } finally {
      await adapter.close();
    }
  });

  it("finds nothing changed between two targets' manifests that differ only in their file (production's and another)", async () => {
    const production = await parsed(compatWith(['path: prod.duckdb']));
    const other = await parsed(compatWith(['path: dev.duckdb']));
    expect(production.sources['source.compat.landing.ratings']!.database).toBe('prod');
    expect(other.sources['source.compat.landing.ratings']!.database).toBe('dev');
    expect(changedIds(compareManifests(production, other))).toEqual([]);
  });

  it('still finds a source modified when the database it names itself changes', async () => {
    const named = (database: string) => {
      const root = compatWith(['path: prod.duckdb']);
      const file = join(root, 'models', 'staging', 'sources.yml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('    schema: main\n', `    database: ${database}\n    schema: main\n`));
      return parsed(root);
    };
    const [before, after] = [await named('landing'), await named('landing_v2')];
    expect(after.sources['source.compat.landing.ratings']!.relation_name).toBe('"landing_v2"."main"."ratings"');
    expect(changedIds(compareManifests(before, after))).toEqual(['source.compat.landing.ratings']);
  });
});
