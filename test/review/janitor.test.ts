/**
 * The janitor (`dailies cleanup --older-than 7d [--keep-open …]`) on DuckDB: the PR review database
 * files beside production are dropped by age (file time) or because their PR is no longer open;
 * production, its other files and anything not named like a PR schema stay.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseKeepOpen } from '../../src/cli/commands/cleanup.js';
import { parseDuration } from '../../src/review/duration.js';
import { decide, prNumberOf } from '../../src/review/janitor.js';
import { openAdapter } from '../../src/warehouse/index.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const DAY = 86_400_000;
let projectDir: string;

async function dailies(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main([...argv, '--project-dir', projectDir], {
    cwd: projectDir,
    env: { HOME: projectDir },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}

/** A file `name` in the project folder, last changed `daysAgo` days ago. */
function fileAged(name: string, daysAgo: number): string {
  const file = path.join(projectDir, name);
  writeFileSync(file, 'not production');
  const when = new Date(Date.now() - daysAgo * DAY);
  utimesSync(file, when, when);
  return file;
}

describe('parsing', () => {
  it('reads durations strictly', () => {
    expect(parseDuration('30m')).toBe(30 * 60_000);
    expect(parseDuration('12h')).toBe(12 * 3_600_000);
    expect(parseDuration('7d')).toBe(7 * DAY);
    for (const bad of ['7', '7 d', ' 7d', '1.5d', '7D', '1w', '-7d', '0d', '07d', 'd', '', '7dd', '1e3d']) {
      expect(() => parseDuration(bad), bad).toThrow(/--older-than must be a duration like 30m, 12h or 7d/);
    }
  });

  it('reads --keep-open as decimal PR numbers', () => {
    expect(parseKeepOpen('12,15 7')).toEqual([12, 15, 7]);
    expect(parseKeepOpen('')).toEqual([]);
    expect(() => parseKeepOpen('12,0x10')).toThrow(/--keep-open must be a pull request number/);
    expect(() => parseKeepOpen('12;13')).toThrow(/--keep-open/);
  });

  it('tells a numbered PR schema from a branch-named one', () => {
    expect(prNumberOf('pr_12')).toBe(12);
    expect(prNumberOf('PR_12_MARTS')).toBe(12);
    expect(prNumberOf('pr_feature_x_1a2b3c')).toBeNull();
    expect(prNumberOf('pr_012')).toBeNull();
  });
});

describe('decide', () => {
  const now = new Date('2026-12-05T12:00:00Z');
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);
  const leftovers = [
    { name: 'pr_1', label: 'pr_1', changedAt: at(10) },
    { name: 'pr_1_marts', label: 'pr_1_marts', changedAt: at(1) },
    { name: 'pr_2', label: 'pr_2', changedAt: at(10) },
    { name: 'pr_3', label: 'pr_3', changedAt: at(1) },
    { name: 'pr_old_branch_abc123', label: 'b', changedAt: at(30) },
    { name: 'pr_unknown', label: 'u', changedAt: null },
  ];
  const dropped = (options: { olderThanMs?: number; keepOpen?: number[] }) =>
    decide(leftovers, { ...options, now }).filter((d) => d.drop).map((d) => d.leftover.name);

  it('by age, a PR with all its variants counts from its newest schema', () => {
    expect(dropped({ olderThanMs: 7 * DAY })).toEqual(['pr_2', 'pr_old_branch_abc123']);
  });

  it('by open PRs: any other number goes, open ones stay whatever their age, branch names only by age', () => {
    expect(dropped({ keepOpen: [2] })).toEqual(['pr_1', 'pr_1_marts', 'pr_3']);
    expect(dropped({ keepOpen: [2], olderThanMs: 7 * DAY })).toEqual(['pr_1', 'pr_1_marts', 'pr_3', 'pr_old_branch_abc123']);
  });
});

describe('dailies cleanup --older-than on DuckDB', () => {
  beforeEach(() => {
    projectDir = mkdtempSync(path.join(os.tmpdir(), 'dailies-janitor-'));
    cpSync(path.join(repoRoot, 'test/fixtures/run/shop'), projectDir, { recursive: true });
    writeFileSync(path.join(projectDir, 'profiles.yml'), 'shop:\n  target: prod\n  outputs:\n    prod:\n      type: duckdb\n      path: prod.duckdb\n      schema: main\n      threads: 1\n');
  });
  afterEach(() => rmSync(projectDir, { recursive: true, force: true }));

  it('drops the review files unchanged for longer than the limit, and nothing else', async () => {
    // production itself, a real DuckDB file, last changed long ago
    const production = await openAdapter({ name: 'prod', type: 'duckdb', path: path.join(projectDir, 'prod.duckdb'), schema: 'main', threads: 1 });
    await production.execute('create table t as select 1 as x');
    await production.close();
    const old = new Date(Date.now() - 30 * DAY);
    utimesSync(path.join(projectDir, 'prod.duckdb'), old, old);
    const stale = fileAged('prod__pr_12.duckdb', 10);
    const staleWal = fileAged('prod__pr_12.duckdb.wal', 10);
    const staleBranch = fileAged('prod__pr_fix_typo_1a2b3c.duckdb', 8);
    const fresh = fileAged('prod__pr_13.duckdb', 1);
    const freshWal = fileAged('prod__pr_14.duckdb', 10);
    fileAged('prod__pr_14.duckdb.wal', 0); // written to a minute ago: the PR is still being built
    const unrelated = [fileAged('prod__scratch.duckdb', 40), fileAged('other__pr_1.duckdb', 40), fileAged('prod__pr_15.duckdb.bak', 40)];

    const dry = await dailies('cleanup', '--older-than', '7d', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/would drop 2 PR database files/);
    expect(existsSync(stale)).toBe(true);

    const { code, stdout } = await dailies('cleanup', '--older-than', '7d');
    expect(code).toBe(0);
    expect(stdout).toMatch(/dropped 2 PR database files/);
    expect(stdout).toContain('prod__pr_12.duckdb (unchanged for 240.0 h)');
    expect(stdout).toContain('kept ');
    for (const gone of [stale, staleWal, staleBranch]) expect(existsSync(gone), gone).toBe(false);
    for (const kept of [fresh, freshWal, ...unrelated, path.join(projectDir, 'prod.duckdb')]) expect(existsSync(kept), kept).toBe(true);
  });

  it('with --keep-open drops the files of PRs that are not open, whatever their age', async () => {
    const closed = fileAged('prod__pr_20.duckdb', 0);
    const open = fileAged('prod__pr_21.duckdb', 60);
    const branch = fileAged('prod__pr_wip_abcdef.duckdb', 0);
    const { code, stdout } = await dailies('cleanup', '--keep-open', '21,22');
    expect(code).toBe(0);
    expect(stdout).toMatch(/dropped 1 PR database file:/);
    expect(existsSync(closed)).toBe(false);
    expect(existsSync(open)).toBe(true);
    expect(existsSync(branch)).toBe(true);
  });

  it('refuses a duration it cannot read, and --older-than with --pr', async () => {
    fileAged('prod__pr_12.duckdb', 10);
    const bad = await dailies('cleanup', '--older-than', '7 days');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--older-than must be a duration like 30m, 12h or 7d.*'7 days'/);
    const mixed = await dailies('cleanup', '--older-than', '7d', '--pr', '12');
    expect(mixed.code).not.toBe(0);
    expect(mixed.stderr).toMatch(/do not go with --pr/);
    expect(existsSync(path.join(projectDir, 'prod__pr_12.duckdb'))).toBe(true);
  });
});
