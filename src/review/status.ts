/**
 * `productionStatus`: what production records it holds (the commit, when, how many relations) and
 * how far this checkout is ahead of it: the nodes changed since, and what the next promotion builds.
 */
import { compileProject } from '../compiler/index.js';
import { openAdapter } from '../warehouse/index.js';
import { computeChangedSet } from './changed-set.js';
import { git, resolveCommit } from './git.js';
import { recordedManifest } from './production-state.js';
import { loadReviewProject, productionTarget, withTarget, type ProjectLocation } from './targets.js';
import type { ChangedNode } from './types.js';

export interface StatusOptions extends ProjectLocation {
  /** The production target (default: `--target` when given, else `prod` when the profile has it). */
  prodTarget?: string;
}

export interface ProductionStatus {
  target: string;
  /** Null when production keeps no record (never promoted by a dailies that records one). */
  production: { commitSha: string; promotedAt: string; relations: number } | null;
  head: { sha: string | null; commitsAhead: number | null };
  /** Nodes changed between the record and this checkout (cosmetic edits included, marked). */
  changes: ChangedNode[];
  /** What the next promotion builds (changed nodes, their downstream and tests). */
  toBuild: string[];
}

export async function productionStatus(options: StatusOptions): Promise<ProductionStatus> {
  const loaded = await loadReviewProject(options);
  const target = options.prodTarget !== undefined || options.target === undefined ? productionTarget(loaded, options, options.prodTarget) : loaded.target;
  const headSha = await resolveCommit(options.projectDir, 'HEAD').catch(() => null);
  const adapter = await openAdapter(target);
  try {
    const state = await adapter.readProductionState();
    const status: ProductionStatus = { target: target.name, production: null, head: { sha: headSha, commitsAhead: null }, changes: [], toBuild: [] };
    if (!state) return status;
    status.production = { commitSha: state.commitSha, promotedAt: state.promotedAt, relations: state.nodeCount };
    // compiled as promote compiles it, so that the comparison is promote's own
    const head = await compileProject(withTarget(loaded, target), { adapter });
    const changed = computeChangedSet(recordedManifest(state), head.manifest);
    status.changes = changed.changes;
    status.toBuild = changed.selected;
    if (headSha) status.head.commitsAhead = await commitsBetween(options.projectDir, state.commitSha, headSha);
    return status;
  } finally {
    await adapter.close();
  }
}

/** Commits in `to` that `from` lacks, or null when `from` is not in this clone. */
async function commitsBetween(cwd: string, from: string, to: string): Promise<number | null> {
  if (!/^[0-9a-f]{7,64}$/.test(from)) return null;
  try {
    return Number(await git(cwd, ['rev-list', '--count', `${from}..${to}`]));
  } catch {
    return null;
  }
}

/** The status as the lines `dailies status` prints. */
export function formatStatus(status: ProductionStatus): string {
  if (!status.production) {
    return `production (target ${status.target}) keeps no record of what it holds: the next \`dailies promote\` builds everything and records it\n`;
  }
  const { commitSha, promotedAt, relations } = status.production;
  const lines = [`production (target ${status.target}): commit ${commitSha.slice(0, 12)}, promoted ${promotedAt}, ${relations} relation${relations === 1 ? '' : 's'}`];
  const head = status.head.sha ? `HEAD ${status.head.sha.slice(0, 12)}` : 'this checkout';
  const ahead = status.head.commitsAhead === null ? '' : `, ${status.head.commitsAhead} commit${status.head.commitsAhead === 1 ? '' : 's'} ahead`;
  const real = status.changes.filter((change) => !change.cosmetic);
  if (real.length === 0) {
    lines.push(`${head}${ahead}: production is up to date (no node changed)`);
  } else {
    lines.push(`${head}${ahead}: ${real.length} node${real.length === 1 ? '' : 's'} changed since, ${status.toBuild.length} to build at the next promote`);
    for (const change of real) lines.push(`  ${change.status.padEnd(9)}${change.uniqueId}${change.reasons.length > 0 ? `  (${change.reasons.join(', ')})` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
