/**
 * The lineage as a Mermaid `flowchart LR` that GitHub renders. Names come from untrusted pull
 * requests: node ids are generated (`n0`, `n1`, …) and labels are entity-encoded, so nothing in a
 * name can end a label, a node or the fenced block around it.
 */
import type { Lineage, LineageNode } from '../types.js';

export interface MermaidOptions {
  /** Nodes drawn at most (default 50); the rest are counted in a note node. Changed, removed and failed nodes and exposures are always drawn. */
  maxNodes?: number;
  /** Nodes whose build or tests failed: marked ✗ and drawn red. */
  failed?: ReadonlySet<string>;
}

const CLASS_DEFS = [
  'classDef changed fill:#fff4c2,stroke:#b58900,stroke-width:2px,color:#000',
  'classDef impacted fill:#dbeafe,stroke:#1d4ed8,color:#000',
  'classDef upstream fill:#f3f4f6,stroke:#9ca3af,color:#374151',
  'classDef removed fill:#fee2e2,stroke:#b91c1c,stroke-dasharray:5 3,color:#7f1d1d',
  'classDef breaking fill:#fecaca,stroke:#dc2626,stroke-width:3px,color:#000',
  'classDef note fill:#ffffff,stroke:#9ca3af,stroke-dasharray:3 3,color:#374151',
  'classDef failed fill:#fee2e2,stroke:#b91c1c,stroke-width:3px,color:#7f1d1d',
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

function labelOf(node: LineageNode, failed: boolean): string {
  const suffix = `${failed ? ' ✗ failed' : ''}${node.breaking ? ' ⚠ breaking' : node.role === 'removed' ? ' (removed)' : ''}`;
  const kind = node.resourceType === 'model' ? '' : `${node.resourceType}: `;
  return mermaidLabel(`${kind}${node.name}${suffix}`);
}

/** Keeps changed, removed and failed nodes and exposures, then the nodes nearest to changes (undirected hops) up to `maxNodes`. */
function keptNodes(lineage: Lineage, maxNodes: number, failed: ReadonlySet<string>): LineageNode[] {
  if (lineage.nodes.length <= maxNodes) return lineage.nodes;
  const neighbours = new Map<string, string[]>();
  for (const [from, to] of lineage.edges) {
    neighbours.set(from, [...(neighbours.get(from) ?? []), to]);
    neighbours.set(to, [...(neighbours.get(to) ?? []), from]);
  }
  const must = (node: LineageNode) => node.role === 'changed' || node.role === 'removed' || node.resourceType === 'exposure' || failed.has(node.uniqueId);
  const kept = new Set(lineage.nodes.filter(must).map((node) => node.uniqueId));
  const frontier = lineage.nodes.filter((node) => node.role === 'changed' || node.role === 'removed').map((node) => node.uniqueId);
  const seen = new Set(frontier);
  for (let i = 0; i < frontier.length && kept.size < maxNodes; i++) {
    for (const next of neighbours.get(frontier[i]!) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      frontier.push(next);
      if (kept.size < maxNodes) kept.add(next);
    }
  }
  return lineage.nodes.filter((node) => kept.has(node.uniqueId));
}

export function renderMermaid(lineage: Lineage, options: MermaidOptions = {}): string {
  const maxNodes = Math.max(1, options.maxNodes ?? 50);
  const failed = options.failed ?? new Set<string>();
  const kept = keptNodes(lineage, maxNodes, failed);
  const ids = new Map(kept.map((node, i) => [node.uniqueId, `n${i}`]));
  const lines = ['flowchart LR'];
  for (const node of kept) lines.push(`  ${ids.get(node.uniqueId)}${shapeOf(node, labelOf(node, failed.has(node.uniqueId)))}`);
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
  const failing = kept.filter((node) => failed.has(node.uniqueId)).map((node) => ids.get(node.uniqueId));
  if (failing.length > 0) lines.push(`  class ${failing.join(',')} failed`);
  return lines.join('\n');
}
