/**
 * The values the run engine produces: one result per executed node, the run as a whole,
 * and the events a progress display listens to.
 */
import type { ProjectCompiler } from '../compiler/api.js';
import type { ManifestNode } from '../graph/types.js';
import type { Adapter, Row } from '../warehouse/adapter.js';

export type RunCommand = 'build' | 'run' | 'seed' | 'snapshot' | 'test';

/**
 * Models, seeds and snapshots end `success|error|skipped`; tests end `pass|warn|fail|error|skipped`;
 * a microbatch model some of whose batches failed ends `partial success` (dbt's status: it fails
 * the run and skips the model's downstream).
 */
export type NodeStatus = 'success' | 'error' | 'fail' | 'warn' | 'pass' | 'skipped' | 'partial success';

/** dbt's `batch_results` of a microbatch model: each batch as `[start, end]` ISO timestamps. */
export interface BatchResults {
  successful: [string, string][];
  failed: [string, string][];
}

export interface TimingInfo {
  name: 'compile' | 'execute';
  started_at: string;
  completed_at: string;
}

export interface NodeResult {
  unique_id: string;
  /** model / seed / snapshot / test / unit_test */
  resource_type: ManifestNode['resource_type'] | 'unit_test' | 'operation';
  name: string;
  status: NodeStatus;
  message: string;
  /** What was built, for display: `table`, `view`, `incremental`, `seed`, `snapshot`, `test`. */
  kind: string;
  timing: TimingInfo[];
  thread_id: string;
  /** Seconds. */
  execution_time: number;
  rows_affected?: number;
  /** Tests: the fail_calc value (null when the test did not run). */
  failures: number | null;
  /** Tests: up to 5 failing rows. */
  failing_rows?: Row[];
  compiled_code?: string;
  /** Quoted relation the node built (or where a test stored its failures). */
  relation_name: string | null;
  /** `schema.alias` for display. */
  display_name: string;
  /** Skipped nodes: why (e.g. `upstream fail: model.x.y`, `fail-fast`, `interrupted`). */
  skip_reason?: string;
  /** The node's source file, relative to the project root, for error listings. */
  file: string;
  /** Set for errors that are DailiesErrors: hint from the error. */
  hint?: string;
  /** Microbatch models: which batches were written and which failed. */
  batch_results?: BatchResults;
  /** Microbatch models: each failed batch's error, `<batch start>: <message>`. */
  batch_errors?: string[];
}

export interface RunResults {
  command: RunCommand | 'run-operation';
  results: NodeResult[];
  /** Seconds for the whole run, hooks included. */
  elapsed_time: number;
  generated_at: string;
  invocation_id: string;
  /** Errors of on-run-start / on-run-end hooks (they fail the run). */
  hookErrors: string[];
  /** True if the run was interrupted by the abort signal. */
  interrupted: boolean;
  args: Record<string, unknown>;
}

export type RunEvent =
  | { type: 'run-started'; command: RunCommand; total: number; threads: number }
  | { type: 'hook-finished'; hook: 'on-run-start' | 'on-run-end'; index: number; total: number; status: 'success' | 'error'; message: string; execution_time: number }
  | { type: 'node-started'; index: number; total: number; uniqueId: string; kind: string; displayName: string; resourceType: ManifestNode['resource_type'] | 'unit_test' }
  | { type: 'node-finished'; index: number; total: number; result: NodeResult }
  /** One batch of a microbatch model written (or failed, or skipped after its first batch failed). */
  | { type: 'batch-finished'; uniqueId: string; displayName: string; index: number; total: number; batch: string; status: 'success' | 'error' | 'skipped'; execution_time: number }
  | { type: 'run-finished'; results: RunResults };

export interface RunOptions {
  compiler: ProjectCompiler;
  adapter: Adapter;
  /** Unique ids, already selected, in any order. */
  select: string[];
  /** Unit tests (ids of `manifest.unit_tests`) to run before the DAG; with `build`, a failing one skips its model and everything downstream. */
  unitTests?: string[];
  command: RunCommand;
  threads: number;
  fullRefresh?: boolean;
  failFast?: boolean;
  /** `--store-failures`: stores every test's failing rows in its audit schema (tests whose config sets `store_failures: false` excepted). */
  storeFailures?: boolean;
  /** Like `storeFailures`, into this schema instead of `<schema>_dbt_test__audit`. */
  storeFailuresSchema?: string;
  signal?: AbortSignal;
  /** Schemas this run creates are transient (Snowflake PR and staging builds: no fail-safe storage). */
  transientSchemas?: boolean;
  onEvent?: (event: RunEvent) => void;
  targetDir: string;
  /** on-run-start hooks; default: the root project's `operation` nodes named `*-on-run-start-<n>` in the manifest. */
  onRunStart?: string[];
  /** on-run-end hooks; default: the root project's `operation` nodes named `*-on-run-end-<n>` in the manifest. */
  onRunEnd?: string[];
  /** `--event-time-start` / `--event-time-end` (together): the window microbatch models build, instead of begin/lookback up to now. */
  eventTimeStart?: Date;
  eventTimeEnd?: Date;
  /** When the invocation started (microbatch models build up to it); default: when runBuild is called. */
  invokedAt?: Date;
}

/** What executing one node produced (timing and identity are added by the caller). */
export interface NodeOutcome {
  status: NodeStatus;
  message: string;
  rowsAffected?: number;
  failures?: number | null;
  failingRows?: Row[];
  compiledCode?: string;
  relationName?: string | null;
  batchResults?: BatchResults;
  batchErrors?: string[];
}
