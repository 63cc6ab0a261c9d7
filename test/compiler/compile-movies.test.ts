import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/project/index.js';
import { compileProject, writeCompiledFiles, type ProjectCompiler } from '../../src/compiler/index.js';
import type { Manifest, ManifestNode } from '../../src/graph/types.js';
import { fakeAdapter } from './fake-adapter.js';

const fixture = fileURLToPath(new URL('../fixtures/compiler/movies', import.meta.url));

async function compile(options: Parameters<typeof compileProject>[1] = {}): Promise<ProjectCompiler> {
  const project = await loadProject({ projectDir: fixture, profilesDir: fixture, env: { DAILIES_TEST_REGION: 'us' } });
  return compileProject(project, options);
}

function testNode(manifest: Manifest, prefix: string): ManifestNode {
  const found = Object.values(manifest.nodes).filter((node) => node.unique_id.startsWith(`test.movies.${prefix}.`));
  expect(found, prefix).toHaveLength(1);
  return found[0];
}

let compiler: ProjectCompiler;
let manifest: Manifest;

beforeAll(async () => {
  compiler = await compile();
  manifest = compiler.manifest;
});

describe('nodes and config', () => {
  it('gives every resource a dbt unique_id and fqn', () => {
    for (const id of [
      'model.movies.stg_movies',
      'model.movies.fct_top_movies',
      'seed.movies.users_seed',
      'snapshot.movies.users_snapshot',
      'snapshot.movies.movies_snapshot',
      'analysis.movies.rating_summary',
      'test.movies.assert_ratings_in_range',
    ]) {
      expect(manifest.nodes[id], id).toBeDefined();
    }
    expect(manifest.nodes['model.movies.fct_top_movies'].fqn).toEqual(['movies', 'marts', 'fct_top_movies']);
    expect(manifest.nodes['snapshot.movies.users_snapshot'].fqn).toEqual(['movies', 'users_snapshot', 'users_snapshot']);
    expect(manifest.sources['source.movies.raw.movies']).toBeDefined();
    expect(manifest.exposures['exposure.movies.weekly_dashboard']).toBeDefined();
  });

  it('layers folder config, YAML config and in-file config()', () => {
    const staging = manifest.nodes['model.movies.stg_movies'];
    expect(staging.config.materialized).toBe('table');
    expect(staging.tags).toEqual(['staging']);
    expect(staging.meta).toEqual({ owner: 'data-team' });
    const mart = manifest.nodes['model.movies.fct_top_movies'];
    expect(mart.config.materialized).toBe('table');
    expect(mart.tags).toEqual(['marts', 'reporting', 'daily']);
    expect(mart.schema).toBe('analytics_marts');
    expect(mart.alias).toBe('top_movies');
    expect(mart.relation_name).toBe('"warehouse"."analytics_marts"."top_movies"');
    expect(manifest.nodes['model.movies.int_movie_ratings'].config.materialized).toBe('ephemeral');
    expect(manifest.nodes['model.movies.int_movie_ratings'].relation_name).toBeNull();
    expect(manifest.nodes['seed.movies.users_seed'].schema).toBe('analytics_raw');
  });

  it('keeps hooks raw in config', () => {
    expect(manifest.nodes['model.movies.dim_users'].config['post-hook']).toEqual([{ sql: 'grant select on {{ this }} to reporter', transaction: true, index: null }]);
  });

  it('puts disabled nodes under disabled, not nodes', () => {
    expect(manifest.nodes['model.movies.disabled_model']).toBeUndefined();
    expect(manifest.disabled['model.movies.disabled_model']).toHaveLength(1);
  });
});

describe('compiled SQL', () => {
  it('renders var (package-scoped too) and env_var', () => {
    const sql = manifest.nodes['model.movies.fct_top_movies'].compiled_code ?? '';
    expect(sql).toContain(`'us' as region`);
    expect(sql).toContain(`'from_scope' as scoped`);
    expect(manifest.nodes['model.movies.stg_ratings'].compiled_code).toContain('where rating >= 3');
  });

  it('inlines ephemeral models as CTEs, nested ones first, merged into the leading WITH', () => {
    const mart = manifest.nodes['model.movies.fct_top_movies'];
    expect(mart.extra_ctes.map((cte) => cte.id)).toEqual(['model.movies.stg_ratings', 'model.movies.int_movie_ratings']);
    const sql = mart.compiled_code ?? '';
    expect(sql.startsWith('{{')).toBe(false);
    expect(sql).toMatch(/^\nwith __dbt__cte__stg_ratings as \(\n\nselect user_id, movie_id, rating\nfrom "warehouse"\."analytics_raw"\."ratings_v2"\nwhere rating >= 3\n\n\), {2}__dbt__cte__int_movie_ratings as \(/);
    expect(sql).toContain('from __dbt__cte__stg_ratings\ngroup by movie_id\n\n), movies as (\n    select * from "warehouse"."analytics"."stg_movies"\n)');
    expect(sql).toContain('join __dbt__cte__int_movie_ratings r using (movie_id)');
  });

  it('compiles snapshots from blocks and from YAML relation:', () => {
    const block = manifest.nodes['snapshot.movies.users_snapshot'];
    expect(block.schema).toBe('snapshots');
    expect(block.config.strategy).toBe('timestamp');
    expect(block.config.updated_at).toBe('updated_at');
    expect(block.compiled_code?.trim()).toBe('select * from "warehouse"."analytics_raw"."users_seed"');
    const yaml = manifest.nodes['snapshot.movies.movies_snapshot'];
    expect(yaml.config.check_cols).toBe('all');
    expect(yaml.compiled_code).toBe('select * from "warehouse"."analytics_raw"."movies"');
    expect(yaml.depends_on.nodes).toEqual(['source.movies.raw.movies']);
  });

  it('renders source schemas that hold Jinja and honours identifier', () => {
    expect(manifest.sources['source.movies.raw.movies'].schema).toBe('analytics_raw');
    expect(manifest.sources['source.movies.raw.ratings'].relation_name).toBe('"warehouse"."analytics_raw"."ratings_v2"');
  });

  it('renders doc() in descriptions', () => {
    const staging = manifest.nodes['model.movies.stg_movies'];
    expect(staging.description).toBe('Movies, cleaned. The identifier of a movie.');
    expect(staging.columns.movie_id.description).toBe('The identifier of a movie.');
  });

  it('resolves exposure depends_on and fills parent/child maps', () => {
    expect(manifest.exposures['exposure.movies.weekly_dashboard'].depends_on.nodes).toEqual(['model.movies.fct_top_movies', 'source.movies.raw.movies']);
    expect(manifest.parent_map['model.movies.fct_top_movies']).toEqual(['model.movies.int_movie_ratings', 'model.movies.stg_movies']);
    const children = manifest.child_map['model.movies.stg_movies'];
    expect(children).toContain('model.movies.fct_top_movies');
    expect(children.some((id) => id.startsWith('test.movies.unique_stg_movies_movie_id.'))).toBe(true);
  });
});

describe('generic and singular tests', () => {
  it('names tests as dbt and sets their metadata', () => {
    const notNull = testNode(manifest, 'not_null_stg_movies_movie_id');
    expect(notNull.unique_id).toMatch(/^test\.movies\.not_null_stg_movies_movie_id\.[0-9a-f]{10}$/);
    expect(notNull.attached_node).toBe('model.movies.stg_movies');
    expect(notNull.column_name).toBe('movie_id');
    expect(notNull.test_metadata).toEqual({ name: 'not_null', namespace: null, kwargs: { column_name: 'movie_id', model: "{{ get_where_subquery(ref('stg_movies')) }}" } });
    expect(notNull.config.severity).toBe('ERROR');
    expect(notNull.config.fail_calc).toBe('count(*)');
    expect(notNull.depends_on.nodes).toEqual(['model.movies.stg_movies']);
    testNode(manifest, 'accepted_values_dim_users_plan__free__premium');
  });

  it('wraps the model in a where subquery and takes top-level severity', () => {
    const titled = testNode(manifest, 'not_null_stg_movies_title');
    expect(titled.config.severity).toBe('warn');
    expect(titled.compiled_code).toContain(`(select * from "warehouse"."analytics"."stg_movies" where title <> '') dbt_subquery`);
  });

  it('renders ref() strings in kwargs and depends on them', () => {
    const relationship = testNode(manifest, 'relationships_fct_top_movies_title__title__ref_stg_movies_');
    expect(relationship.depends_on.nodes).toEqual(['model.movies.fct_top_movies', 'model.movies.stg_movies']);
    expect(relationship.compiled_code).toContain('"warehouse"."analytics"."stg_movies"');
  });

  it('compiles a custom {% test %} and records its macro', () => {
    const custom = testNode(manifest, 'positive_length_dim_users_plan');
    expect(custom.compiled_code?.trim()).toBe('select * from "warehouse"."analytics_marts"."dim_users" where length(plan) = 0');
    expect(custom.depends_on.macros).toContain('macro.movies.test_positive_length');
    expect(custom.dailies.checksums.macros).toMatch(/^[0-9a-f]{64}$/);
  });

  it('tests source tables with source_ names', () => {
    const sourceTest = testNode(manifest, 'source_not_null_raw_movies_movie_id');
    expect(sourceTest.depends_on.nodes).toEqual(['source.movies.raw.movies']);
    expect(sourceTest.attached_node).toBeNull();
  });

  it('compiles singular tests with their refs', () => {
    const singular = manifest.nodes['test.movies.assert_ratings_in_range'];
    expect(singular.depends_on.nodes).toEqual(['model.movies.fct_top_movies']);
    expect(singular.compiled_code?.trim()).toBe('select * from "warehouse"."analytics_marts"."top_movies" where avg_rating > 5');
  });
});

describe('checksums', () => {
  it('hashes raw code and seed contents; the dailies checksums hold only the macros hash', () => {
    const staging = manifest.nodes['model.movies.stg_movies'];
    expect(staging.checksum.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(staging.dailies.checksums).toEqual({ macros: expect.any(String) });
    expect(manifest.nodes['seed.movies.users_seed'].checksum.checksum).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('compile options and runtime', () => {
  it('defers refs to the given relations', async () => {
    const deferred = await compile({ deferRelations: new Map([['model.movies.stg_movies', { database: 'prod', schema: 'analytics', identifier: 'stg_movies' }]]) });
    expect(deferred.manifest.nodes['model.movies.fct_top_movies'].compiled_code).toContain('select * from "prod"."analytics"."stg_movies"');
    expect(deferred.manifest.nodes['model.movies.stg_movies'].relation_name).toBe('"warehouse"."analytics"."stg_movies"');
  });

  it('replaces the target schema with schemaOverride', async () => {
    const pr = await compile({ schemaOverride: 'pr_42' });
    expect(pr.manifest.nodes['model.movies.stg_movies'].schema).toBe('pr_42');
    expect(pr.manifest.nodes['model.movies.fct_top_movies'].schema).toBe('pr_42_marts');
    expect(pr.manifest.sources['source.movies.raw.movies'].schema).toBe('pr_42_raw');
    expect(pr.manifest.nodes['snapshot.movies.users_snapshot'].schema).toBe('pr_42_snapshots');
  });

  it('answers is_incremental() at run time, only for incremental models', async () => {
    const adapter = fakeAdapter();
    expect(manifest.nodes['model.movies.dim_users'].compiled_code).not.toContain('max(updated_at)');
    const sql = await compiler.compileForRun('model.movies.dim_users', { isIncremental: true, adapter });
    expect(sql).toContain('where updated_at > (select max(updated_at) from "warehouse"."analytics_marts"."dim_users")');
    const view = await compiler.compileForRun('model.movies.fct_top_movies', { isIncremental: true, adapter });
    expect(view).toBe(manifest.nodes['model.movies.fct_top_movies'].compiled_code);
  });

  it('renders hooks with this, and never exposes the password', async () => {
    const adapter = fakeAdapter();
    const hook = (manifest.nodes['model.movies.dim_users'].config['post-hook']![0] as { sql: string }).sql;
    expect(await compiler.renderHook(hook, 'model.movies.dim_users', { isIncremental: false, adapter })).toBe(
      'grant select on "warehouse"."analytics_marts"."dim_users" to reporter',
    );
    expect(await compiler.renderHook("{{ 'password' in target }}|{{ target.schema }}|{{ target.profile_name }}", null, { isIncremental: false, adapter })).toBe('False|analytics|movies');
  });

  it('writes compiled files where dbt writes them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dailies-compiled-'));
    try {
      await writeCompiledFiles(manifest, dir);
      const mart = await readFile(join(dir, 'compiled/movies/models/marts/fct_top_movies.sql'), 'utf8');
      expect(mart).toBe(manifest.nodes['model.movies.fct_top_movies'].compiled_code);
      const notNull = testNode(manifest, 'not_null_stg_movies_movie_id');
      expect(await readFile(join(dir, 'compiled/movies/models/schema.yml/not_null_stg_movies_movie_id.sql'), 'utf8')).toBe(notNull.compiled_code);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('compile-time introspection', () => {
  it('answers empty without an adapter', () => {
    expect(manifest.nodes['model.movies.movie_columns'].compiled_code).toBe('select *,\n    0 as n\nfrom "warehouse"."analytics"."stg_movies"\n');
  });

  it('renders again with the adapter\'s answers until nothing new is asked', async () => {
    const adapter = fakeAdapter(
      { stg_movies: [{ name: 'movie_id', dataType: 'INTEGER', nullable: false }, { name: 'title', dataType: 'VARCHAR', nullable: true }] },
      { 'select count(*) as n from "warehouse"."analytics"."stg_movies"': { columns: [{ name: 'n', type: 'BIGINT' }], rows: [{ n: 7 }] } },
    );
    const withAdapter = await compile({ adapter });
    expect(withAdapter.manifest.nodes['model.movies.movie_columns'].compiled_code).toBe('select movie_id, title,\n    7 as n\nfrom "warehouse"."analytics"."stg_movies"\n');
    expect(adapter.calls.filter((call) => call === 'columns:stg_movies')).toHaveLength(1);
  });
});

describe('context globals', () => {
  it('offers run_started_at, invocation_id, project_name, api.Relation.create and config.get', async () => {
    const adapter = fakeAdapter();
    const sql = await compiler.renderHook(
      "{{ run_started_at.strftime('%Y') | length }}|{{ invocation_id | length }}|{{ project_name }}|{{ api.Relation.create(database='d', schema='s', identifier='t') }}|{{ config.get('materialized') }}|{{ model.name }}",
      'model.movies.dim_users',
      { isIncremental: false, adapter },
    );
    expect(sql).toBe('4|36|movies|"d"."s"."t"|incremental|dim_users');
  });

  it('compiles ad-hoc SQL with refs and ephemeral CTEs', async () => {
    const sql = await compiler.compileInline("select * from {{ ref('int_movie_ratings') }}", { isIncremental: false, adapter: fakeAdapter() });
    expect(sql).toMatch(/^with __dbt__cte__stg_ratings as \(/);
    expect(sql).toContain('select * from __dbt__cte__int_movie_ratings');
  });
});

describe('project inputs', () => {
  it('lets --vars override project vars', async () => {
    const project = await loadProject({ projectDir: fixture, profilesDir: fixture, env: {}, vars: { min_rating: 4 } });
    const withVars = await compileProject(project);
    expect(withVars.manifest.nodes['model.movies.stg_ratings'].compiled_code).toContain('where rating >= 4');
    expect(withVars.manifest.nodes['model.movies.fct_top_movies'].compiled_code).toContain(`'eu' as region`);
  });
});
