/**
 * Python's view of JavaScript values: how dbt's Jinja prints them (`str()`), their `repr()`,
 * truthiness and json.dumps-style serialisation. Templates print `None`, `True`, `['a', 'b']`
 * as dbt does.
 */
import nunjucks from 'nunjucks';

const SafeString = (nunjucks.runtime as unknown as { SafeString: new (value: string) => object }).SafeString;

export function isSafeString(value: unknown): boolean {
  return value instanceof SafeString;
}

/** Strings and nunjucks SafeStrings (what `caller()` returns) are both Python strings. */
export function isPyString(value: unknown): value is string {
  return typeof value === 'string' || value instanceof SafeString;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function pyTruthy(value: unknown): boolean {
  if (!value) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof Set || value instanceof Map) return value.size > 0;
  if (value instanceof SafeString) return String(value).length > 0;
  if (isPlainObject(value)) {
    for (const key in value) if (key !== '__keywords') return true;
    return false;
  }
  return true;
}

export function pyRepr(value: unknown): string {
  if (isPyString(value)) {
    const text = String(value);
    if (text.includes("'") && !text.includes('"')) return `"${text.replaceAll('\\', '\\\\')}"`;
    return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n')}'`;
  }
  return pyStr(value);
}

/** What `{{ value }}` prints. Undefined prints nothing (dbt's undefined); None prints `None`. */
export function pyStr(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : value > 0 ? 'inf' : value < 0 ? '-inf' : 'nan';
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (value instanceof Set) return value.size === 0 ? 'set()' : `{${[...value].map(pyRepr).join(', ')}}`;
  if (isPlainObject(value)) {
    const entries = Object.entries(value).filter(([key]) => key !== '__keywords');
    return `{${entries.map(([key, item]) => `${pyRepr(key)}: ${pyRepr(item)}`).join(', ')}}`;
  }
  return String(value);
}

/** json.dumps with Python's default separators (`, ` and `: `), as dbt's `tojson`. */
export function pyJsonDumps(value: unknown, sortKeys = false): string {
  const encode = (item: unknown): string => {
    if (item === undefined || item === null) return 'null';
    if (isPyString(item)) return JSON.stringify(String(item));
    if (typeof item === 'number') return Number.isFinite(item) ? JSON.stringify(item) : item > 0 ? 'Infinity' : item < 0 ? '-Infinity' : 'NaN';
    if (typeof item === 'boolean') return item ? 'true' : 'false';
    if (Array.isArray(item) || item instanceof Set) return `[${[...item].map(encode).join(', ')}]`;
    if (item instanceof Date) return JSON.stringify(item.toISOString());
    if (typeof item === 'object') {
      const source = item as Record<string, unknown>;
      if (!isPlainObject(item) && typeof (source as { toJSON?: unknown }).toJSON === 'function') {
        return encode((source as { toJSON(): unknown }).toJSON());
      }
      let keys = Object.keys(source).filter((key) => key !== '__keywords' && typeof source[key] !== 'function');
      if (sortKeys) keys = keys.sort();
      return `{${keys.map((key) => `${JSON.stringify(key)}: ${encode(source[key])}`).join(', ')}}`;
    }
    return JSON.stringify(String(item));
  };
  return encode(value);
}

/** Python's `%` string formatting for `%s %d %i %f %r %%` (and `%.2f`-style precision). */
export function pyPercentFormat(format: string, values: unknown): string {
  const list = Array.isArray(values) ? values : [values];
  const named = isPlainObject(values) ? values : undefined;
  let index = 0;
  return format.replace(/%(\([^)]*\))?([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdifrx%])/g, (_all, key: string | undefined, _flags, width: string | undefined, precision: string | undefined, type: string) => {
    if (type === '%') return '%';
    const value = key && named ? named[key.slice(1, -1)] : list[index++];
    let text: string;
    switch (type) {
      case 'd':
      case 'i':
        text = String(Math.trunc(Number(value)));
        break;
      case 'f':
        text = Number(value).toFixed(precision === undefined ? 6 : Number(precision));
        break;
      case 'r':
        text = pyRepr(value);
        break;
      case 'x':
        text = Math.trunc(Number(value)).toString(16);
        break;
      default:
        text = pyStr(value);
    }
    return width ? text.padStart(Number(width)) : text;
  });
}

/** Python's `str.format`: `{}`, `{0}`, `{name}`, with an optional `:fmt` (`.2f`, `>5`). */
export function pyStrFormat(format: string, positional: unknown[], keywords: Record<string, unknown>): string {
  let auto = 0;
  return format.replace(/\{\{|\}\}|\{([^{}:!]*)(?:![rs])?(?::([^{}]*))?\}/g, (all, field: string | undefined, spec: string | undefined) => {
    if (all === '{{') return '{';
    if (all === '}}') return '}';
    const name = field ?? '';
    const value = name === '' ? positional[auto++] : /^\d+$/.test(name) ? positional[Number(name)] : keywords[name];
    if (!spec) return pyStr(value);
    const fixed = /^\.(\d+)f$/.exec(spec);
    if (fixed) return Number(value).toFixed(Number(fixed[1]));
    const align = /^([<>^]?)(\d+)$/.exec(spec);
    if (align) {
      const text = pyStr(value);
      const width = Number(align[2]);
      return align[1] === '<' ? text.padEnd(width) : align[1] === '^' ? text.padStart((width + text.length) >> 1).padEnd(width) : text.padStart(width);
    }
    return pyStr(value);
  });
}
