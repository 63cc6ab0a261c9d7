import { describe, expect, test } from 'vitest';
import { makeEnv, macroFile, tracker } from './helpers.js';
import { DBT_VERSION } from '../../../src/compiler/jinja/index.js';

const lines: string[] = [];
const env = makeEnv(
  [
    macroFile('root', 'macros/q.sql', `{% macro count_rows(relation) %}
{% call statement('n', fetch_result=True) %}select count(*) from {{ relation }}{% endcall %}
{{ return(load_result('n')['data'][0][0]) }}
{% endmacro %}`),
  ],
  { log: (line) => lines.push(line) },
);
const render = (source: string, globals: Record<string, unknown> = {}) => env.render(source, globals, { file: 'models/m.sql' });

describe('modules', () => {
  test('datetime: constructors, strftime, isoformat, timedelta arithmetic', () => {
    const source = `{% set d = modules.datetime.datetime(2024, 2, 28, 13, 5) %}{{ d.strftime('%Y-%m-%d %H:%M') }} {{ (d + modules.datetime.timedelta(days=2)).isoformat() }} {{ modules.datetime.date(2024, 1, 31).isoformat() }} {{ (d - modules.datetime.timedelta(hours=14)).strftime('%d %b') }}`;
    expect(render(source)).toBe('2024-02-28 13:05 2024-03-01T13:05:00 2024-01-31 27 Feb');
  });

  test('datetime.now() and utcnow() are current', () => {
    const year = new Date().getUTCFullYear();
    expect(Number(render(`{{ modules.datetime.datetime.utcnow().year }}`))).toBe(year);
    expect(render(`{{ modules.datetime.datetime.now().strftime('%Y') }}`)).toMatch(/^\d{4}$/);
  });

  test('re: search, match, sub, findall, compile with Python syntax', () => {
    const source = `{{ modules.re.search('(?P<num>\\\\d+)', 'ab12cd').group('num') }} {{ modules.re.match('\\\\d', 'a1') is none }} {{ modules.re.sub('[aeiou]', '_', 'database') }} {{ modules.re.findall('\\\\d', 'a1b2') }} {{ modules.re.compile('^stg_', modules.re.I).match('STG_x') is not none }} {{ modules.re.sub('(\\\\w+)@(\\\\w+)', '\\\\2 at \\\\1', 'me@host') }}`;
    expect(render(source)).toBe(`12 True d_t_b_s_ ['1', '2'] True host at me`);
  });

  test('itertools.chain', () => {
    expect(render(`{{ modules.itertools.chain([1], [2, 3]) | list }}`)).toBe('[1, 2, 3]');
  });
});

describe('functions', () => {
  test('log(info=True) writes a line; plain log() goes to the tracker', () => {
    lines.length = 0;
    const t = tracker();
    env.render(`{{ log('loud', info=True) }}{{ log('quiet') }}{% do print('printed') %}{{ exceptions.warn('careful') }}`, {}, { file: 'm.sql' }, t);
    expect(lines).toEqual(['loud', 'printed', 'warning: careful']);
    expect(t.logs).toEqual(['quiet']);
  });

  test('zip, range, set', () => {
    expect(render(`{{ zip(['a', 'b'], [1, 2]) | list }} {{ range(3) | list }} {{ range(1, 7, 2) | list }} {{ set([1, 1, 2]) | length }}`)).toBe(`[('a', 1), ('b', 2)] [0, 1, 2] [1, 3, 5] 2`);
  });

  test('tojson / fromjson / toyaml / fromyaml', () => {
    expect(render(`{{ tojson({'a': 1}) }} {{ fromjson('[1, 2]')[1] }} {{ fromyaml('a: [x, y]').a[1] }} {{ toyaml({'k': 'v'}) | trim }}`)).toBe('{"a": 1} 2 y k: v');
  });

  test('local_md5 and dbt_version', () => {
    expect(render(`{{ local_md5('abc') }} {{ dbt_version }}`)).toBe(`900150983cd24fb0d6963f7d28e17f72 ${DBT_VERSION}`);
  });

  test("statement(fetch_result=True) runs through run_query and load_result returns its data", () => {
    const queries: string[] = [];
    const run_query = (sql: string) => {
      queries.push(sql);
      return { columns: [{ name: 'n', type: 'BIGINT' }], rows: [{ n: 42 }] };
    };
    expect(render(`{{ count_rows('"main"."orders"') }}`, { run_query, execute: true })).toBe('42');
    expect(queries).toEqual(['select count(*) from "main"."orders"']);
  });

  test('statement does nothing when execute is false', () => {
    const run_query = () => {
      throw new Error('should not run');
    };
    expect(render(`{% call statement('x') %}select 1{% endcall %}done`, { run_query, execute: false })).toBe('done');
  });
});

test('a statement without run_query (no warehouse) stores an empty result', () => {
  expect(render(`{% call statement('x', fetch_result=True) %}select 1{% endcall %}{{ load_result('x')['data'] | length }}`, { execute: true })).toBe('0');
});
