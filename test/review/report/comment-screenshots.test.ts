/**
 * The golden comments rendered as GitHub shows them — Markdown (GFM, inline HTML kept) with each
 * ```mermaid block drawn by Mermaid — in Debian's Chromium (playwright-core, no network: Mermaid
 * comes from node_modules). Checks that every lineage diagram renders without an error, draws the
 * nodes the Markdown declares, and marks failed nodes; writes a screenshot of each to
 * target/screenshots/ for a human look.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { marked } from 'marked';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/review/report/index.js';
import { GOLDEN_REVIEWS } from './golden-reviews.js';

const CHROMIUM = '/usr/bin/chromium';
const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const mermaidScript = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
const outDir = path.join(repoRoot, 'target', 'screenshots');

let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  mkdirSync(outDir, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

function page(markdown: string): string {
  const body = marked.parse(markdown, { gfm: true, async: false }) as string;
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    body { font: 14px -apple-system, "Segoe UI", sans-serif; max-width: 1000px; margin: 16px; color: #1f2328; }
    table { border-collapse: collapse; } td, th { border: 1px solid #d1d9e0; padding: 4px 10px; }
    code { background: #eff1f3; padding: 1px 4px; border-radius: 4px; }
  </style></head><body>${body}</body></html>`;
}

describe.runIf(existsSync(CHROMIUM))('golden comments as GitHub renders them', () => {
  for (const name of Object.keys(GOLDEN_REVIEWS) as (keyof typeof GOLDEN_REVIEWS)[]) {
    it(`${name}: the lineage diagram renders without errors`, async () => {
      const markdown = renderReport(GOLDEN_REVIEWS[name](), { sampleRows: 'masked' }).markdown;
      const declared = /```mermaid\n([\s\S]*?)```/.exec(markdown)?.[1] ?? '';
      const nodes = new Set([...declared.matchAll(/^ {2}(n\d+|more)[[{(]/gm)].map((match) => match[1]));
      const failedClass = /class ([\w,]+) failed$/m.exec(declared)?.[1]?.split(',') ?? [];
      const tab = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      try {
        const errors: string[] = [];
        tab.on('pageerror', (error) => errors.push(error.message));
        await tab.setContent(page(markdown));
        await tab.addScriptTag({ path: mermaidScript });
        const result = await tab.evaluate(async () => {
          const mermaid = (globalThis as unknown as { mermaid: { initialize(config: object): void; run(options: object): Promise<void> } }).mermaid;
          // the page's DOM (this function runs in the browser; the tests compile without DOM types)
          const document = (globalThis as unknown as { document: any }).document;
          const blocks = [...document.querySelectorAll('code.language-mermaid')] as any[];
          for (const code of blocks) {
            const pre = document.createElement('pre');
            pre.className = 'mermaid';
            pre.textContent = code.textContent;
            code.parentElement!.replaceWith(pre);
          }
          mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
          let error = '';
          try {
            await mermaid.run({ querySelector: 'pre.mermaid', suppressErrors: false });
          } catch (caught) {
            error = String(caught);
          }
          const svg = document.querySelector('pre.mermaid svg');
          return {
            blocks: blocks.length,
            error,
            svgNodes: svg ? svg.querySelectorAll('g.node').length : -1,
            failedNodes: svg ? svg.querySelectorAll('g.node.failed').length : -1,
            text: document.body.innerText,
          };
        });
        await tab.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: false });
        if (result.svgNodes > 0) await tab.locator('pre.mermaid').screenshot({ path: path.join(outDir, `${name}-lineage.png`) });
        expect(errors).toEqual([]);
        expect(result.error).toBe('');
        expect(result.blocks).toBe(1);
        expect(result.svgNodes).toBe(nodes.size);
        expect(result.failedNodes).toBe(failedClass.length);
        expect(result.text).not.toMatch(/Syntax error in text|mermaid version/i);
        expect(result.text).toMatch(/Dashboards and other exposures affected/);
      } finally {
        await tab.close();
      }
    }, 60_000);
  }
});
