/**
 * `promote`: write-audit-publish of a merged change. Build what changed since the manifest
 * production records it holds (see production-state.ts; everything when production is empty or
 * keeps no record) and its downstream into a staging schema, deferring unchanged upstream to
 * production; incremental models and snapshots start from a copy of production. Run their tests
 * there. Only when everything passed, publish in one transaction together with production's new
 * record (this commit, this manifest) — or, where the warehouse can swap schemas (Snowflake), build in
 * a zero-copy clone of production, swap it in (publish-swap.ts) and then write the record. On any
 * failure production and its record are untouched, so
 * the next promotion builds what this one missed. Staging schemas of earlier promotions that were
 * killed are dropped first; this one's are dropped at the end.
 */
import { compileProject } from '../compiler/index.js';
import type { Manifest } from '../graph/types.js';
import type { Adapter } from '../warehouse/adapter.js';
import { openAdapter } from '../warehouse/index.js';
import { checkoutBase, type BaseCheckout } from './base-checkout.js';
import { BUILDABLE, computeChangedSet } from './changed-set.js';
import { buildFailed, compileDeferred, compileTimeAdapter, copyProductionState, relationOfNode, runDeferredBuild, toBuildOutcome } from './deferred-build.js';
import { resolveCommit } from './git.js';
import { dropExistingSchemas, schemasUnder, type SchemaRef } from './pr-schemas.js';
import { recordedManifest, stateOf } from './production-state.js';
import { publishStaged, removedRelations, type Published } from './publish.js';
import { canPublishBySwap, cloneProduction, publishBySwap, swapPairs, type SwapPair } from './publish-swap.js';
import { reviewError, type ReviewStep } from './review-value.js';
import { dropStagingLeftovers, stagingSchemaName } from './staging-schemas.js';
import { loadReviewProject, productionTarget, withTarget, type ProjectLocation } from './targets.js';
import type { BuildOutcome, ChangedNode, Review } from './types.js';

export interface PromoteOptions extends ProjectLocation {
  /**
   * Compare with this ref instead of production's record (for repairs by hand). Without it,
   * promote compares with the manifest production records, and builds everything when production
   * is empty or keeps no record.
   */
  baseRef?: string;
  threads?: number;
  signal?: AbortSignal;
}

export interface PromoteResult {
  status: 'published' | 'nothing-to-publish' | 'failed';
  /** What was compared with: `production` (its record: the commit it holds), a `--base` ref, or nothing (a full build). */
  base: { ref: string | null; sha: string | null };
  headSha: string;
  /** Why everything was built, when it was (`production is empty`, `production keeps no record of what it holds`). */
  fullBuildReason: string | null;
  stagingSchema: string;
  /** Staging schemas of earlier, killed promotions, dropped before this one started. */
  leftoversDropped: string[];
  changes: ChangedNode[];
  builds: BuildOutcome[];
  published: Published[];
  error?: Review['error'];
  seconds: number;
}

export async function promote(options: PromoteOptions): Promise<PromoteResult> {
  const started = performance.now();
  // production: --target when given, else the profile's `prod` target when it has one
  const loaded = await loadReviewProject(options);
  const project = options.target === undefined ? withTarget(loaded, productionTarget(loaded, options)) : loaded;
  const headSha = await resolveCommit(options.projectDir, 'HEAD');
  const stagingSchema = stagingSchemaName(project.target.schema, headSha);
  const result: PromoteResult = { status: 'failed', base: { ref: null, sha: null }, headSha, fullBuildReason: null, stagingSchema, leftoversDropped: [], changes: [], builds: [], published: [], seconds: 0 };
  const adapter = await openAdapter(project.target);
  let checkout: BaseCheckout | undefined;
  let stagingSchemas: SchemaRef[] = [];
  let step: ReviewStep = 'compile';
  try {
    result.leftoversDropped = await dropStagingLeftovers(adapter, project.target.schema);
    // a macro asking about a relation production lacks yet (a first promotion, a new model) does
    // not stop the promotion here: each node is rendered again, with the real adapter, when it is
    // built or published, and an error then fails the audit
    const production = await compileProject(project, { adapter: compileTimeAdapter(adapter), nodeErrors: 'collect' });
    const prodManifest = production.manifest;
    const record = stateOf(prodManifest, headSha);
    const recorded = await adapter.readProductionState();
    const missing = await missingRelations(adapter, prodManifest);
    const everything = Object.keys(prodManifest.nodes).filter((id) => BUILDABLE.includes(prodManifest.nodes[id]!.resource_type));
    let selected: string[];
    let base: Manifest | null = null;
    if (missing.size > 0 && missing.size === countRelations(prodManifest)) {
      result.fullBuildReason = 'production is empty';
    } else if (options.baseRef !== undefined) {
      step = 'git';
      checkout = await checkoutBase(options.projectDir, options.baseRef, { exact: true, env: options.env });
      result.base = { ref: options.baseRef, sha: checkout.sha };
      step = 'base';
      const baseProject = await loadReviewProject({ ...options, projectDir: checkout.projectDir, profilesDir: options.profilesDir ?? options.projectDir });
      base = (await compileProject({ ...baseProject, target: project.target }, { adapter: compileTimeAdapter(adapter), nodeErrors: 'collect' })).manifest;
    } else if (recorded) {
      // what production holds, not what the previous commit held: a missed promotion is built now
      result.base = { ref: 'production', sha: recorded.commitSha };
      base = recordedManifest(recorded);
    } else {
      result.fullBuildReason = 'production keeps no record of what it holds';
    }
    step = 'compile';
    if (base) {
      const changed = computeChangedSet(base, prodManifest);
      result.changes = changed.changes;
      // relations production lacks (a dropped table) are built too
      selected = withDownstream(prodManifest, [...changed.selected, ...missing]);
    } else {
      selected = everything;
    }
    selected = selected.filter((id) => prodManifest.nodes[id]?.config.materialized !== 'ephemeral');
    const remove = base ? removedRelations(base, prodManifest) : [];
    if (selected.length === 0 && remove.length === 0) {
      // production already holds this manifest's relations: only its record moves to this commit
      if (recorded && result.base.ref === 'production' && (recorded.commitSha !== record.commitSha || recorded.manifestSha256 !== record.manifestSha256)) {
        await adapter.transaction((tx) => adapter.recordProductionState(tx, record));
      }
      result.status = 'nothing-to-publish';
      return result;
    }

    step = 'build';
    let stagingManifest = prodManifest;
    let built: string[] = [];
    let pairs: SwapPair[] = [];
    let bySwap = false;
    if (selected.length > 0) {
      const staging = await compileDeferred(project, adapter, prodManifest, selected, stagingSchema);
      stagingManifest = staging.manifest;
      stagingSchemas = schemasUnder(staging.manifest, stagingSchema);
      await dropExistingSchemas(adapter, stagingSchemas);
      // Snowflake: staging starts as a zero-copy clone of production and is swapped in whole (not
      // when models were deleted: their relations would come back with the clone)
      pairs = swapPairs(schemasWithRelations(staging.manifest, stagingSchemas), stagingSchema, project.target.schema);
      bySwap = remove.length === 0 && canPublishBySwap(adapter) && (await cloneProduction(adapter, pairs));
      if (!bySwap) await copyProductionState(adapter, prodManifest, staging.manifest, selected, { incremental: true });
      const build = await runDeferredBuild(staging, { adapter, selected, threads: options.threads ?? project.target.threads, signal: options.signal });
      result.builds = build.results.results.map((nodeResult) => toBuildOutcome(nodeResult, staging.manifest));
      if (buildFailed(result.builds) || build.results.interrupted) {
        result.error = { message: 'the audit failed: production was left as it was', hint: 'fix the failing models or tests listed above and push again' };
        return result;
      }
      built = result.builds.filter((outcome) => outcome.status === 'success').map((outcome) => outcome.uniqueId);
    }
    if (options.signal?.aborted) {
      result.error = { message: 'the promotion was cancelled before publishing: production was left as it was', hint: 'run `dailies promote` again; it builds everything production lacks' };
      return result;
    }
    result.published = bySwap
      ? await publishBySwap(adapter, { production, staging: stagingManifest, built, pairs, record })
      : await publishStaged(adapter, { production, staging: stagingManifest, built, record, remove });
    result.status = 'published';
    return result;
  } catch (error) {
    result.status = 'failed';
    result.error = reviewError(error, step);
    return result;
  } finally {
    checkout?.dispose();
    try {
      await dropExistingSchemas(adapter, stagingSchemas);
    } finally {
      await adapter.close();
      result.seconds = (performance.now() - started) / 1000;
    }
  }
}

/** The staging schemas that models, seeds or snapshots are built in (not test audit schemas). */
function schemasWithRelations(manifest: Manifest, schemas: SchemaRef[]): SchemaRef[] {
  const used = new Set(Object.keys(manifest.nodes).map((id) => relationOfNode(manifest, id)?.schema.toLowerCase()).filter(Boolean));
  return schemas.filter((ref) => used.has(ref.schema.toLowerCase()));
}

function countRelations(manifest: Manifest): number {
  return Object.keys(manifest.nodes).filter((id) => relationOfNode(manifest, id) !== null).length;
}

/** Ids whose production relation does not exist. */
async function missingRelations(adapter: Adapter, manifest: Manifest): Promise<Set<string>> {
  const bySchema = new Map<string, Set<string>>();
  const missing = new Set<string>();
  for (const id of Object.keys(manifest.nodes)) {
    const relation = relationOfNode(manifest, id);
    if (!relation) continue;
    const key = `${relation.database ?? ''}\u0000${relation.schema}`;
    let names = bySchema.get(key);
    if (!names) {
      names = new Set((await adapter.listRelations(relation.database, relation.schema)).map((info) => info.identifier.toLowerCase()));
      bySchema.set(key, names);
    }
    if (!names.has(relation.identifier.toLowerCase())) missing.add(id);
  }
  return missing;
}

/** `ids` and everything downstream of them (tests included), sorted. */
function withDownstream(manifest: Manifest, ids: string[]): string[] {
  const seen = new Set<string>();
  const stack = [...ids];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id) || !manifest.nodes[id]) continue;
    seen.add(id);
    stack.push(...(manifest.child_map[id] ?? []));
  }
  return [...seen].filter((id) => BUILDABLE.includes(manifest.nodes[id]!.resource_type)).sort();
}
