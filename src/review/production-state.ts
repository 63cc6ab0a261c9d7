/**
 * Production's record of what it holds (see `ProductionState` in warehouse/adapter.ts): built
 * from the manifest a promotion publishes, read back as a manifest to compare the head with.
 * Promote and the PR review compare with this record, never with `HEAD^` or a push's `before`,
 * so a promotion that was missed (failed, cancelled, superseded) is repaired by the next one.
 */
import { createHash } from 'node:crypto';
import { DailiesError } from '../errors.js';
import { parseManifest, serializeManifest } from '../graph/index.js';
import type { Manifest } from '../graph/types.js';
import type { Adapter, ProductionState } from '../warehouse/adapter.js';
import { computeChangedSet } from './changed-set.js';
import { relationOfNode } from './deferred-build.js';

/** The record of `manifest` published from `commitSha`, now. */
export function stateOf(manifest: Manifest, commitSha: string, now = new Date()): ProductionState {
  const manifestJson = serializeManifest(manifest);
  return {
    commitSha,
    manifestSha256: createHash('sha256').update(manifestJson).digest('hex'),
    manifestJson,
    nodeCount: relationCount(manifest),
    promotedAt: now.toISOString(),
  };
}

export function relationCount(manifest: Manifest): number {
  return Object.keys(manifest.nodes).filter((id) => relationOfNode(manifest, id) !== null).length;
}

/** The manifest a record holds; an error when the stored text does not match its hash. */
export function recordedManifest(state: ProductionState): Manifest {
  const hash = createHash('sha256').update(state.manifestJson).digest('hex');
  if (hash !== state.manifestSha256) {
    throw new DailiesError('warehouse', `production's state record of commit ${state.commitSha.slice(0, 12)} is damaged: its manifest does not match its hash`, {
      hint: 'run `dailies promote --full` on the default branch to rebuild production and record it again',
    });
  }
  return parseManifest(state.manifestJson, `the manifest production recorded for commit ${state.commitSha.slice(0, 12)}`);
}

export interface ProductionBehind {
  commitSha: string;
  promotedAt: string;
  /** Ids production lacks compared with the head (changed since the record, and their downstream), minus `selected`. */
  behind: string[];
}

/** How far `head` is ahead of what production records (null when it keeps no record). */
export async function productionBehind(adapter: Adapter, head: Manifest, selected: string[] = []): Promise<ProductionBehind | null> {
  const state = await adapter.readProductionState();
  if (!state) return null;
  const already = new Set(selected);
  const changed = computeChangedSet(recordedManifest(state), head).selected;
  return { commitSha: state.commitSha, promotedAt: state.promotedAt, behind: changed.filter((id) => !already.has(id)) };
}
