/** The table of changed and impacted models: what changed and why, rows prod → PR, tests. */
import type { ChangedNode, ModelDiff, Review } from '../types.js';
import { code, text } from './escape.js';
import { changeWords, count, signed } from './format.js';
import { isFailure, isTest, nameOf } from './review-facts.js';

interface TableRow {
  uniqueId: string;
  change: ChangedNode | null;
}

function rowsOf(review: Review): TableRow[] {
  const rows: TableRow[] = review.changes.filter((change) => change.resourceType !== 'test').map((change) => ({ uniqueId: change.uniqueId, change }));
  const listed = new Set(rows.map((row) => row.uniqueId));
  for (const id of review.impacted) {
    if (!listed.has(id)) {
      listed.add(id);
      rows.push({ uniqueId: id, change: null });
    }
  }
  return rows;
}

function reasonCell(row: TableRow): string {
  if (!row.change) return 'downstream of a change';
  const words = changeWords(row.change).map((word) => word);
  if (row.change.reasons.includes('macros') && row.change.changedMacros.length > 0) {
    const macros = row.change.changedMacros.slice(0, 3).map(code).join(', ');
    const more = row.change.changedMacros.length > 3 ? ` +${row.change.changedMacros.length - 3}` : '';
    return words.map((word) => (word === 'macro changed' ? `macro changed: ${macros}${more}` : word)).join('; ');
  }
  return words.join('; ');
}

function rowsCell(review: Review, diff: ModelDiff | undefined, uniqueId: string): string {
  const build = review.builds.find((outcome) => outcome.uniqueId === uniqueId);
  if (build && build.status === 'error') return '❌ build failed';
  if (build && build.status === 'skipped') return 'skipped';
  if (!diff) return '—';
  if (diff.error) return '⚠️ diff failed';
  if (!diff.prodExists || diff.rowCounts.prod === null) return `new → ${count(diff.rowCounts.pr)}`;
  return `${count(diff.rowCounts.prod)} → ${count(diff.rowCounts.pr)} (${signed(diff.rowCounts.pr - diff.rowCounts.prod)})`;
}

function testsCell(review: Review, uniqueId: string): string {
  const tests = review.builds.filter((build) => isTest(build) && build.attachedNode === uniqueId);
  if (tests.length === 0) return '—';
  const failed = tests.filter(isFailure).length;
  const warned = tests.filter((test) => test.status === 'warn').length;
  const passed = tests.length - failed - warned - tests.filter((test) => test.status === 'skipped').length;
  const parts = [`✓ ${count(passed)}`];
  if (failed > 0) parts.push(`✗ ${count(failed)}`);
  if (warned > 0) parts.push(`⚠ ${count(warned)}`);
  return parts.join(' ');
}

export function modelsTable(review: Review, maxRows: number): string {
  const rows = rowsOf(review);
  if (rows.length === 0) return '_No models changed._\n';
  const breaking = new Set(review.lineage.breaking.map((change) => change.uniqueId));
  const diffs = new Map(review.diffs.map((diff) => [diff.uniqueId, diff]));
  const lines = ['| Model | Change | Rows prod → PR | Tests |', '|---|---|---:|---|'];
  for (const row of rows.slice(0, maxRows)) {
    const flag = breaking.has(row.uniqueId) ? ' ⚠️ **breaking**' : '';
    const kind = row.change && row.change.resourceType !== 'model' ? ` (${text(row.change.resourceType)})` : '';
    lines.push(`| ${code(nameOf(review, row.uniqueId))}${kind}${flag} | ${reasonCell(row)} | ${rowsCell(review, diffs.get(row.uniqueId), row.uniqueId)} | ${testsCell(review, row.uniqueId)} |`);
  }
  if (rows.length > maxRows) lines.push(`| … ${count(rows.length - maxRows)} more | | | |`);
  return `${lines.join('\n')}\n`;
}
