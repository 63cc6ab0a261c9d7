/**
 * `runReview`: the pull-request check as one value. Compile base (merge-base) and head, find the
 * changed set, build changed+ in the PR schema deferring everything else to production, test it,
 * diff it against production, draw the lineage. A failing step still returns a Review that says
 * what failed.
 */
import { compileProject } from '../compiler/index.js';
import type { ProjectCompiler } from '../compiler/api.js';
import type { Manifest } from '../graph/types.js';
import type { Project } from '../project/types.js';
import type { Adapter } from '../warehouse/adapter.js';
import { openAdapter } from '../warehouse/index.js';
import { checkoutBase, type BaseCheckout } from './base-checkout.js';
import { computeChangedSet, impactedIds, type ChangedSet } from './changed-set.js';
import { compileDeferred, copyProductionState, runDeferredBuild, toBuildOutcome } from './deferred-build.js';
import { currentBranch } from './git.js';
import { buildLineage } from './lineage/index.js';
import { diffBuiltModels, schemaChangesOf } from './model-diffs.js';
import { prSchemaName } from './pr-schema.js';
import { dropExistingSchemas, schemasUnder } from './pr-schemas.js';
import { emptyReview, reviewError, statusOf, type ReviewStep } from './review-value.js';
import { compiledSqlDiffs } from './sql-diffs.js';
import { buildTargetFor, loadReviewProject, productionTarget, withTarget, type ProjectLocation } from './targets.js';
import type { Review, SchemaChange } from './types.js';

export interface ReviewOptions extends ProjectLocation {
  /** Production target name (default: `prod` when the profile has it, else the PR's target). */
  prodTarget?: string;
  /** The PR's base branch (or any ref): the review compares against merge-base(HEAD, baseRef). */
  baseRef: string;
  pr?: { number?: number | null; title?: string | null; branch?: string | null; url?: string | null };
  /** Overrides `state:modified+`. */
  select?: string[];
  threads?: number;
  /** Lineage only: compile, changed set, lineage and SQL diffs; no warehouse connection. */
  noBuild?: boolean;
  modeReason?: string;
  signal?: AbortSignal;
}

interface Compiled {
  project: Project;
  base: Manifest;
  /** Head compiled with production names (no schema override). */
  production: Manifest;
  changed: ChangedSet;
  prodSchema: string;
  /** The head with the target the PR build connects to. */
  buildProject: Project;
}

export async function runReview(options: ReviewOptions): Promise<Review> {
  const started = performance.now();
  const review = emptyReview({ baseRef: options.baseRef, mode: options.noBuild ? 'lineage-only' : 'full', modeReason: options.modeReason, pr: options.pr });
  let step: ReviewStep = 'git';
  let checkout: BaseCheckout | undefined;
  let adapter: Adapter | undefined;
  try {
    checkout = await checkoutBase(options.projectDir, options.baseRef);
    review.base.sha = checkout.sha;
    review.head.sha = checkout.headSha;
    const branch = options.pr?.branch ?? (await currentBranch(options.projectDir));
    review.head.ref = branch ?? 'HEAD';
    review.pr.branch = branch;

    const compileStarted = performance.now();
    const compiled = await compileBoth(options, checkout, (next) => (step = next));
    review.project = compiled.project.rootPackage.name;
    review.prodSchema = compiled.prodSchema;
    review.schema = prSchemaName({ number: options.pr?.number ?? null, branch: branch ?? `detached-${checkout.headSha}` });
    review.changes = compiled.changed.changes;
    review.impacted = impactedIds(review.changes, compiled.changed.selected, compiled.production);
    review.sqlDiffs = compiledSqlDiffs(compiled.base, compiled.production, review.changes);
    review.timings.compileSeconds = (performance.now() - compileStarted) / 1000;

    let schemaChanges = new Map<string, SchemaChange>();
    if (!options.noBuild && compiled.changed.selected.length > 0) {
      step = 'build';
      const buildStarted = performance.now();
      adapter = await openAdapter(compiled.buildProject.target);
      const prCompiler = await compileDeferred(compiled.buildProject, adapter, compiled.production, compiled.changed.selected, review.schema);
      // every push starts from empty PR schemas (nothing left over from the previous push);
      // snapshots continue production's history, incremental models build from scratch
      await dropExistingSchemas(adapter, schemasUnder(prCompiler.manifest, review.schema));
      await copyProductionState(adapter, compiled.production, prCompiler.manifest, compiled.changed.selected, { incremental: false });
      const build = await runDeferredBuild(prCompiler, {
        adapter,
        selected: compiled.changed.selected,
        threads: options.threads ?? compiled.project.target.threads,
        signal: options.signal,
      });
      review.builds = build.results.results.map((result) => toBuildOutcome(result, prCompiler.manifest));
      review.timings.buildSeconds = (performance.now() - buildStarted) / 1000;

      step = 'diff';
      const diffStarted = performance.now();
      review.diffs = await diffBuiltModels({
        adapter,
        production: compiled.production,
        pr: prCompiler.manifest,
        builds: review.builds,
        changed: new Set(review.changes.map((change) => change.uniqueId)),
        threads: options.threads ?? compiled.project.target.threads,
      });
      schemaChanges = schemaChangesOf(review.diffs);
      review.timings.diffSeconds = (performance.now() - diffStarted) / 1000;
    }

    step = 'lineage';
    review.lineage = buildLineage(compiled.production, compiled.base, review.changes, schemaChanges);
  } catch (error) {
    review.error = reviewError(error, step);
  } finally {
    checkout?.dispose();
    await adapter?.close();
  }
  review.status = statusOf(review.builds, review.error);
  review.timings.totalSeconds = (performance.now() - started) / 1000;
  return review;
}

async function compileBoth(options: ReviewOptions, checkout: BaseCheckout, enter: (step: ReviewStep) => void): Promise<Compiled> {
  enter('compile');
  const project = await loadReviewProject(options);
  const prodTarget = productionTarget(project, options, options.prodTarget);
  // the base reads profiles from where the head does (profiles.yml is rarely committed)
  const headCompiler: ProjectCompiler = await compileProject(withTarget(project, prodTarget));
  enter('base');
  const baseProject = await loadReviewProject({ ...options, projectDir: checkout.projectDir, profilesDir: options.profilesDir ?? options.projectDir });
  const baseCompiler: ProjectCompiler = await compileProject(withTarget(baseProject, prodTarget));
  enter('compile');
  const changed = computeChangedSet(baseCompiler.manifest, headCompiler.manifest, options.select);
  return { project, base: baseCompiler.manifest, production: headCompiler.manifest, changed, prodSchema: prodTarget.schema, buildProject: withTarget(project, buildTargetFor(project, prodTarget)) };
}
