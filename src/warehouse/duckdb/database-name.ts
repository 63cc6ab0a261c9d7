/**
 * The name DuckDB gives the database of a file it opens (`current_database()`), known without
 * opening it: the first non-empty dot-separated part of the file name (`prod.duckdb` → `prod`,
 * `my.db.duckdb` → `my`, `.hidden.duckdb` → `hidden`), `memory` in memory. dbt-duckdb names a
 * target's database the same way (its `path_derived_database_name`), so manifests written before
 * anything connects name the database the build will use.
 */
export function duckdbDatabaseName(path: unknown): string {
  if (path === undefined || path === null || path === ':memory:') return 'memory';
  const text = String(path);
  // the path part of a URI-like path (`s3://bucket/x.duckdb?…`), as dbt-duckdb's urlparse reads it
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(text)?.[0] ?? '';
  const filePath = text.slice(scheme.length).replace(/^\/\/[^/]*/, '').replace(/[?#].*$/, '');
  const file = filePath.slice(Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\')) + 1);
  return file.replace(/^\.+/, '').split('.')[0] ?? '';
}
