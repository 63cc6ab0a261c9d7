/**
 * Materializations on Snowflake through the run layer, and what they cost in statements (read
 * from the stand-in's log by QUERY_TAG): a table, a view, an incremental merge, a seed.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { compileProject } from '../../../src/compiler/index.js';
import { loadProject } from '../../../src/project/index.js';
import { runBuild, type RunResults } from '../../../src/run/index.js';
import type { Adapter } from '../../../src/warehouse/adapter.js';
import { PROJECT_PARTS, repoRoot } from '../../fixtures/movie-repo.js';
import { skipReason, useSnowflake } from './helpers.js';

const files: Record<string, string> = {
  'dbt_project.yml': 'name: shop\nprofile: shop\nversion: "1.0"\n',
  'seeds/countries.csv': 'code,name,population\nFR,France,68\nDE,Germany,84\nBR,Brazil,216\n',
  'models/big_countries.sql': "{{ config(materialized='table') }}\nselect code, name, population from {{ ref('countries') }} where population > {{ var('min_population', 70) }}",
  'models/country_names.sql': "{{ config(materialized='view') }}\nselect code, lower(name) as name from {{ ref('countries') }}",
  'models/kept_countries.sql': "{{ config(materialized='table', transient=false) }}\nselect code from {{ ref('countries') }}",
  'models/country_history.sql':
    "{{ config(materialized='incremental', unique_key='code', on_schema_change='append_new_columns') }}\n" +
    "select code, population{% if is_incremental() %}, 'again' as note{% endif %} from {{ ref('countries') }}" +
    "{% if is_incremental() %} where population > 70{% endif %}",
};

describe.skipIf(skipReason !== null)('materializations on Snowflake (stand-in)', () => {
  const world = useSnowflake();
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dailies-sf-shop-'));
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function build(adapter: Adapter, schema: string, vars: Record<string, unknown> = {}): Promise<RunResults> {
    const target = world.target({ schema });
    writeFileSync(join(dir, 'profiles.yml'), JSON.stringify({ shop: { target: 'sf', outputs: { sf: { ...target, name: undefined } } } }));
    const project = await loadProject({ projectDir: dir, env: {}, vars });
    const compiler = await compileProject(project, { adapter });
    const results = await runBuild({ compiler, adapter, select: Object.keys(compiler.manifest.nodes), command: 'build', threads: 2, targetDir: join(dir, 'target') });
    expect(results.results.filter((result) => result.status !== 'success').map((result) => result.message)).toEqual([]);
    return results;
  }

  it('builds a seed, a table, a permanent table, a view and an incremental merge with on_schema_change, in few statements each', async () => {
    const schema = world.schema('SHOP');
    const adapter = await world.open({ schema });
    await build(adapter, schema);
    const rows = async (sql: string) => (await adapter.execute(sql)).rows;
    expect(await rows(`select code from "DAILIES"."${schema}"."BIG_COUNTRIES" order by code`)).toEqual([{ code: 'BR' }, { code: 'DE' }]);
    expect(await rows(`select name from "DAILIES"."${schema}"."COUNTRY_NAMES" order by name`)).toEqual([{ name: 'brazil' }, { name: 'france' }, { name: 'germany' }]);

    // second run: the incremental model merges (with a new column); counted per node by QUERY_TAG
    const second = await world.open({ schema });
    await world.standIn?.resetStatements();
    await build(second, schema, { min_population: 80 });
    expect(await rows(`select code, population, note from "DAILIES"."${schema}"."COUNTRY_HISTORY" order by code`)).toEqual([
      { code: 'BR', population: 216, note: 'again' },
      { code: 'DE', population: 84, note: 'again' },
      { code: 'FR', population: 68, note: null },
    ]);
    if (!world.standIn) return;
    const log = await world.standIn.statements();
    const perNode = (name: string) => log.filter((statement) => statement.queryTag?.endsWith(`.${name}`)).map((statement) => statement.sql);
    expect(perNode('big_countries')).toHaveLength(1);
    // the seed runs first, so the run's one schema check and one listing carry its tag too
    const metadata = /^(select schema_name from .*information_schema\.schemata|show terse objects)/;
    expect(perNode('countries').filter((sql) => !metadata.test(sql))).toEqual([expect.stringMatching(/^create or replace transient table "DAILIES"\."SHOP_\w+"\."COUNTRIES" as \(\nselect cast\(c1 as VARCHAR\)/)]);
    expect(perNode('country_names')).toHaveLength(1);
    expect(perNode('kept_countries').join('\n')).toMatch(/^create or replace table /);
    expect(perNode('big_countries').join('\n')).toMatch(/^create or replace transient table /);
    expect(log.filter((statement) => /^show terse objects/i.test(statement.sql))).toHaveLength(1);
    expect(log.every((statement) => statement.queryTag?.startsWith('dailies'))).toBe(true);
  });

  it('runs a {% materialization %} block of the project: adapter-specific over default, its statements in order', async () => {
    const schema = world.schema('CUSTOM');
    const custom = mkdtempSync(join(tmpdir(), 'dailies-sf-custom-'));
    try {
      const projectFiles: Record<string, string> = {
        'dbt_project.yml': 'name: shop\nprofile: shop\nversion: "1.0"\n',
        'macros/mats.sql': `{% materialization beside, default %}
  {{ exceptions.raise_compiler_error('the snowflake block must win') }}
{% endmaterialization %}
{% materialization beside, adapter='snowflake' %}
  {%- set existing = load_cached_relation(this) -%}
  {%- set target_relation = this.incorporate(type='table') -%}
  {{ drop_relation_if_exists(existing) }}
  {% call statement('main') -%}{{ get_create_table_as_sql(False, target_relation, sql) }}{%- endcall %}
  {% call statement('view') -%}{{ get_create_view_as_sql(target_relation.incorporate(path={'identifier': this.identifier ~ '_v'}, type='view'), 'select * from ' ~ target_relation) }}{%- endcall %}
  {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}
`,
        'models/made.sql': "{{ config(materialized='beside') }}\nselect 1 as id",
      };
      for (const [file, text] of Object.entries(projectFiles)) {
        mkdirSync(join(custom, file, '..'), { recursive: true });
        writeFileSync(join(custom, file), text);
      }
      const target = world.target({ schema });
      writeFileSync(join(custom, 'profiles.yml'), JSON.stringify({ shop: { target: 'sf', outputs: { sf: { ...target, name: undefined } } } }));
      const adapter = await world.open({ schema });
      const project = await loadProject({ projectDir: custom, env: {} });
      const compiler = await compileProject(project, { adapter });
      for (let run = 0; run < 2; run++) {
        const results = await runBuild({ compiler, adapter, select: Object.keys(compiler.manifest.nodes), command: 'run', threads: 1, targetDir: join(custom, 'target') });
        expect(results.results.map((result) => [result.unique_id, result.status, result.message])).toEqual([['model.shop.made', 'success', 'OK']]);
      }
      const rows = async (sql: string) => (await adapter.execute(sql)).rows;
      expect(await rows(`select id from "DAILIES"."${schema}"."MADE"`)).toEqual([{ id: 1 }]);
      expect(await rows(`select id from "DAILIES"."${schema}"."MADE_V"`)).toEqual([{ id: 1 }]);
    } finally {
      rmSync(custom, { recursive: true, force: true });
    }
  });

  it('the CLI seeds and previews the movie project with the snowflake_local target of test/fixtures/snowflake/profiles.yml', async () => {
    if (!world.standIn) return;
    const project = mkdtempSync(join(tmpdir(), 'dailies-sf-cli-'));
    try {
      for (const part of PROJECT_PARTS) cpSync(join(repoRoot, part), join(project, part), { recursive: true });
      let out = '';
      const io = { stdout: (text: string) => (out += text), stderr: (text: string) => (out += text), cwd: project, env: { DAILIES_SNOWFLAKE_URL: world.standIn.url }, signal: new AbortController().signal };
      const common = ['--profiles-dir', join(repoRoot, 'test', 'fixtures', 'snowflake'), '--target', 'snowflake_local'];
      expect(await main(['seed', ...common], io), out).toBe(0);
      expect(out).toMatch(/PASS=2 WARN=0 ERROR=0/);
      out = '';
      expect(await main(['show', '--inline', "select count(*) as n from {{ ref('genre_groups') }}", ...common], io), out).toBe(0);
      expect(out).toMatch(/\| n +\|/);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
