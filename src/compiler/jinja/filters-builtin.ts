/**
 * Jinja2's built-in filters whose nunjucks namesakes behave differently: numbers keep Python's
 * int/float types (`2.5|round` is `2.0`, `3|float` is `3.0`), `trim` takes the characters to
 * strip, `truncate` has Jinja2's leeway, `sum` takes `attribute`/`start`, and `dictsort`,
 * `items` and `groupby` give tuples.
 */
import { callArguments } from './call-arguments.js';
import { isNumber, numberAdd, pyFloat, PyFloat, pyRound } from './python-numbers.js';
import { isPlainObject, isPyString, pyKeyName, pyStr, pyTuple, type PyTuple } from './python-values.js';
import { dictKeys } from './python-dicts.js';

type Filter = (...args: any[]) => unknown;

/** Positional and keyword arguments by name, as Python binds them (`names` in order). */
function bind(rest: unknown[], names: string[], defaults: Record<string, unknown>): Record<string, unknown> {
  const { positional, keywords } = callArguments(rest);
  const bound: Record<string, unknown> = { ...defaults };
  names.forEach((name, i) => {
    if (i < positional.length) bound[name] = positional[i];
    else if (Object.prototype.hasOwnProperty.call(keywords, name)) bound[name] = keywords[name];
  });
  return bound;
}

/** A value iterated as Jinja2 iterates it (strings by character, mappings by key). */
export function toList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  if (isPyString(value)) return [...String(value)];
  if (isPlainObject(value)) return dictKeys(value);
  if (typeof value === 'object' && Symbol.iterator in value) return [...(value as Iterable<unknown>)];
  return [value];
}

/** `a.b.0` of an item, as Jinja2's `attribute=` arguments read it. */
export function attribute(item: unknown, path: unknown): unknown {
  let current = item;
  for (const part of String(path).split('.')) {
    if (current === null || current === undefined) return undefined;
    current = /^\d+$/.test(part) && Array.isArray(current) ? current[Number(part)] : (current as Record<string, unknown>)[part];
  }
  return current;
}

function dictItems(value: unknown): PyTuple[] {
  if (value instanceof Map) return [...value.entries()].map(([key, item]) => pyTuple([key, item]));
  if (!isPlainObject(value)) return [];
  return dictKeys(value).map((key) => pyTuple([key, value[pyKeyName(key)]]));
}

function compareKeys(a: any, b: any): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toInt(value: unknown, fallback: unknown, base: number): unknown {
  if (typeof value === 'boolean') return Number(value);
  if (isNumber(value)) return Math.trunc(Number(value));
  const text = pyStr(value).trim().replaceAll('_', '');
  if (base !== 10) {
    const prefix = { 16: /^([-+]?)0x/i, 8: /^([-+]?)0o/i, 2: /^([-+]?)0b/i }[base];
    const digits = prefix ? text.replace(prefix, '$1') : text;
    const valid = new RegExp(`^[-+]?[${'0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, base)}]+$`, 'i');
    return valid.test(digits) ? Number.parseInt(digits, base) : fallback;
  }
  if (/^[-+]?\d+$/.test(text)) return Number.parseInt(text, 10);
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return Math.trunc(Number.parseFloat(text));
  return fallback;
}

function toFloat(value: unknown, fallback: unknown): unknown {
  if (typeof value === 'boolean' || isNumber(value)) return pyFloat(Number(value));
  const text = pyStr(value).trim().replaceAll('_', '');
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return pyFloat(Number.parseFloat(text));
  const special = /^([-+]?)(inf|infinity|nan)$/i.exec(text);
  if (special) return special[2]!.toLowerCase() === 'nan' ? Number.NaN : special[1] === '-' ? -Infinity : Infinity;
  return fallback;
}

function groupBy(value: unknown, rest: unknown[]): PyTuple[] {
  const args = bind(rest, ['attribute', 'default', 'case_sensitive'], { default: undefined, case_sensitive: false });
  const keyOf = (item: unknown): unknown => {
    const key = attribute(item, args.attribute);
    return key === undefined ? args.default : key;
  };
  const groups = new Map<unknown, { grouper: unknown; list: unknown[] }>();
  for (const item of toList(value)) {
    const raw = keyOf(item);
    const key = !args.case_sensitive && isPyString(raw) ? String(raw).toLowerCase() : raw;
    const group = groups.get(key) ?? { grouper: raw, list: [] };
    group.list.push(item);
    groups.set(key, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => compareKeys(a, b))
    .map(([, group]) => {
      const tuple = pyTuple([group.grouper, group.list]);
      Object.defineProperties(tuple, { grouper: { value: group.grouper }, list: { value: group.list } });
      return tuple;
    });
}

/** Python's `str.splitlines()`: no empty last line for a trailing newline. */
function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** `max`/`min` (`sign` 1 or -1) with `case_sensitive` and `attribute`. */
function extreme(value: unknown, rest: unknown[], sign: number): unknown {
  const args = bind(rest, ['case_sensitive', 'attribute'], { case_sensitive: false, attribute: null });
  const keyOf = (item: unknown): any => {
    const key = args.attribute === null || args.attribute === undefined ? item : attribute(item, args.attribute);
    return !args.case_sensitive && isPyString(key) ? String(key).toLowerCase() : key;
  };
  let best: unknown;
  let bestKey: any;
  for (const item of toList(value)) {
    const key = keyOf(item);
    if (best === undefined || compareKeys(key, bestKey) * sign > 0) {
      best = item;
      bestKey = key;
    }
  }
  return best;
}

export function createBuiltinFilters(): Record<string, Filter> {
  return {
    round: (value: unknown, ...rest: unknown[]) => {
      const args = bind(rest, ['precision', 'method'], { precision: 0, method: 'common' });
      const precision = Number(args.precision);
      if (args.method === 'common') return pyRound(value, precision);
      if (args.method !== 'ceil' && args.method !== 'floor') throw new Error('method must be common, ceil or floor');
      const factor = 10 ** precision;
      return pyFloat(Math[args.method](Number(value) * factor) / factor);
    },
    int: (value: unknown, ...rest: unknown[]) => {
      const args = bind(rest, ['default', 'base'], { default: 0, base: 10 });
      return toInt(value, args.default, Number(args.base));
    },
    float: (value: unknown, ...rest: unknown[]) => toFloat(value, bind(rest, ['default'], { default: new PyFloat(0) }).default),
    abs: (value: unknown) => (value instanceof PyFloat ? new PyFloat(Math.abs(value.value)) : Math.abs(Number(value))),
    trim: (value: unknown, chars?: unknown) => {
      const text = pyStr(value);
      if (chars === undefined || chars === null) return text.trim();
      const set = String(chars);
      let start = 0;
      let end = text.length;
      while (start < end && set.includes(text[start]!)) start++;
      while (end > start && set.includes(text[end - 1]!)) end--;
      return text.slice(start, end);
    },
    truncate: (value: unknown, ...rest: unknown[]) => {
      const args = bind(rest, ['length', 'killwords', 'end', 'leeway'], { length: 255, killwords: false, end: '...', leeway: 5 });
      const text = pyStr(value);
      const length = Number(args.length);
      const end = pyStr(args.end);
      const leeway = args.leeway === null || args.leeway === undefined ? 5 : Number(args.leeway);
      if (text.length <= length + leeway) return text;
      const cut = text.slice(0, Math.max(0, length - end.length));
      if (args.killwords) return cut + end;
      const space = cut.lastIndexOf(' ');
      return (space < 0 ? cut : cut.slice(0, space)) + end;
    },
    sum: (value: unknown, ...rest: unknown[]) => {
      const args = bind(rest, ['attribute', 'start'], { attribute: undefined, start: 0 });
      let total: unknown = args.start;
      for (const item of toList(value)) {
        const term = args.attribute === undefined || args.attribute === null ? item : attribute(item, args.attribute);
        // lists add up by concatenation (`sum(start=[])` flattens), as Python's sum does
        total = Array.isArray(total) && Array.isArray(term) ? [...total, ...term] : numberAdd(total, term);
      }
      return total;
    },
    dictsort: (value: unknown, ...rest: unknown[]) => {
      const args = bind(rest, ['case_sensitive', 'by', 'reverse'], { case_sensitive: false, by: 'key', reverse: false });
      const position = args.by === 'value' ? 1 : 0;
      const keyOf = (pair: PyTuple): any => {
        const key = pair[position];
        return !args.case_sensitive && isPyString(key) ? String(key).toLowerCase() : key;
      };
      const sorted = dictItems(value).sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
      return args.reverse ? sorted.reverse() : sorted;
    },
    items: (value: unknown) => dictItems(value),
    join: (value: unknown, ...rest: unknown[]) => {
      const args = bind(rest, ['d', 'attribute'], { d: '', attribute: null });
      const list = toList(value);
      return (args.attribute === null || args.attribute === undefined ? list : list.map((item) => attribute(item, args.attribute))).map((item) => pyStr(item)).join(pyStr(args.d));
    },
    max: (value: unknown, ...rest: unknown[]) => extreme(value, rest, 1),
    min: (value: unknown, ...rest: unknown[]) => extreme(value, rest, -1),
    indent: (value: unknown, ...rest: unknown[]) => {
      const args = bind(rest, ['width', 'first', 'blank'], { width: 4, first: false, blank: false });
      const indention = isPyString(args.width) ? String(args.width) : ' '.repeat(Number(args.width));
      const lines = splitLines(`${pyStr(value)}\n`);
      let text: string;
      if (args.blank) text = lines.join(`\n${indention}`);
      else text = [lines[0] ?? '', ...lines.slice(1).map((line) => (line ? indention + line : line))].join('\n');
      return args.first ? indention + text : text;
    },
    center: (value: unknown, width: unknown = 80) => {
      const text = pyStr(value);
      const total = Number(width);
      const pad = total - text.length;
      if (pad <= 0) return text;
      const left = (pad >> 1) + (pad & total & 1);
      return ' '.repeat(left) + text + ' '.repeat(pad - left);
    },
    title: (value: unknown) =>
      pyStr(value)
        .split(/([-\s({[<]+)/)
        .filter((part) => part !== '')
        .map((part) => part[0]!.toUpperCase() + part.slice(1).toLowerCase())
        .join(''),
    lower: (value: unknown) => pyStr(value).toLowerCase(),
    upper: (value: unknown) => pyStr(value).toUpperCase(),
    capitalize: (value: unknown) => {
      const text = pyStr(value);
      return text.slice(0, 1).toUpperCase() + text.slice(1).toLowerCase();
    },
    groupby: (value: unknown, ...rest: unknown[]) => groupBy(value, rest),
  };
}
