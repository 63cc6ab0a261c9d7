import { describe, expect, test } from 'vitest';
import { DailiesError } from '../../../src/errors.js';
import { makeEnv, macroFile } from './helpers.js';

function caught(work: () => unknown): DailiesError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(DailiesError);
    return error as DailiesError;
  }
  throw new Error('expected an error');
}

const env = makeEnv([
  macroFile('root', 'macros/checks.sql', `{% macro ok() %}fine{% endmacro %}

{% macro must_be_positive(n) %}
  {% if n <= 0 %}
    {{ exceptions.raise_compiler_error('n must be positive, got ' ~ n) }}
  {% endif %}
  {{ n }}
{% endmacro %}

{% macro broken() %}
  {{ no_such_macro() }}
{% endmacro %}`),
  macroFile('root', 'macros/caller.sql', `{% macro calls_broken() %}
{{ broken() }}
{% endmacro %}`),
]);

describe('errors name the file and line', () => {
  test('a syntax error in a model', () => {
    const error = caught(() => env.render('select 1\nfrom x\n{% if %}\n', {}, { file: 'models/bad.sql' }));
    expect(error.kind).toBe('compile');
    expect(error.place).toEqual({ file: 'models/bad.sql', line: 3 });
    expect(error.message).toMatch(/Jinja syntax error/);
    expect(error.hint).toBeTruthy();
  });

  test('a syntax error in text that starts inside a file (a YAML value) is offset by place.line', () => {
    const error = caught(() => env.render('a\n{{ x + }}', {}, { file: 'models/schema.yml', line: 10 }));
    expect(error.place).toEqual({ file: 'models/schema.yml', line: 11 });
  });

  test('calling an undefined function names it, at the line of the call', () => {
    const error = caught(() => env.render('select\n{{ nope(1) }}', {}, { file: 'models/m.sql' }));
    expect(error.message).toContain("'nope' is undefined");
    expect(error.place).toEqual({ file: 'models/m.sql', line: 2 });
  });

  test('an error inside a macro names the macro file and the line inside it', () => {
    const error = caught(() => env.render('select\n\n{{ calls_broken() }}', {}, { file: 'models/m.sql' }));
    expect(error.message).toContain("'no_such_macro' is undefined");
    expect(error.place).toEqual({ file: 'macros/checks.sql', line: 11 });
  });

  test('exceptions.raise_compiler_error is a compile error at the line that raised it', () => {
    const error = caught(() => env.render('{{ must_be_positive(-1) }}', {}, { file: 'models/m.sql' }));
    expect(error.kind).toBe('compile');
    expect(error.message).toBe('n must be positive, got -1');
    expect(error.place).toEqual({ file: 'macros/checks.sql', line: 5 });
  });

  test('raise_compiler_error in the model itself', () => {
    const error = caught(() => env.render('x\n{{ exceptions.raise_compiler_error("stop") }}', {}, { file: 'models/m.sql', line: 1 }));
    expect(error.message).toBe('stop');
    expect(error.place).toEqual({ file: 'models/m.sql', line: 2 });
  });

  test("a DailiesError from the compiler's globals keeps its kind and gets the render's place", () => {
    const ref = () => {
      throw new DailiesError('ref', "model 'missing' not found", { hint: 'check the name' });
    };
    const error = caught(() => env.render('\n{{ ref("missing") }}', { ref }, { file: 'models/m.sql' }));
    expect(error.kind).toBe('ref');
    expect(error.place).toEqual({ file: 'models/m.sql', line: 2 });
    expect(error.hint).toBe('check the name');
  });

  test('after an error, the environment renders normally (frames and state restored)', () => {
    caught(() => env.render('{{ must_be_positive(0) }}', {}, { file: 'models/m.sql' }));
    expect(env.render('{{ must_be_positive(3) | trim }} {{ ok() }}', {}, { file: 'models/m.sql' })).toBe('3 fine');
  });
});

describe('macro file problems', () => {
  test('the same macro name twice in one package names both files', () => {
    const error = caught(() =>
      makeEnv([macroFile('root', 'macros/a.sql', '{% macro dup() %}1{% endmacro %}'), macroFile('root', 'macros/b.sql', '\n{% macro dup() %}2{% endmacro %}')]),
    );
    expect(error.message).toContain('macros/a.sql:1');
    expect(error.message).toContain('macros/b.sql:2');
    expect(error.place).toEqual({ file: 'macros/b.sql', line: 2 });
  });

  test('the same name in two packages is fine', () => {
    const both = makeEnv([macroFile('root', 'macros/a.sql', '{% macro same() %}root{% endmacro %}'), macroFile('pkg', 'macros/a.sql', '{% macro same() %}pkg{% endmacro %}')]);
    expect(both.render('{{ same() }} {{ pkg.same() }}', {}, { file: 'm.sql' })).toBe('root pkg');
  });

  test('a syntax error in a macro file is reported at creation with its file and line', () => {
    const error = caught(() => makeEnv([macroFile('root', 'macros/bad.sql', '{% macro x() %}\n{{ 1 + }}\n{% endmacro %}')]));
    expect(error.place?.file).toBe('macros/bad.sql');
    expect(error.place?.line).toBe(2);
  });

  test('macro files of packages are named relative to the project root', () => {
    const error = caught(() => makeEnv([macroFile('pkg', 'macros/bad.sql', '{% macro x() %}{{ nope() }}{% endmacro %}')]).render('{{ pkg.x() }}', {}, { file: 'm.sql' }));
    expect(error.place).toEqual({ file: 'dbt_packages/pkg/macros/bad.sql', line: 1 });
  });
});
