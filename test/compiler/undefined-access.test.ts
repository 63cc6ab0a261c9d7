/**
 * An attribute or item of an undefined value, as dbt-core 1.11 treats it (checked with `dbt parse`
 * and `dbt compile` on a scratch project): its parse allows it (dbt's Undefined), its compile
 * fails with Jinja2's UndefinedError worded as dbt words it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/index.js';
import { DailiesError } from '../../src/errors.js';
import { removeTempProjects, tempProject } from './temp-project.js';

afterAll(removeTempProjects);

const SUFFIX = '. This can happen when calling a macro that does not exist. Check for typos and/or install package dependencies with "dbt deps".';

async function compileError(files: Record<string, string>): Promise<DailiesError> {
  const project = await tempProject(files);
  try {
    await compileProject(project);
  } catch (error) {
    if (error instanceof DailiesError) return error;
    throw error;
  }
  throw new Error('expected the compile to fail');
}

describe('attributes of undefined values', () => {
  it('fail the compile with dbt\'s message, even in a template that looks static', async () => {
    const error = await compileError({ 'models/a.sql': 'select 1 as id\n-- {{ undef.attr }}' });
    expect(error.message).toContain(`'undef' is undefined${SUFFIX}`);
    expect(error.place).toEqual({ file: 'models/a.sql', line: 2 });
  });

  it('name the step before the missing one', async () => {
    const error = await compileError({ 'models/a.sql': "{% set d = {'k': 1} %}select 1 as id {% if d.a.b %}x{% endif %}" });
    expect(error.message).toContain(`'dict object' has no attribute 'a'${SUFFIX}`);
  });

  it("leave the node's `model` dict lenient: dbt's has keys dailies does not fill yet (`model.docs.show`)", async () => {
    const project = await tempProject({ 'models/a.sql': 'select 1 as id -- {{ model.not_filled_yet.show }}' });
    const compiled = await compileProject(project);
    const node = Object.values(compiled.manifest.nodes).find((n) => n.name === 'a') as { compiled_code?: string } | undefined;
    expect(node?.compiled_code?.trim()).toBe('select 1 as id --');
  });

  it('pass when only the parse reads them (execute is false there)', async () => {
    const project = await tempProject({ 'models/a.sql': "select 1 as id {% if not execute %}{{ undef.attr }}{% endif %}" });
    const compiled = await compileProject(project);
    const node = Object.values(compiled.manifest.nodes).find((n) => n.name === 'a') as { compiled_code?: string } | undefined;
    expect(node?.compiled_code?.trim()).toBe('select 1 as id');
  });
});
