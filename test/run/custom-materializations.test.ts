/**
 * `{% materialization %}` blocks of the project and its packages, run on real DuckDB as dbt runs
 * them: just before the node, with dbt's materialization context, statements executed in order.
 * Expected manifest entries and run_results values were recorded from dbt-core 1.11.16 +
 * dbt-duckdb 1.11.1 on the same macros (e.g. the unique id `macro.mats.materialization_my_mat_duckdb`,
 * `supported_languages: ["sql", "python"]`, the error text of a block that returns no relations).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { openAdapter } from '../../src/warehouse/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dailies-mats-'));
  dirs.push(dir);
  const all: Record<string, string> = {
    'dbt_project.yml': 'name: mats\nprofile: mats\n',
    'profiles.yml': 'mats:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: mats.duckdb\n      schema: main\n      threads: 1\n',
    ...files,
  };
  for (const [file, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

async function dailies(dir: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main([...argv, '--project-dir', dir, '--profiles-dir', dir], {
    cwd: dir,
    env: { HOME: dir },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}

async function query(dir: string, sql: string): Promise<Record<string, unknown>[]> {
  const adapter = await openAdapter({ name: 'dev', type: 'duckdb', schema: 'main', threads: 1, path: path.join(dir, 'mats.duckdb') } as never);
  try {
    return (await adapter.execute(sql)).rows;
  } finally {
    await adapter.close();
  }
}

function runResults(dir: string): Record<string, { status: string; message: string | null; adapter_response: Record<string, unknown>; compiled_code: string | null }> {
  const results = JSON.parse(readFileSync(path.join(dir, 'target/run_results.json'), 'utf8')) as { results: { unique_id: string; status: string; message: string | null; adapter_response: Record<string, unknown>; compiled_code: string | null }[] };
  return Object.fromEntries(results.results.map((result) => [result.unique_id, result]));
}

/** A table built by statement('main'), plus a view over it; hooks run by run_hooks. */
const MATS = `{% materialization my_mat, default %}
  {{ exceptions.raise_compiler_error('the default block must lose to the duckdb one') }}
{% endmaterialization %}

{% materialization my_mat, adapter='duckdb' %}
  {%- set target_relation = this.incorporate(type='table') -%}
  {%- set view_relation = api.Relation.create(database=this.database, schema=this.schema, identifier=this.identifier ~ '_v', type='view') -%}
  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  {{ run_hooks(pre_hooks, inside_transaction=True) }}
  {% call statement('main') -%}
    create or replace table {{ target_relation }} as (select '{{ config.get('flavour', 'plain') }}' as flavour, * from ({{ sql }}))
  {%- endcall %}
  {% call statement('the_view') -%}
    {{ get_create_view_as_sql(view_relation, 'select * from ' ~ target_relation) }}
  {%- endcall %}
  {% call statement('count', fetch_result=True) -%}select count(*) as n from {{ target_relation }}{%- endcall %}
  {% if load_result('count')['data'][0][0] != 1 %}{{ exceptions.raise_compiler_error('expected one row') }}{% endif %}
  {{ run_hooks(post_hooks, inside_transaction=True) }}
  {{ run_hooks(post_hooks, inside_transaction=False) }}
  {{ return({'relations': [target_relation, view_relation]}) }}
{% endmaterialization %}

{% materialization langs, default, supported_languages=['sql', 'python'] %}
  {% call statement('main') -%}{{ get_create_view_as_sql(this.incorporate(type='view'), sql) }}{%- endcall %}
  {{ return({'relations': [this.incorporate(type='view')]}) }}
{% endmaterialization %}

{% materialization noret, default %}
  {% call statement('main') -%}create or replace view {{ this }} as ({{ sql }}){%- endcall %}
{% endmaterialization %}
`;

/** dbt's table materialization in miniature: build beside, back up the old one, swap, drop the backup. */
const SWAP = `{% materialization swap_table, default %}
  {%- set existing = load_cached_relation(this) -%}
  {%- set target_relation = this.incorporate(type='table') -%}
  {%- set intermediate = make_intermediate_relation(target_relation) -%}
  {%- set backup = make_backup_relation(target_relation, 'table') -%}
  {{ drop_relation_if_exists(load_cached_relation(intermediate)) }}
  {{ drop_relation_if_exists(load_cached_relation(backup)) }}
  {% call statement('main') -%}{{ get_create_table_as_sql(False, intermediate, sql) }}{%- endcall %}
  {% if existing is not none %}{{ adapter.rename_relation(existing, backup) }}{% endif %}
  {{ adapter.rename_relation(intermediate, target_relation) }}
  {% if existing is not none %}{{ adapter.drop_relation(backup) }}{% endif %}
  {% set columns = adapter.get_columns_in_relation(target_relation) %}
  {% if columns | length == 0 %}{{ exceptions.raise_compiler_error('the swapped table has no columns') }}{% endif %}
  {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}
`;

describe('custom materializations', () => {
  it('runs the adapter-specific block over the default one, with statements, hooks, load_result and config', async () => {
    const dir = project({
      'macros/mats.sql': MATS,
      'models/m1.sql': "{{ config(materialized='my_mat', flavour='spicy', pre_hook=\"create table if not exists main.hook_log (who varchar)\", post_hook=\"insert into main.hook_log values ('{{ this.identifier }}')\") }}\nselect 1 as id",
    });
    const { code, stdout } = await dailies(dir, 'run');
    expect(stdout).toMatch(/OK .*m1/);
    expect(code).toBe(0);
    expect(await query(dir, 'select flavour, id from main.m1')).toEqual([{ flavour: 'spicy', id: 1 }]);
    expect(await query(dir, 'select flavour, id from main.m1_v')).toEqual([{ flavour: 'spicy', id: 1 }]);
    expect(await query(dir, 'select who from main.hook_log')).toEqual([{ who: "m1" }]);
    const result = runResults(dir)['model.mats.m1']!;
    // dbt-duckdb: status success, message "OK", adapter_response {"_message": "OK"}, compiled_code the model's SQL
    expect(result).toMatchObject({ status: 'success', message: 'OK', adapter_response: { _message: 'OK' } });
    expect(result.compiled_code).toBe('\nselect 1 as id');
  });

  it('writes materialization macros to the manifest as dbt does', async () => {
    const dir = project({ 'macros/mats.sql': MATS, 'models/m2.sql': "{{ config(materialized='langs') }} select 2 as id" });
    expect((await dailies(dir, 'parse')).code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'target/manifest.json'), 'utf8')) as { macros: Record<string, Record<string, unknown>> };
    expect(manifest.macros['macro.mats.materialization_my_mat_duckdb']).toMatchObject({
      name: 'materialization_my_mat_duckdb',
      resource_type: 'macro',
      package_name: 'mats',
      path: 'macros/mats.sql',
      original_file_path: 'macros/mats.sql',
      arguments: [],
      supported_languages: ['sql'],
    });
    expect(manifest.macros['macro.mats.materialization_my_mat_default']).toMatchObject({ name: 'materialization_my_mat_default', supported_languages: ['sql'] });
    expect(manifest.macros['macro.mats.materialization_langs_default']).toMatchObject({ supported_languages: ['sql', 'python'] });
    expect(String(manifest.macros['macro.mats.materialization_langs_default']!.macro_sql)).toMatch(/^\{% materialization langs, default, supported_languages=\['sql', 'python'\] %\}[\s\S]*\{% endmaterialization %\}$/);
  });

  it('fails a block that returns no relations with dbt’s error, for that node alone; its child is skipped', async () => {
    const dir = project({
      'macros/mats.sql': MATS,
      'models/m2.sql': "{{ config(materialized='langs') }} select 2 as id",
      'models/m4.sql': "{{ config(materialized='noret') }} select 4 as id",
      'models/m5.sql': "select * from {{ ref('m4') }}",
    });
    const { code, stdout } = await dailies(dir, 'run');
    expect(code).not.toBe(0);
    expect(stdout).toContain('The materialization ("noret") did not explicitly return a list of relations to add to the cache.');
    const results = runResults(dir);
    expect(results['model.mats.m2']!.status).toBe('success');
    expect(results['model.mats.m4']!.status).toBe('error');
    expect(results['model.mats.m5']!.status).toBe('skipped');
    expect(await query(dir, 'select id from main.m2')).toEqual([{ id: 2 }]);
  });

  it('fails the node whose statement fails, naming the macro file; the rest is built', async () => {
    const dir = project({
      'macros/swap.sql': SWAP,
      'macros/bad.sql': "{% materialization bad, default %}\n  {% call statement('main') %}select * from no_such_table{% endcall %}\n  {{ return({'relations': [this]}) }}\n{% endmaterialization %}\n",
      'models/good.sql': "{{ config(materialized='swap_table') }} select 1 as id",
      'models/broken.sql': "{{ config(materialized='bad') }} select 1 as id",
      'models/after_broken.sql': "select * from {{ ref('broken') }}",
    });
    const { code, stdout } = await dailies(dir, 'run');
    expect(code).not.toBe(0);
    expect(stdout).toMatch(/no_such_table/);
    expect(stdout).toMatch(/macros\/bad\.sql/);
    const results = runResults(dir);
    expect(results['model.mats.good']!.status).toBe('success');
    expect(results['model.mats.broken']!.status).toBe('error');
    expect(results['model.mats.after_broken']!.status).toBe('skipped');
  });

  it('replays statements in order: a swap over an existing table keeps one table and no leftovers', async () => {
    const dir = project({ 'macros/swap.sql': SWAP, 'models/swapped.sql': "{{ config(materialized='swap_table') }} select {{ var('n', 1) }} as n" });
    expect((await dailies(dir, 'run')).code).toBe(0);
    const second = await dailies(dir, 'run', '--vars', '{n: 2}');
    expect(second.code).toBe(0);
    expect(await query(dir, 'select n from main.swapped')).toEqual([{ n: 2 }]);
    expect(await query(dir, "select table_name from information_schema.tables where table_schema = 'main' order by 1")).toEqual([{ table_name: 'swapped' }]);
  });

  it('chooses as dbt 1.11 does: a package block for a new name runs, a package override of a built-in is passed over, a root override wins', async () => {
    const dir = project({
      'dbt_packages/otherpkg/dbt_project.yml': 'name: otherpkg\nversion: "1.0"\n',
      'dbt_packages/otherpkg/macros/m.sql': `{% materialization pkg_mat, default %}
  {% call statement('main') -%}create or replace table {{ this }} as (select 'pkg' as made_by, * from ({{ sql }})){%- endcall %}
  {{ return({'relations': [this.incorporate(type='table')]}) }}
{% endmaterialization %}
{% materialization table, default %}
  {{ exceptions.raise_compiler_error('a package must not override the built-in table materialization') }}
{% endmaterialization %}
`,
      'macros/table_override.sql': `{% materialization table, default %}
  {{ exceptions.raise_compiler_error('dbt-duckdb declares table for duckdb: a default block of the root project loses to it') }}
{% endmaterialization %}
`,
      'macros/view_override.sql': `{% materialization view, default %}
  {% call statement('main') -%}create or replace view {{ this }} as (select 'root' as made_by, * from ({{ sql }})){%- endcall %}
  {{ return({'relations': [this.incorporate(type='view')]}) }}
{% endmaterialization %}
`,
      'models/from_pkg.sql': "{{ config(materialized='pkg_mat') }} select 3 as id",
      'models/plain_table.sql': "{{ config(materialized='table') }} select 4 as id",
      'models/plain_view.sql': 'select 5 as id',
    });
    const { code, stdout } = await dailies(dir, 'run');
    expect(stdout).not.toContain('must not override');
    expect(stdout).not.toContain('loses to it');
    expect(code).toBe(0);
    expect(await query(dir, 'select made_by, id from main.from_pkg')).toEqual([{ made_by: 'pkg', id: 3 }]);
    expect(await query(dir, 'select id from main.plain_table')).toEqual([{ id: 4 }]);
    expect(await query(dir, 'select made_by, id from main.plain_view')).toEqual([{ made_by: 'root', id: 5 }]);
  });

  it('lets a package override a built-in when the project sets require_explicit_package_overrides_for_builtin_materializations: false', async () => {
    const dir = project({
      'dbt_project.yml': 'name: mats\nprofile: mats\nflags:\n  require_explicit_package_overrides_for_builtin_materializations: false\n',
      'dbt_packages/otherpkg/dbt_project.yml': 'name: otherpkg\nversion: "1.0"\n',
      'dbt_packages/otherpkg/macros/m.sql': `{% materialization view, default %}
  {% call statement('main') -%}create or replace view {{ this }} as (select 'pkg' as made_by, * from ({{ sql }})){%- endcall %}
  {{ return({'relations': [this.incorporate(type='view')]}) }}
{% endmaterialization %}
`,
      'models/v8.sql': 'select 8 as id',
    });
    expect((await dailies(dir, 'run')).code).toBe(0);
    expect(await query(dir, 'select made_by, id from main.v8')).toEqual([{ made_by: 'pkg', id: 8 }]);
  });

  it('gives the block make_temp_relation names that stay the same while it replays, should_full_refresh and is_incremental', async () => {
    const dir = project({
      'macros/temp.sql': `{% materialization via_temp, default %}
  {%- set temp = make_temp_relation(this) -%}
  {{ log('staging in ' ~ temp.identifier, info=True) }}
  {% call statement('stage') -%}create temporary table {{ temp }} as ({{ sql }}){%- endcall %}
  {% call statement('main') -%}create or replace table {{ this }} as (select *, {{ should_full_refresh() }} as full_refresh, {{ is_incremental() }} as incremental from {{ temp }}){%- endcall %}
  {% call statement('drop_stage') -%}drop table {{ temp }}{%- endcall %}
  {{ return({'relations': [this.incorporate(type='table')]}) }}
{% endmaterialization %}
`,
      'models/t.sql': "{{ config(materialized='via_temp') }} select 1 as id",
    });
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((text: string | Uint8Array) => written.push(String(text)) > 0);
    let code: number;
    try {
      code = (await dailies(dir, 'run', '--full-refresh')).code;
    } finally {
      spy.mockRestore();
    }
    expect(code).toBe(0);
    // printed once, though the block is replayed for each of its statements
    expect(written.join('').match(/staging in t__dbt_tmp\d{20}/g)).toHaveLength(1);
    expect(await query(dir, 'select id, full_refresh, incremental from main.t')).toEqual([{ id: 1, full_refresh: true, incremental: false }]);
  });

  it('refuses, naming the block, a root override of the seed materialization it cannot run', async () => {
    const dir = project({
      'macros/seed_override.sql': "\n{% materialization seed, default %}\n  {{ return({'relations': []}) }}\n{% endmaterialization %}\n",
      'seeds/s.csv': 'id\n1\n',
    });
    const { code, stdout } = await dailies(dir, 'seed');
    expect(code).not.toBe(0);
    expect(stdout).toContain('macros/seed_override.sql:2');
    expect(stdout).toContain("the seed materialization of package 'mats' overrides dbt's own");
  });

  it('names an unknown materialization with a hint to define it', async () => {
    const dir = project({ 'models/m.sql': "{{ config(materialized='nope') }} select 1 as id" });
    const { code, stdout } = await dailies(dir, 'run');
    expect(code).not.toBe(0);
    expect(stdout).toContain("unknown materialization 'nope'");
  });
});
