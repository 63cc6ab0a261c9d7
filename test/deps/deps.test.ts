/**
 * `dailies deps` end to end: hub packages from a fake hub on 127.0.0.1, git packages from local
 * repositories, local folders and tarballs, into dbt_packages/ with package-lock.yml.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { installPackages } from '../../src/deps/install.js';
import { loadProject } from '../../src/project/index.js';
import { makeTarball, startFakeHub, type FakeHub } from '../fixtures/deps/fake-hub.js';
import { cleanEnv, removeTempProjects, tempProject } from '../project/temp-project.js';

const sharedPackages = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/dbt-packages');

let hub: FakeHub;
let gitRepo: string;
let firstSha: string;
let tarballUrl: string;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@x', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@x' } }).trim();
}

beforeAll(async () => {
  hub = await startFakeHub({
    'acme/util': [
      { version: '1.0.0', name: 'util', files: { 'macros/v.sql': "{% macro util_version() %}'1.0.0'{% endmacro %}" } },
      { version: '1.2.0', name: 'util', packages: [{ package: 'acme/base', version: ['>=0.1.0'] }], files: { 'macros/v.sql': "{% macro util_version() %}'1.2.0'{% endmacro %}" } },
      { version: '1.3.0-rc1', name: 'util' },
      { version: '2.0.0', name: 'util', requireDbtVersion: ['>=2.0.0'] },
      { version: '1.9.0', name: 'util' },
    ],
    'acme/base': [{ version: '0.1.0', name: 'base' }],
  });
  gitRepo = mkdtempSync(join(tmpdir(), 'dailies-gitpkg-'));
  git(gitRepo, 'init', '-q');
  const write = (path: string, text: string) => {
    execFileSync('mkdir', ['-p', dirname(join(gitRepo, path))]);
    writeFileSync(join(gitRepo, path), text);
  };
  write('sub/dbt_project.yml', 'name: gitpkg\n');
  write('sub/macros/g.sql', "{% macro git_version() %}'one'{% endmacro %}");
  git(gitRepo, 'add', '-A');
  git(gitRepo, 'commit', '-qm', 'one');
  git(gitRepo, 'tag', 'v1');
  firstSha = git(gitRepo, 'rev-parse', 'HEAD');
  write('sub/macros/g.sql', "{% macro git_version() %}'two'{% endmacro %}");
  git(gitRepo, 'commit', '-qam', 'two');
  tarballUrl = hub.addFile('tarpkg.tar.gz', await makeTarball('tarpkg-main', { 'dbt_project.yml': 'name: tarpkg\n' }));
});

afterAll(async () => {
  await hub.close();
  rmSync(gitRepo, { recursive: true, force: true });
  removeTempProjects();
});

/** A project in `<temp>/proj`, with `siblings` (folder → files) next to it for `local: ../folder`. */
function project(packagesYml: string, siblings: Record<string, Record<string, string>> = {}): string {
  const files: Record<string, string> = { 'proj/dbt_project.yml': 'name: proj\nprofile: proj\n', 'proj/packages.yml': packagesYml };
  for (const [folder, contents] of Object.entries(siblings)) {
    for (const [path, text] of Object.entries(contents)) files[`${folder}/${path}`] = text;
  }
  return join(tempProject(files), 'proj');
}

async function deps(root: string, args: string[] = [], extraEnv: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['deps', '--project-dir', root, '--hub-url', hub.url, ...args], {
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    env: { ...cleanEnv(), ...extraEnv },
    cwd: root,
  });
  return { code, out, err };
}

const lockOf = (root: string) => readFileSync(join(root, 'package-lock.yml'), 'utf8');

describe('dailies deps', () => {
  it('installs hub, git, local and tarball packages and writes the lock', async () => {
    const root = project(`packages:
  - package: acme/util
    version: [">=1.0.0", "<2.0.0"]
  - git: "${gitRepo}"
    revision: v1
    subdirectory: sub
  - local: ../localpkg
  - tarball: ${tarballUrl}
    name: tarpkg
`, { localpkg: { 'dbt_project.yml': 'name: localpkg\n' } });
    const { code, out } = await deps(root);
    expect(code).toBe(0);
    expect(out).toContain('Installed from version 1.9.0');
    expect(readdirSync(join(root, 'dbt_packages')).sort()).toEqual(['gitpkg', 'localpkg', 'tarpkg', 'util']);
    expect(lstatSync(join(root, 'dbt_packages/localpkg')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(root, 'dbt_packages/gitpkg/macros/g.sql'), 'utf8')).toContain("'one'");
    expect(existsSync(join(root, 'dbt_packages/gitpkg/dbt_project.yml'))).toBe(true);
    const lock = lockOf(root);
    expect(lock).toContain(`  - name: util\n    package: acme/util\n    version: 1.9.0\n`);
    expect(lock).toContain(`  - git: ${gitRepo}\n    name: gitpkg\n    revision: ${firstSha}\n    subdirectory: sub\n`);
    expect(lock).toContain('  - local: ../localpkg\n    name: localpkg\n');
    expect(lock).toContain(`  - name: tarpkg\n    tarball: ${tarballUrl}\n`);
    expect(lock).toMatch(/\nsha1_hash: [0-9a-f]{40}\n$/);
    const loaded = await loadProject({ projectDir: root, env: cleanEnv() });
    expect(loaded.packages.map((pkg) => pkg.config.name).sort()).toEqual(['gitpkg', 'localpkg', 'proj', 'tarpkg', 'util']);
  });

  it('follows the dependencies a hub version lists, and picks the newest version in range', async () => {
    const root = project('packages:\n  - package: acme/util\n    version: "<1.5.0"\n');
    await deps(root);
    expect(lockOf(root)).toMatch(/version: 1\.2\.0[\s\S]*name: base\n {4}package: acme\/base\n {4}version: 0\.1\.0/);
    expect(readFileSync(join(root, 'dbt_packages/util/macros/v.sql'), 'utf8')).toContain('1.2.0');
  });

  it('installs a pre-release only when asked for', async () => {
    const root = project('packages:\n  - package: acme/util\n    version: ">1.2.0"\n    install_prerelease: true\n  - package: acme/base\n    version: 0.1.0\n');
    await deps(root);
    expect(lockOf(root)).toContain('version: 1.9.0');
    const exact = project('packages:\n  - package: acme/util\n    version: 1.3.0-rc1\n');
    await deps(exact);
    expect(lockOf(exact)).toContain('version: 1.3.0-rc1');
  });

  it('honours an existing lock until packages.yml changes or --upgrade is given', async () => {
    const root = project('packages:\n  - package: acme/util\n    version: [">=1.0.0", "<2.0.0"]\n');
    await deps(root);
    const pinnedOld = lockOf(root).replace('version: 1.9.0', 'version: 1.0.0');
    writeFileSync(join(root, 'package-lock.yml'), pinnedOld);
    const second = await deps(root);
    expect(second.out).not.toContain('Updated lock file');
    expect(readFileSync(join(root, 'dbt_packages/util/macros/v.sql'), 'utf8')).toContain('1.0.0');
    expect(lockOf(root)).toBe(pinnedOld);
    const upgraded = await deps(root, ['--upgrade']);
    expect(upgraded.out).toContain('Updated lock file');
    expect(lockOf(root)).toContain('version: 1.9.0');
    writeFileSync(join(root, 'package-lock.yml'), pinnedOld);
    writeFileSync(join(root, 'packages.yml'), 'packages:\n  - package: acme/util\n    version: "<1.1.0"\n');
    await deps(root);
    expect(lockOf(root)).toContain('version: 1.0.0');
    expect(lockOf(root)).not.toBe(pinnedOld);
  });

  it('writes only the lock with --lock', async () => {
    const root = project('packages:\n  - package: acme/base\n    version: 0.1.0\n');
    await deps(root, ['--lock']);
    expect(lockOf(root)).toContain('package: acme/base');
    expect(existsSync(join(root, 'dbt_packages'))).toBe(false);
  });

  it("resolves a local package's own packages.yml, intersecting its ranges with the project's", async () => {
    const root = project('packages:\n  - local: ../needsutil\n  - package: acme/util\n    version: ">=1.1.0"\n', {
      needsutil: { 'dbt_project.yml': 'name: needsutil\n', 'packages.yml': 'packages:\n  - package: acme/util\n    version: "<1.5.0"\n' },
    });
    await deps(root);
    expect(lockOf(root)).toContain('version: 1.2.0');
    expect(readdirSync(join(root, 'dbt_packages')).sort()).toEqual(['base', 'needsutil', 'util']);
  });

  it('says which ranges conflict', async () => {
    const root = project('packages:\n  - local: ../needsold\n  - package: acme/util\n    version: ">=1.2.0"\n', {
      needsold: { 'dbt_project.yml': 'name: needsold\n', 'packages.yml': 'packages:\n  - package: acme/util\n    version: "<1.1.0"\n' },
    });
    const { code, err } = await deps(root);
    expect(code).not.toBe(0);
    expect(err).toContain('Version error for package acme/util');
    expect(err).toMatch(/>=1\.2\.0.*<1\.1\.0|<1\.1\.0.*>=1\.2\.0/);
  });

  it('names the available versions when a range matches none', async () => {
    const root = project('packages:\n  - package: acme/util\n    version: ">=3.0.0"\n');
    const { code, err } = await deps(root);
    expect(code).not.toBe(0);
    expect(err).toContain('packages.yml:2');
    expect(err).toContain('requested range >=3.0.0, available versions 1.0.0, 1.2.0, 1.9.0');
    expect(existsSync(join(root, 'package-lock.yml'))).toBe(false);
  });

  it('refuses a package missing from the hub, and a version dbt cannot read', async () => {
    const missing = await deps(project('packages:\n  - package: acme/nope\n    version: 1.0.0\n'));
    expect(missing.err).toContain('Package acme/nope was not found in the package index');
    const caret = await deps(project('packages:\n  - package: acme/util\n    version: ^1.0.0\n'));
    expect(caret.err).toContain('Version "^1.0.0" of package acme/util is not a version dbt understands');
  });

  it('reports a git revision that does not exist', async () => {
    const { code, err } = await deps(project(`packages:\n  - git: "${gitRepo}"\n    revision: no-such-tag\n    subdirectory: sub\n`));
    expect(code).not.toBe(0);
    expect(err).toContain(`Revision no-such-tag not found in ${gitRepo}`);
    expect(err).toContain('packages.yml:2');
  });

  it('points at the line of malformed YAML in packages.yml', async () => {
    const { code, err } = await deps(project('packages:\n  - package: acme/util\n    version: [">=1.0.0"\n'));
    expect(code).not.toBe(0);
    expect(err).toMatch(/packages\.yml:\d+/);
  });

  it('warns about an unpinned git package and installs its HEAD', async () => {
    const root = project(`packages:\n  - git: "${gitRepo}"\n    subdirectory: sub\n`);
    const { err } = await deps(root);
    expect(err).toContain('is not pinned');
    expect(readFileSync(join(root, 'dbt_packages/gitpkg/macros/g.sql'), 'utf8')).toContain("'two'");
  });

  it('keeps a git token passed through env_var() out of the lock, and installs from that lock', async () => {
    const url = `file://{{ env_var('DBT_ENV_SECRET_GIT_TOKEN') }}@localhost${gitRepo}`;
    const root = project(`packages:\n  - git: "${url}"\n    revision: v1\n    subdirectory: sub\n`);
    const secret = { DBT_ENV_SECRET_GIT_TOKEN: 'tok-5f1e9a' };
    const first = await deps(root, [], secret);
    expect(first.code).toBe(0);
    // As dbt-core 1.11 writes it (recorded from `dbt deps` with a secret env var in a git URL).
    expect(lockOf(root)).toContain(`  - git: ${url}\n    name: gitpkg\n    revision: ${firstSha}\n`);
    expect(lockOf(root)).not.toContain('tok-5f1e9a');
    expect(first.out + first.err).not.toContain('tok-5f1e9a');
    rmSync(join(root, 'dbt_packages'), { recursive: true });
    const again = await deps(root, [], secret);
    expect(again.code).toBe(0);
    expect(readFileSync(join(root, 'dbt_packages/gitpkg/macros/g.sql'), 'utf8')).toContain("'one'");
  });

  it('scrubs a secret written into packages.yml itself from the lock, and says so', async () => {
    const root = project(`packages:\n  - git: "file://tok-5f1e9a@localhost${gitRepo}"\n    revision: v1\n    subdirectory: sub\n`);
    const { code, err } = await deps(root, [], { DBT_ENV_SECRET_GIT_TOKEN: 'tok-5f1e9a' });
    expect(code).toBe(0);
    expect(lockOf(root)).toContain(`  - git: file://***@localhost${gitRepo}\n`);
    expect(lockOf(root)).not.toContain('tok-5f1e9a');
    expect(err).toContain('deps --upgrade');
  });

  it.runIf(existsSync(sharedPackages))('installs the five unmodified packages from local folders, and the project loads them', async () => {
    const names = ['dbt_utils', 'dbt_date', 'audit_helper', 'dbt_expectations', 'codegen'];
    const root = project(`packages:\n${names.map((name) => `  - local: ${join(sharedPackages, name)}\n`).join('')}`);
    const result = await installPackages({ projectRoot: root, env: cleanEnv(), log: () => {} });
    expect(result.installed.map((pkg) => pkg.name).sort()).toEqual([...names].sort());
    const loaded = await loadProject({ projectDir: root, env: cleanEnv() });
    const packageNames = loaded.packages.map((pkg) => pkg.config.name).sort();
    expect(packageNames).toEqual(expect.arrayContaining(names));
  });
});

describe('dailies deps --add-package', () => {
  it('adds a hub, git or local package to packages.yml as dbt does, replacing one of the same name and keeping comments, then installs', async () => {
    const root = project('# our packages\npackages:\n  - package: acme/base # the base\n    version: 0.1.0\n');
    const hubAdd = await deps(root, ['--add-package', 'acme/util@>=1.0.0,<1.5.0']);
    expect(hubAdd.code).toBe(0);
    expect(hubAdd.out).toContain(`Added new package acme/util@>=1.0.0,<1.5.0 to ${join(root, 'packages.yml')}`);
    expect(readFileSync(join(root, 'packages.yml'), 'utf8')).toBe(
      '# our packages\npackages:\n  - package: acme/base # the base\n    version: 0.1.0\n  - package: acme/util\n    version:\n      - ">=1.0.0"\n      - <1.5.0\n',
    );
    expect(readFileSync(join(root, 'dbt_packages/util/macros/v.sql'), 'utf8')).toContain('1.2.0');
    // a git repository with the project at its top (--add-package has no subdirectory)
    const repo = mkdtempSync(join(tmpdir(), 'dailies-addpkg-'));
    writeFileSync(join(repo, 'dbt_project.yml'), 'name: tiny\n');
    git(repo, 'init', '-q');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'one');
    git(repo, 'tag', 'v1');
    try {
      const gitAdd = await deps(root, ['--add-package', `${repo}@v1`, '--source', 'git']);
      expect(gitAdd.code).toBe(0);
      expect(lockOf(root)).toContain(`revision: ${git(repo, 'rev-parse', 'HEAD')}`);
      expect(existsSync(join(root, 'dbt_packages/tiny/dbt_project.yml'))).toBe(true);
      // the same package again, from elsewhere: dbt's duplicate line, and one entry left
      const localAdd = await deps(root, ['--add-package', repo, '--source', 'local']);
      expect(localAdd.out).toContain(`Found duplicate package in packages.yml, removing: {"git":"${repo}","revision":"v1"}`);
      const declared = readFileSync(join(root, 'packages.yml'), 'utf8');
      expect(declared.split(repo)).toHaveLength(2);
      expect(declared).toContain(`  - local: ${repo}\n`);
      expect(lstatSync(join(root, 'dbt_packages/tiny')).isSymbolicLink()).toBe(true);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('leaves packages.yml, the lock and dbt_packages as they were when the package cannot be installed', async () => {
    const root = project('packages:\n  - package: acme/base\n    version: 0.1.0\n');
    expect((await deps(root)).code).toBe(0);
    const [declared, lock] = [readFileSync(join(root, 'packages.yml'), 'utf8'), lockOf(root)];
    const missing = await deps(root, ['--add-package', 'acme/util@7.0.0']);
    expect(missing.code).not.toBe(0);
    expect(missing.err).toContain('package-lock.yml are as they were');
    const badRevision = await deps(root, ['--add-package', `${gitRepo}@no-such-tag`, '--source', 'git']);
    expect(badRevision.code).not.toBe(0);
    expect(readFileSync(join(root, 'packages.yml'), 'utf8')).toBe(declared);
    expect(lockOf(root)).toBe(lock);
    expect(readdirSync(join(root, 'dbt_packages'))).toEqual(['base']);
  });

  it('refuses a hub package without a version and a local one with a version', async () => {
    const root = project('packages: []\n');
    expect((await deps(root, ['--add-package', 'acme/util'])).err).toContain('a hub package needs a version');
    expect((await deps(root, ['--add-package', '../x@1.0', '--source', 'local'])).err).toContain('a local package has no version');
    expect(readFileSync(join(root, 'packages.yml'), 'utf8')).toBe('packages: []\n');
  });
});

describe('dailies deps, private packages', () => {
  it('says a private package needs a git provider, naming its line', async () => {
    const root = project('packages:\n  - private: acme/secret\n    revision: v1\n');
    const { code, err } = await deps(root);
    expect(code).not.toBe(0);
    expect(err).toContain('Cannot resolve private package acme/secret');
    expect(err).toContain('packages.yml:2');
  });
});
