/**
 * DuckDB type names: canonical forms (so `INT` and `INTEGER` compare equal), seed column types,
 * and the SQL fragments the engine needs in dialect-neutral places.
 */
import type { SeedKind } from '../adapter.js';

const ALIASES: Record<string, string> = {
  INT: 'INTEGER',
  INT4: 'INTEGER',
  INT32: 'INTEGER',
  INTEGER: 'INTEGER',
  SIGNED: 'INTEGER',
  INT8: 'BIGINT',
  INT64: 'BIGINT',
  BIGINT: 'BIGINT',
  LONG: 'BIGINT',
  INT2: 'SMALLINT',
  INT16: 'SMALLINT',
  SMALLINT: 'SMALLINT',
  SHORT: 'SMALLINT',
  INT1: 'TINYINT',
  TINYINT: 'TINYINT',
  INT128: 'HUGEINT',
  HUGEINT: 'HUGEINT',
  UINT8: 'UTINYINT',
  UINT16: 'USMALLINT',
  UINT32: 'UINTEGER',
  UINT64: 'UBIGINT',
  UINT128: 'UHUGEINT',
  VARCHAR: 'VARCHAR',
  CHAR: 'VARCHAR',
  BPCHAR: 'VARCHAR',
  NVARCHAR: 'VARCHAR',
  TEXT: 'VARCHAR',
  STRING: 'VARCHAR',
  'CHARACTER VARYING': 'VARCHAR',
  CHARACTER: 'VARCHAR',
  BOOL: 'BOOLEAN',
  BOOLEAN: 'BOOLEAN',
  LOGICAL: 'BOOLEAN',
  FLOAT: 'FLOAT',
  FLOAT4: 'FLOAT',
  REAL: 'FLOAT',
  FLOAT8: 'DOUBLE',
  DOUBLE: 'DOUBLE',
  'DOUBLE PRECISION': 'DOUBLE',
  DATETIME: 'TIMESTAMP',
  TIMESTAMP: 'TIMESTAMP',
  TIMESTAMP_NTZ: 'TIMESTAMP',
  'TIMESTAMP WITHOUT TIME ZONE': 'TIMESTAMP',
  TIMESTAMPTZ: 'TIMESTAMP WITH TIME ZONE',
  TIMESTAMP_TZ: 'TIMESTAMP WITH TIME ZONE',
  TIMESTAMP_LTZ: 'TIMESTAMP WITH TIME ZONE',
  'TIMESTAMP WITH TIME ZONE': 'TIMESTAMP WITH TIME ZONE',
  TIMESTAMP_US: 'TIMESTAMP',
  TIMETZ: 'TIME WITH TIME ZONE',
  'TIME WITH TIME ZONE': 'TIME WITH TIME ZONE',
  'TIME WITHOUT TIME ZONE': 'TIME',
  BLOB: 'BLOB',
  BYTEA: 'BLOB',
  BINARY: 'BLOB',
  VARBINARY: 'BLOB',
  NUMERIC: 'DECIMAL',
  DECIMAL: 'DECIMAL',
  NUMBER: 'DECIMAL',
};

/** Splits `a, b(c, d), e` on the commas at nesting depth 0. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '(') depth += 1;
    else if (!quoted && char === ')') depth -= 1;
    else if (!quoted && depth === 0 && char === ',') {
      parts.push(text.slice(start, index).trim());
      start = index + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter((part) => part !== '');
}

function normalizeDecimal(args: string[]): string {
  // DuckDB's defaults: DECIMAL = DECIMAL(18,3); DECIMAL(p) = DECIMAL(p,0). Snowflake's NUMBER(38,0) is too wide; keep as written.
  if (args.length === 0) return 'DECIMAL(18,3)';
  const [precision, scale = '0'] = args;
  return `DECIMAL(${precision},${scale})`;
}

/** `STRUCT("a" INT, b TEXT)` → `STRUCT(a INTEGER, b VARCHAR)`: field names kept (quotes dropped), types normalised. */
function normalizeStructFields(inner: string): string {
  return splitTopLevel(inner)
    .map((field) => {
      const match = /^("(?:[^"]|"")*"|\S+)\s+(.+)$/s.exec(field);
      if (!match) return field;
      const name = match[1].startsWith('"') ? match[1].slice(1, -1).replaceAll('""', '"') : match[1];
      const quotedName = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
      return `${quotedName} ${normalizeDuckDBType(match[2])}`;
    })
    .join(', ');
}

/** Canonical DuckDB type name, upper-case, as `DESCRIBE`/`information_schema` report it. */
export function normalizeDuckDBType(dataType: string): string {
  const text = dataType.trim().replace(/\s+/g, ' ');
  const arraySuffix = /^(.*?)((?:\[\d*\])+)$/s.exec(text);
  if (arraySuffix) return `${normalizeDuckDBType(arraySuffix[1])}${arraySuffix[2]}`;
  const call = /^([A-Za-z_][A-Za-z0-9_ ]*?)\s*\((.*)\)$/s.exec(text);
  if (call) {
    const name = call[1].toUpperCase();
    const canonical = ALIASES[name] ?? name;
    if (canonical === 'DECIMAL') return normalizeDecimal(splitTopLevel(call[2]));
    if (canonical === 'VARCHAR' || canonical === 'BLOB') return canonical;
    if (name === 'STRUCT') return `STRUCT(${normalizeStructFields(call[2])})`;
    if (name === 'MAP' || name === 'UNION') {
      if (name === 'UNION') return `UNION(${normalizeStructFields(call[2])})`;
      return `MAP(${splitTopLevel(call[2]).map(normalizeDuckDBType).join(', ')})`;
    }
    if (name === 'LIST') return `${normalizeDuckDBType(call[2])}[]`;
    return `${canonical}(${splitTopLevel(call[2]).join(',')})`;
  }
  const upper = text.toUpperCase();
  const canonical = ALIASES[upper] ?? upper;
  return canonical === 'DECIMAL' ? normalizeDecimal([]) : canonical;
}

const NUMERIC_TYPES = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT', 'FLOAT', 'DOUBLE']);

/** Integer, decimal and floating-point types: DuckDB compares their values across types. */
export function isDuckDBNumericType(dataType: string): boolean {
  const normalized = normalizeDuckDBType(dataType);
  return NUMERIC_TYPES.has(normalized) || normalized.startsWith('DECIMAL(');
}

/** Signed and unsigned integer types, as the range of values they hold. */
const INTEGER_RANGES: Record<string, [bigint, bigint]> = {
  TINYINT: [-(2n ** 7n), 2n ** 7n - 1n],
  SMALLINT: [-(2n ** 15n), 2n ** 15n - 1n],
  INTEGER: [-(2n ** 31n), 2n ** 31n - 1n],
  BIGINT: [-(2n ** 63n), 2n ** 63n - 1n],
  HUGEINT: [-(2n ** 127n), 2n ** 127n - 1n],
  UTINYINT: [0n, 2n ** 8n - 1n],
  USMALLINT: [0n, 2n ** 16n - 1n],
  UINTEGER: [0n, 2n ** 32n - 1n],
  UBIGINT: [0n, 2n ** 64n - 1n],
};
const SIGNED_INTEGERS = ['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT'];
/** Decimal digits an integer type needs as DECIMAL(p,0) (HUGEINT needs 39: more than a DECIMAL holds). */
const INTEGER_DIGITS: Record<string, number> = { TINYINT: 3, SMALLINT: 5, INTEGER: 10, BIGINT: 19, HUGEINT: 39, UTINYINT: 3, USMALLINT: 5, UINTEGER: 10, UBIGINT: 20 };
const MAX_DECIMAL_WIDTH = 38;

/** [precision, scale] of a DECIMAL or of an integer type seen as DECIMAL(p,0); null for other types. */
function asDecimal(type: string): [number, number] | null {
  const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(type);
  if (decimal) return [Number(decimal[1]), Number(decimal[2])];
  const digits = INTEGER_DIGITS[type];
  return digits === undefined ? null : [digits, 0];
}

/**
 * A type both numeric types cast to without loss (DuckDB's own common type for them), or null
 * when there is none or it is not certain: floating-point types, UHUGEINT, and decimals wider than
 * 38 digits. Equal numbers cast to it are equal values of one type, so they hash equally.
 */
export function duckdbCommonNumericType(from: string, to: string): string | null {
  const [a, b] = [normalizeDuckDBType(from), normalizeDuckDBType(to)];
  if (a === b) return a;
  const [rangeA, rangeB] = [INTEGER_RANGES[a], INTEGER_RANGES[b]];
  if (rangeA && rangeB) {
    const low = rangeA[0] < rangeB[0] ? rangeA[0] : rangeB[0];
    const high = rangeA[1] > rangeB[1] ? rangeA[1] : rangeB[1];
    return SIGNED_INTEGERS.find((name) => INTEGER_RANGES[name]![0] <= low && INTEGER_RANGES[name]![1] >= high) ?? null;
  }
  const [decimalA, decimalB] = [asDecimal(a), asDecimal(b)];
  if (!decimalA || !decimalB) return null;
  const scale = Math.max(decimalA[1], decimalB[1]);
  const width = Math.max(decimalA[0] - decimalA[1], decimalB[0] - decimalB[1]) + scale;
  return width <= MAX_DECIMAL_WIDTH ? `DECIMAL(${width},${scale})` : null;
}

export type { SeedKind };

const SEED_TYPES: Record<SeedKind, string> = {
  boolean: 'BOOLEAN',
  // INTEGER as dbt-duckdb makes it; a column with a value beyond 32 bits is inferred `bigint`
  // (where dbt-duckdb fails to load the seed).
  integer: 'INTEGER',
  bigint: 'BIGINT',
  float: 'DOUBLE',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  text: 'VARCHAR',
};

export function duckdbSeedType(kind: SeedKind): string {
  return SEED_TYPES[kind];
}

/** Marks a NULL so that (NULL, 'x') and ('', 'x') and ('x', NULL) hash differently. */
export const HASH_NULL_MARKER = '_dailies_null_';
export const HASH_SEPARATOR = '-';

/** md5 over the expressions cast to text, joined with a separator, NULLs replaced by a marker. */
export function duckdbHashExpression(expressions: string[]): string {
  if (expressions.length === 0) return "md5('')";
  const parts = expressions.map((expression) => `coalesce(cast(${expression} as varchar), '${HASH_NULL_MARKER}')`);
  return `md5(${parts.join(` || '${HASH_SEPARATOR}' || `)})`;
}

/** DuckDB's own 64-bit `hash()` over the values: fast, NULL-safe, type-sensitive. */
export function duckdbFastHashExpression(expressions: string[]): string {
  return `hash(${expressions.join(', ')})`;
}

/** What dbt-duckdb's snapshot_get_time() renders: a TIMESTAMP (without time zone), as snapshot columns are. */
export function duckdbCurrentTimestamp(): string {
  return 'now()::timestamp';
}
