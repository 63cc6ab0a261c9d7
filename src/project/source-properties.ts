/**
 * Property-file entries for sources (and their tables), exposures and macros.
 * Text that may hold Jinja (`schema: "{{ target.schema }}"`) is kept raw for the compiler.
 */
import type { ExposureProperties, MacroProperties, SourceProperties, SourceTableProperties } from './types.js';
import { readColumns, readMeta, readTests } from './node-properties.js';
import { isPlainMap, type ShapeChecker, type YamlMap } from './yaml-shapes.js';

const EXPOSURE_TYPES = ['dashboard', 'notebook', 'analysis', 'ml', 'application'];

function readQuoting(shapes: ShapeChecker, owner: YamlMap, where: string): Record<string, boolean> {
  const raw = shapes.map(owner, 'quoting', where);
  const quoting: Record<string, boolean> = {};
  for (const key of Object.keys(raw)) {
    const value = shapes.optionalBoolean(raw, key, `\`quoting\` of ${where}`);
    if (value !== undefined) quoting[key] = value;
  }
  return quoting;
}

function readFreshness(shapes: ShapeChecker, owner: YamlMap, where: string): unknown {
  const value = owner.freshness;
  if (value === undefined) return undefined;
  if (value !== null && !isPlainMap(value)) {
    shapes.fail(owner, 'freshness', `\`freshness\` of ${where} must be a mapping (or null)`, 'Write `freshness: {warn_after: {count: 12, period: hour}}`, or `freshness: null` to turn it off.');
  }
  return value;
}

function readTable(shapes: ShapeChecker, table: YamlMap, sourceName: string): SourceTableProperties {
  const name = String(table.name);
  const where = `table "${name}" of source "${sourceName}"`;
  const result: SourceTableProperties = {
    name,
    description: shapes.string(table, 'description', where),
    columns: readColumns(shapes, table, where),
    tests: readTests(shapes, table, where),
    meta: readMeta(shapes, table, where),
    tags: shapes.stringList(table, 'tags', where),
    config: shapes.map(table, 'config', where),
    quoting: readQuoting(shapes, table, where),
    place: shapes.yaml.placeOf(table),
  };
  const identifier = shapes.optionalString(table, 'identifier', where);
  if (identifier !== undefined) result.identifier = identifier;
  const loadedAtField = shapes.optionalString(table, 'loaded_at_field', where);
  if (loadedAtField !== undefined) result.loadedAtField = loadedAtField;
  const loadedAtQuery = shapes.optionalString(table, 'loaded_at_query', where);
  if (loadedAtQuery !== undefined) result.loadedAtQuery = loadedAtQuery;
  if (table.external !== undefined && table.external !== null) result.external = shapes.map(table, 'external', where);
  const freshness = readFreshness(shapes, table, where);
  if (freshness !== undefined) result.freshness = freshness;
  return result;
}

export function readSources(shapes: ShapeChecker, top: YamlMap, packageName: string): SourceProperties[] {
  return shapes.namedEntries(top, 'sources', '`sources:`').map((entry) => {
    const name = String(entry.name);
    const where = `source "${name}"`;
    const source: SourceProperties = {
      name,
      packageName,
      description: shapes.string(entry, 'description', where),
      schema: shapes.optionalString(entry, 'schema', where) ?? name,
      meta: readMeta(shapes, entry, where),
      tags: shapes.stringList(entry, 'tags', where),
      config: shapes.map(entry, 'config', where),
      quoting: readQuoting(shapes, entry, where),
      tables: shapes.namedEntries(entry, 'tables', where).map((table) => readTable(shapes, table, name)),
      place: shapes.yaml.placeOf(entry),
    };
    const database = shapes.optionalString(entry, 'database', where);
    if (database !== undefined) source.database = database;
    const loader = shapes.optionalString(entry, 'loader', where);
    if (loader !== undefined) source.loader = loader;
    const loadedAtField = shapes.optionalString(entry, 'loaded_at_field', where);
    if (loadedAtField !== undefined) source.loadedAtField = loadedAtField;
    const loadedAtQuery = shapes.optionalString(entry, 'loaded_at_query', where);
    if (loadedAtQuery !== undefined) source.loadedAtQuery = loadedAtQuery;
    const freshness = readFreshness(shapes, entry, where);
    if (freshness !== undefined) source.freshness = freshness;
    return source;
  });
}

export function readExposures(shapes: ShapeChecker, top: YamlMap, packageName: string): ExposureProperties[] {
  return shapes.namedEntries(top, 'exposures', '`exposures:`').map((entry) => {
    const name = String(entry.name);
    const where = `exposure "${name}"`;
    const type = shapes.optionalString(entry, 'type', where);
    if (type === undefined || !EXPOSURE_TYPES.includes(type)) {
      shapes.fail(entry, type === undefined ? 'name' : 'type', `${where} needs a \`type\` of ${EXPOSURE_TYPES.join(', ')}`, 'Write e.g. `type: dashboard`.');
    }
    const exposure: ExposureProperties = {
      name,
      packageName,
      type,
      description: shapes.string(entry, 'description', where),
      owner: shapes.map(entry, 'owner', where),
      dependsOn: shapes.stringList(entry, 'depends_on', where),
      meta: readMeta(shapes, entry, where),
      tags: shapes.stringList(entry, 'tags', where),
      config: shapes.map(entry, 'config', where),
      place: shapes.yaml.placeOf(entry),
    };
    const label = shapes.optionalString(entry, 'label', where);
    if (label !== undefined) exposure.label = label;
    const url = shapes.optionalString(entry, 'url', where);
    if (url !== undefined) exposure.url = url;
    const maturity = shapes.optionalString(entry, 'maturity', where);
    if (maturity !== undefined) exposure.maturity = maturity;
    return exposure;
  });
}

export function readMacros(shapes: ShapeChecker, top: YamlMap, packageName: string): MacroProperties[] {
  return shapes.namedEntries(top, 'macros', '`macros:`').map((entry) => {
    const name = String(entry.name);
    const where = `macro "${name}"`;
    const docs = entry.docs !== undefined && entry.docs !== null ? shapes.map(entry, 'docs', where) : undefined;
    return {
      name,
      packageName,
      description: shapes.string(entry, 'description', where),
      meta: readMeta(shapes, entry, where),
      config: shapes.map(entry, 'config', where),
      ...(docs ? { docs } : {}),
      arguments: shapes.namedEntries(entry, 'arguments', where).map((argument) => {
        const at = `argument "${String(argument.name)}" of ${where}`;
        const result: MacroProperties['arguments'][number] = { name: String(argument.name) };
        const type = shapes.optionalString(argument, 'type', at);
        if (type !== undefined) result.type = type;
        const description = shapes.optionalString(argument, 'description', at);
        if (description !== undefined) result.description = description;
        return result;
      }),
      place: shapes.yaml.placeOf(entry),
    };
  });
}
