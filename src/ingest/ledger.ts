/**
 * The load ledger: one row per landing-zone object loaded, written in the same transaction as the
 * object's rows, so "is it loaded?" and "are its rows there?" can never disagree. Each row has a
 * `load_id`; the RAW rows of that load carry it in `_load_id` (join on it to find a row's file).
 *
 * Load ids are `max(load_id) + 1`, taken inside the file's transaction: loads into one RAW schema
 * are single-writer (one `dailies load` at a time), which is what makes that unique.
 * Plain ANSI SQL through the adapter only.
 */
import type { Adapter, Relation, TransactionScope } from '../warehouse/adapter.js';
import { LOAD_ID_COLUMN, earlierVersionError } from './raw-table.js';

export const LEDGER_TABLE = '_dailies_load_ledger';

export interface LedgerEntry {
  loadId: number;
  objectKey: string;
  etag: string;
  sizeBytes: number;
  tableName: string;
  rowCount: number;
}

const COLUMNS = ['load_id', 'object_key', 'etag', 'size_bytes', 'table_name', 'row_count', 'loaded_at'] as const;

export function ledgerRelation(adapter: Adapter, schema: string): Relation {
  return { database: adapter.defaultDatabase, schema, identifier: LEDGER_TABLE };
}

/**
 * Creates the schema and the ledger table when missing. A ledger without `load_id` (made by an
 * earlier version of `dailies load`) is refused before anything loads.
 */
export async function ensureLedger(adapter: Adapter, schema: string): Promise<Relation> {
  const relation = ledgerRelation(adapter, schema);
  if (!(await adapter.schemaExists(relation.database, schema))) await adapter.createSchema(relation.database, schema);
  if (await adapter.getRelation(relation)) {
    const columns = (await adapter.getColumns(relation)).map((column) => column.name.toLowerCase());
    if (!columns.includes('load_id')) throw earlierVersionError(`the load ledger ${schema}.${LEDGER_TABLE}`, 'has no load_id column', schema);
    return relation;
  }
  const q = (name: string) => adapter.quoteIdentifier(name);
  await adapter.execute(
    `create table ${adapter.renderRelation(relation)} (${q('load_id')} bigint not null unique, ${q('object_key')} varchar, ${q('etag')} varchar, ` +
      `${q('size_bytes')} bigint, ${q('table_name')} varchar, ${q('row_count')} bigint, ${q('loaded_at')} timestamp)`,
  );
  return relation;
}

export async function readLedger(adapter: Adapter, relation: Relation): Promise<Map<string, LedgerEntry>> {
  const q = (name: string) => adapter.quoteIdentifier(name);
  const result = await adapter.execute(
    `select ${q('load_id')} as i, ${q('object_key')} as k, ${q('etag')} as e, ${q('size_bytes')} as s, ${q('table_name')} as t, ${q('row_count')} as r ` +
      `from ${adapter.renderRelation(relation)}`,
  );
  const entries = new Map<string, LedgerEntry>();
  for (const row of result.rows) {
    const key = String(row.k);
    entries.set(key, {
      loadId: Number(row.i),
      objectKey: key,
      etag: String(row.e ?? ''),
      sizeBytes: Number(row.s),
      tableName: String(row.t),
      rowCount: Number(row.r),
    });
  }
  return entries;
}

/** The next load id, `max(load_id) + 1` (1 for an empty ledger); call inside the file's transaction. */
export async function nextLoadId(tx: TransactionScope, adapter: Adapter, relation: Relation): Promise<number> {
  const result = await tx.execute(`select coalesce(max(${adapter.quoteIdentifier('load_id')}), 0) + 1 as n from ${adapter.renderRelation(relation)}`);
  return Number(result.rows[0]?.n);
}

export async function recordLoad(tx: TransactionScope, adapter: Adapter, relation: Relation, entry: LedgerEntry, loadedAtSql: string): Promise<void> {
  const values = [
    Math.trunc(entry.loadId),
    sqlString(entry.objectKey),
    sqlString(entry.etag),
    Math.trunc(entry.sizeBytes),
    sqlString(entry.tableName),
    Math.trunc(entry.rowCount),
    loadedAtSql,
  ];
  await tx.execute(`insert into ${adapter.renderRelation(relation)} (${COLUMNS.map((name) => adapter.quoteIdentifier(name)).join(', ')}) values (${values.join(', ')})`);
}

/** Undoes a file's earlier load (`--force`), inside the transaction of its new one: its RAW rows and its ledger row. */
export async function forgetLoad(tx: TransactionScope, adapter: Adapter, ledger: Relation, rawTable: Relation, loadId: number): Promise<void> {
  const id = Math.trunc(loadId);
  await tx.execute(`delete from ${adapter.renderRelation(rawTable)} where ${adapter.quoteIdentifier(LOAD_ID_COLUMN)} = ${id}`);
  await tx.execute(`delete from ${adapter.renderRelation(ledger)} where ${adapter.quoteIdentifier('load_id')} = ${id}`);
}

/** An ANSI SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** An ANSI SQL timestamp literal (UTC, milliseconds). */
export function sqlTimestamp(date: Date): string {
  return `timestamp '${date.toISOString().replace('T', ' ').replace('Z', '')}'`;
}
