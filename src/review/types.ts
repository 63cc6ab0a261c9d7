/**
 * The pull-request review as a value: what changed and why, what was built, how its data differs
 * from production, and its lineage. `dailies ci` computes it; the report renders it; the Action posts it.
 */
import type { Row } from '../warehouse/adapter.js';

export type ChangeStatus = 'new' | 'modified' | 'removed';

/** Mirrors graph/state.ts reasons. */
export type ChangeReason =
  | 'body'
  | 'whitespace_or_comments'
  | 'config'
  | 'macros'
  | 'contract'
  | 'seed_contents'
  | 'upstream_contract';

export interface ChangedNode {
  uniqueId: string;
  name: string;
  resourceType: string;
  status: ChangeStatus;
  reasons: ChangeReason[];
  changedMacros: string[];
  /** File relative to the project root (head's, or base's for removed nodes). */
  file: string;
  /** True when only whitespace/comments changed: reported, not rebuilt. */
  cosmetic: boolean;
}

export interface ColumnType {
  name: string;
  dataType: string;
}

export interface SchemaChange {
  added: ColumnType[];
  removed: ColumnType[];
  retyped: { name: string; from: string; to: string }[];
}

export interface KeyedDiff {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  /** Column name → rows whose value differs (matched by key, columns present on both sides). */
  columnChanges: Record<string, number>;
  /** Rows whose key appears more than once on either side (a diff by key is unreliable then). */
  duplicateKeys: { prod: number; pr: number };
  samples: {
    added: Row[];
    removed: Row[];
    changed: { key: Row; before: Row; after: Row }[];
  };
}

export interface KeylessDiff {
  /** Rows (counted with multiplicity) present only in production / only in the PR build, by row hash. */
  onlyInProd: number;
  onlyInPr: number;
}

export interface ModelDiff {
  uniqueId: string;
  name: string;
  prodRelation: string;
  prRelation: string;
  /** False when the model is new (nothing in production to compare against). */
  prodExists: boolean;
  schema: SchemaChange;
  rowCounts: { prod: number | null; pr: number };
  primaryKey: string[] | null;
  /** Where the key came from: `unique test`, `contract`, `config unique_key`, … */
  primaryKeySource: string | null;
  keyed?: KeyedDiff;
  keyless?: KeylessDiff;
  /** Proven to hold the same rows as production by whole-table fingerprints, with no join. */
  identical?: boolean;
  /** Set when the diff itself failed (e.g. incomparable types); the review still renders. */
  error?: string;
  seconds: number;
  /** Columns the project marks as personal data (tag `pii`, or `meta: {pii: true}`): masked in sample rows. */
  piiColumns?: string[];
}

export interface LineageNode {
  uniqueId: string;
  name: string;
  resourceType: string;
  /** changed: in the changed set; impacted: downstream of a change; upstream: one hop above a change. */
  role: 'changed' | 'impacted' | 'upstream' | 'removed';
  breaking: boolean;
  /** Exposures: what the project's YAML says about the dashboard (or app, or notebook). */
  exposure?: { type: string; owner: string | null; url: string | null };
}

export interface BreakingChange {
  uniqueId: string;
  column: string;
  kind: 'removed' | 'retyped';
  /** Downstream nodes whose SQL uses the column. */
  usedBy: string[];
}

export interface ColumnImpact {
  uniqueId: string;
  column: string;
  /** Downstream `unique_id.column` pairs that read it (where it can be derived). */
  downstream: string[];
}

export interface Lineage {
  nodes: LineageNode[];
  edges: [from: string, to: string][];
  breaking: BreakingChange[];
  columnImpact: ColumnImpact[];
}

/** One built node or test of the PR build (a subset of the run engine's NodeResult). */
export interface BuildOutcome {
  uniqueId: string;
  name: string;
  resourceType: string;
  status: 'success' | 'error' | 'fail' | 'warn' | 'pass' | 'skipped';
  message: string;
  file: string;
  /** Line in `file` where the node is defined (a test's YAML entry, a model's first line). */
  line?: number;
  /** Tests: the model they test. */
  attachedNode?: string | null;
  failures?: number | null;
  failingRows?: Row[];
  seconds: number;
}

export type ReviewStatus = 'success' | 'failure' | 'error';

export interface Review {
  status: ReviewStatus;
  /** `full`: built and diffed; `lineage-only`: fork PRs and `--no-build` (compile, changes, lineage). */
  mode: 'full' | 'lineage-only';
  /** Why the mode is lineage-only, for the note in the report. */
  modeReason?: string;
  project: string;
  base: { ref: string; sha: string };
  head: { ref: string; sha: string };
  pr: { number: number | null; title: string | null; branch: string | null; url: string | null };
  /** The PR schema the changed models were built in. */
  schema: string;
  prodSchema: string;
  /**
   * What production records it holds (the last promotion), when it keeps a record: its commit and
   * the nodes production lacks compared with this head beyond the PR's own changes (built too).
   */
  production?: { commitSha: string; promotedAt: string; behind: string[] };
  changes: ChangedNode[];
  /** Downstream of changes, built too (unique ids). */
  impacted: string[];
  builds: BuildOutcome[];
  diffs: ModelDiff[];
  lineage: Lineage;
  /** unique id → unified diff of compiled SQL base → head. */
  sqlDiffs: Record<string, string>;
  /** A failure of the review itself (warehouse down, compile error): what failed and how to retry. */
  error?: { message: string; file?: string; line?: number; hint?: string };
  timings: { compileSeconds: number; buildSeconds: number; diffSeconds: number; totalSeconds: number };
}

export interface RenderedReport {
  markdown: string;
  /** What was cut to fit, least important first (empty when nothing was). */
  truncated: string[];
}
