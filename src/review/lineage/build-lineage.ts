/**
 * The lineage of a pull request's changes: the changed nodes, their direct parents, everything
 * downstream (exposures included, tests left out), and the nodes the PR removed. Column-level
 * impact: a removed or retyped column of a changed model that a downstream node's SQL uses makes
 * the change breaking.
 */
import type { Manifest, ManifestNode } from '../../graph/types.js';
import type { BreakingChange, ChangedNode, ColumnImpact, Lineage, LineageNode, SchemaChange } from '../types.js';
import { sqlUsage, usesColumn, type SqlUsage } from './sql-identifiers.js';

interface GraphMember {
  name: string;
  resourceType: string;
  parents: string[];
  sql: string | null;
  exposure?: LineageNode['exposure'];
}

/** Nodes, sources and exposures of a manifest (tests left out), with parents from `depends_on`. */
function membersOf(manifest: Manifest): Map<string, GraphMember> {
  const members = new Map<string, GraphMember>();
  for (const node of Object.values(manifest.nodes)) {
    if (node.resource_type === 'test') continue;
    members.set(node.unique_id, { name: node.name, resourceType: node.resource_type, parents: node.depends_on?.nodes ?? [], sql: sqlOf(node) });
  }
  for (const source of Object.values(manifest.sources ?? {})) {
    members.set(source.unique_id, { name: `${source.source_name}.${source.name}`, resourceType: 'source', parents: [], sql: null });
  }
  for (const exposure of Object.values(manifest.exposures ?? {})) {
    const owner = exposure.owner ?? {};
    members.set(exposure.unique_id, {
      name: exposure.label ?? exposure.name,
      resourceType: 'exposure',
      parents: exposure.depends_on?.nodes ?? [],
      sql: null,
      exposure: {
        type: exposure.type,
        url: exposure.url ?? null,
        owner: [owner.name, owner.email].filter((part): part is string => typeof part === 'string' && part !== '').join(' · ') || null,
      },
    });
  }
  return members;
}

function sqlOf(node: ManifestNode): string | null {
  return node.compiled_code ?? node.raw_code ?? null;
}

function childrenOf(members: Map<string, GraphMember>): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const [id, member] of members) {
    for (const parent of member.parents) {
      if (!members.has(parent)) continue;
      const list = children.get(parent) ?? [];
      list.push(id);
      children.set(parent, list);
    }
  }
  for (const list of children.values()) list.sort();
  return children;
}

export function buildLineage(head: Manifest, base: Manifest | null, changes: ChangedNode[], schemaChanges: Map<string, SchemaChange>): Lineage {
  const members = membersOf(head);
  const baseMembers = base ? membersOf(base) : new Map<string, GraphMember>();
  const children = childrenOf(members);
  const nodes = new Map<string, LineageNode>();
  const add = (id: string, role: LineageNode['role'], member: GraphMember | undefined, fallback?: ChangedNode) => {
    if (nodes.has(id)) return;
    nodes.set(id, {
      uniqueId: id,
      name: member?.name ?? fallback?.name ?? id,
      resourceType: member?.resourceType ?? fallback?.resourceType ?? 'model',
      role,
      breaking: false,
      ...(member?.exposure ? { exposure: member.exposure } : {}),
    });
  };

  const relevant = changes.filter((change) => change.resourceType !== 'test');
  for (const change of relevant) {
    if (change.status === 'removed') add(change.uniqueId, 'removed', baseMembers.get(change.uniqueId), change);
    else add(change.uniqueId, 'changed', members.get(change.uniqueId), change);
  }
  // Everything downstream of a real (non-cosmetic) change, breadth first.
  const queue = relevant.filter((change) => change.status !== 'removed' && !change.cosmetic).map((change) => change.uniqueId);
  for (let i = 0; i < queue.length; i++) {
    for (const child of children.get(queue[i]) ?? []) {
      if (nodes.has(child)) continue;
      add(child, 'impacted', members.get(child));
      queue.push(child);
    }
  }
  // One hop upstream of each changed node (from the base for removed ones).
  for (const change of relevant) {
    const member = change.status === 'removed' ? baseMembers.get(change.uniqueId) : members.get(change.uniqueId);
    for (const parent of member?.parents ?? []) {
      if (!nodes.has(parent)) add(parent, 'upstream', members.get(parent) ?? baseMembers.get(parent));
    }
  }

  const edges = edgesAmong(nodes, members, baseMembers);
  const schemas = withContractChanges(head, base, relevant, schemaChanges);
  const { breaking, columnImpact } = columnLevelImpact(relevant, members, children, schemas);
  for (const change of breaking) {
    const node = nodes.get(change.uniqueId);
    if (node) node.breaking = true;
  }
  return { nodes: [...nodes.values()], edges, breaking, columnImpact };
}

/**
 * Without a warehouse (lineage-only reviews) there are no measured schema changes; a model whose
 * contract is enforced on both sides still declares its columns, so those are compared instead.
 */
function withContractChanges(head: Manifest, base: Manifest | null, changes: ChangedNode[], measured: Map<string, SchemaChange>): Map<string, SchemaChange> {
  const schemas = new Map(measured);
  for (const change of changes) {
    if (schemas.has(change.uniqueId) || !base) continue;
    const before = base.nodes[change.uniqueId];
    const after = head.nodes[change.uniqueId];
    if (!before?.config?.contract?.enforced || !after?.config?.contract?.enforced) continue;
    const afterColumns = new Map(Object.values(after.columns ?? {}).map((column) => [column.name.toLowerCase(), column]));
    const schema: SchemaChange = { added: [], removed: [], retyped: [] };
    for (const column of Object.values(before.columns ?? {})) {
      const now = afterColumns.get(column.name.toLowerCase());
      if (!now) schema.removed.push({ name: column.name, dataType: column.data_type ?? '' });
      else if ((column.data_type ?? '').toLowerCase() !== (now.data_type ?? '').toLowerCase()) {
        schema.retyped.push({ name: column.name, from: column.data_type ?? '', to: now.data_type ?? '' });
      }
    }
    if (schema.removed.length + schema.retyped.length > 0) schemas.set(change.uniqueId, schema);
  }
  return schemas;
}

function edgesAmong(nodes: Map<string, LineageNode>, members: Map<string, GraphMember>, baseMembers: Map<string, GraphMember>): [string, string][] {
  const seen = new Set<string>();
  const edges: [string, string][] = [];
  for (const [id, node] of nodes) {
    const member = node.role === 'removed' ? baseMembers.get(id) : members.get(id);
    for (const parent of member?.parents ?? []) {
      const key = `${parent}\u0000${id}`;
      if (!nodes.has(parent) || seen.has(key)) continue;
      seen.add(key);
      edges.push([parent, id]);
    }
  }
  return edges;
}

/**
 * For each removed or retyped column of a changed node: the downstream nodes whose SQL names it.
 * A child that selects `*` passes the column on, so its own children are searched too.
 */
function columnLevelImpact(
  changes: ChangedNode[],
  members: Map<string, GraphMember>,
  children: Map<string, string[]>,
  schemaChanges: Map<string, SchemaChange>,
): { breaking: BreakingChange[]; columnImpact: ColumnImpact[] } {
  const usageCache = new Map<string, SqlUsage | null>();
  const usageOf = (id: string): SqlUsage | null => {
    if (!usageCache.has(id)) {
      const sql = members.get(id)?.sql;
      usageCache.set(id, sql ? sqlUsage(sql) : null);
    }
    return usageCache.get(id)!;
  };
  const breaking: BreakingChange[] = [];
  const columnImpact: ColumnImpact[] = [];
  for (const change of changes) {
    const schema = schemaChanges.get(change.uniqueId);
    if (!schema || change.status === 'removed') continue;
    const columns = [
      ...schema.removed.map((column) => ({ column: column.name, kind: 'removed' as const })),
      ...schema.retyped.map((column) => ({ column: column.name, kind: 'retyped' as const })),
    ];
    for (const { column, kind } of columns) {
      const usedBy: string[] = [];
      const visited = new Set<string>();
      const queue = [...(children.get(change.uniqueId) ?? [])];
      while (queue.length > 0) {
        const id = queue.shift()!;
        if (visited.has(id)) continue;
        visited.add(id);
        const usage = usageOf(id);
        if (!usage) continue;
        if (usesColumn(usage, column)) usedBy.push(id);
        else if (usage.selectsStar) queue.push(...(children.get(id) ?? []));
      }
      usedBy.sort();
      columnImpact.push({ uniqueId: change.uniqueId, column, downstream: usedBy.map((id) => `${id}.${column}`) });
      if (usedBy.length > 0) breaking.push({ uniqueId: change.uniqueId, column, kind, usedBy });
    }
  }
  return { breaking, columnImpact };
}
