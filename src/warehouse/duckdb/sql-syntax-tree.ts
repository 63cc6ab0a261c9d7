/**
 * DuckDB's own SQL parser as a library: `json_serialize_sql` turns each SELECT statement into its
 * syntax tree as JSON (no tables need to exist; nothing is bound or run). Used for column-level
 * lineage at docs-generate time. A private in-memory DuckDB does the parsing, so it works without
 * a warehouse connection and for any target's compiled SQL that DuckDB's (PostgreSQL-like)
 * grammar accepts.
 */
import { DuckDBInstance } from '@duckdb/node-api';

/** The parsed tree of one statement, or why it could not be parsed. */
export type SyntaxTree = { ok: true; statement: Record<string, unknown> } | { ok: false; error: string };

export async function parseSelectStatements(sqls: string[]): Promise<SyntaxTree[]> {
  if (sqls.length === 0) return [];
  const instance = await DuckDBInstance.create(':memory:');
  try {
    const connection = await instance.connect();
    try {
      await connection.run('create table dailies_sql (i integer, sql varchar)');
      const appender = await connection.createAppender('dailies_sql');
      sqls.forEach((sql, index) => {
        appender.appendInteger(index);
        appender.appendVarchar(sql.trim().replace(/;+\s*$/, ''));
        appender.endRow();
      });
      appender.closeSync();
      const reader = await connection.runAndReadAll('select i, json_serialize_sql(sql, skip_null := true, skip_empty := true) as tree from dailies_sql order by i');
      return reader.getRows().map((row) => toTree(String(row[1])));
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

function toTree(json: string): SyntaxTree {
  const parsed = JSON.parse(json) as { error: boolean; error_message?: string; statements?: { node: Record<string, unknown> }[] };
  if (parsed.error) return { ok: false, error: parsed.error_message ?? 'DuckDB could not parse the SQL' };
  const statements = parsed.statements ?? [];
  if (statements.length !== 1) return { ok: false, error: `expected one SELECT statement, found ${statements.length}` };
  return { ok: true, statement: statements[0]!.node };
}
