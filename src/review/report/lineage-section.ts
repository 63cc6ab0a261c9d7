/**
 * The lineage diagram (Mermaid) with a legend, failed nodes marked, and below it the column-level
 * impact of removed/retyped columns. Its counts are the headline's (`reviewCounts`).
 */
import { renderMermaid } from '../lineage/mermaid.js';
import type { Review } from '../types.js';
import { code, fence } from './escape.js';
import { count, plural } from './format.js';
import { failedIds, reviewCounts } from './impact.js';
import { nameOf } from './review-facts.js';

export const LINEAGE_LEGEND =
  '<sub>🟨 changed · 🟦 downstream · ⬜ upstream, for context · 🟥 thick red border: breaking change · ✗ red: build or test failed · dashed: removed · hexagon: exposure (dashboard …) · slanted: seed · cylinder: source</sub>';

/** `maxNodes` 0 leaves the diagram out (a one-line summary stays). */
export function lineageSection(review: Review, maxNodes: number, maxImpacts: number): string {
  const { nodes } = review.lineage;
  if (nodes.length === 0) return '';
  const counts = reviewCounts(review);
  const upstream = nodes.filter((node) => node.role === 'upstream').length;
  const removed = nodes.filter((node) => node.role === 'removed').length;
  const words = [`${count(counts.changed)} changed`, `${count(counts.downstream)} downstream`];
  if (counts.exposures > 0) words.push(plural(counts.exposures, 'exposure'));
  if (removed > 0) words.push(`${count(removed)} removed`);
  words.push(`${count(upstream)} upstream shown for context`);
  const parts = ['### Lineage', '', `${words.join(' · ')}.`, ''];
  if (maxNodes > 0) parts.push(fence(renderMermaid(review.lineage, { maxNodes, failed: failedIds(review) }), 'mermaid'), '', LINEAGE_LEGEND, '');
  const impacts = review.lineage.columnImpact.filter((impact) => impact.downstream.length > 0);
  if (maxImpacts > 0 && impacts.length > 0) {
    parts.push('**Column-level impact**', '');
    for (const impact of impacts.slice(0, maxImpacts)) {
      const users = impact.downstream.slice(0, 10).map((pair) => code(nameOf(review, pair.slice(0, pair.length - impact.column.length - 1))));
      const more = impact.downstream.length > 10 ? ` and ${count(impact.downstream.length - 10)} more` : '';
      parts.push(`- ${code(nameOf(review, impact.uniqueId))}.${code(impact.column)} is read by ${users.join(', ')}${more}`);
    }
    if (impacts.length > maxImpacts) parts.push(`- … and ${count(impacts.length - maxImpacts)} more`);
    parts.push('');
  }
  return `${parts.join('\n')}\n`;
}
