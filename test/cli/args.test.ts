import { describe, expect, it } from 'vitest';
import { integerFlag, parseArgs, pullRequestFlag, type FlagSpec } from '../../src/cli/args.js';
import { parseVars } from '../../src/cli/session.js';

const flags: FlagSpec[] = [
  { name: 'select', alias: 's', kind: 'list', description: '' },
  { name: 'exclude', kind: 'list', description: '' },
  { name: 'full-refresh', kind: 'boolean', description: '' },
  { name: 'threads', kind: 'string', description: '' },
];

describe('parseArgs', () => {
  it('collects every word after a list flag up to the next flag', () => {
    const args = parseArgs(['build', '-s', 'stg_a', '+fct_b', '--exclude', 'tag:slow', '--full-refresh'], () => flags);
    expect(args.command).toBe('build');
    expect(args.flags.select).toEqual(['stg_a', '+fct_b']);
    expect(args.flags.exclude).toEqual(['tag:slow']);
    expect(args.flags['full-refresh']).toBe(true);
  });

  it('accepts --flag=value and repeated list flags', () => {
    const args = parseArgs(['run', '--threads=8', '-s', 'a', '--select', 'b'], () => flags);
    expect(args.flags.threads).toBe('8');
    expect(args.flags.select).toEqual(['a', 'b']);
  });

  it('reads global flags for every command', () => {
    const args = parseArgs(['ls', '--project-dir', 'examples/insurance', '-t', 'prod'], () => []);
    expect(args.flags['project-dir']).toBe('examples/insurance');
    expect(args.flags.target).toBe('prod');
  });

  it('rejects an unknown option with a hint naming the command', () => {
    expect(() => parseArgs(['run', '--selekt', 'a'], () => flags)).toThrow(/unknown option '--selekt' for 'dailies run'/);
  });

  it('rejects a string flag without a value', () => {
    expect(() => parseArgs(['run', '--threads'], () => flags)).toThrow(/needs a value/);
  });
});

describe('parseVars', () => {
  it('parses YAML and JSON mappings', () => {
    expect(parseVars("{start_date: '2024-01-01', limit: 10}")).toEqual({ start_date: '2024-01-01', limit: 10 });
    expect(parseVars('{"a": [1, 2]}')).toEqual({ a: [1, 2] });
  });

  it('rejects a scalar with a hint', () => {
    expect(() => parseVars('42')).toThrow(/must be a mapping/);
  });
});

describe('--pr', () => {
  const pr = (value: string) => pullRequestFlag(parseArgs(['ci', `--pr=${value}`], () => [{ name: 'pr', kind: 'string', description: '' }]));

  it('takes decimal pull request numbers', () => {
    expect(pr('7')).toBe(7);
    expect(pr('12345')).toBe(12345);
    expect(pr('999999999')).toBe(999999999);
  });

  it('refuses anything else instead of reading it as another number', () => {
    for (const value of ['0b111', '0x10', '0o7', '1e3', ' 7', '7 ', '-1', '+7', '0', '007', '7.0', '1_000', '', '١٢', '1000000000', '99999999999999999999']) {
      expect(() => pr(value), JSON.stringify(value)).toThrow(/--pr must be a pull request number/);
    }
  });
});

describe('whole-number options', () => {
  it('take decimal digits only', () => {
    const parse = (value: string) => integerFlag(parseArgs(['build', `--threads=${value}`], () => flags), 'threads');
    expect(parse('4')).toBe(4);
    for (const value of ['0x10', '1e3', ' 7', '0', '-1', '2.0']) expect(() => parse(value), value).toThrow(/takes a whole number of at least 1/);
  });
});
