/**
 * The naming rules of each warehouse, available without a connection (the compiler renders
 * relation names before anything connects). Adapters use the same rules.
 */
import type { Relation } from './adapter.js';

export interface Dialect {
  readonly type: string;
  quoteIdentifier(name: string): string;
  /** How the warehouse stores an unquoted identifier. */
  normalizeIdentifier(name: string): string;
  renderRelation(relation: Relation): string;
}

function doubleQuote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function renderWith(quote: (name: string) => string) {
  return (relation: Relation): string =>
    [relation.database, relation.schema, relation.identifier]
      .filter((part): part is string => part !== null && part !== undefined && part !== '')
      .map(quote)
      .join('.');
}

const duckdb: Dialect = {
  type: 'duckdb',
  quoteIdentifier: doubleQuote,
  normalizeIdentifier: (name) => name,
  renderRelation: renderWith(doubleQuote),
};

/** Snowflake upper-cases unquoted identifiers; we quote the upper-cased form so both spellings agree. */
const snowflakeNormalize = (name: string): string => (/^[A-Za-z_][A-Za-z0-9_$]*$/.test(name) ? name.toUpperCase() : name);
const snowflake: Dialect = {
  type: 'snowflake',
  quoteIdentifier: doubleQuote,
  normalizeIdentifier: snowflakeNormalize,
  renderRelation: renderWith((name) => doubleQuote(snowflakeNormalize(name))),
};

const dialects: Record<string, Dialect> = { duckdb, snowflake };

export function dialectFor(type: string): Dialect {
  const dialect = dialects[type];
  if (!dialect) throw new Error(`no dialect for warehouse type '${type}'`);
  return dialect;
}
