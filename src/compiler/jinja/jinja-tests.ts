/**
 * Jinja tests (`x is none`, `x is not string`, `x is divisibleby 3`, …) with Python's view of
 * values. nunjucks compiles `is none` to the test named `null`, so both names are registered.
 */
import { isPlainObject, isPyString } from './python-values.js';

const isNone = (value: unknown): boolean => value === null || value === undefined;
/**
 * Plain objects and Maps; also objects with a `get` method and a `metadata` field, as dbt's
 * Relation objects are Mappings (dbt_utils checks `obj is mapping and obj.get('metadata', {})…`).
 */
const isMapping = (value: unknown): boolean =>
  isPlainObject(value) ||
  value instanceof Map ||
  (value !== null && typeof value === 'object' && typeof (value as { get?: unknown }).get === 'function' && 'metadata' in value);
const isSequence = (value: unknown): boolean => Array.isArray(value) || isPyString(value) || value instanceof Set;
const isIterable = (value: unknown): boolean => isSequence(value) || isMapping(value) || (value !== null && typeof value === 'object' && Symbol.iterator in value);

function looseEquals(a: unknown, b: unknown): boolean {
  if (isPyString(a) && isPyString(b)) return String(a) === String(b);
  return a === b;
}

function contains(container: unknown, item: unknown): boolean {
  if (container instanceof Set || container instanceof Map) return container.has(item);
  if (Array.isArray(container)) return container.some((x) => looseEquals(x, item));
  if (isPyString(container)) return String(container).includes(String(item));
  if (container && typeof container === 'object') return Object.prototype.hasOwnProperty.call(container, String(item));
  return false;
}

export const jinjaTests: Record<string, (...args: any[]) => boolean> = {
  none: isNone,
  null: isNone,
  defined: (value) => value !== undefined,
  undefined: (value) => value === undefined,
  string: isPyString,
  number: (value) => typeof value === 'number',
  integer: (value) => typeof value === 'number' && Number.isInteger(value),
  float: (value) => typeof value === 'number' && !Number.isInteger(value),
  boolean: (value) => typeof value === 'boolean',
  true: (value) => value === true,
  false: (value) => value === false,
  mapping: isMapping,
  sequence: isSequence,
  iterable: isIterable,
  callable: (value) => typeof value === 'function',
  lower: (value) => isPyString(value) && String(value) === String(value).toLowerCase(),
  upper: (value) => isPyString(value) && String(value) === String(value).toUpperCase(),
  divisibleby: (value, divisor) => Number(value) % Number(divisor) === 0,
  even: (value) => Number(value) % 2 === 0,
  odd: (value) => Math.abs(Number(value) % 2) === 1,
  eq: looseEquals,
  equalto: looseEquals,
  sameas: (a, b) => a === b,
  ne: (a, b) => !looseEquals(a, b),
  lt: (a, b) => a < b,
  le: (a, b) => a <= b,
  gt: (a, b) => a > b,
  ge: (a, b) => a >= b,
  lessthan: (a, b) => a < b,
  greaterthan: (a, b) => a > b,
  in: (value, container) => contains(container, value),
};
