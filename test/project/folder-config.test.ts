import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { folderConfig, loadProject, mergeConfigs, normalizeConfigKeys, treeConfig, type Project } from '../../src/project/index.js';
import { cleanEnv, fixturesDir } from './temp-project.js';

let project: Project;
beforeAll(async () => {
  project = await loadProject({ projectDir: join(fixturesDir, 'movies'), env: cleanEnv() });
});

describe('folderConfig', () => {
  it('applies outer folders first and deeper folders over them', () => {
    const root = project.rootPackage;
    expect(folderConfig(project, root, 'models', ['movies', 'staging', 'stg_movies'])).toEqual({
      tags: ['nightly', 'staging'],
      materialized: 'view',
      meta: { owner: 'data-team' },
      schema: 'staging',
    });
  });

  it('reaches configs written for a single node and appends its hooks', () => {
    const config = folderConfig(project, project.rootPackage, 'models', ['movies', 'staging', 'stg_ratings']);
    expect(config.materialized).toBe('incremental');
    expect(config.post_hook).toEqual(['analyze {{ this }}']);
    expect(config.schema).toBe('staging');
  });

  it('treats a key without + as a config unless it is a folder, merging dict configs', () => {
    const config = folderConfig(project, project.rootPackage, 'models', ['movies', 'marts', 'fct_ratings']);
    expect(config).toEqual({ tags: ['nightly'], materialized: 'table', meta: { owner: 'data-team', tier: 'gold' }, pre_hook: ['select 1'] });
  });

  it("applies a package's own block first and the root project's over it", () => {
    const utils = project.packages.find((pkg) => pkg.name === 'dbt_utils')!;
    expect(folderConfig(project, utils, 'models', ['dbt_utils', 'utils_model'])).toEqual({
      materialized: 'table',
      schema: 'utils',
      tags: ['utils', 'nightly'],
    });
  });

  it('treats tests and data_tests as one block', () => {
    const expected = { severity: 'warn', store_failures: true };
    expect(folderConfig(project, project.rootPackage, 'tests', ['movies', 'assert_ratings_in_range'])).toEqual(expected);
    expect(folderConfig(project, project.rootPackage, 'data_tests', ['movies', 'assert_ratings_in_range'])).toEqual(expected);
  });

  it('returns seed configs and nothing for resource types without a block', () => {
    expect(folderConfig(project, project.rootPackage, 'seeds', ['movies', 'movies'])).toEqual({ quote_columns: false, column_types: { movie_id: 'integer' } });
    expect(folderConfig(project, project.rootPackage, 'snapshots', ['movies', 'users_snapshot'])).toEqual({});
  });

  it('stops at a path part that is not a folder block', () => {
    const tree = { '+enabled': true, sales: { '+schema': 's', orders: { '+alias': 'o' } } };
    expect(treeConfig(tree, ['sales', 'returns'])).toEqual({ enabled: true, schema: 's' });
    expect(treeConfig(tree, ['sales', 'orders'])).toEqual({ enabled: true, schema: 's', alias: 'o' });
    expect(treeConfig(undefined, ['x'])).toEqual({});
  });
});

describe('mergeConfigs', () => {
  it('unions tags, turning a single tag into a list', () => {
    expect(mergeConfigs({ tags: 'a' }, { '+tags': ['b', 'a'] })).toEqual({ tags: ['a', 'b'] });
  });

  it('appends hooks under their underscore names', () => {
    expect(mergeConfigs({ 'pre-hook': 'one' }, { pre_hook: ['two'], '+post-hook': 'three' })).toEqual({ pre_hook: ['one', 'two'], post_hook: ['three'] });
  });

  it('merges meta, grants and docs as dicts and replaces everything else', () => {
    const merged = mergeConfigs(
      { meta: { a: 1, b: 1 }, docs: { show: true }, grants: { select: ['r1'], insert: ['w'] }, materialized: 'view', persist_docs: { relation: true } },
      { meta: { b: 2 }, docs: { node_color: 'red' }, grants: { '+select': ['r2'], insert: ['w2'] }, materialized: 'table', persist_docs: { columns: true } },
    );
    expect(merged).toEqual({
      meta: { a: 1, b: 2 },
      docs: { show: true, node_color: 'red' },
      grants: { select: ['r1', 'r2'], insert: ['w2'] },
      materialized: 'table',
      persist_docs: { columns: true },
    });
  });

  it('normalizes keys: + stripped, hooks renamed, duplicates merged', () => {
    expect(normalizeConfigKeys({ '+schema': 'x', 'post-hook': 'a', '+post-hook': ['b'], tags: 't' })).toEqual({ schema: 'x', post_hook: ['a', 'b'], tags: ['t'] });
  });
});

describe('folderConfig, merged once per folder', () => {
  it('gives each node of a folder its own copy of lists and mappings', () => {
    const first = folderConfig(project, project.rootPackage, 'models', ['movies', 'staging', 'stg_movies']);
    (first.tags as string[]).push('changed');
    (first.meta as Record<string, unknown>).owner = 'someone else';
    first.materialized = 'table';
    const second = folderConfig(project, project.rootPackage, 'models', ['movies', 'staging', 'stg_users']);
    expect(second.tags).toEqual(['nightly', 'staging']);
    expect(second.meta).toEqual({ owner: 'data-team' });
    expect(second.materialized).toBe('view');
  });

  it('still applies a block written for one node of a folder to that node alone', () => {
    const named = folderConfig(project, project.rootPackage, 'models', ['movies', 'staging', 'stg_ratings']);
    const sibling = folderConfig(project, project.rootPackage, 'models', ['movies', 'staging', 'stg_movies']);
    expect(named.materialized).toBe('incremental');
    expect(sibling.materialized).toBe('view');
    expect(sibling.post_hook).toBeUndefined();
  });

  it('reads config keys that are also names of Object.prototype members as plain keys', () => {
    expect(normalizeConfigKeys({ constructor: 'x', '+toString': 'y' })).toEqual({ constructor: 'x', toString: 'y' });
    expect(mergeConfigs({ constructor: 'a' }, { '+constructor': 'b' })).toEqual({ constructor: 'b' });
  });
});
