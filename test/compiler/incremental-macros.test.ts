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

const fixture = fileURLToPath(new URL('../fixtures/incremental-macros', import.meta.url));
const models = readdirSync(join(fixture, 'models')).map((file) => file.replace(/\.sql$/, '')).sort();

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
function allCases(read: (model: string) => string): Map<string, string> {
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
    const expected = allCases((model) => readFileSync(join(fixture, 'expected', folder, `${model}.sql`), 'utf8'));
    let ours: Map<string, string>;
    beforeAll(async () => {
      const project = await loadProject({ projectDir: dir, profilesDir: dir, env: {}, target });
      if (folder === 'duckdb') adapter = await openAdapter(project.target);
      const compiler = await compileProject(project, folder === 'duckdb' ? { adapter } : {});
      const compiled = (model: string): string => compiler.manifest.nodes[`model.incremental_macros.${model}`]!.compiled_code ?? '';
      ours = allCases((model) => (folder === 'snowflake' ? asDbtSnowflakeWrites(compiled(model)) : compiled(model)));
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
