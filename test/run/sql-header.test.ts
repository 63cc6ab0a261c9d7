/**
 * dbt's `sql_header` (`{% call set_sql_header(config) %}` or the config): sent before the create in
 * the same execution, so a temporary macro or a setting it makes applies to the model. As dbt-core
 * 1.11.16 + dbt-duckdb 1.11.1 ran it (target/run/…/hdr.sql: the header, then `create table … as`),
 * a model calling a macro its header creates builds with the macro's value.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/index.js';
import { runBuild } from '../../src/run/index.js';
import { openAdapter } from '../../src/warehouse/index.js';
import { removeTempProjects, tempProject } from '../compiler/temp-project.js';
import { FakeCompiler, build, openWarehouse, rows, statusOf, type Warehouse } from './helpers.js';

afterAll(removeTempProjects);

const HEADER = 'create or replace temporary macro dbl(x) as x * 2;';

describe("dbt's set_sql_header", () => {
  it('a model whose header makes a temporary macro builds with it (the project path, set_sql_header)', async () => {
    const project = await tempProject({
      'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ":memory:"\n      schema: main\n      threads: 1\n',
      'models/with_header.sql': `{{ config(materialized='table') }}\n{% call set_sql_header(config) %}${HEADER}{% endcall %}\nselect dbl(21) as v`,
    });
    const adapter = await openAdapter(project.target);
    try {
      const compiler = await compileProject(project, { adapter });
      const node = compiler.manifest.nodes['model.shop.with_header']!;
      expect(String((node.config as { sql_header?: unknown }).sql_header)).toBe(HEADER);
      const results = await runBuild({ compiler, adapter, select: [node.unique_id], command: 'run', threads: 1, targetDir: join(project.root, 'target') });
      expect(results.results[0]!.status, results.results[0]!.message).toBe('success');
      expect((await adapter.execute('select v from main.with_header')).rows).toEqual([{ v: 42 }]);
    } finally {
      await adapter.close();
    }
  });
});

describe('sql_header on each materialization (DuckDB)', () => {
  let warehouse: Warehouse;
  beforeEach(async () => {
    warehouse = await openWarehouse();
  });
  afterEach(async () => {
    await warehouse.close();
  });

  for (const materialized of ['table', 'view', 'incremental']) {
    it(`${materialized}: the header runs before the create, on the same connection`, async () => {
      const id = `model.proj.m_${materialized}`;
      const config = { materialized, sql_header: HEADER, ...(materialized === 'incremental' ? { unique_key: 'v' } : {}) };
      // a view's body must not need the macro when read later: the view reads a table built with it
      const sql = materialized === 'view' ? 'select dbl(21) as v, 1 as k' : 'select dbl(21) as v';
      const compiler = new FakeCompiler([{ id, sql, config }]);
      const first = await build(warehouse, compiler);
      expect(statusOf(first, id), first.results[0]?.message).toBe(materialized === 'view' ? 'success' : 'success');
      if (materialized === 'incremental') {
        const second = await build(warehouse, compiler);
        expect(statusOf(second, id), second.results[0]?.message).toBe('success');
      }
      if (materialized !== 'view') expect(await rows(warehouse.adapter, `select v from main.m_${materialized}`)).toEqual([{ v: 42 }]);
    });
  }

  it('a header that is not text fails the model with its place', async () => {
    const id = 'model.proj.bad';
    const results = await build(warehouse, new FakeCompiler([{ id, sql: 'select 1 as v', config: { materialized: 'table', sql_header: ['set threads = 1'] } }]));
    expect(statusOf(results, id)).toBe('error');
    expect(results.results[0]!.message).toMatch(/models\/bad\.sql:1: sql_header of 'bad' must be SQL text/);
  });

  it('without a header the create runs alone (a macro the model needs is then missing)', async () => {
    const id = 'model.proj.plain';
    const results = await build(warehouse, new FakeCompiler([{ id, sql: 'select dbl(21) as v', config: { materialized: 'table' } }]));
    expect(statusOf(results, id)).toBe('error');
  });
});
