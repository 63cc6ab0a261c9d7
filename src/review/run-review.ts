/**
 * `runReview`: the pull-request check as one value. Compile base (merge-base) and head, find the
 * changed set, build changed+ in the PR's review session (its own storage, production read-only)
 * deferring everything else to production, test it, diff it against production, draw the lineage.
 * A failing step still returns a Review that says what failed.
 */
import { compileProject } from '../compiler/index.js';
import type { ProjectCompiler } from '../compiler/api.js';
import type { Manifest } from '../graph/types.js';
import type { Project, TargetConfig } from '../project/types.js';
import type { ReviewSession } from '../warehouse/adapter.js';
import { discardReviewSession, openReviewSession } from '../warehouse/index.js';
import { checkoutBase, type BaseCheckout } from './base-checkout.js';
import { computeChangedSet, impactedIds, type ChangedSet } from './changed-set.js';
import { compileDeferred, copyProductionState, runDeferredBuild, toBuildOutcome } from './deferred-build.js';
import { currentBranch } from './git.js';
import { isolationOutcomes } from './isolation.js';
import { buildLineage } from './lineage/index.js';
import { diffBuiltModels, schemaChangesOf } from './model-diffs.js';
import { prSchemaName } from './pr-schema.js';
import { dropExistingSchemas, schemasUnder } from './pr-schemas.js';
import { productionBehind } from './production-state.js';
import { emptyReview, reviewError, statusOf, type ReviewStep } from './review-value.js';
import { compiledSqlDiffs } from './sql-diffs.js';
import { loadReviewProject, productionTarget, seedFiles, withTarget, type ProjectLocation } from './targets.js';
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
  base: Manifest;
  /** Head compiled with production names (no schema override). */
  production: Manifest;
  changed: ChangedSet;
}

export async function runReview(options: ReviewOptions): Promise<Review> {
  const started = performance.now();
  const review = emptyReview({ baseRef: options.baseRef, mode: options.noBuild ? 'lineage-only' : 'full', modeReason: options.modeReason, pr: options.pr });
  let step: ReviewStep = 'git';
  let checkout: BaseCheckout | undefined;
  let session: ReviewSession | undefined;
  let prodTarget: TargetConfig | undefined;
  let reviewer: TargetConfig | undefined;
  let built = false;
  try {
    checkout = await checkoutBase(options.projectDir, options.baseRef, { env: options.env });
    review.base.sha = checkout.sha;
    review.head.sha = checkout.headSha;
    const branch = options.pr?.branch ?? (await currentBranch(options.projectDir));
    review.head.ref = branch ?? 'HEAD';
    review.pr.branch = branch;
    review.schema = prSchemaName({ number: options.pr?.number ?? null, branch: branch ?? `detached-${checkout.headSha}` });

    const compileStarted = performance.now();
    step = 'compile';
    const project = await loadReviewProject(options);
    prodTarget = productionTarget(project, options, options.prodTarget);
    reviewer = project.target;
    review.project = project.rootPackage.name;
    review.prodSchema = prodTarget.schema;
    let production = prodTarget;
    if (!options.noBuild) {
      // the PR's only connection: production read-only, checked before anything else happens
      step = 'build';
      session = await openReviewSession({ production: prodTarget, reviewer, name: review.schema, readablePaths: seedFiles(project) });
      await session.verifyCannotWriteProduction();
      production = { ...prodTarget, database: prodTarget.database ?? session.productionDatabase ?? undefined };
    }
    const compiled = await compileBoth(options, project, production, checkout, (next) => (step = next));
    review.changes = compiled.changed.changes;
    review.impacted = impactedIds(review.changes, compiled.changed.selected, compiled.production);
    review.sqlDiffs = compiledSqlDiffs(compiled.base, compiled.production, review.changes);
    review.timings.compileSeconds = (performance.now() - compileStarted) / 1000;

    let selected = compiled.changed.selected;
    if (session) {
      // what production lacks beyond this PR (a promotion missed on main) is built too, not deferred to stale tables
      const behind = await productionBehind(session.adapter, compiled.production, selected);
      if (behind) {
        review.production = behind;
        selected = [...new Set([...selected, ...behind.behind])].sort();
      }
    }

    let schemaChanges = new Map<string, SchemaChange>();
    if (session && selected.length > 0) {
      step = 'build';
      const buildStarted = performance.now();
      const adapter = session.adapter;
      const prCompiler = await compileDeferred(withTarget(project, session.target), adapter, compiled.production, selected, review.schema);
      // every push starts from empty PR schemas (nothing left over from the previous push);
      // snapshots continue production's history; where tables clone without copying (Snowflake),
      // incremental models do too, and run incrementally as the promotion will — elsewhere
      // (DuckDB: a clone is a full copy) they build from scratch
      await dropExistingSchemas(adapter, schemasUnder(prCompiler.manifest, review.schema));
      await copyProductionState(adapter, compiled.production, prCompiler.manifest, selected, { incremental: adapter.capabilities?.zeroCopyClone === true });
      built = true;
      const build = await runDeferredBuild(prCompiler, {
        adapter,
        selected,
        threads: options.threads ?? project.target.threads,
        signal: options.signal,
        projectHooks: { onRunStart: project.rootPackage.config.onRunStart, onRunEnd: project.rootPackage.config.onRunEnd },
      });
      review.builds = build.results.results.map((result) => toBuildOutcome(result, prCompiler.manifest));
      review.builds.push(...(await isolationOutcomes(session, prCompiler.manifest, build.results.hookErrors, review.schema)));
      review.timings.buildSeconds = (performance.now() - buildStarted) / 1000;

      step = 'diff';
      const diffStarted = performance.now();
      review.diffs = await diffBuiltModels({
        adapter,
        production: compiled.production,
        pr: prCompiler.manifest,
        builds: review.builds,
        // nodes production lacks or holds stale (behind main) are compared row by row like the PR's own changes
        changed: new Set([...review.changes.map((change) => change.uniqueId), ...(review.production?.behind ?? [])]),
        threads: options.threads ?? project.target.threads,
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
    await session?.close();
    // a push that builds nothing leaves no PR database behind (nor the previous push's)
    if (session && prodTarget && reviewer && !built) discardReviewSession({ production: prodTarget, reviewer, name: review.schema });
  }
  review.status = statusOf(review.builds, review.error);
  review.timings.totalSeconds = (performance.now() - started) / 1000;
  return review;
}

async function compileBoth(options: ReviewOptions, project: Project, prodTarget: TargetConfig, checkout: BaseCheckout, enter: (step: ReviewStep) => void): Promise<Compiled> {
  enter('compile');
  // the base reads profiles from where the head does (profiles.yml is rarely committed)
  const headCompiler: ProjectCompiler = await compileProject(withTarget(project, prodTarget));
  enter('base');
  const baseProject = await loadReviewProject({ ...options, projectDir: checkout.projectDir, profilesDir: options.profilesDir ?? options.projectDir });
  const baseCompiler: ProjectCompiler = await compileProject(withTarget(baseProject, prodTarget));
  enter('compile');
  const changed = computeChangedSet(baseCompiler.manifest, headCompiler.manifest, options.select);
  return { base: baseCompiler.manifest, production: headCompiler.manifest, changed };
}
