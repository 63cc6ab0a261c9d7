/**
 * The command line end to end on a small project: what a user types, what they see, exit codes.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
let projectDir: string;

async function dailies(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    cwd: projectDir,
    env: { HOME: projectDir },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}

beforeAll(() => {
  projectDir = mkdtempSync(path.join(os.tmpdir(), 'dailies-cli-'));
  cpSync(path.join(repoRoot, 'test/fixtures/run/shop'), projectDir, { recursive: true });
  writeFileSync(
    path.join(projectDir, 'profiles.yml'),
    'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: shop.duckdb\n      schema: main\n      threads: 2\n',
  );
});

afterAll(() => rmSync(projectDir, { recursive: true, force: true }));

describe('dailies CLI', () => {
  it('parse writes a dbt-shaped manifest and says what it read', async () => {
    const { code, stdout } = await dailies('parse');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Parsed 5 models, 2 seeds, 2 snapshots, \d+ tests/);
    const manifest = JSON.parse(readFileSync(path.join(projectDir, 'target/manifest.json'), 'utf8'));
    expect(manifest.metadata.project_name).toBe('shop');
    expect(manifest.nodes['model.shop.fct_orders'].depends_on.nodes).toEqual(['model.shop.paid_orders']);
    expect(manifest.child_map['model.shop.stg_orders']).toContain('model.shop.paid_orders');
  });

  it('parse stops where dbt parse stops: no compiled SQL, so an error only a compile meets waits for compile', async () => {
    const model = path.join(projectDir, 'models/compile_only_error.sql');
    writeFileSync(model, "select 1 as id\n{% if execute %}{{ not_a_macro_yet() }}{% endif %}\n");
    try {
      const parsed = await dailies('parse', '--no-partial-parse');
      expect(parsed.code).toBe(0);
      const nodes = JSON.parse(readFileSync(path.join(projectDir, 'target/manifest.json'), 'utf8')).nodes;
      expect(nodes['model.shop.compile_only_error']).toBeDefined();
      expect(Object.values(nodes).filter((node) => (node as { compiled_code?: string }).compiled_code !== undefined)).toEqual([]);
      const compiled = await dailies('compile', '-s', 'compile_only_error');
      expect(compiled.code).not.toBe(0);
      expect(compiled.stderr).toMatch(/compile_only_error\.sql/);
      expect(compiled.stderr).toMatch(/not_a_macro_yet/);
    } finally {
      rmSync(model);
    }
  });

  it('ls selects with graph operators and prints names', async () => {
    const { code, stdout } = await dailies('ls', '-s', '+fct_orders', '--resource-type', 'model', 'seed', '--output', 'name');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n').sort()).toEqual(['fct_orders', 'paid_orders', 'raw_orders', 'stg_orders'].sort());
  });

  it('ls --output json --output-keys prints only those keys of each resource, as dbt ls does', async () => {
    const { code, stdout } = await dailies('ls', '-s', 'fct_orders', '--resource-type', 'model', '--output', 'json', '--output-keys', 'name resource_type,fqn', 'no_such_key');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n').map((line) => JSON.parse(line))).toEqual([{ name: 'fct_orders', resource_type: 'model', fqn: ['shop', 'marts', 'fct_orders'] }]);
  });

  it('answers to list as to ls, as dbt does', async () => {
    const [ls, list] = [await dailies('ls', '-s', '+fct_orders'), await dailies('list', '-s', '+fct_orders')];
    expect(list).toEqual(ls);
    expect(list.stdout).toContain('shop.marts.fct_orders');
  });

  it('ls warns about a selector that matches nothing', async () => {
    const { code, stdout, stderr } = await dailies('ls', '-s', 'fct_ordrs');
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/Warning: .*fct_ordrs/);
  });

  it('compile writes compiled SQL with refs resolved', async () => {
    const { code, stdout } = await dailies('compile', '-s', 'stg_orders');
    expect(code).toBe(0);
    // as dbt compile prints it: the selected node's SQL
    expect(stdout).toMatch(/Compiled node 'stg_orders' is:\n(.|\n)*from "shop"\."main"\."raw_orders"/);
    const sql = readFileSync(path.join(projectDir, 'target/compiled/shop/models/staging/stg_orders.sql'), 'utf8');
    expect(sql).toContain('from "shop"."main"."raw_orders"');
    expect(existsSync(path.join(projectDir, 'target/compiled/shop/models/marts/fct_orders.sql'))).toBe(false);
  });

  it('build runs everything, prints one line per node and a summary, writes run_results.json', async () => {
    const { code, stdout } = await dailies('build');
    expect(code).toBe(0);
    expect(stdout).toMatch(/OK created incremental main\.fct_orders/);
    expect(stdout).toMatch(/Done\. PASS=\d+ WARN=0 ERROR=0 SKIP=0 TOTAL=\d+/);
    const results = JSON.parse(readFileSync(path.join(projectDir, 'target/run_results.json'), 'utf8'));
    expect(results.results.every((result: { status: string }) => ['success', 'pass'].includes(result.status))).toBe(true);
    // as dbt writes it when the run ends: each node that ran with the SQL it ran
    const manifest = JSON.parse(readFileSync(path.join(projectDir, 'target/manifest.json'), 'utf8'));
    const ran = results.results.find((result: { unique_id: string }) => result.unique_id === 'model.shop.stg_orders');
    expect(manifest.nodes['model.shop.stg_orders']).toMatchObject({ compiled: true, compiled_code: ran.compiled_code });
    expect(manifest.nodes['model.shop.stg_orders'].compiled_code).toContain('from "shop"."main"."raw_orders"');
  });

  it('show previews a built model as JSON', async () => {
    const { code, stdout } = await dailies('show', '-s', 'stg_customers', '--limit', '2', '--output', 'json');
    expect(code).toBe(0);
    const preview = JSON.parse(stdout);
    expect(preview.rows).toHaveLength(2);
    expect(preview.columns.length).toBeGreaterThan(1);
  });

  it('show previews one model while another cannot compile before it is built', async () => {
    // a model whose macro asks the warehouse about a relation that does not exist yet
    const file = path.join(projectDir, 'models/marts/not_built_yet.sql');
    writeFileSync(file, "{% set cols = adapter.get_columns_in_relation(api.Relation.create(schema='main', identifier='nowhere')) %}\n{% if execute and cols | length == 0 %}{{ exceptions.raise_compiler_error('nowhere is not built') }}{% endif %}\nselect 1 as id\n");
    try {
      const { code, stdout, stderr } = await dailies('show', '-s', 'stg_customers', '--limit', '1', '--output', 'json');
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(JSON.parse(stdout).rows).toHaveLength(1);
    } finally {
      rmSync(file);
    }
  });

  it('an unknown ref fails with the file, the line and a suggestion', async () => {
    const file = path.join(projectDir, 'models/marts/broken.sql');
    writeFileSync(file, "select 1 as id\nunion all\nselect id from {{ ref('stg_ordrs') }}\n");
    try {
      const { code, stderr } = await dailies('compile');
      expect(code).toBe(1);
      expect(stderr).toMatch(/models\/marts\/broken\.sql:3/);
      expect(stderr).toMatch(/stg_orders/);
    } finally {
      rmSync(file);
    }
  });

  it('load creates RAW columns with the types the project\'s sources declare, and stops a file at a value that does not convert', async () => {
    const sources = 'version: 2\nsources:\n  - name: landing\n    schema: raw\n    tables:\n      - name: visits\n        columns:\n          - name: visitId\n            data_type: integer\n          - name: page\n';
    writeFileSync(path.join(projectDir, 'models/_landing.yml'), sources);
    const zone = path.join(projectDir, 'landing');
    mkdirSync(path.join(zone, 'visits'), { recursive: true });
    writeFileSync(path.join(zone, 'visits/visits_day001.csv'), 'visitId,page\n1,/home\n,/about\n');
    const loaded = await dailies('load', '--from', 'landing');
    expect(loaded.stderr).toBe('');
    expect(loaded.code).toBe(0);
    const show = await dailies('show', '--inline', 'select typeof("visitId") as t, count(*) as n from raw.visits group by 1', '--output', 'json');
    expect(JSON.parse(show.stdout).rows).toEqual([{ t: 'INTEGER', n: 2 }]);

    writeFileSync(path.join(zone, 'visits/visits_day002.csv'), 'visitId,page\n2,/home\nthree,/shop\n');
    const failed = await dailies('load', '--from', 'landing');
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain('visits_day002.csv:3: ');
    expect(failed.stderr).toContain('value "three" of column visitId is not a valid integer (declared in models/_landing.yml:9)');
    expect(failed.stderr).toContain('declare the column as varchar in models/_landing.yml:9');
    rmSync(path.join(projectDir, 'models/_landing.yml'));
  });

  it('usage errors exit 2 with a hint', async () => {
    expect((await dailies('buidl')).code).toBe(2);
    const unknownOption = await dailies('run', '--selekt', 'x');
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toMatch(/hint: run 'dailies run --help'/);
  });

  it('the installed binary runs', () => {
    const binary = path.join(repoRoot, 'bin/dailies.js');
    expect(existsSync(path.join(repoRoot, 'lib/cli/main.js')), 'run npm run build (npm ci does) first').toBe(true);
    const stdout = execFileSync(process.execPath, [binary, 'ls', '--project-dir', projectDir, '-s', 'tag:nothing', 'fct_orders', '--resource-type', 'model'], {
      encoding: 'utf8',
      env: { ...process.env, HOME: projectDir },
    });
    expect(stdout.trim()).toBe('shop.marts.fct_orders');
  });
});
