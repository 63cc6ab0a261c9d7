import { describe, expect, test } from 'vitest';
import { makeEnv, macroFile, target } from './helpers.js';

const env = makeEnv([
  macroFile('root', 'macros/util.sql', `{% macro wrap(tag) %}<{{ tag }}>{{ caller() }}</{{ tag }}>{% endmacro %}
{% macro each(items) %}{% for item in items %}{{ caller(item) }}{% endfor %}{% endmacro %}
{% macro shout(text) %}{{ text | upper }}{% endmacro %}`),
]);
const render = (source: string, globals: Record<string, unknown> = {}) => env.render(source, { target, ...globals }, { file: 'models/m.sql' });

describe('statements', () => {
  test('{% do %} evaluates for its effect and prints nothing', () => {
    expect(render(`{% set cols = [] %}{% do cols.append('a') %}{% do cols.extend(['b', 'c']) %}[{{ cols | join(',') }}]`)).toBe('[a,b,c]');
  });

  test('{% set %}…{% endset %} captures rendered text', () => {
    expect(render(`{% set body %}select {{ 1 + 1 }}{% endset %}{{ body | trim }}!`)).toBe('select 2!');
  });

  test('{% call %} passes its body to the macro as caller()', () => {
    expect(render(`{% call wrap('b') %}bold {{ target.schema }}{% endcall %}`)).toBe('<b>bold analytics</b>');
  });

  test('caller() takes arguments', () => {
    expect(render(`{% call(x) each([1, 2]) %}[{{ x }}]{% endcall %}`)).toBe('[1][2]');
  });

  test('for loops expose loop.* and run their else branch when empty', () => {
    expect(render(`{% for c in ['a', 'b', 'c'] %}{{ loop.index }}{{ c }}{% if loop.first %}F{% endif %}{% if loop.last %}L{% endif %}{{ loop.revindex0 }}/{{ loop.length }} {% endfor %}`)).toBe('1aF2/3 2b1/3 3cL0/3 ');
    expect(render(`{% for c in [] %}x{% else %}none{% endfor %}`)).toBe('none');
  });

  test('for loops unpack dict items', () => {
    expect(render(`{% for k, v in {'a': 1, 'b': 2}.items() %}{{ k }}={{ v }};{% endfor %}`)).toBe('a=1;b=2;');
  });
});

describe('expressions', () => {
  test('if with and / or / not / in / is', () => {
    const t = `{% if a and not b %}1{% endif %}{% if b or 'x' in ['x'] %}2{% endif %}{% if c is none and d is not none %}3{% endif %}{% if e is defined %}no{% else %}4{% endif %}`;
    expect(render(t, { a: true, b: false, c: null, d: 0 })).toBe('1234');
  });

  test('empty lists and dicts are false, as in Python', () => {
    expect(render(`{% if [] %}a{% endif %}{% if {} %}b{% endif %}{% if not [] %}c{% endif %}{{ 'd' if [0] else 'e' }}{{ [] or 'f' }}{{ [1] and 'g' }}`)).toBe('cdfg');
  });

  test('~ concatenates with Python string forms', () => {
    expect(render(`{{ 'a' ~ 1 ~ none ~ true }}`)).toBe('a1NoneTrue');
  });

  test('+ concatenates lists and strings, adds numbers', () => {
    expect(render(`{{ [1] + [2] }} {{ 'a' + 'b' }} {{ 1 + 2 }}`)).toBe('[1, 2] ab 3');
  });

  test('% formats strings', () => {
    expect(render(`{{ '%s_%s' % ['a', 'b'] }} {{ '%.2f' % 3.14159 }} {{ 7 % 3 }}`)).toBe('a_b 3.14 1');
  });

  test('slices and negative indexes', () => {
    expect(render(`{{ [1, 2, 3, 4][1:3] }} {{ 'abcdef'[2:] | join('') }} {{ [1, 2, 3][-1] }}`)).toBe('[2, 3] cdef 3');
  });

  test('None / True / False literals in both spellings', () => {
    expect(render(`{{ None }} {{ none }} {{ True }} {{ false }} {{ [None, 'a', True] }} {{ {'k': none} }}`)).toBe(`None None True False [None, 'a', True] {'k': None}`);
  });

  test('undefined variables render as empty', () => {
    expect(render(`[{{ nothing }}][{{ nothing.deeper }}]`)).toBe('[][]');
  });
});

describe('whitespace and comments', () => {
  test('comments disappear, with their whitespace control', () => {
    expect(render(`a {#- note -#} b {# other #}c`)).toBe('ab c');
  });

  test('whitespace control trims around tags; blocks keep newlines by default (no trim_blocks)', () => {
    expect(render(`select\n  {%- if true %}\n  1\n  {%- endif %}\n`)).toBe('select\n  1\n');
    expect(render(`{% if true %}\nx\n{% endif %}\n`)).toBe('\nx\n\n');
  });

  test('macros return their rendered text as is (not trimmed)', () => {
    expect(render(`[{{ shout(' hi ') }}]`)).toBe('[ HI ]');
  });
});

describe('python tuples', () => {
  test('(a, b) is a tuple: % formatting and unpacking in for loops', () => {
    expect(render(`{{ '%s.%s' % ('schema', 'table') }} {% for k, v in [('a', 1), ('b', 2)] %}{{ k }}{{ v }}{% endfor %}`)).toBe('schema.table a1b2');
  });
});

describe('snapshot blocks', () => {
  test('{% snapshot %} renders its body', () => {
    const source = `{% snapshot users_snapshot %}\n{{ config(unique_key='id') }}\nselect * from {{ ref('users') }}\n{% endsnapshot %}\n`;
    expect(render(source, { config: () => '', ref: (name: string) => `"${name}"` })).toBe(`\n\nselect * from "users"\n\n`);
  });
});

describe('set targets', () => {
  test('{% set ns.attr = … %} updates a namespace (the Jinja way out of loop scopes)', () => {
    expect(render(`{% set ns = namespace(found=false, n=0) %}{% for x in [1, 2, 3] %}{% if x == 2 %}{% set ns.found = true %}{% endif %}{% set ns.n = ns.n + x %}{% endfor %}{{ ns.found }} {{ ns.n }}`)).toBe('True 6');
  });

  test('{% set a, b = pair %} unpacks', () => {
    expect(render(`{% set a, b = ['x', 'y'] %}{{ b }}{{ a }}`)).toBe('yx');
  });
});

describe('loop filters', () => {
  test('{% for x in items if cond %} iterates the passing items, with loop.* counting them', () => {
    expect(render(`{% for c in ['id', '_loaded_at', 'name'] if not c.startswith('_') %}{{ c }}{{ ',' if not loop.last }}{% endfor %}`)).toBe('id,name');
    expect(render(`{% for k, v in {'a': 1, 'b': 0, 'c': 2}.items() if v %}{{ loop.index }}{{ k }}{% endfor %}`)).toBe('1a2c');
  });
});
