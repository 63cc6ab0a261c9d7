import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LocatedYaml } from '../../src/project/yaml-source.js';
import { parseYaml } from '../../src/project/yaml-source.js';
import { parseYamlExact } from '../../src/project/yaml-exact.js';
import { parseYamlFast } from '../../src/project/yaml-fast.js';

const repoRoot = join(import.meta.dirname, '..', '..');

/** Every place the exact path knows, as `path → line`, walking the value as the readers do. */
function places(yaml: LocatedYaml): Record<string, number | undefined> {
  const out: Record<string, number | undefined> = {};
  const walk = (value: unknown, path: string): void => {
    if (value === null || typeof value !== 'object') return;
    out[path] = yaml.placeOf(value).line;
    const keys = Array.isArray(value) ? value.map((_, index) => String(index)) : Object.keys(value);
    for (const key of keys) {
      out[`${path}/${key}`] = yaml.placeOfKey(value, key).line;
      walk((value as Record<string, unknown>)[key], `${path}/${key}`);
    }
  };
  walk(yaml.value, '');
  return out;
}

function expectSameAsExact(text: string, label: string): LocatedYaml | undefined {
  const fast = parseYamlFast(text, label);
  if (fast === undefined) return undefined;
  const exact = parseYamlExact(text, label);
  expect(fast.value, label).toEqual(exact.value);
  expect(places(fast), label).toEqual(places(exact));
  return fast;
}

function yamlFilesUnder(dir: string): string[] {
  const found: string[] = [];
  const visit = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.') || entry.name === 'target') continue;
      const path = join(current, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (/\.ya?ml$/.test(entry.name)) found.push(path);
    }
  };
  visit(dir);
  return found;
}

const PROPERTY_FILE = `version: 2

models:
  - name: orders   # trailing comment
    description: >
      Folded text
      over two lines.
    config:
      materialized: incremental
      tags: [daily, 'finance']
      meta: {owner: "a@b.c", 1: one}
    columns:
      - name: id
        data_tests:
          - unique
          - not_null:
              where: "id > 0"
          - accepted_values:
              values: [Y, N, yes, off, 1:20, 2024-01-31, 0o17, 017, 0x1F, 1_000, 1e3, .5, .inf, ~, null, '']

      -
        name: status
        description: |
          Literal
            block
        tests: []
  - {name: customers, description: "flow \\"entry\\"", columns: [{name: id}]}
sources:
  - name: raw
    schema: "{{ target.schema }}"
    tables:
      - name: orders
        loaded_at_field: _loaded_at
        freshness:
          warn_after: {count: 12, period: hour}
`;

describe('the fast YAML path', () => {
  it('reads an ordinary property file itself, with the values and lines of the exact path', () => {
    const fast = expectSameAsExact(PROPERTY_FILE, 'models/schema.yml');
    expect(fast, 'the fast path declined an ordinary property file').toBeDefined();
    const models = (fast!.value as { models: { columns: { data_tests?: unknown[] }[] }[] }).models;
    expect(fast!.placeOf(models[0])).toEqual({ file: 'models/schema.yml', line: 4 });
    expect(fast!.placeOfKey(models[0]!.columns[0]!.data_tests, '1')).toEqual({ file: 'models/schema.yml', line: 16 });
    expect(fast!.placeOf(models[1])).toEqual({ file: 'models/schema.yml', line: 27 });
  });

  it("resolves scalars like dbt's PyYAML: yes/on booleans, YAML 1.1 numbers, dates and Y/N as text", () => {
    const fast = parseYamlFast('a: [yes, On, NO, off, y, n, Y, 017, 0x1F, 1_000, 2024-01-31, 1:20, .5, ~, "yes"]\n', 'f.yml');
    expect(fast?.value).toEqual({ a: [true, true, false, false, 'y', 'n', 'Y', 15, 31, 1000, '2024-01-31', '1:20', 0.5, null, 'yes'] });
  });

  it("reads floats where PyYAML does, on both paths: `.`, `+.5`, `1e3` and `1.0e3` stay text (`path: .` is not NaN)", () => {
    // the values PyYAML 6 (dbt's) gives for the same text
    const text = 'a: [., 1.5, 1e3, 1.0e+3, +.5, .5, .inf, -.inf, 1., 1_000.5, 1.0e3, -2.5]\n';
    const expected = { a: ['.', 1.5, '1e3', 1000, '+.5', 0.5, Infinity, -Infinity, 1, 1000.5, '1.0e3', -2.5] };
    expect(parseYamlFast(text, 'f.yml')?.value).toEqual(expected);
    expect(parseYamlExact(text, 'f.yml').value).toEqual(expected);
  });

  it.each([
    ['anchors and aliases', 'base: &b {p: 1}\nx:\n  <<: *b\n  q: 2\n'],
    ['duplicate keys (last wins)', 'a: 1\na: 2\n'],
    ['explicit tags', 'a: !!str 12\n'],
    ['explicit keys', '? a\n: 1\n'],
    ['an inline merge key', 'x:\n  <<: {p: 1}\n  q: 2\n'],
    ['an empty list item', 'a:\n  -\n  - b\n'],
    ['an empty document', '# only a comment\n'],
    ['quoted text over several lines', 'a: "multi\n  line quoted"\n'],
    ['flow collections over several lines', 'a: [\n  1,\n  2\n]\n'],
    ['a single-pair mapping inside a flow list', 'a: [x, ? y]\n'],
    ['malformed YAML', 'a: 1\nb: [1, 2\nc: 3\n'],
  ])('leaves %s to the exact path', (_label, text) => {
    expect(parseYamlFast(text, 'f.yml')).toBeUndefined();
  });

  it('gives the same result as the exact path through parseYaml for files the fast path declines', () => {
    const text = 'base: &b {p: 1, q: 2}\nx:\n  <<: *b\n  q: 3\n';
    expect(parseYaml(text, 'f.yml').value).toEqual({ base: { p: 1, q: 2 }, x: { p: 1, q: 3 } });
    expect(parseYaml('a: 1\na: 2\n', 'f.yml').value).toEqual({ a: 2 });
  });

  it.each([
    ['a BOM', '\uFEFFa: 1\nb:\n  - x\n'],
    ['CRLF line ends', 'a: 1\r\nb:\r\n  - x\r\n  - y: 2\r\n    z: 3\r\n'],
    ['a document start and comments between entries', '--- # c\nmodels:\n\n\n  # comment\n  - name: a\n    columns:\n      # c\n      - name: b\n'],
    ['nested lists', 'a:\n  - - x\n    - y\n  - - z\n'],
    ['multi-line plain text', 'a: multi\n  line plain\nb:\n  - d\n'],
    ['items whose content starts on the next line', 'a:\n  - # comment\n    name: x\n  -\n    name: y\n'],
    ['lists at the indentation of their key', 'a:\n- x\n- y\nb:\n- {c: 1}\n'],
    ['block scalars as list items', 'list:\n  - |\n    text\n  - >-\n    more\n  - x\n'],
    ['a top-level list', '- a\n- b: c\n  d: e\n-\n  - f\n'],
  ])('agrees with the exact path on %s', (label, text) => {
    expect(expectSameAsExact(text, label), 'the fast path declined it').toBeDefined();
  });

  it('agrees with the exact path on 2,000 slightly broken documents: same values and lines, or the same rejection', () => {
    const seeds = [PROPERTY_FILE, 'a: 1\nb:\n  - x\n  - {k: v, l: [1, 2]}\nc: "q"\nd: >\n  folded\n  text\ne: |\n  lit\n'];
    const pieces = [':', '-', ' ', '\n', '"', "'", '#', '[', ']', '{', '}', '|', '>', ',', '?', '\t', 'x', '0', '~', 'yes', '1:2'];
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let handled = 0;
    for (let round = 0; round < 2000; round++) {
      let text = seeds[random(seeds.length)]!;
      const at = random(text.length + 1);
      const edit = random(3);
      if (edit === 0) text = text.slice(0, at) + pieces[random(pieces.length)]! + text.slice(at);
      else if (edit === 1) text = text.slice(0, at) + text.slice(at + 1 + random(3));
      else text = `${text.slice(0, at)}\n${' '.repeat(random(6))}${text.slice(at)}`;
      if (parseYamlFast(text, 'f.yml') === undefined) continue;
      expect(() => parseYamlExact(text, 'f.yml'), `the fast path accepted ${JSON.stringify(text)}`).not.toThrow();
      expectSameAsExact(text, JSON.stringify(text));
      handled++;
    }
    expect(handled).toBeGreaterThan(200);
  });

  it("agrees with the exact path on every YAML file of the repository's projects and fixtures", () => {
    const files = [...yamlFilesUnder(join(repoRoot, 'test', 'fixtures')), ...yamlFilesUnder(join(repoRoot, 'models')), join(repoRoot, 'dbt_project.yml')];
    expect(files.length).toBeGreaterThan(10);
    let fastCount = 0;
    for (const path of files) {
      if (expectSameAsExact(readFileSync(path, 'utf8'), relative(repoRoot, path))) fastCount++;
    }
    expect(fastCount).toBeGreaterThan(files.length / 2);
  });
});
