/**
 * Installed packages' macro files (and the built-ins) compile when one of their macros is first
 * called: a project pays only for the package macros it uses. The root project's compile at once.
 */
import { describe, expect, test } from 'vitest';
import { makeEnv, macroFile, target } from './helpers.js';

describe('package macro files compile on first use', () => {
  const broken = macroFile('pkg', 'macros/broken.sql', '{% macro broken() %}{{ (1 + }}{% endmacro %}');
  const fine = macroFile('pkg', 'macros/fine.sql', '{% set greeting = "hi" %}{% macro hello(name) %}{{ greeting }} {{ name }}{% endmacro %}{% macro twice(x) %}{{ hello(x) }} {{ hello(x) }}{% endmacro %}');

  test('a package file with a syntax error fails when its macro is called, naming the file', () => {
    const env = makeEnv([broken, fine]);
    expect(env.findMacro('broken', 'pkg')?.line).toBe(1);
    let thrown: unknown;
    try {
      env.render('{{ pkg.broken() }}', { target }, { file: 'models/m.sql' });
    } catch (error) {
      thrown = error;
    }
    expect(String(thrown)).toContain('cannot parse macro file');
    expect((thrown as { place?: unknown }).place).toEqual({ file: 'dbt_packages/pkg/macros/broken.sql', line: 1 });
  });

  test('a file compiled on first use defines all its macros and its top-level set', () => {
    const env = makeEnv([fine]);
    expect(env.render('{{ pkg.twice("you") }}', { target }, { file: 'models/m.sql' })).toBe('hi you hi you');
    expect(env.render('{{ pkg.hello("again") }}', { target }, { file: 'models/m.sql' })).toBe('hi again');
  });

  test("the root project's macro files still compile at once", () => {
    expect(() => makeEnv([macroFile('root', 'macros/broken.sql', '{% macro broken() %}{{ (1 + }}{% endmacro %}')])).toThrow(/cannot parse macro file/);
  });
});
