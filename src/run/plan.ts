/**
 * Turns the selected unique ids into the DAG the scheduler runs: which nodes execute (ephemeral
 * models, analyses and operations do not), their parents within the selection (edges through
 * unselected or ephemeral nodes are kept transitively), and, for `build`, the edges that make a
 * node's children wait for the node's tests.
 */
import type { Manifest, ManifestNode } from '../graph/types.js';
import type { RunCommand } from './types.js';

export interface RunPlan {
  /** Executable nodes, in a stable order (depth first, then unique id). */
  ids: string[];
  parents: Map<string, string[]>;
}

const executableTypes = new Set(['model', 'seed', 'snapshot', 'test']);

export function isExecutable(node: ManifestNode): boolean {
  if (!executableTypes.has(node.resource_type)) return false;
  if (node.resource_type === 'model' && node.config.materialized === 'ephemeral') return false;
  return node.config.enabled !== false;
}

/** The resource types each command executes (a selection may hold others: they are left out). */
export const COMMAND_RESOURCE_TYPES: Record<RunCommand, ManifestNode['resource_type'][]> = {
  build: ['model', 'seed', 'snapshot', 'test'],
  run: ['model'],
  seed: ['seed'],
  snapshot: ['snapshot'],
  test: ['test'],
};

export function planRun(manifest: Manifest, select: string[], command: RunCommand): RunPlan {
  const selected = new Set<string>();
  const types = new Set(COMMAND_RESOURCE_TYPES[command]);
  for (const id of select) {
    const node = manifest.nodes[id];
    if (node && isExecutable(node) && types.has(node.resource_type)) selected.add(id);
  }

  // Nearest selected ancestors of each node, walking through everything not selected.
  const memo = new Map<string, Set<string>>();
  const selectedAncestors = (id: string, visiting: Set<string>): Set<string> => {
    const cached = memo.get(id);
    if (cached) return cached;
    const found = new Set<string>();
    if (visiting.has(id)) return found;
    visiting.add(id);
    for (const parent of manifest.parent_map[id] ?? manifest.nodes[id]?.depends_on.nodes ?? []) {
      if (selected.has(parent)) found.add(parent);
      else for (const ancestor of selectedAncestors(parent, visiting)) found.add(ancestor);
    }
    visiting.delete(id);
    memo.set(id, found);
    return found;
  };

  const parents = new Map<string, string[]>();
  for (const id of selected) parents.set(id, [...selectedAncestors(id, new Set())].sort());

  if (command === 'build') addTestEdges(manifest, selected, parents);

  return { ids: orderByDepth([...selected], parents), parents };
}

/**
 * dbt's rule: a test of node P becomes a parent of P's child C when every node the test depends
 * on is C itself's ancestor — so a failing test skips C, and a relationships test between P and C
 * does not create a cycle.
 */
function addTestEdges(manifest: Manifest, selected: Set<string>, parents: Map<string, string[]>): void {
  const children = new Map<string, string[]>();
  for (const [id, own] of parents) for (const parent of own) children.set(parent, [...(children.get(parent) ?? []), id]);

  const ancestorMemo = new Map<string, Set<string>>();
  const ancestors = (id: string): Set<string> => {
    const cached = ancestorMemo.get(id);
    if (cached) return cached;
    const found = new Set<string>();
    ancestorMemo.set(id, found);
    for (const parent of parents.get(id) ?? []) {
      found.add(parent);
      for (const further of ancestors(parent)) found.add(further);
    }
    return found;
  };

  // Compute every ancestor set before adding edges, so the rule reads the model graph only.
  for (const id of selected) ancestors(id);
  const extra = new Map<string, string[]>();
  for (const testId of selected) {
    if (manifest.nodes[testId]!.resource_type !== 'test') continue;
    const testParents = parents.get(testId) ?? [];
    for (const parent of testParents) {
      for (const child of children.get(parent) ?? []) {
        if (child === testId || manifest.nodes[child]!.resource_type === 'test') continue;
        const childAncestors = ancestorMemo.get(child)!;
        if (testParents.every((p) => childAncestors.has(p))) extra.set(child, [...(extra.get(child) ?? []), testId]);
      }
    }
  }
  for (const [child, tests] of extra) parents.set(child, [...new Set([...parents.get(child)!, ...tests])].sort());
}

function orderByDepth(ids: string[], parents: Map<string, string[]>): string[] {
  const depth = new Map<string, number>();
  const depthOf = (id: string, visiting: Set<string>): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    let value = 0;
    for (const parent of parents.get(id) ?? []) value = Math.max(value, depthOf(parent, visiting) + 1);
    visiting.delete(id);
    depth.set(id, value);
    return value;
  };
  return ids.sort((a, b) => depthOf(a, new Set()) - depthOf(b, new Set()) || (a < b ? -1 : a > b ? 1 : 0));
}
