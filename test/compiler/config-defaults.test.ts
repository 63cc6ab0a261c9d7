import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { finalizeConfig, withDefaults } from '../../src/compiler/node-config.js';
import { sha256Text } from '../../src/compiler/hashes.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('config defaults under the user layers', () => {
  it('keeps the defaults key order, user values in place, then keys only the user set', () => {
    const config = withDefaults('model', { zeta: 1, materialized: 'table', tags: ['a'] });
    const keys = Object.keys(config);
    expect(keys.slice(0, 3)).toEqual(['enabled', 'alias', 'schema']);
    expect(keys.at(-1)).toBe('zeta');
    expect(keys.indexOf('materialized')).toBeLessThan(keys.indexOf('zeta'));
    expect(config.materialized).toBe('table');
    expect(config.tags).toEqual(['a']);
  });

  it('gives every node its own default lists and maps', () => {
    const first = finalizeConfig('model', {});
    const second = finalizeConfig('model', {});
    (first.meta as Record<string, unknown>).owner = 'ana';
    (first['pre-hook'] as unknown[]).push('select 1');
    expect(second.meta).toEqual({});
    expect(second['pre-hook']).toEqual([]);
    expect(finalizeConfig('model', {})['pre-hook']).toEqual([]);
  });

  it('merges docs, contract and meta over their defaults', () => {
    const config = withDefaults('model', { docs: { node_color: 'red' }, meta: { a: 1 } });
    expect(config.docs).toEqual({ show: true, node_color: 'red' });
    expect(config.meta).toEqual({ a: 1 });
  });
});

describe('remembered hashes of short texts', () => {
  it('gives sha256 for short and long texts, the same on a second call', () => {
    const short = '{{ test_not_null(**_dbt_generic_test_kwargs) }}';
    const long = `select ${'x, '.repeat(500)}1`;
    expect(sha256Text(short)).toBe(sha256(short));
    expect(sha256Text(short)).toBe(sha256(short));
    expect(sha256Text(long)).toBe(sha256(long));
  });
});
