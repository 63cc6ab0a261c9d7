/**
 * Python methods on strings, lists, dicts and sets, as dbt macros call them
 * (`name.upper()`, `cols.append(c)`, `d.items()`, `s.add(x)`). They are looked up by our
 * template runtime's `memberLookup`, so no built-in prototype is patched.
 */
import { callArguments } from './call-arguments.js';
import { pyStrFormat } from './python-format.js';
import { isPlainObject, pyEquals as pyEqualsValue, pyKeyName, pyRepr, pyStr, pyTuple } from './python-values.js';
import { dictCopy, dictKeys, dictSet, dictView } from './python-dicts.js';

type Method = (self: any, args: unknown[]) => unknown;

function words(text: string, sep: unknown, max: unknown): string[] {
  const limit = typeof max === 'number' && max >= 0 ? max : Infinity;
  if (sep === undefined || sep === null) {
    const parts = text.trim().split(/\s+/).filter((part) => part !== '');
    if (parts.length <= limit + 1) return parts;
    const head = parts.slice(0, limit);
    let rest = text.trim();
    for (const part of head) rest = rest.slice(rest.indexOf(part) + part.length).trimStart();
    return [...head, rest];
  }
  const parts = text.split(String(sep));
  if (parts.length <= limit + 1) return parts;
  return [...parts.slice(0, limit), parts.slice(limit).join(String(sep))];
}

/** `str.rsplit`: like split, but a limit keeps the leftmost part whole. */
function rwords(text: string, sep: unknown, max: unknown): string[] {
  const limit = typeof max === 'number' && max >= 0 ? max : Infinity;
  if (limit === Infinity) return words(text, sep, max);
  const reversed = (value: string) => [...value].reverse().join('');
  const separator = sep === undefined || sep === null ? sep : reversed(String(sep));
  return words(reversed(text), separator, max).map(reversed).reverse();
}

function stripChars(text: string, chars: unknown, left: boolean, right: boolean): string {
  if (chars === undefined || chars === null) {
    if (left && right) return text.trim();
    return left ? text.trimStart() : text.trimEnd();
  }
  const set = String(chars);
  let start = 0;
  let end = text.length;
  if (left) while (start < end && set.includes(text[start]!)) start++;
  if (right) while (end > start && set.includes(text[end - 1]!)) end--;
  return text.slice(start, end);
}

const STRING_METHODS: Record<string, Method> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  strip: (s, [chars]) => stripChars(s, chars, true, true),
  lstrip: (s, [chars]) => stripChars(s, chars, true, false),
  rstrip: (s, [chars]) => stripChars(s, chars, false, true),
  split: (s, [sep, max]) => words(s, sep, max),
  rsplit: (s, [sep, max]) => rwords(s, sep, max),
  splitlines: (s) => s.split(/\r?\n/).filter((line: string, i: number, all: string[]) => i < all.length - 1 || line !== ''),
  replace: (s, [from, to, count]) => {
    if (typeof count === 'number' && count >= 0) {
      let out = s;
      let start = 0;
      for (let i = 0; i < count; i++) {
        const at = out.indexOf(String(from), start);
        if (at < 0) break;
        out = out.slice(0, at) + String(to) + out.slice(at + String(from).length);
        start = at + String(to).length;
      }
      return out;
    }
    return s.split(String(from)).join(String(to));
  },
  startswith: (s, [prefix]) => (Array.isArray(prefix) ? prefix.some((p) => s.startsWith(String(p))) : s.startsWith(String(prefix))),
  endswith: (s, [suffix]) => (Array.isArray(suffix) ? suffix.some((p) => s.endsWith(String(p))) : s.endsWith(String(suffix))),
  join: (s, [items]) => [...((items as Iterable<unknown>) ?? [])].map(pyStr).join(s),
  title: (s) => s.toLowerCase().replace(/(^|[^a-zA-Z])([a-z])/g, (_m: string, pre: string, c: string) => pre + c.toUpperCase()),
  capitalize: (s) => (s.length ? s[0].toUpperCase() + s.slice(1).toLowerCase() : s),
  find: (s, [sub, start]) => s.indexOf(String(sub), typeof start === 'number' ? start : 0),
  rfind: (s, [sub]) => s.lastIndexOf(String(sub)),
  index: (s, [sub]) => {
    const at = s.indexOf(String(sub));
    if (at < 0) throw new Error(`ValueError: substring not found: '${String(sub)}'`);
    return at;
  },
  count: (s, [sub]) => (String(sub) === '' ? s.length + 1 : s.split(String(sub)).length - 1),
  format: (s, args) => {
    const { positional, keywords } = callArguments(args);
    return pyStrFormat(s, positional, keywords);
  },
  isdigit: (s) => /^[0-9]+$/.test(s),
  isnumeric: (s) => /^[0-9]+$/.test(s),
  isalpha: (s) => /^[A-Za-z]+$/.test(s),
  isalnum: (s) => /^[A-Za-z0-9]+$/.test(s),
  isspace: (s) => /^\s+$/.test(s),
  isupper: (s) => /[A-Z]/.test(s) && s === s.toUpperCase(),
  islower: (s) => /[a-z]/.test(s) && s === s.toLowerCase(),
  zfill: (s, [width]) => s.padStart(Number(width), '0'),
  ljust: (s, [width, fill]) => s.padEnd(Number(width), fill === undefined ? ' ' : String(fill)),
  rjust: (s, [width, fill]) => s.padStart(Number(width), fill === undefined ? ' ' : String(fill)),
  partition: (s, [sep]) => {
    const at = s.indexOf(String(sep));
    return pyTuple(at < 0 ? [s, '', ''] : [s.slice(0, at), String(sep), s.slice(at + String(sep).length)]);
  },
  rindex: (s, [sub]) => {
    const at = s.lastIndexOf(String(sub));
    if (at < 0) throw new Error(`ValueError: substring not found: '${String(sub)}'`);
    return at;
  },
  rpartition: (s, [sep]) => {
    const at = s.lastIndexOf(String(sep));
    return pyTuple(at < 0 ? ['', '', s] : [s.slice(0, at), String(sep), s.slice(at + String(sep).length)]);
  },
  removeprefix: (s, [prefix]) => (s.startsWith(String(prefix)) ? s.slice(String(prefix).length) : s),
  removesuffix: (s, [suffix]) => (String(suffix) !== '' && s.endsWith(String(suffix)) ? s.slice(0, -String(suffix).length) : s),
  isdecimal: (s) => /^[0-9]+$/.test(s),
  istitle: (s) => /[A-Za-z]/.test(s) && !/[a-z][A-Z]|(^|[^A-Za-z])[a-z]/.test(s),
  center: (s, [width, fill]) => {
    const pad = Number(width) - s.length;
    if (pad <= 0) return s;
    const char = fill === undefined ? ' ' : String(fill);
    const left = (pad >> 1) + (pad & Number(width) & 1);
    return char.repeat(left) + s + char.repeat(pad - left);
  },
  format_map: (s, [mapping]) => pyStrFormat(s, [], (mapping ?? {}) as Record<string, unknown>),
  encode: (s) => s,
  casefold: (s) => s.toLowerCase(),
  swapcase: (s) => [...s].map((c: string) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
};

const pyEquals = pyEqualsValue;

function sortKey(keywords: Record<string, unknown>): (a: unknown, b: unknown) => number {
  const key = typeof keywords.key === 'function' ? (keywords.key as (v: unknown) => unknown) : (v: unknown) => v;
  return (a, b) => {
    const ka = key(a) as any;
    const kb = key(b) as any;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
}

const LIST_METHODS: Record<string, Method> = {
  append: (list, [item]) => {
    list.push(item);
    return null;
  },
  extend: (list, [items]) => {
    for (const item of (items as Iterable<unknown>) ?? []) list.push(item);
    return null;
  },
  pop: (list, [index]) => {
    if (list.length === 0) throw new Error('IndexError: pop from empty list');
    if (index === undefined) return list.pop();
    const at = Number(index) < 0 ? list.length + Number(index) : Number(index);
    if (at < 0 || at >= list.length) throw new Error('IndexError: pop index out of range');
    return list.splice(at, 1)[0];
  },
  insert: (list, [index, item]) => {
    const at = Number(index) < 0 ? Math.max(0, list.length + Number(index)) : Number(index);
    list.splice(at, 0, item);
    return null;
  },
  index: (list, [item]) => {
    const at = list.findIndex((x: unknown) => pyEquals(x, item));
    if (at < 0) throw new Error(`ValueError: ${pyStr(item)} is not in list`);
    return at;
  },
  count: (list, [item]) => list.filter((x: unknown) => pyEquals(x, item)).length,
  remove: (list, [item]) => {
    const at = list.findIndex((x: unknown) => pyEquals(x, item));
    if (at < 0) throw new Error(`ValueError: list.remove(x): x not in list`);
    list.splice(at, 1);
    return null;
  },
  reverse: (list) => {
    list.reverse();
    return null;
  },
  sort: (list, args) => {
    const { keywords } = callArguments(args);
    list.sort(sortKey(keywords));
    if (keywords.reverse) list.reverse();
    return null;
  },
  copy: (list) => [...list],
  clear: (list) => {
    list.length = 0;
    return null;
  },
};

const has = (dict: Record<string, unknown>, name: string) => name !== '__keywords' && Object.prototype.hasOwnProperty.call(dict, name);
const setKey = (dict: Record<string, unknown>, key: unknown, value: unknown) => dictSet(dict, key, value, pyStr);

const DICT_METHODS: Record<string, Method> = {
  items: (dict) => dictView('dict_items', dictKeys(dict).map((k) => pyTuple([k, dict[pyKeyName(k)]]))),
  keys: (dict) => dictView('dict_keys', dictKeys(dict)),
  values: (dict) => dictView('dict_values', dictKeys(dict).map((k) => dict[pyKeyName(k)])),
  get: (dict, [key, fallback]) => {
    const name = pyKeyName(key);
    return has(dict, name) && dict[name] !== undefined ? dict[name] : fallback === undefined ? null : fallback;
  },
  update: (dict, args) => {
    const { positional, keywords } = callArguments(args);
    for (const source of positional) {
      if (Array.isArray(source)) for (const [k, v] of source as [unknown, unknown][]) setKey(dict, k, v);
      else if (isPlainObject(source)) for (const key of dictKeys(source)) setKey(dict, key, source[pyKeyName(key)]);
      else if (source && typeof source === 'object') Object.assign(dict, source);
    }
    for (const [key, value] of Object.entries(keywords)) setKey(dict, key, value);
    return null;
  },
  pop: (dict, [key, fallback]) => {
    const name = pyKeyName(key);
    if (!has(dict, name)) {
      if (fallback === undefined) throw new Error(`KeyError: ${pyRepr(key)}`);
      return fallback;
    }
    const value = dict[name];
    delete dict[name];
    return value;
  },
  setdefault: (dict, [key, fallback]) => {
    const name = pyKeyName(key);
    if (!has(dict, name)) setKey(dict, key, fallback === undefined ? null : fallback);
    return dict[name];
  },
  popitem: (dict) => {
    const key = dictKeys(dict).at(-1);
    if (key === undefined) throw new Error("KeyError: 'popitem(): dictionary is empty'");
    const name = pyKeyName(key);
    const value = dict[name];
    delete dict[name];
    return pyTuple([key, value]);
  },
  copy: (dict) => dictCopy(dict),
  has_key: (dict, [key]) => has(dict, pyKeyName(key)),
  clear: (dict) => {
    for (const key of Object.keys(dict)) delete dict[key];
    return null;
  },
};

const SET_METHODS: Record<string, Method> = {
  add: (set, [item]) => {
    set.add(item);
    return null;
  },
  update: (set, [items]) => {
    for (const item of (items as Iterable<unknown>) ?? []) set.add(item);
    return null;
  },
  remove: (set, [item]) => {
    if (!set.delete(item)) throw new Error(`KeyError: ${pyStr(item)}`);
    return null;
  },
  discard: (set, [item]) => {
    set.delete(item);
    return null;
  },
  union: (set, [items]) => new Set([...set, ...((items as Iterable<unknown>) ?? [])]),
  intersection: (set, [items]) => {
    const other = new Set((items as Iterable<unknown>) ?? []);
    return new Set([...set].filter((x) => other.has(x)));
  },
  difference: (set, [items]) => {
    const other = new Set((items as Iterable<unknown>) ?? []);
    return new Set([...set].filter((x) => !other.has(x)));
  },
  issubset: (set, [items]) => {
    const other = new Set((items as Iterable<unknown>) ?? []);
    return [...set].every((x) => other.has(x));
  },
  copy: (set) => new Set(set),
};

function bind(method: Method, self: unknown): (...args: unknown[]) => unknown {
  return (...args: unknown[]) => method(self, args);
}

/**
 * The Python method `name` of `value`, bound, or undefined when Python has none (or when the
 * object has a function of that name of its own, which wins: the compiler's context objects).
 */
export function pythonMethod(value: unknown, name: string): ((...args: unknown[]) => unknown) | undefined {
  if (typeof value === 'string') {
    return Object.prototype.hasOwnProperty.call(STRING_METHODS, name) ? bind(STRING_METHODS[name]!, value) : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  let table: Record<string, Method>;
  if (Array.isArray(value)) table = LIST_METHODS;
  else if (value instanceof Set) table = SET_METHODS;
  else if (isPlainObject(value)) {
    if (typeof value[name] === 'function') return undefined;
    table = DICT_METHODS;
  } else return undefined;
  if (!Object.prototype.hasOwnProperty.call(table, name)) return undefined;
  return bind(table[name]!, value);
}

/** Whether `name` is a Python string method (for SafeString values, looked up as strings). */
export function isStringMethod(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(STRING_METHODS, name);
}
