/**
 * `dailies debug` (dbt debug: project file, profile, git, connection; never a credential) and
 * `dailies clean` (dbt clean: the clean-targets inside the project, nothing outside it).
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeTempProjects, tempProject } from '../project/temp-project.js';
import { runDailies, type CliRun } from './run-dailies.js';

afterEach(removeTempProjects);

const dailies = (dir: string, ...argv: string[]): Promise<CliRun> => runDailies(dir, argv, { HOME: dir, PATH: process.env.PATH });

const profile = (extra: string): string => `d:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      schema: main\n      password: hunter2-never-shown\n${extra}`;

describe('dailies debug', () => {
  it('passes every check on a working project, printing the connection without its credentials', async () => {
    const dir = tempProject({ 'dbt_project.yml': 'name: d\nprofile: d\n', 'profiles.yml': profile('      path: d.duckdb\n') });
    const { code, stdout } = await dailies(dir, 'debug');
    expect(code).toBe(0);
    expect(stdout).toContain(`Using profiles.yml file at ${path.join(dir, 'profiles.yml')}`);
    expect(stdout).toContain('  profiles.yml file [OK found and valid]');
    expect(stdout).toContain('  dbt_project.yml file [OK found and valid]');
    expect(stdout).toContain(' - git [OK found]');
    expect(stdout).toContain(`  path: ${path.join(dir, 'd.duckdb')}`);
    expect(stdout).toContain('  Connection test: [OK connection ok]');
    expect(stdout).toContain('All checks passed!');
    expect(stdout).not.toContain('hunter2');
    expect(stdout).not.toMatch(/^ {2}password:/m);
  });

  it('fails the connection test with the warehouse error, and a missing dbt_project.yml, with exit 1', async () => {
    const broken = tempProject({ 'dbt_project.yml': 'name: d\nprofile: d\n', 'profiles.yml': profile('      path: .\n') });
    const failed = await dailies(broken, 'debug');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('  Connection test: [ERROR]');
    expect(failed.stdout).toContain('1 check failed:');
    expect(failed.stdout).toContain('dailies was unable to connect to the duckdb target "dev"');
    const empty = tempProject({});
    const missing = await dailies(empty, 'debug');
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('  dbt_project.yml file [ERROR not found]');
  });
});

describe('dailies clean', () => {
  it('removes the clean-targets (default: target/), and refuses a folder outside the project before removing anything', async () => {
    const dir = tempProject({ 'dbt_project.yml': 'name: d\n', 'target/manifest.json': '{}', 'dbt_packages/p/dbt_project.yml': 'name: p\n' });
    const cleaned = await dailies(dir, 'clean');
    expect(cleaned.code).toBe(0);
    expect(existsSync(path.join(dir, 'target'))).toBe(false);
    expect(existsSync(path.join(dir, 'dbt_packages'))).toBe(true);
    writeFileSync(path.join(dir, 'dbt_project.yml'), 'name: d\nclean-targets: [dbt_packages, ../elsewhere]\n');
    const refused = await dailies(dir, 'clean');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`dailies will not clean ${path.resolve(dir, '../elsewhere')}`);
    expect(existsSync(path.join(dir, 'dbt_packages'))).toBe(true);
    writeFileSync(path.join(dir, 'dbt_project.yml'), 'name: d\nclean-targets: [dbt_packages]\n');
    expect((await dailies(dir, 'clean')).stdout).toContain('Cleaned dbt_packages');
    expect(existsSync(path.join(dir, 'dbt_packages'))).toBe(false);
  });
});
