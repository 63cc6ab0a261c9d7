/**
 * `dailies parse --watch` as a process (bin/dailies.js, the built lib/): it parses at start, then
 * again after each save, printing the node that changed, or the error with its file and line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProject } from '../../bench/generate-project.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let projectDir: string;
let child: ChildProcess | undefined;

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
    const proc = spawn(process.execPath, [path.join(repoRoot, 'bin', 'dailies.js'), 'parse', '--watch', '--project-dir', projectDir, '--profiles-dir', projectDir], {
      env: { PATH: process.env.PATH ?? '', HOME: projectDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let output = '';
    proc.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    /** Waits until the output holds `count` lines matching `pattern` (and returns the last). */
    const waitFor = async (pattern: RegExp, count = 1): Promise<string> => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const lines = output.split('\n').filter((line) => pattern.test(line));
        if (lines.length >= count) return lines[count - 1]!;
        if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`no line matching ${pattern} in:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };

    await waitFor(/^Watching /);
    const model = path.join(projectDir, 'models', 'staging', 'g000', 'stg_00000.sql');
    const original = readFileSync(model, 'utf8');
    appendFileSync(model, '\n-- edited\n');
    const edited = await waitFor(/stg_00000\.sql: parsed in/);
    expect(edited).toMatch(/partial parse: 1 of 12 nodes rendered again/);
    expect(edited).toContain('1 modified: model.bench.stg_00000');

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
