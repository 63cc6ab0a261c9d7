/**
 * dbt's catalog for Snowflake: the tables and views of some schemas with their columns (from the
 * adapter's metadata cache) and, for tables, the row count and bytes `information_schema.tables`
 * keeps (null where the account does not say).
 */
import type { CatalogRelation, ColumnMeta, RelationInfo } from '../adapter.js';
import { dialectFor } from '../dialect.js';

const dialect = dialectFor('snowflake');
const quote = (name: string): string => dialect.quoteIdentifier(dialect.normalizeIdentifier(name));

export interface CatalogSource {
  relations(database: string, schema: string): Promise<RelationInfo[]>;
  columns(relation: RelationInfo): Promise<ColumnMeta[]>;
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

const field = (row: Record<string, unknown>, name: string): unknown => row[name] ?? row[name.toUpperCase()];
const numberOrNull = (value: unknown): number | null => (value === null || value === undefined || value === '' ? null : Number(value));

export async function snowflakeCatalog(source: CatalogSource, schemas: { database: string; schema: string }[]): Promise<CatalogRelation[]> {
  const out: CatalogRelation[] = [];
  for (const { database, schema } of schemas) {
    const relations = await source.relations(database, schema);
    if (relations.length === 0) continue;
    const stats = new Map<string, { rows: number | null; bytes: number | null }>();
    try {
      const { rows } = await source.query(`select table_name, row_count, bytes from ${quote(database)}.information_schema.tables where table_schema = ?`, [dialect.normalizeIdentifier(schema)]);
      for (const row of rows) stats.set(String(field(row, 'table_name')), { rows: numberOrNull(field(row, 'row_count')), bytes: numberOrNull(field(row, 'bytes')) });
    } catch {
      // statistics are a nicety: the catalog still lists every relation and column
    }
    for (const relation of relations) {
      const columns = await source.columns(relation);
      const stat = relation.type === 'view' ? undefined : stats.get(relation.identifier);
      out.push({
        ...relation,
        columns: columns.map((column, index) => ({ ...column, index: index + 1, comment: null })),
        comment: null,
        rowCount: stat?.rows ?? null,
        bytes: stat?.bytes ?? null,
      });
    }
  }
  return out;
}
