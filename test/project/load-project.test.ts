import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProject, type LoadedPackage, type Project } from '../../src/project/index.js';
import { cleanEnv, fixturesDir } from './temp-project.js';

const root = join(fixturesDir, 'movies');
let project: Project;
let movies: LoadedPackage;

beforeAll(async () => {
  project = await loadProject({ projectDir: root, env: cleanEnv(), vars: { run_date: '2024-01-01' } });
  movies = project.rootPackage;
});

const relPaths = (files: { relPath: string }[]): string[] => files.map((file) => file.relPath);

describe('dbt_project.yml', () => {
  it('reads name, version, profile and legacy path names with dbt defaults for the rest', () => {
    const config = movies.config;
    expect(config).toMatchObject({ name: 'movies', version: '1.0.0', profile: 'movie_profile' });
    expect(config.modelPaths).toEqual(['models']);
    expect(config.seedPaths).toEqual(['seeds']);
    expect(config.snapshotPaths).toEqual(['snapshots']);
    expect(config.macroPaths).toEqual(['macros']);
    expect(config.testPaths).toEqual(['tests']);
    expect(config.analysisPaths).toEqual(['analyses']);
    expect(config.docsPaths).toEqual(['docs', 'models']);
    expect(config.targetPath).toBe('target');
    expect(config.packagesInstallPath).toBe('dbt_packages');
  });

  it('keeps vars, hooks, dispatch and quoting; dates stay text', () => {
    const config = movies.config;
    expect(config.vars).toEqual({ start_date: '2020-01-01', dbt_utils: { surrogate_key_treat_nulls_as_empty_strings: true } });
    expect(config.onRunStart).toEqual(['create schema if not exists audit']);
    expect(config.onRunEnd).toEqual(["{{ log('done', info=True) }}", 'grant usage on schema {{ target.schema }} to role reporter']);
    expect(config.dispatch).toEqual([{ macroNamespace: 'dbt_utils', searchOrder: ['movies', 'dbt_utils'] }]);
    expect(config.quoting).toEqual({ identifier: false });
    expect(config.place).toEqual({ file: 'dbt_project.yml', line: 1 });
  });

  it('keeps the config trees raw, tests and data_tests apart', () => {
    const models = movies.config.resourceConfigs.models as Record<string, any>;
    expect(models['+tags']).toEqual(['nightly']);
    expect(models.movies.staging.stg_ratings['+post-hook']).toBe('analyze {{ this }}');
    expect(movies.config.resourceConfigs.tests).toEqual({ '+severity': 'warn' });
    expect(movies.config.resourceConfigs.data_tests).toEqual({ movies: { '+store_failures': true } });
  });

  it('passes command-line vars and the environment through', () => {
    expect(project.cliVars).toEqual({ run_date: '2024-01-01' });
    expect(project.env.HOME).toBe(cleanEnv().HOME);
    expect(project.root).toBe(root);
  });
});

describe('packages', () => {
  it('loads vendored and local packages after the root, sorted by name, skipping folders without dbt_project.yml', () => {
    expect(project.packages.map((pkg) => pkg.name)).toEqual(['movies', 'dbt_utils', 'shared_lib']);
    expect(project.packages.map((pkg) => pkg.isRoot)).toEqual([true, false, false]);
    expect(project.rootPackage).toBe(project.packages[0]);
    const utils = project.packages[1]!;
    expect(utils.root).toBe(join(root, 'dbt_packages', 'dbt_utils'));
    expect(utils.config.resourceConfigs.models).toEqual({ dbt_utils: { '+materialized': 'table', '+schema': 'own_schema', '+tags': ['utils'] } });
    expect(relPaths(utils.models)).toEqual(['models/utils_model.sql']);
    expect(relPaths(utils.macros)).toEqual(['macros/sql/star.sql', 'tests/generic/expression_is_true.sql']);
    expect(utils.models[0]!.packageName).toBe('dbt_utils');
    expect(relPaths(project.packages[2]!.models)).toEqual(['models/shared_model.sql']);
  });
});

describe('file discovery', () => {
  it('finds models recursively, sorted, skipping dot-folders', () => {
    expect(relPaths(movies.models)).toEqual(['models/marts/fct_ratings.sql', 'models/staging/stg_movies.sql', 'models/staging/stg_ratings.sql']);
    const stg = movies.models[1]!;
    expect(stg.pathInResourceDir).toBe('staging/stg_movies.sql');
    expect(stg.absPath).toBe(join(root, 'models', 'staging', 'stg_movies.sql'));
    expect(stg.contents).toBe("select movie_id, title from {{ source('raw', 'movies') }}\n");
    expect(stg.packageName).toBe('movies');
  });

  it('finds seeds without reading them, snapshots, analyses', () => {
    expect(movies.seeds).toEqual([{ absPath: join(root, 'seeds', 'movies.csv'), relPath: 'seeds/movies.csv', pathInResourceDir: 'movies.csv', contents: '', packageName: 'movies' }]);
    expect(relPaths(movies.snapshots)).toEqual(['snapshots/users_snapshot.sql']);
    expect(movies.snapshots[0]!.contents).toContain('{% snapshot users_snapshot %}');
    expect(relPaths(movies.analyses)).toEqual(['analyses/rating_counts.sql']);
  });

  it('puts generic tests with the macros and other test files with singular tests', () => {
    expect(relPaths(movies.macros)).toEqual(['macros/cents.sql', 'tests/generic/positive.sql']);
    expect(movies.macros[1]!.pathInResourceDir).toBe('generic/positive.sql');
    expect(relPaths(movies.singularTests)).toEqual(['tests/assert_ratings_in_range.sql']);
  });
});

describe('docs blocks', () => {
  it('reads every docs block of the docs paths with its line, contents trimmed', () => {
    expect(movies.docs).toEqual([
      { name: '__overview__', packageName: 'movies', contents: 'Movie analytics.', place: { file: 'docs/overview.md', line: 1 } },
      { name: 'stg_movies', packageName: 'movies', contents: 'One row per **movie**.', place: { file: 'models/docs.md', line: 3 } },
      { name: 'rating_scale', packageName: 'movies', contents: 'Ratings go from 1 to 5.', place: { file: 'models/docs.md', line: 7 } },
    ]);
  });
});

describe('property files', () => {
  const node = (type: string, name: string) => movies.properties.nodes.find((entry) => entry.resourceType === type && entry.name === name)!;

  it('reads models with raw descriptions, config, columns and both test keys merged', () => {
    const stg = node('model', 'stg_movies');
    expect(stg.description).toBe("{{ doc('stg_movies') }}");
    expect(stg.config).toEqual({ materialized: 'table', tags: ['core'] });
    expect(stg.place).toEqual({ file: 'models/staging/schema.yml', line: 4 });
    const [id, title] = stg.columns;
    expect(id).toMatchObject({ name: 'movie_id', description: 'Primary key', dataType: 'integer', place: { file: 'models/staging/schema.yml', line: 10 } });
    expect(id!.tests.map((test) => test.raw)).toEqual(['unique', 'not_null']);
    expect(id!.tests.find((test) => test.raw === 'unique')!.place).toEqual({ file: 'models/staging/schema.yml', line: 14 });
    expect(title).toMatchObject({ name: 'title', description: '', tags: ['pii'], meta: { masked: true }, tests: [] });
  });

  it('keeps test arguments as written', () => {
    const ratings = node('model', 'stg_ratings');
    expect(ratings.tags).toEqual(['ratings']);
    expect(ratings.tests).toEqual([{ raw: { 'dbt_utils.expression_is_true': { expression: 'rating >= 0' } }, place: { file: 'models/staging/schema.yml', line: 25 } }]);
    expect(ratings.columns[0]!.tests[0]!.raw).toEqual({ accepted_values: { values: [1, 2, 3, 4, 5], quote: false } });
  });

  it('reads seeds, snapshots (with YAML-only snapshots keeping relation) and macros', () => {
    expect(node('seed', 'movies')).toMatchObject({ description: 'Seeded movies', config: { column_types: { movie_id: 'integer' } }, place: { file: 'seeds/seeds.yml', line: 3 } });
    expect(node('snapshot', 'users_snapshot').description).toBe('User history');
    expect(node('snapshot', 'plans_snapshot')).toMatchObject({ relation: "source('raw', 'movies')", config: { unique_key: 'plan_id', strategy: 'check', check_cols: 'all' } });
    expect(movies.properties.macros).toEqual([
      { name: 'cents_to_dollars', packageName: 'movies', description: 'Converts cents', meta: {}, config: {}, arguments: [{ name: 'column', type: 'string', description: 'The column' }], place: { file: 'macros/macros.yml', line: 3 } },
    ]);
  });

  it('reads sources with the schema defaulting to the source name', () => {
    const [raw, events] = movies.properties.sources;
    expect(raw).toMatchObject({
      name: 'raw',
      packageName: 'movies',
      database: "{{ env_var('RAW_DB', 'landing') }}",
      schema: 'raw',
      loader: 's3',
      loadedAtField: '_loaded_at',
      freshness: { warn_after: { count: 12, period: 'hour' } },
      meta: { owner: 'ingest' },
      tags: ['raw'],
      quoting: { identifier: true },
      place: { file: 'models/sources.yml', line: 3 },
    });
    expect(raw!.tables.map((table) => table.name)).toEqual(['movies', 'ratings']);
    expect(raw!.tables[0]).toMatchObject({ identifier: 'MOVIES_CSV', description: 'Raw movies file', place: { file: 'models/sources.yml', line: 14 } });
    expect(raw!.tables[0]!.columns[0]!.tests.map((test) => test.raw)).toEqual(['not_null']);
    expect(raw!.tables[1]).toMatchObject({ loadedAtField: 'rated_at', freshness: null });
    expect(raw!.tables[1]!.tests[0]!.raw).toEqual({ 'dbt_utils.recency': { datepart: 'day', field: 'rated_at', interval: 1 } });
    expect(events).toMatchObject({ name: 'events', schema: 'raw_events', tables: [{ name: 'watch_events' }] });
  });

  it('reads exposures', () => {
    expect(movies.properties.exposures).toEqual([
      {
        name: 'weekly_dashboard',
        packageName: 'movies',
        type: 'dashboard',
        label: 'Weekly dashboard',
        maturity: 'high',
        url: 'https://bi.example.com/dash/1',
        description: 'Ratings by genre',
        dependsOn: ["ref('fct_ratings')", "source('raw', 'movies')"],
        owner: { name: 'Ana', email: 'ana@example.com' },
        meta: {},
        tags: [],
        config: {},
        place: { file: 'models/exposures.yml', line: 3 },
      },
    ]);
  });

  it('keeps semantic models apart from the nodes', () => {
    expect(movies.properties.semantic.semanticModels.map((model) => `${model.name}:${model.model}`)).toEqual(["whatever:ref('stg_movies')"]);
  });

  it('ignores metrics, semantic models and unit tests', () => {
    expect(movies.properties.nodes.map((entry) => `${entry.resourceType}:${entry.name}`).sort()).toEqual([
      'model:stg_movies',
      'model:stg_ratings',
      'seed:movies',
      'snapshot:plans_snapshot',
      'snapshot:users_snapshot',
    ]);
  });
});
