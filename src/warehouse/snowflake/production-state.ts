/**
 * Production's record of what it holds (the commit and manifest of the last promotion), as
 * Snowflake SQL, in `DAILIES_STATE.PROMOTIONS` of the production database: one row per promotion,
 * the newest being what production holds. Shaped for the `readProductionState` /
 * `recordProductionState` methods of the adapter seam that the `safety` branch adds; not yet called
 * on this branch. On Snowflake, DDL commits a transaction, so the table is created before the
 * caller's first write and the insert is what joins the publish transaction; with a schema-swap
 * publish the record cannot share the SWAP's atomicity (see docs/snowflake.md).
 */
import type { TransactionScope } from '../adapter.js';
import { quote } from './ddl.js';
import type { MetadataCache } from './introspection.js';

export interface ProductionStateRecord {
  commitSha: string;
  manifestSha256: string;
  manifestJson: string;
  nodeCount: number;
  /** ISO 8601, UTC. */
  promotedAt: string;
}

export const STATE_SCHEMA = 'DAILIES_STATE';
export const STATE_TABLE = 'PROMOTIONS';
const KEEP = 20;

/** `YYYY-MM-DD HH:MM:SS[.ffffff]` (the adapter's TIMESTAMP_NTZ form, UTC) → `YYYY-MM-DDTHH:MM:SS.mmmZ`. */
function isoUtc(text: string): string {
  const [day, time = '00:00:00'] = text.split(' ');
  const [clock, fraction = ''] = time.split('.');
  return `${day}T${clock}.${fraction.padEnd(3, '0').slice(0, 3)}Z`;
}

type Query = (sql: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

const stateTable = (database: string): string => `${quote(database)}.${quote(STATE_SCHEMA)}.${quote(STATE_TABLE)}`;

export async function readProductionState(query: Query, metadata: MetadataCache, database: string): Promise<ProductionStateRecord | null> {
  if (!(await metadata.relation(database, STATE_SCHEMA, STATE_TABLE))) return null;
  const { rows } = await query(
    `select commit_sha, manifest_sha256, manifest_json, node_count, promoted_at from ${stateTable(database)} order by sequence desc limit 1`,
  );
  const row = rows[0];
  if (!row) return null;
  return {
    commitSha: String(row.commit_sha),
    manifestSha256: String(row.manifest_sha256),
    manifestJson: String(row.manifest_json),
    nodeCount: Number(row.node_count),
    promotedAt: isoUtc(String(row.promoted_at)),
  };
}

/** The table is created only when missing: even `create … if not exists` is DDL, which would commit the caller's transaction. */
export async function recordProductionState(tx: TransactionScope, metadata: MetadataCache, database: string, state: ProductionStateRecord): Promise<void> {
  const table = stateTable(database);
  if (!(await metadata.relation(database, STATE_SCHEMA, STATE_TABLE))) {
    await tx.execute(`create schema if not exists ${quote(database)}.${quote(STATE_SCHEMA)}`);
    await tx.execute(
      `create table if not exists ${table} (sequence number(38,0) not null, commit_sha varchar not null, manifest_sha256 varchar not null, manifest_json varchar not null, node_count number(38,0) not null, promoted_at timestamp_ntz not null)`,
    );
  }
  await tx.execute(
    `insert into ${table} select coalesce(max(sequence), 0) + 1, ?, ?, ?, cast(? as number(38,0)), cast(? as timestamp_ntz) from ${table}`,
    [state.commitSha, state.manifestSha256, state.manifestJson, state.nodeCount, state.promotedAt.replace(/Z$/, '')],
  );
  await tx.execute(`delete from ${table} where sequence <= (select max(sequence) from ${table}) - ${KEEP}`);
}
