import { describe, expect, test } from 'vitest';
import { parseSimpleTemplate } from '../../../src/compiler/jinja/simple-template.js';
import { DailiesError } from '../../../src/errors.js';
import { makeEnv, macroFile, target } from './helpers.js';

const env = makeEnv([macroFile('root', 'macros/m.sql', `{% macro money(col, scale=2) %}round({{ col }}, {{ scale }}){% endmacro %}`)]);
const globals = {
  target,
  config: () => '',
  ref: (...args: unknown[]) => `"db"."s"."${String(args[0])}"`,
  source: (a: string, b: string) => `"raw"."${a}"."${b}"`,
  this: { toString: () => '"db"."s"."me"', identifier: 'me' },
  settings: { 'a-b': 1, list: ['x', 'y'] },
};

/** The same template forced through nunjucks (a no-op tag makes it non-simple). */
const viaNunjucks = (source: string) => env.render(`{% if true %}{% endif %}${source}`, globals, { file: 'm.sql' });
const viaFastPath = (source: string) => env.render(source, globals, { file: 'm.sql' });

describe('expression-only templates take the fast path', () => {
  test('they are recognised; anything with a tag, filter or operator is not', () => {
    expect(parseSimpleTemplate(`select * from {{ ref('x') }} {# c #}`)).not.toBeNull();
    expect(parseSimpleTemplate(`{% set x = 1 %}`)).toBeNull();
    expect(parseSimpleTemplate(`{{ x | upper }}`)).toBeNull();
    expect(parseSimpleTemplate(`{{ a ~ b }}`)).toBeNull();
    expect(parseSimpleTemplate(`{{ f(a == b) }}`)).toBeNull();
    expect(parseSimpleTemplate(`{{ unclosed(`)).toBeNull();
  });

  test('string escapes and float literals are left to the full parser (Python rules)', () => {
    expect(parseSimpleTemplate(`{{ 'it\\'s' }}`)).toBeNull();
    expect(parseSimpleTemplate(`{{ f(1.5) }}`)).toBeNull();
    expect(parseSimpleTemplate(`{{ f(1e3) }}`)).toBeNull();
    expect(viaFastPath(`{{ 'it\\'s' }}|{{ "a\\nb" }}|{{ 3.0 }}`)).toBe("it's|a\nb|3.0");
  });

  test.each([
    `{{ config(materialized='view', tags=['a', "b"]) }}select 1`,
    `select * from {{ ref('orders') }} join {{ source('shop', 'customers') }} using (id)`,
    `{{ this }} {{ this.identifier }} {{ target.schema }} {{ target['name'] }}`,
    `{{ money('amount') }} {{ money('amount', scale=4) }} {{ root.money('x', 0) }}`,
    `{{ settings['a-b'] }} {{ settings.list[1] }} {{ settings.list }} {{ {'k': none, 'n': 15} }} {{ [true, false, None] }}`,
    `{{ nothing }}|{{ nothing.deeper }}|{{ 'its' }}|{{ "a b" }}`,
    `a  {{- ref('x') -}}  b {#- note -#}  c {# keep #} d\n{{- ref('y') }}\n`,
    `{ not a tag } {{ dbt.type_string() }} }}`,
  ])('renders as nunjucks does: %s', (source) => {
    expect(parseSimpleTemplate(source)).not.toBeNull();
    expect(viaFastPath(source)).toBe(viaNunjucks(source));
  });

  test('errors carry the line of the expression', () => {
    let error: unknown;
    try {
      viaFastPath(`select\n1,\n{{ missing_fn() }}`);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DailiesError);
    expect((error as DailiesError).place).toEqual({ file: 'm.sql', line: 3 });
    expect((error as DailiesError).message).toContain("'missing_fn' is undefined");
  });
});
