/**
 * End to end: a fixture project on disk → loadProject → compileProject → runBuild on DuckDB.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/index.js';
import { loadProject } from '../../src/project/index.js';
import { runBuild, type RunCommand, type RunResults } from '../../src/run/index.js';
import type { Adapter } from '../../src/warehouse/adapter.js';
import { openAdapter } from '../../src/warehouse/index.js';

const fixture = join(import.meta.dirname, '..', 'fixtures', 'run', 'shop');
let dir: string;
let adapter: Adapter;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dailies-shop-'));
  cpSync(fixture, dir, { recursive: true });
  adapter = await openAdapter((await loadProject({ projectDir: dir, env: {} })).target);
});
afterEach(async () => {
  await adapter.close();
  rmSync(dir, { recursive: true, force: true });
});

async function buildProject(command: RunCommand = 'build', options: { fullRefresh?: boolean } = {}): Promise<RunResults> {
  const project = await loadProject({ projectDir: dir, env: {} });
  const compiler = await compileProject(project, { adapter });
  return runBuild({
    compiler,
    adapter,
    select: Object.keys(compiler.manifest.nodes),
    command,
    threads: project.target.threads,
    targetDir: join(dir, 'target'),
    onRunStart: project.rootPackage.config.onRunStart,
    onRunEnd: project.rootPackage.config.onRunEnd,
    ...options,
  });
}

const statuses = (results: RunResults): Record<string, string> =>
  Object.fromEntries(results.results.map((result) => [`${result.resource_type}.${result.name}`, result.status]));

async function query(sql: string): Promise<unknown[]> {
  return (await adapter.execute(sql)).rows;
}

describe('building the shop fixture project', () => {
  it('seeds, builds every materialization, snapshots and tests in one build', async () => {
    const results = await buildProject();
    const byId = statuses(results);
    expect(Object.values(byId).every((status) => status === 'success' || status === 'pass'), JSON.stringify(results.results.filter((r) => r.status !== 'success' && r.status !== 'pass').map((r) => r.message))).toBe(true);
    expect(byId['model.paid_orders']).toBeUndefined();
    expect(byId['seed.raw_customers']).toBe('success');
    expect(byId['snapshot.customers_snapshot']).toBe('success');
    expect(byId['test.assert_no_negative_amounts']).toBe('pass');

    expect(await query('select customer_id, name, lifetime_value from main.dim_customers order by customer_id')).toEqual([
      { customer_id: 1, name: 'Ada', lifetime_value: 15.5 },
      { customer_id: 2, name: 'Bob', lifetime_value: 0 },
      { customer_id: 3, name: 'Cy, Jr.', lifetime_value: 50 },
    ]);
    expect(await query('select order_id from main.fct_orders order by 1')).toEqual([{ order_id: 10 }, { order_id: 11 }, { order_id: 13 }]);
    expect(await query('select count(*) as n from snapshots.customers_snapshot')).toEqual([{ n: 3 }]);
    expect(await query('select event from main.run_log')).toEqual([{ event: 'start' }, { event: 'end' }]);
  });

  it('a second build after new data merges the incremental model and versions the snapshot', async () => {
    await buildProject();
    writeFileSync(join(dir, 'seeds', 'raw_orders.csv'), 'order_id,customer_id,amount_cents,status\n10,1,1250,paid\n11,1,300,refunded\n13,3,5000,paid\n14,2,700,paid\n');
    writeFileSync(
      join(dir, 'seeds', 'raw_customers.csv'),
      'id,name,country,updated_at\n1,Ada,de,2024-02-01 00:00:00\n2,Bob,de,2024-01-01 00:00:00\n3,"Cy, Jr.",us,2024-01-01 00:00:00\n',
    );
    const results = await buildProject();
    expect(results.results.filter((result) => result.status === 'error' || result.status === 'fail')).toEqual([]);
    expect(await query('select order_id, amount from main.fct_orders order by 1')).toEqual([
      { order_id: 10, amount: 12.5 },
      { order_id: 11, amount: 3 },
      { order_id: 13, amount: 50 },
      { order_id: 14, amount: 7 },
    ]);
    expect(await query("select country, dbt_valid_to is null as current from snapshots.customers_snapshot where customer_id = 1 order by dbt_valid_from")).toEqual([
      { country: 'fr', current: false },
      { country: 'de', current: true },
    ]);
    // the YAML-configured snapshot (check strategy on status, hard_deletes: new_record)
    expect(await query('select order_id, status, dbt_is_deleted, dbt_valid_to is null as current from main_snapshots.orders_snapshot order by order_id, dbt_valid_from')).toEqual([
      { order_id: 10, status: 'paid', dbt_is_deleted: 'False', current: true },
      { order_id: 11, status: 'paid', dbt_is_deleted: 'False', current: false },
      { order_id: 11, status: 'refunded', dbt_is_deleted: 'False', current: true },
      { order_id: 12, status: 'refunded', dbt_is_deleted: 'False', current: false },
      { order_id: 12, status: 'refunded', dbt_is_deleted: 'True', current: true },
      { order_id: 13, status: 'paid', dbt_is_deleted: 'False', current: true },
      { order_id: 14, status: 'paid', dbt_is_deleted: 'False', current: true },
    ]);
  });

  it('a failing test in build skips the models downstream of the tested model', async () => {
    writeFileSync(join(dir, 'seeds', 'raw_customers.csv'), 'id,name,country,updated_at\n1,Ada,fr,2024-01-01\n1,Ada again,xx,2024-01-01\n');
    const results = await buildProject();
    const byId = statuses(results);
    expect(byId['test.unique_stg_customers_customer_id']).toBe('fail');
    expect(byId['test.accepted_values_stg_customers_country__fr__de__us']).toBe('fail');
    expect(byId['model.dim_customers']).toBe('skipped');
    expect(byId['snapshot.customers_snapshot']).toBe('skipped');
    expect(byId['model.fct_orders']).toBe('success');
  });

  it('running the same build twice gives identical tables', async () => {
    const snapshotTables = async (): Promise<Record<string, unknown[]>> => {
      const tables: Record<string, unknown[]> = {};
      for (const schema of ['main', 'snapshots', 'main_snapshots']) {
        for (const relation of await adapter.listRelations(null, schema)) {
          if (relation.identifier === 'run_log') continue;
          tables[`${schema}.${relation.identifier}`] = await query(`select * from "${schema}"."${relation.identifier}" order by all`);
        }
      }
      return tables;
    };
    expect(statuses(await buildProject())['model.dim_customers']).toBe('success');
    const first = await snapshotTables();
    expect(statuses(await buildProject())['model.dim_customers']).toBe('success');
    expect(await snapshotTables()).toEqual(first);
    expect(Object.keys(first).sort()).toEqual(['main.dim_customers', 'main.fct_orders', 'main.raw_customers', 'main.raw_orders', 'main.stg_customers', 'main.stg_orders', 'main_snapshots.orders_snapshot', 'snapshots.customers_snapshot']);
  });
});
