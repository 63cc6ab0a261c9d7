/**
 * `dailies retry` (dbt retry): the last run again from its point of failure — only what failed or
 * was skipped, with that run's flags.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeTempProjects, tempProject } from '../project/temp-project.js';
import { runDailies, type CliRun } from './run-dailies.js';

afterEach(removeTempProjects);

function project(files: Record<string, string>): string {
  const all = {
    'dbt_project.yml': 'name: r\nprofile: r\n',
    'profiles.yml': 'r:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: r.duckdb\n      schema: main\n      threads: 1\n',
    ...files,
  };
  return tempProject(all);
}

const dailies = (dir: string, ...argv: string[]): Promise<CliRun> => runDailies(dir, argv);

describe('dailies retry', () => {
  it('runs again only what the last build left failed or skipped, then has nothing to do', async () => {
    const dir = project({
      'models/ok_one.sql': 'select 1 as id',
      'models/ok_two.sql': "select * from {{ ref('ok_one') }}",
      'models/broken.sql': 'select id from missing_table',
      'models/after_broken.sql': "select * from {{ ref('broken') }}",
      'models/schema.yml': 'models:\n  - name: after_broken\n    columns:\n      - name: id\n        data_tests: [not_null]\n',
    });
    const first = await dailies(dir, 'build');
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/ERROR creating view main\.broken/);
    writeFileSync(path.join(dir, 'models/broken.sql'), "select * from {{ ref('ok_one') }}");
    const retried = await dailies(dir, 'retry');
    expect(retried.code).toBe(0);
    expect(retried.stdout).toContain('Retrying 3 nodes of the last `dailies build`');
    expect(retried.stdout).toMatch(/OK created view main\.broken/);
    expect(retried.stdout).toMatch(/OK created view main\.after_broken/);
    expect(retried.stdout).toMatch(/PASS not_null_after_broken_id/);
    expect(retried.stdout).not.toContain('ok_one');
    expect(retried.stdout).not.toContain('ok_two');
    const recorded = JSON.parse(readFileSync(path.join(dir, 'target/run_results.json'), 'utf8'));
    expect(recorded.results.map((result: { unique_id: string }) => result.unique_id).sort()).toEqual([
      'model.r.after_broken',
      'model.r.broken',
      'test.r.not_null_after_broken_id.de0ddcb49e',
    ].sort());
    const again = await dailies(dir, 'retry');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to do: the last `dailies build` left no node failed or skipped.');
  });

  it('says there is no previous run to retry', async () => {
    const dir = project({ 'models/a.sql': 'select 1 as id' });
    const { code, stderr } = await dailies(dir, 'retry');
    expect(code).not.toBe(0);
    expect(stderr).toContain("Could not find previous run in 'target' target directory");
  });
});
