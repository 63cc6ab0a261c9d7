/**
 * The runtime our compiled templates run against: nunjucks's runtime (with Jinja compat) plus
 * Python semantics (printing, member lookup, `in`, truthiness, operators) and the bookkeeping
 * of `return()` and error places. It is passed to each root render function, so nunjucks's own
 * module-level runtime stays as it is for anyone else.
 */
import nunjucks from 'nunjucks';
import { pythonMethod, isStringMethod } from './python-methods.js';
import { isPyString, isPlainObject, pyEquals, pyKeyName, pyPercentFormat, pyRepr, pyStr, pyTruthy, pyTuple, PyTuple } from './python-values.js';
import { currentRender } from './render-state.js';
import { dictKeys, pyDict as makeDict } from './python-dicts.js';
import { isNumber, numberAdd, numberMod, numberMul, numberSub, pyDiv, pyFloat, PyFloat, pyFloorDiv, pyNeg, pyPow } from './python-numbers.js';
import { pySlice } from './python-slices.js';
import { DailiesError } from '../../errors.js';
import { LoopContext } from './loop-context.js';
import { makeMacro, NO_VARARGS, pyCallArgs, pyCheckArguments, pyExtraKeywords, VARARGS } from './macro-arguments.js';

/** Thrown by `return(value)`; the innermost macro call catches it and returns `value`. */
export class MacroReturn {
  constructor(readonly value: unknown) {}
}

/** Calling something that is not a function (an undefined macro, a misspelled global). */
export class UndefinedCallError extends Error {
  constructor(readonly calledName: string) {
    super(`'${calledName}' is undefined: there is no macro, context function or global of that name`);
    this.name = 'UndefinedCallError';
  }
}

/** Where an error was raised: `file` null means "the file of the render". `line` is 1-based within the compiled source. */
export interface ErrorOrigin {
  file: string | null;
  line: number;
}

const errorOrigins = new WeakMap<object, ErrorOrigin>();

export function errorOrigin(error: unknown): ErrorOrigin | undefined {
  return error !== null && typeof error === 'object' ? errorOrigins.get(error) : undefined;
}

function markErrorPlace(error: unknown, file: string | null, lineno: number): unknown {
  if (error instanceof MacroReturn || error === null || typeof error !== 'object') return error;
  if (!errorOrigins.has(error)) errorOrigins.set(error, { file, line: lineno + 1 });
  return error;
}

function wrapInlineMacro(macro: (...args: unknown[]) => unknown) {
  return function inlineMacro(this: unknown, ...args: unknown[]): unknown {
    try {
      return String(macro.apply(this, args));
    } catch (error) {
      if (error instanceof MacroReturn) return error.value;
      throw error;
    }
  };
}

function memberLookup(obj: unknown, key: unknown, ...slice: unknown[]): unknown {
  if (slice.length === 2) return (base.memberLookup as (...a: unknown[]) => unknown)(obj, key, ...slice);
  if (obj === undefined || obj === null) return undefined;
  if (typeof key === 'string') {
    if (typeof obj === 'string') {
      const method = pythonMethod(obj, key);
      if (method) return method;
    } else if (typeof obj === 'object') {
      if (isPyString(obj) && isStringMethod(key)) return pythonMethod(String(obj), key);
      const method = pythonMethod(obj, key);
      if (method) return method;
    }
  } else if (typeof key === 'number' && key < 0 && (Array.isArray(obj) || typeof obj === 'string')) {
    return obj[obj.length + key];
  } else if (typeof key !== 'number' && isPlainObject(obj)) {
    return obj[pyKeyName(key)];
  }
  const value = (obj as Record<string | number, unknown>)[key as string];
  if (typeof value === 'function') {
    // A function with attributes of its own is a namespace (`modules.datetime.datetime.now`): keep it whole.
    if (Object.keys(value).length > 0) return value;
    return (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(obj, args);
  }
  return value;
}

/** Jinja2's name for the type of a value in its errors (`'dict object' has no attribute 'a'`). */
function objectTypeRepr(value: unknown): string {
  if (value === null) return 'None';
  if (isPyString(value)) return 'str object';
  if (typeof value === 'boolean') return 'bool object';
  if (value instanceof PyFloat) return 'float object';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int object' : 'float object';
  if (value instanceof PyTuple) return 'tuple object';
  if (Array.isArray(value)) return 'list object';
  if (isPlainObject(value)) return 'dict object';
  return 'object';
}

/**
 * An attribute or item of an undefined value. With `execute` true (dbt's compile) this is Jinja2's
 * UndefinedError, worded as dbt words it; otherwise (dbt's parse, whose Undefined allows it) the
 * value stays undefined and the render's tracker notes it, so the compile renders the node again.
 */
function undefinedAccess(describe: () => string): undefined {
  const render = currentRender();
  if (render?.globals.execute === true) {
    throw new Error(`${describe()}. This can happen when calling a macro that does not exist. Check for typos and/or install package dependencies with "dbt deps".`);
  }
  if (render?.tracker) render.tracker.undefinedAccess = true;
  return undefined;
}

function missingMember(parent: unknown, key: unknown): () => string {
  return () => (typeof key === 'string' ? `'${objectTypeRepr(parent)}' has no attribute '${key}'` : `${objectTypeRepr(parent)} has no element ${pyRepr(key)}`);
}

/** `root.k1` where `root` is the variable `name` (null: an expression whose undefined value is not reported). */
function pyPath1(root: unknown, k1: unknown, name: string | null): unknown {
  if (root === undefined) return name === null ? undefined : undefinedAccess(() => `'${name}' is undefined`);
  return memberLookup(root, k1);
}

/** `root.k1.k2` (the commonest path; no array per lookup). */
function pyPath2(root: unknown, k1: unknown, k2: unknown, name: string | null): unknown {
  const value = pyPath1(root, k1, name);
  return value === undefined ? pyPath(root, [k1, k2], name) : memberLookup(value, k2);
}

/** `root.k1.k2…`: each step on an undefined value is Jinja2's error naming the step before it. */
function pyPath(root: unknown, keys: unknown[], name: string | null): unknown {
  let value = pyPath1(root, keys[0], name);
  let parent = root;
  for (let i = 1; i < keys.length; i++) {
    if (value === undefined) {
      // The node's `model` dict lacks some keys dbt's has (`docs`, `access`, `group`, …): a gap of dailies, not of the project.
      if (parent === undefined || parent === currentRender()?.globals.model) return undefined;
      return undefinedAccess(missingMember(parent, keys[i - 1]));
    }
    parent = value;
    value = memberLookup(value, keys[i]);
  }
  return value;
}

function contextOrFrameLookup(context: { lookup(name: string): unknown }, frame: { lookup(name: string): unknown }, name: string): unknown {
  const value = frame.lookup(name);
  return value !== undefined ? value : context.lookup(name);
}

function callWrap(fn: unknown, name: string, context: unknown, args: unknown[]): unknown {
  if (typeof fn !== 'function') {
    if (fn instanceof LoopContext) return fn.call(args[0]);
    throw new UndefinedCallError(name);
  }
  return (fn as (...a: unknown[]) => unknown).apply(context, args);
}

function inOperator(key: unknown, container: unknown): boolean {
  if (container === undefined || container === null) return false;
  if (container instanceof Set || container instanceof Map) return container.has(key);
  if (Array.isArray(container)) return container.some((item) => pyEquals(item, key));
  if (isPyString(container)) return String(container).includes(String(key));
  if (typeof container === 'object') {
    const name = isPlainObject(container) ? pyKeyName(key) : String(key);
    return Object.prototype.hasOwnProperty.call(container, name) && name !== '__keywords';
  }
  throw new Error(`'in' needs a list, dict, set or string on its right, not ${pyStr(container)}`);
}

type Dunder = { __add__?: (other: unknown) => unknown; __sub__?: (other: unknown) => unknown };

function pyAdd(a: unknown, b: unknown): unknown {
  if (Array.isArray(a) && Array.isArray(b)) return a instanceof PyTuple && b instanceof PyTuple ? pyTuple([...a, ...b]) : [...a, ...b];
  if (a !== null && typeof a === 'object' && typeof (a as Dunder).__add__ === 'function') return (a as Dunder).__add__!(b);
  if (isPyString(a) || isPyString(b)) return String(pyStr(a)) + String(pyStr(b));
  if (isNumber(a) || isNumber(b)) return numberAdd(a, b);
  return (a as number) + (b as number);
}

function pySub(a: unknown, b: unknown): unknown {
  if (a !== null && typeof a === 'object' && typeof (a as Dunder).__sub__ === 'function') return (a as Dunder).__sub__!(b);
  return numberSub(a, b);
}

function pyMul(a: unknown, b: unknown): unknown {
  if (isPyString(a) && typeof b === 'number') return String(a).repeat(Math.max(0, b));
  if (Array.isArray(a) && typeof b === 'number') return Array.from({ length: Math.max(0, b) }, () => a).flat();
  return numberMul(a, b);
}

function pyMod(a: unknown, b: unknown): unknown {
  if (isPyString(a)) return pyPercentFormat(String(a), b);
  return numberMod(a, b);
}

function pySetAttribute(target: unknown, key: unknown, value: unknown): void {
  if (target === null || typeof target !== 'object') throw new Error(`cannot set attribute '${String(key)}' on ${pyStr(target)}`);
  (target as Record<string, unknown>)[String(key)] = value;
}

function pyUnpack(value: unknown, count: number): unknown[] {
  const items = Array.isArray(value) ? value : isPyString(value) ? [...String(value)] : value instanceof Set ? [...value] : null;
  if (!items) throw new Error(`cannot unpack ${pyStr(value)} into ${count} names`);
  if (items.length !== count) throw new Error(`ValueError: expected ${count} values to unpack, got ${items.length}`);
  return items;
}

/** The items of a `for … if` loop that pass; dicts iterate as keys, or as (key, value) pairs with two loop variables. */
function pyLoopFilter(items: unknown, names: number, keep: (item: unknown) => boolean): unknown[] {
  if (items === undefined || items === null) return [];
  let list: unknown[];
  if (Array.isArray(items)) list = items;
  else if (isPyString(items)) list = [...String(items)];
  else if (typeof items === 'object' && Symbol.iterator in items) list = [...(items as Iterable<unknown>)];
  else if (typeof items === 'object') list = names > 1 ? Object.entries(items) : dictKeys(items as Record<string, unknown>);
  else list = [];
  return list.filter(keep);
}

/** The items of an iterable, as a list (`*args`, single-name loops). */
function pyList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  if (isPyString(value)) return [...String(value)];
  if (value instanceof Map) return [...value.keys()];
  if (typeof value === 'object' && Symbol.iterator in value) return [...(value as Iterable<unknown>)];
  if (isPlainObject(value)) return dictKeys(value);
  throw new Error(`${pyStr(value)} is not iterable`);
}

function pyIterate(value: unknown): unknown {
  if (value === undefined || value === null || Array.isArray(value)) return value;
  if (typeof value === 'string') return value;
  return pyList(value);
}

function pyLess(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!pyEquals(a[i], b[i])) return pyLess(a[i], b[i]);
    }
    return a.length < b.length;
  }
  if (isPyString(a) && isPyString(b)) return String(a) < String(b);
  return (a as number) < (b as number);
}

function pyCompare(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case '==':
      return pyEquals(a, b);
    case '!=':
      return !pyEquals(a, b);
    case '<':
      return pyLess(a, b);
    case '>':
      return pyLess(b, a);
    case '<=':
      return pyLess(a, b) || pyEquals(a, b);
    case '>=':
      return pyLess(b, a) || pyEquals(a, b);
    case 'in':
      return inOperator(a, b);
    default:
      return !inOperator(a, b);
  }
}

function pyCompareChain(ops: string[], operands: unknown[]): boolean {
  return ops.every((op, i) => pyCompare(op, operands[i], operands[i + 1]));
}

/** A dict literal with keys that are expressions or not strings, from its pairs `[k1, v1, k2, v2, …]`. */
function pyDict(pairs: unknown[]): Record<string, unknown> {
  return makeDict(pairs.map((item, i) => (i % 2 === 0 && isPyString(item) ? String(item) : item)), pyStr);
}

function pyNoLoader(tag: string, name: unknown): never {
  throw new DailiesError('compile', `{% ${tag} ${pyStr(name)} %} cannot load a template: dbt's Jinja has no template loader, so dbt rejects it too ("no loader for this environment specified")`, {
    hint: "call the macro directly: every macro of the project and its packages is global (e.g. {{ my_macro() }} or {{ my_package.my_macro() }})",
  });
}

const base = nunjucks.runtime as unknown as Record<string, unknown>;

/** The runtime object handed to compiled templates; inherits everything else from nunjucks's. */
export const templateRuntime: Record<string, unknown> = Object.assign(Object.create(base) as Record<string, unknown>, {
  suppressValue: (value: unknown) => (typeof value === 'string' ? value : pyStr(isPyString(value) ? String(value) : value)),
  memberLookup,
  pyPath1,
  pyPath2,
  pyPath,
  contextOrFrameLookup,
  callWrap,
  inOperator,
  handleError: (error: unknown, lineno: number) => markErrorPlace(error, null, lineno),
  markErrorPlace,
  wrapInlineMacro,
  pyTruthy,
  pyAnd: (a: unknown, b: () => unknown) => (pyTruthy(a) ? b() : a),
  pyOr: (a: unknown, b: () => unknown) => (pyTruthy(a) ? a : b()),
  pyAdd,
  pyConcat: (a: unknown, b: unknown) => pyStr(isPyString(a) ? String(a) : a) + pyStr(isPyString(b) ? String(b) : b),
  pyMod,
  pyMul,
  pySub,
  pySetAttribute,
  pyUnpack,
  pyLoopFilter,
  pyExtraKeywords,
  makeMacro,
  pyCheckArguments,
  hasKeys: (object: object): boolean => {
    for (const key in object) if (key !== undefined) return true;
    return false;
  },
  VARARGS,
  NO_VARARGS,
  pyCallArgs,
  pyList,
  pyIterate,
  pyCompare,
  pyCompareChain,
  pyDict,
  pyTuple,
  pySlice,
  PyFloat,
  pyFloat,
  pyDiv,
  pyFloorDiv,
  pyPow,
  pyNeg,
  LoopContext,
  pyNoLoader,
});

