import { describe, expect, test } from 'vitest';
import { makeEnv } from './helpers.js';

const env = makeEnv();
const render = (source: string, globals: Record<string, unknown> = {}) => env.render(source, globals, { file: 'models/m.sql' });

describe('string methods', () => {
  test.each([
    [`{{ 'Ab'.upper() }} {{ 'Ab'.lower() }}`, 'AB ab'],
    [`[{{ '  x  '.strip() }}][{{ '  x  '.lstrip() }}][{{ '  x  '.rstrip() }}][{{ '--x--'.strip('-') }}]`, '[x][x  ][  x][x]'],
    [`{{ 'a b  c'.split() }} {{ 'a,b,c'.split(',', 1) }}`, `['a', 'b', 'c'] ['a', 'b,c']`],
    [`{{ 'a.b.c'.replace('.', '_') }}`, 'a_b_c'],
    [`{{ 'stg_x'.startswith('stg_') }} {{ 'stg_x'.endswith('_y') }}`, 'True False'],
    [`{{ ', '.join(['a', 'b']) }}`, 'a, b'],
    [`{{ 'hello world'.title() }} {{ 'hELLO'.capitalize() }}`, 'Hello World Hello'],
    [`{{ 'abcabc'.find('c') }} {{ 'abcabc'.find('z') }} {{ 'abcabc'.count('b') }}`, '2 -1 2'],
    [`{{ '{}-{}'.format('a', 2) }} {{ '{x}!'.format(x='y') }}`, 'a-2 y!'],
    [`{{ '123'.isdigit() }} {{ '12a'.isdigit() }}`, 'True False'],
  ])('%s', (source, expected) => {
    expect(render(source)).toBe(expected);
  });

  test('caller() text has string methods too', () => {
    const local = makeEnv([{ absPath: '/project/macros/m.sql', relPath: 'macros/m.sql', pathInResourceDir: 'm.sql', packageName: 'root', contents: `{% macro strip_body() %}[{{ caller().strip().upper() }}]{% endmacro %}` }]);
    expect(local.render(`{% call strip_body() %}  sel  {% endcall %}`, {}, { file: 'm.sql' })).toBe('[SEL]');
  });
});

describe('list methods', () => {
  test('append / extend / insert / pop / remove / reverse / sort / index / count', () => {
    const source = `{% set l = [3, 1] %}{% do l.append(2) %}{% do l.extend([5]) %}{% do l.insert(0, 9) %}{{ l }} {{ l.pop() }} {{ l.pop(0) }} {% do l.remove(1) %}{{ l }} {% do l.sort() %}{{ l }} {% do l.reverse() %}{{ l }} {{ l.index(2) }} {{ [1, 1, 2].count(1) }}`;
    expect(render(source)).toBe('[9, 3, 1, 2, 5] 5 9 [3, 2] [2, 3] [3, 2] 1 2');
  });

  test('sort(reverse=True)', () => {
    expect(render(`{% set l = ['b', 'c', 'a'] %}{% do l.sort(reverse=True) %}{{ l }}`)).toBe(`['c', 'b', 'a']`);
  });
});

describe('dict methods', () => {
  test('items / keys / values / get', () => {
    expect(render(`{% set d = {'a': 1, 'b': 2} %}{{ d.keys() }} {{ d.values() }} {{ d.items() }} {{ d.get('a') }} {{ d.get('z') }} {{ d.get('z', 0) }}`)).toBe(
      `dict_keys(['a', 'b']) dict_values([1, 2]) dict_items([('a', 1), ('b', 2)]) 1 None 0`,
    );
  });

  test('update / pop / setdefault / copy leave the original as Python would', () => {
    const source = `{% set d = {'a': 1} %}{% do d.update({'b': 2}) %}{% do d.update(c=3) %}{% set e = d.copy() %}{{ d.pop('a') }} {{ d.setdefault('z', 9) }} {{ d }} {{ e }}`;
    expect(render(source)).toBe(`1 9 {'b': 2, 'c': 3, 'z': 9} {'a': 1, 'b': 2, 'c': 3}`);
  });

  test("an object's own get() (a context object of the compiler) wins over the dict method", () => {
    const config = { get: (key: string, fallback: unknown) => `cfg:${key}:${String(fallback)}` };
    expect(render(`{{ config.get('schema', 'x') }}`, { config })).toBe('cfg:schema:x');
  });
});

describe('sets', () => {
  test('set() supports add, in, length and iteration', () => {
    expect(render(`{% set s = set() %}{% do s.add('a') %}{% do s.add('a') %}{% do s.add('b') %}{{ s | length }} {{ 'a' in s }} {{ 'z' in s }} {{ s | sort | join(',') }}`)).toBe('2 True False a,b');
  });
});
