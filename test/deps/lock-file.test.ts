/**
 * package-lock.yml as dbt 1.11 writes it. The expected hashes and lock text were produced by
 * dbt-core 1.11.16 (`_create_sha1_hash` over the same packages.yml, and `dbt deps` itself).
 */
import { describe, expect, it } from 'vitest';
import { formatLockFile, packagesHash, pythonJson } from '../../src/deps/lock-file.js';
import { readPackageList } from '../../src/project/package-specs.js';
import { createEnvRenderer } from '../../src/project/env-render.js';
import { parseYaml } from '../../src/project/yaml-source.js';

const PACKAGES_YML = `packages:
  - package: dbt-labs/dbt_utils
    version: [">=1.0.0", "<2.0.0"]
  - package: calogica/dbt_date
    version: 0.10.1
    install_prerelease: true
  - git: "https://github.com/dbt-labs/dbt-audit-helper.git"
    revision: "0.12.0"
    warn-unpinned: false
  - git: https://example.com/{{ env_var('REPO_NAME', 'fallback') }}.git
    subdirectory: pkgs/inner
  - local: ../shared/codegen
  - tarball: https://codeload.github.com/x/y/tar.gz/1.0.0
    name: 'y'
  - package: dbt-labs/codegen
    version: "0.13.1"
    name: codegen
`;

function hashOf(text: string, env: Record<string, string> = {}): string {
  return packagesHash(readPackageList(parseYaml(text, 'packages.yml', 'config'), createEnvRenderer(env)));
}

describe('package-lock.yml', () => {
  it('hashes the declared packages as dbt-core 1.11 does', () => {
    expect(hashOf(PACKAGES_YML)).toBe('f3a797b7b03ca23ad1fd589dd53bb06fd9d7ffac');
  });

  it('hashes the rendered env_var() values too, non-ASCII escaped as Python does', () => {
    expect(hashOf(PACKAGES_YML, { REPO_NAME: 'élan' })).toBe('e3b6be354c7b1db5d5f42a11280c2d51738dad14');
  });

  it('changes its hash when a declaration changes', () => {
    expect(hashOf(PACKAGES_YML.replace('0.13.1', '0.13.2'))).not.toBe('f3a797b7b03ca23ad1fd589dd53bb06fd9d7ffac');
  });

  it('hashes a private package as dbt does', () => {
    expect(hashOf('packages:\n  - private: acme/secret\n    revision: v1\n  - local: ../x\n')).toBe('ab052675d9455ad7911d42f8cea73a238d69049e');
  });

  it('dumps JSON as Python json.dumps(sort_keys=True)', () => {
    expect(pythonJson({ b: [1, true, null], a: 'é"' })).toBe('{"a": "\\u00e9\\"", "b": [1, true, null]}');
  });

  it('writes the lock text dbt deps writes (sorted keys, indented items)', () => {
    const text = formatLockFile(
      [
        { package: 'acme/util', version: '1.2.0', name: 'util' },
        { git: 'file:///tmp/oracle-deps/gitrepo', revision: '41970bbfdb38d750acc78cb9acb266844cd857ef', subdirectory: 'sub', name: 'gitpkg' },
        { local: '../localpkg', name: 'localpkg' },
        { tarball: 'http://127.0.0.1:18765/files/tarpkg.tar.gz', name: 'tarpkg' },
        { package: 'acme/base', version: '0.1.0', name: 'base' },
      ],
      '56fd4c32580ffef5324eb6c6eaf4317cb62a2dc2',
    );
    expect(text).toBe(`packages:
  - name: util
    package: acme/util
    version: 1.2.0
  - git: file:///tmp/oracle-deps/gitrepo
    name: gitpkg
    revision: 41970bbfdb38d750acc78cb9acb266844cd857ef
    subdirectory: sub
  - local: ../localpkg
    name: localpkg
  - name: tarpkg
    tarball: http://127.0.0.1:18765/files/tarpkg.tar.gz
  - name: base
    package: acme/base
    version: 0.1.0
sha1_hash: 56fd4c32580ffef5324eb6c6eaf4317cb62a2dc2
`);
  });

  it('quotes values PyYAML would read back as something else', () => {
    expect(formatLockFile([{ package: 'a/b', version: '1.0', name: 'yes' }], 'h')).toContain("name: 'yes'");
    expect(formatLockFile([{ package: 'a/b', version: '1.0', name: 'n' }], 'h')).toContain("version: '1.0'");
  });
});

describe('lock values', () => {
  it.each([
    ['y', 'y'], ['n', 'n'], ['yes', "'yes'"], ['1.0', "'1.0'"], ['1_0', "'1_0'"], ['0x1f', "'0x1f'"], ['2020-01-01', "'2020-01-01'"],
    ['-abc', '-abc'], ['a: b', "'a: b'"], ['~', "'~'"], ['1:20', "'1:20'"], ['.5', "'.5'"], ['abc ', "'abc '"], ['@x', "'@x'"],
    ['http://x/y.git', 'http://x/y.git'], ['1e3', '1e3'], ['-1', "'-1'"], ['1.2.0', '1.2.0'],
  ])('writes %s as PyYAML does (%s)', (value, written) => {
    expect(formatLockFile([{ local: value }], 'h')).toContain(`  - local: ${written}\n`);
  });
});
