import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DailiesError } from '../../src/errors.js';
import { loadProject } from '../../src/project/index.js';
import { cleanEnv, removeTempProjects, tempProject } from './temp-project.js';

afterAll(removeTempProjects);

const PROJECT = 'name: shop\n';

async function loadError(files: Record<string, string>): Promise<DailiesError> {
  const dir = tempProject(files);
  const error = await loadProject({ projectDir: dir, env: cleanEnv() }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DailiesError);
  return error as DailiesError;
}

describe('dbt_project.yml errors', () => {
  it('reports a missing dbt_project.yml as a config error', async () => {
    const error = await loadError({ 'models/a.sql': 'select 1' });
    expect(error.kind).toBe('config');
    expect(error.place?.file).toBe('dbt_project.yml');
    expect(error.message).toMatch(/^No dbt_project.yml found in /);
    expect(error.hint).toContain('--project-dir');
  });

  it('reports a dbt_project.yml without a name', async () => {
    const error = await loadError({ 'dbt_project.yml': 'version: 1\n' });
    expect(error.kind).toBe('config');
    expect(error.message).toBe('dbt_project.yml has no `name`');
  });

  it('reports a name that is not an identifier, with its line', async () => {
    const error = await loadError({ 'dbt_project.yml': 'version: 1\nname: my-shop\n' });
    expect(error.place).toEqual({ file: 'dbt_project.yml', line: 2 });
  });

  it('reports malformed YAML in dbt_project.yml as a config error with its line', async () => {
    const error = await loadError({ 'dbt_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: [view\n' });
    expect(error.kind).toBe('config');
    expect(error.place?.file).toBe('dbt_project.yml');
    expect(error.place?.line).toBe(4);
  });

  it('renders env_var in the profile name', async () => {
    const dir = tempProject({ 'dbt_project.yml': "name: shop\nprofile: \"{{ env_var('PROFILE', 'fallback') }}\"\n" });
    expect((await loadProject({ projectDir: dir, env: cleanEnv({ PROFILE: 'chosen' }) })).profileName).toBe('chosen');
    expect((await loadProject({ projectDir: dir, env: cleanEnv() })).profileName).toBe('fallback');
  });
});

describe('property file errors', () => {
  it('names models/schema.yml:<line> for malformed YAML', async () => {
    const error = await loadError({ 'dbt_project.yml': PROJECT, 'models/schema.yml': 'version: 2\nmodels:\n  - name: a\n    description: "unclosed\n' });
    expect(error.kind).toBe('yaml');
    expect(error.place?.file).toBe('models/schema.yml');
    expect(error.place?.line).toBeGreaterThanOrEqual(4);
    expect(error.format()).toMatch(/^models\/schema\.yml:4: Malformed YAML: .*quote/);
    expect(error.place?.line).toBe(4);
  });

  it('names the line of a models: key that is not a list', async () => {
    const error = await loadError({ 'dbt_project.yml': PROJECT, 'models/schema.yml': 'version: 2\n\nmodels:\n  orders:\n    description: x\n' });
    expect(error.kind).toBe('yaml');
    expect(error.place).toEqual({ file: 'models/schema.yml', line: 3 });
    expect(error.message).toBe('`models` of `models:` must be a list, not a mapping');
    expect(error.hint).toContain('- ');
  });

  it('names an entry without a name', async () => {
    const error = await loadError({ 'dbt_project.yml': PROJECT, 'models/schema.yml': 'models:\n  - name: a\n  - description: no name\n' });
    expect(error.place).toEqual({ file: 'models/schema.yml', line: 3 });
    expect(error.message).toContain('has no `name`');
  });

  it('names the line of a list entry that is not a mapping', async () => {
    const error = await loadError({ 'dbt_project.yml': PROJECT, 'models/schema.yml': 'sources:\n  - name: raw\n    tables:\n      - name: a\n      - b\n' });
    expect(error.place).toEqual({ file: 'models/schema.yml', line: 5 });
    expect(error.message).toBe('Entry 2 of `tables` in source "raw" must be a mapping with a `name:`, not the text "b"');
    expect(error.hint).toBe('Write entries as `- name: my_table`.');
  });

  it('names columns that are not a list', async () => {
    const error = await loadError({ 'dbt_project.yml': PROJECT, 'models/schema.yml': 'models:\n  - name: a\n    columns:\n      id: {description: x}\n' });
    expect(error.place).toEqual({ file: 'models/schema.yml', line: 3 });
    expect(error.message).toBe('`columns` of model "a" must be a list, not a mapping');
  });

  it('names a description that is not text', async () => {
    const error = await loadError({ 'dbt_project.yml': PROJECT, 'models/schema.yml': 'models:\n  - name: a\n    description: [x]\n' });
    expect(error.place).toEqual({ file: 'models/schema.yml', line: 3 });
  });

  it('rejects an exposure without a valid type', async () => {
    const error = await loadError({ 'dbt_project.yml': PROJECT, 'models/x.yml': 'exposures:\n  - name: d\n    type: report\n' });
    expect(error.place).toEqual({ file: 'models/x.yml', line: 3 });
    expect(error.message).toContain('dashboard, notebook');
  });

  it('names both places of a model described twice', async () => {
    const error = await loadError({
      'dbt_project.yml': PROJECT,
      'models/a.yml': 'models:\n  - name: orders\n',
      'models/b/b.yml': 'version: 2\nmodels:\n  - name: orders\n',
    });
    expect(error.kind).toBe('yaml');
    expect(error.message).toBe('Model "orders" is described twice: at models/a.yml:2 and at models/b/b.yml:3');
    expect(error.place).toEqual({ file: 'models/b/b.yml', line: 3 });
  });

  it('names both places of a docs block defined twice', async () => {
    const error = await loadError({ 'dbt_project.yml': PROJECT, 'models/a.md': '{% docs x %}a{% enddocs %}', 'models/b.md': '\n{% docs x %}b{% enddocs %}' });
    expect(error.message).toBe('Docs block "x" is defined twice: at models/a.md:1 and at models/b.md:2');
  });

  it('reports an unclosed docs block', async () => {
    const error = await loadError({ 'dbt_project.yml': PROJECT, 'models/a.md': 'intro\n\n{% docs x %}never closed' });
    expect(error.place).toEqual({ file: 'models/a.md', line: 3 });
  });
});

describe('files and packages errors', () => {
  it('rejects Python models, naming the file', async () => {
    const error = await loadError({ 'dbt_project.yml': PROJECT, 'models/py/model.py': 'def model(dbt, session): pass' });
    expect(error.message).toBe('Python models are not supported');
    expect(error.place).toEqual({ file: 'models/py/model.py' });
  });

  it('asks to vendor hub packages when dbt_packages/ is missing', async () => {
    const error = await loadError({ 'dbt_project.yml': PROJECT, 'packages.yml': 'packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.1.1\n' });
    expect(error.kind).toBe('config');
    expect(error.message).toBe('packages.yml lists dbt-labs/dbt_utils, but dbt_packages/ holds no packages');
    expect(error.hint).toContain('Run `dailies deps` to install them under dbt_packages/');
  });

  it('reads dependencies.yml too and rejects a local package without dbt_project.yml', async () => {
    const error = await loadError({ 'dbt_project.yml': PROJECT, 'dependencies.yml': 'packages:\n  - local: ../nowhere\n' });
    expect(error.place).toEqual({ file: 'dependencies.yml', line: 2 });
  });
});

describe('packages', () => {
  it('loads a local package once even when dbt deps also linked it into dbt_packages/', async () => {
    const dir = tempProject({
      'dbt_project.yml': PROJECT,
      'packages.yml': 'packages:\n  - local: libs/common\n  - package: dbt-labs/dbt_utils\n    version: 1.1.1\n',
      'libs/common/dbt_project.yml': 'name: common\n',
      'libs/common/macros/m.sql': '{% macro m() %}1{% endmacro %}',
      'dbt_packages/dbt_utils/dbt_project.yml': 'name: dbt_utils\n',
    });
    symlinkSync(join(dir, 'libs', 'common'), join(dir, 'dbt_packages', 'common'));
    mkdirSync(join(dir, 'dbt_packages', 'empty_folder'));
    const project = await loadProject({ projectDir: dir, env: cleanEnv() });
    expect(project.packages.map((pkg) => pkg.name)).toEqual(['shop', 'common', 'dbt_utils']);
    expect(project.packages[1]!.macros.map((file) => file.relPath)).toEqual(['macros/m.sql']);
  });
});

describe('discovery skips', () => {
  it('skips node_modules, the target folder and the packages folder even under a model path of "."', async () => {
    const dir = tempProject({
      'dbt_project.yml': 'name: flat\nmodel-paths: ["."]\n',
      'a.sql': 'select 1',
      'sub/b.sql': 'select 2',
      'target/run/c.sql': 'select 3',
      'dbt_packages/p/d.sql': 'select 4',
      'node_modules/x/e.sql': 'select 5',
      '.git/f.sql': 'select 6',
    });
    const project = await loadProject({ projectDir: dir, env: cleanEnv() });
    expect(project.rootPackage.models.map((file) => file.relPath)).toEqual(['a.sql', 'sub/b.sql']);
  });
});

describe('what dailies does not support yet', () => {
  it('warns, as dbt does, about a version no file defines', async () => {
    const root = tempProject({
      'dbt_project.yml': 'name: shop\n',
      'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev: {type: duckdb, path: shop.duckdb}\n',
      'models/orders.sql': 'select 1 as id',
      'models/orders.yml': [
        'version: 2',
        'models:',
        '  - name: orders',
        '    latest_version: 2',
        '    versions:',
        '      - v: 1',
        '      - v: 2',
        'unit_tests:',
        '  - name: test_orders',
        '    model: orders',
        '    given: []',
        '    expect: {rows: []}',
        '',
      ].join('\n'),
    });
    const project = await loadProject({ projectDir: root, env: cleanEnv() });
    expect(project.warnings).toEqual([
      // models/orders.sql is the latest version (v2); no file defines v1 (dbt-core 1.11's warning)
      "Did not find matching node for patch with name 'orders_v1' in the 'models' section of file 'models/orders.yml'",
    ]);
  });
});
