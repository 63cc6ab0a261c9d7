/**
 * Converts DuckDB result values to plain JSON-friendly values (the `Row` contract of the adapter):
 * integers as numbers when safe else strings, DECIMAL as numbers (strings when a double cannot hold
 * them exactly), DATE as `YYYY-MM-DD`, TIMESTAMP as `YYYY-MM-DD HH:MM:SS[.ffffff]`, TIMESTAMPTZ as
 * ISO 8601 in UTC with its offset, BLOB as upper-case hex, LIST/STRUCT/MAP as arrays/objects.
 */
import {
  DuckDBBlobValue,
  DuckDBDecimalValue,
  DuckDBMapType,
  DuckDBMapValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTypeId,
  arrayFromArrayValue,
  arrayFromListValue,
  booleanFromValue,
  createDuckDBValueConverter,
  fromVariantValue,
  jsonNumberFromValue,
  nullConverter,
  numberFromValue,
  objectFromStructValue,
  objectFromUnionValue,
  stringFromValue,
  type DuckDBType,
  type DuckDBValue,
  type DuckDBValueConverter,
} from '@duckdb/node-api';

/** A value as rows carry it. */
export type PlainValue = string | number | boolean | null | PlainValue[] | { [key: string]: PlainValue };

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

function integerFromBig(value: DuckDBValue): PlainValue {
  const big = typeof value === 'bigint' ? value : BigInt(String(value));
  return big <= MAX_SAFE && big >= MIN_SAFE ? Number(big) : big.toString();
}

function decimalFromValue(value: DuckDBValue): PlainValue {
  if (!(value instanceof DuckDBDecimalValue)) return String(value);
  const scaled = value.value;
  // Exact as a double when the scaled integer fits 53 bits (then value/10^scale rounds like the text).
  if (scaled <= MAX_SAFE && scaled >= MIN_SAFE) return Number(value.toString());
  return value.toString();
}

/** Microseconds since the epoch → `YYYY-MM-DD HH:MM:SS[.ffffff]` (UTC wall clock). */
export function formatMicros(micros: bigint, separator: ' ' | 'T'): string {
  const millis = micros / 1000n;
  let fraction = micros % 1_000_000n;
  let seconds = micros / 1_000_000n;
  if (fraction < 0n) {
    fraction += 1_000_000n;
    seconds -= 1n;
  }
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime())) return String(millis);
  const year = date.getUTCFullYear();
  const yearText = year < 0 ? `-${String(-year).padStart(4, '0')}` : String(year).padStart(4, '0');
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${yearText}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  const frac = fraction === 0n ? '' : `.${fraction.toString().padStart(6, '0')}`;
  return `${day}${separator}${time}${frac}`;
}

function timestampFromValue(value: DuckDBValue): PlainValue {
  if (value instanceof DuckDBTimestampValue && value.isFinite) return formatMicros(value.micros, ' ');
  return String(value);
}

function timestampTzFromValue(value: DuckDBValue): PlainValue {
  if (value instanceof DuckDBTimestampTZValue && value.isFinite) return `${formatMicros(value.micros, 'T')}+00:00`;
  return String(value);
}

function hexFromBlob(value: DuckDBValue): PlainValue {
  if (!(value instanceof DuckDBBlobValue)) return String(value);
  return Buffer.from(value.bytes).toString('hex').toUpperCase();
}

/** MAPs become objects when every key is a string or number, else arrays of `{key, value}`. */
function mapFromValue(value: DuckDBValue, type: DuckDBType, converter: DuckDBValueConverter<PlainValue>): PlainValue {
  if (!(value instanceof DuckDBMapValue) || !(type instanceof DuckDBMapType)) return String(value);
  const mapType = type;
  const entries = value.entries.map((entry) => ({
    key: converter(entry.key, mapType.keyType, converter),
    value: converter(entry.value, mapType.valueType, converter),
  }));
  if (entries.every((entry) => typeof entry.key === 'string' || typeof entry.key === 'number')) {
    const object: Record<string, PlainValue> = {};
    for (const entry of entries) object[String(entry.key)] = entry.value;
    return object;
  }
  return entries.map((entry) => ({ key: entry.key, value: entry.value }));
}

function buildConverters(): Record<DuckDBTypeId, DuckDBValueConverter<PlainValue> | undefined> {
  const byId: Partial<Record<DuckDBTypeId, DuckDBValueConverter<PlainValue>>> = {};
  for (const id of Object.values(DuckDBTypeId)) {
    if (typeof id === 'number') byId[id as DuckDBTypeId] = stringFromValue;
  }
  const number = numberFromValue as DuckDBValueConverter<PlainValue>;
  Object.assign(byId, {
    [DuckDBTypeId.BOOLEAN]: booleanFromValue,
    [DuckDBTypeId.TINYINT]: number,
    [DuckDBTypeId.SMALLINT]: number,
    [DuckDBTypeId.INTEGER]: number,
    [DuckDBTypeId.UTINYINT]: number,
    [DuckDBTypeId.USMALLINT]: number,
    [DuckDBTypeId.UINTEGER]: number,
    [DuckDBTypeId.BIGINT]: integerFromBig,
    [DuckDBTypeId.UBIGINT]: integerFromBig,
    [DuckDBTypeId.HUGEINT]: integerFromBig,
    [DuckDBTypeId.UHUGEINT]: integerFromBig,
    [DuckDBTypeId.BIGNUM]: integerFromBig,
    [DuckDBTypeId.FLOAT]: jsonNumberFromValue,
    [DuckDBTypeId.DOUBLE]: jsonNumberFromValue,
    [DuckDBTypeId.DECIMAL]: decimalFromValue,
    [DuckDBTypeId.TIMESTAMP]: timestampFromValue,
    [DuckDBTypeId.TIMESTAMP_TZ]: timestampTzFromValue,
    [DuckDBTypeId.BLOB]: hexFromBlob,
    [DuckDBTypeId.LIST]: arrayFromListValue,
    [DuckDBTypeId.ARRAY]: arrayFromArrayValue,
    [DuckDBTypeId.STRUCT]: objectFromStructValue,
    [DuckDBTypeId.MAP]: mapFromValue,
    [DuckDBTypeId.UNION]: objectFromUnionValue,
    [DuckDBTypeId.VARIANT]: fromVariantValue,
    [DuckDBTypeId.SQLNULL]: nullConverter,
  });
  return byId as Record<DuckDBTypeId, DuckDBValueConverter<PlainValue> | undefined>;
}

/** The converter handed to `convertRowObjects`. */
export const plainValueConverter: DuckDBValueConverter<PlainValue> = createDuckDBValueConverter(buildConverters());
