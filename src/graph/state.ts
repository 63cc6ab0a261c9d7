/**
 * State comparison: what changed between a base manifest (production, the PR's merge-base) and a
 * head manifest, and why. The result is a plain value: print it, test it, render it in a comment.
 */
import { diffContracts, type ContractDiff } from './contract-diff.js';
import { nodeFingerprint, exposureFingerprint, macroChecksums, sourceFingerprint } from './fingerprint.js';
import { findSemanticMember, semanticMembers } from './semantic-types.js';
import { semanticFingerprint } from './semantic-state.js';
import type { Manifest } from './types.js';

export type ChangeStatus = 'new' | 'removed' | 'modified' | 'unchanged';

/**
 * Why a node differs. `whitespace_or_comments` and `upstream_contract` are informational: alone
 * they leave the status `unchanged` (dbt's `state:modified` does not select such nodes).
 */
export type ChangeReason = 'body' | 'whitespace_or_comments' | 'config' | 'macros' | 'contract' | 'seed_contents' | 'upstream_contract';

export interface NodeChange {
  status: ChangeStatus;
  /** In the order of CHANGE_REASONS; empty for new, removed and truly unchanged nodes. */
  reasons: ChangeReason[];
  /** With reason `macros`: the macros whose checksum differs, sorted. */
  changedMacros?: string[];
  /** With reason `contract`: the columns that changed and whether consumers can break. */
  contract?: ContractDiff;
  /** With reason `upstream_contract`: the parents whose contract changed, sorted. */
  changedContracts?: string[];
  /** Why the comparison could not tell (a seed over 1 MiB against a manifest with only its path). */
  note?: string;
}

export type { ContractDiff };

export const CHANGE_REASONS: readonly ChangeReason[] = ['body', 'whitespace_or_comments', 'config', 'macros', 'contract', 'seed_contents', 'upstream_contract'];

/** Reasons that make a node `modified`. */
const MODIFYING: ReadonlySet<ChangeReason> = new Set(['body', 'config', 'macros', 'contract', 'seed_contents']);

/**
 * Compares every node, source, exposure, semantic model, metric and saved query of `base` and `head`; the map holds one entry per id in
 * either manifest, keys sorted.
 */
export function compareManifests(base: Manifest, head: Manifest): Map<string, NodeChange> {
  const changes = new Map<string, NodeChange>();
  const ids = new Set([...memberIds(base), ...memberIds(head)]);
  for (const id of [...ids].sort()) changes.set(id, compareMember(id, base, head));
  markUpstreamContracts(changes, head);
  return changes;
}

/** Ids whose status is `new` or `modified` (what `state:modified` selects), sorted. */
export function changedIds(changes: Map<string, NodeChange>): string[] {
  return [...changes].filter(([, change]) => change.status === 'new' || change.status === 'modified').map(([id]) => id);
}

/** The changes as a plain object (for JSON output), keys sorted. */
export function changesToRecord(changes: Map<string, NodeChange>): Record<string, NodeChange> {
  return Object.fromEntries([...changes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Counts per status. */
export function summarizeChanges(changes: Map<string, NodeChange>): Record<ChangeStatus, number> {
  const counts: Record<ChangeStatus, number> = { new: 0, modified: 0, removed: 0, unchanged: 0 };
  for (const change of changes.values()) counts[change.status]++;
  return counts;
}

/**
 * One line per id that is not plainly unchanged: `modified  model.p.x  body, macros (macro.p.m)`.
 * Pass `all` to list plainly unchanged ids too.
 */
export function formatChanges(changes: Map<string, NodeChange>, options: { all?: boolean } = {}): string {
  const rows = [...changes].filter(([, c]) => options.all || c.status !== 'unchanged' || c.reasons.length > 0);
  if (rows.length === 0) return 'no changes';
  const width = Math.max(...rows.map(([id]) => id.length));
  return rows
    .map(([id, change]) => {
      const why = change.reasons.map((reason) => describeReason(reason, change)).join(', ');
      return `${change.status.padEnd(9)} ${why ? id.padEnd(width) : id}${why ? `  ${why}` : ''}`.trimEnd();
    })
    .join('\n');
}

function describeReason(reason: ChangeReason, change: NodeChange): string {
  if (reason === 'macros' && change.changedMacros?.length) return `macros (${change.changedMacros.join(', ')})`;
  if (reason === 'contract' && change.contract) return `contract (${describeContract(change.contract)})`;
  if (reason === 'upstream_contract' && change.changedContracts?.length) return `upstream_contract (${change.changedContracts.join(', ')})`;
  return reason;
}

function describeContract(diff: ContractDiff): string {
  const parts: string[] = [diff.breaking ? 'breaking' : 'non-breaking'];
  if (diff.enforced.before !== diff.enforced.after) parts.push(diff.enforced.after ? 'now enforced' : 'no longer enforced');
  if (diff.removed.length) parts.push(`removed ${diff.removed.join(', ')}`);
  for (const { column, from, to } of diff.retyped) parts.push(`${column} ${from ?? '?'} → ${to ?? '?'}`);
  if (diff.added.length) parts.push(`added ${diff.added.join(', ')}`);
  return parts.join('; ');
}

function memberIds(manifest: Manifest): string[] {
  return [...Object.keys(manifest.nodes ?? {}), ...Object.keys(manifest.sources ?? {}), ...Object.keys(manifest.exposures ?? {}), ...semanticMembers(manifest).map((member) => member.unique_id)];
}

function compareMember(id: string, base: Manifest, head: Manifest): NodeChange {
  const inBase = id in (base.nodes ?? {}) || id in (base.sources ?? {}) || id in (base.exposures ?? {}) || findSemanticMember(base, id) !== undefined;
  const inHead = id in (head.nodes ?? {}) || id in (head.sources ?? {}) || id in (head.exposures ?? {}) || findSemanticMember(head, id) !== undefined;
  if (!inBase) return { status: 'new', reasons: [] };
  if (!inHead) return { status: 'removed', reasons: [] };

  const reasons = new Set<ChangeReason>();
  let changedMacros: string[] | undefined;
  let contract: ContractDiff | undefined;
  let note: string | undefined;
  const baseNode = base.nodes?.[id];
  const headNode = head.nodes?.[id];
  if (baseNode && headNode) {
    const useChecksums = Boolean(baseNode.dailies?.checksums && headNode.dailies?.checksums);
    const was = nodeFingerprint(baseNode, base, useChecksums);
    const now = nodeFingerprint(headNode, head, useChecksums);
    if (was.raw !== now.raw) reasons.add(was.rawNormalized() === now.rawNormalized() ? 'whitespace_or_comments' : 'body');
    if ((was.config !== now.config && was.configSorted() !== now.configSorted()) || was.persistedDocs !== now.persistedDocs) reasons.add('config');
    if (was.macros !== now.macros) {
      // the macros the node reaches whose text changed, or that are new to the project (as dbt counts
      // them: a root macro overriding dbt's `default__test_not_null`), or that it reached before and
      // that are gone (the override removed; dbt does not see that one); not a macro it newly calls
      const before = macroChecksums(baseNode, base, useChecksums);
      const after = macroChecksums(headNode, head, useChecksums);
      const changed = Object.keys(after).filter((macro) => (macro in before ? before[macro] !== after[macro] : !(macro in (base.macros ?? {}))));
      const gone = Object.keys(before).filter((macro) => !(macro in after) && !(macro in (head.macros ?? {})));
      changedMacros = [...changed, ...gone].sort();
      if (changedMacros.length > 0) reasons.add('macros');
    }
    if (was.contract !== now.contract) {
      reasons.add('contract');
      contract = diffContracts(baseNode, headNode);
    }
    if (was.contents !== now.contents) reasons.add('seed_contents');
    else if (headNode.resource_type === 'seed' && was.contents === baseNode.checksum?.checksum && baseNode.checksum?.name === 'path' && baseNode.dailies?.checksums?.contents === undefined) {
      // dbt writes a big seed's path, not a hash of it: nothing tells whether it changed (dbt warns alike)
      note = `Found a seed (${headNode.package_name}.${headNode.name}) >1MB in size at the same path, and the state manifest holds no hash of its contents: assuming it is unchanged`;
    }
  } else if (base.sources?.[id] && head.sources?.[id]) {
    const dbtShape = !base.sources[id].dailies || !head.sources[id].dailies;
    if (sourceFingerprint(base.sources[id], dbtShape) !== sourceFingerprint(head.sources[id], dbtShape)) reasons.add('config');
  } else if (base.exposures?.[id] && head.exposures?.[id]) {
    if (exposureFingerprint(base.exposures[id]) !== exposureFingerprint(head.exposures[id])) reasons.add('config');
  } else if (findSemanticMember(base, id) && findSemanticMember(head, id)) {
    if (semanticFingerprint(findSemanticMember(base, id)!) !== semanticFingerprint(findSemanticMember(head, id)!)) reasons.add('config');
  } else {
    // the id moved between kinds (cannot happen with dbt's id prefixes, but be explicit)
    reasons.add('body');
  }
  return finish({ status: 'unchanged', reasons: [...reasons], ...(changedMacros?.length ? { changedMacros } : {}), ...(contract ? { contract } : {}), ...(note ? { note } : {}) });
}

/** Children of a node whose contract changed get `upstream_contract`. */
function markUpstreamContracts(changes: Map<string, NodeChange>, head: Manifest): void {
  const contractChanged = new Set([...changes].filter(([, c]) => c.reasons.includes('contract')).map(([id]) => id));
  if (contractChanged.size === 0) return;
  const members = [...Object.values(head.nodes ?? {}), ...Object.values(head.exposures ?? {}), ...semanticMembers(head)];
  for (const member of members) {
    const change = changes.get(member.unique_id);
    if (!change || change.status === 'new') continue;
    const parents = [...new Set(member.depends_on?.nodes ?? [])].filter((parent) => contractChanged.has(parent)).sort();
    if (parents.length === 0) continue;
    changes.set(member.unique_id, finish({ ...change, reasons: [...change.reasons, 'upstream_contract'], changedContracts: parents }));
  }
}

function finish(change: NodeChange): NodeChange {
  const reasons = CHANGE_REASONS.filter((reason) => change.reasons.includes(reason));
  const status = change.status === 'unchanged' && reasons.some((reason) => MODIFYING.has(reason)) ? 'modified' : change.status;
  return { ...change, status, reasons };
}
