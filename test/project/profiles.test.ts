import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DailiesError } from '../../src/errors.js';
import { createEnvRenderer, loadProject, resolveTarget } from '../../src/project/index.js';
import { cleanEnv, fixturesDir, removeTempProjects, tempProject } from './temp-project.js';

const root = join(fixturesDir, 'movies');
afterAll(removeTempProjects);

async function targetOf(target: string | undefined, env: Record<string, string> = {}) {
  return (await loadProject({ projectDir: root, target, env: cleanEnv(env) })).target;
}

async function errorOf(promise: Promise<unknown>): Promise<DailiesError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DailiesError);
  return error as DailiesError;
}

describe('profiles.yml', () => {
  it("uses the profile's default target, resolving a relative duckdb path against the project", async () => {
    const project = await loadProject({ projectDir: root, env: cleanEnv() });
    expect(project.profileName).toBe('movie_profile');
    expect(project.target).toEqual({ name: 'dev', type: 'duckdb', path: join(root, 'target', 'dev.duckdb'), schema: 'analytics', threads: 4 });
  });

  it('keeps :memory: and defaults the duckdb schema to main', async () => {
    expect(await targetOf('memory')).toEqual({ name: 'memory', type: 'duckdb', path: ':memory:', schema: 'main', threads: 4 });
  });

  it('renders env_var with defaults and the as_number / as_bool / as_text filters', async () => {
    const ci = await targetOf('ci', { PR_NUMBER: '42', CI_THREADS: '2' });
    expect(ci).toEqual({ name: 'ci', type: 'duckdb', path: join(root, 'target', 'ci.duckdb'), schema: 'pr_42', threads: 2, read_only: false, port: '5432' });
    const withDefaults = await targetOf('ci', { PR_NUMBER: '7', CI_DB_PATH: '/tmp/x.duckdb', CI_READ_ONLY: 'True' });
    expect(withDefaults).toMatchObject({ path: '/tmp/x.duckdb', threads: 8, read_only: true });
  });

  it('keeps other adapters as written', async () => {
    const prod = await targetOf('prod', { SNOWFLAKE_ACCOUNT: 'xy123' });
    expect(prod).toEqual({ name: 'prod', type: 'snowflake', account: 'xy123', user: 'loader', database: 'ANALYTICS', schema: 'MARTS', threads: 16 });
  });

  it('names profiles.yml:line and the variable when an env var is missing', async () => {
    const error = await errorOf(targetOf('ci'));
    expect(error.kind).toBe('config');
    expect(error.place).toEqual({ file: 'profiles.yml', line: 14 });
    expect(error.message).toContain('PR_NUMBER');
    expect(error.format()).toContain("profiles.yml:14: Environment variable PR_NUMBER is not set");
    expect(error.hint).toContain("env_var('PR_NUMBER', 'value')");
  });

  it('lists the targets that exist when the target is unknown', async () => {
    const error = await errorOf(targetOf('staging'));
    expect(error.kind).toBe('config');
    expect(error.message).toBe('Target "staging" not found in profile "movie_profile"');
    expect(error.hint).toContain('dev, memory, ci, prod');
  });

  it('lists the profiles that exist when the profile is unknown', async () => {
    const dir = tempProject({ 'dbt_project.yml': 'name: other\nprofile: nope\n', 'profiles.yml': 'a:\n  outputs: {dev: {type: duckdb}}\nconfig:\n  send_anonymous_usage_stats: false\nb:\n  outputs: {}\n' });
    const error = await errorOf(loadProject({ projectDir: dir, env: cleanEnv() }));
    expect(error.message).toBe('Profile "nope" not found in profiles.yml');
    expect(error.hint).toContain('Profiles in this file: a, b.');
  });

  it('falls back to a local duckdb target when no profiles.yml exists anywhere', async () => {
    const dir = tempProject({ 'dbt_project.yml': 'name: fresh\n' });
    const project = await loadProject({ projectDir: dir, env: cleanEnv() });
    expect(project.profileName).toBe('fresh');
    expect(project.target).toEqual({ name: 'dev', type: 'duckdb', path: join(dir, 'target', 'dev.duckdb'), schema: 'main', threads: 4 });
  });

  it('searches --profiles-dir first, then the project, then DBT_PROFILES_DIR, then ~/.dbt', async () => {
    const profile = (schema: string) => `p:\n  target: dev\n  outputs:\n    dev: {type: duckdb, schema: ${schema}}\n`;
    const dirs = tempProject({
      'explicit/profiles.yml': profile('explicit'),
      'fromenv/profiles.yml': profile('fromenv'),
      'home/.dbt/profiles.yml': profile('home'),
      'project/dbt_project.yml': 'name: p\n',
    });
    const projectDir = join(dirs, 'project');
    const schemaWith = async (options: { profilesDir?: string; env: Record<string, string> }) => (await loadProject({ projectDir, ...options })).target.schema;
    const home = { HOME: join(dirs, 'home') };
    expect(await schemaWith({ env: home })).toBe('home');
    expect(await schemaWith({ env: { ...home, DBT_PROFILES_DIR: join(dirs, 'fromenv') } })).toBe('fromenv');
    expect(await schemaWith({ profilesDir: join(dirs, 'explicit'), env: { ...home, DBT_PROFILES_DIR: join(dirs, 'fromenv') } })).toBe('explicit');
  });

  it('resolves a target directly with resolveTarget', () => {
    const target = resolveTarget({ projectDir: root, profileName: 'other_profile', targetPath: 'target', env: cleanEnv() });
    expect(target).toEqual({ name: 'x', type: 'duckdb', schema: 'main', threads: 4 });
  });

  it('rejects threads that are not a whole number', () => {
    const dir = tempProject({ 'profiles.yml': 'p:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      threads: many\n' });
    expect(() => resolveTarget({ projectDir: dir, profileName: 'p', targetPath: 'target', env: cleanEnv() })).toThrow(/threads/);
  });
});

describe('env_var renderer', () => {
  const renderer = createEnvRenderer({ A: 'x', N: ' 12 ' });
  const place = { file: 'f.yml', line: 3 };

  it('leaves text without templates alone and renders mixed text as a string', () => {
    expect(renderer.render('plain', place)).toBe('plain');
    expect(renderer.render("{{ env_var('A') }}-{{ env_var('N') | as_number }}", place)).toBe('x-12');
    expect(renderer.render("{{ env_var('N') | as_number }}", place)).toBe(12);
  });

  it('offers nothing of dbt but env_var and the three filters', () => {
    expect(() => renderer.render("{{ ref('x') }}", place)).toThrow(DailiesError);
    expect(() => renderer.render("{{ env_var('A') | as_number }}", place)).toThrow(/not a number/);
  });
});
