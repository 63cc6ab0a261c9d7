/**
 * snowflake-sdk result values → the adapter's plain JSON-friendly values, matching the DuckDB
 * adapter: NUMBER fetched as text and turned into a number when a double holds it exactly, DATE as
 * `YYYY-MM-DD`, TIMESTAMP_NTZ as `YYYY-MM-DD HH:MM:SS[.ffffff]`, TIMESTAMP_TZ/LTZ as ISO 8601 in
 * UTC with `+00:00`, BINARY as upper-case hex, VARIANT/OBJECT/ARRAY as parsed JSON.
 */
import { formatMicros } from '../duckdb/values.js';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export interface ColumnShape {
  name: string;
  /** The driver's type name: fixed, real, text, date, timestamp_ntz, timestamp_tz, binary, variant … */
  type: string;
}

function numberFromText(text: string): number | string {
  const digits = text.replace(/[-.]/g, '').replace(/^0+/, '') || '0';
  if (!/^\d+$/.test(digits)) return Number(text);
  return BigInt(digits) <= MAX_SAFE ? Number(text) : text;
}

interface SfTime {
  getEpochSeconds(): number;
  getNanoSeconds(): number;
}

function micros(value: SfTime): bigint {
  return BigInt(value.getEpochSeconds()) * 1_000_000n + BigInt(Math.floor(value.getNanoSeconds() / 1000));
}

function isSfTime(value: unknown): value is SfTime {
  return typeof (value as Partial<SfTime>)?.getEpochSeconds === 'function' && typeof (value as Partial<SfTime>)?.getNanoSeconds === 'function';
}

export function plainValue(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'fixed':
      return typeof value === 'string' ? numberFromText(value) : typeof value === 'bigint' ? numberFromText(value.toString()) : value;
    case 'real':
      return typeof value === 'string' ? Number(value) : value;
    case 'date':
      return isSfTime(value) ? formatMicros(micros(value), ' ').slice(0, 10) : String(value);
    case 'timestamp_ntz':
      return isSfTime(value) ? formatMicros(micros(value), ' ') : String(value);
    case 'timestamp_tz':
    case 'timestamp_ltz':
      return isSfTime(value) ? `${formatMicros(micros(value), 'T')}+00:00` : String(value);
    case 'binary':
      return Buffer.isBuffer(value) ? value.toString('hex').toUpperCase() : String(value);
    default:
      return value;
  }
}

export function plainRows(rows: Record<string, unknown>[], columns: ColumnShape[]): Record<string, unknown>[] {
  return rows.map((row) => {
    const plain: Record<string, unknown> = {};
    for (const column of columns) plain[column.name] = plainValue(row[column.name], column.type);
    return plain;
  });
}
