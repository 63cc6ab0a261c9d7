/**
 * `--empty` (dbt 1.8+): refs and sources render limited to zero rows — relations are built with
 * their columns and no data — while unit tests keep their inputs whole (they become fixtures).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeTempProjects, tempProject } from '../project/temp-project.js';
import { runDailies, type CliRun } from '../cli/run-dailies.js';
import { openAdapter } from '../../src/warehouse/index.js';

afterEach(removeTempProjects);

function project(): string {
  const files: Record<string, string> = {
    'dbt_project.yml': 'name: ut\nprofile: ut\n',
    'profiles.yml': 'ut:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ut.duckdb\n      schema: main\n      threads: 1\n',
    'models/a.sql': "select 1 as id, 'x' as name, 5 as amount",
    'models/b.sql': "select id, name, amount, amount > 10 as big, '{{ flags.EMPTY }}' as empty_flag\nfrom {{ ref('a') }}",
    'models/unit.yml': "unit_tests:\n  - name: keeps_rows\n    model: b\n    given:\n      - input: ref('a')\n        rows: [{id: 1, name: x, amount: 20}]\n    expect:\n      rows: [{id: 1, big: true}]\n",
  };
  return tempProject(files);
}

const dailies = (dir: string, ...argv: string[]): Promise<CliRun> => runDailies(dir, argv);

describe('--empty', () => {
  it('compiles each ref as dbt-duckdb does with --empty', async () => {
    const dir = project();
    expect((await dailies(dir, 'compile', '-s', 'b', '--empty', '--no-introspect')).code).toBe(0);
    // dbt-core 1.11.16 + dbt-duckdb 1.11.1 compiled the same model to this text
    expect(readFileSync(path.join(dir, 'target/compiled/ut/models/b.sql'), 'utf8')).toBe(
      "select id, name, amount, amount > 10 as big, 'True' as empty_flag\nfrom (select * from \"ut\".\"main\".\"a\" where false limit 0)",
    );
  });

  it('builds every relation with no rows read from its inputs, and runs unit tests on their fixtures', async () => {
    const dir = project();
    const { code, stdout } = await dailies(dir, 'build', '--empty');
    expect(stdout).toMatch(/PASS b::keeps_rows/);
    expect(code).toBe(0);
    const adapter = await openAdapter({ name: 'dev', type: 'duckdb', schema: 'main', threads: 1, path: path.join(dir, 'ut.duckdb') } as never);
    try {
      const count = async (table: string): Promise<number> => Number(Object.values((await adapter.execute(`select count(*) as n from main.${table}`)).rows[0]!)[0]);
      expect(await count('a')).toBe(1);
      expect(await count('b')).toBe(0);
      expect((await adapter.getColumns({ database: null, schema: 'main', identifier: 'b' })).map((column) => column.name)).toEqual(['id', 'name', 'amount', 'big', 'empty_flag']);
    } finally {
      await adapter.close();
    }
  });
});
