import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffModel } from '../../../src/review/diff/index.js';
import { keyedDiffSql, duplicateKeysSql } from '../../../src/review/diff/keyed-sql.js';
import { keylessCountsSql } from '../../../src/review/diff/keyless-sql.js';
import type { Adapter, QueryResult } from '../../../src/warehouse/adapter.js';
import { openDiffWarehouse, pr, prod, type DiffWarehouse } from './helpers.js';

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const keyedPlan = {
  prodSql: '"prod"."t"',
  prSql: '"pr"."t"',
  quote,
  keys: [{ prod: 'id', pr: 'id', asText: false }],
  compared: [
    { name: 'a', prName: 'a', asText: false, retyped: false, commonType: null },
    { name: 'b', prName: 'B', asText: true, retyped: true, commonType: null },
    { name: 'n', prName: 'n', asText: false, retyped: true, commonType: 'DECIMAL(13,2)' },
    { name: 'f', prName: 'f', asText: false, retyped: true, commonType: null },
  ],
  hash: (expressions: string[]) => `HASHFN(${expressions.join(', ')})`,
};

describe('diff SQL', () => {
  const texts = [
    keyedDiffSql(keyedPlan, { prodColumns: ['id', 'a', 'b', 'n', 'f'], prColumns: ['id', 'a', 'B', 'n', 'f'] }, 5),
    duplicateKeysSql(keyedPlan),
    keylessCountsSql({ ...keyedPlan, hashExpression: (expressions) => `HASHFN(${expressions.join(', ')})` }),
  ];

  it('uses no DuckDB-only syntax (it must run on Snowflake too)', () => {
    for (const sql of texts) {
      expect(sql).not.toMatch(/::|filter\s*\(\s*where|qualify|any_value|\bhash\(|group by \d|count_if|list\(|string_agg|struct/i);
    }
  });

  it('compares null-safely and casts retyped columns to text', () => {
    expect(texts[0]).toContain('is distinct from');
    expect(texts[0]).toContain('cast("B" as varchar)');
    expect(texts[0]).toMatch(/full outer join r on p\."pk0" = r\."rk0"/);
  });

  it('joins production with the PR reduced to key, one row hash (retyped columns as one type on both sides) and the numeric retypes without a common type, then reads only the kept PR rows', () => {
    const lines = texts[0]!.split('\n');
    expect(lines).toContain('r as (select 1 as "__dailies_pr_present", "id" as "rk0", "f" as "rc3", HASHFN("a", cast("B" as varchar), cast("n" as DECIMAL(13,2))) as "__dailies_pr_hash" from "pr"."t"),');
    expect(texts[0]).toContain('HASHFN("a", cast("b" as varchar), cast("n" as DECIMAL(13,2))) as "__dailies_prod_hash"');
    expect(texts[0]).toContain('p."pc3" is distinct from r."rc3"');
    expect(texts[0]).toContain('where exists (select 1 from j where j."rk0" = "id")');
  });
});

describe('diffModel warehouse work', () => {
  let warehouse: DiffWarehouse;
  let statements: string[];
  let largestResult: number;
  let counting: Adapter;
  beforeAll(async () => {
    warehouse = await openDiffWarehouse();
    await warehouse.adapter.execute(`create table prod.big as select i as id, i % 7 as v from range(5000) t(i)`);
    await warehouse.adapter.execute(`create table pr.big as select i as id, case when i % 10 = 0 then -1 else i % 7 end as v from range(100, 5100) t(i)`);
    await warehouse.adapter.execute(`create table prod.dup as select * from (values (1, 'a'), (2, 'b')) t(id, v)`);
    await warehouse.adapter.execute(`create table pr.dup as select * from (values (1, 'a'), (1, 'a'), (2, 'b')) t(id, v)`);
    const base = warehouse.adapter;
    counting = new Proxy(base, {
      get(target, property, receiver) {
        if (property === 'execute') {
          return async (sql: string, params?: unknown[]): Promise<QueryResult> => {
            statements.push(sql);
            const result = await target.execute(sql, params);
            largestResult = Math.max(largestResult, result.rows.length);
            return result;
          };
        }
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  });
  afterAll(async () => {
    await warehouse.cleanup();
  });

  const run = (name: string, primaryKey: string[] | null) => {
    statements = [];
    largestResult = 0;
    return diffModel(counting, { uniqueId: `model.p.${name}`, name, prod: prod(name), pr: pr(name), primaryKey, primaryKeySource: 'test', sampleSize: 3 });
  };

  it('diffs by key in one query that returns only a few rows', async () => {
    const diff = await run('big', ['id']);
    expect(diff.keyed).toMatchObject({ added: 100, removed: 100, changed: 490, unchanged: 4410 });
    expect(statements).toHaveLength(1);
    expect(largestResult).toBeLessThanOrEqual(9);
  });

  it('diffs without a key in one query', async () => {
    const diff = await run('big', null);
    expect(diff.keyless).toEqual({ onlyInProd: 590, onlyInPr: 590 });
    expect(statements).toHaveLength(1);
    expect(largestResult).toBe(1);
  });

  it('adds one query to count duplicate keys only when the counts show some', async () => {
    const diff = await run('dup', ['id']);
    expect(statements).toHaveLength(2);
    expect(diff.keyed!.duplicateKeys).toEqual({ prod: 0, pr: 2 });
  });
});
