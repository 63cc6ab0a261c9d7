/**
 * `dailies parse --watch` and `build --watch` as processes (bin/dailies.js, the built lib/): they
 * run at start, then again after each save, printing the node that changed (parse), the build's
 * lines (build), or the error with its file and line.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProject } from '../../bench/generate-project.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let projectDir: string;
let child: ChildProcess | undefined;

/** Starts `dailies <argv>`; `waitFor(pattern, n)` waits for the n-th output line matching `pattern`. */
function start(argv: string[], cwd: string): { proc: ChildProcess; waitFor: (pattern: RegExp, count?: number) => Promise<string>; output: () => string } {
  const proc = spawn(process.execPath, [path.join(repoRoot, 'bin', 'dailies.js'), ...argv], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: cwd },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let output = '';
  proc.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const waitFor = async (pattern: RegExp, count = 1): Promise<string> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const lines = output.split('\n').filter((line) => pattern.test(line));
      if (lines.length >= count) return lines[count - 1]!;
      if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`no line matching ${pattern} in:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { proc, waitFor, output: () => output };
}

beforeAll(() => {
  projectDir = mkdtempSync(path.join(os.tmpdir(), 'dailies-watch-'));
  generateProject({ dir: projectDir, models: 12, seed: 3 });
});

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(projectDir, { recursive: true, force: true });
});

describe('dailies parse --watch', () => {
  it('reports the edited model, then an error with its file and line, then the fix', async () => {
    const { proc, waitFor } = start(['parse', '--watch', '--project-dir', projectDir, '--profiles-dir', projectDir], projectDir);
    await waitFor(/^Watching /);
    const model = path.join(projectDir, 'models', 'staging', 'g000', 'stg_00000.sql');
    const original = readFileSync(model, 'utf8');
    appendFileSync(model, '\n-- edited\n');
    const edited = await waitFor(/stg_00000\.sql: parsed in/);
    expect(edited).toMatch(/hot patch: 1 model rendered again/);
    expect(edited).toContain('1 modified: model.bench.stg_00000');
    // what the watch wrote is what a full parse writes
    const manifestFile = path.join(projectDir, 'target', 'manifest.json');
    const watched = readFileSync(manifestFile, 'utf8').replace(/"generated_at":"[^"]*"/, '');
    const full = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'dailies.js'), 'parse', '--no-partial-parse', '--project-dir', projectDir, '--profiles-dir', projectDir], { env: { PATH: process.env.PATH ?? '', HOME: projectDir } });
    expect(full.status, full.stderr?.toString()).toBe(0);
    expect(readFileSync(manifestFile, 'utf8').replace(/"generated_at":"[^"]*"/, '') === watched, 'the watch wrote another manifest than a full parse').toBe(true);

    writeFileSync(model, `${original}\n{{ ref('no_such_model') }}\n`);
    const broken = await waitFor(/stg_00000\.sql: error after/);
    expect(broken).toMatch(/models\/staging\/g000\/stg_00000\.sql:\d+: model 'stg_00000' refers to 'no_such_model'/);

    writeFileSync(model, original);
    const fixed = await waitFor(/stg_00000\.sql: parsed in/, 2);
    expect(fixed).toContain('1 modified: model.bench.stg_00000');
    proc.kill('SIGTERM');
    await new Promise((resolve) => proc.once('exit', resolve));
  }, 60_000);
});

describe('dailies build --watch', () => {
  it('builds the selection at start and after each save, and reports a failing model', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dailies-build-watch-'));
    try {
      writeFileSync(path.join(dir, 'dbt_project.yml'), 'name: shop\nversion: "1.0.0"\nconfig-version: 2\nprofile: shop\n');
      writeFileSync(path.join(dir, 'profiles.yml'), 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: shop.duckdb\n      schema: main\n      threads: 1\n');
      mkdirSync(path.join(dir, 'models'));
      writeFileSync(path.join(dir, 'models', 'orders.sql'), 'select 1 as id\n');
      writeFileSync(path.join(dir, 'models', 'totals.sql'), "select count(*) as n from {{ ref('orders') }}\n");
      const { proc, waitFor } = start(['build', '--watch', '-s', '+totals'], dir);
      await waitFor(/^Watching /);
      expect(await waitFor(/build done after/)).toMatch(/build done/);
      expect(await waitFor(/OK created view main\.totals|OK created .*totals/)).toContain('totals');

      writeFileSync(path.join(dir, 'models', 'totals.sql'), "select count(*) as n, 2 as two from {{ ref('orders') }}\n");
      await waitFor(/totals\.sql: build/);
      expect(await waitFor(/build done after/, 2)).toBeTruthy();

      writeFileSync(path.join(dir, 'models', 'totals.sql'), "select no_such_column from {{ ref('orders') }}\n");
      await waitFor(/build failed after/);
      expect(await waitFor(/ERROR .*totals/)).toContain('totals');
      proc.kill('SIGTERM');
      await new Promise((resolve) => proc.once('exit', resolve));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
