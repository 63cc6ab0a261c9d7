/**
 * dbt's microbatch incremental strategy on DuckDB, a real project end to end: batches from
 * `begin` on the first build, the lookback window on a rerun (older batches untouched),
 * `--event-time-start/-end` backfills, a failing batch failing alone (dbt's `partial success` and
 * `batch_results`), nothing half-written for a failed batch, and dbt's config errors. The
 * expected shapes (filtered ref SQL, batch_results, statuses and messages) were recorded from
 * dbt-core 1.11.16 + dbt-duckdb 1.11.1 on the same project (`dbt run --event-time-start …`).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compileProject } from '../../src/compiler/index.js';
import { loadProject } from '../../src/project/index.js';
import { formatEvent, formatSummary, runBuild, runFailed, type RunEvent, type RunOptions, type RunResults } from '../../src/run/index.js';
import type { Adapter, Row } from '../../src/warehouse/adapter.js';
import { openAdapter } from '../../src/warehouse/index.js';

const PROFILE = 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: shop.duckdb\n      schema: main\n      threads: 1\n';
const PROJECT = 'name: shop\nprofile: shop\nseeds:\n  shop:\n    events:\n      +event_time: event_at\n';
const EVENTS = [
  'id,event_at,amount,code',
  '1,2025-01-01 01:00:00,10,1',
  '2,2025-01-01 05:00:00,20,2',
  '3,2025-01-02 10:00:00,30,3',
  '4,2025-01-03 23:59:59,40,4',
  '5,2025-01-04 08:00:00,50,5',
  '6,2025-01-05 08:00:00,60,6',
].join('\n');
const KINDS = 'id,kind\n1,a\n2,b\n3,c\n4,d\n5,e\n6,f\n7,g\n';
const DAILY = `{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='event_at', batch_size='day', begin='2025-01-01') }}
-- {{ ref('events').render() }} batch {{ model.batch.id }} from {{ model.batch.event_time_start }}
select e.id, e.event_at, e.amount, cast(e.code as integer) as code, k.kind
from {{ ref('events') }} e left join {{ ref('kinds') }} k on k.id = e.id
`;
/** 2025-01-04 12:00 UTC: the first build covers 2025-01-01 up to 2025-01-05 (the day's ceiling). */
const NOON_JAN_4 = new Date('2025-01-04T12:00:00Z');
const MODEL = 'model.shop.daily';

const open: { dir: string; adapter: Adapter }[] = [];

afterEach(async () => {
  for (const { dir, adapter } of open.splice(0)) {
    await adapter.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

interface Shop {
  dir: string;
  build(options?: Partial<RunOptions> & { only?: string[] }): Promise<RunResults>;
  rows(sql: string): Promise<Row[]>;
  execute(sql: string): Promise<void>;
}

async function project(files: Record<string, string> = {}): Promise<Shop> {
  const dir = mkdtempSync(join(tmpdir(), 'dailies-microbatch-'));
  const all = { 'dbt_project.yml': PROJECT, 'profiles.yml': PROFILE, 'seeds/events.csv': EVENTS, 'seeds/kinds.csv': KINDS, 'models/daily.sql': DAILY, ...files };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const adapter = await openAdapter((await loadProject({ projectDir: dir, profilesDir: dir, env: {} })).target);
  open.push({ dir, adapter });
  return {
    dir,
    async build({ only, ...options } = {}) {
      const loaded = await loadProject({ projectDir: dir, profilesDir: dir, env: {} });
      const compiler = await compileProject(loaded, { adapter, flags: { which: 'build' }, nodeErrors: 'collect' });
      const select = only ?? Object.keys(compiler.manifest.nodes);
      return runBuild({ compiler, adapter, select, command: 'build', threads: 1, targetDir: join(dir, 'target'), invokedAt: NOON_JAN_4, ...options });
    },
    async rows(sql) {
      return (await adapter.execute(sql)).rows;
    },
    async execute(sql) {
      await adapter.execute(sql);
    },
  };
}

const day = (date: string): [string, string] => {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return [`${date}T00:00:00+00:00`, `${next.toISOString().slice(0, 10)}T00:00:00+00:00`];
};
const resultOf = (results: RunResults, id = MODEL) => results.results.find((result) => result.unique_id === id)!;
const tableRows = (shop: Shop) => shop.rows('select id, amount, code, kind from daily order by id');

describe('microbatch models on DuckDB', () => {
  it('build every batch from begin up to now on the first run, refs of event_time nodes filtered as dbt renders them', async () => {
    const shop = await project();
    const results = await shop.build();
    const result = resultOf(results);
    expect([result.status, result.message]).toEqual(['success', 'SUCCESS']);
    expect(result.batch_results).toEqual({ successful: [day('2025-01-01'), day('2025-01-02'), day('2025-01-03'), day('2025-01-04')], failed: [] });
    expect(await tableRows(shop)).toEqual([
      { id: 1, amount: 10, code: 1, kind: 'a' },
      { id: 2, amount: 20, code: 2, kind: 'b' },
      { id: 3, amount: 30, code: 3, kind: 'c' },
      { id: 4, amount: 40, code: 4, kind: 'd' },
      { id: 5, amount: 50, code: 5, kind: 'e' },
    ]);
    // one compiled file per batch, as dbt writes them; the seed with event_time filtered, the other not,
    // `.render()` bare, model.batch set (the shape dbt-duckdb 1.11.1 compiles)
    const compiled = readFileSync(join(shop.dir, 'target/compiled/shop/models/daily/daily_2025-01-02.sql'), 'utf8');
    expect(compiled).toContain(`-- "shop"."main"."events" batch 20250102 from 2025-01-02 00:00:00+00:00`);
    expect(compiled).toContain(
      `from (select * from "shop"."main"."events" where event_at >= '2025-01-02 00:00:00+00:00' and event_at < '2025-01-03 00:00:00+00:00') e left join "shop"."main"."kinds" k on k.id = e.id`,
    );
    expect(existsSync(join(shop.dir, 'target/compiled/shop/models/daily/daily_2025-01-04.sql'))).toBe(true);
    // run_results.json as dbt writes a microbatch model's entry
    const written = JSON.parse(readFileSync(join(shop.dir, 'target/run_results.json'), 'utf8')) as { results: Record<string, unknown>[] };
    const entry = written.results.find((candidate) => candidate.unique_id === MODEL)!;
    expect([entry.status, entry.compiled, entry.compiled_code]).toEqual(['success', false, null]);
    expect(entry.batch_results).toEqual({ successful: [day('2025-01-01'), day('2025-01-02'), day('2025-01-03'), day('2025-01-04')], failed: [] });
  });

  it('filter a source and a model configuring event_time, not a model without it (the SQL dbt-duckdb compiles)', async () => {
    const shop = await project({
      'models/sources.yml': 'sources:\n  - name: raw\n    schema: main\n    tables:\n      - name: events\n        config:\n          event_time: event_at\n',
      'models/stg.sql': "{{ config(materialized='table', event_time='event_at') }}\nselect * from {{ ref('events') }}",
      'models/plain.sql': "{{ config(materialized='table') }}\nselect * from {{ ref('events') }}",
      'models/combo.sql':
        "{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='event_at', batch_size='day', begin='2025-01-01') }}\n" +
        "select s.id, s.event_at from {{ source('raw', 'events') }} s join {{ ref('stg') }} t using (id) join {{ ref('plain') }} p using (id)",
    });
    const results = await shop.build({ eventTimeStart: new Date('2025-01-01T00:00:00Z'), eventTimeEnd: new Date('2025-01-02T00:00:00Z') });
    expect(resultOf(results, 'model.shop.combo').status).toBe('success');
    // recorded from dbt-core 1.11.16 + dbt-duckdb 1.11.1 (`dbt run --event-time-start 2025-01-01 --event-time-end 2025-01-02`)
    expect(readFileSync(join(shop.dir, 'target/compiled/shop/models/combo/combo_2025-01-01.sql'), 'utf8').trim()).toBe(
      `select s.id, s.event_at from (select * from "shop"."main"."events" where event_at >= '2025-01-01 00:00:00+00:00' and event_at < '2025-01-02 00:00:00+00:00') s join (select * from "shop"."main"."stg" where event_at >= '2025-01-01 00:00:00+00:00' and event_at < '2025-01-02 00:00:00+00:00') t using (id) join "shop"."main"."plain" p using (id)`,
    );
    expect(await shop.rows('select id from combo order by id')).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it("run the project's own get_incremental_microbatch_sql for a batch, model.batch in its context", async () => {
    const shop = await project({
      'macros/microbatch.sql': `{% macro get_incremental_microbatch_sql(arg_dict) %}
  insert into batch_log values ('{{ model.batch.id }}', '{{ arg_dict["temp_relation"].identifier }}');
  {{ dbt.get_incremental_microbatch_sql(arg_dict) }}
{% endmacro %}`,
    });
    await shop.execute('create table batch_log (batch text, temp text)');
    expect(resultOf(await shop.build()).status).toBe('success');
    await shop.execute('update events set amount = 41 where id = 4');
    const rerun = await shop.build({ only: [MODEL] });
    expect(resultOf(rerun).status, resultOf(rerun).message).toBe('success');
    // the first build's first batch created the table; every later batch went through the macro
    expect(await shop.rows('select batch, temp from batch_log order by batch')).toEqual([
      { batch: '20250102', temp: 'daily__dailies_tmp' },
      { batch: '20250103', temp: 'daily__dailies_tmp' },
      { batch: '20250103', temp: 'daily__dailies_tmp' },
      { batch: '20250104', temp: 'daily__dailies_tmp' },
      { batch: '20250104', temp: 'daily__dailies_tmp' },
    ]);
    expect((await tableRows(shop)).map((row) => row.amount)).toEqual([10, 20, 30, 41, 50]);
  });

  it('rewrite only the lookback window on a rerun: an older batch is not touched, a batch in the window is', async () => {
    const shop = await project();
    await shop.build();
    // an old row changes (2025-01-01: outside the window), a row in the window changes, a late row arrives
    await shop.execute('update events set amount = 11 where id = 1');
    await shop.execute('update events set amount = 41 where id = 4');
    await shop.execute("insert into events values (7, '2025-01-03 12:00:00', 70, '7')");
    const rerun = await shop.build({ only: [MODEL] });
    // lookback 1 at 2025-01-04 12:00: the day before and the current day
    expect(resultOf(rerun).batch_results).toEqual({ successful: [day('2025-01-03'), day('2025-01-04')], failed: [] });
    expect(await tableRows(shop)).toEqual([
      { id: 1, amount: 10, code: 1, kind: 'a' },
      { id: 2, amount: 20, code: 2, kind: 'b' },
      { id: 3, amount: 30, code: 3, kind: 'c' },
      { id: 4, amount: 41, code: 4, kind: 'd' },
      { id: 5, amount: 50, code: 5, kind: 'e' },
      { id: 7, amount: 70, code: 7, kind: 'g' },
    ]);
  });

  it('backfill the batches of --event-time-start/--event-time-end only', async () => {
    const shop = await project();
    await shop.build();
    await shop.execute('update events set amount = 11 where id = 1');
    await shop.execute('update events set amount = 41 where id = 4');
    const backfill = await shop.build({ only: [MODEL], eventTimeStart: new Date('2025-01-01T00:00:00Z'), eventTimeEnd: new Date('2025-01-02T00:00:00Z') });
    expect(resultOf(backfill).batch_results).toEqual({ successful: [day('2025-01-01')], failed: [] });
    expect((await tableRows(shop)).map((row) => row.amount)).toEqual([11, 20, 30, 40, 50]);
  });

  it('rebuild from begin with --full-refresh, dropping rows no batch writes any more', async () => {
    const shop = await project();
    await shop.build();
    await shop.execute('delete from events where id = 2');
    const refreshed = await shop.build({ only: [MODEL], fullRefresh: true });
    expect(resultOf(refreshed).batch_results?.successful).toHaveLength(4);
    expect((await tableRows(shop)).map((row) => row.id)).toEqual([1, 3, 4, 5]);
  });

  it("fail a batch alone: dbt's partial success, batch_results, the other batches written, the downstream skipped, the run failed", async () => {
    const shop = await project({
      'seeds/events.csv': EVENTS.replace('3,2025-01-02 10:00:00,30,3', '3,2025-01-02 10:00:00,30,oops'),
      'models/downstream.sql': "select count(*) as n from {{ ref('daily') }}",
    });
    const events: RunEvent[] = [];
    const results = await shop.build({ onEvent: (event) => events.push(event) });
    const result = resultOf(results);
    expect([result.status, result.message]).toEqual(['partial success', 'PARTIAL SUCCESS (3/4)']);
    // each batch on its own line, as dbt prints them, and the failed batch's error in the summary
    const printed = events.flatMap(formatEvent).map((text) => text.replace(/ \.+ /, ' … ').replace(/\d+\.\d\ds/, 'Xs'));
    expect(printed.filter((text) => text.includes('Batch'))).toEqual([
      '    Batch 1 of 4 OK created batch 2025-01-01 of main.daily … [OK in Xs]',
      '    Batch 2 of 4 ERROR creating batch 2025-01-02 of main.daily … [ERROR in Xs]',
      '    Batch 3 of 4 OK created batch 2025-01-03 of main.daily … [OK in Xs]',
      '    Batch 4 of 4 OK created batch 2025-01-04 of main.daily … [OK in Xs]',
    ]);
    expect(printed).toContain('  3 of 4 PARTIALLY created incremental main.daily … [PARTIAL SUCCESS (3/4) in Xs]');
    const summary = formatSummary(results);
    expect(summary).toContain('Partial success of model daily (models/daily.sql)');
    expect(summary.find((text) => text.startsWith('  batch 2025-01-02: '))).toMatch(/oops/);
    expect(result.batch_results).toEqual({ successful: [day('2025-01-01'), day('2025-01-03'), day('2025-01-04')], failed: [day('2025-01-02')] });
    expect(result.batch_errors?.[0]).toMatch(/^2025-01-02: .*oops/);
    expect(resultOf(results, 'model.shop.downstream').status).toBe('skipped');
    expect(runFailed(results)).toBe(true);
    expect((await tableRows(shop)).map((row) => row.id)).toEqual([1, 2, 4, 5]);
    const written = JSON.parse(readFileSync(join(shop.dir, 'target/run_results.json'), 'utf8')) as { results: Record<string, unknown>[] };
    const entry = written.results.find((candidate) => candidate.unique_id === MODEL)!;
    expect([entry.status, entry.message]).toEqual(['partial success', 'PARTIAL SUCCESS (3/4)']);
    expect(entry.batch_results).toEqual({ successful: [day('2025-01-01'), day('2025-01-03'), day('2025-01-04')], failed: [day('2025-01-02')] });
  });

  it('skip the other batches when the first one fails (counted failed), an error', async () => {
    const shop = await project({ 'seeds/events.csv': EVENTS.replace('1,2025-01-01 01:00:00,10,1', '1,2025-01-01 01:00:00,10,oops') });
    const result = resultOf(await shop.build());
    expect(result.status).toBe('error');
    expect(result.batch_results).toEqual({ successful: [], failed: [day('2025-01-01'), day('2025-01-02'), day('2025-01-03'), day('2025-01-04')] });
    expect(result.message).toMatch(/^2025-01-01: .*oops/);
  });

  it("keep a batch's old rows when its write fails after the delete (one transaction per batch)", async () => {
    // in the batch of 2025-01-04 the code column is text that does not fit the table's integer column:
    // the staged rows build, the DELETE runs, the INSERT fails — and the DELETE is rolled back
    const shop = await project({
      'models/daily.sql': DAILY.replace('cast(e.code as integer) as code', "{% if model.batch.id == '20250104' and var('break', false) %}'x' || e.code{% else %}cast(e.code as integer){% endif %} as code"),
    });
    await shop.build();
    const loaded = await loadProject({ projectDir: shop.dir, profilesDir: shop.dir, env: {}, vars: { break: true } });
    const compiler = await compileProject(loaded, { flags: { which: 'run' }, nodeErrors: 'collect' });
    const adapter = open[0]!.adapter;
    const rerun = await runBuild({ compiler, adapter, select: [MODEL], command: 'run', threads: 1, targetDir: join(shop.dir, 'target'), invokedAt: NOON_JAN_4 });
    expect(resultOf(rerun).status, resultOf(rerun).message).toBe('partial success');
    expect(resultOf(rerun).batch_results).toEqual({ successful: [day('2025-01-03')], failed: [day('2025-01-04')] });
    expect(resultOf(rerun).batch_errors?.[0]).toMatch(/^2025-01-04: Conversion Error/);
    expect((await tableRows(shop)).map((row) => row.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('fail the model with dbt\'s message and a hint when begin is missing', async () => {
    const shop = await project({ 'models/daily.sql': DAILY.replace(", begin='2025-01-01'", '') });
    const result = resultOf(await shop.build());
    expect(result.status).toBe('error');
    expect(result.message).toContain("models/daily.sql:1: Microbatch model 'daily' must provide a 'begin' (datetime) config that indicates the earliest timestamp the microbatch model should be built from.");
    expect(result.hint).toContain("begin='2024-01-01'");
  });

  it("refuse a unique_key with dbt-duckdb's error", async () => {
    const shop = await project({ 'models/daily.sql': DAILY.replace("begin='2025-01-01'", "begin='2025-01-01', unique_key='id'") });
    const result = resultOf(await shop.build());
    expect(result.status).toBe('error');
    expect(result.message).toContain("microbatch incremental strategy does not support 'unique_key'. Microbatch runs delete+insert per batch based on 'event_time' and does not do key-based upserts.");
  });

  it('fail the model when batch_size is not one of hour, day, month, year', async () => {
    const shop = await project({ 'models/daily.sql': DAILY.replace("batch_size='day'", "batch_size='week'") });
    const result = resultOf(await shop.build());
    expect(result.message).toContain("Microbatch model 'daily' must provide a 'batch_size' config that is one of ['hour', 'day', 'month', 'year'], but got: week.");
  });

  it("write begin in the manifest as dbt does (an ISO datetime), so state comparison with dbt's manifest sees no change", async () => {
    const shop = await project({ 'models/hourly.sql': DAILY.replace("begin='2025-01-01'", "begin='2025-01-01 06:30'").replace("batch_size='day'", "batch_size='hour'") });
    const compiler = await compileProject(await loadProject({ projectDir: shop.dir, profilesDir: shop.dir, env: {} }), { flags: { which: 'parse' } });
    expect(compiler.manifest.nodes[MODEL]!.config.begin).toBe('2025-01-01T00:00:00');
    expect(compiler.manifest.nodes['model.shop.hourly']!.config.begin).toBe('2025-01-01T06:30:00');
    expect(compiler.manifest.nodes[MODEL]!.unrendered_config?.begin).toBe('2025-01-01');
  });

  it("refuse insert_overwrite with dbt-duckdb's error", async () => {
    const shop = await project({ 'models/over.sql': "{{ config(materialized='incremental', incremental_strategy='insert_overwrite') }}\nselect 1 as id" });
    await shop.build({ only: ['model.shop.over'] });
    const second = resultOf(await shop.build({ only: ['model.shop.over'] }), 'model.shop.over');
    expect(second.status).toBe('error');
    expect(second.message).toContain("The incremental strategy 'insert_overwrite' is not valid for this adapter");
    expect(second.hint).toContain("'microbatch'");
  });
});
