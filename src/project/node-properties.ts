/**
 * Property-file entries for models, seeds, snapshots and analyses, with their columns and tests.
 * Descriptions stay raw (they may hold `{{ doc('x') }}`); the compiler renders them.
 */
import type { ColumnProperties, NodeProperties, TestDefinition } from './types.js';
import { describe, isPlainMap, type ShapeChecker, type YamlMap } from './yaml-shapes.js';
import { readModelVersions } from './model-versions.js';

export const NODE_SECTIONS = { models: 'model', seeds: 'seed', snapshots: 'snapshot', analyses: 'analysis' } as const;
export type NodeSection = keyof typeof NODE_SECTIONS;

/** `tests:` and `data_tests:` of an entry, merged (dbt accepts both). */
export function readTests(shapes: ShapeChecker, owner: YamlMap, where: string): TestDefinition[] {
  const tests: TestDefinition[] = [];
  for (const key of Object.keys(owner).filter((name) => name === 'tests' || name === 'data_tests')) {
    const list = shapes.list(owner, key, where);
    list.forEach((raw, index) => {
      if (typeof raw !== 'string' && !isPlainMap(raw)) {
        shapes.fail(list, String(index), `A test of ${where} must be a test name or a mapping, not ${describe(raw)}`, 'Write `- unique` or `- accepted_values: {values: [a, b]}`.');
      }
      if (isPlainMap(raw) && Object.keys(raw).length === 0) {
        shapes.fail(list, String(index), `An empty test entry in ${where}`, 'Write the test name, e.g. `- not_null`.');
      }
      tests.push({ raw, place: shapes.yaml.placeOfKey(list, String(index)) });
    });
  }
  return tests;
}

export function readMeta(shapes: ShapeChecker, owner: YamlMap, where: string): Record<string, unknown> {
  return shapes.map(owner, 'meta', where);
}

export function readColumns(shapes: ShapeChecker, owner: YamlMap, where: string): ColumnProperties[] {
  return shapes.namedEntries(owner, 'columns', where).map((column) => {
    const name = String(column.name);
    const at = `column "${name}" of ${where}`;
    const dataType = shapes.optionalString(column, 'data_type', at);
    const quote = shapes.optionalBoolean(column, 'quote', at);
    const result: ColumnProperties = {
      name,
      description: shapes.string(column, 'description', at),
      constraints: shapes.list(column, 'constraints', at),
      meta: readMeta(shapes, column, at),
      tags: shapes.stringList(column, 'tags', at),
      tests: readTests(shapes, column, at),
      place: shapes.yaml.placeOf(column),
    };
    if (dataType !== undefined) {
      result.dataType = dataType;
      result.dataTypePlace = shapes.yaml.placeOfKey(column, 'data_type');
    }
    if (quote !== undefined) result.quote = quote;
    return result;
  });
}

/**
 * dbt moves an entry's top-level `meta`, `docs`, `group`, `contract` and `access` into its
 * `config:` (in that order, after the keys `config:` has; dbt refuses a key written in both
 * places, dailies keeps the `config:` one), so they reach the node's config and unrendered_config.
 */
function withTopLevelConfig(config: Record<string, unknown>, entry: YamlMap): Record<string, unknown> {
  let out = config;
  for (const key of ['meta', 'docs', 'group', 'contract', 'access']) {
    const value = entry[key];
    if (value === undefined || key in config) continue;
    if (out === config) out = { ...config };
    out[key] = value;
  }
  return out;
}

export function readNodeEntries(shapes: ShapeChecker, top: YamlMap, section: NodeSection, packageName: string): NodeProperties[] {
  const resourceType = NODE_SECTIONS[section];
  return shapes.namedEntries(top, section, `\`${section}:\``).map((entry) => {
    const name = String(entry.name);
    const where = `${resourceType} "${name}"`;
    const node: NodeProperties = {
      resourceType,
      name,
      packageName,
      description: shapes.string(entry, 'description', where),
      config: withTopLevelConfig(shapes.map(entry, 'config', where), entry),
      columns: readColumns(shapes, entry, where),
      tests: readTests(shapes, entry, where),
      constraints: shapes.list(entry, 'constraints', where),
      meta: readMeta(shapes, entry, where),
      tags: shapes.stringList(entry, 'tags', where),
      place: shapes.yaml.placeOf(entry),
    };
    if (entry.docs !== undefined && entry.docs !== null) {
      const docs = shapes.map(entry, 'docs', where);
      const show = shapes.optionalBoolean(docs, 'show', `\`docs\` of ${where}`);
      node.docs = show === undefined ? {} : { show };
    }
    const relation = shapes.optionalString(entry, 'relation', where);
    if (relation !== undefined) node.relation = relation;
    if (resourceType === 'model') readModelVersions(shapes, entry, node, readColumns, readTests);
    return node;
  });
}
