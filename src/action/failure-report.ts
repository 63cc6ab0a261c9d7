/**
 * Honest failure: when the review, cleanup or promote cannot finish (warehouse down, compile
 * error, API refused), the comment and the summary say what failed and how to retry.
 */
import { describeError, isDailiesError } from '../errors.js';

export interface FailureDetails {
  message: string;
  file?: string;
  line?: number;
  hint?: string;
}

export function failureDetails(error: unknown): FailureDetails {
  if (isDailiesError(error)) {
    return { message: error.message, file: error.place?.file, line: error.place?.line, hint: error.hint };
  }
  return { message: describeError(error) };
}

/** Text from the pull request or the warehouse, made inert in Markdown (no HTML, no mentions, no fences). */
export function inertMarkdown(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('`', "'")
    .replaceAll('@', '@\u200b');
}

const RETRY: Record<string, string> = {
  review: 'Fix the cause, then push a commit or re-run this job ("Re-run jobs" on the workflow run). Transient warehouse or network errors usually pass on a re-run.',
  cleanup: 'Re-run this job, or drop the schema by hand with `dailies cleanup --pr <number>`.',
  promote: 'Production was left as it was. Fix the cause and re-run this job, or run `dailies promote` from a checkout of the default branch.',
};

export function failureMarkdown(step: 'review' | 'cleanup' | 'promote', details: FailureDetails, marker?: string): string {
  const where = details.file ? ` in \`${inertMarkdown(details.file)}${details.line ? `:${details.line}` : ''}\`` : '';
  const lines = [
    ...(marker ? [marker] : []),
    `## dailies: the ${step} did not finish`,
    '',
    `**What failed**${where}:`,
    '',
    '```text',
    details.message.replaceAll('```', "'''"),
    '```',
  ];
  if (details.hint) lines.push('', `**Hint:** ${inertMarkdown(details.hint)}`);
  lines.push('', `**How to retry:** ${RETRY[step]}`, '');
  return lines.join('\n');
}
