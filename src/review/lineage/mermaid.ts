/**
 * The lineage as a Mermaid `flowchart LR` that GitHub renders. Names come from untrusted pull
 * requests: node ids are generated (`n0`, `n1`, …) and labels are entity-encoded, so nothing in a
 * name can end a label, a node or the fenced block around it.
 */
import type { Lineage, LineageNode } from '../types.js';

export interface MermaidOptions {
  /** Nodes drawn at most (default 50); the rest are counted in a note node. */
  maxNodes?: number;
}

const CLASS_DEFS = [
  'classDef changed fill:#fff4c2,stroke:#b58900,stroke-width:2px,color:#000',
  'classDef impacted fill:#dbeafe,stroke:#1d4ed8,color:#000',
  'classDef upstream fill:#f3f4f6,stroke:#9ca3af,color:#374151',
  'classDef removed fill:#fee2e2,stroke:#b91c1c,stroke-dasharray:5 3,color:#7f1d1d',
  'classDef breaking fill:#fecaca,stroke:#dc2626,stroke-width:3px,color:#000',
  'classDef note fill:#ffffff,stroke:#9ca3af,stroke-dasharray:3 3,color:#374151',
];

/** Mermaid entity codes for everything but plain letters, digits and a few safe punctuation marks. */
export function mermaidLabel(text: string): string {
  const single = text.replace(/[\r\n\t]+/g, ' ');
  let out = '';
  for (const ch of single) {
    out += /[A-Za-z0-9 _.\-:/,+=@]/.test(ch) ? ch : `#${ch.codePointAt(0)};`;
  }
  return out;
}

function shapeOf(node: LineageNode, label: string): string {
  if (node.resourceType === 'exposure') return `{{"${label}"}}`;
  if (node.resourceType === 'source') return `[("${label}")]`;
  if (node.resourceType === 'seed') return `[/"${label}"/]`;
  return `["${label}"]`;
}

function labelOf(node: LineageNode): string {
  const suffix = node.breaking ? ' ⚠ breaking' : node.role === 'removed' ? ' (removed)' : '';
  const kind = node.resourceType === 'model' ? '' : `${node.resourceType}: `;
  return mermaidLabel(`${kind}${node.name}${suffix}`);
}

/** Keeps changed and removed nodes first, then the nodes nearest to them (undirected hops). */
function keptNodes(lineage: Lineage, maxNodes: number): LineageNode[] {
  if (lineage.nodes.length <= maxNodes) return lineage.nodes;
  const neighbours = new Map<string, string[]>();
  for (const [from, to] of lineage.edges) {
    neighbours.set(from, [...(neighbours.get(from) ?? []), to]);
    neighbours.set(to, [...(neighbours.get(to) ?? []), from]);
  }
  const order: string[] = lineage.nodes.filter((node) => node.role === 'changed' || node.role === 'removed').map((node) => node.uniqueId);
  const seen = new Set(order);
  for (let i = 0; i < order.length && order.length < maxNodes; i++) {
    for (const next of neighbours.get(order[i]) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      order.push(next);
    }
  }
  const byId = new Map(lineage.nodes.map((node) => [node.uniqueId, node]));
  return order.slice(0, maxNodes).map((id) => byId.get(id)!).filter(Boolean);
}

export function renderMermaid(lineage: Lineage, options: MermaidOptions = {}): string {
  const maxNodes = Math.max(1, options.maxNodes ?? 50);
  const kept = keptNodes(lineage, maxNodes);
  const ids = new Map(kept.map((node, i) => [node.uniqueId, `n${i}`]));
  const lines = ['flowchart LR'];
  for (const node of kept) lines.push(`  ${ids.get(node.uniqueId)}${shapeOf(node, labelOf(node))}`);
  const hidden = lineage.nodes.length - kept.length;
  if (hidden > 0) lines.push(`  more["${mermaidLabel(`… ${hidden} more not drawn`)}"]:::note`);
  for (const [from, to] of lineage.edges) {
    const a = ids.get(from);
    const b = ids.get(to);
    if (a && b) lines.push(`  ${a} --> ${b}`);
  }
  lines.push(...CLASS_DEFS.map((line) => `  ${line}`));
  for (const role of ['changed', 'impacted', 'upstream', 'removed'] as const) {
    const members = kept.filter((node) => node.role === role).map((node) => ids.get(node.uniqueId));
    if (members.length > 0) lines.push(`  class ${members.join(',')} ${role}`);
  }
  const breaking = kept.filter((node) => node.breaking).map((node) => ids.get(node.uniqueId));
  if (breaking.length > 0) lines.push(`  class ${breaking.join(',')} breaking`);
  return lines.join('\n');
}
