/**
 * Property-file entries for models, seeds, snapshots and analyses, with their columns and tests.
 * Descriptions stay raw (they may hold `{{ doc('x') }}`); the compiler renders them.
 */
import type { ColumnProperties, NodeProperties, TestDefinition } from './types.js';
import { describe, isPlainMap, type ShapeChecker, type YamlMap } from './yaml-shapes.js';

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
      config: shapes.map(entry, 'config', where),
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
    if (entry.versions !== undefined && entry.versions !== null) node.versions = readVersions(shapes, entry, where);
    if (entry.latest_version !== undefined && entry.latest_version !== null) {
      const latest = entry.latest_version;
      if (typeof latest !== 'string' && typeof latest !== 'number') {
        shapes.fail(entry, 'latest_version', `\`latest_version\` of ${where} must be a version number`, 'Write e.g. `latest_version: 2`.');
      }
      node.latestVersion = latest;
    }
    return node;
  });
}

function readVersions(shapes: ShapeChecker, entry: YamlMap, where: string): NonNullable<NodeProperties['versions']> {
  const list = shapes.list(entry, 'versions', where);
  return list.map((version, index) => {
    if (!isPlainMap(version) || (typeof version.v !== 'number' && typeof version.v !== 'string')) {
      return shapes.fail(list, String(index), `Each entry of \`versions\` of ${where} needs a \`v\``, 'Write `- v: 1` for each version.');
    }
    const at = `version ${String(version.v)} of ${where}`;
    const result: NonNullable<NodeProperties['versions']>[number] = { v: version.v };
    if (version.config !== undefined && version.config !== null) result.config = shapes.map(version, 'config', at);
    if (version.columns !== undefined && version.columns !== null) result.columns = shapes.list(version, 'columns', at);
    return result;
  });
}
