/**
 * After a review ran: the report as a file, in the job summary and as the sticky PR comment; a
 * check run whose annotations point at failing files and lines; the outputs; and the step's
 * failed state under `fail-on`.
 */
import path from 'node:path';
import { writeRedactedFile } from '../redact/write-file.js';
import type { Review } from '../review/types.js';
import type { PullRequestInfo } from './event.js';
import { failureDetails } from './failure-report.js';
import { postComment } from './publish-comment.js';
import { safeSummary, type ActionStatus, type RunContext } from './run-context.js';
import { REVIEW_MARKER } from './sticky-comment.js';
import { changedModelNames, checkConclusion, reviewAnnotations, reviewFails } from './verdict.js';

export const CHECK_RUN_NAME = 'dailies';

/** GitHub keeps at most 1 MiB of job summary per step; leave room for the other steps' bytes. */
export const SUMMARY_MAX_BYTES = 1_000_000;

/** The report for the job summary: the comment when it was not shortened, else as much as fits 1 MiB. */
function summaryMarkdown(context: RunContext, review: Review, comment: string | null): string {
  if (comment !== null) return comment;
  let maxChars = SUMMARY_MAX_BYTES;
  for (;;) {
    const { markdown } = context.deps.library.render(review, { marker: REVIEW_MARKER, maxChars, sampleRows: context.sampleRows });
    const bytes = Buffer.byteLength(markdown);
    if (bytes <= SUMMARY_MAX_BYTES || maxChars < 10_000) return markdown;
    maxChars = Math.floor((maxChars * SUMMARY_MAX_BYTES) / bytes) - 1000;
  }
}

function writeReportFiles(context: RunContext, markdown: string, review: Review): string {
  const reportPath = path.join(context.deps.outputDir, 'dailies-report.md');
  writeRedactedFile(reportPath, markdown, context.redactor);
  writeRedactedFile(path.join(context.deps.outputDir, 'dailies-review.json'), `${JSON.stringify(review, null, 2)}\n`, context.redactor);
  return reportPath;
}

async function publishCheck(context: RunContext, review: Review, pr: PullRequestInfo): Promise<void> {
  const { io } = context;
  const annotations = reviewAnnotations(review, context.projectPrefix, context.inputs.failOn);
  const conclusion = checkConclusion(review, context.inputs.failOn);
  const failing = annotations.filter((annotation) => annotation.annotation_level === 'failure').length;
  try {
    await context.client().createCheckRun({
      name: CHECK_RUN_NAME,
      headSha: pr.headSha,
      conclusion,
      title: conclusion === 'success' ? 'dailies: review passed' : `dailies: ${failing} failing item(s)`,
      summary: `${context.deps.library.summaryLine(review)}. PR schema \`${review.schema}\`. The report is in the pull request comment and the job summary.`,
      annotations,
    });
  } catch (error) {
    // Fork PRs get a read-only token (no checks: write): annotate through the workflow's own check instead.
    io.info(`dailies: no check run (${failureDetails(error).message}); annotating the workflow run instead`);
    for (const annotation of annotations) {
      const place = { file: annotation.path, startLine: annotation.start_line, title: annotation.title };
      if (annotation.annotation_level === 'failure') io.error(annotation.message, place);
      else io.warning(annotation.message, place);
    }
  }
}

export async function publishReview(context: RunContext, review: Review, pr: PullRequestInfo): Promise<ActionStatus> {
  const { library } = context.deps;
  const { io } = context;
  const { failOn } = context.inputs;
  const { sampleRows, runUrl } = context;
  const { docsPreviewUrl } = context.inputs;
  const rendered = library.render(review, { marker: REVIEW_MARKER, maxChars: context.inputs.maxChars, sampleRows, fullReportUrl: runUrl, docsPreviewUrl });
  io.info(library.summaryLine(review));
  if (rendered.truncated.length > 0) io.info(`dailies: the comment was shortened to fit: ${rendered.truncated.join(', ')}`);
  // the report file has everything; the job summary as much as GitHub keeps (1 MiB)
  const reportPath = writeReportFiles(context, library.render(review, { marker: REVIEW_MARKER, maxChars: Number.POSITIVE_INFINITY, sampleRows, docsPreviewUrl }).markdown, review);
  await safeSummary(io, summaryMarkdown(context, review, rendered.truncated.length > 0 ? null : rendered.markdown));
  const commented = context.inputs.comment ? await postComment(context, pr.number, rendered.markdown, pr.fromFork) : true;
  await publishCheck(context, review, pr);

  const fails = reviewFails(review, failOn);
  const status: ActionStatus = review.error || review.status === 'error' ? 'error' : fails || review.status === 'failure' ? 'failure' : 'success';
  io.setOutput('schema', review.mode === 'full' ? review.schema : '');
  io.setOutput('changed-models', changedModelNames(review).join(','));
  io.setOutput('report-path', reportPath);
  io.setOutput('status', status);

  if (review.error) {
    io.setFailed(`dailies review failed: ${review.error.message}${review.error.hint ? ` (hint: ${review.error.hint})` : ''}`);
  } else if (fails) {
    io.setFailed(`dailies review: ${review.status === 'success' ? 'tests warned' : 'builds or tests failed'} (fail-on: ${failOn}); see the report`);
  } else if (!commented) {
    io.setFailed('dailies review: the report could not be posted to the pull request; re-run the job to retry');
  }
  return status;
}
