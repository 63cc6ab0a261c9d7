/** Build errors and failing tests, with a few failing rows each. */
import type { BuildOutcome, Review } from '../types.js';
import type { Row } from '../../warehouse/adapter.js';
import { cell, clip, code, text } from './escape.js';
import { count, plural } from './format.js';
import { masker, type Masker } from './masking.js';
import { isFailure, isTest, nameOf } from './review-facts.js';

const MAX_LISTED = 30;
const MAX_ROWS = 5;
const MAX_COLUMNS = 8;

/** A small Markdown table of rows (first columns only). */
export function rowsTable(rows: Row[], maxRows = MAX_ROWS, maxColumns = MAX_COLUMNS): string {
  if (rows.length === 0) return '';
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const shown = columns.slice(0, maxColumns);
  const header = `| ${shown.map((column) => text(column)).join(' | ')}${columns.length > maxColumns ? ' | …' : ''} |`;
  const rule = `|${shown.map(() => '---').join('|')}${columns.length > maxColumns ? '|---' : ''}|`;
  const body = rows.slice(0, maxRows).map((row) => `| ${shown.map((column) => cell(row[column])).join(' | ')}${columns.length > maxColumns ? ' | …' : ''} |`);
  const more = rows.length > maxRows ? `\n_… ${plural(rows.length - maxRows, 'more row')}_` : '';
  return `${[header, rule, ...body].join('\n')}${more}\n`;
}

function failureLine(review: Review, outcome: BuildOutcome): string {
  const on = outcome.attachedNode ? ` on ${code(nameOf(review, outcome.attachedNode))}` : '';
  const failures = typeof outcome.failures === 'number' && outcome.status === 'fail' ? ` — ${plural(outcome.failures, 'failing row')}` : '';
  const where = outcome.file ? ` (${code(outcome.file)})` : '';
  const message = outcome.message ? `: ${text(clip(outcome.message, 300))}` : '';
  return `- **${outcome.status === 'error' ? 'error' : 'fail'}** ${code(outcome.name)}${on}${failures}${where}${message}`;
}

export function failuresSection(review: Review, withRows: boolean, mask: Masker = masker('on')): string {
  const buildErrors = review.builds.filter((build) => !isTest(build) && build.status === 'error');
  const failingTests = review.builds.filter((build) => isTest(build) && isFailure(build));
  if (buildErrors.length === 0 && failingTests.length === 0) return '';
  const parts: string[] = [];
  if (buildErrors.length > 0) {
    parts.push(`### ❌ ${plural(buildErrors.length, 'build error')}\n`);
    for (const outcome of buildErrors.slice(0, MAX_LISTED)) parts.push(failureLine(review, outcome));
    if (buildErrors.length > MAX_LISTED) parts.push(`- … and ${count(buildErrors.length - MAX_LISTED)} more`);
    parts.push('');
  }
  if (failingTests.length > 0) {
    parts.push(`### ❌ ${plural(failingTests.length, 'failing test')}\n`);
    for (const outcome of failingTests.slice(0, MAX_LISTED)) {
      parts.push(failureLine(review, outcome));
      if (withRows && mask.mode !== 'off' && outcome.failingRows && outcome.failingRows.length > 0) parts.push('', rowsTable(outcome.failingRows.map((row) => mask.row(row))));
    }
    if (failingTests.length > MAX_LISTED) parts.push(`- … and ${count(failingTests.length - MAX_LISTED)} more`);
    parts.push('');
  }
  return `${parts.join('\n')}\n`;
}
