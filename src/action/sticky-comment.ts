/**
 * One comment per pull request, found by the hidden marker and edited on every push.
 * Only a comment written by the token's own identity is edited (never someone else's that happens
 * to quote the marker); an identical body is left alone, so re-running a job changes nothing.
 */
import type { GithubClient, IssueComment } from './github-client.js';

export const REVIEW_MARKER = '<!-- dailies:review -->';
/** What the workflow's GITHUB_TOKEN comments as. */
export const ACTIONS_BOT = 'github-actions[bot]';

export type StickyOutcome = { action: 'created' | 'updated' | 'unchanged'; commentId: number };

export function isOurComment(comment: IssueComment, login: string, marker: string): boolean {
  return comment.body.trimStart().startsWith(marker) && comment.author === login;
}

export async function upsertStickyComment(
  client: GithubClient,
  issueNumber: number,
  body: string,
  marker: string = REVIEW_MARKER,
): Promise<StickyOutcome> {
  const markedBody = body.trimStart().startsWith(marker) ? body : `${marker}\n${body}`;
  const login = (await client.authenticatedLogin()) ?? ACTIONS_BOT;
  const comments = await client.listIssueComments(issueNumber);
  // The oldest of ours is the sticky one: it keeps its place in the conversation.
  const existing = comments.find((comment) => isOurComment(comment, login, marker));
  if (!existing) {
    const created = await client.createIssueComment(issueNumber, markedBody);
    return { action: 'created', commentId: created.id };
  }
  if (existing.body === markedBody) return { action: 'unchanged', commentId: existing.id };
  await client.updateIssueComment(existing.id, markedBody);
  return { action: 'updated', commentId: existing.id };
}
