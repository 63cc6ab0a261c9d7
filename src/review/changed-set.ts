/**
 * The changed set of a pull request: which nodes (and sources, exposures, semantic models, metrics
 * and saved queries) are new, modified or removed between the base and head manifests and why, and what to build (`state:modified+`, or the user's selection).
 */
import { compareManifests, selectNodes, type NodeChange } from '../graph/index.js';
import { findSemanticMember } from '../graph/semantic-types.js';
import type { Manifest } from '../graph/types.js';
import type { ChangedNode } from './types.js';

export interface ChangedSet {
  changes: ChangedNode[];
  /** Raw comparison, every id. */
  comparison: Map<string, NodeChange>;
  /** Unique ids to build (models, seeds, snapshots, tests), sorted. */
  selected: string[];
}

/** Resource types the PR workflow builds. */
export const BUILDABLE = ['model', 'seed', 'snapshot', 'test'];

export function computeChangedSet(base: Manifest, head: Manifest, select?: string[]): ChangedSet {
  const comparison = compareManifests(base, head);
  const changes: ChangedNode[] = [];
  for (const [id, change] of comparison) {
    const cosmetic = change.status === 'unchanged' && change.reasons.includes('whitespace_or_comments');
    if (change.status === 'unchanged' && !cosmetic) continue;
    const member = memberOf(head, id) ?? memberOf(base, id);
    if (!member) continue;
    changes.push({
      uniqueId: id,
      name: member.name,
      resourceType: member.resource_type,
      status: change.status === 'unchanged' ? 'modified' : change.status,
      reasons: change.reasons,
      changedMacros: change.changedMacros ?? [],
      file: member.original_file_path,
      cosmetic,
    });
  }
  const userSelect = (select ?? []).filter((word) => word.trim() !== '');
  const selected = selectNodes(head, {
    select: userSelect.length > 0 ? userSelect : ['state:modified+'],
    state: base,
    resourceTypes: BUILDABLE,
  });
  return { changes, comparison, selected: selected.filter((id) => head.nodes[id]?.config.materialized !== 'ephemeral') };
}

function memberOf(manifest: Manifest, id: string): { name: string; resource_type: string; original_file_path: string } | undefined {
  return manifest.nodes[id] ?? manifest.sources[id] ?? manifest.exposures[id] ?? findSemanticMember(manifest, id);
}

/** Built nodes that are not themselves in the changed set: the downstream impact. */
export function impactedIds(changes: ChangedNode[], selected: string[], head: Manifest): string[] {
  const changed = new Set(changes.map((change) => change.uniqueId));
  return selected.filter((id) => !changed.has(id) && head.nodes[id]?.resource_type !== 'test');
}
