/**
 * The relation, DDL, docs and grants macros of dbt's global project that materializations call
 * render the SQL dbt renders, modulo whitespace. test/fixtures/ddl-macros/models/ddl_calls.sql
 * holds one case per "-- @@ name" line; expected/duckdb.sql is what `dbt compile` wrote for it
 * with dbt-core 1.11.16 + dbt-duckdb 1.11.1 (the table main.t (id integer, name varchar) and the
 * view main.v existing). expected/snowflake.sql (for snowflake/ddl_calls.sql, the cases that need
 * no warehouse) could not be recorded (no Snowflake account, no dbt-snowflake here): it was checked
 * by hand against dbt-snowflake 1.11's macros (transient tables, `create or replace` views,
 * `$$…$$` comments with `$` escaped, one grantee per statement, copy_grants false by default),
 * with relation names as dailies renders Snowflake relations (quoted, upper-cased; dbt-snowflake
 * leaves them unquoted by default).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/index.js';
import { loadProject } from '../../src/project/index.js';
import { openAdapter, type Adapter } from '../../src/warehouse/index.js';

/** The cases of a compiled file, by name, whitespace normalized as global-macros.test.ts does. */
function cases(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const chunk of text.split(/^-- @@ /m).slice(1)) {
    const newline = chunk.indexOf('\n');
    const body = chunk.slice(newline + 1).replace(/\s+/g, ' ').replace(/\s*([(),;[\]])\s*/g, '$1').trim();
    out.set(chunk.slice(0, newline).trim(), body);
  }
  return out;
}

const fixture = fileURLToPath(new URL('../fixtures/ddl-macros', import.meta.url));

let dir: string;
let adapter: Adapter;
let duckdb: Map<string, string>;
let snowflake: Map<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dailies-ddl-macros-'));
  cpSync(fixture, dir, { recursive: true });
  const project = await loadProject({ projectDir: dir, profilesDir: dir, env: {} });
  adapter = await openAdapter(project.target);
  await adapter.execute('create table main.t (id integer, name varchar); create view main.v as select 1 as id');
  const compiler = await compileProject(project, { adapter });
  duckdb = cases(compiler.manifest.nodes['model.ddl_macros.ddl_calls']!.compiled_code ?? '');
  writeFileSync(join(dir, 'profiles.yml'), 'ddl_macros:\n  target: sf\n  outputs:\n    sf:\n      type: snowflake\n      account: none\n      user: none\n      password: none\n      database: db\n      schema: main\n      warehouse: wh\n');
  writeFileSync(join(dir, 'models', 'ddl_calls.sql'), readFileSync(join(fixture, 'snowflake', 'ddl_calls.sql'), 'utf8'));
  const sfProject = await loadProject({ projectDir: dir, profilesDir: dir, env: {} });
  const sfCompiler = await compileProject(sfProject);
  snowflake = cases(sfCompiler.manifest.nodes['model.ddl_macros.ddl_calls']!.compiled_code ?? '');
});

afterAll(async () => {
  await adapter?.close();
  rmSync(dir, { recursive: true, force: true });
});

const expectedDuckdb = cases(readFileSync(join(fixture, 'expected', 'duckdb.sql'), 'utf8'));
const expectedSnowflake = cases(readFileSync(join(fixture, 'expected', 'snowflake.sql'), 'utf8'));

describe('dbt relation, DDL and grants macros on DuckDB', () => {
  it('cover every case of the fixture', () => {
    expect([...duckdb.keys()]).toEqual([...expectedDuckdb.keys()]);
  });
  for (const name of expectedDuckdb.keys()) {
    it(`${name} renders as dbt-duckdb renders it`, () => {
      expect(duckdb.get(name)).toBe(expectedDuckdb.get(name));
    });
  }
});

describe('dbt relation, DDL and grants macros on Snowflake', () => {
  it('cover every case of the fixture', () => {
    expect([...snowflake.keys()]).toEqual([...expectedSnowflake.keys()]);
  });
  for (const name of expectedSnowflake.keys()) {
    it(`${name} renders as dbt-snowflake renders it`, () => {
      expect(snowflake.get(name)).toBe(expectedSnowflake.get(name));
    });
  }
});
