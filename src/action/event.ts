/**
 * Reads the event that started the workflow and decides what to do: review a pull request,
 * clean up after one, promote after a merge, or nothing. A plan is data, printed and tested
 * before anything runs.
 */
import { readFileSync } from 'node:fs';
import { DailiesError } from '../errors.js';
import { isPullRequestNumber, MAX_PR_NUMBER } from '../review/pr-schema.js';
import type { ActionCommand } from './inputs.js';

export interface PullRequestInfo {
  number: number;
  title: string;
  /** Head branch name (untrusted text). */
  branch: string;
  headSha: string;
  baseSha: string;
  baseRef: string;
  url: string | null;
  /** True when the head lives in another repository: no secrets, nothing is built. */
  fromFork: boolean;
}

export interface RepoInfo {
  owner: string;
  repo: string;
}

export type ActionPlan =
  | { kind: 'review'; pr: PullRequestInfo; noBuild: boolean }
  | { kind: 'cleanup'; pr: PullRequestInfo }
  | { kind: 'promote'; base: string | null; head: string; ref: string }
  | { kind: 'skip'; reason: string };

export interface GithubEvent {
  name: string;
  payload: Record<string, any>;
}

export function readEvent(env: Record<string, string | undefined>): GithubEvent {
  const name = env.GITHUB_EVENT_NAME ?? '';
  const file = env.GITHUB_EVENT_PATH;
  if (!name || !file) {
    throw new DailiesError('usage', 'GITHUB_EVENT_NAME and GITHUB_EVENT_PATH are not set: this is not a GitHub Actions run', {
      hint: 'run the Action from a workflow, or use `dailies ci` / `dailies cleanup` / `dailies promote` on a laptop',
    });
  }
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DailiesError('usage', `cannot read the event payload: ${(error as Error).message}`, {
      hint: 'GITHUB_EVENT_PATH must name the JSON file the runner wrote',
    });
  }
  if (payload === null || typeof payload !== 'object') throw new DailiesError('usage', 'the event payload is not a JSON object');
  return { name, payload: payload as Record<string, any> };
}

export function readRepo(env: Record<string, string | undefined>): RepoInfo {
  const [owner, repo, ...rest] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo || rest.length > 0) {
    throw new DailiesError('usage', 'GITHUB_REPOSITORY is not set to owner/name', { hint: 'run the Action from a GitHub workflow' });
  }
  return { owner, repo };
}

const SHA = /^[0-9a-f]{40}$/;

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function pullRequestOf(event: GithubEvent): PullRequestInfo {
  const pr = event.payload.pull_request;
  if (!pr || typeof pr !== 'object') {
    throw new DailiesError('usage', `the '${event.name}' event carries no pull request`, {
      hint: "run 'review' and 'cleanup' on pull_request events, or set 'command: auto'",
    });
  }
  if (!isPullRequestNumber(pr.number)) {
    throw new DailiesError('usage', `the event's pull request number is not a whole number from 1 to ${MAX_PR_NUMBER}: ${JSON.stringify(pr.number) ?? 'missing'}`.slice(0, 200), {
      hint: 'this payload is not from GitHub',
    });
  }
  const baseRepo = text(pr.base?.repo?.full_name) || text(event.payload.repository?.full_name);
  const headRepo = text(pr.head?.repo?.full_name);
  const headSha = text(pr.head?.sha);
  const baseSha = text(pr.base?.sha);
  if (!SHA.test(headSha) || !SHA.test(baseSha)) {
    throw new DailiesError('usage', 'the pull request event has no head/base commit SHAs', { hint: 'this payload is not from GitHub' });
  }
  return {
    number: pr.number,
    title: text(pr.title),
    branch: text(pr.head?.ref),
    headSha,
    baseSha,
    baseRef: text(pr.base?.ref),
    url: text(pr.html_url) || null,
    // A deleted fork has no head repo: treat it as a fork.
    fromFork: headRepo === '' || headRepo !== baseRepo,
  };
}

/** Decides what this run does from the command input and the event. */
export function planFromEvent(command: ActionCommand, event: GithubEvent): ActionPlan {
  if (event.name === 'pull_request_target') {
    throw new DailiesError('usage', 'dailies does not run on pull_request_target', {
      hint: 'trigger the workflow on pull_request: pull_request_target would build untrusted code with the base repository\'s secrets (see docs/action.md)',
    });
  }
  const action = text(event.payload.action);
  if (command === 'auto') {
    if (event.name === 'pull_request') {
      if (['opened', 'synchronize', 'reopened'].includes(action)) return reviewPlan(pullRequestOf(event));
      if (action === 'closed') return { kind: 'cleanup', pr: pullRequestOf(event) };
      return { kind: 'skip', reason: `nothing to do for pull_request '${action}'` };
    }
    if (event.name === 'push') {
      const defaultBranch = text(event.payload.repository?.default_branch);
      if (defaultBranch !== '' && text(event.payload.ref) === `refs/heads/${defaultBranch}`) return promotePlan(event);
      return { kind: 'skip', reason: 'push to a branch other than the default branch: nothing to promote' };
    }
    return { kind: 'skip', reason: `nothing to do for the '${event.name}' event with 'command: auto'` };
  }
  if (command === 'review') return reviewPlan(pullRequestOf(event));
  if (command === 'cleanup') return { kind: 'cleanup', pr: pullRequestOf(event) };
  return promotePlan(event);
}

function reviewPlan(pr: PullRequestInfo): ActionPlan {
  return { kind: 'review', pr, noBuild: pr.fromFork };
}

function promotePlan(event: GithubEvent): ActionPlan {
  const before = text(event.payload.before);
  const after = text(event.payload.after);
  return {
    kind: 'promote',
    // A new branch's first push has an all-zero `before`: there is no previous production state.
    base: SHA.test(before) && !/^0+$/.test(before) ? before : null,
    head: after,
    ref: text(event.payload.ref),
  };
}
