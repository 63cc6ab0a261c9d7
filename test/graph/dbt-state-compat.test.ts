/**
 * State comparison against a manifest written by dbt-core 1.11 (test/fixtures/compat): an unchanged
 * project selects nothing, in both directions, and each kind of edit selects what dbt would.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { compileProject } from '../../src/compiler/index.js';
import { changedIds, compareManifests, readManifest, writeManifest } from '../../src/graph/index.js';
import { computeChangedSet } from '../../src/review/changed-set.js';
import { loadProject } from '../../src/project/index.js';
import { compatFixtures as fixtures, copyCompatProject } from './compat-fixture.js';

const dbtState = join(fixtures, 'dbt-1.11-state');
const env = { HOME: join(tmpdir(), 'dailies-no-home') };
const copies: string[] = [];

afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function copyProject(): string {
  const dir = copyCompatProject();
  copies.push(dir);
  return dir;
}

/** dbt warns alike: its manifest holds only the path of a seed over 1 MiB. */
const BIG_SEED_NOTE = 'Warning: Found a seed (compat.big_ratings) >1MB in size at the same path, and the state manifest holds no hash of its contents: assuming it is unchanged\n';

function edit(root: string, file: string, from: string | RegExp, to: string): void {
  const path = join(root, file);
  const before = readFileSync(path, 'utf8');
  const after = before.replace(from, to);
  if (after === before) throw new Error(`edit of ${file} changed nothing`);
  writeFileSync(path, after);
}

async function modified(root: string, extra: string[] = [], selector = 'state:modified', state = dbtState): Promise<string[]> {
  let out = '';
  let err = '';
  const code = await main(['ls', '--project-dir', root, '-s', selector, '--state', state, '--output', 'name', ...extra], {
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    env,
    cwd: root,
  });
  expect(err.replace(BIG_SEED_NOTE, '').replace(`Warning: The selection criterion '${selector}' does not match any enabled nodes\n`, '')).toBe('');
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
    expect(await modified(root)).toEqual(['int_movie_prices', 'is_priced_price_labels_price', 'movies_snapshot', 'price_labels', 'raw_movies']);
  });

  it('selects the callers of a macro reached only through adapter.dispatch, and of a macro a generic test calls (as dbt)', async () => {
    const root = copyProject();
    edit(root, 'macros/prices.sql', 'round({{ cents_to_dollars(column) }}, ', 'round({{ cents_to_dollars(column) }} ,');
    expect(await modified(root, [], 'state:modified.macros')).toEqual(['is_priced_price_labels_price', 'price_labels']);
    const again = copyProject();
    edit(again, 'macros/prices.sql', '1720', '1721');
    expect(await modified(again, [], 'state:modified.macros')).toEqual(['is_priced_price_labels_price']);
  });

  it("selects the callers of a root macro overriding one of dbt's, added (as dbt) or removed (which dbt does not see)", async () => {
    const root = copyProject();
    const override = '{% macro default__test_not_null(model, column_name) %}\nselect * from {{ model }} where {{ column_name }} is null and 1 = 1\n{% endmacro %}\n';
    writeFileSync(join(root, 'macros', 'override.sql'), override);
    // recorded: dbt-core 1.11.16 selects these three against its manifest of the fixture
    const notNullTests = ['not_null_dim_movies_movie_id', 'not_null_movie_count_movies', 'source_not_null_landing_ratings_rating_id'];
    expect(await modified(root, [], 'state:modified.macros')).toEqual(notNullTests);
    const before = (await compileProject(await loadProject({ projectDir: copyProject(), env }))).manifest;
    const withOverride = (await compileProject(await loadProject({ projectDir: root, env }))).manifest;
    expect(changedIds(compareManifests(before, withOverride)).map((id) => withOverride.nodes[id]!.name)).toEqual(notNullTests);
    expect(changedIds(compareManifests(withOverride, before)).map((id) => before.nodes[id]!.name)).toEqual(notNullTests);
    expect(compareManifests(withOverride, before).get('test.compat.not_null_movie_count_movies.a151ed1ff0')!.changedMacros).toEqual(['macro.compat.default__test_not_null']);
  });

  it('selects the models of a custom materialization that changed against a manifest dailies wrote (dbt, recorded, selects nothing)', async () => {
    const root = copyProject();
    const before = (await compileProject(await loadProject({ projectDir: root, env }))).manifest;
    expect(before.nodes['model.compat.price_labels']!.dailies.materialization).toBe('macro.compat.materialization_my_view_default');
    expect(before.nodes['model.compat.stg_movies']!.dailies.materialization).toBeUndefined();
    edit(root, 'macros/my_view.sql', 'run_hooks(pre_hooks) }}', 'run_hooks(pre_hooks) }} {# edited #}');
    const after = (await compileProject(await loadProject({ projectDir: root, env }))).manifest;
    const changes = compareManifests(before, after);
    expect(changedIds(changes)).toEqual(['model.compat.price_labels']);
    expect(changes.get('model.compat.price_labels')!.changedMacros).toEqual(['macro.compat.materialization_my_view_default']);
    expect(await modified(root)).toEqual([]);
  });

  it('selects nothing, under any state:modified method, against a dbt manifest holding dbt-core\'s own global macros', async () => {
    // dailies' global macros (generic tests, is_incremental, concat, …) are its own text: against a manifest
    // another engine wrote, the `dbt` package's macros count by name only (see fingerprint.ts)
    const withGlobals = mkdtempSync(join(tmpdir(), 'dailies-compat-state-'));
    copies.push(withGlobals);
    const manifest = JSON.parse(readFileSync(join(dbtState, 'manifest.json'), 'utf8')) as { macros: Record<string, unknown> };
    const reached = JSON.parse(readFileSync(join(dbtState, 'reached-macros.json'), 'utf8')) as Record<string, { macro_sql: string; depends_on: unknown }>;
    for (const [id, macro] of Object.entries(reached)) {
      if (!id.startsWith('macro.dbt.')) continue;
      const name = id.split('.')[2]!;
      manifest.macros[id] = { unique_id: id, resource_type: 'macro', package_name: 'dbt', name, path: `macros/${name}.sql`, original_file_path: `macros/${name}.sql`, ...macro };
    }
    writeFileSync(join(withGlobals, 'manifest.json'), JSON.stringify(manifest));
    const root = copyProject();
    const ours = (await compileProject(await loadProject({ projectDir: root, env }))).manifest;
    expect(ours.macros['macro.dbt.test_not_null']!.macro_sql).not.toBe(reached['macro.dbt.test_not_null']!.macro_sql);
    for (const selector of ['state:modified', 'state:modified.macros', 'state:modified.body', 'state:modified.configs', 'state:modified.contract']) {
      expect({ selector, selected: await modified(root, [], selector, withGlobals) }).toEqual({ selector, selected: [] });
    }
  });

  it("writes a seed over 1 MiB as dbt does (its path as its checksum), and warns, as dbt does, that a dbt manifest cannot tell whether it changed", async () => {
    // recorded from dbt-core 1.11.16: a seed file of 1,048,577 bytes or more gets {name: 'path'}, one of 1,048,576 a sha256
    const root = copyProject();
    writeFileSync(join(root, 'seeds', 'at_limit.csv'), `id\n${'1\n'.repeat(524_286)}1`); // 1,048,576 bytes
    const ours = (await compileProject(await loadProject({ projectDir: root, env }))).manifest;
    expect(ours.nodes['seed.compat.big_ratings']!.checksum).toEqual({ name: 'path', checksum: 'seeds/big_ratings.csv' });
    expect(ours.nodes['seed.compat.big_ratings']!.checksum).toEqual(readManifest(join(dbtState, 'manifest.json')).nodes['seed.compat.big_ratings']!.checksum);
    expect(ours.nodes['seed.compat.at_limit']!.checksum.name).toBe('sha256');
    let err = '';
    await main(['ls', '--project-dir', root, '-s', 'state:modified', '--state', dbtState, '--output', 'name'], { stdout: () => {}, stderr: (text) => (err += text), env, cwd: root });
    expect(err).toContain(BIG_SEED_NOTE);
  });

  it('notices an edit of a seed over 1 MiB against a manifest dailies wrote (the PR check and state:modified), though dbt cannot', async () => {
    const root = copyProject();
    const before = (await compileProject(await loadProject({ projectDir: root, env }))).manifest;
    const ourState = mkdtempSync(join(tmpdir(), 'dailies-compat-state-'));
    copies.push(ourState);
    writeManifest(before, ourState);
    edit(root, 'seeds/big_ratings.csv', '\n7,2,3\n', '\n7,2,4\n');
    expect(await modified(root, [], 'state:modified', ourState)).toEqual(['big_ratings']);
    // dbt (recorded) sees nothing: the path did not change; so does dailies against dbt's manifest
    expect(await modified(root)).toEqual([]);
    const after = (await compileProject(await loadProject({ projectDir: root, env }))).manifest;
    const review = computeChangedSet(before, after);
    expect(review.changes.map((change) => [change.uniqueId, change.reasons])).toEqual([['seed.compat.big_ratings', ['seed_contents']]]);
    expect(after.nodes['seed.compat.big_ratings']!.checksum).toEqual(before.nodes['seed.compat.big_ratings']!.checksum);
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

  it("lists in a macro's depends_on.macros every macro its text calls, as dbt does, materializations and tests included", async () => {
    const ours = (await compileProject(await loadProject({ projectDir: copyProject(), env }))).manifest;
    const dbt = readManifest(join(dbtState, 'manifest.json'));
    const project = Object.keys(dbt.macros).filter((id) => id.startsWith('macro.compat.')).sort();
    expect(project).toHaveLength(7);
    // two differences, both in the materialization: `statement` is built into dailies (no macro in its manifest),
    // and dailies has no dbt_duckdb package (its run_hooks is the dbt package's)
    const dailiesNames: Record<string, string | undefined> = { 'macro.dbt.statement': undefined, 'macro.dbt_duckdb.run_hooks': 'macro.dbt.run_hooks' };
    const expected = (id: string) => dbt.macros[id]!.depends_on.macros.flatMap((dep) => (dep in dailiesNames ? (dailiesNames[dep] ? [dailiesNames[dep]] : []) : [dep]));
    for (const id of project) expect({ id, macros: ours.macros[id]!.depends_on.macros }).toEqual({ id, macros: expected(id) });
    expect(ours.macros['macro.compat.round_price']!.depends_on.macros).toEqual(['macro.compat.default__round_price']);
    expect(ours.macros['macro.compat.materialization_my_view_default']!.depends_on.macros).toEqual(['macro.dbt.run_hooks', 'macro.dbt.get_create_view_as_sql']);
    // and the macro text is dbt's macro_sql, whitespace included (a `{%-` macro after blank lines starts with them)
    for (const id of project) expect({ id, sql: ours.macros[id]!.macro_sql }).toEqual({ id, sql: dbt.macros[id]!.macro_sql });
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
