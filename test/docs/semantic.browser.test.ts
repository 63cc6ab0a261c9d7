/**
 * The semantic layer in the docs site, in a real Chromium: the semantic-layer fixture's site
 * (generated without a warehouse) lists semantic models, metrics and saved queries in the sidebar
 * and the overview, gives each a page with its definition and lineage, and the lineage graph
 * selects them with `metric:` selectors.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JS build script without types
import { buildSite } from '../../scripts/build-site.js';
import { compileProject } from '../../src/compiler/index.js';
import { generateDocs, serveSite, type SiteServer } from '../../src/docs/index.js';
import { loadProject } from '../../src/project/index.js';
import { launchChromium, type PageGlobals } from './browser.js';

const fixture = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'semantic-layer', 'project');
let dir: string;
let assets: string;
let server: SiteServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dailies-semantic-site-'));
  cpSync(fixture, dir, { recursive: true });
  assets = mkdtempSync(join(tmpdir(), 'dailies-semantic-site-assets-'));
  await buildSite(assets);
  const compiler = await compileProject(await loadProject({ projectDir: dir, env: {} }));
  await generateDocs({ compiler, targetDir: join(dir, 'target'), assetsDir: assets });
  server = await serveSite(join(dir, 'target', 'site'), 0);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  for (const folder of [dir, assets]) if (folder) rmSync(folder, { recursive: true, force: true });
});

async function open(hash: string): Promise<void> {
  await page.goto(`${server.url}${hash}`);
  await page.waitForFunction((wanted) => (globalThis as unknown as PageGlobals).document.body.dataset.route === wanted, hash);
}

describe('the semantic layer in the docs site', () => {
  it('counts and lists semantic models, metrics and saved queries', async () => {
    await open('#/');
    expect(await page.locator('.counts').innerText()).toMatch(/2\s+semantic models[\s\S]*9\s+metrics[\s\S]*2\s+saved queries/);
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).document.body.dataset.ready === '1');
    const nav = await page.locator('#nav').innerText();
    expect(nav).toMatch(/Semantic models\s+2/);
    expect(nav).toMatch(/Metrics\s+9/);
    expect(nav).toMatch(/Saved queries\s+2/);
  });

  it('shows a metric’s definition and what it depends on', async () => {
    await open(`#/node/${encodeURIComponent('metric.sl_fixture.food_ratio')}`);
    const main = page.locator('main');
    expect(await main.locator('h1').innerText()).toBe('Food ratio');
    const text = await main.innerText();
    expect(text).toMatch(/Type\s+ratio/);
    expect(text).toMatch(/Numerator\s+food_orders/);
    expect(text).toContain("Denominator\torder_count where {{ Dimension('order__is_food') }} = false");
    expect(text).toMatch(/Depends on[\s\S]*Food orders[\s\S]*Orders/);
    expect(text).not.toContain('Compiled');
  });

  it('shows a semantic model’s entities, dimensions and measures, and a saved query’s exports', async () => {
    await open(`#/node/${encodeURIComponent('semantic_model.sl_fixture.orders')}`);
    const model = await page.locator('main').innerText();
    expect(model).toMatch(/Entities[\s\S]*order\s+primary\s+order_id/);
    expect(model).toMatch(/Dimensions[\s\S]*ordered_at\s+time\s+day/);
    expect(model).toMatch(/Measures[\s\S]*order_amount_p90\s+percentile\s+amount\s+ordered_at/);
    expect(model).toMatch(/Depends on[\s\S]*orders/);
    await open(`#/node/${encodeURIComponent('saved_query.sl_fixture.order_metrics')}`);
    const query = await page.locator('main').innerText();
    expect(query).toMatch(/Metrics\s+order_total, food_orders/);
    expect(query).toMatch(/Exports[\s\S]*order_metrics_export\s+table\s+dev\.exports\.order_metrics_export/);
  });

  it('selects them in the lineage graph', async () => {
    await open(`#/lineage?select=${encodeURIComponent('+metric:food_ratio')}`);
    await page.locator('svg .node').first().waitFor();
    const labels = await page.locator('svg .node').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('aria-label')).sort());
    expect(labels).toEqual(['metric Food orders', 'metric Food ratio', 'metric Orders', 'model orders', 'semantic_model orders']);
  });
});
