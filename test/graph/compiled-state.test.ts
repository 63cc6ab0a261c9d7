/**
 * State comparison on manifests the real loader and compiler produce (late integration): the
 * reasons must come out right from the compiler's own checksums.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/project/index.js';
import { compileProject } from '../../src/compiler/index.js';
import { compareManifests, formatChanges } from '../../src/graph/state.js';
import { selectNodes } from '../../src/graph/selection.js';
import type { Manifest } from '../../src/graph/types.js';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dailies-compiled-state-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const BASE: Record<string, string> = {
  'dbt_project.yml': "name: shop\nversion: '1.0'\nprofile: shop\nmodels:\n  shop:\n    +materialized: view\n",
  'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: shop.duckdb\n      schema: main\n',
  'macros/cents.sql': '{% macro cents(column) %}round({{ column }} / 100.0, 2){% endmacro %}\n',
  'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: orders\n        description: orders as loaded\n',
  'models/stg_orders.sql': "select id, {{ cents('amount') }} as amount from {{ source('raw', 'orders') }}\n",
  'models/orders.sql': "{{ config(materialized='table') }}\nselect * from {{ ref('stg_orders') }}\n",
  'models/customers.sql': "select id from {{ ref('stg_orders') }}\n",
  'models/payments.sql': "select id from {{ ref('stg_orders') }}\n",
  'models/schema.yml': 'version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: id\n        data_tests: [not_null]\n',
};

let projectCount = 0;
async function compile(changes: Record<string, string> = {}): Promise<Manifest> {
  const dir = path.join(scratch, `p${projectCount++}`);
  for (const [file, text] of Object.entries({ ...BASE, ...changes })) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  const project = await loadProject({ projectDir: dir, profilesDir: dir, env: {} });
  return (await compileProject(project)).manifest;
}

describe('state comparison of compiled projects', () => {
  it('finds every reason from the compiler checksums', async () => {
    const base = await compile();
    const head = await compile({
      'models/stg_orders.sql': "select id,\n       {{ cents('amount') }} as amount  -- dollars\nfrom {{ source('raw', 'orders') }}\n",
      'macros/cents.sql': '{% macro cents(column) %}round({{ column }} / 100.0, 4){% endmacro %}\n',
      'models/orders.sql': "{{ config(materialized='incremental') }}\nselect * from {{ ref('stg_orders') }}\n",
      'models/payments.sql': "select id, amount from {{ ref('stg_orders') }}\n",
      'models/schema.yml': BASE['models/schema.yml'] + '  - name: customers\n    config:\n      materialized: table\n',
      'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: orders\n        description: orders from the shop database\n',
      'models/refunds.sql': "select id from {{ ref('orders') }}\n",
    });
    const changes = compareManifests(base, head);
    expect(changes.get('model.shop.stg_orders')).toEqual({ status: 'modified', reasons: ['whitespace_or_comments', 'macros'], changedMacros: ['macro.shop.cents'] });
    // config() inside the SQL: the text and the config both changed
    expect(changes.get('model.shop.orders')).toEqual({ status: 'modified', reasons: ['body', 'config'] });
    expect(changes.get('model.shop.customers')).toEqual({ status: 'modified', reasons: ['config'] });
    expect(changes.get('model.shop.payments')).toEqual({ status: 'modified', reasons: ['body'] });
    expect(changes.get('source.shop.raw.orders')).toEqual({ status: 'modified', reasons: ['config'] });
    expect(changes.get('model.shop.refunds')).toEqual({ status: 'new', reasons: [] });
    expect(formatChanges(changes)).toContain('modified  model.shop.stg_orders');
    expect(selectNodes(head, { select: ['state:modified.body'], state: base, resourceTypes: ['model'] })).toEqual([
      'model.shop.orders',
      'model.shop.payments',
      'model.shop.refunds',
    ]);
  }, 30_000);

  it('finds contract changes, their consumers and new seed contents', async () => {
    const contract = (type: string): string =>
      'version: 2\nmodels:\n  - name: orders\n    config:\n      contract:\n        enforced: true\n    columns:\n' +
      `      - name: id\n        data_type: ${type}\n      - name: amount\n        data_type: double\n`;
    const extra = { 'models/refunds.sql': "select id from {{ ref('orders') }}\n", 'seeds/countries.csv': 'code,name\nNL,Netherlands\n' };
    const base = await compile({ ...extra, 'models/schema.yml': contract('integer') });
    const head = await compile({ ...extra, 'models/schema.yml': contract('bigint'), 'seeds/countries.csv': 'code,name\nNL,Netherlands\nBE,Belgium\n' });
    const changes = compareManifests(base, head);
    expect(changes.get('model.shop.orders')).toMatchObject({
      status: 'modified',
      reasons: ['contract'],
      contract: { breaking: true, retyped: [{ column: 'id', from: 'integer', to: 'bigint' }] },
    });
    expect(changes.get('model.shop.refunds')).toEqual({ status: 'unchanged', reasons: ['upstream_contract'], changedContracts: ['model.shop.orders'] });
    expect(changes.get('seed.shop.countries')).toEqual({ status: 'modified', reasons: ['seed_contents'] });
  }, 30_000);

  it('finds nothing between two compiles of the same project', async () => {
    const [base, head] = [await compile(), await compile()];
    expect(formatChanges(compareManifests(base, head))).toBe('no changes');
  }, 30_000);
});
