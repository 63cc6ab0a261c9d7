/**
 * Jinja2 constructs inside macro files, across macro calls, and the tags dbt's Jinja rejects.
 * (Plain expression values are in jinja2-goldens.test.ts.)
 */
import { describe, expect, test } from 'vitest';
import { DailiesError } from '../../../src/errors.js';
import { makeEnv, macroFile, target } from './helpers.js';

const env = makeEnv([
  macroFile(
    'root',
    'macros/util.sql',
    `{% macro by_column(columns) %}{% set out = {} %}{% for col in columns %}{% do out.update({col.column | lower: col}) %}{% endfor %}{{ return(out) }}{% endmacro %}
{% macro forward() %}{{ return(target_macro(*varargs, **kwargs)) }}{% endmacro %}
{% macro target_macro(a, b='B', c='C') %}{{ return([a, b, c, varargs, kwargs]) }}{% endmacro %}
{% macro counter(items) %}{% set ns = namespace(total=0, text='') %}{% for i in items %}{% set ns.total = ns.total + i %}{% set ns.text %}{{ ns.text }}{{ i }};{% endset %}{% endfor %}{{ return(ns) }}{% endmacro %}`,
  ),
]);
const render = (source: string) => env.render(source, { target }, { file: 'models/m.sql' });
const call = (name: string, ...args: unknown[]) => env.callMacro(name, args, {}, { target });

describe('Jinja2 inside macros', () => {
  test('dict keys built from filters and attributes', () => {
    expect(call('by_column', [{ column: 'ID' }, { column: 'Name' }])).toEqual({ id: { column: 'ID' }, name: { column: 'Name' } });
  });

  test('*varargs and **kwargs forward to another macro', () => {
    expect(render(`{{ forward(1, c=3) }}`)).toBe("[1, 'B', 3, (), {}]");
    expect(render(`{{ forward(1, 2, 3, 4, d=5) }}`)).toBe("[1, 2, 3, (4,), {'d': 5}]");
  });

  test('{% set ns.x %} blocks and assignments on a namespace', () => {
    const ns = call('counter', [1, 2, 3]) as { total: number; text: string };
    expect(ns.total).toBe(6);
    expect(ns.text).toBe('1;2;3;');
  });
});

describe('arguments a macro cannot take are errors, as in Jinja2', () => {
  test.each([
    [`{% macro f(a) %}{{ a }}{% endmacro %}{{ f(1, 2) }}`, "macro 'f' takes not more than 1 argument(s)"],
    [`{% macro f(a, b=1) %}{{ a }}{% endmacro %}{{ f(1, c=2) }}`, "macro 'f' takes no keyword argument 'c'"],
  ])('%s', (source, message) => {
    expect(() => render(source)).toThrow(message);
  });

  test('a macro that reads varargs or kwargs takes them', () => {
    expect(render(`{% macro f(a) %}{{ varargs | length }}{% endmacro %}{{ f(1, 2, 3) }}`)).toBe('2');
    expect(render(`{% macro f(a) %}{{ kwargs | length }}{% endmacro %}{{ f(1, b=2) }}`)).toBe('1');
  });
});

describe("tags dbt's Jinja has no loader for", () => {
  test.each([`{% import 'macros/util.sql' as util %}`, `{% from 'macros/util.sql' import by_column %}`, `{% include 'models/other.sql' %}`])('%s is a clear compile error, as in dbt', (source) => {
    let error: unknown;
    try {
      render(`select 1\n${source}`);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DailiesError);
    expect((error as DailiesError).message).toMatch(/no template loader/);
    // dbt 1.11's `dbt parse` fails on each of them with "no loader for this environment specified"
    expect((error as DailiesError).message).toContain('no loader for this environment specified');
    expect((error as DailiesError).hint).toMatch(/call the macro directly/);
    expect((error as DailiesError).place).toMatchObject({ file: 'models/m.sql', line: 2 });
  });
});

describe('syntax errors stay errors', () => {
  test.each([`{{ [1,, 2] }}`, `{{ f(a b) }}`, `{{ {'a' 1} }}`, `{{ x[] }}`, `{{ 'unclosed }}`, `{% break %}`, `{% macro f(*args) %}{% endmacro %}`, `{% for i in [1] %}{% macro m() %}{% continue %}{% endmacro %}{% endfor %}`])('%s', (source) => {
    expect(() => render(source)).toThrow(DailiesError);
  });
});
