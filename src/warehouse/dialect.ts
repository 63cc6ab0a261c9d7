/**
 * The naming rules of each warehouse, available without a connection (the compiler renders
 * relation names before anything connects). Adapters use the same rules.
 */
import type { Relation } from './adapter.js';
import { duckdbDatabaseName } from './duckdb/database-name.js';

export interface Dialect {
  readonly type: string;
  quoteIdentifier(name: string): string;
  /** How the warehouse stores an unquoted identifier. */
  normalizeIdentifier(name: string): string;
  renderRelation(relation: Relation): string;
  /**
   * The database a target's relations live in when its profile names none, known without
   * connecting (null: unknown until connected).
   */
  defaultDatabase(target: { type: string; path?: unknown }): string | null;
}

function doubleQuote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

const PARTS = ['database', 'schema', 'identifier'] as const;

/** `quote(name, quoted)`: `quoted` when the relation's `quoting` names that part. */
function renderWith(quote: (name: string, quoted: boolean) => string) {
  return (relation: Relation): string => {
    // a loop, not map/filter/join: the compiler renders a relation for every ref of every node
    let text = '';
    for (const part of PARTS) {
      const name = relation[part];
      if (name === null || name === undefined || name === '') continue;
      const quoted = quote(name, relation.quoting?.[part] === true);
      text = text === '' ? quoted : `${text}.${quoted}`;
    }
    return text;
  };
}

const duckdb: Dialect = {
  type: 'duckdb',
  quoteIdentifier: doubleQuote,
  normalizeIdentifier: (name) => name,
  renderRelation: renderWith((name) => doubleQuote(name)),
  // the catalog DuckDB names after the file, as dbt-duckdb does
  defaultDatabase: (target) => (target.type === 'duckdb' ? duckdbDatabaseName(target.path) || null : null),
};

/**
 * Snowflake upper-cases unquoted identifiers; we quote the upper-cased form so both spellings
 * agree. A part the relation's `quoting` names is quoted as written: case-sensitive.
 */
const snowflakeNormalize = (name: string): string => (/^[A-Za-z_][A-Za-z0-9_$]*$/.test(name) ? name.toUpperCase() : name);
const snowflake: Dialect = {
  type: 'snowflake',
  quoteIdentifier: doubleQuote,
  normalizeIdentifier: snowflakeNormalize,
  renderRelation: renderWith((name, quoted) => doubleQuote(quoted ? name : snowflakeNormalize(name))),
  // a Snowflake profile names its database (`database:` is required)
  defaultDatabase: () => null,
};

const dialects: Record<string, Dialect> = { duckdb, snowflake };

export function dialectFor(type: string): Dialect {
  const dialect = dialects[type];
  if (!dialect) throw new Error(`no dialect for warehouse type '${type}'`);
  return dialect;
}
