/**
 * Posting the sticky comment, honestly: an API failure is reported with what failed and how to
 * retry. On fork pull requests GitHub gives the workflow a read-only token, so a refused comment
 * there is expected: the report stays in the job summary.
 */
import { failureDetails } from './failure-report.js';
import type { RunContext } from './run-context.js';
import { upsertStickyComment } from './sticky-comment.js';

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Creates or edits the PR's sticky comment. Returns false when the API refused (already logged). */
export async function postComment(context: RunContext, prNumber: number, markdown: string, fromFork: boolean): Promise<boolean> {
  const { io } = context;
  try {
    const outcome = await upsertStickyComment(context.client(), prNumber, markdown);
    io.info(`dailies: PR comment ${outcome.action} (id ${outcome.commentId})`);
    return true;
  } catch (error) {
    const status = statusOf(error);
    if (fromFork && (status === 403 || status === 404)) {
      io.warning('GitHub gives fork pull requests a read-only token, so the review could not be posted as a comment: it is in the job summary.');
      return true;
    }
    const why = status === 403 ? " (the token lacks 'pull-requests: write'; add it to the workflow's permissions)" : '';
    io.error(`could not post the PR comment: ${failureDetails(error).message}${why}. The report is in the job summary; re-run the job to retry.`);
    return false;
  }
}
