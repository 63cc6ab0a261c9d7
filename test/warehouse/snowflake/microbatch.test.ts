/**
 * dbt-snowflake's microbatch and insert_overwrite strategies on the Snowflake stand-in, with the
 * rows of the DuckDB test (test/run/microbatch.test.ts): a first build from begin and a lookback
 * rerun give the same table; each batch's DELETE (dbt-snowflake's DBT_INTERNAL_TARGET bounds with
 * to_timestamp_tz) and INSERT run in one transaction; insert_overwrite replaces the whole table
 * in one `insert overwrite into` statement.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../../src/compiler/index.js';
import { loadProject } from '../../../src/project/index.js';
import { runBuild, type RunResults } from '../../../src/run/index.js';
import type { Adapter } from '../../../src/warehouse/adapter.js';
import { skipReason, useSnowflake } from './helpers.js';

const files: Record<string, string> = {
  'dbt_project.yml': 'name: shop\nprofile: shop\nversion: "1.0"\nseeds:\n  shop:\n    events:\n      +event_time: event_at\n',
  'seeds/events.csv': [
    'id,event_at,amount,code',
    '1,2025-01-01 01:00:00,10,1',
    '2,2025-01-01 05:00:00,20,2',
    '3,2025-01-02 10:00:00,30,3',
    '4,2025-01-03 23:59:59,40,4',
    '5,2025-01-04 08:00:00,50,5',
    '6,2025-01-05 08:00:00,60,6',
  ].join('\n'),
  'seeds/kinds.csv': 'id,kind\n1,a\n2,b\n3,c\n4,d\n5,e\n6,f\n7,g\n',
  'models/daily.sql': `{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='event_at', batch_size='day', begin='2025-01-01') }}
select e.id, e.event_at, e.amount, cast(e.code as integer) as code, k.kind
from {{ ref('events') }} e left join {{ ref('kinds') }} k on k.id = e.id
`,
  'models/over.sql': "{{ config(materialized='incremental', incremental_strategy='insert_overwrite') }}\nselect id, amount from {{ ref('events') }} where amount > {{ var('min_amount', 0) }}",
};
const NOON_JAN_4 = new Date('2025-01-04T12:00:00Z');
const day = (date: string, next: string): [string, string] => [`${date}T00:00:00+00:00`, `${next}T00:00:00+00:00`];

describe.skipIf(skipReason !== null)('microbatch and insert_overwrite on Snowflake (stand-in)', () => {
  const world = useSnowflake();
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dailies-sf-microbatch-'));
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function build(adapter: Adapter, schema: string, select: string[] | null, vars: Record<string, unknown> = {}): Promise<RunResults> {
    const target = world.target({ schema });
    writeFileSync(join(dir, 'profiles.yml'), JSON.stringify({ shop: { target: 'sf', outputs: { sf: { ...target, name: undefined } } } }));
    const project = await loadProject({ projectDir: dir, env: {}, vars });
    const compiler = await compileProject(project, { adapter, nodeErrors: 'collect' });
    return runBuild({ compiler, adapter, select: select ?? Object.keys(compiler.manifest.nodes), command: 'build', threads: 1, targetDir: join(dir, 'target'), invokedAt: NOON_JAN_4 });
  }

  it('builds a microbatch model batch by batch and reruns its lookback window, the rows DuckDB gives', async () => {
    const schema = world.schema('MB');
    const adapter = await world.open({ schema });
    const first = await build(adapter, schema, null);
    const model = () => first.results.find((result) => result.unique_id === 'model.shop.daily')!;
    expect([model().status, model().message]).toEqual(['success', 'SUCCESS']);
    expect(model().batch_results?.successful).toEqual([day('2025-01-01', '2025-01-02'), day('2025-01-02', '2025-01-03'), day('2025-01-03', '2025-01-04'), day('2025-01-04', '2025-01-05')]);
    const rows = async () => (await adapter.execute(`select id, amount, code, kind from "DAILIES"."${schema}"."DAILY" order by id`)).rows.map((row) => [Number(row.id), Number(row.amount), Number(row.code), row.kind]);
    expect(await rows()).toEqual([
      [1, 10, 1, 'a'],
      [2, 20, 2, 'b'],
      [3, 30, 3, 'c'],
      [4, 40, 4, 'd'],
      [5, 50, 5, 'e'],
    ]);

    await adapter.execute(`update "DAILIES"."${schema}"."EVENTS" set amount = 11 where id = 1`);
    await adapter.execute(`update "DAILIES"."${schema}"."EVENTS" set amount = 41 where id = 4`);
    await adapter.execute(`insert into "DAILIES"."${schema}"."EVENTS" values (7, '2025-01-03 12:00:00', 70, '7')`);
    await world.standIn?.resetStatements();
    const rerun = await build(adapter, schema, ['model.shop.daily']);
    const result = rerun.results[0]!;
    expect([result.status, result.message]).toEqual(['success', 'SUCCESS']);
    expect(result.batch_results?.successful).toEqual([day('2025-01-03', '2025-01-04'), day('2025-01-04', '2025-01-05')]);
    expect(await rows()).toEqual([
      [1, 10, 1, 'a'],
      [2, 20, 2, 'b'],
      [3, 30, 3, 'c'],
      [4, 41, 4, 'd'],
      [5, 50, 5, 'e'],
      [7, 70, 7, 'g'],
    ]);
    if (world.standIn) {
      const writes = (await world.standIn.statements()).filter((entry) => entry.queryTag?.endsWith('model.shop.daily')).map((entry) => entry.sql);
      const deletes = writes.filter((sql) => sql.startsWith('delete'));
      expect(deletes[0]).toMatch(
        /^delete from .*"DAILY" DBT_INTERNAL_TARGET\nwhere \(DBT_INTERNAL_TARGET\.event_at >= to_timestamp_tz\('2025-01-03 00:00:00\+00:00'\) and DBT_INTERNAL_TARGET\.event_at < to_timestamp_tz\('2025-01-04 00:00:00\+00:00'\)\)$/,
      );
      const around = writes.slice(writes.indexOf(deletes[0]!) - 1, writes.indexOf(deletes[0]!) + 3).map((sql) => sql.split(/\s/)[0]!.toLowerCase());
      expect(around).toEqual(['begin', 'delete', 'insert', 'commit']);
    }
  });

  it('replaces the whole table with insert_overwrite in one statement', async () => {
    const schema = world.schema('IO');
    const adapter = await world.open({ schema });
    await build(adapter, schema, null);
    await world.standIn?.resetStatements();
    const second = await build(adapter, schema, ['model.shop.over'], { min_amount: 25 });
    expect(second.results.map((result) => [result.status, result.message])).toEqual([['success', 'OK']]);
    const rows = (await adapter.execute(`select id, amount from "DAILIES"."${schema}"."OVER" order by id`)).rows.map((row) => [Number(row.id), Number(row.amount)]);
    expect(rows).toEqual([
      [3, 30],
      [4, 40],
      [5, 50],
      [6, 60],
    ]);
    if (world.standIn) {
      const writes = (await world.standIn.statements()).filter((entry) => entry.queryTag?.endsWith('model.shop.over')).map((entry) => entry.sql);
      expect(writes.filter((sql) => /^insert overwrite into /.test(sql))).toHaveLength(1);
    }
  });
});
