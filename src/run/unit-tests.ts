/**
 * dbt unit tests: the model under test is compiled as it would run, each `given` input (a ref or
 * a source) is replaced by its rows — cast to the input relation's column types when it exists —
 * and what the model returns is compared, as a multiset of rows over the expected columns, with
 * the `expect` rows cast to the types the model returns.
 */
import type { RenderOverrides } from '../compiler/api.js';
import { DailiesError } from '../errors.js';
import type { Manifest, ManifestNode, UnitTestDefinition } from '../graph/types.js';
import type { ColumnMeta, Row } from '../warehouse/adapter.js';
import { relationOf, siblingRelation, type RunContext } from './context.js';
import type { NodeResult } from './types.js';

interface Fixture {
  name: string;
  /** The text of the input's relation in the compiled SQL. */
  relationText: string;
  ephemeral: boolean;
  sql: string;
}

const REF = /^\s*ref\(\s*['"]([^'"]+)['"]\s*(?:,\s*['"]([^'"]+)['"]\s*)?\)\s*$/;
const SOURCE = /^\s*source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)\s*$/;

function fail(test: UnitTestDefinition, message: string, hint: string): never {
  throw new DailiesError('compile', `unit test ${test.name}: ${message}`, { place: test.dailies.place, hint });
}

/** A CSV cell of unknown type: a number as written (`4.0` stays a one-place decimal), empty as null, else text. */
function csvLiteral(value: unknown): string {
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return value.trim();
  return value === '' ? 'null' : literal(value);
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return `'${String(value).replace(/'/g, "''")}'`;
}

/** `select …` of `rows` over `columns`, each value cast to its column's type when known. */
function rowsSql(rows: Record<string, unknown>[], columns: string[], types: Map<string, string>, quote: (name: string) => string, csv = false): string {
  const cell = (column: string, value: unknown): string => {
    const type = types.get(column.toLowerCase());
    if (type) return `cast(${literal(value)} as ${type}) as ${quote(column)}`;
    return `${csv ? csvLiteral(value) : literal(value)} as ${quote(column)}`;
  };
  if (rows.length === 0) {
    return `select ${columns.map((column) => cell(column, null)).join(', ')} where 1 = 0`;
  }
  return rows
    .map((row) => {
      const lower = new Map(Object.entries(row).map(([key, value]) => [key.toLowerCase(), value]));
      return `select ${columns.map((column) => cell(column, lower.get(column.toLowerCase()))).join(', ')}`;
    })
    .join('\nunion all\n');
}

function inputMember(manifest: Manifest, test: UnitTestDefinition, input: string): { relationText: string; node?: ManifestNode; relation?: { database: string | null; schema: string; identifier: string }; ephemeral: boolean } {
  const ref = REF.exec(input);
  if (ref) {
    const [pkg, name] = ref[2] === undefined ? [undefined, ref[1]!] : [ref[1]!, ref[2]];
    const node = Object.values(manifest.nodes).find((candidate) => ['model', 'seed', 'snapshot'].includes(candidate.resource_type) && candidate.name === name && (pkg === undefined || candidate.package_name === pkg));
    if (!node) fail(test, `given input ${input} names no model, seed or snapshot`, 'Use ref() of a model the tested model refers to.');
    const ephemeral = node.config.materialized === 'ephemeral';
    return { relationText: ephemeral ? `__dbt__cte__${node.alias}` : (node.relation_name ?? ''), node, relation: relationOf(node), ephemeral };
  }
  const source = SOURCE.exec(input);
  if (source) {
    const found = Object.values(manifest.sources).find((candidate) => candidate.source_name === source[1] && candidate.name === source[2]);
    if (!found) fail(test, `given input ${input} names no source table`, 'Use source() of a table the tested model reads.');
    return { relationText: found.relation_name, relation: { database: found.database, schema: found.schema, identifier: found.identifier }, ephemeral: false };
  }
  return fail(test, `given input ${input} is neither ref('…') nor source('…', '…')`, "Write `input: ref('model')` or `input: source('source', 'table')`.");
}

async function columnsOf(context: RunContext, relation: { database: string | null; schema: string; identifier: string } | undefined): Promise<ColumnMeta[]> {
  if (!relation) return [];
  try {
    if (!(await context.adapter.getRelation(relation))) return [];
    return await context.adapter.getColumns(relation);
  } catch {
    return [];
  }
}

function dictRows(fixture: { rows: unknown; format: string }, test: UnitTestDefinition, what: string): Record<string, unknown>[] {
  if (fixture.rows === null) fail(test, `${what} names a fixture file`, 'Fixture files are not supported yet: write the rows inline.');
  return Array.isArray(fixture.rows) ? (fixture.rows as Record<string, unknown>[]) : [];
}

async function fixtureFor(context: RunContext, manifest: Manifest, test: UnitTestDefinition, given: UnitTestDefinition['given'][number], index: number): Promise<Fixture> {
  const member = inputMember(manifest, test, given.input);
  const name = `__dbt__unit_test_input_${index}`;
  if (given.format === 'sql') {
    if (typeof given.rows !== 'string') fail(test, `input ${given.input} (format sql) has no select`, 'Write `rows: |` followed by a select.');
    return { name, relationText: member.relationText, ephemeral: member.ephemeral, sql: given.rows };
  }
  const rows = dictRows(given, test, `input ${given.input}`);
  const known = member.ephemeral ? [] : await columnsOf(context, member.relation);
  const types = new Map(known.map((column) => [column.name.toLowerCase(), column.dataType]));
  const written = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  // as dbt: every column of the input relation, those without a value null
  const columns = known.length > 0 ? [...known.map((column) => column.name), ...written.filter((column) => !types.has(column.toLowerCase()))] : written;
  if (columns.length === 0) fail(test, `input ${given.input} has no rows and no relation to take its columns from`, 'Give at least one row, or build the input first.');
  return { name, relationText: member.relationText, ephemeral: member.ephemeral, sql: rowsSql(rows, columns, types, (column) => context.adapter.quoteIdentifier(column), given.format === 'csv') };
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The model's SQL with each input replaced by its fixture, the fixtures as leading CTEs. An
 * ephemeral input's own CTE is renamed out of the way (left unused) and its uses point at the fixture.
 */
function withFixtures(test: UnitTestDefinition, modelSql: string, fixtures: Fixture[]): string {
  let sql = modelSql;
  for (const fixture of fixtures) {
    const text = escapeRegExp(fixture.relationText);
    const uses = new RegExp(fixture.ephemeral ? `${text}(?!\\w)` : text, 'g');
    if (!uses.test(sql)) fail(test, `the model does not read ${fixture.relationText}`, 'Give only inputs the model refers to.');
    if (fixture.ephemeral) sql = sql.replace(new RegExp(`${text}(?=\\s+as\\s*\\()`, 'g'), `${fixture.relationText}__replaced`);
    sql = sql.replace(uses, fixture.name);
  }
  const ctes = fixtures.map((fixture) => `${fixture.name} as (\n${fixture.sql}\n)`).join(',\n');
  return `${ctes ? `with ${ctes}\n` : ''}select * from (\n${sql}\n) as dbt_internal_unit_test_actual`;
}

function canonical(row: Row, columns: string[]): string {
  const lower = new Map(Object.entries(row).map(([key, value]) => [key.toLowerCase(), value]));
  return JSON.stringify(columns.map((column) => {
    const value = lower.get(column.toLowerCase());
    return value === null || value === undefined ? null : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }));
}

/** Rows in `left` but not in `right` (as multisets). */
function missing(left: string[], right: string[]): string[] {
  const counts = new Map<string, number>();
  for (const row of right) counts.set(row, (counts.get(row) ?? 0) + 1);
  return left.filter((row) => {
    const count = counts.get(row) ?? 0;
    if (count === 0) return true;
    counts.set(row, count - 1);
    return false;
  });
}

/** `model::test` as dbt prints it; a versioned model's copies by their ids (`model::test_v2`). */
export function unitTestDisplayName(test: UnitTestDefinition): string {
  return `${test.model}::${test.unique_id.split('.').pop() ?? test.name}`;
}

export async function runUnitTest(context: RunContext, manifest: Manifest, test: UnitTestDefinition, thread: number): Promise<NodeResult> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const model = manifest.nodes[test.depends_on.nodes[0] ?? '']!;
  const base = {
    unique_id: test.unique_id,
    resource_type: 'unit_test' as const,
    name: test.name,
    kind: 'unit_test',
    thread_id: `Thread-${thread + 1} (worker)`,
    failures: null,
    relation_name: null,
    display_name: unitTestDisplayName(test),
    file: test.original_file_path,
  };
  const scratch = siblingRelation(relationOf(model), '__dbt_unit_test');
  try {
    const overrides = (test.overrides ?? {}) as RenderOverrides;
    const isIncremental = overrides.macros?.is_incremental === true || overrides.macros?.['dbt.is_incremental'] === true;
    const modelSql = await context.compiler.compileForRun(model.unique_id, { isIncremental, adapter: context.adapter, overrides, unitTest: true });
    const fixtures = await Promise.all(test.given.map((given, index) => fixtureFor(context, manifest, test, given, index)));
    const actualSql = withFixtures(test, modelSql, fixtures);
    // the types the model returns, to cast the expected rows to
    await context.ensureSchema(scratch.database, scratch.schema);
    await context.adapter.createViewAs(scratch, actualSql);
    let returned: ColumnMeta[];
    try {
      returned = await context.adapter.getColumns(scratch);
    } finally {
      await context.adapter.dropRelation(scratch, 'view');
    }
    const types = new Map(returned.map((column) => [column.name.toLowerCase(), column.dataType]));
    let expectedSql: string;
    let columns: string[];
    if (test.expect.format === 'sql') {
      if (typeof test.expect.rows !== 'string') fail(test, 'expect (format sql) has no select', 'Write `rows: |` followed by a select.');
      expectedSql = test.expect.rows;
      columns = returned.map((column) => column.name);
    } else {
      const rows = dictRows(test.expect, test, 'expect');
      columns = rows.length > 0 ? [...new Set(rows.flatMap((row) => Object.keys(row)))] : returned.map((column) => column.name);
      const unknown = columns.filter((column) => !types.has(column.toLowerCase()));
      if (unknown.length > 0) fail(test, `the model returns no column ${unknown.join(', ')}`, `It returns: ${returned.map((column) => column.name).join(', ')}.`);
      expectedSql = rowsSql(rows, columns, types, (column) => context.adapter.quoteIdentifier(column));
    }
    const list = columns.map((column) => context.adapter.quoteIdentifier(column)).join(', ');
    const actualRows = (await context.adapter.execute(`select ${list} from (\n${actualSql}\n) as actual`)).rows.map((row) => canonical(row, columns));
    const expectedRows = (await context.adapter.execute(`select ${list} from (\n${expectedSql}\n) as expected`)).rows.map((row) => canonical(row, columns));
    const extra = missing(actualRows, expectedRows);
    const absent = missing(expectedRows, actualRows);
    const passed = extra.length === 0 && absent.length === 0;
    const show = (rows: string[]) => rows.slice(0, 5).map((row) => `    (${(JSON.parse(row) as unknown[]).map((value) => (value === null ? 'null' : String(value))).join(', ')})`).join('\n');
    const message = passed
      ? 'PASS'
      : [`actual differs from expected (columns ${columns.join(', ')}):`, ...(extra.length ? ['  returned but not expected:', show(extra)] : []), ...(absent.length ? ['  expected but not returned:', show(absent)] : [])].join('\n');
    return {
      ...base,
      status: passed ? 'pass' : 'fail',
      message,
      failures: extra.length + absent.length,
      timing: [{ name: 'execute', started_at: startedAt, completed_at: new Date().toISOString() }],
      execution_time: (performance.now() - started) / 1000,
      compiled_code: actualSql,
    };
  } catch (error) {
    const where = error instanceof DailiesError && error.place ? `${error.place.file}${error.place.line !== undefined ? `:${error.place.line}` : ''}: ` : '';
    return {
      ...base,
      status: 'error',
      message: `${where}${error instanceof Error ? error.message : String(error)}`,
      ...(error instanceof DailiesError && error.hint ? { hint: error.hint } : {}),
      timing: [],
      execution_time: (performance.now() - started) / 1000,
    };
  }
}
