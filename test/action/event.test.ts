import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planFromEvent, readEvent, readRepo, type GithubEvent } from '../../src/action/event.js';

const BASE = 'a'.repeat(40);
const HEAD = 'b'.repeat(40);

function prEvent(action: string, overrides: { headRepo?: string | null; branch?: string } = {}): GithubEvent {
  return {
    name: 'pull_request',
    payload: {
      action,
      repository: { full_name: 'acme/movies', default_branch: 'main' },
      pull_request: {
        number: 7,
        title: 'Add ratings',
        html_url: 'https://github.com/acme/movies/pull/7',
        head: { ref: overrides.branch ?? 'feature', sha: HEAD, repo: overrides.headRepo === null ? null : { full_name: overrides.headRepo ?? 'acme/movies' } },
        base: { ref: 'main', sha: BASE, repo: { full_name: 'acme/movies' } },
      },
    },
  };
}

describe('planFromEvent with command auto', () => {
  it.each(['opened', 'synchronize', 'reopened'])('reviews a pull request on %s', (action) => {
    const plan = planFromEvent('auto', prEvent(action));
    expect(plan).toMatchObject({ kind: 'review', noBuild: false, pr: { number: 7, baseSha: BASE, headSha: HEAD, branch: 'feature', fromFork: false } });
  });

  it('cleans up when the pull request is closed', () => {
    expect(planFromEvent('auto', prEvent('closed'))).toMatchObject({ kind: 'cleanup', pr: { number: 7 } });
  });

  it('skips other pull request actions', () => {
    expect(planFromEvent('auto', prEvent('labeled'))).toEqual({ kind: 'skip', reason: "nothing to do for pull_request 'labeled'" });
  });

  it('reviews a fork pull request without building, and treats a deleted fork as a fork', () => {
    expect(planFromEvent('auto', prEvent('opened', { headRepo: 'mallory/movies' }))).toMatchObject({ kind: 'review', noBuild: true, pr: { fromFork: true } });
    expect(planFromEvent('auto', prEvent('opened', { headRepo: null }))).toMatchObject({ noBuild: true });
  });

  it('promotes a push to the default branch, and only that', () => {
    const push = (ref: string, before = BASE): GithubEvent => ({ name: 'push', payload: { ref, before, after: HEAD, repository: { default_branch: 'main' } } });
    expect(planFromEvent('auto', push('refs/heads/main'))).toEqual({ kind: 'promote', base: BASE, head: HEAD, ref: 'refs/heads/main' });
    expect(planFromEvent('auto', push('refs/heads/main', '0'.repeat(40)))).toMatchObject({ kind: 'promote', base: null });
    expect(planFromEvent('auto', push('refs/heads/feature')).kind).toBe('skip');
  });

  it('refuses pull_request_target, which would build untrusted code with secrets', () => {
    expect(() => planFromEvent('auto', { ...prEvent('opened'), name: 'pull_request_target' })).toThrow(/does not run on pull_request_target/);
  });
});

describe('planFromEvent with an explicit command', () => {
  it('runs the command asked for', () => {
    expect(planFromEvent('cleanup', prEvent('opened')).kind).toBe('cleanup');
    expect(planFromEvent('review', prEvent('closed')).kind).toBe('review');
  });

  it('explains that review needs a pull request event', () => {
    expect(() => planFromEvent('review', { name: 'push', payload: { ref: 'refs/heads/main' } })).toThrow("the 'push' event carries no pull request");
  });
});

describe('reading the environment', () => {
  it('reads the payload file and the repository', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dailies-event-'));
    const file = path.join(dir, 'event.json');
    writeFileSync(file, JSON.stringify({ action: 'opened' }));
    expect(readEvent({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: file })).toEqual({ name: 'pull_request', payload: { action: 'opened' } });
    expect(readRepo({ GITHUB_REPOSITORY: 'acme/movies' })).toEqual({ owner: 'acme', repo: 'movies' });
  });

  it('says it is not running in GitHub Actions when the event is missing', () => {
    expect(() => readEvent({})).toThrow(/this is not a GitHub Actions run/);
    expect(() => readRepo({ GITHUB_REPOSITORY: 'nope' })).toThrow(/owner\/name/);
  });
});
