/** `dailies ci` before any production exists: it says so and how to get one, not a catalog error. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

let dir: string;
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=T', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'dailies-no-prod-'));
  cpSync(path.join(import.meta.dirname, '..', 'fixtures', 'shop'), dir, { recursive: true });
  git('init', '--quiet', '--initial-branch=main');
  git('add', '-A');
  git('commit', '--quiet', '-m', 'shop');
  git('checkout', '--quiet', '-b', 'change');
  const model = path.join(dir, 'models', 'customer_revenue.sql');
  writeFileSync(model, readFileSync(model, 'utf8').replace("where status <> 'returned'\n", ''));
  git('commit', '--quiet', '-am', 'count returns');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function ci(): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['ci', '--base', 'main'], { cwd: dir, env: { PATH: process.env.PATH }, stdout: (text) => (out += text), stderr: (text) => (err += text) });
  return { code, out, err };
}

describe('dailies ci without a production', () => {
  it('explains that production is missing and how to build or fetch it', async () => {
    const { code, out, err } = await ci();
    expect(code).toBe(1);
    expect(err).toMatch(/there is no production to review against: .*dev\.duckdb \(schema main\) holds nothing/);
    expect(err).toMatch(/hint: build production first .*dailies build --target dev.*dailies production pull --store/);
    expect(out).toContain('**The review failed**');
    expect(`${out}${err}`).not.toMatch(/sqlite_master|pragma_database_list/);
  });

  it('reviews normally once production is built', async () => {
    git('checkout', '--quiet', 'main');
    expect(await main(['build'], { cwd: dir, env: { PATH: process.env.PATH }, stdout: () => {}, stderr: () => {} })).toBe(0);
    git('checkout', '--quiet', 'change');
    const { code, out, err } = await ci();
    expect(code, err).toBe(0);
    expect(out).toContain('| 4 → 4 (±0) | **1 changed** |');
  });
});
