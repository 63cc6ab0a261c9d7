/**
 * Seeds: a CSV file read in JS → a table. Column kinds are inferred (or taken from
 * `column_types`), the table is built under a temp name with batched multi-row inserts using
 * bind parameters, then swapped in atomically.
 */
import { readFile } from 'node:fs/promises';
import { DailiesError } from '../errors.js';
import type { ManifestNode } from '../graph/types.js';
import type { Adapter, Relation } from '../warehouse/adapter.js';
import type { RunContext } from './context.js';
import { TEMP_SUFFIX, dropLeftover, dropQuietly, publishTable, relationOf, siblingRelation } from './context.js';
import { CsvSyntaxError, parseCsv } from '../csv.js';
import { inferSeedKind } from './seed-types.js';
import type { NodeOutcome } from './types.js';

export interface SeedTable {
  columns: { name: string; dataType: string }[];
  /** Values as text; null for empty cells. */
  rows: (string | null)[][];
}

/** Parses and types a seed's CSV text. Errors are DailiesErrors naming `file` and the line. */
export function readSeedTable(text: string, node: ManifestNode, adapter: Adapter): SeedTable {
  const file = node.original_file_path;
  let records;
  try {
    records = parseCsv(text, typeof node.config.delimiter === 'string' ? node.config.delimiter : ',');
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      throw new DailiesError('load', `malformed CSV in seed '${node.name}': ${error.message}`, { place: { file, line: error.line }, hint: 'fix the CSV file (fields containing commas, quotes or newlines must be in double quotes)' });
    }
    throw error;
  }
  if (records.length === 0) {
    throw new DailiesError('load', `seed '${node.name}' is empty: it needs a header row`, { place: { file, line: 1 }, hint: 'add a header row naming the columns' });
  }
  const [header, ...body] = records as [(typeof records)[number], ...typeof records];
  const names = header.fields.map((name) => name.trim());
  const seen = new Set<string>();
  for (const name of names) {
    if (name === '') throw new DailiesError('load', `seed '${node.name}' has an empty column name`, { place: { file, line: header.line }, hint: 'name every column in the header row' });
    if (seen.has(name.toLowerCase())) throw new DailiesError('load', `seed '${node.name}' names column '${name}' twice`, { place: { file, line: header.line }, hint: 'give every column a distinct name' });
    seen.add(name.toLowerCase());
  }
  const rows = body.map((record) => {
    if (record.fields.length !== names.length) {
      throw new DailiesError('load', `seed '${node.name}': row has ${record.fields.length} fields, the header has ${names.length}`, { place: { file, line: record.line }, hint: 'every row needs one value per header column (quote values containing commas)' });
    }
    return record.fields.map((value) => (value === '' ? null : value));
  });

  const overrides = new Map(Object.entries(node.config.column_types ?? {}).map(([name, type]) => [name.toLowerCase(), String(type)]));
  const quote = node.config.quote_columns === true;
  const columns = names.map((name, index) => ({
    name: quote ? name : adapter.normalizeIdentifier(name),
    dataType: overrides.get(name.toLowerCase()) ?? adapter.seedType(inferSeedKind(rows.map((row) => row[index]!))),
  }));
  return { columns, rows };
}

const MAX_PARAMS_PER_INSERT = 10_000;

function batchSizeOf(table: SeedTable): number {
  return Math.max(1, Math.min(1000, Math.floor(MAX_PARAMS_PER_INSERT / Math.max(1, table.columns.length))));
}

/**
 * A seed that fits one batch, where the adapter replaces a table atomically in one statement:
 * `create or replace table … as select cast(c1 as T) as "name", … from (values (?, …), …)` — one
 * round trip instead of create, insert, swap and drop (it matters on Snowflake). Returns false when
 * the caller must take the staged path.
 */
async function replaceSeedInOneStep(context: RunContext, target: Relation, table: SeedTable): Promise<boolean> {
  const { adapter } = context;
  if (!adapter.replaceTableAs || table.rows.length === 0 || table.rows.length > batchSizeOf(table)) return false;
  const existing = await context.lookupRelation(target);
  if (existing && existing.type !== 'table') return false;
  const names = table.columns.map((_, index) => `c${index + 1}`);
  const select = table.columns.map((column, index) => `cast(${names[index]} as ${column.dataType}) as ${adapter.quoteIdentifier(column.name)}`).join(', ');
  const tuple = `(${names.map(() => '?').join(', ')})`;
  const sql = `select ${select} from (values ${table.rows.map(() => tuple).join(', ')}) as dailies_seed (${names.join(', ')})`;
  await adapter.replaceTableAs(target, sql, { params: table.rows.flat() });
  return true;
}

/** Creates `relation` with the seed's columns and inserts every row, in batches. */
export async function loadSeedTable(adapter: Adapter, relation: Relation, table: SeedTable): Promise<void> {
  const { columns, rows } = table;
  const casts = columns.map((column) => `cast(? as ${column.dataType})`);
  const emptySelect = `select ${columns.map((column) => `cast(null as ${column.dataType}) as ${adapter.quoteIdentifier(column.name)}`).join(', ')} where 1 = 0`;
  await adapter.createTableAs(relation, emptySelect);
  const columnList = columns.map((column) => adapter.quoteIdentifier(column.name)).join(', ');
  const batchSize = batchSizeOf(table);
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const tuple = `(${casts.join(', ')})`;
    const sql = `insert into ${adapter.renderRelation(relation)} (${columnList}) values ${batch.map(() => tuple).join(', ')}`;
    await adapter.execute(sql, batch.flat());
  }
}

export async function runSeed(context: RunContext, node: ManifestNode): Promise<NodeOutcome> {
  const { adapter } = context;
  const path = node.dailies.seedPath;
  if (!path) throw new DailiesError('internal', `seed '${node.name}' has no CSV path in the manifest`, { place: node.dailies.place });
  const table = readSeedTable(await readFile(path, 'utf8'), node, adapter);
  const target = relationOf(node);
  const staged = siblingRelation(target, TEMP_SUFFIX);
  await dropLeftover(context, staged);
  if (await replaceSeedInOneStep(context, target, table)) {
    return { status: 'success', message: `INSERT ${table.rows.length}`, rowsAffected: table.rows.length, relationName: adapter.renderRelation(target) };
  }
  try {
    await loadSeedTable(adapter, staged, table);
    await publishTable(context, target, staged);
  } catch (error) {
    await dropQuietly(adapter, staged);
    throw error;
  }
  return { status: 'success', message: `INSERT ${table.rows.length}`, rowsAffected: table.rows.length, relationName: adapter.renderRelation(target) };
}
