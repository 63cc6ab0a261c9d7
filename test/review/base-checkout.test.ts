/**
 * The base of a pull request on disk: `local:` packages outside the project folder resolve in the
 * base checkout as they do in the head — a folder of the same repository as the base commit has
 * it, a folder outside the repository as the head's.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkoutBase } from '../../src/review/base-checkout.js';
import { loadProject } from '../../src/project/index.js';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

describe('checkoutBase', () => {
  it('gives the base its own copy of an in-repository local package, and the head’s folder of one outside the repository', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dailies-base-locals-'));
    roots.push(root);
    const repo = join(root, 'repo');
    const project = join(repo, 'analytics');
    // outside the repository, two levels up from the project
    write(join(root, 'shared-macros', 'dbt_project.yml'), 'name: shared_macros\n');
    write(join(root, 'shared-macros', 'macros', 'm.sql'), "{% macro shared() %}'outside'{% endmacro %}\n");
    // in the repository, beside the project
    write(join(repo, 'common', 'dbt_project.yml'), 'name: common\n');
    write(join(repo, 'common', 'macros', 'c.sql'), "{% macro common() %}'base'{% endmacro %}\n");
    write(join(project, 'dbt_project.yml'), 'name: analytics\nprofile: analytics\n');
    write(join(project, 'packages.yml'), 'packages:\n  - local: ../common\n  - local: ../../shared-macros\n');
    write(join(project, 'models', 'a.sql'), 'select {{ common() }} as c, {{ shared() }} as s\n');
    write(join(project, 'profiles.yml'), 'analytics:\n  target: dev\n  outputs:\n    dev: {type: duckdb, path: x.duckdb, schema: main}\n');
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@x', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8' });
    git('init', '--quiet', '-b', 'main');
    git('add', '-A');
    git('commit', '--quiet', '-m', 'base');
    git('checkout', '--quiet', '-b', 'feature');
    write(join(repo, 'common', 'macros', 'c.sql'), "{% macro common() %}'head'{% endmacro %}\n");
    git('commit', '--quiet', '-am', 'head');

    const checkout = await checkoutBase(project, 'main', { env: {} });
    try {
      const base = await loadProject({ projectDir: checkout.projectDir, profilesDir: project, env: {} });
      expect(base.packages.map((pkg) => pkg.name).sort()).toEqual(['analytics', 'common', 'shared_macros']);
      const common = base.packages.find((pkg) => pkg.name === 'common')!;
      expect(readFileSync(join(common.root, 'macros', 'c.sql'), 'utf8')).toContain("'base'");
      const shared = base.packages.find((pkg) => pkg.name === 'shared_macros')!;
      expect(readFileSync(join(shared.root, 'macros', 'm.sql'), 'utf8')).toContain("'outside'");
      // nothing was written next to the temporary folder
      expect(checkout.projectDir.startsWith(tmpdir())).toBe(true);
    } finally {
      checkout.dispose();
    }
  });
});
