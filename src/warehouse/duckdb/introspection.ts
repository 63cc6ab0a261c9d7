/**
 * Catalog queries: relations, columns and schemas, read from DuckDB's `duckdb_tables()`,
 * `duckdb_views()`, `duckdb_columns()` and `duckdb_schemas()`. Names are matched the way DuckDB
 * resolves them (case-insensitively) and returned as stored.
 */
import type { ColumnMeta, RelationInfo, RelationType } from '../adapter.js';

export type Query = (sql: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

const RELATIONS_SQL = `
select database_name, schema_name, table_name as name, 'table' as kind from duckdb_tables()
union all
select database_name, schema_name, view_name as name, 'view' as kind from duckdb_views() where not internal`;

function toInfo(row: Record<string, unknown>): RelationInfo {
  return {
    database: String(row.database_name),
    schema: String(row.schema_name),
    identifier: String(row.name),
    type: row.kind === 'view' ? 'view' : 'table',
  };
}

export async function findRelation(query: Query, database: string, schema: string, identifier: string): Promise<RelationInfo | null> {
  const { rows } = await query(
    `select * from (${RELATIONS_SQL}) where lower(database_name) = lower(?) and lower(schema_name) = lower(?) and lower(name) = lower(?)
     order by (name = ?) desc limit 1`,
    [database, schema, identifier, identifier],
  );
  return rows.length > 0 ? toInfo(rows[0]) : null;
}

export async function findRelations(query: Query, database: string, schema: string): Promise<RelationInfo[]> {
  const { rows } = await query(
    `select * from (${RELATIONS_SQL}) where lower(database_name) = lower(?) and lower(schema_name) = lower(?) order by name`,
    [database, schema],
  );
  return rows.map(toInfo);
}

export async function findColumns(query: Query, database: string, schema: string, identifier: string): Promise<ColumnMeta[]> {
  const { rows } = await query(
    `select column_name, data_type, is_nullable from duckdb_columns()
     where lower(database_name) = lower(?) and lower(schema_name) = lower(?) and lower(table_name) = lower(?)
     order by column_index`,
    [database, schema, identifier],
  );
  return rows.map((row) => ({
    name: String(row.column_name),
    dataType: String(row.data_type),
    nullable: row.is_nullable !== false,
  }));
}

export async function findSchemaColumns(query: Query, database: string, schema: string): Promise<Map<string, ColumnMeta[]>> {
  const { rows } = await query(
    `select table_name, column_name, data_type, is_nullable from duckdb_columns()
     where lower(database_name) = lower(?) and lower(schema_name) = lower(?)
     order by table_name, column_index`,
    [database, schema],
  );
  const byRelation = new Map<string, ColumnMeta[]>();
  for (const row of rows) {
    const key = String(row.table_name).toLowerCase();
    const columns = byRelation.get(key) ?? [];
    columns.push({ name: String(row.column_name), dataType: String(row.data_type), nullable: row.is_nullable !== false });
    byRelation.set(key, columns);
  }
  return byRelation;
}

export async function findSchema(query: Query, database: string, schema: string): Promise<boolean> {
  const { rows } = await query(
    'select 1 as found from duckdb_schemas() where lower(database_name) = lower(?) and lower(schema_name) = lower(?)',
    [database, schema],
  );
  return rows.length > 0;
}

export async function findSchemas(query: Query, database: string): Promise<string[]> {
  const { rows } = await query('select schema_name from duckdb_schemas() where lower(database_name) = lower(?) order by schema_name', [database]);
  return rows.map((row) => String(row.schema_name));
}

/** The DDL keyword for a relation kind (`external`/`unknown` relations are tables in DuckDB). */
export function ddlKeyword(type: RelationType): 'TABLE' | 'VIEW' {
  return type === 'view' ? 'VIEW' : 'TABLE';
}

/**
 * The tables of `schema` whose foreign keys reference `identifier` (DuckDB refuses to drop or
 * replace a table another references), each with the tables its own foreign keys reference.
 */
export async function findForeignKeyDependents(query: Query, database: string, schema: string, identifier: string): Promise<{ identifier: string; references: string[] }[]> {
  const { rows } = await query(
    `select table_name, list(distinct referenced_table) as refs from duckdb_constraints()
     where constraint_type = 'FOREIGN KEY' and lower(database_name) = lower(?) and lower(schema_name) = lower(?)
       and table_name in (select table_name from duckdb_constraints() where constraint_type = 'FOREIGN KEY' and lower(database_name) = lower(?) and lower(schema_name) = lower(?) and lower(referenced_table) = lower(?))
     group by table_name order by table_name`,
    [database, schema, database, schema, identifier],
  );
  return rows.map((row) => ({ identifier: String(row.table_name), references: (row.refs as unknown[]).map(String) }));
}
