/**
 * Python dicts on JavaScript objects. A dict is a plain object whose property names are its keys
 * as strings; a dict with keys that are not strings (`{1: 'a'}`, `{None: 0}`, `{True: 1}`) or that
 * look like integers (JavaScript lists those first) also carries, under a symbol, its keys as
 * Python has them in insertion order, so it prints `{1: 'a'}`, iterates `1` and keeps Python's order.
 * `d.keys()`, `.values()`, `.items()` are views that print as `dict_keys([...])` and otherwise act
 * as lists.
 */
import { PyFloat } from './python-numbers.js';

/** Property name → the key as Python has it, in insertion order (only on dicts that need it). */
export const PY_KEYS = Symbol('pyKeys');

type KeyedDict = Record<string, unknown> & { [PY_KEYS]?: Map<string, unknown> };

const INTEGER_LIKE = /^(0|[1-9]\d*)$/;

/**
 * The property holding `key`: strings as they are; numbers (and `True`/`False`, equal to 1 and 0 in
 * Python) by their value, so `{1.0: 'a'}[1]` finds it; `None` as `None`; others as `describe` prints them.
 */
export function dictPropertyName(key: unknown, describe: (value: unknown) => string): string {
  if (typeof key === 'string') return key;
  if (typeof key === 'number') return String(key);
  if (key === true) return '1';
  if (key === false) return '0';
  if (key === null || key === undefined) return 'None';
  if (key instanceof PyFloat) return String(key.value);
  return describe(key);
}

function needsKeyTable(key: unknown): boolean {
  return typeof key !== 'string' || INTEGER_LIKE.test(key);
}

/** Sets `dict[key] = value` as Python does: an existing key keeps its first spelling (`{1: 'a', True: 'b'}` is `{1: 'b'}`). */
export function dictSet(dict: Record<string, unknown>, key: unknown, value: unknown, describe: (value: unknown) => string): void {
  const name = dictPropertyName(key, describe);
  const table = (dict as KeyedDict)[PY_KEYS];
  if (table) {
    if (!Object.prototype.hasOwnProperty.call(dict, name)) table.delete(name);
    if (!table.has(name)) table.set(name, key);
  } else if (needsKeyTable(key) && !Object.prototype.hasOwnProperty.call(dict, name)) {
    const keys = new Map<string, unknown>();
    for (const existing of Object.keys(dict)) if (existing !== '__keywords') keys.set(existing, existing);
    keys.set(name, key);
    Object.defineProperty(dict, PY_KEYS, { value: keys, enumerable: false, writable: true, configurable: true });
  }
  dict[name] = value;
}

/** A dict literal (`{k: v, …}` with an expression or non-string key), from its pairs in order. */
export function pyDict(pairs: unknown[], describe: (value: unknown) => string): Record<string, unknown> {
  const dict: Record<string, unknown> = {};
  for (let i = 0; i < pairs.length; i += 2) dictSet(dict, pairs[i], pairs[i + 1], describe);
  return dict;
}

/** The keys of a dict as Python has them, in Python's order. */
export function dictKeys(dict: Record<string, unknown>): unknown[] {
  const table = (dict as KeyedDict)[PY_KEYS];
  const names = Object.keys(dict);
  if (!table) return names.filter((key) => key !== '__keywords');
  const keys: unknown[] = [];
  for (const [name, key] of table) if (Object.prototype.hasOwnProperty.call(dict, name)) keys.push(key);
  for (const name of names) if (name !== '__keywords' && !table.has(name)) keys.push(name);
  return keys;
}

/** The property names of a dict in Python's order (for reading values). */
export function dictPropertyNames(dict: Record<string, unknown>): string[] {
  const table = (dict as KeyedDict)[PY_KEYS];
  const names = Object.keys(dict).filter((key) => key !== '__keywords');
  if (!table) return names;
  const ordered = [...table.keys()].filter((name) => Object.prototype.hasOwnProperty.call(dict, name));
  for (const name of names) if (!table.has(name)) ordered.push(name);
  return ordered;
}

/** A copy of a dict with its keys' spellings and order (`d.copy()`, `dict(d)`). */
export function dictCopy(dict: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...dict };
  const table = (dict as KeyedDict)[PY_KEYS];
  if (table) Object.defineProperty(copy, PY_KEYS, { value: new Map(table), enumerable: false, writable: true, configurable: true });
  return copy;
}

/** `d.keys()`, `d.values()`, `d.items()`: lists that print as Python's views (`dict_keys(['a'])`). */
export abstract class DictView<T = unknown> extends Array<T> {
  abstract readonly viewName: string;
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}
class DictKeys extends DictView {
  get viewName(): string {
    return 'dict_keys';
  }
}
class DictValues extends DictView {
  get viewName(): string {
    return 'dict_values';
  }
}
class DictItems extends DictView {
  get viewName(): string {
    return 'dict_items';
  }
}
const VIEWS = { dict_keys: DictKeys, dict_values: DictValues, dict_items: DictItems };

export function dictView(viewName: keyof typeof VIEWS, items: unknown[]): DictView {
  const view = new VIEWS[viewName]();
  for (const item of items) view.push(item);
  return view;
}
