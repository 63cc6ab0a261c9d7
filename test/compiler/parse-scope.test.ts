/**
 * A parse that compiles no node (`dailies parse`, `ls`: dbt's parse scope) still renders the generic
 * tests whose macros call `config()`, as dbt's parse renders every test macro: their config is the
 * same as after a compile, and no node gets compiled SQL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/index.js';
import { loadProject } from '../../src/project/index.js';
import { cleanEnv, removeTempProjects, tempProject } from '../project/temp-project.js';

afterEach(removeTempProjects);

describe('the parse scope', () => {
  it("keeps the config a generic test's macro sets (through a dispatch), and compiles nothing", async () => {
    const root = tempProject({
      'dbt_project.yml': 'name: p\nprofile: p\n',
      'models/orders.sql': 'select 1 as id',
      'models/schema.yml': 'models:\n  - name: orders\n    data_tests: [row_sum]\n    columns:\n      - name: id\n        data_tests: [not_null]\n',
      'macros/row_sum.sql':
        "{% test row_sum(model) %}{{ return(adapter.dispatch('test_row_sum')(model)) }}{% endtest %}\n" +
        "{% macro default__test_row_sum(model) %}{{ config(fail_calc='sum(n)', severity='warn') }}select count(*) as n from {{ model }}{% endmacro %}\n",
    });
    const project = await loadProject({ projectDir: root, env: cleanEnv() });
    const parsed = (await compileProject(project, { compileSql: false })).manifest;
    const compiled = (await compileProject(project)).manifest;
    const rowSum = Object.keys(parsed.nodes).find((id) => id.startsWith('test.p.row_sum_orders'))!;
    expect(parsed.nodes[rowSum]!.config).toMatchObject({ fail_calc: 'sum(n)', severity: 'WARN' });
    expect(parsed.nodes[rowSum]!.config).toEqual(compiled.nodes[rowSum]!.config);
    expect(Object.values(parsed.nodes).filter((node) => node.compiled_code !== undefined)).toEqual([]);
    expect(compiled.nodes[rowSum]!.compiled_code).toContain('select count(*) as n from');
  });
});

describe('snapshot config at parse', () => {
  it('names the custom strategy macro dbt would call, with the file and line', async () => {
    const root = tempProject({
      'dbt_project.yml': 'name: p\nprofile: p\n',
      'snapshots/users.sql': "{% snapshot users_snapshot %}\n{{ config(unique_key='id', strategy='hash_diff', target_schema='snapshots') }}\nselect 1 as id\n{% endsnapshot %}\n",
    });
    await expect(compileProject(await loadProject({ projectDir: root, env: cleanEnv() }), { compileSql: false })).rejects.toThrow(
      "snapshot 'users_snapshot' has unknown strategy 'hash_diff': dailies runs the timestamp and check strategies, not a custom snapshot_hash_diff_strategy macro (yet)",
    );
  });
});
