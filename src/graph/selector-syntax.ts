/**
 * dbt's node selection syntax, parsed: each `--select` argument is split on spaces (a union);
 * each word on commas (an intersection); each part is `[@][n+][method:]value[+n]`.
 */
import { DailiesError } from '../errors.js';

export interface SelectionCriterion {
  /** The part as written, e.g. `2+tag:nightly+`. */
  raw: string;
  /** `fqn`, `tag`, `config`, … (`fqn`, `path` or `file` when the part names no method). */
  method: string;
  /** Dotted arguments of the method: `config.meta.owner:x` → `['meta', 'owner']`. */
  methodArgs: string[];
  value: string;
  /** `+x` / `n+x`: ancestors, up to `parentsDepth` edges when given. */
  parents: boolean;
  parentsDepth?: number;
  /** `x+` / `x+n`: descendants, up to `childrenDepth` edges when given. */
  children: boolean;
  childrenDepth?: number;
  /** `@x`: x, its descendants, and every ancestor of those. */
  childrensParents: boolean;
}

/** A comma-joined word: every criterion must hold. */
export interface SelectionIntersection {
  raw: string;
  criteria: SelectionCriterion[];
}

/**
 * eager: a test is selected when anything it tests is; cautious: when everything it tests is;
 * buildable: when everything it tests is selected or upstream of the selection; empty: never.
 */
export type IndirectSelection = 'eager' | 'cautious' | 'buildable' | 'empty';

export const INDIRECT_SELECTIONS: readonly IndirectSelection[] = ['eager', 'cautious', 'buildable', 'empty'];

/** A whole selection as a tree (what `--select`/`--exclude` and YAML selectors both become). */
export type SelectionSpec =
  | { kind: 'criterion'; criterion: SelectionCriterion; indirectSelection?: IndirectSelection }
  | {
      kind: 'union' | 'intersection';
      parts: SelectionSpec[];
      /** As written, for the warning when it selects nothing. */
      raw?: string;
      /** Warn when this selects nothing (each `--select` word). */
      expectExists?: boolean;
      indirectSelection?: IndirectSelection;
    }
  | { kind: 'difference'; include: SelectionSpec; exclude: SelectionSpec; indirectSelection?: IndirectSelection };

/** `--select`/`--exclude` arguments as a spec: a union of comma intersections. */
export function specFromArgs(args: readonly string[], flag: string, expectExists: boolean): SelectionSpec {
  return {
    kind: 'union',
    parts: parseSelectors(args, flag).map((word) => ({
      kind: 'intersection' as const,
      raw: word.raw,
      expectExists,
      parts: word.criteria.map((criterion) => ({ kind: 'criterion' as const, criterion })),
    })),
  };
}

export const SELECTOR_METHODS = [
  'fqn',
  'tag',
  'path',
  'file',
  'config',
  'resource_type',
  'source',
  'exposure',
  'metric',
  'semantic_model',
  'saved_query',
  'package',
  'test_type',
  'test_name',
  'state',
  'group',
  'access',
  'version',
  'unit_test',
] as const;

/** dbt methods dailies does not offer yet: named in the error instead of "unknown method". */
const UNSUPPORTED_METHODS = ['result', 'source_status', 'wildcard'];

const PART = /^(@)?(?:(\d*)\+)?(?:([A-Za-z_][\w.]*):)?(.*?)(?:\+(\d*))?$/s;

/** Splits `--select`/`--exclude` arguments into intersections (the union of which is selected). */
export function parseSelectors(args: readonly string[], flag: string): SelectionIntersection[] {
  const words = args.flatMap((arg) => arg.split(/\s+/)).filter((word) => word.length > 0);
  return words.map((word) => ({ raw: word, criteria: word.split(',').map((part) => parseCriterion(part, word, flag)) }));
}

export function parseCriterion(part: string, word: string, flag: string): SelectionCriterion {
  const syntaxError = (problem: string, hint: string): DailiesError =>
    new DailiesError('selection', `Invalid selector '${word}' in ${flag}: ${problem}`, { hint });
  if (part === '') {
    throw syntaxError('an empty part around a comma', 'join selectors with a comma and no spaces, e.g. `tag:nightly,config.materialized:table`');
  }
  const match = PART.exec(part);
  if (!match) throw syntaxError(`cannot read '${part}'`, 'write `[@][n+][method:]value[+n]`, e.g. `+stg_movies+` or `tag:nightly`');
  const [, at, parentsDepth, methodSpec, value, childrenDepth] = match;
  const children = childrenDepth !== undefined;
  const parents = parentsDepth !== undefined;
  if (value === '') throw syntaxError(`'${part}' names nothing to select`, 'add a value, e.g. `tag:nightly` or `stg_movies+`');
  if (/[+@]/.test(value) || /\s/.test(value)) {
    throw syntaxError(`unexpected '+' or '@' in '${value}'`, 'graph operators go at the ends only: `+x`, `x+`, `2+x+1`, `@x`');
  }
  if (at && parents) throw syntaxError('"@" and a leading "+" cannot be combined', 'use `@x` (which already includes ancestors) or `+x`');

  const [method, ...methodArgs] = methodSpec === undefined ? [defaultMethod(value)] : methodSpec.split('.');
  if (!(SELECTOR_METHODS as readonly string[]).includes(method)) {
    const known = SELECTOR_METHODS.map((m) => (m === 'config' ? 'config.<key>' : m)).join(', ');
    if (UNSUPPORTED_METHODS.includes(method)) {
      throw syntaxError(`the '${method}:' method is not supported by dailies yet`, `select with one of: ${known}`);
    }
    throw syntaxError(`'${method}' is not a selector method`, `use one of: ${known}`);
  }
  if (method === 'config' && methodArgs.length === 0) {
    throw syntaxError('`config:` needs a key', 'write `config.<key>:<value>`, e.g. `config.materialized:incremental`');
  }
  if (method !== 'config' && methodArgs.length > 0) {
    throw syntaxError(`'${method}' takes no dotted arguments`, 'only `config.<key>:` takes one');
  }

  return {
    raw: part,
    method,
    methodArgs,
    value,
    parents,
    parentsDepth: parentsDepth ? Number(parentsDepth) : undefined,
    children,
    childrenDepth: childrenDepth ? Number(childrenDepth) : undefined,
    childrensParents: at !== undefined,
  };
}

/** dbt: a value with a slash is a path, one ending in a file extension is a file, else an fqn. */
function defaultMethod(value: string): string {
  if (value.includes('/') || value.includes('\\')) return 'path';
  if (/\.(sql|py|csv)$/i.test(value)) return 'file';
  return 'fqn';
}
