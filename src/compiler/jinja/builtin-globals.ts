/**
 * The globals dbt's Jinja context offers that do not depend on the node being rendered:
 * `modules`, `log`, `print`, `exceptions`, `return`, `zip`, `range`, `lipsum`, `set`, `tojson`/`fromjson`,
 * `toyaml`/`fromyaml`, `local_md5`, `dbt_version`, and the `statement` block with `load_result`.
 * (Node-specific globals — ref, source, config, this, target, var, … — come from the compiler.)
 */
import { createHash } from 'node:crypto';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { DailiesError } from '../../errors.js';
import { callArguments } from './call-arguments.js';
import { datetimeModule } from './modules-datetime.js';
import { reModule } from './modules-re.js';
import { isPlainObject, pyJsonDumps, pyStr, pyTuple } from './python-values.js';
import { dictCopy, dictSet, pyDict } from './python-dicts.js';
import { lipsum } from './lipsum.js';
import type { RenderStack } from './render-state.js';
import { MacroReturn } from './template-runtime.js';

/** dbt's version as dailies reports it to templates (`dbt_version`). */
export const DBT_VERSION = '1.11.0';

export interface GlobalsDeps {
  stack: RenderStack;
  /** Where `log(..., info=True)`, `print()` and `exceptions.warn()` write a line. */
  log: (line: string) => void;
}

function range(...args: unknown[]): number[] {
  const numbers = args.map(Number);
  const [start, stop, step] = numbers.length === 1 ? [0, numbers[0]!, 1] : [numbers[0]!, numbers[1]!, numbers[2] ?? 1];
  if (step === 0) throw new Error('range() step must not be zero');
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

function zip(...lists: unknown[]): unknown[][] {
  const arrays = lists.map((list) => [...((list as Iterable<unknown>) ?? [])]);
  const length = arrays.length === 0 ? 0 : Math.min(...arrays.map((a) => a.length));
  return Array.from({ length }, (_v, i) => pyTuple(arrays.map((a) => a[i])));
}

/**
 * Jinja's `namespace(...)`: attributes only. Not a dict, so `ns.items`, `ns.keys` or `ns.values`
 * are its attributes, not dict methods; prints as Jinja2's `<Namespace {...}>`.
 */
export class Namespace {
  toString(): string {
    return `<Namespace ${pyStr({ ...this })}>`;
  }
}

/** Jinja's `joiner(sep)`: a callable that returns '' the first time and `sep` after. */
function joiner(separator: unknown = ', '): () => string {
  let used = false;
  return () => {
    if (!used) {
      used = true;
      return '';
    }
    return pyStr(separator);
  };
}

/** Jinja's `cycler(*items)`: `next()`, `current`, `reset()`. */
function cycler(...values: unknown[]) {
  let position = 0;
  return {
    get current(): unknown {
      return values[position];
    },
    next(): unknown {
      const value = values[position];
      position = (position + 1) % values.length;
      return value;
    },
    reset(): string {
      position = 0;
      return '';
    },
  };
}

/** Rows as dbt's `load_result(...)['data']` gives them: lists of values. */
function rowsOf(result: unknown): unknown[][] {
  const rows = (result as { rows?: unknown })?.rows;
  if (!Array.isArray(rows)) return [];
  return rows.map((row) => (Array.isArray(row) ? row : Object.values(row as Record<string, unknown>)));
}

export function createBuiltinGlobals(deps: GlobalsDeps): Record<string, unknown> {
  const { stack } = deps;

  const statement = (...args: unknown[]): string => {
    const { positional, keywords } = callArguments(args);
    const name = (positional[0] ?? keywords.name ?? null) as string | null;
    const fetchResult = Boolean(positional[1] ?? keywords.fetch_result ?? false);
    const caller = keywords.caller as (() => unknown) | undefined;
    const render = stack.current;
    if (!render || render.globals.execute === false) return '';
    const sql = caller ? String(caller()) : '';
    // Without run_query (compiling with no warehouse) a statement returns no rows, as introspection does.
    const runQuery = render.globals.run_query;
    const result = typeof runQuery === 'function' ? (runQuery as (sql: string) => unknown)(sql) : { columns: [], rows: [] };
    if (name !== null && name !== undefined) {
      const stored = fetchResult ? { response: { code: 'OK', rows_affected: (result as { rowsAffected?: number })?.rowsAffected ?? null }, data: rowsOf(result), table: result } : { response: { code: 'OK' }, data: [], table: null };
      render.results.set(name, stored);
    }
    return '';
  };

  const exceptions = {
    raise_compiler_error: (message: unknown): never => {
      throw new DailiesError('compile', pyStr(message), { hint: 'this error was raised by the project with exceptions.raise_compiler_error()' });
    },
    raise_not_implemented: (message: unknown): never => {
      throw new DailiesError('compile', `not implemented: ${pyStr(message)}`, { hint: 'this error was raised by the project with exceptions.raise_not_implemented()' });
    },
    warn: (message: unknown): string => {
      deps.log(`warning: ${pyStr(message)}`);
      return '';
    },
  };

  return {
    True: true,
    False: false,
    None: null,
    modules: {
      datetime: datetimeModule,
      re: reModule,
      itertools: { chain: (...lists: unknown[]) => lists.flatMap((list) => [...((list as Iterable<unknown>) ?? [])]) },
    },
    log: (...args: unknown[]): string => {
      const { positional, keywords } = callArguments(args);
      const message = pyStr(positional[0]);
      if (positional[1] ?? keywords.info) deps.log(message);
      else stack.current?.tracker?.logs?.push(message);
      return '';
    },
    print: (message: unknown): string => {
      deps.log(pyStr(message));
      return '';
    },
    exceptions,
    return: (value: unknown): never => {
      throw new MacroReturn(value);
    },
    zip,
    range,
    joiner,
    cycler,
    dict: (...args: unknown[]) => {
      const { positional, keywords } = callArguments(args);
      const base = positional[0];
      const dict = Array.isArray(base) ? pyDict((base as unknown[][]).flatMap((pair) => [pair[0], pair[1]]), pyStr) : isPlainObject(base) ? dictCopy(base) : { ...((base as object | undefined) ?? {}) };
      for (const [key, value] of Object.entries(keywords)) dictSet(dict, key, value, pyStr);
      return dict;
    },
    lipsum,
    namespace: (...args: unknown[]) => {
      const { positional, keywords } = callArguments(args);
      return Object.assign(new Namespace(), ...positional.filter((item) => item !== null && typeof item === 'object'), keywords) as Namespace;
    },
    set: (items?: unknown) => new Set((items as Iterable<unknown>) ?? []),
    fromjson: (text: unknown, fallback: unknown = null) => {
      try {
        return JSON.parse(String(text)) as unknown;
      } catch {
        return fallback;
      }
    },
    tojson: (value: unknown, ...rest: unknown[]) => pyJsonDumps(value, Boolean(callArguments(rest).keywords.sort_keys)),
    fromyaml: (text: unknown, fallback: unknown = null) => {
      try {
        return parseYaml(String(text)) as unknown;
      } catch {
        return fallback;
      }
    },
    toyaml: (value: unknown) => stringifyYaml(value),
    local_md5: (text: unknown) => createHash('md5').update(pyStr(text)).digest('hex'),
    dbt_version: DBT_VERSION,
    statement,
    load_result: (name: unknown) => stack.current?.results.get(String(name)) ?? null,
    store_result: (...args: unknown[]) => {
      const { positional, keywords } = callArguments(args);
      const name = String(positional[0] ?? keywords.name);
      const table = positional[2] ?? keywords.agate_table ?? null;
      stack.current?.results.set(name, { response: positional[1] ?? keywords.response ?? null, data: rowsOf(table), table });
      return '';
    },
  };
}
