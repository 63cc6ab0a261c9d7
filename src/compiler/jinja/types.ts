/**
 * Contract between the dbt-compatible template environment (`src/compiler/jinja/`) and the
 * compiler that builds the manifest (`src/compiler/*.ts`). The environment knows templates and
 * macros; it knows nothing about refs, sources or nodes: the compiler passes those in as globals.
 */
import type { ProjectFile } from '../../project/types.js';

export interface RenderPlace {
  /** File named in errors (relative to the project root). */
  file: string;
  /** Line in `file` where the rendered text starts (1 for a whole file; >1 for a YAML value). */
  line?: number;
  /**
   * Package the rendered code belongs to (bare macro names resolve to its macros first).
   * Defaults to `globals.model.package_name`, else the root package.
   */
  packageName?: string;
}

/** Collects what a render touched, for depends_on.macros and macro checksums. */
export interface RenderTracker {
  /** unique ids (`macro.<package>.<name>`) of every macro called, directly or through other macros. */
  macrosCalled: Set<string>;
  /** When present, receives the unique ids of the macros the template itself calls (not those macros call), in call order: dbt's `depends_on.macros`. */
  directMacros?: Set<string>;
  /** When present, receives `caller → callee` for each call one macro makes to another (the macros' `depends_on.macros`). */
  macroCalls?: Map<string, Set<string>>;
  /** When present, receives the messages of `log(msg)` calls without `info=True`. */
  logs?: string[];
  /**
   * Set when a render with `execute` false read an attribute or item of an undefined value (dbt's
   * parse allows it; its compile raises): the compiler renders such a node again to raise.
   */
  undefinedAccess?: boolean;
}

export interface MacroInfo {
  uniqueId: string; // macro.<package>.<name>; generic tests are macro.<package>.test_<name>
  name: string; // for tests: `test_<name>`
  packageName: string; // `dbt` for built-ins
  /** Null for built-in macros shipped with dailies. */
  file: ProjectFile | null;
  /** 1-based line of the `{% macro %}` / `{% test %}` tag. */
  line: number;
  /** The macro's source, from its opening tag to its closing tag (dbt's macro_sql). */
  sql: string;
  /** sha256 of `sql`. */
  checksum: string;
  argNames: string[];
  isTest: boolean;
  /** Set for a `{% materialization %}` block (the macro `materialization_<name>_<adapter>`). */
  materialization?: import('./macro-files.js').MaterializationTag;
}

export interface JinjaEnvironmentOptions {
  /** `duckdb`, `snowflake`: adapter.dispatch tries `<adapterType>__<name>` then `default__<name>`. */
  adapterType: string;
  rootPackage: string;
  /** Every package name, root first. */
  packageNames: string[];
  /** Every .sql file under macro-paths of every package, plus generic-test files under `tests/generic/`. */
  macroFiles: ProjectFile[];
  /** dbt_project.yml `dispatch:` of the root project. */
  dispatch: { macroNamespace: string; searchOrder: string[] }[];
  /** Project root, to name macro files in errors relative to it (else inferred from the root package's files). */
  projectRoot?: string;
  /** Where `log(msg, info=True)`, `print()` and `exceptions.warn()` write; defaults to a stderr line. */
  log?: (line: string) => void;
}

export interface JinjaEnvironment {
  /**
   * Renders a template. `globals` is the node's context (ref, source, config, this, target, var,
   * env_var, is_incremental, execute, adapter, …) supplied by the compiler. Macros are callable by
   * bare name (root package overrides `dbt` built-ins, as dbt resolves them) and namespaced
   * (`dbt.type_string()`, `dbt_utils.star()`). Errors are DailiesErrors of kind `compile` naming
   * `place.file` and the line inside it (for errors inside macros: the macro's file and line).
   */
  render(source: string, globals: Record<string, unknown>, place: RenderPlace, tracker?: RenderTracker): string;

  /**
   * Calls a macro as a template would, resolving `name` from the root package
   * (`packageName` forces one). Returns the value given to `return()`, else the rendered text.
   */
  callMacro(
    name: string,
    args: unknown[],
    kwargs: Record<string, unknown>,
    globals: Record<string, unknown>,
    tracker?: RenderTracker,
    packageName?: string,
  ): unknown;

  /**
   * Runs `work` with what templates print (`print()`, `log(…, info=True)`, `exceptions.warn()`)
   * kept instead of written; `lines` is what they printed, for `writeLog` (or to drop: a render
   * done again, or one whose output nobody asked for).
   */
  captureLog<T>(work: () => T): { value: T; lines: string[] };
  /** Writes lines `captureLog` kept, where templates print. */
  writeLog(lines: readonly string[]): void;

  /** `adapter.dispatch(name, macro_namespace)` → a callable macro (as a template would get it). */
  dispatch(name: string, macroNamespace: string | undefined, globals: Record<string, unknown>, tracker?: RenderTracker): (...args: unknown[]) => unknown;

  /** How many macros are running now in the current render (0: the template itself is running). */
  callDepth(): number;

  findMacro(name: string, packageName?: string): MacroInfo | undefined;
  /** A generic test by its test name (`not_null`, `dbt_utils.expression_is_true` → package + name). */
  findTest(name: string, packageName?: string): MacroInfo | undefined;
  /** Every macro known, user and built-in, for the manifest. */
  macros(): MacroInfo[];
}

/**
 * nunjucks passes keyword arguments as a trailing object marked `__keywords: true`.
 * Context functions (ref, config, var, …) use this to read both kinds.
 */
export interface CallArguments {
  positional: unknown[];
  keywords: Record<string, unknown>;
}
