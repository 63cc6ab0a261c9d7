/**
 * The secret canary: fake credentials in every auth field (Action inputs, profiles.yml, env vars,
 * a name listed in `secret-env`), forced into model SQL, a raise_compiler_error message, a SQL
 * error, a failing test and log lines. The bundled Action runs against the fake GitHub API and
 * `dailies ci` writes its report: no form of any canary may reach the API, the runner's files,
 * the report files or the logs.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { html, text } from '../../src/review/report/escape.js';
import { buildBundle, localDuckdbBinding, runBundledAction, type ActionRun } from '../fixtures/github/action-runner.js';
import { FakeGithubApi } from '../fixtures/github/fake-github-api.js';
import { buildProduction, createMovieRepo, repoRoot, withPrWarehouse, type MovieRepo } from '../fixtures/movie-repo.js';

const KEY_BODY = ['MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQCnRyC4n4RyQ2x', 'Zc4n4ryK3yL1n3TwoAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghij', 'CaNaRyTaIl99'];
const CANARY = {
  token: 'ghs_cnryTOKEN0123456789abcdef',
  inputPassword: 'cnry-SF/pass+word=9&x y',
  modelColumn: 'cnry-PW-7f3a9e1b',
  listed: 'cnry-pin-1234x',
  testFailure: 'cnry-test-failure-66',
  log: 'cnry-log-line-77',
  aws: 'cnry/aws+secret/key==',
  profilePassword: 'cnry-profile-pass-41d2',
  profileToken: 'cnry-profile-token-5c6d',
  passphrase: 'cnry-passphrase-88aa',
  profileSfPassword: 'cnry-sf-profile-pw-19',
  compileError: 'cnry-compile-error-ab',
};
const PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----\n${KEY_BODY.join('\n')}\n-----END PRIVATE KEY-----\n`;

/** The project's environment: dbt secrets, a secret-looking name, and one only the user calls secret. */
const ENV = {
  DBT_ENV_SECRET_PW: CANARY.modelColumn,
  DBT_ENV_SECRET_TEST: CANARY.testFailure,
  DBT_ENV_SECRET_LOG: CANARY.log,
  DBT_ENV_SECRET_PROFILE_TOKEN: CANARY.profileToken,
  DBT_ENV_SECRET_COMPILE: CANARY.compileError,
  AWS_SECRET_ACCESS_KEY: CANARY.aws,
  MY_WAREHOUSE_PIN: CANARY.listed,
  SNOWFLAKE_PRIVATE_KEY: PRIVATE_KEY,
  // the bundled Action loads this checkout's DuckDB binding instead of downloading one
  DAILIES_DUCKDB_BINDING: localDuckdbBinding(),
};

const PROFILES = `movie_analytics:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: target/dev.duckdb
      schema: main
      threads: 2
      password: ${CANARY.profilePassword}
      token: "{{ env_var('DBT_ENV_SECRET_PROFILE_TOKEN', 'none') }}"
      private_key_passphrase: ${CANARY.passphrase}
    prod_sf:
      type: snowflake
      account: acme
      user: dailies
      schema: analytics
      password: ${CANARY.profileSfPassword}
      private_key: "{{ env_var('SNOWFLAKE_PRIVATE_KEY', 'none') }}"
`;

/** Every form a canary could take in text: as is, each PEM line, URL, JSON, SQL, HTML/Markdown, base64. */
function formsOf(value: string): string[] {
  const bases = [value, ...value.split('\n').filter((line) => line.length >= 8)];
  const forms = new Set<string>();
  for (const base of bases) {
    for (const form of [base, encodeURIComponent(base), JSON.stringify(base).slice(1, -1), base.replaceAll("'", "''"), html(base), text(base), Buffer.from(base).toString('base64'), Buffer.from(base).toString('base64url')]) {
      forms.add(form);
    }
  }
  return [...forms];
}
const ALL_FORMS = [...Object.values(CANARY), PRIVATE_KEY].flatMap((value) => formsOf(value).map((form) => ({ value, form })));

function leaksIn(where: string, content: string): string[] {
  return ALL_FORMS.filter(({ form }) => content.includes(form)).map(({ value, form }) => `${where}: ${value === form ? value : `${value} as ${form}`}`);
}

function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesBelow(file) : [file];
  });
}

let repo: MovieRepo;
let bundle: string;
let mainSha: string;
const api = new FakeGithubApi();
const runs: ActionRun[] = [];
const cli = { stdout: '', stderr: '', files: [] as string[], code: -1, compileCode: -1 };

function pullRequest(number: number) {
  return {
    action: 'opened',
    number,
    repository: { full_name: 'acme/movies', default_branch: 'main' },
    pull_request: {
      number,
      title: `Canary ${number}`,
      html_url: `https://github.com/acme/movies/pull/${number}`,
      head: { ref: `canary-${number}`, sha: repo.head(), repo: { full_name: 'acme/movies' } },
      base: { ref: 'main', sha: mainSha, repo: { full_name: 'acme/movies' } },
    },
  };
}

async function review(number: number): Promise<ActionRun> {
  const run = await runBundledAction({
    bundle,
    workspace: repo.dir,
    apiUrl: api.url,
    eventName: 'pull_request',
    payload: pullRequest(number),
    inputs: { 'github-token': CANARY.token, 'snowflake-password': CANARY.inputPassword, 'secret-env': 'MY_WAREHOUSE_PIN' },
    env: ENV,
  });
  runs.push(run);
  return run;
}

beforeAll(async () => {
  bundle = buildBundle(path.join(repoRoot, 'node_modules', '.cache', 'dailies-action-canary'));
  await api.start();
  repo = createMovieRepo();
  await buildProduction(repo, 0.0005);
  repo.write('profiles.yml', PROFILES);
  mainSha = repo.commit('profiles with credentials');

  // Pull request 1: the canaries reach a built column, a log line, a SQL error and a failing test.
  repo.git('checkout', '--quiet', '-b', 'canary-1');
  repo.write(
    'models/marts/canary_column.sql',
    `{{ log("log canary " ~ env_var("DBT_ENV_SECRET_LOG"), info=True) }}\nselect '{{ env_var("DBT_ENV_SECRET_PW") }}' as c, '{{ env_var("AWS_SECRET_ACCESS_KEY") }}' as aws, 1 as id\n`,
  );
  repo.write('models/marts/canary_sql_error.sql', `select cast('{{ env_var("MY_WAREHOUSE_PIN") }}' as integer) as pin\n`);
  repo.write('data-tests/canary_failing_test.sql', `select '{{ env_var("DBT_ENV_SECRET_TEST") }}' as leaked, '{{ env_var("SNOWFLAKE_PRIVATE_KEY") | replace("\\n", " ") }}' as key\n`);
  repo.commit('canaries at run time');
  await review(1);

  // The same change through the CLI, writing its report files.
  const out = path.join(repo.dir, 'ci-out', 'report.md');
  const restore = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((cli.stderr += String(chunk)), true)) as typeof process.stderr.write;
  try {
    cli.code = await main(['ci', '--base', 'main', '--pr', '91', '--out', out, '--project-dir', repo.dir, '--secret-env', 'MY_WAREHOUSE_PIN'], {
      env: { ...ENV, SNOWFLAKE_PASSWORD: CANARY.inputPassword, HOME: repo.dir },
      cwd: repo.dir,
      stdout: (chunk) => void (cli.stdout += chunk),
      stderr: (chunk) => void (cli.stderr += chunk),
      signal: new AbortController().signal,
    });
  } finally {
    process.stderr.write = restore;
  }
  cli.files = filesBelow(path.dirname(out));
  // and the artifacts a command writes under target/: the canary model compiled with its secret
  cli.compileCode = await main(['compile', '-s', 'canary_column', '--project-dir', repo.dir, '--secret-env', 'MY_WAREHOUSE_PIN'], {
    env: { ...ENV, HOME: repo.dir },
    cwd: repo.dir,
    stdout: (chunk) => void (cli.stdout += chunk),
    stderr: (chunk) => void (cli.stderr += chunk),
    signal: new AbortController().signal,
  });

  // Pull request 2: a compiler error (raised while the project compiles): the review cannot run.
  repo.git('checkout', '--quiet', 'main');
  repo.git('checkout', '--quiet', '-b', 'canary-2');
  repo.write('models/marts/canary_compile.sql', `{% if execute %}{{ exceptions.raise_compiler_error("cannot compile: " ~ env_var("DBT_ENV_SECRET_COMPILE") ~ " / " ~ env_var("SNOWFLAKE_PASSWORD")) }}{% endif %}\nselect 1 as id\n`);
  repo.commit('canary at compile time');
  await review(2);
}, 180_000);

afterAll(async () => {
  await api.stop();
  repo?.dispose();
});

describe('the secret canary', () => {
  it('reached the warehouse, the logs, the errors and the reports (the check below can fail)', async () => {
    // the PR builds in its own database file (production attached read-only)
    const value = await withPrWarehouse(repo, 'pr_1', async (adapter) => Object.values((await adapter.execute('select c from "pr_1"."canary_column"')).rows[0] ?? {})[0]);
    expect(value).toBe(CANARY.modelColumn);
    const [first, second] = runs;
    expect(first!.stdout + first!.stderr).toContain('log canary ***');
    const comment1 = api.comments.get(1)?.[0]?.body ?? '';
    expect(comment1).toContain('canary_sql_error');
    expect(comment1).toContain('canary_failing_test');
    expect(comment1).toContain('&#39;&#42;&#42;&#42;&#39; to INT32');
    expect(second!.outputs.status).toBe('error');
    // the report escapes the redacted text like any other: *** is &#42;&#42;&#42;
    expect(api.comments.get(2)?.[0]?.body ?? '').toContain('cannot compile&#58; &#42;&#42;&#42; / &#42;&#42;&#42;');
    expect(second!.stdout).toContain('cannot compile: *** / ***');
    expect(cli.files.map((file) => path.basename(file)).sort()).toEqual(['report.json', 'report.md']);
    expect(readFileSync(cli.files.find((file) => file.endsWith('.md'))!, 'utf8')).toContain('***');
  });

  it('leaves no form of any canary in what was sent to GitHub', () => {
    expect(api.calls.length).toBeGreaterThan(4);
    expect(api.calls.flatMap((call) => leaksIn(`${call.method} ${call.path}`, `${call.path}\n${call.body}`))).toEqual([]);
  });

  it("leaves none in the Action's logs, outputs, job summary or report files", () => {
    for (const run of runs) {
      const logs = [run.stdout, run.stderr].join('\n').split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n');
      expect(leaksIn('logs', logs)).toEqual([]);
      expect(leaksIn('outputs and summary', run.everything.replace(run.stdout, '').replace(run.stderr, ''))).toEqual([]);
      for (const file of filesBelow(path.join(run.runnerTemp, 'dailies'))) expect(leaksIn(file, readFileSync(file, 'utf8'))).toEqual([]);
    }
  });

  it('leaves none in what `dailies ci` printed or wrote', () => {
    expect(leaksIn('stdout', cli.stdout)).toEqual([]);
    expect(leaksIn('stderr', cli.stderr)).toEqual([]);
    for (const file of cli.files) expect(leaksIn(file, readFileSync(file, 'utf8'))).toEqual([]);
  });

  it("leaves none in the project's artifacts under target/ (the compiled SQL of the canary model included)", () => {
    const artifacts = filesBelow(path.join(repo.dir, 'target')).filter((file) => /\.(json|sql|md)$/.test(file));
    expect(cli.compileCode).toBe(0);
    const compiled = artifacts.find((file) => file.endsWith(`${path.sep}canary_column.sql`) && file.includes(`${path.sep}compiled${path.sep}`));
    expect(compiled).toBeDefined();
    // the secret reached the compiled SQL, and was redacted on its way to disk
    expect(readFileSync(compiled!, 'utf8')).toContain("'***'");
    expect(artifacts.some((file) => file.endsWith('manifest.json'))).toBe(true);
    for (const file of artifacts) expect(leaksIn(file, readFileSync(file, 'utf8'))).toEqual([]);
  });
});
