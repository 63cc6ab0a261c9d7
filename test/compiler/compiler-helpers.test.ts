import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { collectCtes, injectCtes } from '../../src/compiler/ephemeral-ctes.js';
import { synthesizeTestNames, testHash, pyRepr } from '../../src/compiler/test-names.js';
import { closestName, lineOfCall, normalizeRaw } from '../../src/compiler/source-lines.js';
import { findCycle } from '../../src/compiler/cycles.js';

describe('ephemeral CTE injection', () => {
  const cte = [{ sql: ' __dbt__cte__e as (\nselect 1\n)' }];

  it('prepends a WITH to SQL that has none, as dbt does', () => {
    expect(injectCtes('\nselect * from __dbt__cte__e', cte)).toBe('\nwith __dbt__cte__e as (\nselect 1\n)select * from __dbt__cte__e');
  });

  it('merges into an existing leading WITH (after comments), keeping RECURSIVE first', () => {
    expect(injectCtes('-- note\nWITH a as (select 1) select * from a', cte)).toBe('-- note\nWITH __dbt__cte__e as (\nselect 1\n), a as (select 1) select * from a');
    expect(injectCtes('with recursive r as (select 1) select 1', cte)).toBe('with recursive __dbt__cte__e as (\nselect 1\n), r as (select 1) select 1');
  });

  it('collects nested ephemeral parents first and each only once', () => {
    const sources: Record<string, { alias: string; sql: string; parents: string[] }> = {
      a: { alias: 'a', sql: 'select 1', parents: [] },
      b: { alias: 'b', sql: 'select * from __dbt__cte__a', parents: ['a'] },
    };
    const ctes = collectCtes(['b', 'a'], (id) => ({ uniqueId: id, alias: sources[id].alias, sql: sources[id].sql, ephemeralParents: sources[id].parents }));
    expect(ctes.map((item) => item.id)).toEqual(['a', 'b']);
    expect(ctes[1].sql).toBe(' __dbt__cte__b as (\nselect * from __dbt__cte__a\n)');
  });
});

describe('generic test names', () => {
  it('joins sorted arguments like dbt', () => {
    expect(synthesizeTestNames('not_null', 'orders', { column_name: 'id', model: 'x' })[0]).toBe('not_null_orders_id');
    expect(synthesizeTestNames('accepted_values', 'orders', { column_name: 'status', values: ['a', 'b'] })[0]).toBe('accepted_values_orders_status__a__b');
    expect(synthesizeTestNames('relationships', 'orders', { column_name: 'customer_id', to: "ref('customers')", field: 'id' })[0]).toBe(
      'relationships_orders_customer_id__id__ref_customers_',
    );
  });

  it('truncates names of 64 characters or more and appends the md5 of the full name', () => {
    const [short, full] = synthesizeTestNames('accepted_values', 'a_rather_long_model_name', { column_name: 'status', values: ['placed', 'shipped', 'completed'] });
    expect(full).toBe('accepted_values_a_rather_long_model_name_status__placed__shipped__completed');
    expect(short).toBe(`${'accepted_values_a_rather_long_model_name'.slice(0, 30)}_${createHash('md5').update(full).digest('hex')}`);
  });

  it('hashes metadata the way Python repr prints it', () => {
    expect(pyRepr({ a: ['x', "it's"], b: 'None' })).toBe(`{'a': ['x', "it's"], 'b': 'None'}`);
    const hash = testHash('not_null_orders_id', { name: 'not_null', kwargs: { column_name: 'id' }, namespace: null });
    expect(hash).toMatch(/^[0-9a-f]{10}$/);
    expect(hash).not.toBe(testHash('not_null_orders_id', { name: 'not_null', kwargs: { column_name: 'id2' }, namespace: null }));
  });
});

describe('source helpers', () => {
  it('finds the line of a ref call, with or without a package', () => {
    expect(lineOfCall('select 1\nfrom {{ ref("a") }}\njoin {{ ref( \'pkg\', "b") }}', 'ref', 'b')).toBe(3);
    expect(lineOfCall('x\ny', 'ref', 'zzz', 5)).toBe(5);
  });

  it('suggests the closest name only when it is a plausible typo', () => {
    expect(closestName('ordrs', ['customers', 'orders'])).toBe('orders');
    expect(closestName('payments', ['customers', 'orders'])).toBeUndefined();
  });

  it('normalises comments and whitespace away', () => {
    expect(normalizeRaw('select  1 -- one\n/* block */ {# jinja #}\n  from t')).toBe('select 1 from t');
  });

  it('finds a cycle and returns its path', () => {
    const parents: Record<string, string[]> = { a: ['b'], b: ['c'], c: ['a'], d: [] };
    const cycle = findCycle(Object.keys(parents), (id) => parents[id]);
    expect(cycle).toHaveLength(4);
    expect(cycle?.[0]).toBe(cycle?.[3]);
    expect(findCycle(['d'], (id) => parents[id])).toBeNull();
  });
});

describe('sorted JSON for config checksums', () => {
  it('matches JSON.stringify of a key-sorted copy and ignores key order', async () => {
    const { sortedJson } = await import('../../src/compiler/node-config.js');
    expect(sortedJson({ b: [1, { d: null, c: 'x' }], a: true, u: undefined })).toBe('{"a":true,"b":[1,{"c":"x","d":null}]}');
    expect(sortedJson({ x: 1, y: 2 })).toBe(sortedJson({ y: 2, x: 1 }));
  });
});
