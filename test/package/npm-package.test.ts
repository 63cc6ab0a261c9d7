/**
 * The npm package as a user gets it: `npm pack`, installed from the tarball into a temporary
 * folder outside this repository, then `dailies --help`, `dailies parse` and `dailies build` on a
 * tiny project through the installed bin. Installs resolve from npm's cache (`--prefer-offline`).
 * The package's lib/ is what `npm ci` built (its `prepare` script): packing skips the rebuild.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
let dir: string;
let tarball: string;
let installLog: string;

const run = (command: string, args: string[], cwd: string) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });

beforeAll(() => {
  if (!existsSync(path.join(repoRoot, 'lib', 'cli', 'main.js'))) run('npm', ['run', 'build'], repoRoot);
  dir = mkdtempSync(path.join(tmpdir(), 'dailies-npm-'));
  const packed = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], repoRoot)) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(dir, packed[0]!.filename);
  const consumer = path.join(dir, 'consumer');
  mkdirSync(consumer);
  writeFileSync(path.join(consumer, 'package.json'), '{"name": "consumer", "private": true}\n');
  installLog = execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: consumer, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) ;
}, 240_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('ships the CLI, the compiled library and the built-in macros, not the Action or the tests', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n');
    expect(files).toContain('package/bin/dailies.js');
    expect(files).toContain('package/lib/cli/main.js');
    // the command line's bundle of lib/ (scripts/build-cli.js), which bin/dailies.js runs
    expect(files).toContain('package/lib/cli-bundle/main.js');
    expect(files).toContain('package/src/compiler/builtin-macros/types.sql');
    expect(files.some((file) => file.startsWith('package/lib/action/'))).toBe(false);
    expect(files.some((file) => file.startsWith('package/test/') || file.startsWith('package/dist/'))).toBe(false);
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; engines: { node: string } };
    // the Action's own dependencies are bundled into dist/, not installed with the CLI
    expect(Object.keys(manifest.dependencies).filter((name) => name.startsWith('@actions/'))).toEqual([]);
    expect(manifest.engines.node).toBe('>=20');
    expect(installLog).not.toMatch(/EBADENGINE/);
  });

  it('runs `dailies` from the installed bin on a tiny project', () => {
    const consumer = path.join(dir, 'consumer');
    const bin = path.join(consumer, 'node_modules', '.bin', 'dailies');
    expect(run(bin, ['--help'], consumer)).toContain('Usage: dailies <command>');
    const project = path.join(dir, 'tiny');
    mkdirSync(path.join(project, 'models'), { recursive: true });
    writeFileSync(path.join(project, 'dbt_project.yml'), 'name: tiny\nversion: "1.0"\nprofile: tiny\n');
    writeFileSync(path.join(project, 'models', 'one.sql'), 'select 1 as id\n');
    expect(run(bin, ['parse'], project)).toMatch(/Parsed 1 model/);
    expect(run(bin, ['build'], project)).toMatch(/PASS=1 WARN=0 ERROR=0/);
    expect(existsSync(path.join(project, 'target', 'manifest.json'))).toBe(true);
  });
});
