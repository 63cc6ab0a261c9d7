/**
 * dbt's global macros render the SQL dbt-core 1.11 + dbt-duckdb render, modulo whitespace.
 * test/fixtures/global-macros/models/calls.sql (and merge_calls.sql, an incremental model) hold
 * one case per "-- @@ name" line; expected/duckdb.sql (duckdb-merge.sql) is what `dbt compile`
 * wrote for that file with dbt-core 1.11.16 and dbt-duckdb 1.11.1.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/index.js';
import { loadProject } from '../../src/project/index.js';
import { openAdapter, type Adapter } from '../../src/warehouse/index.js';

const fixture = fileURLToPath(new URL('../fixtures/global-macros', import.meta.url));

/** The cases of a compiled calls.sql, by name; whitespace runs become one space, none beside brackets, commas and semicolons. */
export function cases(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const chunk of text.split(/^-- @@ /m).slice(1)) {
    const newline = chunk.indexOf('\n');
    const name = chunk.slice(0, newline).trim();
    const body = chunk
      .slice(newline + 1)
      .replace(/\s+/g, ' ')
      .replace(/\s*([(),;[\]])\s*/g, '$1')
      .trim();
    out.set(name, body);
  }
  return out;
}

let dir: string;
let adapter: Adapter;
let ours: Map<string, string>;
const expected = new Map([
  ...cases(readFileSync(join(fixture, 'expected', 'duckdb.sql'), 'utf8')),
  ...[...cases(readFileSync(join(fixture, 'expected', 'duckdb-merge.sql'), 'utf8'))].map(([name, sql]): [string, string] => [`merge_calls: ${name}`, sql]),
]);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dailies-global-macros-'));
  cpSync(fixture, dir, { recursive: true });
  const project = await loadProject({ projectDir: dir, profilesDir: dir, env: {} });
  adapter = await openAdapter(project.target);
  const compiler = await compileProject(project, { adapter });
  ours = new Map([
    ...cases(compiler.manifest.nodes['model.global_macros.calls']!.compiled_code ?? ''),
    ...[...cases(compiler.manifest.nodes['model.global_macros.merge_calls']!.compiled_code ?? '')].map(([name, sql]): [string, string] => [`merge_calls: ${name}`, sql]),
  ]);
});

afterAll(async () => {
  await adapter?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('dbt global macros on DuckDB', () => {
  it('cover every case of the fixture', () => {
    expect([...ours.keys()]).toEqual([...expected.keys()]);
  });
  for (const name of expected.keys()) {
    it(`${name} renders as dbt-duckdb renders it`, () => {
      expect(ours.get(name)).toBe(expected.get(name));
    });
  }
});
