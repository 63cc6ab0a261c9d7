/**
 * The few GitHub REST calls the Action makes, behind a small interface so that the sticky-comment
 * and check-run logic can be tested against a fake. `GITHUB_API_URL` is the base URL (GitHub
 * Enterprise, or a fake server in tests).
 */
import { getOctokit } from '@actions/github';
import type { Redactor } from '../redact/redactor.js';
import type { RepoInfo } from './event.js';

export interface IssueComment {
  id: number;
  body: string;
  /** Login of the author, e.g. `github-actions[bot]`. */
  author: string;
}

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'failure' | 'warning' | 'notice';
  title: string;
  message: string;
}

export interface CheckRunRequest {
  name: string;
  headSha: string;
  conclusion: 'success' | 'failure' | 'neutral';
  title: string;
  summary: string;
  annotations: CheckAnnotation[];
}

export interface GithubClient {
  /** The login the token acts as, or null when the token cannot tell (an installation token). */
  authenticatedLogin(): Promise<string | null>;
  listIssueComments(issueNumber: number): Promise<IssueComment[]>;
  createIssueComment(issueNumber: number, body: string): Promise<IssueComment>;
  updateIssueComment(commentId: number, body: string): Promise<void>;
  createCheckRun(request: CheckRunRequest): Promise<void>;
}

/** GitHub accepts at most 50 annotations per check-run request. */
export const MAX_ANNOTATIONS = 50;

export function createGithubClient(token: string, repo: RepoInfo, baseUrl: string): GithubClient {
  const octokit = getOctokit(token, { baseUrl });
  const toComment = (raw: { id: number; body?: string | null; user?: { login?: string } | null }): IssueComment => ({
    id: raw.id,
    body: raw.body ?? '',
    author: raw.user?.login ?? '',
  });
  return {
    async authenticatedLogin() {
      try {
        const { data } = await octokit.request('GET /user');
        return typeof data.login === 'string' ? data.login : null;
      } catch {
        // GITHUB_TOKEN is an installation token: GET /user answers 403. Its comments are by github-actions[bot].
        return null;
      }
    },
    async listIssueComments(issueNumber) {
      const comments = await octokit.paginate(octokit.rest.issues.listComments, {
        ...repo,
        issue_number: issueNumber,
        per_page: 100,
      });
      return comments.map(toComment);
    },
    async createIssueComment(issueNumber, body) {
      const { data } = await octokit.rest.issues.createComment({ ...repo, issue_number: issueNumber, body });
      return toComment(data);
    },
    async updateIssueComment(commentId, body) {
      await octokit.rest.issues.updateComment({ ...repo, comment_id: commentId, body });
    },
    async createCheckRun(request) {
      await octokit.rest.checks.create({
        ...repo,
        name: request.name,
        head_sha: request.headSha,
        status: 'completed',
        conclusion: request.conclusion,
        output: {
          title: request.title,
          summary: request.summary,
          annotations: request.annotations.slice(0, MAX_ANNOTATIONS),
        },
      });
    },
  };
}

/**
 * The client every request of the Action goes through: each text it sends (comment bodies, the
 * check run's title, summary and annotations) is redacted first.
 */
export function redactingClient(client: GithubClient, redactor: Redactor): GithubClient {
  return {
    authenticatedLogin: () => client.authenticatedLogin(),
    listIssueComments: (issueNumber) => client.listIssueComments(issueNumber),
    createIssueComment: (issueNumber, body) => client.createIssueComment(issueNumber, redactor.redact(body)),
    updateIssueComment: (commentId, body) => client.updateIssueComment(commentId, redactor.redact(body)),
    createCheckRun: (request) => client.createCheckRun(redactor.redactDeep(request)),
  };
}
