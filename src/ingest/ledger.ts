/**
 * The load ledger: one row per landing-zone object loaded, written in the same transaction as the
 * object's rows, so "is it loaded?" and "are its rows there?" can never disagree.
 * Plain ANSI SQL through the adapter only.
 */
import type { Adapter, Relation, TransactionScope } from '../warehouse/adapter.js';

export const LEDGER_TABLE = '_dailies_load_ledger';

export interface LedgerEntry {
  objectKey: string;
  etag: string;
  sizeBytes: number;
  tableName: string;
  rowCount: number;
}

export function ledgerRelation(adapter: Adapter, schema: string): Relation {
  return { database: adapter.defaultDatabase, schema, identifier: LEDGER_TABLE };
}

/** Creates the schema and the ledger table when missing. */
export async function ensureLedger(adapter: Adapter, schema: string): Promise<Relation> {
  const relation = ledgerRelation(adapter, schema);
  if (!(await adapter.schemaExists(relation.database, schema))) await adapter.createSchema(relation.database, schema);
  if (!(await adapter.getRelation(relation))) {
    const q = (name: string) => adapter.quoteIdentifier(name);
    await adapter.execute(
      `create table ${adapter.renderRelation(relation)} (${q('object_key')} varchar, ${q('etag')} varchar, ${q('size_bytes')} bigint, ` +
        `${q('table_name')} varchar, ${q('row_count')} bigint, ${q('loaded_at')} timestamp)`,
    );
  }
  return relation;
}

export async function readLedger(adapter: Adapter, relation: Relation): Promise<Map<string, LedgerEntry>> {
  const q = (name: string) => adapter.quoteIdentifier(name);
  const result = await adapter.execute(
    `select ${q('object_key')} as k, ${q('etag')} as e, ${q('size_bytes')} as s, ${q('table_name')} as t, ${q('row_count')} as r from ${adapter.renderRelation(relation)}`,
  );
  const entries = new Map<string, LedgerEntry>();
  for (const row of result.rows) {
    const key = String(row.k);
    entries.set(key, { objectKey: key, etag: String(row.e ?? ''), sizeBytes: Number(row.s), tableName: String(row.t), rowCount: Number(row.r) });
  }
  return entries;
}

export async function recordLoad(tx: TransactionScope, adapter: Adapter, relation: Relation, entry: LedgerEntry, loadedAtSql: string): Promise<void> {
  const q = (name: string) => adapter.quoteIdentifier(name);
  await tx.execute(
    `insert into ${adapter.renderRelation(relation)} (${['object_key', 'etag', 'size_bytes', 'table_name', 'row_count', 'loaded_at'].map(q).join(', ')}) ` +
      `values (${sqlString(entry.objectKey)}, ${sqlString(entry.etag)}, ${Math.trunc(entry.sizeBytes)}, ${sqlString(entry.tableName)}, ${Math.trunc(entry.rowCount)}, ${loadedAtSql})`,
  );
}

export async function forgetLoad(tx: TransactionScope, adapter: Adapter, relation: Relation, objectKey: string): Promise<void> {
  await tx.execute(`delete from ${adapter.renderRelation(relation)} where ${adapter.quoteIdentifier('object_key')} = ${sqlString(objectKey)}`);
}

/** An ANSI SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** An ANSI SQL timestamp literal (UTC, milliseconds). */
export function sqlTimestamp(date: Date): string {
  return `timestamp '${date.toISOString().replace('T', ' ').replace('Z', '')}'`;
}
