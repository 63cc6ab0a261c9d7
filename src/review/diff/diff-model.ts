/**
 * The data diff of one model, PR build vs production: schema changes, row counts, and rows
 * added/removed/changed by primary key (or, without a key, a set difference by row hash).
 * Everything is computed in the warehouse, in one query (counts and samples; see keyed-sql.ts).
 * Duplicate keys: the counts show, for free, when a matched key is duplicated on one side more
 * than on the other (production's matched rows differ from the PR's); only then does a second
 * query count duplicated rows exactly. Keys duplicated equally on both sides, or only among added
 * (or only among removed) rows, are not counted: the `unique` test the key usually comes from
 * reports those in the PR build.
 */
import { describeError } from '../../errors.js';
import type { Adapter, ColumnMeta, Relation, Row } from '../../warehouse/adapter.js';
import type { KeyedDiff, KeylessDiff, ModelDiff } from '../types.js';
import { fingerprintSql } from './fingerprint.js';
import { duplicateKeysSql, keyedDiffSql, SAMPLE_KIND_COLUMN, type KeyedDiffPlan, type SamplesLayout } from './keyed-sql.js';
import { keylessCountsSql } from './keyless-sql.js';
import { compareSchemas, prNameOf } from './schema-compare.js';

export interface DiffModelOptions {
  uniqueId: string;
  name: string;
  prod: Relation;
  pr: Relation;
  primaryKey: string[] | null;
  primaryKeySource: string | null;
  /** Sample rows of each kind (added, removed, changed); 0 skips the samples query. Default 5. */
  sampleSize?: number;
  /**
   * Compare whole-table fingerprints first when the columns are the same, and stop there when
   * they match (see fingerprint.ts). For models whose own SQL did not change.
   */
  fingerprintFirst?: boolean;
  /**
   * Both sides' columns when the caller already read them (null: production has no such
   * relation); the diff then asks the catalog nothing.
   */
  columns?: { prod: ColumnMeta[] | null; pr: ColumnMeta[] };
}

/** Reads a result field whatever case the warehouse returned it in. */
function field(row: Row | undefined, name: string): unknown {
  if (!row) return undefined;
  if (name in row) return row[name];
  const upper = name.toUpperCase();
  return upper in row ? row[upper] : undefined;
}

function count(row: Row | undefined, name: string): number {
  const value = field(row, name);
  if (value === null || value === undefined) return 0;
  return Number(value);
}

function findColumn(columns: ColumnMeta[], name: string): ColumnMeta | undefined {
  return columns.find((column) => column.name.toLowerCase() === name.toLowerCase());
}

async function rowCount(adapter: Adapter, relationSql: string): Promise<number> {
  const result = await adapter.execute(`select count(*) as n from ${relationSql}`);
  return count(result.rows[0], 'n');
}

export async function diffModel(adapter: Adapter, options: DiffModelOptions): Promise<ModelDiff> {
  const started = performance.now();
  const prodSql = adapter.renderRelation(options.prod);
  const prSql = adapter.renderRelation(options.pr);
  const diff: ModelDiff = {
    uniqueId: options.uniqueId,
    name: options.name,
    prodRelation: prodSql,
    prRelation: prSql,
    prodExists: false,
    schema: { added: [], removed: [], retyped: [] },
    rowCounts: { prod: null, pr: 0 },
    primaryKey: options.primaryKey,
    primaryKeySource: options.primaryKeySource,
    seconds: 0,
  };
  const finish = (): ModelDiff => ({ ...diff, seconds: (performance.now() - started) / 1000 });
  try {
    const known = options.columns;
    const [prExists, prodExists] = known
      ? [known.pr.length > 0, known.prod !== null && known.prod.length > 0]
      : (await Promise.all([adapter.getRelation(options.pr), adapter.getRelation(options.prod)])).map((info) => info !== null);
    if (!prExists) {
      diff.error = `the PR build ${prSql} does not exist`;
      return finish();
    }
    if (!prodExists) {
      diff.rowCounts = { prod: null, pr: await rowCount(adapter, prSql) };
      return finish();
    }
    diff.prodExists = true;
    const [prodColumns, prColumns] = known ? [known.prod!, known.pr] : await Promise.all([adapter.getColumns(options.prod), adapter.getColumns(options.pr)]);
    const comparison = compareSchemas(adapter, prodColumns, prColumns);
    diff.schema = comparison.change;
    const compared = comparison.compared.map((column) => ({ ...column, prName: prNameOf(prColumns, column.name) }));
    const quote = (name: string) => adapter.quoteIdentifier(name);
    const sameColumns = diff.schema.added.length === 0 && diff.schema.removed.length === 0 && diff.schema.retyped.length === 0;
    if (options.fingerprintFirst && sameColumns) {
      const equal = await provenEqual(adapter, {
        prodSql,
        prSql,
        prodColumns: compared.map((column) => quote(column.name)),
        prColumns: compared.map((column) => quote(column.prName)),
        hash: (expressions) => adapter.fastHashExpression(expressions),
        ...(adapter.tableHashExpression ? { tableHash: (expressions: string[]) => adapter.tableHashExpression!(expressions) } : {}),
      });
      if (equal !== null) {
        diff.rowCounts = { prod: equal, pr: equal };
        diff.identical = true;
        if (options.primaryKey && options.primaryKey.length > 0) diff.keyed = unchangedKeyed(equal, compared.map((column) => column.name), options.primaryKey);
        else diff.keyless = { onlyInProd: 0, onlyInPr: 0 };
        return finish();
      }
    }

    const keyColumns = options.primaryKey ?? [];
    const missing = keyColumns.filter((key) => !findColumn(prodColumns, key) || !findColumn(prColumns, key));
    if (keyColumns.length > 0 && missing.length === 0) {
      const keys = keyColumns.map((key) => {
        const prodName = findColumn(prodColumns, key)!.name;
        return { prod: prodName, pr: findColumn(prColumns, key)!.name, asText: compared.find((column) => column.name === prodName)?.asText ?? false };
      });
      const keyNames = new Set(keys.map((key) => key.prod));
      const plan: KeyedDiffPlan = {
        prodSql,
        prSql,
        quote,
        keys,
        compared: compared.filter((column) => !keyNames.has(column.name)),
        hash: (expressions) => adapter.fastHashExpression(expressions),
      };
      const layout = { prodColumns: prodColumns.map((column) => column.name), prColumns: prColumns.map((column) => column.name) };
      const { keyed, rowCounts } = await keyedDiff(adapter, plan, layout, Math.max(0, Math.floor(options.sampleSize ?? 5)));
      diff.keyed = keyed;
      diff.rowCounts = rowCounts;
    } else {
      if (keyColumns.length > 0) {
        diff.primaryKeySource = `${options.primaryKeySource ?? 'key'}; key column ${missing.join(', ')} missing on one side, compared without a key`;
        diff.primaryKey = null;
      }
      const plan = { prodSql, prSql, quote, compared, hashExpression: (expressions: string[]) => adapter.hashExpression(expressions) };
      const counts = (await adapter.execute(keylessCountsSql(plan))).rows[0];
      diff.rowCounts = { prod: count(counts, 'prod_rows'), pr: count(counts, 'pr_rows') };
      diff.keyless = { onlyInProd: count(counts, 'only_in_prod'), onlyInPr: count(counts, 'only_in_pr') } satisfies KeylessDiff;
    }
  } catch (error) {
    diff.error = describeError(error);
  }
  return finish();
}

/** The row count when both tables' fingerprints are equal (same rows), else null. */
async function provenEqual(adapter: Adapter, plan: Parameters<typeof fingerprintSql>[0]): Promise<number | null> {
  const row = (await adapter.execute(fingerprintSql(plan))).rows[0];
  const prodRows = count(row, 'prod_rows');
  const same = prodRows === count(row, 'pr_rows') && String(field(row, 'prod_hash')) === String(field(row, 'pr_hash'));
  return same ? prodRows : null;
}

/** A keyed diff with nothing added, removed or changed. */
function unchangedKeyed(rows: number, columns: string[], keys: string[]): KeyedDiff {
  const keyNames = new Set(keys.map((key) => key.toLowerCase()));
  const columnChanges = Object.fromEntries(columns.filter((column) => !keyNames.has(column.toLowerCase())).map((column) => [column, 0]));
  return { added: 0, removed: 0, changed: 0, unchanged: rows, columnChanges, duplicateKeys: { prod: 0, pr: 0 }, samples: { added: [], removed: [], changed: [] } };
}

/** The keyed diff query, and the duplicate-key query when the counts show duplicates. */
async function keyedDiff(adapter: Adapter, plan: KeyedDiffPlan, layout: SamplesLayout, sampleSize: number): Promise<{ keyed: KeyedDiff; rowCounts: { prod: number; pr: number } }> {
  const rows = (await adapter.execute(keyedDiffSql(plan, layout, sampleSize))).rows;
  const rowCounts = { prod: count(rows[0], 'prod_rows'), pr: count(rows[0], 'pr_rows') };
  const keyed = keyedFromCounts(rows[0], plan, rowCounts.prod, rowCounts.pr);
  keyed.samples = samplesFromRows(rows, plan, layout);
  if (rowCounts.prod - keyed.removed !== rowCounts.pr - keyed.added) {
    const duplicates = (await adapter.execute(duplicateKeysSql(plan))).rows[0];
    keyed.duplicateKeys = { prod: count(duplicates, 'dup_prod'), pr: count(duplicates, 'dup_pr') };
  }
  return { keyed, rowCounts };
}

function keyedFromCounts(counts: Row | undefined, plan: KeyedDiffPlan, prodRows: number, prRows: number): KeyedDiff {
  const columnChanges: Record<string, number> = {};
  plan.compared.forEach((column, i) => {
    columnChanges[column.name] = count(counts, `c${i}`);
  });
  const added = count(counts, 'added');
  const removed = count(counts, 'removed');
  const changed = count(counts, 'changed');
  // Without duplicate keys both sides agree on the matched rows; with them the smaller is the better guess.
  const matched = Math.min(prodRows - removed, prRows - added);
  return {
    added,
    removed,
    changed,
    unchanged: Math.max(0, matched - changed),
    columnChanges,
    duplicateKeys: { prod: 0, pr: 0 },
    samples: { added: [], removed: [], changed: [] },
  };
}

function samplesFromRows(rows: Row[], plan: KeyedDiffPlan, layout: SamplesLayout): KeyedDiff['samples'] {
  const samples: KeyedDiff['samples'] = { added: [], removed: [], changed: [] };
  const pick = (row: Row, names: string[], prefix: string): Row => Object.fromEntries(names.map((name, i) => [name, field(row, `${prefix}${i}`) ?? null]));
  for (const row of rows) {
    const kind = field(row, SAMPLE_KIND_COLUMN);
    const before = pick(row, layout.prodColumns, 'p');
    const after = pick(row, layout.prColumns, 'q');
    if (kind === 'added') samples.added.push(after);
    else if (kind === 'removed') samples.removed.push(before);
    else if (kind === 'changed') {
      const key = Object.fromEntries(plan.keys.map((k, i) => [k.prod, field(row, `pk${i}`) ?? null]));
      samples.changed.push({ key, before, after });
    }
  }
  return samples;
}
