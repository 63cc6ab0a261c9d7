/**
 * dbt's catalog for DuckDB: the tables and views of some schemas with their columns
 * (`duckdb_tables()`, `duckdb_views()`, `duckdb_columns()`), each table's exact row count, and the
 * storage it takes: the distinct blocks its segments live in (`pragma_storage_info`) times the
 * database's block size. In-memory tables have no blocks, so no byte count.
 */
import type { CatalogRelation } from '../adapter.js';
import { dialectFor } from '../dialect.js';
import type { Query } from './introspection.js';

const BATCH = 200;
const { quoteIdentifier } = dialectFor('duckdb');
const quoteString = (text: string): string => `'${text.replace(/'/g, "''")}'`;

export async function queryCatalog(query: Query, schemas: { database: string; schema: string }[]): Promise<CatalogRelation[]> {
  if (schemas.length === 0) return [];
  const wanted = schemas.map(() => '(lower(r.database_name) = lower(?) and lower(r.schema_name) = lower(?))').join(' or ');
  const { rows } = await query(
    `with r as (
       select database_name, schema_name, table_name as name, 'table' as kind, comment from duckdb_tables() where not temporary
       union all
       select database_name, schema_name, view_name as name, 'view' as kind, comment from duckdb_views() where not internal and not temporary
     )
     select r.database_name, r.schema_name, r.name, r.kind, r.comment,
            c.column_name, c.data_type, c.is_nullable, c.column_index, c.comment as column_comment
     from r left join duckdb_columns() c
       on c.database_name = r.database_name and c.schema_name = r.schema_name and c.table_name = r.name
     where ${wanted}
     order by r.database_name, r.schema_name, r.name, c.column_index`,
    schemas.flatMap((entry) => [entry.database, entry.schema]),
  );
  const relations = new Map<string, CatalogRelation>();
  for (const row of rows) {
    const key = `${row.database_name}.${row.schema_name}.${row.name}`;
    let relation = relations.get(key);
    if (!relation) {
      relation = {
        database: String(row.database_name),
        schema: String(row.schema_name),
        identifier: String(row.name),
        type: row.kind === 'view' ? 'view' : 'table',
        comment: row.comment === null || row.comment === undefined ? null : String(row.comment),
        columns: [],
        rowCount: null,
        bytes: null,
      };
      relations.set(key, relation);
    }
    if (row.column_name !== null && row.column_name !== undefined) {
      relation.columns.push({
        name: String(row.column_name),
        dataType: String(row.data_type),
        nullable: row.is_nullable !== false,
        index: Number(row.column_index),
        comment: row.column_comment === null || row.column_comment === undefined ? null : String(row.column_comment),
      });
    }
  }
  const tables = [...relations.values()].filter((relation) => relation.type === 'table');
  await fillStatistics(query, tables);
  return [...relations.values()];
}

async function fillStatistics(query: Query, tables: CatalogRelation[]): Promise<void> {
  if (tables.length === 0) return;
  const sizes = await query('select database_name, block_size from pragma_database_size()');
  const blockSize = new Map(sizes.rows.map((row) => [String(row.database_name), Number(row.block_size)]));
  for (let start = 0; start < tables.length; start += BATCH) {
    const batch = tables.slice(start, start + BATCH);
    const sql = batch
      .map((table, index) => {
        const name = [String(table.database), table.schema, table.identifier].map((part) => quoteIdentifier(part)).join('.');
        return `select ${index} as i,
                  (select count(*) from ${name}) as row_count,
                  (select count(distinct block_id) from pragma_storage_info(${quoteString(name)}) where block_id is not null) as blocks`;
      })
      .join('\nunion all\n');
    const { rows } = await query(sql);
    for (const row of rows) {
      const table = batch[Number(row.i)]!;
      table.rowCount = Number(row.row_count);
      const blocks = Number(row.blocks);
      const size = blockSize.get(String(table.database));
      table.bytes = blocks > 0 && size !== undefined ? blocks * size : null;
    }
  }
}
