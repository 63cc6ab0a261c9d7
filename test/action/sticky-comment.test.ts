import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGithubClient } from '../../src/action/github-client.js';
import { REVIEW_MARKER, upsertStickyComment } from '../../src/action/sticky-comment.js';
import { FakeGithubApi } from '../fixtures/github/fake-github-api.js';

const repo = { owner: 'acme', repo: 'movies' };
const api = new FakeGithubApi({ pageSize: 2 });

beforeAll(async () => {
  await api.start();
});
afterAll(async () => {
  await api.stop();
});
beforeEach(() => api.reset());

const client = () => createGithubClient('test-token', repo, api.url);
const report = (text: string) => `${REVIEW_MARKER}\n${text}`;

describe('upsertStickyComment', () => {
  it('creates one comment when none of ours exists', async () => {
    const outcome = await upsertStickyComment(client(), 5, report('first'));
    expect(outcome.action).toBe('created');
    expect(api.comments.get(5)?.map((comment) => comment.body)).toEqual([report('first')]);
  });

  it('finds our comment past the first page (Link pagination) and edits it instead of adding one', async () => {
    for (let i = 0; i < 5; i++) api.addComment(5, `chatter ${i}`, 'alice');
    const ours = api.addComment(5, report('old'), 'github-actions[bot]');
    const outcome = await upsertStickyComment(client(), 5, report('new'));
    expect(outcome).toEqual({ action: 'updated', commentId: ours.id });
    expect(api.comments.get(5)).toHaveLength(6);
    expect(ours.body).toBe(report('new'));
    // pages 1..3 of the listing were requested, following the Link header
    expect(api.callsTo('GET', /\/issues\/5\/comments/).map((call) => new URL(call.path, api.url).searchParams.get('page') ?? '1')).toEqual(['1', '2', '3']);
  });

  it('never edits a comment by someone else that quotes the marker', async () => {
    const quoted = api.addComment(5, report('a human pasted our report'), 'mallory');
    const outcome = await upsertStickyComment(client(), 5, report('ours'));
    expect(outcome.action).toBe('created');
    expect(quoted.body).toBe(report('a human pasted our report'));
    expect(api.callsTo('PATCH', /./)).toHaveLength(0);
  });

  it('leaves an identical comment alone on a re-run (no PATCH)', async () => {
    api.addComment(5, report('same'), 'github-actions[bot]');
    const outcome = await upsertStickyComment(client(), 5, report('same'));
    expect(outcome.action).toBe('unchanged');
    expect(api.callsTo('PATCH', /./)).toHaveLength(0);
    expect(api.callsTo('POST', /./)).toHaveLength(0);
  });

  it('uses the login GET /user answers for a personal token', async () => {
    const personal = new FakeGithubApi({ login: 'release-bot' });
    await personal.start();
    try {
      personal.addComment(9, report('by the bot account'), 'release-bot');
      const outcome = await upsertStickyComment(createGithubClient('pat', repo, personal.url), 9, report('updated'));
      expect(outcome.action).toBe('updated');
    } finally {
      await personal.stop();
    }
  });

  it('prefixes the marker when the body lacks it', async () => {
    await upsertStickyComment(client(), 5, 'no marker');
    expect(api.comments.get(5)?.[0]?.body).toBe(`${REVIEW_MARKER}\nno marker`);
  });
});
