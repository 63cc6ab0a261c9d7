/**
 * Binds the Action's `ReviewLibrary` to the review library in `src/review/`.
 * The only file of the Action that imports it.
 */
import { describeOutcome, fetchProduction, storeProduction } from '../production-store/project-production.js';
import { explainMissingProduction } from '../production-store/missing-production.js';
import { cleanupReview } from '../review/cleanup.js';
import { promote, type PromoteResult } from '../review/promote.js';
import { renderReport, renderSummaryLine } from '../review/report/index.js';
import { runReview } from '../review/run-review.js';
import type { ReviewLibrary, StepOutcome } from './library.js';

function cleanupMarkdown(schema: string, dropped: string[], absent: string[]): string {
  const lines = ['## dailies: pull request closed', ''];
  if (dropped.length > 0) lines.push(`Dropped ${dropped.map((name) => `\`${name}\``).join(', ')}.`);
  else lines.push(`Nothing to drop: \`${schema}\` did not exist${absent.length > 1 ? ` (nor ${absent.length - 1} related schemas)` : ''}.`);
  return `${lines.join('\n')}\n`;
}

function promoteMarkdown(result: PromoteResult): string {
  const lines = ['## dailies: promote', ''];
  if (result.status === 'nothing-to-publish') lines.push('Nothing changed that production needs: nothing was published.');
  if (result.status === 'published') {
    if (result.fullBuildReason) lines.push(`Everything was built (${result.fullBuildReason}).`, '');
    else if (result.base.ref === 'production' && result.base.sha) lines.push(`Compared with what production held: commit \`${result.base.sha.slice(0, 12)}\`.`, '');
    lines.push(`Published ${result.published.length} relation(s) after their tests passed in \`${result.stagingSchema}\`:`, '');
    for (const item of result.published) lines.push(`- \`${item.relation}\` (${item.kind})`);
  }
  if (result.status === 'failed') {
    lines.push('Production was left as it was.', '');
    for (const build of result.builds.filter((outcome) => outcome.status === 'error' || outcome.status === 'fail')) {
      lines.push(`- ${build.resourceType} \`${build.name}\` (${build.file}): ${build.status}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export const reviewLibrary: ReviewLibrary = {
  review: async (request) => {
    const location = { projectDir: request.projectDir, profilesDir: request.profilesDir, vars: request.vars, target: request.target, env: request.env };
    const review = await runReview({
      projectDir: request.projectDir,
      profilesDir: request.profilesDir,
      vars: request.vars,
      target: request.target,
      prodTarget: request.prodTarget,
      env: request.env,
      baseRef: request.base,
      pr: request.pr,
      select: request.select.length > 0 ? request.select : undefined,
      threads: request.threads,
      noBuild: request.noBuild,
      modeReason: request.noBuildReason,
    });
    return request.noBuild ? review : explainMissingProduction(review, location, request.prodTarget);
  },
  async cleanup(request): Promise<StepOutcome> {
    // the PR's review database lives beside the production the review read: the same prod target
    const result = await cleanupReview({ projectDir: request.projectDir, target: request.target, prodTarget: request.prodTarget, profilesDir: request.profilesDir, vars: request.vars, env: request.env, prNumber: request.prNumber });
    return { ok: true, schema: result.schema, models: [], markdown: cleanupMarkdown(result.schema, result.dropped, result.absent) };
  },
  async promote(request): Promise<StepOutcome> {
    const result = await promote({
      projectDir: request.projectDir,
      profilesDir: request.profilesDir,
      vars: request.vars,
      // promote writes production: the production target when one is named
      target: request.prodTarget ?? request.target,
      env: request.env,
      // compared with what production records it holds, never with the push's `before`: a
      // promotion that was missed (failed, cancelled, superseded) is built by this one
      threads: request.threads,
    });
    return {
      ok: result.status !== 'failed',
      schema: null,
      models: result.published.map((item) => item.uniqueId.split('.').at(-1) ?? item.uniqueId),
      markdown: promoteMarkdown(result),
      ...(result.error ? { error: result.error } : {}),
    };
  },
  render: (review, options) => renderReport(review, options),
  summaryLine: (review) => renderSummaryLine(review),
  async fetchProduction(request) {
    const outcome = await fetchProduction(request.store, request, { env: request.env, githubToken: request.githubToken, cwd: request.projectDir }, request.prodTarget);
    return { line: describeOutcome('fetched', outcome), empty: outcome.kind === 'empty' };
  },
  async storeProduction(request) {
    const outcome = await storeProduction(request.store, request, { env: request.env, githubToken: request.githubToken, cwd: request.projectDir }, request.commit, request.prodTarget);
    return describeOutcome('stored', outcome);
  },
};
