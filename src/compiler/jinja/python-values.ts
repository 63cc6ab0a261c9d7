/**
 * Python's view of JavaScript values: how dbt's Jinja prints them (`str()`), their `repr()`,
 * truthiness and json.dumps-style serialisation. Templates print `None`, `True`, `['a', 'b']`
 * as dbt does.
 */
import nunjucks from 'nunjucks';
import { formatNumber, PyFloat } from './python-numbers.js';
import { dictKeys, dictPropertyName, DictView } from './python-dicts.js';

const SafeString = (nunjucks.runtime as unknown as { SafeString: new (value: string) => object }).SafeString;

export function isSafeString(value: unknown): boolean {
  return value instanceof SafeString;
}

/** Strings and nunjucks SafeStrings (what `caller()` returns) are both Python strings. */
export function isPyString(value: unknown): value is string {
  return typeof value === 'string' || value instanceof SafeString;
}

/** A Python tuple: a list that prints with parentheses (`(1, 'a')`, `(1,)`). */
export class PyTuple<T = unknown> extends Array<T> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}

export function pyTuple<T>(items: T[]): PyTuple<T> {
  const tuple = new PyTuple<T>();
  for (const item of items) tuple.push(item);
  return tuple;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function pyTruthy(value: unknown): boolean {
  if (!value) return false;
  if (value instanceof PyFloat) return value.value !== 0;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof Set || value instanceof Map) return value.size > 0;
  if (value instanceof SafeString) return String(value).length > 0;
  if (isPlainObject(value)) {
    for (const key in value) if (key !== '__keywords') return true;
    return false;
  }
  return true;
}

const REPR_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Python's `repr()`: strings quoted and escaped as Python quotes them, other values as printed. */
export function pyRepr(value: unknown): string {
  if (isPyString(value)) {
    const text = String(value);
    const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
    // eslint-disable-next-line no-control-regex -- Python escapes control characters in repr()
    const body = text.replace(/[\\\n\r\t'\x00-\x1f\x7f]/g, (char) => {
      if (char === "'") return quote === "'" ? "\\'" : "'";
      return REPR_ESCAPES[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
    });
    return quote + body + quote;
  }
  return pyStr(value);
}

/** What `{{ value }}` prints. Undefined prints nothing (dbt's undefined); None prints `None`. */
export function pyStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number' || value instanceof PyFloat) return formatNumber(value);
  if (value instanceof PyTuple) return value.length === 1 ? `(${pyRepr(value[0])},)` : `(${value.map(pyRepr).join(', ')})`;
  if (value instanceof DictView) return `${value.viewName}([${value.map(pyRepr).join(', ')}])`;
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (value instanceof Set) return value.size === 0 ? 'set()' : `{${[...value].map(pyRepr).join(', ')}}`;
  if (isPlainObject(value)) {
    return `{${dictKeys(value).map((key) => `${pyRepr(key)}: ${pyRepr(value[pyKeyName(key)])}`).join(', ')}}`;
  }
  return String(value);
}

/** The property of a dict that holds `key` (`1`, `None`, `True` and `(1, 2)` are keys too). */
export function pyKeyName(key: unknown): string {
  return typeof key === 'string' ? key : dictPropertyName(key, pyStr);
}

/** Python's `==`: numbers by value (`1 == 1.0`), strings by text, lists, tuples, sets and dicts by their items. */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  const ta = typeof a;
  const tb = typeof b;
  if (ta !== 'object' || tb !== 'object') {
    if ((ta === 'number' || a instanceof PyFloat || ta === 'boolean') && (tb === 'number' || b instanceof PyFloat || tb === 'boolean')) return Number(a) === Number(b);
    if (isPyString(a) && isPyString(b)) return String(a) === String(b);
    return false;
  }
  if (a instanceof PyFloat || b instanceof PyFloat) return (isNumberLike(a) && isNumberLike(b)) && Number(a) === Number(b);
  if (isPyString(a) || isPyString(b)) return isPyString(a) && isPyString(b) && String(a) === String(b);
  if (a instanceof DictView || b instanceof DictView) {
    if (!(a instanceof DictView) || !(b instanceof DictView) || a.viewName !== b.viewName || a.viewName === 'dict_values' || a.length !== b.length) return false;
    return a.every((item) => b.some((other) => pyEquals(item, other)));
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length || a instanceof PyTuple !== b instanceof PyTuple) return false;
    return a.every((item, i) => pyEquals(item, b[i]));
  }
  if (a instanceof Set || b instanceof Set) {
    if (!(a instanceof Set) || !(b instanceof Set) || a.size !== b.size) return false;
    return [...a].every((item) => b.has(item) || [...b].some((other) => pyEquals(item, other)));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a).filter((key) => key !== '__keywords');
    if (keys.length !== Object.keys(b).filter((key) => key !== '__keywords').length) return false;
    return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && pyEquals(a[key], b[key]));
  }
  const eq = (a as { __eq__?: (other: unknown) => unknown }).__eq__;
  return typeof eq === 'function' ? eq.call(a, b) === true : false;
}

function isNumberLike(value: unknown): boolean {
  return typeof value === 'number' || typeof value === 'boolean' || value instanceof PyFloat;
}

/** json.dumps with Python's default separators (`, ` and `: `), as dbt's `tojson`. */
export function pyJsonDumps(value: unknown, sortKeys = false): string {
  const encode = (item: unknown): string => {
    if (item === undefined || item === null) return 'null';
    if (isPyString(item)) return asciiJson(String(item));
    if (item instanceof PyFloat) return formatNumber(item);
    if (typeof item === 'number') return Number.isFinite(item) ? formatNumber(item) : item > 0 ? 'Infinity' : item < 0 ? '-Infinity' : 'NaN';
    if (typeof item === 'number') return Number.isFinite(item) ? JSON.stringify(item) : item > 0 ? 'Infinity' : item < 0 ? '-Infinity' : 'NaN';
    if (typeof item === 'boolean') return item ? 'true' : 'false';
    if (Array.isArray(item) || item instanceof Set) return `[${[...item].map(encode).join(', ')}]`;
    if (item instanceof Date) return JSON.stringify(item.toISOString());
    if (typeof item === 'object') {
      const source = item as Record<string, unknown>;
      if (!isPlainObject(item) && typeof (source as { toJSON?: unknown }).toJSON === 'function') {
        return encode((source as { toJSON(): unknown }).toJSON());
      }
      let keys = dictKeys(source).filter((key) => typeof source[pyKeyName(key)] !== 'function');
      if (sortKeys) keys = keys.sort();
      return `{${keys.map((key) => `${asciiJson(jsonKey(key))}: ${encode(source[pyKeyName(key)])}`).join(', ')}}`;
    }
    return JSON.stringify(String(item));
  };
  return encode(value);
}

/** A JSON string as json.dumps writes it (ensure_ascii: `é` is `\u00e9`, astral characters as surrogate pairs). */
function asciiJson(text: string): string {
  // eslint-disable-next-line no-control-regex -- every character outside ASCII
  return JSON.stringify(text).replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** json.dumps's text for a dict key: `true`, `null`, numbers as printed. */
function jsonKey(key: unknown): string {
  if (isPyString(key)) return String(key);
  if (key === null || key === undefined) return 'null';
  if (typeof key === 'boolean') return key ? 'true' : 'false';
  return pyStr(key);
}

/** Python's `%` string formatting: `%s %d %i %f %e %g %r %x %o %c %%`, `%(name)s`, flags `-+ 0`, width and precision. */
export function pyPercentFormat(format: string, values: unknown): string {
  // A tuple gives the values; a list is one value (`'%s' % [1, 2]`), unless the format wants
  // several (Python would raise there; lists were accepted before tuples existed).
  const conversions = format.replace(/%%/g, '').split('%').length - 1;
  const list = values instanceof PyTuple || (Array.isArray(values) && conversions > 1) ? values : [values];
  const named = isPlainObject(values) ? values : undefined;
  let index = 0;
  return format.replace(/%(\([^)]*\))?([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([sdifeEgGrxXoc%])/g, (_all, key: string | undefined, flags: string, width: string | undefined, precision: string | undefined, type: string) => {
    if (type === '%') return '%';
    const widthValue = width === '*' ? Number(list[index++]) : width === undefined ? 0 : Number(width);
    const value = key && named ? named[key.slice(1, -1)] : list[index++];
    const digits = precision === undefined ? undefined : Number(precision);
    let text: string;
    let numeric = true;
    switch (type) {
      case 'd':
      case 'i':
        text = String(Math.trunc(Number(value)));
        break;
      case 'f':
        text = Number(value).toFixed(digits ?? 6);
        break;
      case 'e':
      case 'E':
        text = Number(value).toExponential(digits ?? 6).replace(/e([-+])(\d)$/, 'e$10$2');
        if (type === 'E') text = text.toUpperCase();
        break;
      case 'g':
      case 'G': {
        // Python: exponent notation when the exponent is < -4 or ≥ the precision; trailing zeros dropped
        const number = Number(value);
        const precision = digits === undefined ? 6 : Math.max(digits, 1);
        const exponent = number === 0 ? 0 : Math.floor(Math.log10(Math.abs(Number(number.toPrecision(precision)))));
        if (exponent < -4 || exponent >= precision) {
          text = number.toExponential(precision - 1).replace(/\.?0+e/, 'e').replace(/e([-+])(\d)$/, 'e$10$2');
        } else text = String(Number(number.toPrecision(precision)));
        if (type === 'G') text = text.toUpperCase();
        break;
      }
      case 'x':
      case 'X':
        text = Math.trunc(Number(value)).toString(16);
        if (type === 'X') text = text.toUpperCase();
        break;
      case 'o':
        text = Math.trunc(Number(value)).toString(8);
        break;
      case 'c':
        text = typeof value === 'number' ? String.fromCodePoint(value) : pyStr(value);
        numeric = false;
        break;
      case 'r':
        text = pyRepr(value);
        numeric = false;
        break;
      default:
        text = pyStr(value);
        if (digits !== undefined) text = text.slice(0, digits);
        numeric = false;
    }
    if (numeric && !text.startsWith('-')) {
      if (flags.includes('+')) text = `+${text}`;
      else if (flags.includes(' ')) text = ` ${text}`;
    }
    if (text.length >= widthValue) return text;
    if (flags.includes('-')) return text.padEnd(widthValue);
    if (numeric && flags.includes('0')) {
      const sign = /^[-+ ]/.test(text) ? text[0]! : '';
      return sign + text.slice(sign.length).padStart(widthValue - sign.length, '0');
    }
    return text.padStart(widthValue);
  });
}
