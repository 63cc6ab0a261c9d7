/**
 * Golden PR comments (test/review/report/goldens/*.md): the comment for each situation in
 * golden-reviews.ts, rendered as the Action renders it for a public repository (sample rows
 * masked, shortened to GitHub's comment limit). `UPDATE_GOLDENS=1 npx vitest run test/review/report`
 * rewrites them; the assertions below state what each must show whatever its exact text.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../src/review/report/index.js';
import { GOLDEN_REVIEWS } from './golden-reviews.js';

const dir = path.join(import.meta.dirname, 'goldens');
const GITHUB_COMMENT_LIMIT = 65_536;

function comment(name: keyof typeof GOLDEN_REVIEWS): string {
  return renderReport(GOLDEN_REVIEWS[name](), { sampleRows: 'masked', fullReportUrl: 'https://github.com/acme/shop/actions/runs/42' }).markdown;
}

describe('golden comments', () => {
  for (const name of Object.keys(GOLDEN_REVIEWS) as (keyof typeof GOLDEN_REVIEWS)[]) {
    it(`${name} matches goldens/${name}.md`, () => {
      const markdown = comment(name);
      const file = path.join(dir, `${name}.md`);
      if (process.env.UPDATE_GOLDENS || !existsSync(file)) writeFileSync(file, markdown);
      expect(markdown).toBe(readFileSync(file, 'utf8'));
      expect(markdown.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
      expect(markdown).not.toMatch(/~\d/);
    });
  }

  it('one model: rows changed in the table, the dashboard with owner and link, no e-mail in clear', () => {
    const markdown = comment('one-model-change');
    expect(markdown).toContain('| 403 → 403 (±0) | **331 changed** |');
    expect(markdown).toContain('### Dashboards and other exposures affected (1)');
    expect(markdown).toContain('[**revenue_dashboard**](https://bi.example.com/revenue) (dashboard) · owner: Finance team · finance@​example.com');
    expect(markdown).not.toContain('ann@');
    expect(markdown.split('\n')[1]).toBe('## ✅ dailies: 1 model changed, 0 downstream, data changed in 1 model, 1 exposure affected, tests 2 passed / 0 failed');
    expect(markdown).toContain('1 changed · 0 downstream · 1 exposure · 1 upstream shown for context.');
    expect(markdown).toContain('🟨 changed');
  });

  it('breaking rename: the warning first, the failed models first in the table and red in the graph, no "✓ 0" for them', () => {
    const markdown = comment('breaking-rename');
    expect(markdown.indexOf('breaking change')).toBeLessThan(markdown.indexOf('| Model |'));
    const table = markdown.split('\n').filter((line) => line.startsWith('| <code>') && line.split('|').length === 7);
    expect(table[0]).toMatch(/customer_revenue.*❌ build failed.*not run \(1\)/);
    expect(table[1]).toMatch(/daily_revenue.*❌ build failed/);
    expect(table[2]).toMatch(/stg_orders.*breaking/);
    expect(markdown).not.toContain('✓ 0');
    expect(markdown).toMatch(/class n\d+,n\d+ failed/);
    expect(markdown).toContain('❌ upstream failed: <code>customer_revenue</code>');
  });

  it('failing test: the failure first, failing rows masked, the model marked failed in the graph', () => {
    const markdown = comment('failing-test');
    expect(markdown.split('\n')[1]).toMatch(/^## ❌ .*tests 1 passed \/ 1 failed$/);
    expect(markdown).toContain('| <code>customer_revenue</code> | SQL changed | 403 → 403 (±0) | **331 changed** | ✗ 1 failed ✓ 1 |');
    expect(markdown).toContain('customer_revenue #10007; failed');
    expect(markdown).not.toMatch(/(ann|bob|cid)@/);
    expect(markdown).toMatch(/\| &#35;[0-9a-f]{8} \| 2 \|/);
  });

  it('100 models: the five data changes lead the table by rows changed, and the dashboard is named', () => {
    const markdown = comment('hundred-models-five-data-changes');
    const table = markdown.split('\n').filter((line) => line.startsWith('| <code>') && line.split('|').length === 7);
    expect(table.slice(0, 5).map((line) => /<code>(model_\d+)<\/code>/.exec(line)?.[1])).toEqual(['model_042', 'model_071', 'model_093', 'model_017', 'model_058']);
    expect(table).toHaveLength(100);
    expect(markdown).toContain('[**exec_dashboard**](https://bi.example.com/exec)');
    const diffs = markdown.slice(markdown.indexOf('### Data diff'));
    for (const name of ['model_042', 'model_071', 'model_093', 'model_017', 'model_058']) expect(diffs).toContain(name);
    expect(markdown).toContain('exposure: exec_dashboard');
  });

  it('a shortened comment says what it left out and links the run that holds the whole report', () => {
    const { markdown, truncated } = renderReport(GOLDEN_REVIEWS['hundred-models-five-data-changes'](), { maxChars: 20_000, fullReportUrl: 'https://github.com/acme/shop/actions/runs/42' });
    expect(markdown.length).toBeLessThanOrEqual(20_000);
    expect(truncated.length).toBeGreaterThan(0);
    expect(markdown).toContain('[this run](https://github.com/acme/shop/actions/runs/42)');
    for (const name of ['model_042', 'model_071', 'model_093', 'model_017', 'model_058', 'exec_dashboard']) expect(markdown).toContain(name);
  });

  it('600 models: under the limit, every changed model, failure and exposure kept; only unchanged downstream rows dropped', () => {
    const markdown = comment('six-hundred-models');
    expect(markdown.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    for (let i = 0; i < 20; i++) expect(markdown).toContain(`<code>stg_${String(i).padStart(3, '0')}</code>`);
    const table = markdown.split('\n').filter((line) => line.startsWith('| <code>') && line.split('|').length === 7);
    expect(table[0]).toMatch(/stg_005.*✗ 1 failed|stg_013.*build failed/);
    expect(table.slice(0, 5).join('\n')).toMatch(/stg_002.*5,000 changed/);
    // a downstream model whose data changed is never among the rows left out
    expect(table.findIndex((line) => line.includes('mart_400'))).toBeLessThan(25);
    expect(markdown).toMatch(/\| … [\d,]+ more downstream models \| rebuilt, no data change/);
    for (const name of ['ops_dashboard', 'churn_notebook']) {
      expect(markdown).toContain(`[**${name}**]`);
      expect(markdown).toContain(`exposure: ${name}`);
    }
    expect(markdown.split('\n')[1]).toBe('## ❌ dailies: 20 models changed, 580 downstream, data changed in 4 models, 2 exposures affected, tests 18 passed / 1 failed');
  });
});
