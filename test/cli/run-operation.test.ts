/**
 * `dailies run-operation`: a macro called with --args on the warehouse, as `dbt run-operation`
 * (exit codes, stdout and run_results.json as recorded from dbt-core 1.11.16 + dbt-duckdb 1.11.1:
 * 0 on success, 1 when the macro fails, 2 when no macro has the name; what it prints on stdout;
 * one result `macro.<package>.<name>`, `args.which` = `run-operation`).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

let dir: string;

const FILES: Record<string, string> = {
  'dbt_project.yml': 'name: ops\nprofile: ops\n',
  'profiles.yml': 'ops:\n  target: dev\n  outputs:\n    dev: {type: duckdb, path: ops.duckdb, schema: main, threads: 1}\n',
  'models/numbers.sql': 'select 1 as n\n',
  // statements that must run in order: each sees what the one before did
  'macros/ops.sql': `{% macro fill(name, times=1) %}
  {% do run_query('create table if not exists main.op_log (who varchar)') %}
  {% for i in range(times) %}{% do run_query("insert into main.op_log values ('" ~ name ~ "')") %}{% endfor %}
  {% set counted = run_query('select count(*) as n from main.op_log') %}
  {{ print('rows: ' ~ counted.columns[0].values()[0]) }}
  {{ log('said hello to ' ~ name, info=True) }}
  {{ log('only in the debug log') }}
  {{ return('ignored') }}
{% endmacro %}
{% macro temp_and_back() %}
  {% set tmp = make_temp_relation(api.Relation.create(schema='main', identifier='numbers_op')) %}
  {% do run_query('create table ' ~ tmp ~ ' as select 42 as n') %}
  {% set got = run_query('select n from ' ~ tmp) %}
  {% do run_query('drop table ' ~ tmp) %}
  {{ print('temp held ' ~ got.columns[0].values()[0]) }}
{% endmacro %}
{% macro boom() %}{{ exceptions.raise_compiler_error('nope') }}{% endmacro %}
`,
  'models/printing.sql': `{% set cols = adapter.get_columns_in_relation(ref('numbers')) %}
{{ print('printing sees ' ~ (cols | length) ~ ' column(s)') }}
select 1 as x
`,
};

async function dailies(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env: {}, cwd: dir });
  return { code, stdout, stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dailies-run-operation-'));
  for (const [file, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dailies run-operation', () => {
  it('runs the macro’s statements in order and prints what it prints, once, on stdout', async () => {
    const first = await dailies('run-operation', 'fill', '--args', '{name: Ada, times: 2}');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('rows: 2\nsaid hello to Ada\n');
    const second = await dailies('run-operation', 'ops.fill', '--args', '{name: Bo}');
    expect(second.stdout).toBe('rows: 3\nsaid hello to Bo\n');
    const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8'));
    expect(results.args).toMatchObject({ which: 'run-operation', macro: 'ops.fill', args: { name: 'Bo' } });
    expect(results.results).toHaveLength(1);
    expect(results.results[0]).toMatchObject({ unique_id: 'macro.ops.fill', status: 'success' });
  });

  it('keeps a temporary relation’s timestamped name over the replays of the macro', async () => {
    const { code, stdout, stderr } = await dailies('run-operation', 'temp_and_back');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe('temp held 42\n');
  });

  it('exits 1 with the macro’s error, and records it', async () => {
    const { code, stderr } = await dailies('run-operation', 'boom');
    expect(code).toBe(1);
    expect(stderr).toContain('Encountered an error while running operation: macros/ops.sql:17: nope');
    const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8'));
    expect(results.results[0]).toMatchObject({ unique_id: 'macro.ops.boom', status: 'error' });
  });

  it('exits 2 for a macro no package has, or --args that are not a mapping', async () => {
    const missing = await dailies('run-operation', 'nosuch');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("dbt could not find a macro with the name 'nosuch' in any package");
    const badArgs = await dailies('run-operation', 'fill', '--args', '[1, 2]');
    expect(badArgs.code).toBe(2);
    expect(badArgs.stderr).toContain('--args must be a YAML mapping');
  });

  it('a model that asks the warehouse and prints prints once when parsed (as dbt parse does) and once when built', async () => {
    // templates print on the process's stderr
    const printed: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      expect((await dailies('parse', '--no-partial-parse')).code).toBe(0);
      // the parse render (execute is false: no columns), not the manifest's preview compile
      expect(printed.join('').match(/printing sees \d column\(s\)/g)).toEqual(['printing sees 0 column(s)']);
      printed.length = 0;
      expect((await dailies('run', '-s', 'numbers', 'printing')).code).toBe(0);
    } finally {
      spy.mockRestore();
    }
    // run-time: two renders (the second with the columns' answer), one line
    expect(printed.join('').match(/printing sees \d column\(s\)/g)).toEqual(['printing sees 1 column(s)']);
  });
});
