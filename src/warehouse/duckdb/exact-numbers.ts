/**
 * Exact numbers in a CSV load. DuckDB's reader and casts round a value that has more digits than
 * its column's type keeps (`3.45` as DECIMAL(2,1) is 3.5, `1.5` as INTEGER is 2) and read `0x10`,
 * `1_000` or `15e-1` as integers. So a column declared with an exact numeric type is read as
 * something that loses nothing, and converted in the insert only when the conversion changes
 * nothing; otherwise the load stops. Two ways, by type:
 *
 * - `double`: integers up to 32 bits and decimals of precision up to 15 are read as DOUBLE (as fast
 *   as reading the type itself) and kept when the value cast to the type equals the double. Exact
 *   for values written with up to 15 significant digits (a double holds those exactly).
 * - `double`, for BIGINT and UBIGINT too, as long as every value is below 2^53 (those a double holds
 *   exactly); a larger one fails the insert with LARGE_MARK and the file is loaded again the
 *   `text` way (`exactAsText`).
 * - `text`: wider decimals (and every exact column with `exactAsText`) are read as text and
 *   converted only when the text is a plain decimal number the type holds as written (a regular
 *   expression per type).
 *
 * The offending value and its line are then found by reading the file again (only on that failure).
 */
import { createReadStream } from 'node:fs';
import { splitCsvLine } from '../../csv.js';

const INTEGER_DIGITS: Record<string, { digits: number; min: bigint; max: bigint }> = {
  TINYINT: { digits: 3, min: -128n, max: 127n },
  SMALLINT: { digits: 5, min: -32768n, max: 32767n },
  INTEGER: { digits: 10, min: -2147483648n, max: 2147483647n },
  BIGINT: { digits: 19, min: -9223372036854775808n, max: 9223372036854775807n },
  UTINYINT: { digits: 3, min: 0n, max: 255n },
  USMALLINT: { digits: 5, min: 0n, max: 65535n },
  UINTEGER: { digits: 10, min: 0n, max: 4294967295n },
  UBIGINT: { digits: 20, min: 0n, max: 18446744073709551615n },
};

export interface ExactType {
  /** The declared type (DuckDB's name). */
  type: string;
  /** Integer digits and scale of the declared type. */
  integerDigits: number;
  scale: number;
  /** Bounds of an integer type (exact decimals are bounded by their digits). */
  bounds?: { min: bigint; max: bigint };
  /** The text a value may be (RE2 and JavaScript syntax, whole value): plain notation, no more digits than the type keeps. */
  pattern: string;
  /** How the column is read and checked (see the top of this file); `large` is set for 64-bit integers. */
  via: 'double' | 'text';
  large?: boolean;
}

/** Integer types a double cannot hold every value of: checked through a double below 2^53 only. */
const LARGE_INTEGERS = new Set(['BIGINT', 'UBIGINT']);
/** 2^53: below it a double holds every integer. */
const EXACT_DOUBLE_LIMIT = '9007199254740992';
/** Decimals up to this precision are checked through a double (15 significant digits round-trip exactly). */
const DOUBLE_PRECISION = 15;

/** Optional sign, then at most `integerDigits` digits (leading zeros aside) and `scale` decimals (trailing zeros aside). */
function numberPattern(integerDigits: number, scale: number): string {
  const whole = integerDigits > 0 ? `0*[0-9]{1,${integerDigits}}` : '0+';
  const fraction = scale > 0 ? `[0-9]{0,${scale}}0*` : '0*';
  const bare = scale > 0 ? `|0*\\.[0-9]{1,${scale}}0*` : '';
  return `\\s*[+-]?(${whole}(\\.${fraction})?${bare})\\s*`;
}

/** The exact numeric type `type` is, or null (other types are read as they are). */
export function exactType(type: string): ExactType | null {
  const name = type.trim().toUpperCase();
  const decimal = /^(?:DECIMAL|NUMERIC)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$/.exec(name);
  if (decimal) {
    const precision = Number(decimal[1]);
    const scale = Number(decimal[2] ?? 0);
    if (precision < 1 || precision > 38 || scale > precision) return null;
    return { type, integerDigits: precision - scale, scale, pattern: numberPattern(precision - scale, scale), via: precision <= DOUBLE_PRECISION ? 'double' : 'text' };
  }
  const integer = INTEGER_DIGITS[name];
  if (!integer) return null;
  return { type, integerDigits: integer.digits, scale: 0, bounds: integer, pattern: numberPattern(integer.digits, 0), via: 'double', large: LARGE_INTEGERS.has(name) };
}

/** Marks DuckDB's error for an inexact value; followed by the column's index. */
export const INEXACT_MARK = 'dailies-inexact-value:';
/** Marks DuckDB's error for a 64-bit integer too large to check through a double. */
export const LARGE_MARK = 'dailies-large-integer:';

/** `exact` as read with `exactAsText`: every value checked through its text. */
export function asText(exact: ExactType): ExactType {
  return { ...exact, via: 'text' };
}

/** What the CSV reader reads the column as. */
export function readAs(exact: ExactType): string {
  return exact.via === 'double' ? 'DOUBLE' : 'VARCHAR';
}

/**
 * The select expression that converts column `quoted` (index `index`, read as `readAs`) to its type
 * when nothing is lost, or fails the insert with INEXACT_MARK (a value out of range fails in the cast).
 */
export function convertSql(quoted: string, index: number, exact: ExactType): string {
  const fits = exact.via === 'double' ? `cast(${quoted} as ${exact.type}) = ${quoted}` : `regexp_full_match(${quoted}, '${exact.pattern}')`;
  const large = exact.via === 'double' && exact.large ? ` when abs(${quoted}) >= ${EXACT_DOUBLE_LIMIT} then error('${LARGE_MARK}${index}')` : '';
  return `case when ${quoted} is null then null${large} when ${fits} then cast(${quoted} as ${exact.type}) else error('${INEXACT_MARK}${index}') end`;
}

/** A number as DuckDB's DOUBLE reader takes it (digits may be grouped with `_`). */
const FLOAT = /^\s*[+-]?([0-9][0-9_]*\.?[0-9_]*|\.[0-9][0-9_]*)([eE][+-]?[0-9]+)?\s*$/;
const floatValue = (text: string): number => Number(text.trim().replaceAll('_', ''));

/** Why `text` does not fit: no number at all, more decimals than the type keeps, or too large. */
export function misfit(text: string, exact: ExactType): 'invalid' | 'rounded' | 'out-of-range' {
  if (exact.via === 'double') {
    if (!FLOAT.test(text)) return 'invalid';
    const value = floatValue(text);
    const limit = exact.bounds ? Number(exact.bounds.max) + 1 : 10 ** exact.integerDigits;
    const rounded = Number(value.toFixed(exact.scale));
    return rounded !== value ? 'rounded' : Math.abs(value) >= limit || (exact.bounds !== undefined && value < Number(exact.bounds.min)) ? 'out-of-range' : 'rounded';
  }
  const number = /^\s*[+-]?([0-9]*)(?:\.([0-9]*))?\s*$/.exec(text);
  if (!number || (number[1] === '' && (number[2] ?? '') === '')) return 'invalid';
  return /[1-9]/.test((number[2] ?? '').slice(exact.scale)) ? 'rounded' : 'out-of-range';
}

/** True when `text` (as written in the CSV) is a number that `exact` holds without rounding and within its range, as the load decides it. */
export function fitsExactly(text: string, exact: ExactType): boolean {
  if (exact.via === 'double') {
    if (!FLOAT.test(text)) return false;
    const value = floatValue(text);
    if (Number(value.toFixed(exact.scale)) !== value) return false;
    if (exact.bounds) return value >= Number(exact.bounds.min) && value <= Number(exact.bounds.max);
    return Math.abs(value) < 10 ** exact.integerDigits;
  }
  if (!new RegExp(`^(?:${exact.pattern})$`).test(text)) return false;
  if (!exact.bounds) return true;
  const [, sign = '', whole = '0'] = /^\s*([+-]?)0*([0-9]*)/.exec(text) ?? [];
  const value = BigInt(`${sign === '-' ? '-' : ''}${whole || '0'}`);
  return value >= exact.bounds.min && value <= exact.bounds.max;
}

/**
 * The first record (in file order) with a field of `columns` (index → its type) that does not fit:
 * its physical line (header = 1), the column's index and the value as written. Reads the file as a
 * stream; only called after a load failed.
 */
export async function firstInexactValue(
  filePath: string,
  columns: ReadonlyMap<number, ExactType>,
  delimiter: string,
): Promise<{ line: number; column: number; value: string } | null> {
  let record = '';
  let recordLine = 1;
  let line = 1;
  let quoted = false;
  let header = true;
  const check = (text: string): { line: number; column: number; value: string } | null => {
    if (header) {
      header = false;
      return null;
    }
    if (text.trim() === '') return null;
    const fields = splitCsvLine(text.replace(/\r$/, ''), delimiter);
    for (const [column, exact] of columns) {
      const value = fields[column];
      if (value !== undefined && value !== '' && !fitsExactly(value, exact)) return { line: recordLine, column, value };
    }
    return null;
  };
  const stream = createReadStream(filePath, { encoding: 'utf8', highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      let start = 0;
      for (let i = 0; i < chunk.length; i++) {
        const char = chunk[i];
        if (char === '"') quoted = !quoted;
        else if (char === '\n') {
          line++;
          if (quoted) continue;
          const found = check(record + chunk.slice(start, i));
          if (found) return found;
          record = '';
          start = i + 1;
          recordLine = line;
        }
      }
      record += chunk.slice(start);
    }
    return check(record);
  } finally {
    stream.destroy();
  }
}
