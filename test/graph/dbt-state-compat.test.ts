/**
 * State comparison against a manifest written by dbt-core 1.11 (test/fixtures/compat): an unchanged
 * project selects nothing, in both directions, and each kind of edit selects what dbt would.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { compileProject } from '../../src/compiler/index.js';
import { changedIds, compareManifests, readManifest } from '../../src/graph/index.js';
import { loadProject } from '../../src/project/index.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'compat');
const dbtState = join(fixtures, 'dbt-1.11-state');
const env = { HOME: join(tmpdir(), 'dailies-no-home') };
const copies: string[] = [];

afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function copyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dailies-compat-'));
  copies.push(dir);
  cpSync(join(fixtures, 'project'), dir, { recursive: true });
  return dir;
}

function edit(root: string, file: string, from: string | RegExp, to: string): void {
  const path = join(root, file);
  const before = readFileSync(path, 'utf8');
  const after = before.replace(from, to);
  if (after === before) throw new Error(`edit of ${file} changed nothing`);
  writeFileSync(path, after);
}

async function modified(root: string, extra: string[] = []): Promise<string[]> {
  let out = '';
  let err = '';
  const code = await main(['ls', '--project-dir', root, '-s', 'state:modified', '--state', dbtState, '--output', 'name', ...extra], {
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    env,
    cwd: root,
  });
  expect(err.replace("Warning: The selection criterion 'state:modified' does not match any enabled nodes\n", '')).toBe('');
  expect(code).toBe(0);
  return out.split('\n').filter(Boolean).sort();
}

describe('state:modified against a manifest written by dbt-core 1.11', () => {
  it('selects nothing for the unchanged project', async () => {
    expect(await modified(copyProject())).toEqual([]);
  });

  it('finds nothing changed with the dbt manifest as the new state and ours as the old', async () => {
    const ours = (await compileProject(await loadProject({ projectDir: copyProject(), env }))).manifest;
    const dbt = readManifest(join(dbtState, 'manifest.json'));
    expect(changedIds(compareManifests(ours, dbt))).toEqual([]);
    expect(changedIds(compareManifests(dbt, ours))).toEqual([]);
  });

  it("names the DuckDB database after the profile's file as dbt-duckdb does, so the unchanged source is not selected", async () => {
    const root = copyProject();
    const ours = (await compileProject(await loadProject({ projectDir: root, env }))).manifest;
    const dbt = readManifest(join(dbtState, 'manifest.json'));
    const source = 'source.compat.landing.ratings';
    expect({ database: ours.sources[source]!.database, relation_name: ours.sources[source]!.relation_name }).toEqual({ database: dbt.sources[source]!.database, relation_name: dbt.sources[source]!.relation_name });
    // a developer's target in another file: dbt-core 1.11 (recorded) selects `landing.ratings` and its test here, as
    // it compares a source's rendered database; dailies compares the database the source names itself (none), as
    // dbt does with the flag state_modified_compare_more_unrendered_values
    edit(root, 'profiles.yml', 'path: compat.duckdb', 'path: dev.duckdb');
    expect((await compileProject(await loadProject({ projectDir: root, env }))).manifest.sources[source]!.relation_name).toBe('"dev"."main"."ratings"');
    expect(await modified(root)).toEqual([]);
  });

  it('selects the model whose SQL changed, and not one whose file only gained blank lines', async () => {
    const root = copyProject();
    edit(root, 'models/staging/stg_movies.sql', 'price_cents\n', 'price_cents,\n    1 as one\n');
    edit(root, 'models/staging/stg_ratings.sql', /$/, '\n\n\n');
    expect(await modified(root)).toEqual(['stg_movies']);
  });

  // the expected lists are what `dbt ls -s state:modified --output name` printed for the same edits
  it('selects the test whose config changed, and not the models that were only retagged (as dbt)', async () => {
    const root = copyProject();
    edit(root, 'dbt_project.yml', '      +tags: ["daily"]', '      +tags: ["hourly"]');
    edit(root, 'models/marts/schema.yml', 'severity: warn', 'severity: error');
    expect(await modified(root)).toEqual(['accepted_values_fct_ratings_stars__1__2__3__4__5']);
  });

  it('selects the models whose config changed in dbt_project.yml or config(), with their tests', async () => {
    const root = copyProject();
    edit(root, 'dbt_project.yml', '      +materialized: table', '      +materialized: view');
    edit(root, 'models/marts/fct_ratings.sql', "unique_key='rating_id'", "unique_key=['rating_id']");
    expect(await modified(root)).toEqual([
      'accepted_values_fct_ratings_stars__1__2__3__4__5',
      'assert_prices_positive',
      'dim_movies',
      'fct_ratings',
      'not_null_dim_movies_movie_id',
      'relationships_fct_ratings_movie_id__movie_id__ref_dim_movies_',
      'unique_dim_movies_movie_id',
    ]);
  });

  it('selects the callers of a changed macro, a changed seed and a changed snapshot', async () => {
    const root = copyProject();
    edit(root, 'macros/cents_to_dollars.sql', '100.0', '100.00');
    edit(root, 'seeds/raw_movies.csv', '2,Heat,299', '2,Heat,499');
    edit(root, 'snapshots/movies_snapshot.sql', "'price_cents']", "'price_cents', 'movie_id']");
    expect(await modified(root)).toEqual(['int_movie_prices', 'movies_snapshot', 'raw_movies']);
  });

  it('selects a test whose configuration changed and a source whose schema changed', async () => {
    const root = copyProject();
    edit(root, 'models/marts/movie_count.yml', 'where: "movies > 0"', 'where: "movies > 1"');
    edit(root, 'models/staging/sources.yml', 'schema: main', 'schema: landing_zone');
    expect(await modified(root)).toEqual(['landing.ratings', 'not_null_movie_count_movies', 'source_not_null_landing_ratings_rating_id']);
  });

  it('lists in depends_on.macros the macros each node calls itself, as dbt does', async () => {
    const ours = (await compileProject(await loadProject({ projectDir: copyProject(), env }))).manifest;
    const dbt = readManifest(join(dbtState, 'manifest.json'));
    const macrosOf = (manifest: typeof ours) => Object.fromEntries(Object.values(manifest.nodes).map((node) => [node.unique_id, node.depends_on.macros]));
    expect(macrosOf(ours)).toEqual(macrosOf(dbt));
    expect(ours.macros['macro.dbt.test_not_null'].depends_on.macros).toEqual(['macro.dbt.default__test_not_null']);
  });

  it('lists sources and exposures as dbt ls does', async () => {
    let out = '';
    await main(['ls', '--project-dir', copyProject(), '--resource-type', 'source', 'exposure'], { stdout: (text) => (out += text), stderr: () => {}, env });
    expect(out.split('\n').filter(Boolean).sort()).toEqual(['exposure:compat.movie_dashboard', 'source:compat.landing.ratings']);
  });
});

describe('--indirect-selection', () => {
  it('adds no tests with empty, and only tests whose parents are all selected with cautious', async () => {
    const list = async (mode: string) => {
      let out = '';
      const code = await main(['ls', '--project-dir', copyProject(), '-s', 'dim_movies', '--indirect-selection', mode, '--output', 'name'], { stdout: (text) => (out += text), stderr: () => {}, env });
      expect(code).toBe(0);
      return out.split('\n').filter(Boolean).sort();
    };
    expect(await list('empty')).toEqual(['dim_movies']);
    expect(await list('cautious')).toEqual(['assert_prices_positive', 'dim_movies', 'not_null_dim_movies_movie_id', 'unique_dim_movies_movie_id']);
    expect(await list('eager')).toContain('relationships_fct_ratings_movie_id__movie_id__ref_dim_movies_');
  });

  it('refuses an unknown mode', async () => {
    let err = '';
    const code = await main(['ls', '--project-dir', copyProject(), '--indirect-selection', 'greedy'], { stdout: () => {}, stderr: (text) => (err += text), env });
    expect(code).not.toBe(0);
    expect(err).toContain("unknown --indirect-selection 'greedy'");
  });
});
