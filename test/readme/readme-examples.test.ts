/**
 * The README's "Using it on a dbt project" commands, run as written (in order, in process) in a
 * git repository holding a copy of the movie project with its RAW layer loaded. Only the store
 * folder `../prod-store` is moved into a temporary folder of its own.
 */
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { createMovieRepo, loadRaw, type MovieRepo } from '../fixtures/movie-repo.js';

const readme = readFileSync(path.join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Using it on a dbt project'));
const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
const commands = block
  .split('\n')
  .map((line) => line.replace(/\s+#.*$/, '').trim())
  .filter((line) => line.startsWith('npx dailies '));

let repo: MovieRepo;
let store: string;

beforeAll(async () => {
  repo = createMovieRepo();
  await loadRaw(repo, 0.0005);
  store = mkdtempSync(path.join(tmpdir(), 'dailies-readme-store-'));
}, 120_000);

afterAll(() => {
  repo?.dispose();
  if (store) rmSync(store, { recursive: true, force: true });
});

describe("the README's commands", () => {
  it('are the ones this test knows', () => {
    expect(commands.map((line) => line.split(' ').slice(2, 4).join(' '))).toEqual([
      'init',
      'deps',
      'parse',
      'build',
      'production push',
      'production pull',
      'build -s',
      'ls -s',
      'show -s',
      'ci --base',
      'promote',
      'status',
      'docs generate',
    ]);
  });

  it('each succeed, in order', async () => {
    for (const line of commands) {
      const argv = line.replace('file:../prod-store', `file:${store}`).split(/\s+/).slice(2);
      let out = '';
      let err = '';
      const code = await main(argv, { cwd: repo.dir, env: { PATH: process.env.PATH, HOME: process.env.HOME }, stdout: (text) => (out += text), stderr: (text) => (err += text) });
      expect(code, `${line}\n${out}\n${err}`).toBe(0);
      if (argv[0] === 'production' && argv[1] === 'pull') expect(existsSync(path.join(repo.dir, 'target', 'prod-artifacts', 'manifest.json'))).toBe(true);
      if (argv[0] === 'show') expect(out).toContain('movie_id');
      if (argv[0] === 'ci') expect(existsSync(path.join(repo.dir, 'target', 'dailies', 'report.md'))).toBe(true);
    }
    // nothing written outside target/ but what init writes
    expect(repo.git('status', '--porcelain').split('\n').map((line) => line.trim()).sort()).toEqual(['?? .github/', '?? profiles.yml', 'M .gitignore'].sort());
  }, 180_000);
});
