/**
 * A snapshot update on Snowflake in three statements on one session: the snapshot query's rows
 * staged in a TEMPORARY table (gone with the session, seen by no other), one query that reads the
 * staged columns from its result's metadata and counts duplicated keys, and one MERGE that closes
 * the changed versions and inserts the new ones (hard deletes included). Adding columns the query
 * gained (rare) costs one ALTER each on top.
 */
import type { ColumnMeta, SnapshotUpdate } from '../adapter.js';
import * as ddl from './ddl.js';
import type { SnowflakeResult } from './pool.js';

/** Runs one statement on the session (`multiStatement`: the text starts with the snapshot's sql_header). */
export type SessionRun = (sql: string, multiStatement?: boolean) => Promise<SnowflakeResult>;

const DUPLICATES = 'DAILIES_DUPLICATE_KEYS';

function lowerUnquoted(name: string): string {
  return /^[A-Z_][A-Z0-9_$]*$/.test(name) ? name.toLowerCase() : name;
}

export async function applySnapshotOnSession(run: SessionRun, render: (relation: SnapshotUpdate['staged']) => string, update: SnapshotUpdate): Promise<number> {
  const staged = render(update.staged);
  const stage = ddl.createTemporaryTableAsSql(staged, update.stageSql.replace(/[\s;]+$/, ''));
  const headed = ddl.withSqlHeader(update.sqlHeader, stage);
  await run(headed, headed !== stage);
  const inspected = await run(ddl.snapshotInspectSql(staged, update.keyColumns));
  const columns: ColumnMeta[] = [];
  inspected.columns.forEach((column, index) => {
    if (column.name.toUpperCase() !== DUPLICATES) columns.push({ name: lowerUnquoted(column.name), dataType: inspected.dataTypes[index]!, nullable: true });
  });
  const duplicates = inspected.rows[0]?.[inspected.columns.find((column) => column.name.toUpperCase() === DUPLICATES)?.name ?? DUPLICATES];
  const { changesSql, columns: written } = await update.plan({ columns, duplicateKeys: Number(duplicates ?? 0) });
  const merged = await run(ddl.snapshotMergeSql(render(update.target), changesSql, written, { scdId: update.scdIdColumn, validTo: update.validToColumn, isCurrent: update.isCurrent }));
  const inserted = Object.entries(merged.rows[0] ?? {}).find(([name]) => name.toLowerCase() === 'number of rows inserted')?.[1];
  return Number(inserted ?? 0);
}
