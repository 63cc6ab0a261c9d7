/**
 * The dependency graph of a manifest: models, seeds, snapshots, tests, analyses, sources and
 * exposures, with an edge from each thing to everything that depends on it. Tests are children of
 * what they test; macros and docs are not graph members.
 */
import { DailiesError, type SourcePlace } from '../errors.js';
import type { GraphMember, Manifest } from './types.js';
import { findSemanticMember, semanticMembers } from './semantic-types.js';

export class Dag {
  /** Every member id, sorted. */
  readonly ids: readonly string[];
  private readonly parentsOf: Map<string, string[]>;
  private readonly childrenOf: Map<string, string[]>;
  private order: Map<string, number> | undefined;

  /**
   * `edges` maps each member to its parents; parents that are not members are ignored.
   * `placeOf` names where a member is defined, for cycle errors.
   */
  constructor(
    edges: Map<string, Iterable<string>>,
    private readonly placeOf: (id: string) => SourcePlace | undefined = () => undefined,
  ) {
    this.ids = [...edges.keys()].sort();
    this.parentsOf = new Map();
    this.childrenOf = new Map();
    for (const id of this.ids) this.childrenOf.set(id, []);
    for (const id of this.ids) {
      const parents = [...new Set(edges.get(id) ?? [])].filter((parent) => edges.has(parent)).sort();
      this.parentsOf.set(id, parents);
      for (const parent of parents) this.childrenOf.get(parent)!.push(id);
    }
    // children were pushed in sorted order of `id`, so each list is already sorted
  }

  has(id: string): boolean {
    return this.parentsOf.has(id);
  }

  parents(id: string): readonly string[] {
    return this.parentsOf.get(id) ?? [];
  }

  children(id: string): readonly string[] {
    return this.childrenOf.get(id) ?? [];
  }

  /** dbt's `parent_map`: every member → its parents, sorted. */
  parentMap(): Record<string, string[]> {
    return Object.fromEntries(this.ids.map((id) => [id, [...this.parents(id)]]));
  }

  /** dbt's `child_map`: every member → its children, sorted. */
  childMap(): Record<string, string[]> {
    return Object.fromEntries(this.ids.map((id) => [id, [...this.children(id)]]));
  }

  /**
   * `ids` (default: every member) ordered so that each comes after everything it depends on,
   * directly or through members not in `ids`. The order is stable: it goes in waves (first every
   * member without parents, then every member whose parents are all in earlier waves, …), each
   * wave in id order. Ids that are not members are dropped.
   * Throws a `cycle` DailiesError when the graph has a cycle.
   */
  topologicalOrder(ids?: Iterable<string>): string[] {
    const order = this.fullOrder();
    if (ids === undefined) return [...order.keys()];
    const wanted = [...new Set(ids)].filter((id) => order.has(id));
    return wanted.sort((a, b) => order.get(a)! - order.get(b)!);
  }

  /** A dependency cycle as a path that starts and ends at the same id (`[a, b, a]`), or null. */
  findCycle(): string[] | null {
    const state = new Map<string, 1 | 2>(); // 1: on the current path, 2: done
    for (const root of this.ids) {
      if (state.has(root)) continue;
      const path: string[] = [root];
      const cursor: number[] = [0];
      state.set(root, 1);
      while (path.length > 0) {
        const id = path[path.length - 1];
        const children = this.children(id);
        const index = cursor[cursor.length - 1];
        if (index >= children.length) {
          state.set(id, 2);
          path.pop();
          cursor.pop();
          continue;
        }
        cursor[cursor.length - 1] = index + 1;
        const child = children[index];
        const seen = state.get(child);
        if (seen === 1) return [...path.slice(path.indexOf(child)), child];
        if (seen === undefined) {
          state.set(child, 1);
          path.push(child);
          cursor.push(0);
        }
      }
    }
    return null;
  }

  /** Throws a `cycle` DailiesError, placed at the first member of the cycle, when the graph has one. */
  assertAcyclic(): void {
    const cycle = this.findCycle();
    if (cycle) throw this.cycleError(cycle);
  }

  private cycleError(cycle: string[]): DailiesError {
    return new DailiesError('cycle', `Found a dependency cycle: ${cycle.join(' --> ')}`, {
      place: cycle.length > 0 ? this.placeOf(cycle[0]) : undefined,
      hint: 'break the cycle: one of these nodes must stop ref()-ing the next one',
    });
  }

  /** Everything upstream of `ids`, at most `depth` edges away (unlimited when undefined). */
  ancestors(ids: string | Iterable<string>, depth?: number): Set<string> {
    return this.walk(ids, depth, (id) => this.parents(id));
  }

  /** Everything downstream of `ids`, at most `depth` edges away (unlimited when undefined). */
  descendants(ids: string | Iterable<string>, depth?: number): Set<string> {
    return this.walk(ids, depth, (id) => this.children(id));
  }

  /** Members reached over at least one edge; a start member is included only if another start reaches it. */
  private walk(ids: string | Iterable<string>, depth: number | undefined, next: (id: string) => readonly string[]): Set<string> {
    const found = new Set<string>();
    let frontier = typeof ids === 'string' ? [ids] : [...ids];
    for (let level = 0; frontier.length > 0 && (depth === undefined || level < depth); level++) {
      const following: string[] = [];
      for (const id of frontier) {
        for (const neighbour of next(id)) {
          if (found.has(neighbour)) continue;
          found.add(neighbour);
          following.push(neighbour);
        }
      }
      frontier = following;
    }
    return found;
  }

  /** Kahn's algorithm, ready members taken in id order; cached. */
  private fullOrder(): Map<string, number> {
    if (this.order) return this.order;
    const waiting = new Map<string, number>();
    let ready: string[] = [];
    for (const id of this.ids) {
      const count = this.parents(id).length;
      waiting.set(id, count);
      if (count === 0) ready.push(id);
    }
    const order = new Map<string, number>();
    while (ready.length > 0) {
      const next: string[] = [];
      for (const id of ready) {
        order.set(id, order.size);
        for (const child of this.children(id)) {
          const left = waiting.get(child)! - 1;
          waiting.set(child, left);
          if (left === 0) next.push(child);
        }
      }
      ready = next.sort();
    }
    if (order.size !== this.ids.length) throw this.cycleError(this.findCycle() ?? []);
    this.order = order;
    return order;
  }
}

/** Builds the graph of a manifest's nodes, sources, exposures, semantic models, metrics and saved queries. */
export function buildDag(manifest: Manifest): Dag {
  const edges = new Map<string, Iterable<string>>();
  for (const [id, node] of Object.entries(manifest.nodes ?? {})) {
    const parents = [...node.depends_on.nodes];
    if (node.attached_node) parents.push(node.attached_node);
    edges.set(id, parents);
  }
  for (const id of Object.keys(manifest.sources ?? {})) edges.set(id, []);
  for (const [id, exposure] of Object.entries(manifest.exposures ?? {})) edges.set(id, exposure.depends_on.nodes);
  for (const member of semanticMembers(manifest)) edges.set(member.unique_id, member.depends_on.nodes);
  return new Dag(edges, (id) => findMember(manifest, id)?.dailies?.place);
}

/** The node, source, exposure, semantic model, metric or saved query with this id, if the manifest has one. */
export function findMember(manifest: Manifest, id: string): GraphMember | undefined {
  return manifest.nodes?.[id] ?? manifest.sources?.[id] ?? manifest.exposures?.[id] ?? manifest.unit_tests?.[id] ?? findSemanticMember(manifest, id);
}
