/**
 * Filters dbt projects use beyond (or differently from) nunjucks's own: Jinja's `map`,
 * `select`/`reject`/`selectattr`/`rejectattr` with tests and keyword arguments, `unique`,
 * `items`, `list`, `tojson`/`fromjson`, dbt's `as_bool`/`as_number`/`as_text`/`as_native`, …
 */
import { callArguments } from './call-arguments.js';
import { attribute, createBuiltinFilters, toList } from './filters-builtin.js';
import { PyFloat } from './python-numbers.js';
import { isPlainObject, isPyString, pyJsonDumps, pyPercentFormat, pyStr, pyTruthy } from './python-values.js';

type Filter = (...args: any[]) => unknown;

export interface FilterDeps {
  getTest(name: string): (...args: unknown[]) => boolean;
  getFilter(name: string): Filter;
}



function parseNative(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === 'True' || trimmed === 'true') return true;
  if (trimmed === 'False' || trimmed === 'false') return false;
  if (trimmed === 'None' || trimmed === 'null') return null;
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(trimmed)) return Number(trimmed);
  if (/^[[{"]/.test(trimmed)) {
    try {
      return JSON.parse(trimmed.replace(/'/g, '"').replace(/\bTrue\b/g, 'true').replace(/\bFalse\b/g, 'false').replace(/\bNone\b/g, 'null')) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** select/reject (by test) and selectattr/rejectattr (by an attribute, tested). */
function selector(deps: FilterDeps, keep: boolean, byAttribute: boolean): Filter {
  return (value: unknown, ...rest: unknown[]) => {
    const { positional } = callArguments(rest);
    const attr = byAttribute ? positional.shift() : undefined;
    const testName = positional.shift();
    const test = testName === undefined ? null : deps.getTest(String(testName));
    return toList(value).filter((item) => {
      const subject = byAttribute ? attribute(item, attr) : item;
      const passes = test ? test(subject, ...positional) : pyTruthy(subject);
      return passes === keep;
    });
  };
}

export function createFilters(deps: FilterDeps): Record<string, Filter> {
  return {
    // Jinja2's filter (htmlsafe_json_dumps) also escapes < > & ' (dbt's `tojson()` global does not)
    tojson: (value: unknown, ...rest: unknown[]) => pyJsonDumps(value, Boolean(callArguments(rest).keywords.sort_keys)).replace(/[<>&']/g, (char) => `\\u00${char.charCodeAt(0).toString(16)}`),
    fromjson: (value: unknown) => JSON.parse(String(value)) as unknown,
    as_bool: (value: unknown) => (isPyString(value) ? parseNative(String(value)) : value),
    as_number: (value: unknown) => (isPyString(value) ? parseNative(String(value)) : value),
    as_text: (value: unknown) => pyStr(isPyString(value) ? String(value) : value),
    as_native: (value: unknown) => (isPyString(value) ? parseNative(String(value)) : value),
    string: (value: unknown) => pyStr(isPyString(value) ? String(value) : value),
    list: (value: unknown) => [...toList(value)],
    unique: (value: unknown, ...rest: unknown[]) => {
      const { positional, keywords } = callArguments(rest);
      const caseSensitive = Boolean(positional[0] ?? keywords.case_sensitive ?? false);
      const attr = positional[1] ?? keywords.attribute;
      const seen = new Set<unknown>();
      return toList(value).filter((item) => {
        let key = attr === undefined ? item : attribute(item, attr);
        if (!caseSensitive && isPyString(key)) key = String(key).toLowerCase();
        else if (key instanceof PyFloat) key = key.value;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    },
    map: (value: unknown, ...rest: unknown[]) => {
      const { positional, keywords } = callArguments(rest);
      if (keywords.attribute !== undefined) {
        return toList(value).map((item) => {
          const found = attribute(item, keywords.attribute);
          return found === undefined && 'default' in keywords ? keywords.default : found;
        });
      }
      const [name, ...args] = positional;
      const filter = deps.getFilter(String(name));
      return toList(value).map((item) => filter(item, ...args));
    },
    select: selector(deps, true, false),
    reject: selector(deps, false, false),
    selectattr: selector(deps, true, true),
    rejectattr: selector(deps, false, true),
    count: (value: unknown) => toList(value).length,
    length: (value: unknown) => (isPlainObject(value) ? Object.keys(value).length : toList(value).length),
    sort: (value: unknown, ...rest: unknown[]) => {
      const { positional, keywords } = callArguments(rest);
      const reverse = Boolean(positional[0] ?? keywords.reverse ?? false);
      const caseSensitive = Boolean(positional[1] ?? keywords.case_sensitive ?? false);
      const attr = positional[2] ?? keywords.attribute;
      const keyOf = (item: unknown): any => {
        const key = attr === undefined || attr === null ? item : attribute(item, attr);
        return !caseSensitive && isPyString(key) ? String(key).toLowerCase() : key;
      };
      const sorted = [...toList(value)].sort((a, b) => {
        const x = keyOf(a);
        const y = keyOf(b);
        return x < y ? -1 : x > y ? 1 : 0;
      });
      return reverse ? sorted.reverse() : sorted;
    },
    first: (value: unknown) => toList(value)[0],
    last: (value: unknown) => toList(value).at(-1),
    format: (value: unknown, ...args: unknown[]) => {
      const { positional, keywords } = callArguments(args);
      return pyPercentFormat(String(value), Object.keys(keywords).length > 0 ? keywords : positional);
    },
    ...createBuiltinFilters(),
  };
}
