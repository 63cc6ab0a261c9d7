import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { configChecksum } from '../../src/compiler/checksums.js';
import { md5, sha256 } from '../../src/compiler/hashes.js';
import { sortedJson } from '../../src/compiler/node-config.js';
import { sortStrings } from '../../src/compiler/sort-strings.js';
import { normalizeRaw } from '../../src/compiler/source-lines.js';
import { pyRepr } from '../../src/compiler/test-names.js';

/** The definitions these helpers replaced, kept to pin that the faster ones give the same text. */
const reference = {
  normalizeRaw: (raw: string): string =>
    raw
      .replace(/\{#[\s\S]*?#\}/g, ' ')
      .replace(/\/\*[\s\S]*?\*\//g, ' ')
      .replace(/--[^\n]*/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  pyString: (value: string): string => {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const escaped = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
    return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote;
  },
};

describe('the cheaper helpers of a cold compile', () => {
  it('hashes like a Hash object does', () => {
    for (const text of ['', 'select 1', 'é ü — ✓', 'x'.repeat(10_000)]) {
      expect(sha256(text)).toBe(createHash('sha256').update(text).digest('hex'));
      expect(md5(text)).toBe(createHash('md5').update(text).digest('hex'));
    }
    expect(sha256(Buffer.from('a,b\n1,2\n'))).toBe(createHash('sha256').update('a,b\n1,2\n').digest('hex'));
  });

  it('gives every config the checksum of its key-sorted JSON, equal configs written in any key order alike', () => {
    const config = { materialized: 'view', tags: ['a'], meta: { z: 1, a: [2, { y: null, b: 'x' }] }, alias: null };
    const reordered = { alias: null, meta: { a: [2, { b: 'x', y: null }], z: 1 }, tags: ['a'], materialized: 'view' };
    expect(configChecksum(config)).toBe(sha256(sortedJson(config)));
    expect(configChecksum(config)).toBe(configChecksum(config));
    expect(configChecksum(reordered)).toBe(configChecksum(config));
    expect(configChecksum({ ...config, materialized: 'table' })).not.toBe(configChecksum(config));
  });

  it('sorts short and long string lists in place as the default sort does', () => {
    const short = ['macro.b', 'macro.a', 'Z', 'macro.a_b', '', 'é'];
    expect(sortStrings([...short])).toEqual([...short].sort());
    const long = Array.from({ length: 40 }, (_, index) => `m${(index * 7919) % 97}`);
    const list = [...long];
    expect(sortStrings(list)).toBe(list);
    expect(list).toEqual([...long].sort());
  });

  it('normalises raw code exactly as the four regular expressions did', () => {
    const samples = [
      'select  1 -- one\n/* block */ {# jinja #}\n  from t',
      'select 1',
      '  \n\t select\u00a0a ,b\r\nfrom t  ',
      '-- a {# b\n c #} d\nselect 1',
      'select a---b, c /* -- not a line comment */ from t -- tail',
      '{# /* #} x */ y',
      '/* {# */ x #} z',
      '',
    ];
    for (const raw of samples) expect(normalizeRaw(raw), JSON.stringify(raw)).toBe(reference.normalizeRaw(raw));
  });

  it("prints strings as Python's repr() did, with and without characters to escape", () => {
    for (const text of ['plain', '', "it's", 'say "hi"', `both ' and "`, 'back\\slash', 'new\nline\ttab']) {
      expect(pyRepr(text), text).toBe(reference.pyString(text));
    }
    expect(pyRepr({ b: [1, 'x'], a: { c: null, d: true } })).toBe("{'b': [1, 'x'], 'a': {'c': None, 'd': True}}");
  });
});
