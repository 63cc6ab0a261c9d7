/**
 * Versioned models as dbt-core 1.11 does them (test/fixtures/versioned): `versions:` in YAML with
 * `defined_in`, column include/exclude, per-version config and tests, `latest_version`,
 * `ref('m')` → the latest version, `ref('m', v=…)` → that one, `<name>_v<N>` relations, and the
 * `version:` selector. The expected values were written by dbt-core 1.11.16 (dbt-duckdb 1.11.1)
 * for the same project.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { compileProject } from '../../src/compiler/index.js';
import type { ManifestNode } from '../../src/graph/types.js';
import { loadProject } from '../../src/project/index.js';
import { openAdapter } from '../../src/warehouse/index.js';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'versioned');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function copy(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dailies-versioned-'));
  dirs.push(dir);
  cpSync(path.join(fixture, 'project'), dir, { recursive: true });
  return dir;
}

function write(dir: string, file: string, text: string): void {
  writeFileSync(path.join(dir, file), text);
}

async function dailies(dir: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main([...argv, '--project-dir', dir, '--profiles-dir', dir], {
    cwd: dir,
    env: { HOME: dir },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

/** The fields /tmp extraction took from dbt's manifest (see dbt-1.11-nodes.json). */
function extract(node: ManifestNode): Record<string, unknown> {
  const out: Record<string, unknown> = {
    alias: node.alias,
    columns: Object.fromEntries(Object.entries(node.columns).map(([name, column]) => [name, column.description])),
    depends_on_nodes: [...node.depends_on.nodes].sort(),
    description: node.description,
    fqn: node.fqn,
    name: node.name,
    original_file_path: node.original_file_path,
    path: node.path,
    refs: node.refs,
    resource_type: node.resource_type,
    tags: node.tags,
  };
  if (node.resource_type === 'model') {
    Object.assign(out, { version: node.version, latest_version: node.latest_version, deprecation_date: node.deprecation_date, meta: node.config.meta });
  } else {
    Object.assign(out, { test_metadata: node.test_metadata, attached_node: node.attached_node });
  }
  return out;
}

describe('versioned models', () => {
  it('gives each version the unique_id, fqn, alias, columns, tests and refs dbt gives it', async () => {
    const manifest = (await compileProject(await loadProject({ projectDir: copy(), env: {} }))).manifest;
    const expected = JSON.parse(readFileSync(path.join(fixture, 'dbt-1.11-nodes.json'), 'utf8')) as Record<string, unknown>;
    const ours = Object.fromEntries(Object.values(manifest.nodes).map((node) => [node.unique_id, extract(node)]));
    expect(ours).toEqual(expected);
    expect(manifest.nodes['model.vproj.dim_customers.v2']!.relation_name).toMatch(/"main"."dim_customers_v2"$/);
    // an exposure's `ref('m', v=1)` (dbt-core 1.11.16 wrote these refs and depends_on)
    const exposure = manifest.exposures['exposure.vproj.customer_report']!;
    expect(exposure.refs).toEqual([{ name: 'dim_customers', package: null, version: 1 }, { name: 'dim_customers', package: null, version: null }]);
    expect(exposure.depends_on.nodes).toEqual(['model.vproj.dim_customers.v1', 'model.vproj.dim_customers.v2']);
  });

  it('builds every version as <name>_v<N> (or its alias) and resolves ref() to the latest or the named version', async () => {
    const dir = copy();
    const run = await dailies(dir, 'build');
    // only dbt's notice that downstream refers to a version slated for deprecation
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining("While compiling 'downstream': Found a reference to dim_customers.v1")]);
    expect(run.code).toBe(0);
    const adapter = await openAdapter({ name: 'dev', type: 'duckdb', schema: 'main', threads: 1, path: path.join(dir, 'vproj.duckdb') } as never);
    try {
      const tables = await adapter.execute("select table_name from information_schema.tables where table_schema = 'main' order by 1");
      expect(tables.rows.map((row) => Object.values(row)[0])).toEqual([
        'dim_customers_old', 'dim_customers_v2', 'dim_customers_v3', 'downstream', 'downstream_pre', 'order_count', 'orders_v1', 'orders_v2',
      ]);
      const origins = await adapter.execute('select origin, count(*) as n from downstream group by 1 order by 1');
      expect(origins.rows.map((row) => Object.values(row).map(String))).toEqual([['latest', '2'], ['v1', '2']]);
      const full = await adapter.execute('select full_name from downstream_pre');
      expect(full.rows.map((row) => Object.values(row)[0])).toEqual(['Ann A.']);
    } finally {
      await adapter.close();
    }
  });

  // what `dbt ls -s <selector> --resource-type model` printed for the fixture
  const selections: Record<string, string[]> = {
    dim_customers: ['vproj.dim_customers.v1', 'vproj.dim_customers.v2', 'vproj.dim_customers.v3'],
    'version:latest': ['vproj.dim_customers.v2', 'vproj.marts.orders.v2'],
    'version:prerelease': ['vproj.dim_customers.v3'],
    'version:old': ['vproj.dim_customers.v1', 'vproj.marts.orders.v1'],
    'version:none': ['vproj.downstream', 'vproj.downstream_pre', 'vproj.marts.order_count'],
    'dim_customers.v1': ['vproj.dim_customers.v1'],
    orders_v2: ['vproj.marts.orders.v2'],
    'marts.orders': ['vproj.marts.orders.v1', 'vproj.marts.orders.v2'],
    'dim_*': ['vproj.dim_customers.v1', 'vproj.dim_customers.v2', 'vproj.dim_customers.v3'],
    'dim_customers.v*': ['vproj.dim_customers.v1', 'vproj.dim_customers.v2', 'vproj.dim_customers.v3'],
  };

  it('selects versions as dbt ls does', async () => {
    const dir = copy();
    for (const [selector, expected] of Object.entries(selections)) {
      const listed = await dailies(dir, 'ls', '-s', selector, '--resource-type', 'model');
      expect({ selector, lines: listed.stdout.split('\n').filter(Boolean).sort() }).toEqual({ selector, lines: expected });
    }
    const bad = await dailies(dir, 'ls', '-s', 'version:newest');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('Invalid version type selector newest: expected one of: "latest", "prerelease", "old", or "none"');
  });

  it('fails a ref to a version that does not exist with dbt\'s message', async () => {
    const dir = copy();
    write(dir, 'models/bad.sql', "select * from {{ ref('dim_customers', v=7) }}\n");
    const parsed = await dailies(dir, 'parse');
    expect(parsed.code).not.toBe(0);
    expect(parsed.stderr).toContain("Model 'model.vproj.bad' (models/bad.sql) depends on a node named 'dim_customers' with version '7' which was not found");
    write(dir, 'models/bad.sql', "select * from {{ ref('downstream', v=1) }}\n");
    expect((await dailies(dir, 'parse')).stderr).toContain("depends on a node named 'downstream' with version '1' which was not found");
  });

  it('warns about a version no file defines, as dbt does', async () => {
    const dir = copy();
    rmSync(path.join(dir, 'models/marts/orders_v1.sql'));
    const parsed = await dailies(dir, 'parse');
    expect(parsed.code).toBe(0);
    expect(parsed.stderr).toContain("Did not find matching node for patch with name 'orders_v1' in the 'models' section of file 'models/marts/orders.yml'");
  });

  it('rejects a latest_version that is not a version, a version listed twice, and an unversioned model of the same name', async () => {
    const dir = copy();
    const yml = readFileSync(path.join(dir, 'models/marts/orders.yml'), 'utf8');
    write(dir, 'models/marts/orders.yml', yml.replace('    versions:', '    latest_version: 5\n    versions:'));
    expect((await dailies(dir, 'parse')).stderr).toContain("latest_version: 5 is not one of model 'orders' versions: [1, 2]");
    write(dir, 'models/marts/orders.yml', yml.replace('      - v: 2', '      - v: 1'));
    expect((await dailies(dir, 'parse')).stderr).toContain("Found duplicate version: '1' in versions list of model 'orders'");
    write(dir, 'models/marts/orders.yml', yml);
    write(dir, 'models/marts/orders_v2.sql', 'select 1 as order_id\n');
    const twin = await dailies(dir, 'parse');
    expect(twin.code).not.toBe(0);
    expect(twin.stderr).toContain('dbt found versioned and unversioned models with the name "orders"');
  });

  it("warns about a deprecated model and each model referring to one, in dbt's words", async () => {
    const dir = copy();
    const soon = await dailies(dir, 'parse');
    // dbt-core 1.11.16 printed these lines for the same project
    expect(soon.stderr).toContain(
      "Warning: While compiling 'downstream': Found a reference to dim_customers.v1, which is slated for deprecation on '2030-01-01T00:00:00+00:00'. A new version of 'dim_customers' is available. Try it out: {{ ref('vproj', 'dim_customers', v='2') }}.",
    );
    expect(soon.stderr).not.toContain('has passed its deprecation date');
    const yml = readFileSync(path.join(dir, 'models/schema.yml'), 'utf8');
    write(dir, 'models/schema.yml', yml.replace('2030-01-01T00:00:00Z', '2020-01-01T00:00:00Z'));
    const past = await dailies(dir, 'parse');
    expect(past.code).toBe(0);
    expect(past.stderr).toContain('Warning: Model dim_customers.v1 has passed its deprecation date of 2020-01-01T00:00:00+00:00. This model should be disabled or removed.');
    expect(past.stderr).toContain(
      "Warning: While compiling 'downstream': Found a reference to dim_customers.v1, which was deprecated on '2020-01-01T00:00:00+00:00'. A new version of 'dim_customers' is available. Migrate now: {{ ref('vproj', 'dim_customers', v='2') }}.",
    );
  });

  it('runs a unit test once per version (or the versions it includes), as dbt does', async () => {
    const dir = copy();
    write(
      dir,
      'models/unit.yml',
      'unit_tests:\n  - name: keeps_ids\n    model: dim_customers\n    given: []\n    expect:\n      rows: [{customer_id: 1}, {customer_id: 2}]\n' +
        '  - name: only_two\n    model: dim_customers\n    versions:\n      include: [2]\n    given: []\n    expect:\n      rows: [{customer_id: 1, name: Ann}, {customer_id: 2, name: Bob}]\n',
    );
    // dbt-core 1.11.16 on the same project: these ids, and v3 (one customer) fails keeps_ids
    expect((await dailies(dir, 'ls', '-s', 'keeps_ids', 'only_two')).stdout.trim().split('\n')).toEqual([
      'unit_test:vproj.keeps_ids_v1',
      'unit_test:vproj.keeps_ids_v2',
      'unit_test:vproj.keeps_ids_v3',
      'unit_test:vproj.only_two_v2',
    ]);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'target/manifest.json'), 'utf8'));
    expect(manifest.unit_tests['unit_test.vproj.dim_customers.only_two_v2']).toMatchObject({
      name: 'only_two',
      version: 2,
      versions: { include: [2], exclude: null },
      depends_on: { nodes: ['model.vproj.dim_customers.v2'] },
      fqn: ['vproj', 'dim_customers', 'only_two'],
    });
    const run = await dailies(dir, 'test', '-s', 'keeps_ids', 'only_two');
    expect(run.stdout).toMatch(/PASS dim_customers::keeps_ids_v1/);
    expect(run.stdout).toMatch(/PASS dim_customers::keeps_ids_v2/);
    expect(run.stdout).toMatch(/FAIL 1 dim_customers::keeps_ids_v3/);
    expect(run.stdout).toMatch(/PASS dim_customers::only_two_v2/);
    expect(run.stdout).toMatch(/PASS=3 WARN=0 ERROR=1 SKIP=0 TOTAL=4/);
  });

  it('reads a naive deprecation_date in the local time zone, as dbt does', async () => {
    const dir = copy();
    const yml = readFileSync(path.join(dir, 'models/schema.yml'), 'utf8');
    write(dir, 'models/schema.yml', yml.replace('2030-01-01T00:00:00Z', '2030-06-01'));
    const manifest = (await compileProject(await loadProject({ projectDir: dir, env: {} }))).manifest;
    const offset = -new Date(2030, 5, 1).getTimezoneOffset();
    const zone = `${offset < 0 ? '-' : '+'}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
    expect(manifest.nodes['model.vproj.dim_customers.v1']!.deprecation_date).toBe(`2030-06-01T00:00:00${zone}`);
  });
});
