import { afterAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/index.js';
import { DBT_VERSION } from '../../src/compiler/jinja/index.js';
import { removeTempProjects, tempProject } from './temp-project.js';

afterAll(removeTempProjects);

const model = "select '{{ flags.WHICH }} {{ flags.FULL_REFRESH }} {{ should_full_refresh() }} {{ flags.STORE_FAILURES }} {{ dbt_version }}' as f";

describe('flags and dbt_version', () => {
  it('say which command runs, and its --full-refresh / --store-failures', async () => {
    const project = await tempProject({ 'models/m.sql': model });
    const run = await compileProject(project, { flags: { which: 'run', fullRefresh: true, storeFailures: true } });
    expect(run.manifest.nodes['model.shop.m']!.compiled_code).toBe(`select 'run True True True ${DBT_VERSION}' as f`);
    const plain = await compileProject(project);
    expect(plain.manifest.nodes['model.shop.m']!.compiled_code).toBe(`select 'compile False False False ${DBT_VERSION}' as f`);
  });

  it('report dbt 1.11', () => {
    expect(DBT_VERSION).toMatch(/^1\.11\.\d+$/);
  });

  it('a model config full_refresh wins over the flag in should_full_refresh()', async () => {
    const project = await tempProject({ 'models/m.sql': `{{ config(full_refresh=false) }}${model}` });
    const run = await compileProject(project, { flags: { which: 'build', fullRefresh: true } });
    expect(run.manifest.nodes['model.shop.m']!.compiled_code).toBe(`select 'build True False False ${DBT_VERSION}' as f`);
  });
});
