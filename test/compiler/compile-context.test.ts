import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/index.js';
import { removeTempProjects, tempProject } from './temp-project.js';

afterAll(removeTempProjects);

async function compiled(files: Record<string, string>): Promise<Record<string, { sql: string | undefined; config: Record<string, unknown> }>> {
  const { manifest } = await compileProject(await tempProject(files));
  const out: Record<string, { sql: string | undefined; config: Record<string, unknown> }> = {};
  for (const node of Object.values(manifest.nodes)) out[node.name] = { sql: node.compiled_code, config: node.config };
  return out;
}

describe('the dbt context', () => {
  it('accepts config() with a dict, config.get/require, and package-qualified refs (versioned refs: versioned-models.test.ts)', async () => {
    const nodes = await compiled({
      'models/base.sql': "{{ config({'materialized': 'table', 'tags': ['x']}) }}select 1 as id",
      'models/uses.sql': "select '{{ config.get('materialized') }}|{{ config.get('missing', 'dflt') }}|{{ config.get('missing', default='kw') }}|{{ config.require('materialized') }}' as m, * from {{ ref('base') }} join {{ ref('shop', 'base') }} using (id)",
    });
    expect(nodes.base.config.materialized).toBe('table');
    expect(nodes.base.config.tags).toEqual(['x']);
    expect(nodes.uses.sql).toBe(`select 'view|dflt|kw|view' as m, * from "x"."main"."base" join "x"."main"."base" using (id)`);
  });

  it('reads relation parts and renders include() and incorporate()', async () => {
    const nodes = await compiled({
      'models/base.sql': 'select 1 as id',
      'models/parts.sql': "{% set r = ref('base') %}select '{{ r.schema }}.{{ r.identifier }}.{{ r.name }}' as p, '{{ r.include(schema=false) }}' as i, '{{ r.incorporate(path={'identifier': 'other'}) }}' as o, '{{ this.identifier }}' as t",
    });
    expect(nodes.parts.sql).toBe(`select 'main.base.base' as p, '"x"."base"' as i, '"x"."main"."other"' as o, 'parts' as t`);
  });

  it('renders an adapter.dispatch call made directly in a model', async () => {
    const nodes = await compiled({
      'macros/m.sql': "{% macro default__greet() %}'hello'{% endmacro %}{% macro duckdb__greet() %}'quack'{% endmacro %}",
      'models/a.sql': "select {{ adapter.dispatch('greet')() }} as g",
    });
    expect(nodes.a.sql).toBe("select 'quack' as g");
  });

  it('hashes contract columns only when the contract is enforced', async () => {
    const yaml = (type: string) =>
      `models:\n  - name: a\n    config:\n      contract: {enforced: true}\n    columns:\n      - name: id\n        data_type: ${type}\n  - name: b\n    columns:\n      - name: id\n        data_type: ${type}\n`;
    const first = (await compileProject(await tempProject({ 'models/a.sql': 'select 1 as id', 'models/b.sql': 'select 1 as id', 'models/a.yml': yaml('integer') }))).manifest;
    const second = (await compileProject(await tempProject({ 'models/a.sql': 'select 1 as id', 'models/b.sql': 'select 1 as id', 'models/a.yml': yaml('bigint') }))).manifest;
    const a1 = first.nodes['model.shop.a'];
    expect(a1.contract.enforced).toBe(true);
    expect(a1.contract.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(second.nodes['model.shop.a'].contract.checksum).not.toBe(a1.contract.checksum);
    expect(first.nodes['model.shop.b'].contract.checksum).toBeNull();
    expect(second.nodes['model.shop.a'].checksum.checksum).toBe(a1.checksum.checksum);
  });

  it('renders again when a relation was printed into a value that did not reach the SQL', async () => {
    const nodes = await compiled({
      'models/base.sql': 'select 1 as id',
      'models/hashed.sql': "select '{{ local_md5(ref('base') | string) }}' as h",
    });
    expect(nodes.hashed.sql).toBe(`select '${createHash('md5').update('"x"."main"."base"').digest('hex')}' as h`);
  });

  it('reads test names, arguments and config the ways dbt allows', async () => {
    const yaml = [
      'models:',
      '  - name: a',
      '    columns:',
      '      - name: status',
      '        data_tests:',
      '          - accepted_values:',
      '              name: status_is_known',
      '              arguments:',
      "                values: ['x', 'y']",
      '              config:',
      '                severity: warn',
      '                warn_if: ">10"',
      '                limit: 5',
      '          - not_null:',
      '              config:',
      '                enabled: false',
      '',
    ].join('\n');
    const { manifest } = await compileProject(await tempProject({ 'models/a.sql': 'select 1 as status', 'models/a.yml': yaml }));
    const tests = Object.values(manifest.nodes).filter((node) => node.resource_type === 'test');
    expect(tests.map((node) => node.name)).toEqual(['status_is_known']);
    const [test] = tests;
    expect(test.unique_id).toMatch(/^test\.shop\.status_is_known\.[0-9a-f]{10}$/);
    expect(test.test_metadata?.kwargs.values).toEqual(['x', 'y']);
    expect(test.config).toMatchObject({ severity: 'warn', warn_if: '>10', error_if: '!= 0', limit: 5 });
    expect(test.compiled_code).toContain("'x','y'");
    expect(Object.keys(manifest.disabled).some((id) => id.startsWith('test.shop.not_null_a_status.'))).toBe(true);
  });

  it('quotes relations by the target warehouse rules (Snowflake upper-cases)', async () => {
    const nodes = await compiled({
      'profiles.yml': 'shop:\n  target: prod\n  outputs:\n    prod:\n      type: snowflake\n      account: acme\n      database: analytics\n      schema: marts\n      threads: 4\n      private_key_path: /secret/key.p8\n',
      'models/base.sql': 'select 1 as id',
      'models/uses.sql': "select * from {{ ref('base') }} -- {{ 'private_key_path' in target }} {{ target.account }}",
    });
    expect(nodes.uses.sql).toBe('select * from "ANALYTICS"."MARTS"."BASE" -- False acme');
  });
});
