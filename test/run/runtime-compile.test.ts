/**
 * Run-time compilation as dbt does it: the manifest is compiled without the warehouse, and each
 * node is rendered with live introspection just before it runs, after its parents are built.
 * A node that does not compile fails alone: its children are skipped, the rest is built.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { openAdapter } from '../../src/warehouse/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(models: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dailies-runtime-'));
  dirs.push(dir);
  const files: Record<string, string> = {
    'dbt_project.yml': 'name: rt\nprofile: rt\n',
    'profiles.yml': 'rt:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: rt.duckdb\n      schema: main\n      threads: 1\n',
    ...Object.fromEntries(Object.entries(models).map(([name, sql]) => [`models/${name}`, sql])),
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

async function dailies(dir: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main([...argv, '--project-dir', dir, '--profiles-dir', dir], {
    cwd: dir,
    env: { HOME: dir },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}

async function columnsOf(dir: string, table: string): Promise<string[]> {
  const adapter = await openAdapter({ name: 'dev', type: 'duckdb', schema: 'main', threads: 1, path: path.join(dir, 'rt.duckdb') } as never);
  try {
    const rows = await adapter.execute(`select column_name from information_schema.columns where table_name = '${table}' order by ordinal_position`);
    return rows.rows.map((row) => String(Object.values(row)[0]));
  } finally {
    await adapter.close();
  }
}

const INSPECTING = `{%- set columns = adapter.get_columns_in_relation(ref('up')) -%}
{%- if execute and columns | length == 0 -%}
  {{ exceptions.raise_compiler_error('up has no columns yet') }}
{%- endif -%}
select {% for column in columns %}{{ column.name }}{% if not loop.last %}, {% endif %}{% endfor %}
from {{ ref('up') }}
`;

describe('run-time compilation', () => {
  it('renders a macro that inspects an upstream relation after the upstream is built, on a fresh warehouse', async () => {
    const dir = project({ 'up.sql': "select 1 as id, 'a' as name", 'down.sql': INSPECTING });
    const { code, stdout, stderr } = await dailies(dir, 'build');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/OK created .*down/);
    expect(await columnsOf(dir, 'down')).toEqual(['id', 'name']);
    expect(readFileSync(path.join(dir, 'target/compiled/rt/models/down.sql'), 'utf8')).toMatch(/select id, name\s+from "rt"\."main"\."up"|select id, name\s+from "main"\."up"/);
  });

  it('fails a node that does not compile alone: its child is skipped, its sibling built, the exit code non-zero', async () => {
    const dir = project({
      'up.sql': 'select 1 as id',
      'broken.sql': "select id\nfrom {{ ref('up') }}\n{% if execute %}{{ exceptions.raise_compiler_error('broken on purpose') }}{% endif %}\n",
      'after_broken.sql': "select * from {{ ref('broken') }}",
      'sibling.sql': "select id + 1 as id from {{ ref('up') }}",
    });
    const { code, stdout } = await dailies(dir, 'build');
    expect(code).not.toBe(0);
    expect(stdout).toMatch(/ERROR .*broken/);
    expect(stdout).toContain('broken on purpose');
    expect(stdout).toMatch(/models\/broken\.sql:\d+/);
    expect(stdout).toMatch(/SKIP .*after_broken/);
    expect(await columnsOf(dir, 'sibling')).toEqual(['id']);
    expect(await columnsOf(dir, 'after_broken')).toEqual([]);
    const results = JSON.parse(readFileSync(path.join(dir, 'target/run_results.json'), 'utf8')) as { results: { unique_id: string; status: string }[] };
    const status = Object.fromEntries(results.results.map((result) => [result.unique_id, result.status]));
    expect(status).toMatchObject({ 'model.rt.up': 'success', 'model.rt.broken': 'error', 'model.rt.after_broken': 'skipped', 'model.rt.sibling': 'success' });
  });

  it('compile reports the node that does not compile and still writes the others', async () => {
    const dir = project({ 'ok.sql': 'select 1 as id', 'broken.sql': "{% if execute %}{{ exceptions.raise_compiler_error('broken on purpose') }}{% endif %}select 1" });
    const { code, stderr } = await dailies(dir, 'compile');
    expect(code).toBe(1);
    expect(stderr).toContain('Compilation Error in model.rt.broken');
    expect(stderr).toContain('broken on purpose');
    expect(existsSync(path.join(dir, 'target/compiled/rt/models/ok.sql'))).toBe(true);
  });
});
