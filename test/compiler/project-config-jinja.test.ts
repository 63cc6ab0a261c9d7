import { afterAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/index.js';
import { removeTempProjects, tempProject } from './temp-project.js';

afterAll(removeTempProjects);

const files = {
  'dbt_project.yml': [
    'name: shop',
    'profile: shop',
    'models:',
    '  shop:',
    '    sources_loaded:',
    `      +enabled: "{{ var('load_source_data', false) }}"`,
    `    +materialized: "{{ 'table' if target.name == 'dev' else 'view' }}"`,
    `    +pre-hook: "select '{{ this }}'"`,
    '',
  ].join('\n'),
  'models/sources_loaded/raw_orders.sql': 'select 1 as id',
  'models/orders.sql': 'select 2 as id',
};

describe('Jinja in dbt_project.yml resource configs', () => {
  it('disables the nodes when +enabled renders to False, as dbt does', async () => {
    const manifest = (await compileProject(await tempProject(files))).manifest;
    expect(manifest.nodes['model.shop.raw_orders']).toBeUndefined();
    expect(manifest.disabled['model.shop.raw_orders']).toHaveLength(1);
    expect(manifest.nodes['model.shop.orders']?.config.enabled).toBe(true);
  });

  it('enables them when the variable is true, and renders other values natively; hooks stay unrendered', async () => {
    const manifest = (await compileProject(await tempProject(files, { vars: { load_source_data: true } }))).manifest;
    const node = manifest.nodes['model.shop.raw_orders']!;
    expect(node.config.enabled).toBe(true);
    expect(node.config.materialized).toBe('table');
    expect(node.config['pre-hook']).toEqual([{ sql: "select '{{ this }}'", transaction: true, index: null }]);
  });
});
