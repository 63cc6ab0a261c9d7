/**
 * What the compiler offers the rest of dailies. Implemented in `src/compiler/project-compiler.ts`.
 */
import type { Manifest } from '../graph/types.js';
import type { Adapter, Relation } from '../warehouse/adapter.js';

export interface CompileOptions {
  /**
   * Used for compile-time introspection (a macro asking for a relation's columns, `run_query`, …).
   * Without it, introspection returns empty results and `execute` stays true (as `dbt compile` without a warehouse would fail, we do not).
   */
  adapter?: Adapter;
  /**
   * Deferral: refs to these nodes resolve to the given relation instead of the node's own
   * (the PR workflow points unchanged upstream models at production).
   */
  deferRelations?: Map<string, Relation>;
  /** Overrides the target schema for every node (the PR workflow's ephemeral schema). */
  schemaOverride?: string;
  /**
   * `throw` (default): a node whose SQL does not compile fails the whole compile. `collect`: it is
   * recorded in `compileErrors` and the node keeps no compiled_code; `compileForRun` renders it
   * again when it runs (dbt's way: one node's error fails that node alone).
   */
  nodeErrors?: 'throw' | 'collect';
  /**
   * False: stop where `dbt parse` and `dbt ls` stop: every node parse-rendered, configured, named
   * and linked, but no node's SQL compiled (no `compiled_code`; `compileForRun` renders a node
   * when it runs). Default true: every node compiled, as `dbt compile` does.
   */
  compileSql?: boolean;
  /** What templates read in `flags`: the command (`flags.WHICH`, default `compile`), `--full-refresh`, `--store-failures`. */
  flags?: InvocationFlags;
  /**
   * Partial parse: earlier parse renders to reuse for nodes whose inputs did not change
   * (src/compiler/partial/parse-memo.ts); it also keeps this compile's renders for the next one.
   */
  parseMemo?: import('./partial/parse-memo.js').ParseMemo;
}

export interface InvocationFlags {
  which?: string;
  fullRefresh?: boolean;
  storeFailures?: boolean;
  /** `--empty` (dbt's `flags.EMPTY`): refs and sources render limited to zero rows. */
  empty?: boolean;
  /** False with `compile --no-introspect` (dbt's `flags.INTROSPECT`). */
  introspect?: boolean;
}

/** What a unit test overrides while its model renders (dbt's `overrides:`): macros' answers, vars, env vars. */
export interface RenderOverrides {
  macros?: Record<string, unknown>;
  vars?: Record<string, unknown>;
  env_vars?: Record<string, unknown>;
}

export interface RunRuntime {
  /** What `is_incremental()` answers for this render. */
  isIncremental: boolean;
  adapter: Adapter;
  /** A unit test's overrides for this render. */
  overrides?: RenderOverrides;
  /** Rendered for a unit test (its inputs become fixtures): `--empty` does not limit them. */
  unitTest?: boolean;
  /**
   * A microbatch model's batch being rendered: `model.batch` is set, and refs and sources of nodes
   * configuring `event_time` render filtered to [start, end) (dbt's event-time filter).
   */
  batch?: MicrobatchBatch;
}

/** One batch of a microbatch model (dbt's BatchContext): id as dbt forms it, bounds as UTC instants. */
export interface MicrobatchBatch {
  id: string;
  start: Date;
  end: Date;
}

export interface ProjectCompiler {
  readonly manifest: Manifest;
  /** Nodes whose SQL did not compile (with `nodeErrors: 'collect'`), by unique_id. */
  readonly compileErrors: ReadonlyMap<string, import('../errors.js').DailiesError>;
  /** What compiling found worth a warning (dbt's deprecations and semantic validation warnings), one line each. */
  readonly warnings?: readonly string[];
  /**
   * Renders a node for execution now (is_incremental() and introspection answered by `runtime`),
   * returning SQL with ephemeral models injected as CTEs. Tests return their failing-rows query.
   */
  compileForRun(uniqueId: string, runtime: RunRuntime): Promise<string>;
  /**
   * Renders hook SQL (a pre-/post-hook of `nodeId`, or on-run-start/-end when `nodeId` is null).
   */
  renderHook(sql: string, nodeId: string | null, runtime: RunRuntime): Promise<string>;
  /** A source's `loaded_at_query`, rendered as dbt renders it for freshness: `this`, `source_node` and `model` are the source. */
  renderSourceQuery(sql: string, sourceId: string, runtime: RunRuntime): Promise<string>;
  /**
   * Renders ad-hoc SQL (`dailies show --inline`) in the root project's context: ref() and source()
   * resolve as they do for models; ephemeral refs are injected as CTEs.
   */
  compileInline(sql: string, runtime: RunRuntime): Promise<string>;
  /**
   * The materialization a model's `materialized` config names, chosen as dbt 1.11 chooses
   * (materialization-choice.ts): dbt's own (built natively), or a `{% materialization %}` block
   * of the project or a package. Null when nothing declares that name.
   */
  materializationFor(uniqueId: string): import('./materialization-choice.js').MaterializationChoice | null;
  /**
   * Runs a `{% materialization %}` block for the model `uniqueId` now, on `runtime.adapter`, with
   * `sql` (the model's SQL as compileForRun rendered it) as its `sql`/`compiled_code`.
   */
  runMaterialization(uniqueId: string, macro: import('./jinja/types.js').MacroInfo, sql: string, runtime: RunRuntime): Promise<import('./materialization-run.js').MaterializationRun>;
  /**
   * `dailies run-operation`: the macro `name` (`macro` or `package.macro`, found as dbt finds it)
   * called now with `kwargs`, its statements run on `runtime.adapter` in order, what it prints
   * handed to `output` line by line. Returns the
   * macro's unique_id and file (relative to its package; '' for dbt's own). An unknown name is a
   * usage error.
   */
  runOperation(name: string, kwargs: Record<string, unknown>, runtime: RunRuntime, output: (line: string) => void): Promise<{ uniqueId: string; file: string }>;
  /**
   * The macro a project or package defines for `incremental_strategy: strategy`
   * (`get_incremental_<strategy>_sql`, dbt's lookup), or null when only dailies's built-in exists.
   */
  strategyMacro(strategy: string): string | null;
  /** Renders a strategy macro with dbt's arg_dict for model `nodeId`, live; the SQL to run. */
  renderStrategy(nodeId: string, macroName: string, call: import('./strategy-macros.js').StrategyCall, runtime: RunRuntime): Promise<string>;
  /** What a later hot patch of one model needs (src/compiler/partial/hot-patch.ts). */
  readonly internals?: import('./partial/hot-patch.js').CompilerInternals;
}

export type CompileProject = (project: import('../project/types.js').Project, options?: CompileOptions) => Promise<ProjectCompiler>;
