/**
 * End to end: the bundled Action, run as a child process against a fake GitHub API, over a
 * temporary git repository of the movie project with production built on DuckDB.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVIEW_MARKER } from '../../src/action/sticky-comment.js';
import { buildBundle, localDuckdbBinding, runBundledAction, type ActionRun } from '../fixtures/github/action-runner.js';
import { FakeGithubApi } from '../fixtures/github/fake-github-api.js';
import { buildProduction, createMovieRepo, prSchemaExists, queryPrValue, queryValue, schemaExists, type MovieRepo } from '../fixtures/movie-repo.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

const REPORT_MODEL = 'models/marts/reporting/rpt_watch_time_by_country.sql';
const SECRETS = {
  token: 'ghs_e2eTOKENvalue0123456789',
  password: 'sf-Password-e2e-9f8e7d',
  keyLine: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7e2e',
};
const PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----\n${SECRETS.keyLine}\n-----END PRIVATE KEY-----\n`;

let repo: MovieRepo;
let bundle: string;
let mainSha: string;
const api = new FakeGithubApi({ pageSize: 2 });
const runs: ActionRun[] = [];

function pullRequest(number: number, action: string, options: { branch: string; title?: string; fork?: boolean }) {
  return {
    action,
    number,
    repository: { full_name: 'acme/movies', default_branch: 'main' },
    pull_request: {
      number,
      title: options.title ?? `Change ${number}`,
      html_url: `https://github.com/acme/movies/pull/${number}`,
      head: { ref: options.branch, sha: repo.head(), repo: { full_name: options.fork ? 'mallory/movies' : 'acme/movies' } },
      base: { ref: 'main', sha: mainSha, repo: { full_name: 'acme/movies' } },
    },
  };
}

async function act(eventName: string, payload: unknown, inputs: Record<string, string> = {}): Promise<ActionRun> {
  const run = await runBundledAction({
    bundle,
    workspace: repo.dir,
    apiUrl: api.url,
    eventName,
    payload,
    inputs: { 'github-token': SECRETS.token, 'snowflake-password': SECRETS.password, ...inputs },
    env: { SNOWFLAKE_PRIVATE_KEY: PRIVATE_KEY, DAILIES_DUCKDB_BINDING: localDuckdbBinding() },
  });
  runs.push(run);
  return run;
}

const commentsOf = (number: number) => api.comments.get(number) ?? [];

beforeAll(async () => {
  bundle = buildBundle();
  await api.start();
  repo = createMovieRepo();
  await buildProduction(repo, 0.0005);
  mainSha = repo.head();
}, 120_000);

afterAll(async () => {
  // DAILIES_E2E_DUMP=<file> keeps what the runs printed, for debugging.
  if (process.env.DAILIES_E2E_DUMP) writeFileSync(process.env.DAILIES_E2E_DUMP, JSON.stringify({ runs, comments: [...api.comments.entries()] }, null, 2));
  await api.stop();
  repo?.dispose();
});

describe('the bundled Action on a pull request', () => {
  it('first push: builds the change in pr_1 and creates exactly one comment', async () => {
    repo.git('checkout', '--quiet', '-b', 'feature');
    repo.edit(REPORT_MODEL, (sql) => sql.replace("coalesce(countries.region, 'Unknown') as region", "upper(coalesce(countries.region, 'Unknown')) as region"));
    repo.commit('upper-case regions');
    const run = await act('pull_request', pullRequest(1, 'opened', { branch: 'feature' }));
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ schema: 'pr_1', status: 'success' });
    expect(run.outputs['changed-models']).toContain('rpt_watch_time_by_country');
    expect(commentsOf(1)).toHaveLength(1);
    expect(commentsOf(1)[0]!.body.startsWith(REVIEW_MARKER)).toBe(true);
    expect(commentsOf(1)[0]!.body).toContain('rpt_watch_time_by_country');
    expect(run.summary).toContain('rpt_watch_time_by_country');
    expect(api.checkRuns.at(-1)).toMatchObject({ name: 'dailies', conclusion: 'success' });
    expect(await queryPrValue(repo, 'pr_1', `select count(*) from "pr_1"."rpt_watch_time_by_country" where region <> upper(region)`)).toBe(0);
    expect(await schemaExists(repo, 'pr_1')).toBe(false);
  });

  it('second push: edits the same comment instead of adding one', async () => {
    const firstBody = commentsOf(1)[0]!.body;
    repo.edit(REPORT_MODEL, (sql) => sql.replace('/ monthly.session_count, 1)', '/ monthly.session_count, 2)'));
    repo.commit('two decimals');
    const run = await act('pull_request', pullRequest(1, 'synchronize', { branch: 'feature' }));
    expect(run.code).toBe(0);
    expect(commentsOf(1)).toHaveLength(1);
    expect(api.callsTo('PATCH', /\/issues\/comments\/\d+$/)).toHaveLength(1);
    expect(api.callsTo('POST', /\/issues\/1\/comments$/)).toHaveLength(1);
    expect(commentsOf(1)[0]!.body).not.toBe(firstBody);
  });

  it('closing the pull request drops its schema', async () => {
    expect(await prSchemaExists(repo, 'pr_1')).toBe(true);
    const run = await act('pull_request', pullRequest(1, 'closed', { branch: 'feature' }));
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ schema: 'pr_1', status: 'success' });
    expect(await prSchemaExists(repo, 'pr_1')).toBe(false);
  });

  it('a push to main promotes the merged change into production', async () => {
    expect(Number(await queryValue(repo, `select count(*) from "main"."rpt_watch_time_by_country" where region <> upper(region)`))).toBeGreaterThan(0);
    repo.git('checkout', '--quiet', 'main');
    repo.git('merge', '--quiet', '--ff-only', 'feature');
    const run = await act('push', { ref: 'refs/heads/main', before: mainSha, after: repo.head(), repository: { full_name: 'acme/movies', default_branch: 'main' } });
    expect(run.code).toBe(0);
    expect(run.outputs.status).toBe('success');
    // production was built by hand (no promotion recorded what it holds): the first promote builds everything once
    expect(run.outputs['changed-models']).toContain('rpt_watch_time_by_country');
    expect(run.summary).toContain('Everything was built (production keeps no record of what it holds)');
    expect(await queryValue(repo, `select count(*) from "main"."rpt_watch_time_by_country" where region <> upper(region)`)).toBe(0);
    mainSha = repo.head();
  });

  it("the next push publishes what changed since production's record, whatever the push's before says", async () => {
    const firstMain = repo.git('rev-list', '--max-parents=0', 'HEAD');
    repo.edit(REPORT_MODEL, (sql) => sql.replace("upper(coalesce(countries.region, 'Unknown'))", "upper(coalesce(countries.region, 'unknown'))"));
    repo.commit('lower-case default region, upper-cased anyway');
    const run = await act('push', { ref: 'refs/heads/main', before: firstMain, after: repo.head(), repository: { full_name: 'acme/movies', default_branch: 'main' } });
    expect(run.code).toBe(0);
    expect(run.outputs['changed-models']).toBe('rpt_watch_time_by_country');
    expect(run.summary).toContain(`Compared with what production held: commit \`${mainSha.slice(0, 12)}\``);
    mainSha = repo.head();
  });

  it('a fork builds nothing, cannot read credentials, and posts the lineage-only comment', async () => {
    repo.git('checkout', '--quiet', '-b', 'fork-change');
    repo.edit(REPORT_MODEL, (sql) => sql.replace('    monthly.country,\n', `    monthly.country,\n    '{{ env_var("SNOWFLAKE_PASSWORD", "no-password") }}|{{ env_var("SNOWFLAKE_PRIVATE_KEY", "no-key") }}' as leak_probe,\n`));
    repo.commit('fork change');
    const run = await act('pull_request', pullRequest(2, 'opened', { branch: 'fork-change', fork: true }), {}, );
    expect(run.code).toBe(0);
    expect(await schemaExists(repo, 'pr_2')).toBe(false);
    expect(await prSchemaExists(repo, 'pr_2')).toBe(false);
    expect(run.outputs.schema).toBe('');
    const body = commentsOf(2)[0]?.body ?? '';
    expect(body.startsWith(REVIEW_MARKER)).toBe(true);
    expect(body).toMatch(/fork/i);
    expect(body).toMatch(/no data was built/i);
    // the probe rendered, with its defaults: the credentials were not in the project's environment
    expect(body).toContain('no-password|no-key');
    expect(body).not.toContain(SECRETS.password);
    expect(body).not.toContain(SECRETS.keyLine);
    repo.git('checkout', '--quiet', 'main');
  });

  it('a hostile branch name and title change nothing but escaped text', async () => {
    const branch = `x";$(id);#'`;
    repo.git('checkout', '--quiet', '-b', branch);
    repo.edit(REPORT_MODEL, (sql) => sql.replace('/ monthly.session_count, 2)', '/ monthly.session_count, 3)'));
    repo.commit('three decimals');
    const title = '::set-output name=status::pwned $(id) `id`';
    const run = await act('pull_request', pullRequest(3, 'opened', { branch, title }));
    expect(run.code).toBe(0);
    expect(run.outputs.status).toBe('success');
    expect(run.outputs.schema).toBe('pr_3');
    expect(await prSchemaExists(repo, 'pr_3')).toBe(true);
    for (const text of [run.everything, ...commentsOf(3).map((comment) => comment.body)]) expect(text).not.toMatch(/uid=\d+/);
    const commandLines = run.stdout.split('\n').filter((line) => line.trim().startsWith('::'));
    expect(commandLines.filter((line) => !/^::(add-mask|error|warning|notice|debug)::/.test(line) && !line.startsWith('::error ') && !line.startsWith('::warning '))).toEqual([]);
    expect(run.stdout).toContain(':%3Aset-output name=status:%3Apwned');
    repo.git('checkout', '--quiet', 'main');
  });

  it('a failing test fails the step, keeps the report, and annotates the test\'s file', async () => {
    repo.git('checkout', '--quiet', '-b', 'duplicate-keys');
    repo.edit(REPORT_MODEL, (sql) => sql.replace(/\{\{ dbt\.concat\([^\n]*\}\} as country_month_id/, "'same' as country_month_id"));
    repo.commit('break the key');
    const run = await act('pull_request', pullRequest(4, 'opened', { branch: 'duplicate-keys' }));
    expect(run.code).toBe(1);
    expect(run.outputs.status).toBe('failure');
    expect(run.stdout).toContain('::error::dailies review: builds or tests failed (fail-on: error); see the report');
    expect(commentsOf(4)).toHaveLength(1);
    expect(commentsOf(4)[0]!.body).toContain('unique');
    const check = api.checkRuns.at(-1) as { conclusion: string; output: { annotations: { path: string; start_line: number; annotation_level: string; title: string }[] } };
    expect(check.conclusion).toBe('failure');
    expect(check.output.annotations).toContainEqual(
      expect.objectContaining({
        path: 'models/marts/reporting/_reporting.yml',
        start_line: lineOf('models/marts/reporting/_reporting.yml', /^ {10}- unique$/m, 'country_month_id'),
        annotation_level: 'failure',
        title: expect.stringContaining('unique_rpt_watch_time_by_country_country_month_id'),
      }),
    );
    repo.git('checkout', '--quiet', 'main');
  });

  it('a compile error says what failed and how to retry, points at the line, and fails the step', async () => {
    repo.git('checkout', '--quiet', '-b', 'broken-ref');
    repo.edit(REPORT_MODEL, (sql) => sql.replace("ref('fct_watch_sessions')", "ref('fct_watch_session')"));
    repo.commit('typo in a ref');
    const run = await act('pull_request', pullRequest(5, 'opened', { branch: 'broken-ref' }));
    expect(run.code).toBe(1);
    expect(run.outputs.status).toBe('error');
    const body = commentsOf(5)[0]?.body ?? '';
    expect(body.startsWith(REVIEW_MARKER)).toBe(true);
    expect(body).toContain('fct_watch_session');
    expect(body).toMatch(/retry/i);
    expect(run.summary).toContain('fct_watch_session');
    expect(run.stdout).toMatch(/^::error::dailies review failed: compiling the project failed: .*fct_watch_session/m);
    const check = api.checkRuns.at(-1) as { conclusion: string; output: { annotations: { path: string; start_line: number }[] } };
    expect(check.conclusion).toBe('failure');
    expect(check.output.annotations).toEqual([expect.objectContaining({ path: REPORT_MODEL, start_line: 8 })]);
    repo.git('checkout', '--quiet', 'main');
  });

  it('never lets a credential out: not in output, summary, outputs, reports or API bodies', () => {
    expect(runs.length).toBeGreaterThanOrEqual(8);
    const apiBodies = api.calls.map((call) => `${call.path}\n${call.body}`).join('\n');
    for (const run of runs) {
      const visible = run.everything
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n');
      for (const secret of Object.values(SECRETS)) expect(visible).not.toContain(secret);
      // ...and each one was masked for the runner
      for (const secret of Object.values(SECRETS)) expect(run.stdout).toContain(`::add-mask::${secret}`);
    }
    for (const secret of Object.values(SECRETS)) expect(apiBodies).not.toContain(secret);
  });
});

/** 1-based line of the first `pattern` match after `anchor` in a file of the repository's project. */
function lineOf(file: string, pattern: RegExp, anchor: string): number {
  const text = readFileSync(path.join(repoRoot, file), 'utf8');
  const from = text.indexOf(anchor);
  const match = pattern.exec(text.slice(from));
  if (from < 0 || !match) throw new Error(`no ${pattern} after ${anchor} in ${file}`);
  return text.slice(0, from + match.index).split('\n').length;
}
