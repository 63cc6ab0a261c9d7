/**
 * dbt's relation macros with a warehouse: load_relation, get_or_create_relation,
 * truncate_relation, drop_relation_if_exists and create_schema act on DuckDB when the node is
 * compiled (execute is true), as their statements do in dbt.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/index.js';
import { openAdapter } from '../../src/warehouse/index.js';
import { removeTempProjects, tempProject } from './temp-project.js';

afterAll(removeTempProjects);

const model = `
{%- set scratch = load_relation(api.Relation.create(schema='main', identifier='scratch')) -%}
{%- set found, same = get_or_create_relation(none, 'main', 'scratch', 'table') -%}
{%- set missing, made = get_or_create_relation(none, 'main', 'nowhere', 'view') -%}
{%- if execute -%}
{%- do truncate_relation(scratch) -%}
{%- do drop_relation_if_exists(load_relation(api.Relation.create(schema='main', identifier='to_drop'))) -%}
{%- do drop_relation_if_exists(load_relation(api.Relation.create(schema='main', identifier='never_there'))) -%}
{%- do create_schema(api.Relation.create(schema='made_by_macro')) -%}
{%- endif -%}
select {{ found }} as found, '{{ same.type }}' as found_type, {{ missing }} as missing, '{{ made }}' as made, '{{ made.type }}' as made_type`;

describe('relation macros against DuckDB', () => {
  it('find, truncate, drop and create what they name', async () => {
    const project = await tempProject({
      'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ":memory:"\n      schema: main\n      threads: 1\n',
      'models/m.sql': model,
    });
    const adapter = await openAdapter(project.target);
    try {
      await adapter.execute('create table main.scratch as select 1 as x');
      await adapter.execute('create table main.to_drop as select 1 as x');
      const compiler = await compileProject(project, { adapter });
      expect(compiler.manifest.nodes['model.shop.m']!.compiled_code).toBe(`select True as found, 'table' as found_type, False as missing, '"main"."nowhere"' as made, 'view' as made_type`);
      expect((await adapter.execute('select count(*) as n from main.scratch')).rows).toEqual([{ n: 0 }]);
      expect(await adapter.getRelation({ database: null, schema: 'main', identifier: 'to_drop' })).toBeNull();
      expect(await adapter.schemaExists(null, 'made_by_macro')).toBe(true);
    } finally {
      await adapter.close();
    }
  });
});
