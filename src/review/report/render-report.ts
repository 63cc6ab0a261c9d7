/**
 * The pull-request report: one Markdown document for the sticky comment, the job summary and
 * `dailies ci`. It stays under `maxChars` by leaving out the least important parts first
 * (SQL diffs, then sample rows, per-column details, lineage detail, …) and says what it left out.
 */
import type { RenderedReport, Review } from '../types.js';
import { type DiffDetail, diffSection } from './diff-section.js';
import { code } from './escape.js';
import { seconds, shortSha } from './format.js';
import { exposuresSection } from './exposures-section.js';
import { breakingNote, errorNote, headline, modeNote, productionNote, truncationNote } from './headline.js';
import { lineageSection } from './lineage-section.js';
import { masker, type Masker, type SampleRows } from './masking.js';
import { modelsTable } from './models-table.js';
import { type SqlDetail, sqlSection } from './sql-section.js';
import { failuresSection } from './tests-section.js';

/** GitHub refuses comments over 65,536 characters; leave room for a safety margin. */
export const COMMENT_MAX_CHARS = 65_000;

export interface RenderReportOptions {
  /** Longest the Markdown may be (default 65,000: GitHub's comment limit is 65,536). */
  maxChars?: number;
  /** Hidden first line the Action finds its sticky comment by (default `<!-- dailies:review -->`). */
  marker?: string;
  /** Production rows (diff samples, failing rows): shown (`on`, the default), left out, or with personal-data columns hashed. */
  sampleRows?: SampleRows;
  /** Where the whole report can be read when this one is shortened (the workflow run). */
  fullReportUrl?: string;
  /** Where this PR's docs site can be had (e.g. the workflow artifact's URL); the report links to it. */
  docsPreviewUrl?: string;
}

export const DEFAULT_MARKER = '<!-- dailies:review -->';

interface Detail {
  sql: SqlDetail;
  diff: DiffDetail;
  lineageNodes: number;
  impacts: number;
  failingRows: boolean;
  tableRows: number;
  breakingItems: number;
}

const FULL: Detail = {
  sql: 'full',
  diff: { level: 'full', samples: true, columns: 50 },
  lineageNodes: 50,
  impacts: 30,
  failingRows: true,
  tableRows: 300,
  breakingItems: 20,
};

/** Each step leaves out more; `cut` names it for the note (a later step of the same part replaces the earlier). */
const STEPS: { part: string; cut: string; apply: (detail: Detail) => Detail }[] = [
  { part: 'sql', cut: 'compiled SQL diffs shortened', apply: (d) => ({ ...d, sql: 'short' }) },
  { part: 'sql', cut: 'compiled SQL diffs', apply: (d) => ({ ...d, sql: 'none' }) },
  { part: 'samples', cut: 'sample rows', apply: (d) => ({ ...d, diff: { ...d.diff, samples: false } }) },
  { part: 'columns', cut: 'per-column details beyond the top 10', apply: (d) => ({ ...d, diff: { ...d.diff, columns: 10 } }) },
  { part: 'table', cut: 'downstream models without a data change beyond 100 table rows', apply: (d) => ({ ...d, tableRows: 100, breakingItems: 10 }) },
  { part: 'columns', cut: 'per-column details', apply: (d) => ({ ...d, diff: { ...d.diff, columns: 0 }, impacts: 5 }) },
  { part: 'lineage', cut: 'lineage diagram reduced to 15 nodes besides changes, failures and exposures', apply: (d) => ({ ...d, lineageNodes: 15 }) },
  { part: 'table', cut: 'downstream models without a data change beyond 25 table rows', apply: (d) => ({ ...d, tableRows: 25, breakingItems: 5 }) },
  { part: 'failing rows', cut: 'failing test rows', apply: (d) => ({ ...d, failingRows: false }) },
  { part: 'diffs', cut: 'data diff sections (one line per model kept)', apply: (d) => ({ ...d, diff: { ...d.diff, level: 'summary' } }) },
  { part: 'lineage', cut: 'lineage diagram', apply: (d) => ({ ...d, lineageNodes: 0, impacts: 0 }) },
  { part: 'diffs', cut: 'data diff', apply: (d) => ({ ...d, diff: { ...d.diff, level: 'none' } }) },
];

function footer(review: Review): string {
  const t = review.timings;
  const parts = [
    `compile ${seconds(t.compileSeconds)}`,
    `build ${seconds(t.buildSeconds)}`,
    `diff ${seconds(t.diffSeconds)}`,
    `total ${seconds(t.totalSeconds)}`,
    `${code(review.project)} at ${code(shortSha(review.head.sha))}`,
  ];
  return `---\n<sub>dailies · ${parts.join(' · ')}</sub>\n`;
}

/** Renders sections once per detail level: shrinking re-composes the report many times. */
type SectionCache = Map<string, string>;

function cached(cache: SectionCache, key: string, render: () => string): string {
  let text = cache.get(key);
  if (text === undefined) {
    text = render();
    cache.set(key, text);
  }
  return text;
}

interface Context {
  marker: string;
  mask: Masker;
  fullReportUrl?: string;
  docsPreviewUrl?: string;
}

/** One line linking the docs site built from this PR (lineage, column docs, dashboards). */
export function docsPreviewNote(url: string | undefined): string {
  if (!url) return '';
  return `📚 [Docs preview](${url.replace(/[()\s]/g, encodeURIComponent)}): this pull request's docs site (a workflow artifact: unzip it and run \`npx dailies docs serve --out <folder>\`).\n`;
}

function compose(review: Review, detail: Detail, context: Context, truncated: string[], cache: SectionCache): string {
  const full = review.mode === 'full';
  const { mask } = context;
  const sections = [
    headline(review, context.marker),
    errorNote(review),
    modeNote(review),
    productionNote(review, detail.breakingItems),
    cached(cache, `breaking:${detail.breakingItems}`, () => breakingNote(review, detail.breakingItems)),
    truncationNote(truncated, context.fullReportUrl),
    cached(cache, `table:${detail.tableRows}`, () => modelsTable(review, detail.tableRows)),
    full ? cached(cache, `failures:${detail.failingRows}`, () => failuresSection(review, detail.failingRows, mask)) : '',
    cached(cache, 'exposures', () => exposuresSection(review)),
    full ? cached(cache, `diff:${JSON.stringify(detail.diff)}`, () => diffSection(review, detail.diff, mask)) : '',
    cached(cache, `lineage:${detail.lineageNodes}:${detail.impacts}`, () => lineageSection(review, detail.lineageNodes, detail.impacts)),
    cached(cache, `sql:${detail.sql}`, () => sqlSection(review, detail.sql)),
    docsPreviewNote(context.docsPreviewUrl),
    footer(review),
  ];
  // One blank line between sections, whatever each ends with.
  const parts = sections.filter((section) => section !== '').map((section) => section.replace(/\n+$/, ''));
  return `${parts.join('\n\n')}\n`;
}

/** Last resort: cut at a line boundary and close what is open, keeping the headline and table. */
function hardCut(markdown: string, maxChars: number): string {
  const note = '\n\n_… the rest of this report was cut to fit a GitHub comment._\n';
  let cut = markdown.slice(0, Math.max(0, maxChars - note.length - 200));
  cut = cut.slice(0, Math.max(0, cut.lastIndexOf('\n')));
  const fences = cut.match(/^`{3,}/gm) ?? [];
  if (fences.length % 2 === 1) cut += `\n${fences[fences.length - 1]}`;
  const open = (cut.match(/<details/g) ?? []).length - (cut.match(/<\/details>/g) ?? []).length;
  for (let i = 0; i < open; i++) cut += '\n</details>';
  return `${cut}${note}`;
}

export function renderReport(review: Review, options: RenderReportOptions = {}): RenderedReport {
  const maxChars = options.maxChars ?? COMMENT_MAX_CHARS;
  const context: Context = { marker: options.marker ?? DEFAULT_MARKER, mask: masker(options.sampleRows ?? 'on'), fullReportUrl: options.fullReportUrl, docsPreviewUrl: options.docsPreviewUrl };
  let detail = FULL;
  const cuts = new Map<string, string>();
  const cache: SectionCache = new Map();
  let bare = compose(review, detail, context, [], cache);
  let markdown = bare;
  for (const step of STEPS) {
    if (markdown.length <= maxChars) break;
    detail = step.apply(detail);
    const shorter = compose(review, detail, context, [], cache);
    // A step that changes nothing (no SQL diffs to cut, say) is not reported as a cut.
    if (shorter.length < bare.length) {
      cuts.delete(step.part);
      cuts.set(step.part, step.cut);
    }
    bare = shorter;
    markdown = compose(review, detail, context, [...cuts.values()], cache);
  }
  const truncated = [...cuts.values()];
  if (markdown.length > maxChars) {
    truncated.push('the end of the report');
    markdown = hardCut(compose(review, detail, context, truncated, cache), maxChars);
  }
  return { markdown, truncated };
}
