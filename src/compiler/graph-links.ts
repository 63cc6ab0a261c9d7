/**
 * Edges of the graph: each node's depends_on from its refs and sources, the cycle check, and
 * parent_map/child_map (tests are children of what they test).
 */
import type { Manifest } from '../graph/types.js';
import { semanticMembers } from '../graph/semantic-types.js';
import type { CompileState, NodeDraft } from './compile-state.js';
import { cycleError, findCycle } from './cycles.js';
import { lineOfCall } from './source-lines.js';
import { sortStrings } from './sort-strings.js';

export function linkDraft(state: CompileState, draft: NodeDraft): void {
  const nodes: string[] = [];
  const add = (id: string): void => {
    if (!nodes.includes(id)) nodes.push(id);
  };
  for (const ref of draft.node.refs) add(state.resolveRef(draft, ref));
  for (const [sourceName, tableName] of draft.node.sources) add(state.resolveSource(draft, sourceName, tableName));
  draft.node.depends_on.nodes = nodes;
}

export function checkCycles(state: CompileState): void {
  const parentsOf = (id: string): string[] => state.drafts.get(id)?.node.depends_on.nodes ?? [];
  const cycle = findCycle(state.drafts.keys(), parentsOf);
  if (!cycle) return;
  throw cycleError(cycle, (id, next) => {
    const draft = state.drafts.get(id);
    const nextName = next ? state.drafts.get(next)?.node.name : undefined;
    const line = draft && nextName ? lineOfCall(draft.template, 'ref', nextName, draft.templateLine) : undefined;
    return { name: draft?.node.name ?? id, file: draft?.placeFile ?? id, line };
  });
}

export function fillMaps(manifest: Manifest): void {
  const parents: Record<string, string[]> = {};
  const children: Record<string, string[]> = {};
  const members = [...Object.values(manifest.nodes), ...Object.values(manifest.sources), ...Object.values(manifest.exposures), ...semanticMembers(manifest)];
  for (const member of members) {
    parents[member.unique_id] = [];
    children[member.unique_id] = [];
  }
  for (const member of members) {
    if (!('depends_on' in member)) continue;
    for (const parent of member.depends_on.nodes) {
      parents[member.unique_id].push(parent);
      (children[parent] ??= []).push(member.unique_id);
    }
  }
  for (const id in parents) sortStrings(parents[id]!);
  for (const id in children) sortStrings(children[id]!);
  manifest.parent_map = parents;
  manifest.child_map = children;
}
