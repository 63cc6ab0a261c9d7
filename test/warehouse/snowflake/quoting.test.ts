/**
 * dbt's `quoting:` on Snowflake (stand-in): quoted identifiers are kept as written
 * (case-sensitive), unquoted ones upper-cased as Snowflake resolves them; names that quoting makes
 * clash are refused at compile time with both nodes named.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../../src/compiler/index.js';
import { loadProject } from '../../../src/project/index.js';
import { runBuild } from '../../../src/run/index.js';
import type { Adapter } from '../../../src/warehouse/adapter.js';
import { skipReason, useSnowflake } from './helpers.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function projectWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dailies-sf-quoting-'));
  dirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

describe.skipIf(skipReason !== null)('quoting on Snowflake (stand-in)', () => {
  const world = useSnowflake();

  async function build(dir: string, adapter: Adapter, schema: string) {
    const { name: _name, ...target } = world.target({ schema });
    void _name;
    writeFileSync(join(dir, 'profiles.yml'), JSON.stringify({ shop: { target: 'sf', outputs: { sf: target } } }));
    const project = await loadProject({ projectDir: dir, env: {} });
    const compiler = await compileProject(project, { adapter });
    return { compiler, results: await runBuild({ compiler, adapter, select: Object.keys(compiler.manifest.nodes), command: 'build', threads: 2, targetDir: join(dir, 'target') }) };
  }

  it('keeps quoted identifiers as written and upper-cases unquoted ones, through refs, incremental runs and lookups', async () => {
    const schema = world.schema('QUOTE');
    const dir = projectWith({
      'dbt_project.yml': 'name: shop\nprofile: shop\nversion: "1.0"\nquoting:\n  identifier: true\n',
      'models/sources.yml': `version: 2\nsources:\n  - name: raw\n    schema: ${schema}\n    quoting:\n      identifier: true\n    tables:\n      - name: RawLabels\n`,
      'models/MixedCase.sql': "{{ config(materialized='table') }}\nselect 1 as id, label from {{ source('raw', 'RawLabels') }}",
      'models/lower_reader.sql': "{{ config(materialized='incremental', unique_key='id') }}\nselect id, label from {{ ref('MixedCase') }}",
      'models/plain_view.sql': "{{ config(materialized='view', quoting={'identifier': false}) }}\nselect id from {{ ref('lower_reader') }}",
    });
    const adapter = await world.open({ schema });
    await adapter.createSchema(null, schema);
    await adapter.execute(`create table "DAILIES"."${schema}"."RawLabels" (label varchar)`);
    await adapter.execute(`insert into "DAILIES"."${schema}"."RawLabels" values ('a')`);
    const first = await build(dir, adapter, schema);
    expect(first.results.results.filter((result) => result.status !== 'success').map((result) => result.message)).toEqual([]);
    const nodes = first.compiler.manifest.nodes;
    expect(nodes['model.shop.MixedCase']!.relation_name).toBe(`"DAILIES"."${schema}"."MixedCase"`);
    expect(nodes['model.shop.lower_reader']!.relation_name).toBe(`"DAILIES"."${schema}"."lower_reader"`);
    expect(nodes['model.shop.plain_view']!.relation_name).toBe(`"DAILIES"."${schema}"."PLAIN_VIEW"`);
    expect(first.compiler.manifest.sources['source.shop.raw.RawLabels']!.relation_name).toBe(`"DAILIES"."${schema}"."RawLabels"`);

    // a second run (a fresh adapter): the incremental model finds its quoted table and merges into it
    const again = await world.open({ schema });
    const second = await build(dir, again, schema);
    expect(second.results.results.filter((result) => result.status !== 'success').map((result) => result.message)).toEqual([]);
    const fresh = await world.open({ schema });
    expect((await fresh.listRelations(null, schema)).map((relation) => relation.identifier).sort()).toEqual(['MixedCase', 'PLAIN_VIEW', 'RawLabels', 'lower_reader']);
    expect((await fresh.execute(`select id, label from "DAILIES"."${schema}"."lower_reader"`)).rows).toEqual([{ id: 1, label: 'a' }]);
    expect(await fresh.getRelation({ database: null, schema, identifier: 'LOWER_READER' })).toMatchObject({ identifier: 'lower_reader' });
    expect(await fresh.getRelation({ database: null, schema, identifier: 'LOWER_READER', quoting: { identifier: true } })).toBeNull();
  });

  it('refuses two nodes that quoting makes one relation, or two names that differ only by case', async () => {
    const adapter = await world.open({ schema: world.schema('CLASH') });
    const same = projectWith({
      'dbt_project.yml': 'name: shop\nprofile: shop\nversion: "1.0"\n',
      'models/orders.sql': 'select 1 as id',
      'models/orders_upper.sql': "{{ config(alias='ORDERS', quoting={'identifier': true}) }}\nselect 2 as id",
    });
    await expect(build(same, adapter, 'CLASH')).rejects.toMatchObject({
      message: expect.stringMatching(/'orders' and 'orders_upper' both build "DAILIES"\."CLASH"\."ORDERS"/),
      place: { file: 'models/orders_upper.sql' },
    });
    const byCase = projectWith({
      'dbt_project.yml': 'name: shop\nprofile: shop\nversion: "1.0"\nquoting:\n  identifier: true\n',
      'models/orders.sql': 'select 1 as id',
      'models/orders_title.sql': "{{ config(alias='Orders') }}\nselect 2 as id",
    });
    await expect(build(byCase, adapter, 'CLASH')).rejects.toMatchObject({ message: expect.stringMatching(/quoted names that differ only by case/) });
  });
});
