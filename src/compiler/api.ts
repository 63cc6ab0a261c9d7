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
}

export interface RunRuntime {
  /** What `is_incremental()` answers for this render. */
  isIncremental: boolean;
  adapter: Adapter;
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
  /**
   * Renders ad-hoc SQL (`dailies show --inline`) in the root project's context: ref() and source()
   * resolve as they do for models; ephemeral refs are injected as CTEs.
   */
  compileInline(sql: string, runtime: RunRuntime): Promise<string>;
  /** What a later hot patch of one model needs (src/compiler/partial/hot-patch.ts). */
  readonly internals?: import('./partial/hot-patch.js').CompilerInternals;
}

export type CompileProject = (project: import('../project/types.js').Project, options?: CompileOptions) => Promise<ProjectCompiler>;
