import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { coreIO, type ActionIO } from '../../src/action/action-io.js';
import { createGithubClient } from '../../src/action/github-client.js';
import type { ReviewLibrary, ReviewRequest } from '../../src/action/library.js';
import { FORK_NOTE, runAction } from '../../src/action/run-action.js';
import { REVIEW_MARKER } from '../../src/action/sticky-comment.js';
import { DailiesError } from '../../src/errors.js';
import type { Review } from '../../src/review/types.js';
import { FakeGithubApi } from '../fixtures/github/fake-github-api.js';
import { failingTest, sampleReview } from '../fixtures/github/sample-review.js';

const api = new FakeGithubApi();
const dir = mkdtempSync(path.join(os.tmpdir(), 'dailies-run-action-'));
beforeAll(async () => {
  await api.start();
});
afterAll(async () => {
  await api.stop();
});
beforeEach(() => api.reset());

interface Recorder extends ActionIO {
  lines: string[];
  outputs: Record<string, string>;
  summary: string[];
  failed: string[];
  secrets: string[];
  annotations: { level: string; text: string; file?: string; line?: number }[];
}

function recorder(): Recorder {
  const io: Recorder = {
    lines: [],
    outputs: {},
    summary: [],
    failed: [],
    secrets: [],
    annotations: [],
    info: (text) => io.lines.push(text),
    warning: (text, place) => io.annotations.push({ level: 'warning', text, file: place?.file, line: place?.startLine }),
    error: (text, place) => io.annotations.push({ level: 'error', text, file: place?.file, line: place?.startLine }),
    setOutput: (name, value) => void (io.outputs[name] = value),
    writeSummary: async (markdown) => void io.summary.push(markdown),
    setFailed: (text) => void io.failed.push(text),
    setSecret: (value) => void io.secrets.push(value),
  };
  return io;
}

function prPayload(options: { fork?: boolean; title?: string; action?: string } = {}): string {
  const file = path.join(dir, `event-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      action: options.action ?? 'opened',
      repository: { full_name: 'acme/movies', default_branch: 'main' },
      pull_request: {
        number: 7,
        title: options.title ?? 'Add ratings',
        head: { ref: 'feature', sha: 'b'.repeat(40), repo: { full_name: options.fork ? 'mallory/movies' : 'acme/movies' } },
        base: { ref: 'main', sha: 'a'.repeat(40), repo: { full_name: 'acme/movies' } },
      },
    }),
  );
  return file;
}

function fakeLibrary(review: Review | Error, calls: ReviewRequest[] = []): ReviewLibrary {
  return {
    review: async (request) => {
      calls.push(request);
      if (review instanceof Error) throw review;
      return { ...review, mode: request.noBuild ? 'lineage-only' : 'full' };
    },
    cleanup: async () => ({ ok: true, schema: 'pr_7', models: [], markdown: 'dropped pr_7' }),
    promote: async () => ({ ok: true, schema: null, models: [], markdown: 'promoted' }),
    summaryLine: (value) => `dailies ${value.status}, ${value.changes.length} changed`,
    fetchProduction: async () => ({ line: 'fetched', empty: false }),
    storeProduction: async () => 'stored',
    render: (value, options) => ({ markdown: `${options.marker}\n## dailies review of ${value.schema} (${value.mode})\n${value.modeReason ?? ''}`, truncated: [] }),
  };
}

async function run(options: { library: ReviewLibrary; inputs?: Record<string, string>; env?: Record<string, string> ; event?: string }) {
  const io = recorder();
  const env: Record<string, string | undefined> = {
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: options.event ?? prPayload(),
    GITHUB_REPOSITORY: 'acme/movies',
    GITHUB_API_URL: api.url,
    GITHUB_WORKSPACE: dir,
    'INPUT_GITHUB-TOKEN': 'ghs_fake_token_value',
    ...options.env,
  };
  const inputs = { 'github-token': 'ghs_fake_token_value', ...options.inputs };
  const status = await runAction({ io, readInput: (name) => inputs[name as keyof typeof inputs] ?? '', env, library: options.library, github: createGithubClient, outputDir: path.join(dir, 'out') });
  return { io, status, env };
}

describe('runAction: review', () => {
  it('posts the report as a comment and a summary, creates a check run, and sets the outputs', async () => {
    const { io, status } = await run({ library: fakeLibrary(sampleReview()) });
    expect(status).toBe('success');
    expect(api.comments.get(7)?.map((comment) => comment.body)).toEqual([`${REVIEW_MARKER}\n## dailies review of pr_7 (full)\n`]);
    expect(io.summary).toEqual([`${REVIEW_MARKER}\n## dailies review of pr_7 (full)\n`]);
    expect(api.checkRuns).toHaveLength(1);
    expect(api.checkRuns[0]).toMatchObject({ name: 'dailies', head_sha: 'b'.repeat(40), conclusion: 'success', status: 'completed' });
    expect(io.outputs).toMatchObject({ schema: 'pr_7', 'changed-models': 'stg_movies', status: 'success' });
    expect(readFileSync(io.outputs['report-path']!, 'utf8')).toContain('dailies review of pr_7');
    expect(io.failed).toEqual([]);
  });

  it('fails the step on a failing test and annotates its file in the check run', async () => {
    const review = sampleReview({ status: 'failure', builds: [failingTest] });
    const { io, status } = await run({ library: fakeLibrary(review), inputs: { 'project-dir': 'analytics' } });
    expect(status).toBe('failure');
    expect(io.failed).toEqual(['dailies review: builds or tests failed (fail-on: error); see the report']);
    const output = api.checkRuns[0]!.output as { annotations: Record<string, unknown>[] };
    expect(api.checkRuns[0]!.conclusion).toBe('failure');
    expect(output.annotations).toEqual([
      expect.objectContaining({ path: 'analytics/models/staging/_staging.yml', start_line: 1, annotation_level: 'failure', message: 'Got 3 results, configured to fail if != 0' }),
    ]);
  });

  it('reports the failure in the outputs but does not fail the step with fail-on: never', async () => {
    const { io, status } = await run({ library: fakeLibrary(sampleReview({ status: 'failure', builds: [failingTest] })), inputs: { 'fail-on': 'never' } });
    expect(status).toBe('failure');
    expect(io.outputs.status).toBe('failure');
    expect(io.failed).toEqual([]);
  });

  it('falls back to workflow annotations when the check run is refused', async () => {
    api.failWith('POST', /check-runs$/, 403);
    const review = sampleReview({ status: 'error', error: { message: 'compiling the project failed: unknown ref', file: 'models/marts/dim_movies.sql', line: 12, hint: 'fix it' } });
    const { io } = await run({ library: fakeLibrary(review) });
    expect(io.annotations).toContainEqual({ level: 'error', text: 'compiling the project failed: unknown ref — fix it', file: 'models/marts/dim_movies.sql', line: 12 });
    expect(io.failed).toEqual(['dailies review failed: compiling the project failed: unknown ref (hint: fix it)']);
  });

  it('reviews a fork without building and without warehouse credentials', async () => {
    const calls: ReviewRequest[] = [];
    const { io, env } = await run({
      library: fakeLibrary(sampleReview(), calls),
      event: prPayload({ fork: true }),
      env: { SNOWFLAKE_PASSWORD: 'env-password-123', 'INPUT_SNOWFLAKE-PASSWORD': 'input-password-456' },
      inputs: { 'snowflake-password': 'input-password-456' },
    });
    expect(calls[0]).toMatchObject({ noBuild: true, noBuildReason: FORK_NOTE });
    expect(calls[0]!.env.SNOWFLAKE_PASSWORD).toBeUndefined();
    expect(Object.keys(calls[0]!.env).filter((name) => name.startsWith('INPUT_'))).toEqual([]);
    expect(env.SNOWFLAKE_PASSWORD).toBeUndefined();
    expect(env['INPUT_GITHUB-TOKEN']).toBeUndefined();
    expect(io.outputs.schema).toBe('');
    expect(api.comments.get(7)?.[0]?.body).toContain('(lineage-only)');
    expect(io.secrets).toEqual(expect.arrayContaining(['ghs_fake_token_value', 'env-password-123', 'input-password-456']));
  });

  it('on a fork, a refused comment (read-only token) is a warning, not a failure: the report is in the summary', async () => {
    api.failWith('POST', /issues\/7\/comments$/, 403);
    api.failWith('POST', /check-runs$/, 403);
    const { io, status } = await run({ library: fakeLibrary(sampleReview()), event: prPayload({ fork: true }) });
    expect(status).toBe('success');
    expect(io.failed).toEqual([]);
    expect(io.summary[0]).toContain('(lineage-only)');
    expect(io.annotations).toContainEqual(expect.objectContaining({ level: 'warning', text: expect.stringContaining('read-only token') }));
  });

  it('passes credentials to the project environment on a trusted run', async () => {
    const calls: ReviewRequest[] = [];
    await run({ library: fakeLibrary(sampleReview(), calls), inputs: { 'snowflake-user': 'loader', 'snowflake-password': 'pw-from-input' } });
    expect(calls[0]!.env).toMatchObject({ SNOWFLAKE_USER: 'loader', SNOWFLAKE_PASSWORD: 'pw-from-input' });
    expect(calls[0]!.noBuild).toBe(false);
  });

  it('says what failed and how to retry when the library throws, in the comment and the summary', async () => {
    const error = new DailiesError('warehouse', 'could not connect to the warehouse', { hint: 'check SNOWFLAKE_ACCOUNT' });
    const { io, status } = await run({ library: fakeLibrary(error) });
    expect(status).toBe('error');
    const comment = api.comments.get(7)?.[0]?.body ?? '';
    expect(comment.startsWith(REVIEW_MARKER)).toBe(true);
    expect(comment).toContain('could not connect to the warehouse');
    expect(comment).toContain('**How to retry:**');
    expect(io.summary[0]).toContain('## dailies: the review did not finish');
    expect(io.failed).toEqual(['dailies review failed: could not connect to the warehouse (hint: check SNOWFLAKE_ACCOUNT)']);
    expect(io.outputs.status).toBe('error');
  });

  it('fails the step when the comment cannot be posted, keeping the report in the summary', async () => {
    api.failWith('POST', /issues\/7\/comments$/, 500);
    const { io } = await run({ library: fakeLibrary(sampleReview()) });
    expect(io.summary).toHaveLength(1);
    expect(io.annotations.some((item) => item.level === 'error' && item.text.startsWith('could not post the PR comment'))).toBe(true);
    expect(io.failed).toEqual(['dailies review: the report could not be posted to the pull request; re-run the job to retry']);
  });

  it('skips the comment with comment: off', async () => {
    await run({ library: fakeLibrary(sampleReview()), inputs: { comment: 'off' } });
    expect(api.callsTo('POST', /comments/)).toHaveLength(0);
  });
});

describe('runAction: inputs and routing', () => {
  it('fails clearly on an unknown command, after masking the credentials', async () => {
    const { io, status } = await run({ library: fakeLibrary(sampleReview()), inputs: { command: 'deploy' } });
    expect(status).toBe('error');
    expect(io.secrets).toContain('ghs_fake_token_value');
    expect(io.failed[0]).toMatch(/^input 'command' must be one of auto, review, cleanup, promote; got 'deploy'/);
    expect(api.calls).toHaveLength(0);
  });

  it('reports a malformed event file clearly, with the step failed and no stack trace, after masking', async () => {
    const event = path.join(dir, 'broken-event.json');
    writeFileSync(event, '{"action": "opened", "pull_request": ');
    const { io, status } = await run({ library: fakeLibrary(sampleReview()), event });
    expect(status).toBe('error');
    expect(io.secrets).toContain('ghs_fake_token_value');
    expect(io.outputs.status).toBe('error');
    expect(io.failed).toHaveLength(1);
    expect(io.failed[0]).toMatch(/^cannot read the event payload: .*JSON.* \(hint: GITHUB_EVENT_PATH must name the JSON file the runner wrote\)$/s);
    expect(io.failed[0]).not.toMatch(/\n\s+at /);
    expect(api.calls).toHaveLength(0);
  });

  it('refuses an event whose pull request number is not a plain positive whole number', async () => {
    for (const number of [0, -1, 1.5, '7', 1e12]) {
      const event = path.join(dir, `event-number-${String(number)}.json`);
      writeFileSync(event, readFileSync(prPayload(), 'utf8').replace('"number":7', `"number":${JSON.stringify(number)}`));
      const { io, status } = await run({ library: fakeLibrary(sampleReview()), event });
      expect(status, String(number)).toBe('error');
      expect(io.failed[0]).toMatch(/pull request number is not a whole number/);
    }
  });

  it("refuses a project-dir outside the workspace (../../etc, an absolute path, a symbolic link leading out)", async () => {
    const link = path.join(dir, 'escape-link');
    try {
      symlinkSync(os.tmpdir(), link);
    } catch {
      // already there from an earlier run
    }
    for (const projectDir of ['../../etc', '/etc', 'escape-link/x']) {
      const calls: ReviewRequest[] = [];
      const { io, status } = await run({ library: fakeLibrary(sampleReview(), calls), inputs: { 'project-dir': projectDir } });
      expect(status, projectDir).toBe('error');
      expect(io.failed[0]).toMatch(/input 'project-dir' .* leads outside the workspace/);
      expect(calls).toHaveLength(0);
    }
    const inside = await run({ library: fakeLibrary(sampleReview()), inputs: { 'project-dir': 'sub/../.' } });
    expect(inside.status).toBe('success');
  });

  it('redacts secrets from everything it sends: comment, check run, summary, logs and report files', async () => {
    const secret = 'dbt-secret-value-42';
    const review = { ...sampleReview(), schema: `pr_7 ${secret}` };
    const { io, status } = await run({ library: fakeLibrary(review), env: { DBT_ENV_SECRET_X: secret } });
    expect(status).toBe('success');
    const sent = api.calls.map((call) => call.body).join('\n');
    expect(sent).toContain('pr_7 ***');
    expect(sent).not.toContain(secret);
    expect(io.summary.join('')).toContain('pr_7 ***');
    expect(JSON.stringify(io.outputs)).not.toContain(secret);
    expect(readFileSync(io.outputs['report-path']!, 'utf8')).not.toContain(secret);
    expect(readFileSync(path.join(path.dirname(io.outputs['report-path']!), 'dailies-review.json'), 'utf8')).toContain('pr_7 ***');
  });

  it('runs cleanup on a closed pull request', async () => {
    const { io, status } = await run({ library: fakeLibrary(sampleReview()), event: prPayload({ action: 'closed' }) });
    expect(status).toBe('success');
    expect(io.summary).toEqual(['dropped pr_7']);
    expect(io.outputs.schema).toBe('pr_7');
  });

  it('logs an untrusted title through coreIO as inert text', async () => {
    const written: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => written.push(String(chunk)) > 0) as typeof process.stdout.write;
    try {
      coreIO().info('reviewing "x\n::set-output name=status::pwned"');
    } finally {
      process.stdout.write = original;
    }
    const lines = written.join('').split('\n').filter((line) => line !== '');
    expect(lines).toEqual(['reviewing "x', ':%3Aset-output name=status:%3Apwned"']);
  });
});

describe('runAction: production store, sample rows, the report everywhere', () => {
  /** A library that records what it was asked, in order. */
  function tracing(review: Review, promoteOk = true) {
    const calls: string[] = [];
    const renders: { maxChars?: number; sampleRows?: string; fullReportUrl?: string }[] = [];
    const library: ReviewLibrary = {
      ...fakeLibrary(review),
      review: async (request) => (calls.push(`review ${request.projectDir === dir}`), review),
      promote: async () => (calls.push('promote'), { ok: promoteOk, schema: null, models: ['m'], markdown: 'promoted', ...(promoteOk ? {} : { error: { message: 'a test failed' } }) }),
      fetchProduction: async (request) => (calls.push(`fetch ${request.store}`), { line: 'production fetched', empty: false }),
      storeProduction: async (request) => (calls.push(`store ${request.store} ${request.commit}`), 'production stored'),
      render: (value, options) => {
        renders.push({ maxChars: options.maxChars, sampleRows: options.sampleRows, fullReportUrl: options.fullReportUrl });
        return { markdown: `${options.marker}\nreport ${options.maxChars ?? 'default'}`, truncated: options.maxChars === 1000 ? ['sample rows'] : [] };
      },
    };
    return { calls, renders, library };
  }

  function pushPayload(): string {
    const file = path.join(dir, `push-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify({ ref: 'refs/heads/main', before: 'a'.repeat(40), after: 'c'.repeat(40), repository: { full_name: 'acme/movies', default_branch: 'main' } }));
    return file;
  }

  it('fetches production before a review', async () => {
    const { calls, library } = tracing(sampleReview());
    await run({ library, inputs: { 'production-store': 'github-release' } });
    expect(calls).toEqual(['fetch github-release', 'review true']);
  });

  it('fetches before a promotion and stores after it, only when it published', async () => {
    const ok = tracing(sampleReview());
    const published = await run({ library: ok.library, inputs: { 'production-store': 's3://bucket/prod' }, env: { GITHUB_EVENT_NAME: 'push' }, event: pushPayload() });
    expect(published.status).toBe('success');
    expect(ok.calls).toEqual(['fetch s3://bucket/prod', 'promote', `store s3://bucket/prod ${'c'.repeat(40)}`]);
    expect(published.io.summary.join('\n')).toContain('production stored');
    const failed = tracing(sampleReview(), false);
    const outcome = await run({ library: failed.library, inputs: { 'production-store': 's3://bucket/prod' }, env: { GITHUB_EVENT_NAME: 'push' }, event: pushPayload() });
    expect(outcome.status).toBe('error');
    expect(failed.calls).toEqual(['fetch s3://bucket/prod', 'promote']);
  });

  it('neither fetches nor stores without a store, and refuses an unknown one', async () => {
    const { calls, library } = tracing(sampleReview());
    await run({ library });
    expect(calls).toEqual(['review true']);
    const { status, io } = await run({ library, inputs: { 'production-store': 'ftp://x' } });
    expect(status).toBe('error');
    expect(io.failed[0]).toMatch(/production-store/);
  });

  it('masks sample rows on a public repository unless told otherwise, and shows them on a private one', async () => {
    const publicRepo = tracing(sampleReview());
    await run({ library: publicRepo.library });
    expect(publicRepo.renders[0]!.sampleRows).toBe('masked');
    const privateRepo = tracing(sampleReview());
    const event = prPayload();
    const payload = JSON.parse(readFileSync(event, 'utf8'));
    writeFileSync(event, JSON.stringify({ ...payload, repository: { ...payload.repository, private: true } }));
    await run({ library: privateRepo.library, event });
    expect(privateRepo.renders[0]!.sampleRows).toBe('on');
    const told = tracing(sampleReview());
    await run({ library: told.library, inputs: { 'sample-rows': 'off' } });
    expect(told.renders[0]!.sampleRows).toBe('off');
  });

  it('a shortened comment links the run; the report file and the job summary get more', async () => {
    const { renders, library } = tracing(sampleReview());
    const { io } = await run({ library, inputs: { 'max-chars': '1000' }, env: { GITHUB_RUN_ID: '99', GITHUB_SERVER_URL: 'https://github.com' } });
    expect(renders[0]).toMatchObject({ maxChars: 1000, fullReportUrl: 'https://github.com/acme/movies/actions/runs/99' });
    expect(renders.map((options) => options.maxChars)).toEqual([1000, Number.POSITIVE_INFINITY, 1_000_000]);
    expect(io.summary).toEqual([`${REVIEW_MARKER}\nreport 1000000`]);
    expect(readFileSync(io.outputs['report-path']!, 'utf8')).toBe(`${REVIEW_MARKER}\nreport Infinity`);
  });

  it('passes vars and profiles-dir to the library, and refuses vars that are not a mapping', async () => {
    const requests: ReviewRequest[] = [];
    await run({ library: fakeLibrary(sampleReview(), requests), inputs: { vars: '{start: 2024-01-01, n: 3}', 'profiles-dir': 'ci' } });
    expect(requests[0]).toMatchObject({ vars: { n: 3 }, profilesDir: path.join(dir, 'ci') });
    const { status, io } = await run({ library: fakeLibrary(sampleReview()), inputs: { vars: '[1, 2]' } });
    expect(status).toBe('error');
    expect(io.failed[0]).toMatch(/input 'vars'/);
  });
});
