/** Compiled-SQL diffs (base → head) of the changed models, each collapsible, in ```diff blocks. */
import type { Review } from '../types.js';
import { count, plural } from './format.js';
import { fence, html } from './escape.js';
import { nameOf } from './review-facts.js';

/** `full`: up to 300 lines per model; `short`: 40; `none`: left out. */
export type SqlDetail = 'full' | 'short' | 'none';

const LINES: Record<Exclude<SqlDetail, 'none'>, number> = { full: 300, short: 40 };

export function sqlSection(review: Review, detail: SqlDetail): string {
  const entries = Object.entries(review.sqlDiffs).filter(([, patch]) => patch.trim() !== '');
  if (entries.length === 0 || detail === 'none') return '';
  const maxLines = LINES[detail];
  const parts = ['### Compiled SQL changes', ''];
  for (const [uniqueId, patch] of entries) {
    const lines = patch.replace(/\n$/, '').split('\n');
    const shown = lines.slice(0, maxLines).join('\n');
    const cut = lines.length > maxLines ? `\n… ${plural(lines.length - maxLines, 'more line')}` : '';
    parts.push(`<details><summary>${html(nameOf(review, uniqueId))} (${count(lines.length)} lines)</summary>`, '', fence(`${shown}${cut}`, 'diff'), '', '</details>', '');
  }
  return `${parts.join('\n')}\n`;
}
