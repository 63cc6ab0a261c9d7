import { afterAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/index.js';
import { removeTempProjects, tempProject } from './temp-project.js';

afterAll(removeTempProjects);

describe("config() in a generic test's macro body", () => {
  it('applies to each test (fail_calc, warn_if, where, severity), the YAML definition winning', async () => {
    const project = await tempProject({
      'macros/tests.sql': [
        '{% test few_rows(model, column_name) %}',
        "{{ config(fail_calc='sum(n)', warn_if='> 5', where='id > 1', severity='warn') }}",
        'select count(*) as n from {{ model }}',
        '{% endtest %}',
      ].join('\n'),
      'models/m.sql': 'select 1 as id',
      'models/m.yml': [
        'version: 2',
        'models:',
        '  - name: m',
        '    columns:',
        '      - name: id',
        '        data_tests:',
        '          - few_rows',
        '          - few_rows:',
        '              name: few_rows_configured',
        '              config:',
        '                severity: error',
        "                where: 'id > 7'",
      ].join('\n'),
    });
    const manifest = (await compileProject(project)).manifest;
    const tests = Object.values(manifest.nodes)
      .filter((node) => node.resource_type === 'test')
      .sort((a, b) => a.unique_id.localeCompare(b.unique_id));
    expect(tests).toHaveLength(2);
    const [plain, configured] = tests.map((node) => ({ config: node.config as Record<string, unknown>, sql: node.compiled_code?.trim() }));
    const byWhere = (where: string) => [plain, configured].find((test) => test!.config.where === where)!;
    const fromMacro = byWhere('id > 1');
    expect(fromMacro.config).toMatchObject({ fail_calc: 'sum(n)', warn_if: '> 5', severity: 'WARN' });
    expect(fromMacro.sql).toBe('select count(*) as n from (select * from "x"."main"."m" where id > 1) dbt_subquery');
    const fromYaml = byWhere('id > 7');
    expect(fromYaml.config).toMatchObject({ fail_calc: 'sum(n)', warn_if: '> 5', severity: 'error' });
    expect(fromYaml.sql).toBe('select count(*) as n from (select * from "x"."main"."m" where id > 7) dbt_subquery');
  });
});
