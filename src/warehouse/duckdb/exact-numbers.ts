/**
 * Exact numbers in a CSV load. DuckDB's reader rounds a value that has more digits than its
 * column's type keeps (`3.45` read as DECIMAL(2,1) is 3.5, `1.5` read as INTEGER is 2). So a
 * column declared with an exact numeric type is read as a wider decimal (nothing is lost yet, and a
 * value that is no number still fails with its line), then narrowed in the insert only when the
 * narrowing changes nothing; otherwise the load stops. The offending value and its line are then
 * found by reading the file again (only on that failure).
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
  /** What the CSV reader reads the column as: DECIMAL(38, 38 - integerDigits). */
  readAs: string;
}

/** The exact numeric type `type` is, or null (other types, and DECIMAL(38, s), which has no wider type, are read as they are). */
export function exactType(type: string): ExactType | null {
  const name = type.trim().toUpperCase();
  const decimal = /^(?:DECIMAL|NUMERIC)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$/.exec(name);
  if (decimal) {
    const precision = Number(decimal[1]);
    const scale = Number(decimal[2] ?? 0);
    if (precision >= 38 || scale > precision) return null;
    return { type, integerDigits: precision - scale, scale, readAs: `DECIMAL(38,${38 - (precision - scale)})` };
  }
  const integer = INTEGER_DIGITS[name];
  if (!integer) return null;
  return { type, integerDigits: integer.digits, scale: 0, bounds: integer, readAs: `DECIMAL(38,${38 - integer.digits})` };
}

/** Marks DuckDB's error for an inexact value; followed by the column's index. */
export const INEXACT_MARK = 'dailies-inexact-value:';

/** The select expression that narrows wide column `quoted` (index `index`) to its type, or fails the insert. */
export function narrowSql(quoted: string, index: number, exact: ExactType): string {
  return `case when ${quoted} is null then null when try_cast(${quoted} as ${exact.type}) = ${quoted} then cast(${quoted} as ${exact.type}) else error('${INEXACT_MARK}${index}') end`;
}

/** True when `text` (as written in the CSV) is a number that `exact` holds without rounding and within its range. */
export function fitsExactly(text: string, exact: ExactType): boolean {
  const match = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return false;
  const [, sign = '', whole = '', fraction = '', exponentText] = match;
  const digits = whole + fraction;
  const point = whole.length + Number(exponentText ?? 0);
  const integerPart = (point <= 0 ? '' : digits.slice(0, point).padEnd(point, '0')).replace(/^0+/, '');
  const fractionPart = point >= digits.length ? '' : digits.slice(Math.max(point, 0)).padStart(digits.length - point, '0');
  if (/[1-9]/.test(fractionPart.slice(exact.scale))) return false;
  if (integerPart.length > exact.integerDigits) return false;
  if (exact.bounds) {
    const value = BigInt(`${sign === '-' ? '-' : ''}${integerPart || '0'}`);
    if (value < exact.bounds.min || value > exact.bounds.max) return false;
  }
  return true;
}

/**
 * The first record (in file order) whose field `column` does not fit `exact`: its physical line
 * (header = 1) and the value as written. Reads the file as a stream; only called after a load failed.
 */
export async function firstInexactValue(filePath: string, column: number, exact: ExactType, delimiter: string): Promise<{ line: number; value: string } | null> {
  let record = '';
  let recordLine = 1;
  let line = 1;
  let quoted = false;
  let header = true;
  const check = (text: string): { line: number; value: string } | null => {
    if (header) {
      header = false;
      return null;
    }
    if (text.trim() === '') return null;
    const value = splitCsvLine(text.replace(/\r$/, ''), delimiter)[column];
    return value !== undefined && value !== '' && !fitsExactly(value, exact) ? { line: recordLine, value } : null;
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
