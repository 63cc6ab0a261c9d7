import { describe, expect, test } from 'vitest';
import { makeEnv } from './helpers.js';

const env = makeEnv();
const render = (source: string, globals: Record<string, unknown> = {}) => env.render(source, globals, { file: 'models/m.sql' });

describe('jinja tests', () => {
  test.each([
    ['none', `{{ x is none }}`, { x: null }, 'True'],
    ['defined', `{{ x is defined }} {{ y is defined }}`, { x: 0 }, 'True False'],
    ['undefined', `{{ y is undefined }}`, {}, 'True'],
    ['string', `{{ 'a' is string }} {{ 1 is string }}`, {}, 'True False'],
    ['number', `{{ 1.5 is number }} {{ 'a' is number }}`, {}, 'True False'],
    ['mapping', `{{ {'a': 1} is mapping }} {{ [1] is mapping }}`, {}, 'True False'],
    ['sequence', `{{ [1] is sequence }} {{ 1 is sequence }}`, {}, 'True False'],
    ['iterable', `{{ [1] is iterable }} {{ {'a': 1} is iterable }} {{ 3 is iterable }}`, {}, 'True True False'],
    ['boolean', `{{ true is boolean }} {{ 1 is boolean }}`, {}, 'True False'],
    ['true / false', `{{ true is true }} {{ false is false }} {{ 1 is true }}`, {}, 'True True False'],
    ['integer / float', `{{ 3 is integer }} {{ 3.5 is float }} {{ 3 is float }}`, {}, 'True True False'],
    ['lower / upper', `{{ 'ab' is lower }} {{ 'AB' is upper }} {{ 'Ab' is upper }}`, {}, 'True True False'],
    ['divisibleby', `{{ 9 is divisibleby 3 }} {{ 9 is divisibleby(2) }}`, {}, 'True False'],
    ['eq / ne', `{{ 1 is eq 1 }} {{ 1 is ne 1 }}`, {}, 'True False'],
    ['in', `{{ 'a' is in ['a', 'b'] }} {{ 'z' is in ['a'] }}`, {}, 'True False'],
  ])('%s', (_name, source, globals, expected) => {
    expect(render(source, globals)).toBe(expected);
  });
});

test("a Relation-like object (get() and metadata) is a mapping, as dbt_utils's _is_relation expects", () => {
  const relation = { metadata: { type: 'BaseRelation' }, get(key: string, fallback: unknown) { return key === 'metadata' ? this.metadata : fallback; } };
  expect(render(`{{ rel is mapping and rel.get('metadata', {}).get('type', '').endswith('Relation') }}`, { rel: relation })).toBe('True');
});

describe('filters', () => {
  test('tojson uses json.dumps separators; fromjson parses', () => {
    expect(render(`{{ {'a': [1, none, true]} | tojson }} {{ ('{"b": 2}' | fromjson).b }}`)).toBe('{"a": [1, null, true]} 2');
  });

  test('as_bool / as_number / as_text / as_native', () => {
    expect(render(`{{ ('true' | as_bool) is true }} {{ ('42' | as_number) + 1 }} {{ (1 | as_text) is string }} {{ ('[1, 2]' | as_native) | length }}`)).toBe('True 43 True 2');
  });

  test('unique keeps first occurrences (case-insensitive by default)', () => {
    expect(render(`{{ ['a', 'b', 'A', 'a'] | unique | list }}`)).toBe(`['a', 'b']`);
  });

  test("map(attribute=…) and map('filter')", () => {
    const cols = [{ name: 'id' }, { name: 'amount' }];
    expect(render(`{{ cols | map(attribute='name') | join(', ') }} {{ ['a', 'b'] | map('upper') | list }}`, { cols })).toBe(`id, amount ['A', 'B']`);
  });

  test('select / reject by test, selectattr / rejectattr by attribute', () => {
    const cols = [{ name: 'id', key: true }, { name: 'x', key: false }, { name: 'y', type: 'int' }];
    expect(render(`{{ [1, 2, 3, 4] | select('odd') | list }} {{ [1, 2, 3, 4] | reject('odd') | list }}`)).toBe('[1, 3] [2, 4]');
    expect(render(`{{ cols | selectattr('key') | map(attribute='name') | list }} {{ cols | rejectattr('key') | map(attribute='name') | list }}`, { cols })).toBe(`['id'] ['x', 'y']`);
    expect(render(`{{ cols | selectattr('type', 'equalto', 'int') | map(attribute='name') | list }}`, { cols })).toBe(`['y']`);
  });

  test('list / string / int / float / items', () => {
    expect(render(`{{ 'ab' | list }} {{ (12 | string) ~ 'x' }} {{ '7' | int + 1 }} {{ '2.5' | float * 2 }} {{ {'a': 1} | items | list }}`)).toBe(`['a', 'b'] 12x 8 5.0 [('a', 1)]`);
  });

  test('default / d apply to undefined values only', () => {
    expect(render(`{{ missing | default('x') }} {{ missing | d('y') }} {{ none | default('z') }}`)).toBe('x y None');
  });
});
