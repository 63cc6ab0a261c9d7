import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { initProject } from '../../src/init/scaffold.js';
import { resolveTarget } from '../../src/project/index.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A git repository with a dbt project in `sub` ('' for the root). */
function repoWithProject(sub = ''): { root: string; project: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'dailies-init-'));
  dirs.push(root);
  execFileSync('git', ['init', '--quiet', root]);
  const project = path.join(root, sub);
  mkdirSync(path.join(project, 'models'), { recursive: true });
  writeFileSync(path.join(project, 'dbt_project.yml'), 'name: shop\nprofile: shop_profile\n');
  return { root, project };
}

const read = (file: string) => readFileSync(file, 'utf8');

describe('dailies init', () => {
  it('writes the three workflows at the repository root, using the Action on the project folder', () => {
    const { root, project } = repoWithProject('analytics');
    const result = initProject({ projectDir: project, action: 'acme/dailies@v1' });
    expect(result.projectDir).toBe('analytics');
    expect(result.files.map((file) => [file.path, file.status])).toEqual([
      ['.github/workflows/dailies-review.yml', 'written'],
      ['.github/workflows/dailies-cleanup.yml', 'written'],
      ['.github/workflows/dailies-deploy.yml', 'written'],
      ['analytics/profiles.yml', 'written'],
      ['analytics/.gitignore', 'written'],
    ]);
    const commands: Record<string, string> = {};
    for (const [file, on] of [
      ['dailies-review.yml', 'pull_request'],
      ['dailies-cleanup.yml', 'pull_request'],
      ['dailies-deploy.yml', 'push'],
    ] as const) {
      const workflow = parse(read(path.join(root, '.github/workflows', file))) as Record<string, any>;
      expect(Object.keys(workflow.on)).toEqual([on]);
      const steps = (Object.values(workflow.jobs)[0] as { steps: { uses: string; with?: Record<string, string> }[] }).steps;
      expect(steps[0]!.uses).toMatch(/^actions\/checkout@[0-9a-f]{40}$/);
      const action = steps.find((step) => step.uses === 'acme/dailies@v1');
      expect(action?.with?.['project-dir']).toBe('analytics');
      expect(action?.with?.['production-store']).toContain('github-release');
      commands[file] = action!.with!.command!;
      // no npm, no setup-node: the Action is self-contained
      expect(read(path.join(root, '.github/workflows', file))).not.toMatch(/npm|setup-node/);
    }
    expect(commands).toEqual({ 'dailies-review.yml': 'review', 'dailies-cleanup.yml': 'cleanup', 'dailies-deploy.yml': 'promote' });
    const reviewSteps = (parse(read(path.join(root, '.github/workflows/dailies-review.yml'))).jobs.review as { steps: { uses: string; with?: Record<string, string> }[] }).steps;
    expect(reviewSteps.at(-1)).toMatchObject({ uses: expect.stringMatching(/^actions\/upload-artifact@[0-9a-f]{40}$/), with: { name: 'dailies-report', path: '${{ steps.dailies.outputs.report-path }}' } });
    expect(parse(read(path.join(root, '.github/workflows/dailies-deploy.yml'))).permissions).toEqual({ contents: 'write' });
  });

  it('writes a profiles.yml whose DuckDB default and Snowflake targets dailies can read', () => {
    const { project } = repoWithProject();
    initProject({ projectDir: project });
    const duck = resolveTarget({ projectDir: project, profileName: 'shop_profile', targetPath: 'target', env: {} });
    expect(duck).toMatchObject({ name: 'dev', type: 'duckdb', schema: 'main', path: path.join(project, 'target', 'dev.duckdb') });
    const env = { SNOWFLAKE_ACCOUNT: 'xy123', SNOWFLAKE_USER: 'dailies', SNOWFLAKE_PRIVATE_KEY: 'pem' };
    for (const targetName of ['snowflake', 'snowflake_prod']) {
      expect(parse(read(path.join(project, 'profiles.yml'))).shop_profile.outputs[targetName]).toMatchObject({ type: 'snowflake', account: "{{ env_var('SNOWFLAKE_ACCOUNT') }}" });
      expect(() => resolveTarget({ projectDir: project, profileName: 'shop_profile', targetName, targetPath: 'target', env })).not.toThrow(/not found/);
    }
  });

  it('is idempotent, and never overwrites an edited file without force', () => {
    const { root, project } = repoWithProject();
    writeFileSync(path.join(project, 'profiles.yml'), 'mine: {}\n');
    writeFileSync(path.join(project, '.gitignore'), 'node_modules\ntarget/\n');
    const first = initProject({ projectDir: project });
    expect(first.files.find((file) => file.path === 'profiles.yml')?.status).toBe('kept');
    expect(first.files.find((file) => file.path === '.gitignore')?.status).toBe('updated');
    const review = path.join(root, '.github/workflows/dailies-review.yml');
    writeFileSync(review, `${read(review)}# my edit\n`);
    const snapshot = () => [read(path.join(project, 'profiles.yml')), read(path.join(project, '.gitignore')), read(review)];
    const before = snapshot();
    const second = initProject({ projectDir: project });
    expect(snapshot()).toEqual(before);
    expect(second.files.map((file) => file.status)).toEqual(['kept', 'unchanged', 'unchanged', 'kept', 'unchanged']);
    expect(read(path.join(project, '.gitignore'))).toBe('node_modules\ntarget/\n\n# dailies / dbt build output\ndbt_packages/\nlogs/\n*.duckdb\n*.duckdb.wal\n');
    const forced = initProject({ projectDir: project, force: true });
    expect(forced.files.filter((file) => file.status === 'overwritten').map((file) => file.path)).toEqual(['.github/workflows/dailies-review.yml', 'profiles.yml']);
    expect(read(review)).not.toContain('# my edit');
  });

  it('asks for id-token: write only with --snowflake-auth workload-identity, and then writes OIDC logins with no user or key', () => {
    const keyPair = repoWithProject();
    initProject({ projectDir: keyPair.project });
    const workflows = (root: string) => ['dailies-review.yml', 'dailies-cleanup.yml', 'dailies-deploy.yml'].map((file) => read(path.join(root, '.github/workflows', file)));
    for (const text of workflows(keyPair.root)) expect(parse(text).permissions['id-token']).toBeUndefined();

    const oidc = repoWithProject();
    const result = initProject({ projectDir: oidc.project, snowflakeAuth: 'workload-identity' });
    for (const text of workflows(oidc.root)) {
      const workflow = parse(text) as Record<string, any>;
      expect(workflow.permissions['id-token']).toBe('write');
      const step = (Object.values(workflow.jobs)[0] as { steps: { with?: Record<string, string> }[] }).steps.find((candidate) => candidate.with?.command);
      expect(Object.keys(step!.with!)).not.toContain('snowflake-private-key');
      expect(Object.keys(step!.with!)).not.toContain('snowflake-user');
    }
    expect(result.settings.map((setting) => setting.name)).not.toContain('SNOWFLAKE_PRIVATE_KEY');
    const target = resolveTarget({ projectDir: oidc.project, profileName: 'shop_profile', targetName: 'snowflake', targetPath: 'target', env: { SNOWFLAKE_ACCOUNT: 'xy123', SNOWFLAKE_OIDC_TOKEN: 'id-token' } });
    expect(target).toMatchObject({ authenticator: 'workload_identity', workload_identity_provider: 'oidc', token: 'id-token' });
    expect(target.user).toBeUndefined();
  });

  it('says which secrets and variables to set', () => {
    const { project } = repoWithProject();
    const names = initProject({ projectDir: project }).settings.map((setting) => setting.name);
    expect(names).toEqual(expect.arrayContaining(['SNOWFLAKE_ACCOUNT', 'SNOWFLAKE_USER', 'SNOWFLAKE_PRIVATE_KEY', 'DAILIES_TARGET']));
  });

  it('refuses a folder without dbt_project.yml', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'dailies-init-'));
    dirs.push(root);
    expect(() => initProject({ projectDir: root })).toThrow(/no dbt_project.yml/);
  });
});
