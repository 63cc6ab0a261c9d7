/**
 * Snowflake type names: canonical forms (so `INT` and `NUMBER(38,0)` compare equal), the types a
 * user may write (anything else is refused), seed column types, and SQL fragments.
 */
import { DailiesError } from '../../errors.js';
import type { SeedKind } from '../adapter.js';
import { HASH_NULL_MARKER, HASH_SEPARATOR } from '../duckdb/types.js';

const INTEGERS = new Set(['INT', 'INTEGER', 'BIGINT', 'SMALLINT', 'TINYINT', 'BYTEINT']);
const ALIASES: Record<string, string> = {
  NUMBER: 'NUMBER',
  DECIMAL: 'NUMBER',
  NUMERIC: 'NUMBER',
  FLOAT: 'FLOAT',
  FLOAT4: 'FLOAT',
  FLOAT8: 'FLOAT',
  DOUBLE: 'FLOAT',
  'DOUBLE PRECISION': 'FLOAT',
  REAL: 'FLOAT',
  VARCHAR: 'VARCHAR',
  STRING: 'VARCHAR',
  TEXT: 'VARCHAR',
  CHAR: 'VARCHAR',
  CHARACTER: 'VARCHAR',
  NCHAR: 'VARCHAR',
  NVARCHAR: 'VARCHAR',
  NVARCHAR2: 'VARCHAR',
  'CHAR VARYING': 'VARCHAR',
  'NCHAR VARYING': 'VARCHAR',
  'CHARACTER VARYING': 'VARCHAR',
  BOOLEAN: 'BOOLEAN',
  BOOL: 'BOOLEAN',
  DATE: 'DATE',
  TIME: 'TIME',
  DATETIME: 'TIMESTAMP_NTZ',
  TIMESTAMP: 'TIMESTAMP_NTZ',
  TIMESTAMP_NTZ: 'TIMESTAMP_NTZ',
  'TIMESTAMP WITHOUT TIME ZONE': 'TIMESTAMP_NTZ',
  TIMESTAMP_LTZ: 'TIMESTAMP_LTZ',
  'TIMESTAMP WITH LOCAL TIME ZONE': 'TIMESTAMP_LTZ',
  TIMESTAMP_TZ: 'TIMESTAMP_TZ',
  'TIMESTAMP WITH TIME ZONE': 'TIMESTAMP_TZ',
  BINARY: 'BINARY',
  VARBINARY: 'BINARY',
  VARIANT: 'VARIANT',
  OBJECT: 'OBJECT',
  ARRAY: 'ARRAY',
  GEOGRAPHY: 'GEOGRAPHY',
  GEOMETRY: 'GEOMETRY',
  VECTOR: 'VECTOR',
};

const SHAPE = /^([A-Za-z][A-Za-z0-9_]*(?: [A-Za-z][A-Za-z0-9_]*)*)\s*(?:\(\s*([^()]*)\s*\))?$/;

/** Canonical upper-case name; lengths and timestamp precisions dropped, NUMBER always with (p,s). Null for a type Snowflake does not have. */
export function canonicalSnowflakeType(dataType: string): string | null {
  const match = SHAPE.exec(dataType.trim().replace(/\s+/g, ' '));
  if (!match) return null;
  const name = match[1]!.toUpperCase();
  const args = (match[2] ?? '').split(',').map((arg) => arg.trim()).filter((arg) => arg !== '');
  if (INTEGERS.has(name)) return args.length === 0 ? 'NUMBER(38,0)' : null;
  const canonical = ALIASES[name];
  if (!canonical) return null;
  if (canonical === 'NUMBER') {
    if (args.some((arg) => !/^\d+$/.test(arg)) || args.length > 2) return null;
    return `NUMBER(${args[0] ?? '38'},${args[1] ?? '0'})`;
  }
  if (canonical === 'VECTOR') return args.length === 2 ? `VECTOR(${args[0]!.toUpperCase()},${args[1]})` : null;
  return canonical;
}

export function normalizeSnowflakeType(dataType: string): string {
  return canonicalSnowflakeType(dataType) ?? dataType.trim().toUpperCase();
}

export function isSnowflakeNumericType(dataType: string): boolean {
  const canonical = normalizeSnowflakeType(dataType);
  return canonical === 'FLOAT' || canonical.startsWith('NUMBER(');
}

/** The type as Snowflake names it, or a DailiesError for a type Snowflake cannot create a column of. */
export function resolveSnowflakeType(dataType: string): string {
  const canonical = canonicalSnowflakeType(dataType);
  if (canonical === null) {
    throw new DailiesError('warehouse', `'${dataType}' is not a Snowflake column type`, {
      hint: 'use a Snowflake type: number(p,s), integer, float, varchar, boolean, date, time, timestamp_ntz, timestamp_tz, binary, variant, object, array',
    });
  }
  return canonical;
}

const SEED_TYPES: Record<SeedKind, string> = {
  boolean: 'BOOLEAN',
  integer: 'NUMBER(38,0)',
  bigint: 'NUMBER(38,0)',
  float: 'FLOAT',
  date: 'DATE',
  timestamp: 'TIMESTAMP_NTZ',
  text: 'VARCHAR',
};

export function snowflakeSeedType(kind: SeedKind): string {
  return SEED_TYPES[kind];
}

/** md5 over the values as text joined by a separator, NULLs as a marker: the same text hashes as on DuckDB. */
export function snowflakeHashExpression(expressions: string[]): string {
  if (expressions.length === 0) return "md5('')";
  const parts = expressions.map((expression) => `coalesce(cast(${expression} as varchar), '${HASH_NULL_MARKER}')`);
  return `md5(${parts.join(` || '${HASH_SEPARATOR}' || `)})`;
}

/** Snowflake's 64-bit HASH over the values (NULL-safe). */
export function snowflakeFastHashExpression(expressions: string[]): string {
  return `hash(${expressions.join(', ')})`;
}

/**
 * Snowflake's HASH_AGG: one order-independent 64-bit hash of every row's values (NULLs included;
 * 0 for no rows). The columns are listed rather than `*` so that two tables whose columns are
 * ordered differently but hold the same rows hash alike.
 */
export function snowflakeTableHashExpression(expressions: string[]): string {
  return `hash_agg(${expressions.join(', ')})`;
}

/** The current time in UTC, as TIMESTAMP_NTZ (dbt-snowflake's snapshot time). */
export function snowflakeCurrentTimestamp(): string {
  return "convert_timezone('UTC', current_timestamp())::timestamp_ntz";
}
