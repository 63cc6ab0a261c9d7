/**
 * The package proof: test/fixtures/packages-project uses five real, unmodified dbt packages
 * (dbt_utils, dbt_date, audit_helper, dbt_expectations, codegen, read from ../shared/dbt-packages
 * or $DAILIES_DBT_PACKAGES; never committed here) through `local:` entries of its packages.yml,
 * and calls a broad set of their macros and generic tests on DuckDB. Every model builds with the
 * expected rows, every test built to pass passes, and the tests tagged `must_fail` fail.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/index.js';
import type { Manifest } from '../../src/graph/types.js';
import { loadProject } from '../../src/project/index.js';
import { runBuild, type RunResults } from '../../src/run/index.js';
import type { Adapter, Row } from '../../src/warehouse/adapter.js';
import { openAdapter } from '../../src/warehouse/index.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const fixture = join(repoRoot, 'test', 'fixtures', 'packages-project');
import { PACKAGES, packagesDir, packagesPresent as present } from './packages-dir.js';

let dir: string;
let adapter: Adapter;
let manifest: Manifest;
let results: RunResults;

async function build(projectDir: string): Promise<{ manifest: Manifest; results: RunResults }> {
  const project = await loadProject({ projectDir, profilesDir: projectDir, env: {} });
  // as `dailies build` does: the manifest compiles without the warehouse, and each node renders
  // with live introspection just before it runs, after its parents are built
  const compiler = await compileProject(project, { flags: { which: 'build' }, nodeErrors: 'collect' });
  const built = await runBuild({ compiler, adapter, select: Object.keys(compiler.manifest.nodes), command: 'build', threads: 2, targetDir: join(projectDir, 'target') });
  return { manifest: compiler.manifest, results: built };
}

async function query(sql: string): Promise<Row[]> {
  return (await adapter.execute(sql)).rows;
}

function macroNames(file: string): string[] {
  return [...readFileSync(file, 'utf8').replace(/{#[\s\S]*?#}/g, '').matchAll(/{%-?\s*(macro|test)\s+(\w+)/g)].map((match) => (match[1] === 'test' ? `test_${match[2]}` : match[2]!));
}

function sqlFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? sqlFiles(path) : name.endsWith('.sql') ? [path] : [];
  });
}

describe.skipIf(!present)(`a project using the five packages of ${packagesDir}`, () => {
  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'dailies-packages-'));
    dir = join(root, 'project');
    cpSync(fixture, dir, { recursive: true });
    symlinkSync(packagesDir, join(root, 'dbt-packages'), 'dir');
    adapter = await openAdapter((await loadProject({ projectDir: dir, profilesDir: dir, env: {} })).target);
    // one build on a fresh warehouse, including the models whose macros introspect their parents
    // (star, pivot, unions, audit_helper, codegen)
    ({ manifest, results } = await build(dir));
  }, 60_000);

  afterAll(async () => {
    await adapter?.close();
    if (dir) rmSync(resolve(dir, '..'), { recursive: true, force: true });
  });

  it('reads every macro of every package into the manifest', () => {
    for (const pkg of PACKAGES) {
      const expected = sqlFiles(join(packagesDir, pkg, 'macros')).flatMap(macroNames);
      expect(expected.length).toBeGreaterThan(0);
      const missing = expected.filter((name) => !manifest.macros[`macro.${pkg}.${name}`]);
      expect(missing, `${pkg} macros missing from the manifest`).toEqual([]);
    }
  });

  it('builds every model and passes every test built to pass', () => {
    const unexpected = results.results.filter((result) => {
      const tags = manifest.nodes[result.unique_id]?.tags ?? [];
      return tags.includes('must_fail') ? false : result.status !== 'success' && result.status !== 'pass';
    });
    expect(unexpected.map((result) => `${result.unique_id}: ${result.status} ${result.message ?? ''}`)).toEqual([]);
    const models = results.results.filter((result) => result.unique_id.startsWith('model.'));
    expect(models.length).toBe(Object.values(manifest.nodes).filter((node) => node.resource_type === 'model').length);
    const tests = results.results.filter((result) => result.unique_id.startsWith('test.') && result.status === 'pass');
    expect(tests.length).toBe(42);
  });

  it('fails the tests built to fail, with the failure counts fail_calc gives', () => {
    const failing = Object.fromEntries(
      results.results.filter((result) => manifest.nodes[result.unique_id]?.tags.includes('must_fail')).map((result) => [manifest.nodes[result.unique_id]!.test_metadata!.name, [result.status, result.failures]]),
    );
    expect(failing).toEqual({
      expression_is_true: ['fail', 6],
      expect_column_values_to_be_between: ['fail', 2],
      expect_table_row_count_to_equal: ['fail', 1],
      equality: ['fail', 6],
      // dbt_utils' fewer_rows_than sets config(fail_calc='sum(coalesce(row_count_delta, 0))') in its body
      fewer_rows_than: ['fail', 3],
    });
  });

  it('dbt_utils: surrogate keys, safe arithmetic, date spine, pivot, unpivot, union, star, query results as a dict, dedup', async () => {
    expect(await query(`select order_key, amount_plus_id, amount_minus_id from main.utils_keys where order_id = 1`)).toEqual([
      { order_key: 'dd56b78777e20754464527f860399711', amount_plus_id: 13.5, amount_minus_id: 11.5 },
    ]);
    expect(await query(`select md5(cast(coalesce(cast(1 as TEXT), '_dbt_utils_surrogate_key_null_') || '-' || coalesce(cast(10 as TEXT), '_dbt_utils_surrogate_key_null_') as TEXT)) as k`)).toEqual([
      { k: 'dd56b78777e20754464527f860399711' },
    ]);
    expect(await query(`select count(*) as n, cast(min(date_day) as varchar) as first, cast(max(date_day) as varchar) as last from main.utils_spine`)).toEqual([
      { n: 10, first: '2024-01-01 00:00:00', last: '2024-01-10 00:00:00' },
    ]);
    expect(await query(`select * from main.utils_pivot order by customer_id`)).toEqual([
      { customer_id: 10, placed: 1, returned: 0, shipped: 1 },
      { customer_id: 11, placed: 0, returned: 0, shipped: 1 },
      { customer_id: 12, placed: 1, returned: 1, shipped: 0 },
      { customer_id: 13, placed: 0, returned: 0, shipped: 1 },
    ]);
    expect(await query(`select field, value from main.utils_unpivot where customer_id = 12 order by field`)).toEqual([
      { field: 'country', value: 'US' },
      { field: 'name', value: 'Cy' },
    ]);
    expect(await query(`select _dbt_source_relation as source, count(*) as n, count(status) as with_status from main.utils_union group by 1 order by 1`)).toEqual([
      { source: '"proof"."main"."orders_2023"', n: 3, with_status: 0 },
      { source: '"proof"."main"."orders_2024"', n: 3, with_status: 3 },
    ]);
    expect((await adapter.getColumns({ database: null, schema: 'main', identifier: 'utils_star' })).map((column) => column.name)).toEqual(['order_id', 'customer_id', 'status']);
    expect(await query(`select * from main.utils_introspection`)).toEqual([{ statuses: 'placed,returned,shipped', counts: '2,1,3', kept_columns: 'order_id,customer_id,status,ordered_at' }]);
    expect(await query(`select event_id, cast(loaded_at as varchar) as loaded_at from main.utils_dedup order by event_id`)).toEqual([
      { event_id: 1, loaded_at: '2024-01-01 11:00:00' },
      { event_id: 2, loaded_at: '2024-01-02 09:00:00' },
      { event_id: 3, loaded_at: '2024-01-03 09:00:00' },
    ]);
  });

  it('dbt_date: the date dimension and date helpers', async () => {
    expect(await query(`select count(*) as n, cast(max(date_day) as varchar) as last, max(month_name) as month from main.date_dimension`)).toEqual([{ n: 30, last: '2024-01-30', month: 'January' }]);
    const helpers = `select cast(three_days_before as varchar) as before, cast(two_days_after as varchar) as after, iso_day_of_week, day_name, iso_week,
      cast(week_start as varchar) as week_start, month_short, cast(new_york_time as varchar) as new_york_time from main.date_helpers`;
    expect(await query(helpers)).toEqual([
      { before: '2024-01-07', after: '2024-01-12', iso_day_of_week: 3, day_name: 'Wednesday', iso_week: 2, week_start: '2024-01-07', month_short: 'Jan', new_york_time: '2024-01-10 07:00:00' },
    ]);
  });

  it('audit_helper: compare_relations, compare_queries, compare_column_values', async () => {
    expect(await query(`select in_a, in_b, count from main.audit_relations`)).toEqual([{ in_a: true, in_b: true, count: 6 }]);
    expect(await query(`select in_a, in_b, count from main.audit_queries order by in_a, in_b`)).toEqual([
      { in_a: false, in_b: true, count: 1 },
      { in_a: true, in_b: false, count: 1 },
      { in_a: true, in_b: true, count: 5 },
    ]);
    expect(await query(`select match_status, count_records from main.audit_column_values order by count_records`)).toEqual([
      { match_status: '❌: \u200dvalues do not match', count_records: 1 },
      { match_status: '✅: perfect match', count_records: 5 },
    ]);
  });

  it('codegen: generate_model_yaml and generate_source describe the seed', async () => {
    const [row] = await query(`select model_yaml, source_yaml from main.codegen_yaml`);
    expect(row!.model_yaml).toContain('  - name: customers\n    description: ""\n    columns:\n      - name: customer_id\n        data_type: integer\n');
    expect(row!.source_yaml).toContain('sources:\n  - name: main\n    tables:\n      - name: customers\n        columns:\n          - name: customer_id\n            data_type: integer\n');
  });
});

it.skipIf(present)(`the package proof needs the five packages in ${packagesDir} (absent here: skipped)`, () => {
  expect(present).toBe(false);
});
