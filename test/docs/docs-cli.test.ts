/**
 * `dailies docs generate|serve` on the small shop project: the site's files, dbt's catalog.json,
 * dashboards from an exposure's meta, and the local server.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JS build script without types
import { buildSite } from '../../scripts/build-site.js';
import { main } from '../../src/cli/main.js';
import { SITE_ASSETS_DIR } from '../../src/docs/index.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
let projectDir: string;

async function dailies(argv: string[], signal = new AbortController().signal, onOutput?: (text: string) => void): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    cwd: projectDir,
    env: { HOME: projectDir },
    stdout: (text) => {
      stdout += text;
      onOutput?.(stdout);
    },
    stderr: (text) => (stderr += text),
    signal,
  });
  return { code, stdout, stderr };
}

const DASHBOARD_YML = `version: 2
exposures:
  - name: sales
    type: dashboard
    owner: {name: Sales}
    depends_on: [ref('fct_orders')]
    meta:
      dashboards:
        - name: orders_by_customer
          title: Orders by customer
          query: select customer_id, count(*) as orders, 'all' as period from {{ ref('fct_orders') }} group by 1
          chart: {type: bar, category: customer_id, value: orders, period: period, top: 5}
        - name: broken
          title: A query that fails
          query: select no_such_column from {{ ref('fct_orders') }}
          chart: {type: heatmap, x: a, y: b, value: c}
`;

beforeAll(async () => {
  // npm ci builds the app through `prepare`; build it here when a checkout has not.
  if (!existsSync(path.join(SITE_ASSETS_DIR, 'index.html'))) await buildSite();
  projectDir = mkdtempSync(path.join(os.tmpdir(), 'dailies-docs-cli-'));
  cpSync(path.join(repoRoot, 'test/fixtures/run/shop'), projectDir, { recursive: true });
  writeFileSync(
    path.join(projectDir, 'profiles.yml'),
    'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: shop.duckdb\n      schema: main\n      threads: 2\n',
  );
  writeFileSync(path.join(projectDir, 'models', 'dashboards.yml'), DASHBOARD_YML);
  const built = await dailies(['build']);
  expect(built.code, built.stdout + built.stderr).toBe(0);
}, 60_000);

afterAll(() => rmSync(projectDir, { recursive: true, force: true }));

describe('dailies docs', () => {
  it('needs generate or serve', async () => {
    const { code, stderr } = await dailies(['docs']);
    expect(code).toBe(2);
    expect(stderr).toContain("'dailies docs' needs 'generate' or 'serve'");
  });

  it('generate writes the app, the site JSON, dashboards data and dbt-shaped artifacts', async () => {
    const { code, stdout, stderr } = await dailies(['docs', 'generate']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Wrote the docs site in [\d.]+s → target\/site \(\d+ relations in the catalog, 1\/2 dashboards with data/);
    // a dashboard whose query fails is reported, and the rest of the site is written
    expect(stderr).toMatch(/Warning: dashboard 'broken' has no data: .*no_such_column/);
    const site = path.join(projectDir, 'target', 'site');
    for (const file of ['index.html', 'app.js', 'app.css', 'data/site.json', 'manifest.json', 'run_results.json', 'catalog.json']) expect(existsSync(path.join(site, file)), file).toBe(true);
    const catalog = JSON.parse(readFileSync(path.join(site, 'catalog.json'), 'utf8'));
    expect(catalog.metadata.dbt_schema_version).toBe('https://schemas.getdbt.com/dbt/catalog/v1.json');
    const orders = catalog.nodes['model.shop.fct_orders'];
    // the database as dbt-duckdb names it (the profile's file, shop.duckdb), as in manifest.json
    expect(orders.metadata).toMatchObject({ type: 'BASE TABLE', database: 'shop', schema: 'main', name: 'fct_orders' });
    expect(JSON.parse(readFileSync(path.join(site, 'manifest.json'), 'utf8')).nodes['model.shop.fct_orders']).toMatchObject({ database: 'shop', relation_name: '"shop"."main"."fct_orders"' });
    expect(Object.values(orders.columns as Record<string, { index: number }>).map((column) => column.index)).toEqual(Object.keys(orders.columns).map((_, i) => i + 1));
    expect(orders.stats.row_count.value).toBeGreaterThan(0);
    expect(catalog.nodes['seed.shop.raw_orders'].stats.row_count.value).toBe(readFileSync(path.join(projectDir, 'seeds', 'raw_orders.csv'), 'utf8').trim().split('\n').length - 1);
    const dashboard = JSON.parse(readFileSync(path.join(site, 'data', 'dashboards', 'orders_by_customer.json'), 'utf8'));
    expect(dashboard.columns).toEqual(['customer_id', 'orders', 'period']);
    expect(dashboard.rows.reduce((sum: number, row: unknown[]) => sum + Number(row[1]), 0)).toBe(orders.stats.row_count.value);
    const data = JSON.parse(readFileSync(path.join(site, 'data', 'site.json'), 'utf8'));
    expect(data.dashboards[0]).toMatchObject({ name: 'orders_by_customer', hasData: true, exposure: 'exposure.shop.sales' });
    expect(data.dashboards[0].query).toBeUndefined();
    expect(data.dashboards[1]).toMatchObject({ name: 'broken', hasData: false });
    expect(existsSync(path.join(site, 'data', 'dashboards', 'broken.json'))).toBe(false);
    expect(data.project.hasState).toBe(false);
  });

  it('generate compares with a previous manifest given by --state', async () => {
    const state = mkdtempSync(path.join(os.tmpdir(), 'dailies-docs-state-'));
    try {
      const manifest = JSON.parse(readFileSync(path.join(projectDir, 'target', 'manifest.json'), 'utf8'));
      manifest.nodes['model.shop.fct_orders'].raw_code = 'select 1 as order_id';
      manifest.nodes['model.shop.fct_orders'].checksum.checksum = 'older';
      writeFileSync(path.join(state, 'manifest.json'), JSON.stringify(manifest));
      expect((await dailies(['docs', 'generate', '--state', state])).code).toBe(0);
      const data = JSON.parse(readFileSync(path.join(projectDir, 'target', 'site', 'data', 'site.json'), 'utf8'));
      expect(data.project.hasState).toBe(true);
      expect(data.stateChanges['model.shop.fct_orders']).toEqual({ status: 'modified', reasons: ['body'] });
      expect(data.stateChanges['model.shop.stg_orders'].status).toBe('unchanged');
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  });

  it('serve serves the site on 127.0.0.1 and nothing outside it, until interrupted', async () => {
    const controller = new AbortController();
    let url = '';
    const ready = new Promise<void>((resolve) => {
      void dailies(['docs', 'serve', '--port', '0'], controller.signal, (text) => {
        const found = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(text);
        if (found) {
          url = found[1]!;
          resolve();
        }
      }).then(result => (finished = result.code));
    });
    let finished: number | undefined;
    await ready;
    const index = await fetch(url);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect((await fetch(`${url}data/site.json`)).status).toBe(200);
    expect((await fetch(`${url}..%2fprofiles.yml`)).status).toBe(403);
    expect((await fetch(`${url}missing.json`)).status).toBe(404);
    expect((await fetch(url, { method: 'POST' })).status).toBe(405);
    controller.abort();
    await expect.poll(() => finished).toBe(0);
  });

  it('refuses a dashboard whose chart it cannot draw, naming the file and line', async () => {
    writeFileSync(path.join(projectDir, 'models', 'dashboards.yml'), DASHBOARD_YML.replace('type: bar', 'type: pie'));
    try {
      const { code, stderr } = await dailies(['docs', 'generate']);
      expect(code).toBe(1);
      expect(stderr).toMatch(/models\/dashboards\.yml:\d+: exposure 'sales': dashboard 'orders_by_customer': chart\.type must be heatmap or bar \(got 'pie'\)/);
    } finally {
      writeFileSync(path.join(projectDir, 'models', 'dashboards.yml'), DASHBOARD_YML);
    }
  });
});
