/**
 * The incremental, schema-change and snapshot macros of dbt's global project render what
 * dbt-core 1.11.16 renders with dbt-duckdb 1.11.1 (expected/duckdb/) and with dbt-snowflake 1.11.6
 * (expected/snowflake/, `dbt compile` against a dummy account: none of these macros introspects),
 * modulo whitespace. test/fixtures/incremental-macros/models/*.sql hold one case per "-- @@ name"
 * line; expected/<adapter>/<model>.sql is what `dbt compile` wrote for that file.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/index.js';
import { loadProject } from '../../src/project/index.js';
import { openAdapter, type Adapter } from '../../src/warehouse/index.js';
import { removeTempProjects, tempProject } from './temp-project.js';

const fixture = fileURLToPath(new URL('../fixtures/incremental-macros', import.meta.url));
/** The models with expected output for an adapter (snapshot_new_record_calls reads a table: DuckDB only). */
const modelsOf = (folder: string): string[] => readdirSync(join(fixture, 'expected', folder)).map((file) => file.replace(/\.sql$/, '')).sort();

/** The cases of a compiled model, by name; whitespace runs become one space, none beside brackets, commas and semicolons. */
function cases(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const chunk of text.split(/^-- @@ /m).slice(1)) {
    const newline = chunk.indexOf('\n');
    out.set(chunk.slice(0, newline).trim(), chunk.slice(newline + 1).replace(/\s+/g, ' ').replace(/\s*([(),;[\]])\s*/g, '$1').trim());
  }
  return out;
}

/** Every case of every model, keyed `model: case`. */
function allCases(models: string[], read: (model: string) => string): Map<string, string> {
  const out = new Map<string, string>();
  for (const model of models) for (const [name, sql] of cases(read(model))) out.set(`${model}: ${name}`, sql);
  return out;
}

/**
 * dbt-snowflake renders relations unquoted (its default quoting) and Snowflake folds them to upper
 * case; dailies quotes them as Snowflake stores them (`"DEV"."MAIN"."INCREMENTAL_CALLS"`): the same
 * relation, written as dbt-snowflake writes it.
 */
function asDbtSnowflakeWrites(sql: string): string {
  return sql
    .replace(/"(DEV)"\."(MAIN|SNAPSHOTS)"\."(\w+)"/g, (_all, db: string, schema: string, name: string) => `${db}.${schema}.${name.toLowerCase()}`)
    .replace(/"(\w+__DBT_TMP)"/g, (_all, name: string) => name.toLowerCase());
}

let dir: string;
let adapter: Adapter | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dailies-incremental-macros-'));
  cpSync(fixture, dir, { recursive: true });
});

afterAll(async () => {
  await adapter?.close();
  rmSync(dir, { recursive: true, force: true });
});

for (const [target, folder] of [['dev', 'duckdb'], ['sf', 'snowflake']] as const) {
  describe(`incremental and snapshot macros on ${folder}`, () => {
    const models = modelsOf(folder);
    const expected = allCases(models, (model) => readFileSync(join(fixture, 'expected', folder, `${model}.sql`), 'utf8'));
    let ours: Map<string, string>;
    beforeAll(async () => {
      const project = await loadProject({ projectDir: dir, profilesDir: dir, env: {}, target });
      if (folder === 'duckdb') {
        adapter = await openAdapter(project.target);
        // the snapshot table snapshot_new_record_calls reads (hard_deletes: new_record introspects it), as dbt's run made it
        await adapter.execute("create table main.snap_target as select 1 as id, 'a' as name, timestamp '2024-01-01' as updated_at, 'x' as dbt_scd_id, timestamp '2024-01-01' as dbt_updated_at, timestamp '2024-01-01' as dbt_valid_from, timestamp '9999-12-31' as dbt_valid_to, 'False' as dbt_is_deleted");
      }
      const compiler = await compileProject(project, folder === 'duckdb' ? { adapter } : {});
      const compiled = (model: string): string => compiler.manifest.nodes[`model.incremental_macros.${model}`]!.compiled_code ?? '';
      ours = allCases(models, (model) => (folder === 'snowflake' ? asDbtSnowflakeWrites(compiled(model)) : compiled(model)));
    });
    it('covers every case of the fixture', () => {
      expect([...ours.keys()]).toEqual([...expected.keys()]);
    });
    for (const name of expected.keys()) {
      it(`${name} renders as dbt-${folder} renders it`, () => {
        expect(ours.get(name)).toBe(expected.get(name));
      });
    }
  });
}

describe('strategy lookups and errors', () => {
  afterAll(removeTempProjects);
  const compileModel = async (sql: string, macros = ''): Promise<string> => {
    const project = await tempProject({ 'models/m.sql': sql, 'macros/m.sql': macros });
    const compiler = await compileProject(project, {});
    return (compiler.manifest.nodes['model.shop.m']!.compiled_code ?? '').trim();
  };

  it("strategy_dispatch finds a project's snapshot_<name>_strategy, bare and package-qualified, through `context`", async () => {
    const macros = "{% macro snapshot_newest_strategy(node, a, b, c, d) %}{{ return({'row_changed': 'newest:' ~ a}) }}{% endmacro %}";
    expect(await compileModel("{{ strategy_dispatch('newest')(model, 's', 'c', {}, true).row_changed }}|{{ strategy_dispatch('shop.newest')(model, 't', 'c', {}, true).row_changed }}|{{ 'snapshot_check_strategy' in context }}", macros)).toBe('newest:s|newest:t|True');
  });

  it('strategy_dispatch names what it could not find, as dbt does', async () => {
    await expect(compileModel("{{ strategy_dispatch('nope') }}")).rejects.toThrow("The specified strategy macro 'nope' was not found in package 'None'");
    await expect(compileModel("{{ strategy_dispatch('nopkg.timestamp') }}")).rejects.toThrow("Could not find package 'nopkg', called with 'nopkg.timestamp'");
  });

  it("microbatch's SQL needs event_time and a batch, as dbt-duckdb says", async () => {
    const call = "{% if execute %}{{ get_incremental_microbatch_sql({'target_relation': this, 'temp_relation': this, 'dest_columns': [], 'incremental_predicates': none}) }}{% endif %}";
    await expect(compileModel(call)).rejects.toThrow("microbatch incremental strategy requires an 'event_time' model config");
    await expect(compileModel(`{{ config(event_time='ts') }}${call}`)).rejects.toThrow("microbatch incremental strategy requires 'batch.event_time_start' and 'batch.event_time_end' to be set in the context");
  });
});

describe('adapter.get_incremental_strategy_macro', () => {
  afterAll(removeTempProjects);
  const render = async (sql: string, macros = ''): Promise<string> => {
    const project = await tempProject({ 'models/m.sql': sql, 'macros/m.sql': macros });
    const compiler = await compileProject(project, {});
    return (compiler.manifest.nodes['model.shop.m']!.compiled_code ?? '').trim();
  };
  const args = "{'target_relation': 't', 'temp_relation': 's', 'unique_key': none, 'dest_columns': [api.Column('a', 'integer')], 'incremental_predicates': none}";

  it("returns the strategy's macro from the caller's context: built-in, default, or the project's own", async () => {
    const macros = '{% macro get_incremental_stamp_sql(arg_dict) %}stamp {{ arg_dict.target_relation }}{% endmacro %}';
    expect(await render(`{{ adapter.get_incremental_strategy_macro(context, 'append')(${args}) | trim }}|{{ adapter.get_incremental_strategy_macro(context, 'stamp')(${args}) }}`, macros)).toBe('insert into t ("a")\n    (\n        select "a"\n        from s\n    )|stamp t');
    expect(await render(`{{ adapter.get_incremental_strategy_macro(context, none)(${args}) | trim }}`)).toContain('insert into t ("a")');
  });

  it('refuses a built-in strategy the adapter lacks and a custom one nobody defined', async () => {
    await expect(render("{{ adapter.get_incremental_strategy_macro(context, 'insert_overwrite') }}")).rejects.toThrow("The incremental strategy 'insert_overwrite' is not valid for this adapter");
    await expect(render("{{ adapter.get_incremental_strategy_macro(context, 'nope') }}")).rejects.toThrow('could not find an incremental strategy macro with the name "get_incremental_nope_sql"');
  });
});
