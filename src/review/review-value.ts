/**
 * Assembling the Review value: its empty start, the error of a failed step, and the final status.
 */
import { isDailiesError } from '../errors.js';
import type { BuildOutcome, Review, ReviewStatus } from './types.js';

export interface ReviewStart {
  baseRef: string;
  mode: Review['mode'];
  modeReason?: string;
  pr?: { number?: number | null; title?: string | null; branch?: string | null; url?: string | null };
}

export function emptyReview(start: ReviewStart): Review {
  return {
    status: 'success',
    mode: start.mode,
    ...(start.modeReason !== undefined ? { modeReason: start.modeReason } : {}),
    project: '',
    base: { ref: start.baseRef, sha: '' },
    head: { ref: start.pr?.branch ?? 'HEAD', sha: '' },
    pr: { number: start.pr?.number ?? null, title: start.pr?.title ?? null, branch: start.pr?.branch ?? null, url: start.pr?.url ?? null },
    schema: '',
    prodSchema: '',
    changes: [],
    impacted: [],
    builds: [],
    diffs: [],
    lineage: { nodes: [], edges: [], breaking: [], columnImpact: [] },
    sqlDiffs: {},
    timings: { compileSeconds: 0, buildSeconds: 0, diffSeconds: 0, totalSeconds: 0 },
  };
}

export type ReviewStep = 'git' | 'base' | 'compile' | 'build' | 'diff' | 'lineage';

const RETRY: Record<ReviewStep, string> = {
  git: 'fetch the base branch (actions/checkout: fetch-depth: 0) and run `dailies ci --base <ref>` again',
  base: 'the base commit itself does not compile: fix it on the base branch (or rebase onto a base that compiles), then re-run the check',
  compile: 'fix the file named above, push, and the check runs again (locally: `dailies compile`)',
  build: 'check that the warehouse is reachable and the credentials are valid, then re-run the check',
  diff: 'the build succeeded; re-run the check to retry the data diff',
  lineage: 're-run the check; if it fails again, report it with the log',
};

const WHERE: Record<ReviewStep, string> = {
  git: 'reading the base from git',
  base: 'compiling the base commit',
  compile: 'compiling the project',
  build: 'the PR build',
  diff: 'the data diff',
  lineage: 'the lineage step',
};

/** What failed in which step, with the place and a hint how to retry. */
export function reviewError(error: unknown, step: ReviewStep): NonNullable<Review['error']> {
  const where = WHERE[step];
  if (isDailiesError(error)) {
    return {
      message: `${where} failed: ${error.message}`,
      ...(error.place ? { file: error.place.file, ...(error.place.line !== undefined ? { line: error.place.line } : {}) } : {}),
      hint: error.hint ? `${error.hint}; ${RETRY[step]}` : RETRY[step],
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message: `${where} failed: ${message}`, hint: RETRY[step] };
}

export function statusOf(builds: BuildOutcome[], error: Review['error']): ReviewStatus {
  if (error) return 'error';
  return builds.some((build) => build.status === 'error' || build.status === 'fail') ? 'failure' : 'success';
}
