/**
 * dbt's names for generic tests: `not_null_orders_id`, `accepted_values_orders_status__a__b`,
 * truncated with an md5 suffix past 64 characters, and the 10-hex hash of the unique_id.
 */
import { md5 } from './hashes.js';
import { sortStrings } from './sort-strings.js';

function pyStr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'object') return pyRepr(value);
  return String(value);
}

/** Characters that make repr() of a string more than the string in single quotes. */
const PY_SPECIAL = /['\\\n\t]/;

/** Python's repr() of JSON-like data (used by dbt when hashing test metadata). */
export function pyRepr(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (value && typeof value === 'object') {
    let text = '';
    for (const key of Object.keys(value)) text += `${text === '' ? '' : ', '}${pyRepr(key)}: ${pyRepr((value as Record<string, unknown>)[key])}`;
    return `{${text}}`;
  }
  if (typeof value === 'string') {
    if (!PY_SPECIAL.test(value)) return `'${value}'`;
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const escaped = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
    return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote;
  }
  return pyStr(value);
}

/** `[short name (file, alias), full name (unique_id, fqn)]` as dbt's synthesize_generic_test_names. */
export function synthesizeTestNames(testType: string, targetName: string, args: Record<string, unknown>): [string, string] {
  const flat: string[] = [];
  for (const key of sortStrings(Object.keys(args))) {
    if (key === 'model') continue;
    const value = args[key];
    const parts = Array.isArray(value) ? value : value && typeof value === 'object' ? Object.values(value) : [value];
    for (const part of parts) flat.push(pyStr(part));
  }
  const unique = flat.map((part) => part.replace(/[^0-9a-zA-Z_]+/g, '_')).join('__');
  const identifier = `${testType}_${targetName}`;
  const fullName = `${identifier}_${unique}`;
  if (fullName.length >= 64) return [`${identifier.slice(0, 30)}_${md5(fullName)}`, fullName];
  return [fullName, fullName];
}

function hashable(data: unknown): unknown {
  if (Array.isArray(data)) return data.map(hashable);
  if (data && typeof data === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of sortStrings(Object.keys(data))) out[key] = hashable((data as Record<string, unknown>)[key]);
    return out;
  }
  return pyStr(data);
}

/** The last 10 hex digits of md5(name + repr(metadata)), dbt's test unique_id suffix. */
export function testHash(name: string, metadata: Record<string, unknown>): string {
  return md5(name + pyRepr(hashable(metadata))).slice(-10);
}
