/**
 * `unrendered_config` as dbt-core 1.11 writes it: each level of dbt_project.yml down the node's fqn
 * replaces keys (raw text, Jinja kept), then the property file's `config:` (rendered, as dbt
 * renders schema files), then the `config()` calls. Expected values: what dbt-core 1.11.16
 * (dbt-duckdb 1.11.1) wrote for the same project.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/index.js';
import { loadProject } from '../../src/project/index.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dailies-unrendered-'));
  dirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('unrendered_config', () => {
  it("takes dbt_project.yml's levels as written, the YAML config rendered, then config()", async () => {
    const dir = project({
      'dbt_project.yml': [
        'name: uc',
        'profile: uc',
        'models:',
        '  uc:',
        '    +materialized: view',
        '    sub:',
        '      +tags: [a]',
        '      schema: raw_text',
        '      m2:',
        '        +materialized: table',
        `        +meta: {"owner": "{{ env_var('OWNER', 'me') }}"}`,
        '',
      ].join('\n'),
      'profiles.yml': 'uc:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: uc.duckdb\n',
      'models/sub/m1.sql': 'select 1 as id\n',
      'models/sub/m2.sql': "{{ config(alias='m_two', tags=['b']) }}select 1 as id\n",
      'models/sub/m1.yml': 'version: 2\nmodels:\n  - name: m1\n    config:\n      schema: "{{ target.name }}_x"\n      tags: [c]\n',
    });
    const manifest = (await compileProject(await loadProject({ projectDir: dir, env: { HOME: dir } }))).manifest;
    expect(manifest.nodes['model.uc.m1']!.unrendered_config).toEqual({ materialized: 'view', tags: ['c'], schema: 'dev_x' });
    expect(manifest.nodes['model.uc.m2']!.unrendered_config).toEqual({
      materialized: 'table', tags: ['b'], schema: 'raw_text', meta: { owner: "{{ env_var('OWNER', 'me') }}" }, alias: 'm_two',
    });
    // the YAML config's Jinja is rendered for the node itself too
    expect(manifest.nodes['model.uc.m1']!.schema).toBe('main_dev_x');
  });
});
