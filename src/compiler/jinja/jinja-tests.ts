/**
 * Jinja tests (`x is none`, `x is not string`, `x is divisibleby 3`, …) with Python's view of
 * values. nunjucks compiles `is none` to the test named `null`, so both names are registered.
 */
import { isFloat, isNumber } from './python-numbers.js';
import { isPlainObject, isPyString, pyEquals, pyStr } from './python-values.js';

/** Jinja's `none` test: only None (an undefined value is not none). */
const isNone = (value: unknown): boolean => value === null;
/**
 * Plain objects and Maps; also objects with a `get` method and a `metadata` field, as dbt's
 * Relation objects are Mappings (dbt_utils checks `obj is mapping and obj.get('metadata', {})…`).
 */
const isMapping = (value: unknown): boolean =>
  isPlainObject(value) ||
  value instanceof Map ||
  (value !== null && typeof value === 'object' && typeof (value as { get?: unknown }).get === 'function' && 'metadata' in value);
/** Jinja2's `sequence`: has a length and items by index or key (lists, strings, dicts; not sets). */
const isSequence = (value: unknown): boolean => Array.isArray(value) || isPyString(value) || isPlainObject(value);
const isIterable = (value: unknown): boolean => isSequence(value) || value instanceof Set || isMapping(value) || (value !== null && typeof value === 'object' && Symbol.iterator in value);

const looseEquals = pyEquals;

function contains(container: unknown, item: unknown): boolean {
  if (container instanceof Set || container instanceof Map) return container.has(item);
  if (Array.isArray(container)) return container.some((x) => pyEquals(x, item));
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
  number: (value) => isNumber(value) || typeof value === 'boolean',
  integer: (value) => typeof value === 'number' && Number.isInteger(value),
  float: isFloat,
  boolean: (value) => typeof value === 'boolean',
  true: (value) => value === true,
  false: (value) => value === false,
  mapping: isMapping,
  sequence: isSequence,
  iterable: isIterable,
  callable: (value) => typeof value === 'function',
  lower: (value) => /\p{Ll}/u.test(pyStr(value)) && !/\p{Lu}/u.test(pyStr(value)),
  upper: (value) => /\p{Lu}/u.test(pyStr(value)) && !/\p{Ll}/u.test(pyStr(value)),
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
