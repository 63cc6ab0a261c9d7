import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatEvent, formatSummary, runFailed } from '../../src/run/index.js';
import { FakeCompiler, build, openWarehouse, statusOf, type NodeSpec, type Warehouse } from './helpers.js';

let warehouse: Warehouse;
beforeEach(async () => {
  warehouse = await openWarehouse(4);
});
afterEach(async () => {
  await warehouse.close();
});

const branches: NodeSpec[] = ['a', 'b', 'c', 'd'].map((name) => ({
  id: `model.proj.${name}`,
  sql: `select count(*) as n from range(200000) where range % 7 = 0`,
  config: { materialized: 'table' },
}));

describe('runBuild', () => {
  it('with threads=4 runs independent branches concurrently', async () => {
    const results = await build(warehouse, new FakeCompiler(branches), { threads: 4 });
    expect(results.results.every((result) => result.status === 'success')).toBe(true);
    const spans = results.results.map((result) => [Date.parse(result.timing[0]!.started_at), Date.parse(result.timing[1]!.completed_at)] as const);
    const latestStart = Math.max(...spans.map(([start]) => start));
    const earliestEnd = Math.min(...spans.map(([, end]) => end));
    expect(latestStart).toBeLessThanOrEqual(earliestEnd);
    expect(new Set(results.results.map((result) => result.thread_id)).size).toBe(4);
  });

  it('an error skips the downstream and the run reports failure', async () => {
    const compiler = new FakeCompiler([
      { id: 'model.proj.broken', sql: 'select * from nowhere', config: { materialized: 'table' } },
      { id: 'model.proj.after', sql: 'select 1 as x', dependsOn: ['model.proj.broken'] },
      { id: 'model.proj.other', sql: 'select 1 as x' },
    ]);
    const results = await build(warehouse, compiler, { command: 'run' });
    expect(statusOf(results, 'model.proj.broken')).toBe('error');
    expect(statusOf(results, 'model.proj.after')).toBe('skipped');
    expect(statusOf(results, 'model.proj.other')).toBe('success');
    expect(runFailed(results)).toBe(true);
  });

  it('stops the run when the abort signal fires, skipping what did not start', async () => {
    const controller = new AbortController();
    const chain: NodeSpec[] = [
      { id: 'model.proj.one', sql: 'select 1 as x' },
      { id: 'model.proj.two', sql: 'select 2 as x', dependsOn: ['model.proj.one'] },
      { id: 'model.proj.three', sql: 'select 3 as x', dependsOn: ['model.proj.two'] },
    ];
    const results = await build(warehouse, new FakeCompiler(chain), {
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'node-started' && event.uniqueId === 'model.proj.one') controller.abort();
      },
    });
    expect(results.results.map((result) => result.status)).toEqual(['success', 'skipped', 'skipped']);
    expect(results.interrupted).toBe(true);
    expect(await warehouse.adapter.getRelation({ database: null, schema: 'main', identifier: 'two' })).toBeNull();
  });

  it('fail-fast stops starting new nodes after the first failure', async () => {
    const compiler = new FakeCompiler([
      { id: 'model.proj.a_broken', sql: 'select * from nowhere' },
      { id: 'model.proj.b_fine', sql: 'select 1 as x' },
    ]);
    const results = await build(warehouse, compiler, { failFast: true, threads: 1 });
    expect(results.results.map((result) => [result.unique_id, result.status])).toEqual([
      ['model.proj.a_broken', 'error'],
      ['model.proj.b_fine', 'skipped'],
    ]);
  });

  it('a failing on-run-start hook skips every node', async () => {
    const results = await build(warehouse, new FakeCompiler([{ id: 'model.proj.m', sql: 'select 1 as x' }]), { onRunStart: ['select * from nowhere'] });
    expect(results.hookErrors[0]).toMatch(/^on-run-start: .*nowhere/);
    expect(statusOf(results, 'model.proj.m')).toBe('skipped');
    expect(runFailed(results)).toBe(true);
  });

  it('writes target/run_results.json in dbt shape', async () => {
    const compiler = new FakeCompiler([
      { id: 'model.proj.m', sql: 'select 1 as x', config: { materialized: 'table' } },
      { id: 'test.proj.t', sql: 'select * from main.m where x = 1', dependsOn: ['model.proj.m'] },
    ]);
    await build(warehouse, compiler);
    const artifact = JSON.parse(readFileSync(join(warehouse.dir, 'target', 'run_results.json'), 'utf8'));
    expect(artifact.metadata.dbt_schema_version).toBe('https://schemas.getdbt.com/dbt/run-results/v6.json');
    expect(artifact.args).toMatchObject({ which: 'build', threads: 1 });
    expect(artifact.results).toHaveLength(2);
    expect(artifact.results[0]).toMatchObject({
      unique_id: 'model.proj.m',
      status: 'success',
      thread_id: 'Thread-1 (worker)',
      compiled_code: 'select 1 as x',
      relation_name: '"memory"."main"."m"',
      failures: null,
    });
    expect(artifact.results[0].timing.map((timing: { name: string }) => timing.name)).toEqual(['compile', 'execute']);
    expect(artifact.results[1]).toMatchObject({ unique_id: 'test.proj.t', status: 'fail', failures: 1, message: 'Got 1 result, configured to fail if != 0' });
    expect(typeof artifact.elapsed_time).toBe('number');
  });

  it('progress lines: one per node with status and time, a summary and the errors repeated', async () => {
    const compiler = new FakeCompiler([
      { id: 'model.proj.stg_movies', sql: 'select 1 as x', config: { materialized: 'table' } },
      { id: 'model.proj.broken', sql: 'select * from nowhere' },
      { id: 'model.proj.after', sql: 'select 1 as x', dependsOn: ['model.proj.broken'] },
      { id: 'test.proj.t', sql: 'select * from main.stg_movies', dependsOn: ['model.proj.stg_movies'], config: { severity: 'warn' } },
    ]);
    const results = await build(warehouse, compiler);
    const lines = results.events.flatMap(formatEvent);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}\d of 4 OK created table main\.stg_movies \.+ \[OK in \d+\.\d\ds\]$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}\d of 4 ERROR creating view main\.broken \.+ \[ERROR in \d+\.\d\ds\]$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}\d of 4 WARN 1 t \.+ \[WARN 1 in \d+\.\d\ds\]$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}\d of 4 SKIP model main\.after \(upstream fail: model\.proj\.broken\) \.+ \[SKIP\]$/));
    const summary = formatSummary(results);
    expect(summary.at(-1)).toBe('Done. PASS=1 WARN=1 ERROR=1 SKIP=1 TOTAL=4');
    expect(summary).toContain('Error in model broken (models/broken.sql)');
    expect(summary.some((line) => /nowhere/.test(line))).toBe(true);
  });

  it('without hook options, runs the root project operation nodes named *-on-run-start-<n> in order', async () => {
    const compiler = new FakeCompiler([
      { id: 'operation.proj.proj-on-run-start-1', type: 'operation', sql: "insert into main.log values ('second')" },
      { id: 'operation.proj.proj-on-run-start-0', type: 'operation', sql: "create table main.log as select 'first' as event" },
      { id: 'model.proj.m', sql: 'select 1 as x' },
    ]);
    const results = await build(warehouse, compiler);
    expect(results.results.map((result) => result.unique_id)).toEqual(['model.proj.m']);
    expect((await warehouse.adapter.execute('select event from main.log order by rowid')).rows).toEqual([{ event: 'first' }, { event: 'second' }]);
  });

  it('a failing pre-hook fails the node before it builds', async () => {
    const compiler = new FakeCompiler([{ id: 'model.proj.m', sql: 'select 1 as x', config: { materialized: 'table', 'pre-hook': ['select * from nowhere'] } }]);
    const results = await build(warehouse, compiler);
    expect(statusOf(results, 'model.proj.m')).toBe('error');
    expect(await warehouse.adapter.getRelation({ database: null, schema: 'main', identifier: 'm' })).toBeNull();
  });
});
