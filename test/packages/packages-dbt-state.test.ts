/**
 * The whole-project proof of state comparison against dbt: the package proof project (five real
 * packages, 68 nodes) compared with the manifest dbt-core 1.11.16 + dbt-duckdb 1.11.1 wrote for it
 * (test/fixtures/packages-project-dbt-state: package macros kept as hashes of their text) selects
 * nothing under any `state:modified` method; every package macro's text is dbt's `macro_sql` and
 * its `depends_on.macros` dbt's.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { compileProject } from '../../src/compiler/index.js';
import type { Manifest } from '../../src/graph/types.js';
import { loadProject } from '../../src/project/index.js';
import { packagesDir, packagesPresent } from './packages-dir.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const recorded = join(repoRoot, 'test', 'fixtures', 'packages-project-dbt-state', 'dbt-1.11-manifest-reduced.json');
/** dbt's names that dailies lists otherwise: `statement` and `run_query` are built in (no macro), and dailies has no dbt_duckdb package. */
const AS_DAILIES: Record<string, string | null> = { 'macro.dbt.statement': null, 'macro.dbt.run_query': null, 'macro.dbt_duckdb.run_hooks': 'macro.dbt.run_hooks' };

let root = '';
let project = '';
let ours: Manifest;
let dbtState = '';
const dbt = JSON.parse(readFileSync(recorded, 'utf8')) as { macros: Record<string, { sha256: string; depends_on: string[] }> } & Record<string, unknown>;

describe.skipIf(!packagesPresent)('the package proof project against the manifest dbt-core 1.11 wrote for it', () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'dailies-packages-state-'));
    project = join(root, 'project');
    cpSync(join(repoRoot, 'test', 'fixtures', 'packages-project'), project, { recursive: true });
    symlinkSync(packagesDir, join(root, 'dbt-packages'), 'dir');
    ours = (await compileProject(await loadProject({ projectDir: project, profilesDir: project, env: {} }))).manifest;
    // dbt's manifest with each package macro's text put back from ours where the hashes agree
    const macros: Record<string, unknown> = {};
    for (const [id, macro] of Object.entries(dbt.macros)) {
      const [, pkg, name] = id.split('.') as [string, string, string];
      const text = ours.macros[id]?.macro_sql;
      const same = text !== undefined && createHash('sha256').update(text).digest('hex').slice(0, 16) === macro.sha256;
      macros[id] = { unique_id: id, resource_type: 'macro', package_name: pkg, name, macro_sql: same ? text : `-- not dbt's macro_sql (${macro.sha256})`, depends_on: { macros: macro.depends_on } };
    }
    dbtState = join(root, 'dbt-state');
    cpSync(join(repoRoot, 'test', 'fixtures', 'packages-project-dbt-state'), dbtState, { recursive: true });
    writeFileSync(join(dbtState, 'manifest.json'), JSON.stringify({ ...dbt, macros }));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("writes every package macro's text as dbt's macro_sql and its depends_on.macros as dbt's", () => {
    const texts: string[] = [];
    const dependencies: unknown[] = [];
    for (const [id, macro] of Object.entries(dbt.macros)) {
      const text = ours.macros[id]?.macro_sql ?? '';
      if (createHash('sha256').update(text).digest('hex').slice(0, 16) !== macro.sha256) texts.push(id);
      const expected = macro.depends_on.flatMap((dep) => (dep in AS_DAILIES ? (AS_DAILIES[dep] ? [AS_DAILIES[dep]] : []) : [dep]));
      if (JSON.stringify(ours.macros[id]?.depends_on.macros) !== JSON.stringify(expected)) dependencies.push({ id, ours: ours.macros[id]?.depends_on.macros, dbt: expected });
    }
    expect(Object.keys(dbt.macros).length).toBeGreaterThan(500);
    expect(texts).toEqual([]);
    expect(dependencies).toEqual([]);
  });

  it('selects nothing under state:modified, .body, .configs, .macros or .contract', async () => {
    expect(Object.keys(ours.nodes).sort()).toEqual(Object.keys(dbt.nodes as object).sort());
    for (const selector of ['state:modified', 'state:modified.body', 'state:modified.configs', 'state:modified.macros', 'state:modified.contract']) {
      let out = '';
      let err = '';
      const code = await main(['ls', '--project-dir', project, '--profiles-dir', project, '-s', selector, '--state', dbtState, '--output', 'name'], {
        stdout: (text) => (out += text),
        stderr: (text) => (err += text),
        env: {},
        cwd: project,
      });
      expect({ selector, code, out, err }).toEqual({ selector, code: 0, out: '', err: `Warning: The selection criterion '${selector}' does not match any enabled nodes\n` });
    }
  });
});
