/**
 * `dailies source freshness`: each source with a loaded_at_field and thresholds is checked
 * against the warehouse clock; results print one line each and go to target/sources.json.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { openAdapter } from '../../src/warehouse/index.js';

let dir: string;

const SOURCES = `version: 2
sources:
  - name: landing
    schema: raw
    loaded_at_field: loaded_at
    freshness:
      warn_after: {count: 1, period: hour}
      error_after: {count: 1, period: day}
    tables:
      - name: fresh
      - name: stale_warn
      - name: stale_error
      - name: filtered
        freshness:
          filter: "kind = 'new'"
      - name: unchecked
        freshness: null
      - name: missing_table
  - name: metadata_only
    schema: raw
    freshness:
      warn_after: {count: 1, period: hour}
    tables:
      - name: fresh
  - name: queried
    schema: raw
    freshness:
      warn_after: {count: 1, period: hour}
    config:
      loaded_at_query: "select max(loaded_at) from {{ this }} where {{ source_node.name == 'stale_error' }}"
    tables:
      - name: stale_error
      - name: fresh
`;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dailies-freshness-'));
  const files: Record<string, string> = {
    'dbt_project.yml': 'name: fr\nprofile: fr\n',
    'profiles.yml': 'fr:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: fr.duckdb\n      schema: main\n',
    'models/sources.yml': SOURCES,
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  const adapter = await openAdapter({ name: 'dev', type: 'duckdb', schema: 'main', threads: 1, path: path.join(dir, 'fr.duckdb') } as never);
  try {
    await adapter.execute('create schema raw');
    await adapter.execute("create table raw.fresh as select now() - interval 5 minute as loaded_at");
    await adapter.execute("create table raw.stale_warn as select timezone('UTC', now() - interval 3 hour) as loaded_at");
    await adapter.execute("create table raw.stale_error as select now() - interval 3 day as loaded_at");
    await adapter.execute("create table raw.filtered as select * from (values (now() - interval 10 minute, 'old'), (now() - interval 2 day, 'new')) t(loaded_at, kind)");
    await adapter.execute("create table raw.unchecked as select now() - interval 9 day as loaded_at");
  } finally {
    await adapter.close();
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function dailies(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main([...argv, '--project-dir', dir], { cwd: dir, env: { HOME: dir }, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), signal: new AbortController().signal });
  return { code, stdout, stderr };
}

describe('dailies source freshness', () => {
  it('passes, warns and errors by age, honours the filter, skips sources without freshness, and exits 1 on errors', async () => {
    const { code, stdout } = await dailies('source', 'freshness');
    expect(code).toBe(1);
    expect(stdout).toMatch(/PASS freshness of landing\.fresh, loaded 5m ago/);
    expect(stdout).toMatch(/WARN freshness of landing\.stale_warn, loaded 3\.0h ago/);
    expect(stdout).toMatch(/ERROR STALE freshness of landing\.stale_error/);
    expect(stdout).toMatch(/ERROR STALE freshness of landing\.filtered/);
    expect(stdout).toMatch(/ERROR freshness of landing\.missing_table: /);
    expect(stdout).toContain('SKIP source.fr.landing.unchecked: no freshness');
    // dbt-duckdb's words for a source without loaded_at_field (DuckDB keeps no table change times)
    expect(stdout).toContain(
      "ERROR freshness of metadata_only.fresh: Could not compute freshness for source fresh: no 'loaded_at_field' provided and duckdb adapter does not support metadata-based freshness checks.",
    );
    // loaded_at_query: rendered with `this` and `source_node` the source, its one value the newest load (dbt's)
    expect(stdout).toMatch(/WARN freshness of queried\.stale_error, loaded 3\.0d ago/);
    expect(stdout).toMatch(/ERROR STALE freshness of queried\.fresh$/m);
    expect(stdout).toContain('Done. PASS=1 WARN=2 ERROR=5 SKIP=1');
    const artifact = JSON.parse(readFileSync(path.join(dir, 'target/sources.json'), 'utf8'));
    expect(artifact.metadata.dbt_schema_version).toBe('https://schemas.getdbt.com/dbt/sources/v3.json');
    const byId = Object.fromEntries(artifact.results.map((result: { unique_id: string }) => [result.unique_id, result]));
    expect(byId['source.fr.landing.fresh']).toMatchObject({ status: 'pass', criteria: { warn_after: { count: 1, period: 'hour' }, error_after: { count: 1, period: 'day' }, filter: null } });
    expect(byId['source.fr.landing.filtered'].criteria.filter).toBe("kind = 'new'");
    expect(byId['source.fr.landing.missing_table']).toMatchObject({ status: 'runtime error' });
    expect(byId['source.fr.landing.stale_warn'].max_loaded_at_time_ago_in_s).toBeGreaterThan(3 * 3600 - 60);
  });

  it('checks only the selected sources', async () => {
    const { code, stdout } = await dailies('source', 'freshness', '-s', 'source:landing.fresh');
    expect(code).toBe(0);
    expect(stdout).toContain('Done. PASS=1 WARN=0 ERROR=0 SKIP=0');
  });

  it("refuses a table naming both loaded_at_field and loaded_at_query, in dbt's words, at its line", async () => {
    const clash = mkdtempSync(path.join(os.tmpdir(), 'dailies-freshness-clash-'));
    try {
      writeFileSync(path.join(clash, 'dbt_project.yml'), 'name: fr\nprofile: fr\n');
      mkdirSync(path.join(clash, 'models'));
      writeFileSync(path.join(clash, 'models/sources.yml'), 'sources:\n  - name: raw\n    tables:\n      - name: both\n        loaded_at_field: x\n        config:\n          loaded_at_query: select 1\n');
      let stderr = '';
      const code = await main(['parse', '--project-dir', clash], { cwd: clash, env: { HOME: clash }, stdout: () => {}, stderr: (text) => (stderr += text) });
      expect(code).not.toBe(0);
      expect(stderr).toContain('models/sources.yml:4: Cannot specify both loaded_at_field and loaded_at_query at table level.');
    } finally {
      rmSync(clash, { recursive: true, force: true });
    }
  });

  it('refuses another source subcommand', async () => {
    const { code, stderr } = await dailies('source', 'snapshot-freshness');
    expect(code).not.toBe(0);
    expect(stderr).toContain("unknown 'dailies source snapshot-freshness'");
  });
});
