/** The lineage diagram (Mermaid) and, below it, the column-level impact of removed/retyped columns. */
import { renderMermaid } from '../lineage/mermaid.js';
import type { Review } from '../types.js';
import { code, fence } from './escape.js';
import { count } from './format.js';
import { nameOf } from './review-facts.js';

/** `maxNodes` 0 leaves the diagram out (a one-line summary stays). */
export function lineageSection(review: Review, maxNodes: number, maxImpacts: number): string {
  const { nodes } = review.lineage;
  if (nodes.length === 0) return '';
  const roles = (role: string) => nodes.filter((node) => node.role === role).length;
  const summary = `${count(roles('changed'))} changed, ${count(roles('impacted'))} downstream, ${count(roles('upstream'))} upstream, ${count(roles('removed'))} removed.`;
  const parts = ['### Lineage', '', summary, ''];
  if (maxNodes > 0) parts.push(fence(renderMermaid(review.lineage, { maxNodes }), 'mermaid'), '');
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
