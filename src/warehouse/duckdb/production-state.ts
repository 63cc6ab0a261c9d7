/**
 * Production's record of what it holds, as DuckDB SQL: one row per successful promotion in
 * `dailies_state.promotions` of the production database, the newest row being what production
 * holds now. Written inside the publish transaction; older rows are kept (a short history) up to
 * `KEEP` rows.
 */
import type { ProductionState, TransactionScope } from '../adapter.js';
import { schemaName } from './ddl.js';
import type { Query } from './introspection.js';
import { findRelation } from './introspection.js';

export const STATE_SCHEMA = 'dailies_state';
export const STATE_TABLE = 'promotions';
/** Rows kept: the newest few promotions (each holds a whole manifest). */
const KEEP = 20;

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

function stateTable(database: string): string {
  return `${schemaName(database, STATE_SCHEMA)}.${quote(STATE_TABLE)}`;
}

export async function readProductionState(query: Query, database: string): Promise<ProductionState | null> {
  if (!(await findRelation(query, database, STATE_SCHEMA, STATE_TABLE))) return null;
  const { rows } = await query(
    `select commit_sha, manifest_sha256, manifest_json, node_count, strftime(promoted_at, '%Y-%m-%dT%H:%M:%S.%gZ') as promoted_at
     from ${stateTable(database)} order by sequence desc limit 1`,
  );
  const row = rows[0];
  if (!row) return null;
  return {
    commitSha: String(row.commit_sha),
    manifestSha256: String(row.manifest_sha256),
    manifestJson: String(row.manifest_json),
    nodeCount: Number(row.node_count),
    promotedAt: String(row.promoted_at),
  };
}

export async function recordProductionState(tx: TransactionScope, database: string, state: ProductionState): Promise<void> {
  const table = stateTable(database);
  await tx.execute(`create schema if not exists ${schemaName(database, STATE_SCHEMA)}`);
  await tx.execute(
    `create table if not exists ${table} (
       sequence bigint not null,
       commit_sha varchar not null,
       manifest_sha256 varchar not null,
       manifest_json varchar not null,
       node_count integer not null,
       promoted_at timestamp not null
     )`,
  );
  await tx.execute(
    `insert into ${table} select coalesce(max(sequence), 0) + 1, ?, ?, ?, ?, cast(? as timestamp) from ${table}`,
    [state.commitSha, state.manifestSha256, state.manifestJson, state.nodeCount, state.promotedAt.replace(/Z$/, '')],
  );
  await tx.execute(`delete from ${table} where sequence <= (select max(sequence) from ${table}) - ${KEEP}`);
}
