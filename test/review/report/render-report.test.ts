import { describe, expect, it } from 'vitest';
import { renderReport, renderSummaryLine } from '../../../src/review/report/index.js';
import { changed, keyedDiff, sampleReview } from './review-fixture.js';

describe('renderReport', () => {
  const { markdown, truncated } = renderReport(sampleReview());
  const lines = markdown.split('\n');

  it('starts with the hidden marker and a headline with the status and the numbers', () => {
    expect(lines[0]).toBe('<!-- dailies:review -->');
    expect(lines[1]).toBe('## ❌ dailies: 3 models changed, 1 downstream, data changed in 1 model, 1 exposure affected, tests 2 passed / 1 failed');
    expect(markdown).toContain('PR schema <code>pr_42</code> vs production <code>analytics</code>');
    expect(markdown).toContain('#42 Rework movies');
    expect(truncated).toEqual([]);
  });

  it('links the docs preview of the pull request just above the footer, only when given one', () => {
    expect(markdown).not.toContain('Docs preview');
    const url = 'https://github.com/o/r/actions/runs/1/artifacts/2';
    const withPreview = renderReport(sampleReview(), { docsPreviewUrl: url }).markdown;
    const note = withPreview.indexOf(`📚 [Docs preview](${url})`);
    expect(note).toBeGreaterThan(withPreview.indexOf('| Model |'));
    expect(note).toBeLessThan(withPreview.indexOf('<sub>dailies ·'));
  });

  it('calls out breaking changes before the table', () => {
    const warning = markdown.indexOf('> [!WARNING]');
    expect(warning).toBeGreaterThan(0);
    expect(warning).toBeLessThan(markdown.indexOf('| Model |'));
    expect(markdown).toContain('> - <code>stg_movies</code>: column <code>genres</code> removed, used by <code>fct_ratings</code>');
  });

  it('lists changed and impacted models with the reason, rows prod → PR and tests', () => {
    const table = lines.filter((line) => line.startsWith('| <code>') && line.split('|').length === 7);
    // most important first: the failure, the breaking change with its data change, the new model, the rest
    expect(table).toEqual([
      '| <code>fct_ratings</code> | downstream of a change | — | — | ✗ 1 failed |',
      '| <code>stg_movies</code> ⚠️ **breaking** | SQL changed | 1,000 → 1,020 (+20) | **10 changed** · 25 added · 5 removed · 2 column changes | ✓ 2 |',
      '| <code>dim_users</code> | new | new: 50 | — | — |',
      '| <code>int_tags</code> | macro changed: <code>macro.movies.clean</code> | — | — | — |',
    ]);
  });

  it('shows failing tests with their failing rows as a table', () => {
    expect(markdown).toContain('### ❌ 1 failing test');
    expect(markdown).toMatch(/- \*\*fail\*\* <code>not_null_fct_ratings_rating<\/code> on <code>fct_ratings<\/code> — 2 failing rows/);
    expect(lines).toContain('| rating_id | rating |');
    expect(lines).toContain('| 7 | <i>null</i> |');
  });

  it('puts each model diff in a details section with schema changes, counts, per-column counts and samples', () => {
    expect(markdown).toContain('<details><summary><b>stg_movies</b> — 1,000 → 1,020 rows · 10 changed · 25 added · 5 removed · 2 schema changes</summary>');
    expect(markdown).toContain('- added <code>runtime</code> <code>INTEGER</code>');
    expect(markdown).toContain('- removed <code>genres</code> <code>VARCHAR</code>');
    expect(lines).toContain('| 25 | 5 | 10 | 965 |');
    expect(lines).toContain('| <code>title</code> | 7 |');
    expect(lines).toContain('| <code>year</code> | 3 |');
    expect(markdown).not.toContain('| <code>rating</code> | 0 |');
    expect(lines).toContain('| 2001 | New film | 2024 |');
    expect(lines).toContain('| movie_id=3 | <code>title</code> | Old title | New title |');
    expect(markdown).toContain('<details><summary><b>dim_users</b> — new model, 50 rows</summary>');
    expect((markdown.match(/<details/g) ?? []).length).toBe((markdown.match(/<\/details>/g) ?? []).length);
  });

  it('draws the lineage as a mermaid block and shows compiled SQL diffs in diff blocks', () => {
    expect(markdown).toMatch(/```mermaid\nflowchart LR\n/);
    expect(markdown).toContain('n2{{"exposure: board"}}'.replace('board', 'dashboard'));
    expect(markdown).toContain('```diff\n--- a/models/stg_movies.sql');
    expect(markdown).toContain('+select movie_id, title, runtime');
  });

  it('ends with a footer of timings', () => {
    expect(markdown).toMatch(/<sub>dailies · compile 1\.2 s · build 3\.4 s · diff 800 ms · total 5\.9 s · <code>movies<\/code> at <code>bbbbbbb<\/code><\/sub>\n$/);
  });

  it('uses a custom marker', () => {
    expect(renderReport(sampleReview(), { marker: '<!-- other -->' }).markdown.split('\n')[0]).toBe('<!-- other -->');
  });
});

describe('renderReport modes', () => {
  it('says clearly in lineage-only mode that no data was built, and why', () => {
    const review = sampleReview({ status: 'success', mode: 'lineage-only', modeReason: 'This pull request comes from a fork.', builds: [], diffs: [] });
    const { markdown } = renderReport(review);
    expect(markdown.split('\n')[1]).toBe('## ✅ dailies: 3 models changed, 1 downstream, 1 exposure affected, data not built');
    expect(markdown).toContain('**Lineage only: no data was built**');
    expect(markdown).toContain('This pull request comes from a fork.');
    expect(markdown).not.toContain('Data diff');
    expect(markdown).toContain('```mermaid');
  });

  it('renders an error with where it happened and how to retry', () => {
    const review = sampleReview({ status: 'error', error: { message: 'cannot open DuckDB database prod.duckdb', file: 'profiles.yml', line: 4, hint: 'check the path' } });
    const { markdown } = renderReport(review);
    expect(markdown.split('\n')[1]).toMatch(/^## ⚠️ dailies:/);
    expect(markdown).toContain('> **The review failed** (<code>profiles.yml&#58;4</code>): cannot open DuckDB database prod.duckdb');
    expect(markdown).toContain('> **To retry:** check the path');
  });

  it('summarises a review in one line for logs', () => {
    expect(renderSummaryLine(sampleReview())).toBe('dailies failure, 3 changed, 1 downstream, 1 exposure, tests 2 passed / 1 failed, 1 breaking change');
  });
});

describe('renderReport escaping', () => {
  const hostile = `x";$(id);#'`;
  const closer = '</details><script>alert(1)</script>';
  const review = sampleReview({
    pr: { number: 7, title: `Fix @team *now* | [link](http://x) ${closer}`, branch: 'evil`branch', url: null },
    changes: [changed(hostile), changed(closer)],
    impacted: [],
    diffs: [
      keyedDiff(closer, {
        keyed: { ...keyedDiff('x').keyed!, samples: { added: [{ 'a|b': '```\n</details>', c: '`` ` ``' }], removed: [], changed: [] } },
      }),
    ],
    sqlDiffs: { [`model.movies.${closer}`]: '--- a\n+++ b\n@@ -1 +1 @@\n-select 1\n+select \'````\' as fence -- </details>\n' },
  });
  const { markdown } = renderReport(review);

  it('escapes hostile names everywhere they appear', () => {
    expect(markdown).not.toContain('<script>');
    expect(markdown).toContain('<code>x&quot;;&#36;(id);&#35;&#39;</code>');
    expect(markdown).not.toContain(hostile);
    expect(markdown).not.toContain('@team');
    expect(markdown).toContain('Fix @\u200bteam &#42;now&#42; &#124; &#91;link&#93;(http&#58;//x) &lt;/details&gt;&lt;script&gt;');
    expect(markdown).not.toContain('[link]');
    expect(markdown).toContain('evil&#96;branch');
  });

  it('cannot close a details section or a code fence from the inside', () => {
    const outsideFences = markdown.replace(/^(`{3,})[a-z]*\n[\s\S]*?^\1$/gm, '');
    expect((outsideFences.match(/<\/details>/g) ?? []).length).toBe((outsideFences.match(/<details/g) ?? []).length);
    expect(markdown).toContain("`````diff\n--- a\n+++ b\n@@ -1 +1 @@\n-select 1\n+select '````' as fence -- </details>\n`````");
    expect(markdown).not.toMatch(/\| a\|b \|/);
    expect(markdown).toContain('a&#124;b');
  });
});

describe('renderReport size limit', () => {
  const columns = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`column_${i}`, i + 1]));
  const bigSql = `--- a/x.sql\n+++ b/x.sql\n@@ -1,5000 +1,5000 @@\n${Array.from({ length: 5000 }, (_, i) => `-select ${i} as old_column_${i}\n+select ${i} as new_column_${i}`).join('\n')}\n`;
  const names = Array.from({ length: 40 }, (_, i) => `model_${i}`);
  const review = sampleReview({
    changes: names.map((name) => changed(name)),
    diffs: names.map((name) => keyedDiff(name, { schema: { added: Array.from({ length: 500 }, (_, i) => ({ name: `new_${i}`, dataType: 'VARCHAR' })), removed: [], retyped: [] }, keyed: { ...keyedDiff(name).keyed!, columnChanges: columns } })),
    sqlDiffs: Object.fromEntries(names.map((name) => [`model.movies.${name}`, bigSql])),
  });

  it('stays under maxChars, keeps the headline and table, and says what it left out, least important first', () => {
    const { markdown, truncated } = renderReport(review);
    expect(markdown.length).toBeLessThanOrEqual(65_000);
    expect(markdown.split('\n')[1]).toBe('## ❌ dailies: 40 models changed, 1 downstream, data changed in 40 models, 1 exposure affected, tests 2 passed / 1 failed');
    for (const name of names) expect(markdown).toContain(`| <code>${name}</code> | SQL changed | 1,000 → 1,020 (+20) | **10 changed** · 25 added · 5 removed · 500 column changes | — |`);
    expect(truncated[0]).toBe('compiled SQL diffs');
    expect(truncated.length).toBeGreaterThan(1);
    expect(markdown).toContain('This report was shortened to fit. Left out: compiled SQL diffs');
    expect((markdown.match(/<details/g) ?? []).length).toBe((markdown.match(/<\/details>/g) ?? []).length);
  });

  it('cuts only what it must for a looser limit', () => {
    const { markdown, truncated } = renderReport(review, { maxChars: 1_000_000 });
    expect(markdown.length).toBeLessThanOrEqual(1_000_000);
    expect(truncated).toEqual([]);
    expect(markdown).toContain('… 9,703 more lines');
    expect(markdown).toContain('| … 2,950 more | |');
  });

  it('holds a tiny limit too (hard cut at a line, fences and details closed)', () => {
    const { markdown, truncated } = renderReport(review, { maxChars: 1_500 });
    expect(markdown.length).toBeLessThanOrEqual(1_500);
    expect(markdown.split('\n')[1]).toMatch(/^## ❌ dailies: 40 models changed/);
    expect(markdown.split('\n')[0]).toBe('<!-- dailies:review -->');
    expect(truncated).toContain('the end of the report');
    expect(markdown).toContain('the rest of this report was cut');
  });
});

describe('renderReport truncation notes', () => {
  it('names only the parts it actually cut', () => {
    const names = Array.from({ length: 40 }, (_, i) => `model_${i}`);
    const review = sampleReview({ changes: names.map((name) => changed(name)), diffs: names.map((name) => keyedDiff(name)), sqlDiffs: {} });
    const { markdown, truncated } = renderReport(review, { maxChars: 12_000 });
    expect(markdown.length).toBeLessThanOrEqual(12_000);
    expect(truncated).not.toContain('compiled SQL diffs');
    expect(truncated[0]).toBe('sample rows');
    expect(markdown).toContain(`Left out: ${truncated.join('; ')}.`);
  });
});
