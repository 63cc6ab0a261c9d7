import { describe, expect, test } from 'vitest';
import { DailiesError } from '../../../src/errors.js';
import { makeEnv, macroFile, tracker } from './helpers.js';

const files = [
  macroFile('root', 'macros/root.sql', `{% macro default__greet() %}root default{% endmacro %}`),
  macroFile('pkg', 'macros/pkg.sql', `{% macro greet() %}{{ return(adapter.dispatch('greet', 'pkg')()) }}{% endmacro %}
{% macro default__greet() %}pkg default{% endmacro %}
{% macro duckdb__greet() %}pkg duckdb{% endmacro %}
{% macro snowflake__greet() %}pkg snowflake{% endmacro %}
{% macro helper() %}{{ return(adapter.dispatch('helper')()) }}{% endmacro %}
{% macro default__helper() %}pkg helper{% endmacro %}`),
];

describe('adapter.dispatch', () => {
  test('tries <adapter>__name before default__name in the namespace package', () => {
    expect(makeEnv(files).render(`{{ pkg.greet() }}`, {}, { file: 'm.sql' })).toBe('pkg duckdb');
    expect(makeEnv(files, { adapterType: 'snowflake' }).render(`{{ pkg.greet() }}`, {}, { file: 'm.sql' })).toBe('pkg snowflake');
    expect(makeEnv(files, { adapterType: 'postgres' }).render(`{{ pkg.greet() }}`, {}, { file: 'm.sql' })).toBe('pkg default');
  });

  test("the root project's dispatch config sets the search order", () => {
    const env = makeEnv(files, { dispatch: [{ macroNamespace: 'pkg', searchOrder: ['root', 'pkg'] }] });
    expect(env.render(`{{ pkg.greet() }}`, {}, { file: 'm.sql' })).toBe('root default');
  });

  test('without a namespace, the calling package is searched after the root', () => {
    expect(makeEnv(files).render(`{{ pkg.helper() }}`, {}, { file: 'm.sql' })).toBe('pkg helper');
  });

  test('the dispatch method returns a callable usable outside templates, recording the macro', () => {
    const env = makeEnv(files);
    const t = tracker();
    expect(env.dispatch('greet', 'pkg', {}, t)()).toBe('pkg duckdb');
    expect([...t.macrosCalled]).toEqual(['macro.pkg.duckdb__greet']);
  });

  test("the compiler's adapter keeps its own members and gains dispatch", () => {
    const adapter = {
      prefix: 'x',
      quote(this: { prefix: string }, name: string) {
        return `${this.prefix}"${name}"`;
      },
    };
    expect(makeEnv(files).render(`{{ adapter.quote('a') }} {{ adapter.dispatch('greet', 'pkg')() }}`, { adapter }, { file: 'm.sql' })).toBe('x"a" pkg duckdb');
  });

  test("an adapter that has its own dispatch is used as is", () => {
    const adapter = { dispatch: () => () => 'compiler dispatch' };
    expect(makeEnv(files).render(`{{ adapter.dispatch('greet', 'pkg')() }}`, { adapter }, { file: 'm.sql' })).toBe('compiler dispatch');
  });

  test('an unknown dispatch is a compile error listing what was tried', () => {
    const env = makeEnv(files);
    let error: unknown;
    try {
      env.render(`\n{{ adapter.dispatch('nothing', 'pkg')() }}`, {}, { file: 'models/m.sql' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DailiesError);
    const dailies = error as DailiesError;
    expect(dailies.message).toContain('pkg.duckdb__nothing, pkg.default__nothing');
    expect(dailies.place).toEqual({ file: 'models/m.sql', line: 2 });
  });

  test('dispatch can recurse through macros (a macro dispatching to one that dispatches again)', () => {
    const env = makeEnv([
      macroFile('root', 'macros/r.sql', `{% macro countdown(n) %}{{ return(adapter.dispatch('countdown')(n)) }}{% endmacro %}
{% macro default__countdown(n) %}{% if n > 0 %}{{ n }} {{ countdown(n - 1) }}{% else %}{{ return('liftoff') }}{% endif %}{% endmacro %}`),
    ]);
    expect(env.render(`{{ countdown(3) }}`, {}, { file: 'm.sql' })).toBe('3 2 1 liftoff');
  });
});

test('an error inside a macro called through dispatch() outside templates is a DailiesError at the macro', () => {
  const env = makeEnv([macroFile('root', 'macros/bad.sql', `{% macro default__bad() %}\n{{ exceptions.raise_compiler_error('no') }}\n{% endmacro %}`)]);
  let error: unknown;
  try {
    env.dispatch('bad', undefined, {})();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DailiesError);
  expect((error as DailiesError).place).toEqual({ file: 'macros/bad.sql', line: 2 });
});
