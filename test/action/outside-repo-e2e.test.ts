/**
 * A new user's first day, end to end, entirely outside this repository: only `action.yml` and a
 * freshly built dist/ are copied to a temporary folder (as `uses: owner/dailies@v1` would check
 * them out); a git repository holding only a small dbt project runs `dailies init`; then the
 * generated workflows' Action steps run (their `with:` read from the generated files) against a
 * fake GitHub API, with DuckDB's native binding downloaded from a fake npm registry and production
 * kept between runs as a release asset.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../src/cli/main.js';
import { buildAction } from '../../scripts/build-action.js';
import { runBundledAction, type ActionRun } from '../fixtures/github/action-runner.js';
import { FakeGithubApi } from '../fixtures/github/fake-github-api.js';
import { FakeNpmRegistry } from '../fixtures/npm/fake-npm-registry.js';

const repoRoot = realpathSync(path.resolve(import.meta.dirname, '..', '..'));
const TOKEN = 'ghs_outsideTOKEN0123456789';

let outside: string;
let actionDir: string;
let workspace: string;
let externals: string[];
const api = new FakeGithubApi({ pageSize: 50 });
const registry = new FakeNpmRegistry();
const runs: ActionRun[] = [];

const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=new@example.com', '-c', 'user.name=New User', '-c', 'commit.gpgsign=false', ...args], { cwd: workspace, encoding: 'utf8' }).trim();
const head = () => git('rev-parse', 'HEAD');

/** The `with:` of the dailies step in a generated workflow, its expressions evaluated as GitHub would with no variables or secrets set. */
function stepInputs(file: string): Record<string, string> {
  const workflow = parse(readFileSync(path.join(workspace, '.github', 'workflows', file), 'utf8')) as { jobs: Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }> };
  const step = Object.values(workflow.jobs)[0]!.steps.find((item) => item.uses?.startsWith('acme/dailies@'));
  const inputs: Record<string, string> = {};
  for (const [name, value] of Object.entries(step!.with ?? {})) {
    inputs[name] = String(value).replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => /\|\|\s*'([^']*)'$/.exec(expression)?.[1] ?? '');
  }
  return inputs;
}

async function act(workflowFile: string, eventName: string, payload: unknown): Promise<ActionRun> {
  // every job starts on a fresh runner: nothing but the checkout
  rmSync(path.join(workspace, 'target'), { recursive: true, force: true });
  const run = await runBundledAction({
    bundle: path.join(actionDir, 'dist', 'index.js'),
    workspace,
    cwd: workspace,
    apiUrl: api.url,
    eventName,
    payload,
    inputs: { ...stepInputs(workflowFile), 'github-token': TOKEN },
    env: { DAILIES_NPM_REGISTRY: registry.url, NODE_PATH: '' },
  });
  runs.push(run);
  return run;
}

function pullRequest(number: number, action: string, branch: string, baseSha: string) {
  return {
    action,
    number,
    repository: { full_name: 'acme/movies', default_branch: 'main', private: false },
    pull_request: {
      number,
      title: `Change ${number}`,
      html_url: `https://github.com/acme/movies/pull/${number}`,
      head: { ref: branch, sha: head(), repo: { full_name: 'acme/movies' } },
      base: { ref: 'main', sha: baseSha, repo: { full_name: 'acme/movies' } },
    },
  };
}

const push = (before: string) => ({ ref: 'refs/heads/main', before, after: head(), repository: { full_name: 'acme/movies', default_branch: 'main' } });
const productionAssets = () => (api.releases.get('dailies-production')?.assets ?? []).map((asset) => asset.name).sort();

beforeAll(async () => {
  outside = realpathSync(mkdtempSync(path.join(tmpdir(), 'dailies-outside-')));
  actionDir = path.join(outside, 'action');
  mkdirSync(actionDir);
  copyFileSync(path.join(repoRoot, 'action.yml'), path.join(actionDir, 'action.yml'));
  ({ externals } = await buildAction(path.join(actionDir, 'dist')));
  workspace = path.join(outside, 'shop');
  cpSync(path.join(repoRoot, 'test', 'fixtures', 'shop'), workspace, { recursive: true });
  git('init', '--quiet', '--initial-branch=main');
  registry.addPackage('@duckdb/node-bindings-linux-x64', JSON.parse(readFileSync(path.join(actionDir, 'dist', 'duckdb-bindings.json'), 'utf8'))['linux-x64'].version);
  await registry.start();
  await api.start();
}, 120_000);

afterAll(async () => {
  if (process.env.DAILIES_E2E_DUMP) writeFileSync(process.env.DAILIES_E2E_DUMP, JSON.stringify({ runs, comments: [...api.comments.entries()] }, null, 2));
  await api.stop();
  await registry.stop();
  if (outside) rmSync(outside, { recursive: true, force: true });
});

describe.runIf(process.platform === 'linux' && process.arch === 'x64')('the Action from another repository', () => {
  it('is only action.yml and dist/, outside this repository, importing nothing but Node built-ins', () => {
    expect(path.relative(repoRoot, actionDir).startsWith('..')).toBe(true);
    // no node_modules on the way up from the Action's folder or the workspace
    for (let dir = outside; dir !== path.dirname(dir); dir = path.dirname(dir)) expect(existsSync(path.join(dir, 'node_modules')), dir).toBe(false);
    expect(readdirSync(actionDir).sort()).toEqual(['action.yml', 'dist']);
    const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
    // what the bundles import at run time: Node's own modules, and nunjucks's optional file watcher (never loaded)
    expect(externals.filter((name) => !builtins.has(name))).toEqual(['chokidar']);
  });

  it('dailies init sets the repository up and says what to configure', async () => {
    let out = '';
    const code = await main(['init', '--action', 'acme/dailies@v1'], { cwd: workspace, env: {}, stdout: (text) => (out += text), stderr: (text) => (out += text) });
    expect(code, out).toBe(0);
    for (const file of ['.github/workflows/dailies-review.yml', '.github/workflows/dailies-cleanup.yml', '.github/workflows/dailies-deploy.yml', 'profiles.yml', '.gitignore']) expect(out).toContain(`written     ${file}`);
    for (const name of ['SNOWFLAKE_ACCOUNT', 'SNOWFLAKE_USER', 'SNOWFLAKE_PRIVATE_KEY', 'DAILIES_TARGET']) expect(out).toContain(name);
    git('add', '-A');
    git('commit', '--quiet', '-m', 'dbt project + dailies init');
    expect(git('status', '--porcelain')).toBe('');
  });

  it('a pull request opened before any promotion says production is missing, and how to get it', async () => {
    const mainSha = head();
    git('checkout', '--quiet', '-b', 'too-early');
    writeFileSync(path.join(workspace, 'models', 'stg_orders.sql'), readFileSync(path.join(workspace, 'models', 'stg_orders.sql'), 'utf8').replace('    status,\n', '    upper(status) as status,\n'));
    git('commit', '--quiet', '-am', 'upper-case statuses');
    const run = await act('dailies-review.yml', 'pull_request', pullRequest(9, 'opened', 'too-early', mainSha));
    expect(run.code).toBe(1);
    expect(run.outputs.status).toBe('error');
    expect(run.stdout).toMatch(/no production stored yet in github-release acme\/movies@dailies-production/);
    const body = api.comments.get(9)?.[0]?.body ?? '';
    expect(body).toContain('there is no production to review against');
    expect(body).toMatch(/deploy workflow builds and stores it on the first push/);
    expect(body).not.toMatch(/Catalog Error/);
    git('checkout', '--quiet', 'main');
  });

  it('the first push to main builds production and stores it as a release asset', async () => {
    const run = await act('dailies-deploy.yml', 'push', push('0'.repeat(40)));
    expect(run.stderr).toBe('');
    expect(run.code, run.stdout).toBe(0);
    // the binding came from the registry (at the first run), into the Action's own folder
    expect(registry.requests).toEqual(['/@duckdb/node-bindings-linux-x64/-/node-bindings-linux-x64-1.5.6-r.1.tgz']);
    expect(existsSync(path.join(actionDir, 'dist', 'native', 'linux-x64-1.5.6-r.1', 'duckdb.node'))).toBe(true);
    expect(run.stdout).toMatch(/no production stored yet/);
    expect(run.outputs.status).toBe('success');
    expect(run.outputs['changed-models'].split(',').sort()).toEqual(['customer_revenue', 'raw_orders', 'stg_orders']);
    expect(productionAssets()).toEqual([expect.stringMatching(/^manifest-\d{13}-[0-9a-f]{12}\.json$/), expect.stringMatching(/^production-\d{13}-[0-9a-f]{12}\.duckdb\.gz$/)]);
    const database = api.releases.get('dailies-production')!.assets.find((asset) => asset.name.endsWith('.gz'))!.data;
    expect(gunzipSync(database).subarray(8, 12).toString()).toBe('DUCK');
    expect(api.releases.get('dailies-production')!.prerelease).toBe(true);
  });

  it('a pull request is reviewed against the stored production', async () => {
    const mainSha = head();
    git('checkout', '--quiet', '-b', 'count-returns');
    writeFileSync(path.join(workspace, 'models', 'customer_revenue.sql'), readFileSync(path.join(workspace, 'models', 'customer_revenue.sql'), 'utf8').replace("where status <> 'returned'\n", ''));
    git('commit', '--quiet', '-am', 'count returned orders too');
    const run = await act('dailies-review.yml', 'pull_request', pullRequest(1, 'opened', 'count-returns', mainSha));
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/production fetched \(\d{13}-/);
    expect(run.outputs).toMatchObject({ schema: 'pr_1', status: 'success', 'changed-models': 'customer_revenue' });
    const body = api.comments.get(1)?.[0]?.body ?? '';
    expect(body).toContain('customer_revenue');
    // ann's returned order now counts: one customer's row changed, against production's data
    expect(body).toContain('| 4 → 4 (±0) | **1 changed** |');
    expect(body).toContain('revenue_dashboard');
    // ann's row is named by its key, customer_email: a public repository's comment shows a hash instead
    expect(body).not.toMatch(/ann@\u200b?example\.com/);
    expect(body).toMatch(/customer_email=&#35;[0-9a-f]{8}/);
    expect(body).toContain('### Dashboards and other exposures affected (1)');
    expect(body).toContain('[**revenue_dashboard**](https://bi.example.com/revenue) (dashboard) · owner: Finance team');
    // the full report is a file (report-path), for the workflow to keep as an artifact
    expect(readFileSync(run.outputs['report-path']!, 'utf8')).toContain('customer_revenue');
    git('checkout', '--quiet', 'main');
  });

  it('closing the pull request runs the cleanup step', async () => {
    git('checkout', '--quiet', 'count-returns');
    const run = await act('dailies-cleanup.yml', 'pull_request', pullRequest(1, 'closed', 'count-returns', git('rev-parse', 'main')));
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ schema: 'pr_1', status: 'success' });
    git('checkout', '--quiet', 'main');
  });

  it('the merge promotes from the stored production and replaces it', async () => {
    const before = head();
    const generations = productionAssets();
    git('merge', '--quiet', '--ff-only', 'count-returns');
    const run = await act('dailies-deploy.yml', 'push', push(before));
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/production fetched/);
    expect(run.outputs['changed-models']).toBe('customer_revenue');
    expect(run.summary).toMatch(/production stored/);
    const now = productionAssets();
    expect(now).toHaveLength(4); // this generation and the one before it
    expect(now).toEqual(expect.arrayContaining(generations));
    expect(now.some((name) => name.includes(head().slice(0, 12)))).toBe(true);
    // the downloaded binding was reused
    expect(registry.requests).toHaveLength(1);
  });

  it('never printed the token', () => {
    for (const run of runs) {
      const visible = run.everything
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n');
      expect(visible).not.toContain(TOKEN);
    }
  });
});
