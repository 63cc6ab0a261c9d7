/**
 * What a review means for the workflow: the annotations that point at failing files and lines,
 * the check run's conclusion, and whether the step fails under the `fail-on` input.
 */
import path from 'node:path';
import type { Review } from '../review/types.js';
import type { CheckAnnotation } from './github-client.js';
import type { FailOn } from './inputs.js';

/** Turns a project-relative file into a repository-relative one (annotations need the latter). */
export function repoPath(projectPrefix: string, file: string): string {
  const joined = path.posix.normalize(path.posix.join(projectPrefix.split(path.sep).join('/'), file.split(path.sep).join('/')));
  return joined.replace(/^\.\//, '');
}

function oneLine(text: string, max = 500): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Compile errors, failed builds and failing tests, each at its file and line. */
export function reviewAnnotations(review: Review, projectPrefix: string, failOn: FailOn): CheckAnnotation[] {
  const annotations: CheckAnnotation[] = [];
  if (review.error?.file) {
    const line = review.error.line ?? 1;
    annotations.push({
      path: repoPath(projectPrefix, review.error.file),
      start_line: line,
      end_line: line,
      annotation_level: 'failure',
      title: 'dailies: the review could not finish',
      message: oneLine(review.error.hint ? `${review.error.message} — ${review.error.hint}` : review.error.message),
    });
  }
  for (const build of review.builds) {
    if (!build.file) continue;
    const failing = build.status === 'error' || build.status === 'fail';
    const warning = build.status === 'warn';
    if (!failing && !warning) continue;
    const what = build.resourceType === 'test' ? `test ${build.name}` : `${build.resourceType} ${build.name}`;
    const line = build.line ?? 1;
    const counted = build.failures !== null && build.failures !== undefined ? ` (${build.failures} failing rows)` : '';
    annotations.push({
      path: repoPath(projectPrefix, build.file),
      start_line: line,
      end_line: line,
      annotation_level: failing && failOn !== 'never' ? 'failure' : 'warning',
      title: `dailies: ${what} ${build.status === 'error' ? 'errored' : build.status === 'fail' ? 'failed' : 'warned'}${counted}`,
      message: oneLine(build.message || `${what}: ${build.status}`),
    });
  }
  return annotations;
}

/** True when the review's findings fail the step under `fail-on` (a review that could not run always does). */
export function reviewFails(review: Review, failOn: FailOn): boolean {
  if (review.status === 'error' || review.error) return true;
  if (failOn === 'never') return false;
  const statuses = new Set(review.builds.map((build) => build.status));
  if (review.status === 'failure' || statuses.has('error') || statuses.has('fail')) return true;
  return failOn === 'warn' && statuses.has('warn');
}

export function checkConclusion(review: Review, failOn: FailOn): 'success' | 'failure' | 'neutral' {
  if (reviewFails(review, failOn)) return 'failure';
  return review.status === 'success' ? 'success' : 'neutral';
}

export function changedModelNames(review: Review): string[] {
  return review.changes.filter((change) => change.resourceType === 'model').map((change) => change.name);
}
