/**
 * `unit_tests:` of a property file: a model, the rows its inputs (`ref`/`source`) are given, and
 * the rows it is expected to return, as dbt reads them (`dict`, `csv` or `sql` rows).
 */
import { describe, isPlainMap, type ShapeChecker, type YamlMap } from './yaml-shapes.js';
import type { UnitTestFixture, UnitTestProperties } from './types.js';

const FORMATS = ['dict', 'csv', 'sql'];

function readFixture(shapes: ShapeChecker, owner: YamlMap, where: string): UnitTestFixture {
  const format = shapes.optionalString(owner, 'format', where) ?? 'dict';
  if (!FORMATS.includes(format)) shapes.fail(owner, 'format', `\`format\` of ${where} must be dict, csv or sql, not "${format}"`, 'Write `format: csv` (rows as CSV text), `format: sql` (a select) or leave it out (rows as mappings).');
  const fixture = shapes.optionalString(owner, 'fixture', where) ?? null;
  // dbt's words: a fixture file holds CSV or a select, never dict rows
  if (format === 'dict' && fixture !== null) shapes.fail(owner, 'fixture', `${where} names fixture "${fixture}", whose rows do not match format dict`, 'A fixture file (tests/fixtures/<name>.csv or .sql) holds CSV or a select: write `format: csv` or `format: sql`.');
  const rows = owner.rows;
  if (format === 'dict' && fixture === null) {
    const list = rows === undefined || rows === null ? [] : rows;
    if (!Array.isArray(list) || !list.every(isPlainMap)) {
      shapes.fail(owner, 'rows', `\`rows\` of ${where} must be a list of mappings, not ${describe(rows)}`, 'Write each row as `- {column: value, …}`.');
    }
    return { format: 'dict', rows: list as YamlMap[], fixture };
  }
  if (fixture === null && typeof rows !== 'string') {
    shapes.fail(owner, 'rows', `\`rows\` of ${where} must be ${format === 'csv' ? 'CSV text' : 'a select statement'} (format ${format})`, format === 'csv' ? 'Write `rows: |` followed by a header line and one line per row.' : 'Write `rows: |` followed by a select.');
  }
  return { format: format as 'csv' | 'sql', rows: typeof rows === 'string' ? rows : null, fixture };
}

/** What dbt's unit tests may override while the model renders: macros' return values, vars and env vars. */
const OVERRIDE_KINDS = ['macros', 'vars', 'env_vars'];

function readOverrides(shapes: ShapeChecker, entry: YamlMap, where: string): YamlMap | null {
  if (entry.overrides === undefined || entry.overrides === null) return null;
  const overrides = shapes.map(entry, 'overrides', where);
  for (const key of Object.keys(overrides)) {
    if (!OVERRIDE_KINDS.includes(key)) shapes.fail(overrides, key, `\`overrides\` of ${where} may hold macros, vars and env_vars, not \`${key}\``, 'Write `overrides: {macros: {name: value}, vars: {name: value}, env_vars: {NAME: value}}`.');
    shapes.map(overrides, key, `\`overrides\` of ${where}`);
  }
  return overrides;
}

/** `versions: {include: [2, 3]}` / `{exclude: [1]}`: which versions of the model the unit test runs on. */
function readVersions(shapes: ShapeChecker, entry: YamlMap, where: string): UnitTestProperties['versions'] {
  if (entry.versions === undefined || entry.versions === null) return null;
  const versions = shapes.map(entry, 'versions', where);
  const list = (key: string): (string | number)[] | null => {
    const value = versions[key];
    if (value === undefined || value === null) return null;
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' || typeof item === 'number')) {
      return shapes.fail(versions, key, `\`versions.${key}\` of ${where} must be a list of versions`, `Write \`${key}: [1, 2]\`.`);
    }
    return value as (string | number)[];
  };
  return { include: list('include'), exclude: list('exclude') };
}

export function readUnitTests(shapes: ShapeChecker, top: YamlMap, packageName: string, file: string): UnitTestProperties[] {
  return shapes.namedEntries(top, 'unit_tests', file).map((entry) => {
    const name = String(entry.name);
    const where = `unit test "${name}"`;
    const model = shapes.optionalString(entry, 'model', where);
    if (!model) shapes.fail(entry, 'name', `${where} names no \`model\``, 'Add `model: <the model under test>`.');
    const given = shapes.list(entry, 'given', where).map((item, index) => {
      if (!isPlainMap(item) || typeof item.input !== 'string') {
        return shapes.fail(shapes.list(entry, 'given', where), String(index), `Each \`given\` of ${where} needs an \`input\` (ref('…') or source('…', '…'))`, "Write `- input: ref('orders')` followed by `rows:`.");
      }
      return { input: item.input, ...readFixture(shapes, item, `input ${item.input} of ${where}`) };
    });
    const expect = isPlainMap(entry.expect) ? entry.expect : shapes.fail(entry, 'name', `${where} has no \`expect\``, 'Add `expect:` with the `rows:` the model should return.');
    return {
      name,
      packageName,
      model: model!,
      description: shapes.string(entry, 'description', where),
      given,
      expect: readFixture(shapes, expect, `\`expect\` of ${where}`),
      overrides: readOverrides(shapes, entry, where),
      versions: readVersions(shapes, entry, where),
      config: shapes.map(entry, 'config', where),
      place: shapes.yaml.placeOf(entry),
    };
  });
}
