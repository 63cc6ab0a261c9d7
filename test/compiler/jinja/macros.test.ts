import { describe, expect, test } from 'vitest';
import { parseMacroFile } from '../../../src/compiler/jinja/macro-files.js';
import { makeEnv, macroFile, target, tracker } from './helpers.js';

describe('reading macro files', () => {
  test('macro and test blocks (with whitespace control) become macros with line, sql and argument names', () => {
    const source = `{# {% macro commented_out() %}{% endmacro %} #}
{%- macro first(a, b=[1, 2], c='x,y') -%}
  {{ a }}
{%- endmacro -%}

{%- test positive(model, column_name) -%}
select * from {{ model }} where {{ column_name }} <= 0
{%- endtest -%}`;
    const parsed = parseMacroFile(source, 'macros/m.sql');
    expect(parsed.macros.map((m) => [m.name, m.line, m.isTest, m.argNames])).toEqual([
      ['first', 2, false, ['a', 'b', 'c']],
      ['test_positive', 6, true, ['model', 'column_name']],
    ]);
    expect(parsed.macros[1]!.sql).toBe(`{%- test positive(model, column_name) -%}\nselect * from {{ model }} where {{ column_name }} <= 0\n{%- endtest -%}`);
    expect(parsed.template.split('\n').length).toBe(source.split('\n').length);
    expect(parsed.template).toContain('{%- macro test_positive(model, column_name) -%}');
  });

  test("a macro's sql is dbt's macro_sql: `{%-` takes the whitespace before it, `-%}` the whitespace after it", () => {
    // recorded from dbt-core 1.11.16: dbt_common's extract_toplevel_blocks on the stripped file, `full_block` of each
    const source = "{% macro a() %}x{% endmacro %}\n\n  {%- macro b() -%}y{%- endmacro %}  \n{# c #}\n  {%- macro c() %}z{% endmacro -%}\n\n{{ 'q' }}\n {%- macro d() %}w{% endmacro %}\n";
    expect(parseMacroFile(source, 'macros/m.sql').macros.map((m) => m.sql)).toEqual([
      '{% macro a() %}x{% endmacro %}',
      '\n\n  {%- macro b() -%}y{%- endmacro %}',
      '\n  {%- macro c() %}z{% endmacro -%}\n\n',
      '\n {%- macro d() %}w{% endmacro %}',
    ]);
    const first = "\n{# {% macro commented_out() %}{% endmacro %} #}\n{%- macro first(a) -%}\n  {{ a }}\n{%- endmacro -%}\n\n{%- test positive(model) -%}\nx\n{%- endtest -%}\n";
    expect(parseMacroFile(first, 'macros/m.sql').macros.map((m) => m.sql)).toEqual([
      '\n{%- macro first(a) -%}\n  {{ a }}\n{%- endmacro -%}\n\n',
      '{%- test positive(model) -%}\nx\n{%- endtest -%}',
    ]);
  });

  test('materialization blocks become macros named as dbt names them, keeping line numbers', () => {
    const source = `{% materialization my_mat, default %}\n{{ weird_stuff() }}\n{% endmaterialization %}\n{%- materialization table,\n adapter="duckdb", supported_languages=['sql', 'python'] -%}x{%- endmaterialization -%}\n{% macro after() %}x{% endmacro %}`;
    const parsed = parseMacroFile(source, 'macros/m.sql');
    expect(parsed.macros.map((m) => [m.name, m.line, m.materialization])).toEqual([
      ['materialization_my_mat_default', 1, { name: 'my_mat', adapter: 'default', supportedLanguages: ['sql'] }],
      ['materialization_table_duckdb', 4, { name: 'table', adapter: 'duckdb', supportedLanguages: ['sql', 'python'] }],
      ['after', 6, undefined],
    ]);
    expect(parsed.template.split('\n')).toHaveLength(source.split('\n').length);
    expect(parsed.template).toContain('{% macro materialization_my_mat_default() %}');
    expect(parsed.template).toContain('{%- endmacro -%}');
  });

  test('a materialization tag without default or adapter= is an error with its line', () => {
    expect(() => parseMacroFile(`\n{% materialization my_mat %}x{% endmaterialization %}`, 'macros/m.sql')).toThrow(/cannot read this \{% materialization %\} tag/);
  });
});

describe('resolving macros', () => {
  const env = makeEnv([
    macroFile('root', 'macros/root.sql', `{% macro shared() %}root shared{% endmacro %}
{% macro only_root() %}only root{% endmacro %}
{% macro type_string() %}ROOT_TEXT{% endmacro %}`),
    macroFile('pkg', 'macros/pkg.sql', `{% macro shared() %}pkg shared{% endmacro %}
{% macro from_pkg() %}{{ shared() }} / {{ only_root() }} / {{ concat(['a']) }}{% endmacro %}`),
  ]);
  const render = (source: string) => env.render(source, { target }, { file: 'm.sql' });

  test("code in a package sees its own macros first, then the root project's, then dbt's", () => {
    expect(render(`{{ pkg.from_pkg() }}`)).toBe('pkg shared / only root / a');
  });

  test('the root project overrides dbt built-ins by bare name; dbt.<name> still reaches the built-in', () => {
    expect(render(`{{ type_string() }} {{ dbt.type_string() }} {{ root.type_string() }}`)).toBe('ROOT_TEXT TEXT ROOT_TEXT');
  });

  test('macros defined in the rendered text itself work, return() included', () => {
    expect(render(`{% macro local(x) %}{{ return(x * 2) }}{% endmacro %}{{ local(21) }}`)).toBe('42');
  });

  test('macros see the globals of the node being rendered', () => {
    const local = makeEnv([macroFile('root', 'macros/ctx.sql', `{% macro whoami() %}{{ this }} in {{ target.schema }} via {{ ref('up') }}{% endmacro %}`)]);
    const render1 = local.render(`{{ whoami() }}`, { this: 'a', target, ref: (n: string) => `ref:${n}:1` }, { file: 'a.sql' });
    const render2 = local.render(`{{ whoami() }}`, { this: 'b', target: { ...target, schema: 'pr_7' }, ref: (n: string) => `ref:${n}:2` }, { file: 'b.sql' });
    expect([render1, render2]).toEqual(['a in analytics via ref:up:1', 'b in pr_7 via ref:up:2']);
  });

  test("user macros override the compiler's globals (dbt's ref override), reachable through builtins", () => {
    const local = makeEnv([macroFile('root', 'macros/ref.sql', `{% macro ref(name) %}{{ return(builtins.ref(name) ~ '_override') }}{% endmacro %}`)]);
    expect(local.render(`{{ ref('x') }}`, { ref: (n: string) => `"${n}"` }, { file: 'm.sql' })).toBe('"x"_override');
  });
});

describe('return values and calls', () => {
  const env = makeEnv([
    macroFile('root', 'macros/values.sql', `{% macro a_list() %}{{ return([1, 2]) }}{% endmacro %}
{% macro a_dict() %}{{ return({'k': 'v'}) }}{% endmacro %}
{% macro a_bool() %}{% if true %}{{ return(false) }}{% endif %}{{ exceptions.raise_compiler_error('not reached') }}{% endmacro %}
{% macro an_object(obj) %}{{ return(obj) }}{% endmacro %}
{% macro text() %}  some text  {% endmacro %}
{% macro with_options(name, mode='a') %}{{ name }}:{{ mode }}:{{ kwargs | tojson }}{% endmacro %}
{% macro via_do(x) %}{% do return(x ~ '!') %}not this{% endmacro %}
{% macro outer() %}{% set inner = a_list() %}{{ inner | length }}:{{ inner[1] }}{% endmacro %}`),
  ]);

  test('return() hands any value to the caller and stops the macro', () => {
    const relation = { identifier: 't' };
    expect(env.callMacro('a_list', [], {}, {})).toEqual([1, 2]);
    expect(env.callMacro('a_dict', [], {}, {})).toEqual({ k: 'v' });
    expect(env.callMacro('a_bool', [], {}, {})).toBe(false);
    expect(env.callMacro('an_object', [relation], {}, {})).toBe(relation);
  });

  test('kwargs holds the keyword arguments a macro does not declare', () => {
    expect(env.render(`{{ with_options('n', mode='b', extra=1) }}`, {}, { file: 'm.sql' })).toBe('n:b:{"extra": 1}');
  });

  test('{% do return(x) %} returns too', () => {
    expect(env.callMacro('via_do', ['yes'], {}, {})).toBe('yes!');
  });

  test('without return(), a macro yields its rendered text as is', () => {
    expect(env.callMacro('text', [], {}, {})).toBe('  some text  ');
  });

  test('a returned value stays a value inside templates', () => {
    expect(env.render(`{{ outer() }}`, {}, { file: 'm.sql' })).toBe('2:2');
  });

  test('the tracker records macros called transitively, once each', () => {
    const t = tracker();
    env.render(`{{ outer() }}{{ outer() }}`, {}, { file: 'm.sql' }, t);
    expect([...t.macrosCalled].sort()).toEqual(['macro.root.a_list', 'macro.root.outer']);
  });

  test('callMacro with packageName calls that package only; unknown macros are an error', () => {
    expect(env.callMacro('type_string', [], {}, {}, undefined, 'dbt')).toBe('TEXT');
    expect(() => env.callMacro('nope', [], {}, {})).toThrow(/macro 'nope' is not defined/);
  });

  test('macros() lists user and built-in macros', () => {
    const ids = env.macros().map((m) => m.uniqueId);
    expect(ids).toContain('macro.root.a_list');
    expect(ids).toContain('macro.dbt.generate_schema_name');
  });
});
