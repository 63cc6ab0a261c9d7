/**
 * "Dashboards and other exposures affected": each exposure downstream of a change, with its owner
 * and link, and the changed models it reads through. Never left out to fit.
 */
import type { Review } from '../types.js';
import { code, text } from './escape.js';
import { plural } from './format.js';
import { failedIds } from './impact.js';
import { nameOf } from './review-facts.js';

/** A URL safe to put in a Markdown link (http or https only, no spaces or parentheses). */
function safeUrl(url: string | null): string | null {
  if (!url || !/^https?:\/\/[^\s()<>"'`]+$/.test(url)) return null;
  return url;
}

/** Nodes upstream of `id` in the lineage that are in `wanted`. */
function upstreamIn(review: Review, id: string, wanted: ReadonlySet<string>): string[] {
  const parents = new Map<string, string[]>();
  for (const [from, to] of review.lineage.edges) parents.set(to, [...(parents.get(to) ?? []), from]);
  const changed = wanted;
  const found = new Set<string>();
  const seen = new Set<string>([id]);
  const queue = [id];
  while (queue.length > 0) {
    for (const parent of parents.get(queue.shift()!) ?? []) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      if (changed.has(parent)) found.add(parent);
      queue.push(parent);
    }
  }
  return [...found].sort();
}

export function exposuresSection(review: Review): string {
  const exposures = review.lineage.nodes.filter((node) => node.resourceType === 'exposure' && node.role !== 'upstream').sort((a, b) => a.name.localeCompare(b.name));
  if (exposures.length === 0) return '';
  const failed = failedIds(review);
  const changedIds = new Set(review.changes.map((change) => change.uniqueId));
  const lines = [`### Dashboards and other exposures affected (${exposures.length})`, ''];
  for (const exposure of exposures) {
    const url = safeUrl(exposure.exposure?.url ?? null);
    const title = url ? `[**${text(exposure.name)}**](${url})` : `**${text(exposure.name)}**`;
    const kind = exposure.exposure?.type ? ` (${text(exposure.exposure.type)})` : '';
    const owner = exposure.exposure?.owner ? ` · owner: ${text(exposure.exposure.owner)}` : ' · no owner set';
    const through = upstreamIn(review, exposure.uniqueId, changedIds);
    const failing = upstreamIn(review, exposure.uniqueId, failed);
    const via = through.length > 0 ? ` · reads ${through.slice(0, 8).map((id) => code(nameOf(review, id))).join(', ')}${through.length > 8 ? ` and ${plural(through.length - 8, 'more model')}` : ''}` : '';
    const warn = failing.length > 0 ? ` · ❌ upstream failed: ${failing.slice(0, 5).map((id) => code(nameOf(review, id))).join(', ')}` : exposure.breaking ? ' · ⚠️ breaking change upstream' : '';
    lines.push(`- ${title}${kind}${owner}${via}${warn}`);
  }
  return `${lines.join('\n')}\n`;
}
