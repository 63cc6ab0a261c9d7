/**
 * The top of the report: the hidden marker, the status headline, and the notes that must be seen
 * first (review error, lineage-only mode, breaking changes, what was cut to fit).
 */
import { formatPlace } from '../../errors.js';
import type { Review } from '../types.js';
import { code, text } from './escape.js';
import { count, kindWords, plural, shortSha } from './format.js';
import { reviewCounts } from './impact.js';
import { nameOf, testTotals } from './review-facts.js';

const ICON: Record<Review['status'], string> = { success: '✅', failure: '❌', error: '⚠️' };

/** The marker as an HTML comment (a bare word is wrapped; nothing inside can end the comment early). */
export function markerLine(marker: string): string {
  const trimmed = marker.trim();
  if (/^<!--[\s\S]*-->$/.test(trimmed) && !trimmed.slice(4, -3).includes('--')) return trimmed;
  return `<!-- ${trimmed.replace(/-{2,}/g, '-').replace(/[<>]/g, '')} -->`;
}

export function headline(review: Review, marker: string): string {
  const counts = reviewCounts(review);
  const parts = [`${plural(counts.changedModels, 'model')} changed`];
  for (const [kind, n] of counts.changedByType) if (kind !== 'model') parts.push(`${plural(n, ...(kindWords(kind).map(text) as [string, string]))} changed`);
  parts.push(`${count(counts.downstream)} downstream`);
  if (review.mode === 'full') parts.push(counts.dataChanged > 0 ? `data changed in ${plural(counts.dataChanged, 'model')}` : 'no data changed');
  if (counts.exposures > 0) parts.push(`${plural(counts.exposures, 'exposure')} affected`);
  if (review.mode === 'lineage-only') parts.push('data not built');
  else {
    const tests = testTotals(review.builds);
    parts.push(`tests ${count(tests.passed)} passed / ${count(tests.failed)} failed${tests.warned > 0 ? ` / ${count(tests.warned)} warned` : ''}`);
  }
  const lines = [markerLine(marker), `## ${ICON[review.status]} dailies: ${parts.join(', ')}`, ''];
  const context: string[] = [];
  if (review.pr.number !== null || review.pr.title) {
    const number = review.pr.number !== null ? `#${review.pr.number}` : 'pull request';
    context.push(`${number}${review.pr.title ? ` ${text(review.pr.title)}` : ''}`);
  }
  if (review.mode === 'full' && review.schema) context.push(`PR schema ${code(review.schema)} vs production ${code(review.prodSchema)}`);
  const head = review.pr.branch ?? review.head.ref;
  context.push(`${code(review.base.ref)} ${code(shortSha(review.base.sha))} → ${code(head)} ${code(shortSha(review.head.sha))}`);
  lines.push(context.join(' · '), '');
  return lines.join('\n');
}

export function errorNote(review: Review): string {
  if (!review.error) return '';
  const { message, file, line, hint } = review.error;
  const where = file ? ` (${code(formatPlace({ file, line }))})` : '';
  const lines = ['> [!CAUTION]', `> **The review failed**${where}: ${text(message)}`];
  lines.push(`> **To retry:** ${hint ? text(hint) : 'fix the problem above and push again, or re-run the check.'}`);
  return `${lines.join('\n')}\n`;
}

export function modeNote(review: Review): string {
  if (review.mode !== 'lineage-only') return '';
  const why = review.modeReason ? text(review.modeReason) : 'The review ran with building turned off.';
  return `> [!NOTE]\n> **Lineage only: no data was built**, so there are no test results or data diffs. ${why}\n`;
}

/** Production is behind the base: what it lacks was built in the PR too, not read from stale tables. */
export function productionNote(review: Review, maxItems: number): string {
  const behind = review.production?.behind ?? [];
  if (!review.production || behind.length === 0) return '';
  const names = behind.slice(0, maxItems).map((id) => code(id.split('.').at(-1) ?? id));
  const more = behind.length > maxItems ? ` and ${count(behind.length - maxItems)} more` : '';
  return `> [!NOTE]\n> **Production is behind**: it holds commit ${code(shortSha(review.production.commitSha))}; ${plural(behind.length, 'node')} changed since then ${behind.length === 1 ? 'was' : 'were'} built in this check too (not read from production): ${names.join(', ')}${more}.\n`;
}

export function breakingNote(review: Review, maxItems: number): string {
  const breaking = review.lineage.breaking;
  if (breaking.length === 0) return '';
  const lines = ['> [!WARNING]', `> **${plural(breaking.length, 'breaking change')}**: a column that downstream SQL uses was removed or retyped.`];
  for (const change of breaking.slice(0, maxItems)) {
    const users = change.usedBy.slice(0, 10).map((id) => code(nameOf(review, id)));
    const more = change.usedBy.length > 10 ? ` and ${count(change.usedBy.length - 10)} more` : '';
    lines.push(`> - ${code(nameOf(review, change.uniqueId))}: column ${code(change.column)} ${change.kind}, used by ${users.join(', ')}${more}`);
  }
  if (breaking.length > maxItems) lines.push(`> - … and ${count(breaking.length - maxItems)} more`);
  return `${lines.join('\n')}\n`;
}

/** `fullReportUrl`: where the whole report is (the workflow run: its job summary and the report artifact). */
export function truncationNote(truncated: string[], fullReportUrl?: string): string {
  if (truncated.length === 0) return '';
  const where = fullReportUrl
    ? `The whole report is in the job summary and the \`dailies-report\` artifact of [this run](${fullReportUrl})`
    : 'Run `dailies ci` locally for the whole report';
  return `> [!NOTE]\n> This report was shortened to fit. Left out: ${truncated.join('; ')}. ${where}.\n`;
}
