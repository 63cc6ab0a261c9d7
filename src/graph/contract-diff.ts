/**
 * What changed in a model's contract, column by column, and whether downstream consumers can
 * break: dbt calls a contract change breaking when an enforced contract loses a column, changes a
 * column's type, or stops being enforced.
 */
import type { ManifestNode } from './types.js';

export interface ContractDiff {
  /** Enforced before / after. */
  enforced: { before: boolean; after: boolean };
  added: string[];
  removed: string[];
  retyped: { column: string; from: string | null; to: string | null }[];
  breaking: boolean;
}

export function diffContracts(base: ManifestNode, head: ManifestNode): ContractDiff {
  const before = contractColumns(base);
  const after = contractColumns(head);
  const added = [...after.keys()].filter((name) => !before.has(name)).sort();
  const removed = [...before.keys()].filter((name) => !after.has(name)).sort();
  const retyped = [...after.keys()]
    .filter((name) => before.has(name) && normalizeType(before.get(name)!) !== normalizeType(after.get(name)!))
    .sort()
    .map((column) => ({ column, from: before.get(column)!, to: after.get(column)! }));
  const enforced = { before: isEnforced(base), after: isEnforced(head) };
  const breaking = enforced.before && (!enforced.after || removed.length > 0 || retyped.length > 0);
  return { enforced, added, removed, retyped, breaking };
}

function isEnforced(node: ManifestNode): boolean {
  return Boolean(node.config?.contract?.enforced ?? node.contract?.enforced);
}

function contractColumns(node: ManifestNode): Map<string, string | null> {
  if (!isEnforced(node)) return new Map();
  return new Map(Object.values(node.columns ?? {}).map((column) => [column.name.toLowerCase(), column.data_type ?? null]));
}

function normalizeType(type: string | null): string {
  return (type ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
}
