/**
 * The manifest: what the compiler produces and everything after it reads.
 * Shaped like dbt's manifest.json (v12) so that dbt-aware tools can read `target/manifest.json`,
 * plus a few dailies fields under `dailies` that state comparison needs.
 */
import type { SourcePlace } from '../errors.js';
import type { ResourceType } from '../project/types.js';
import type { MetricNode, SavedQueryNode, SemanticMember, SemanticModelNode } from './semantic-types.js';

export interface ColumnInfo {
  name: string;
  description: string;
  data_type: string | null;
  constraints: unknown[];
  meta: Record<string, unknown>;
  tags: string[];
  quote: boolean | null;
  /** A time spine's columns: their `granularity` (the semantic layer's); null elsewhere, as dbt writes it. */
  granularity?: string | null;
  config?: { meta: Record<string, unknown>; tags: string[] };
  doc_blocks?: string[];
}

/** One pre-/post-hook as dbt-core writes it in a node's config. */
export interface HookConfig {
  sql: string;
  transaction: boolean;
  index: number | null;
}

/** Config after folder inheritance, YAML config and in-file `config()` are merged (in that order). */
export interface NodeConfig {
  enabled: boolean;
  materialized: string;
  schema: string | null;
  database: string | null;
  alias: string | null;
  tags: string[];
  meta: Record<string, unknown>;
  /** Hooks, spelled and shaped as dbt's manifest writes them (tests have none); plain SQL text is accepted too. */
  'pre-hook'?: (HookConfig | string)[];
  'post-hook'?: (HookConfig | string)[];
  unique_key?: string | string[] | null;
  incremental_strategy?: string | null;
  on_schema_change?: string | null;
  full_refresh?: boolean | null;
  /** Absent on tests, as in dbt. */
  contract?: { enforced: boolean; alias_types?: boolean };
  persist_docs?: Record<string, unknown>;
  column_types?: Record<string, string>;
  quote_columns?: boolean | null;
  // snapshots
  strategy?: string | null;
  updated_at?: string | null;
  check_cols?: string[] | 'all' | null;
  target_schema?: string | null;
  invalidate_hard_deletes?: boolean;
  hard_deletes?: 'ignore' | 'invalidate' | 'new_record' | null;
  // tests
  severity?: string;
  warn_if?: string;
  error_if?: string;
  where?: string | null;
  limit?: number | null;
  store_failures?: boolean | null;
  fail_calc?: string;
  /** Anything else the user set. */
  [key: string]: unknown;
}

export interface NodeRef {
  name: string;
  package: string | null;
  version: string | number | null;
}

export interface TestMetadata {
  name: string;
  kwargs: Record<string, unknown>;
  namespace: string | null;
}

/**
 * What state comparison needs beyond dbt's own fields. The rest it reads from them: the raw code's
 * hash is `checksum` (a seed's: its contents), the contract's is `contract.checksum`, whitespace and
 * comment edits are told apart by normalizing `raw_code`, config changes by comparing `config`.
 */
export interface NodeChecksums {
  /**
   * One hash over the sorted `unique_id:checksum` lines of every macro the node's renders called,
   * directly or through other macros (each checksum is `macros[id].dailies.checksum`); '' when it
   * called none. State comparison names the changed macros by following `depends_on.macros` (the
   * direct calls, as in dbt) through the macros' own `depends_on.macros`.
   */
  macros: string;
  /**
   * A seed over 1 MiB: the sha256 of its stripped text. Its `checksum` is then its path, as dbt
   * writes it (dbt does not hash such a file), so dailies keeps the hash here.
   */
  contents?: string;
}

export interface ManifestNode {
  unique_id: string;
  resource_type: Exclude<ResourceType, 'source' | 'exposure' | 'macro'>;
  package_name: string;
  name: string;
  /** `[package, ...folders, name]` */
  fqn: string[];
  path: string;
  original_file_path: string;
  database: string | null;
  schema: string;
  alias: string;
  /** Fully quoted relation, as SQL text (null for ephemeral models and tests). */
  relation_name: string | null;
  raw_code: string;
  compiled_code?: string;
  compiled: boolean;
  language: 'sql';
  config: NodeConfig;
  /**
   * The config as written, before Jinja is rendered, as dbt-core writes it: dbt_project.yml's
   * levels for the node's fqn, then the YAML `config:`, then the `config()` calls (dbt's state
   * comparison reads this, not `config`).
   */
  unrendered_config?: Record<string, unknown>;
  tags: string[];
  description: string;
  columns: Record<string, ColumnInfo>;
  meta: Record<string, unknown>;
  depends_on: { nodes: string[]; macros: string[] };
  refs: NodeRef[];
  /** `[source_name, table_name]` pairs. */
  sources: [string, string][];
  /** `metric()` calls of the node's SQL: `[name]` or `[package, name]` (set only when it calls one; dbt writes `[]`). */
  metrics?: string[][];
  checksum: { name: 'sha256' | 'none' | 'path'; checksum: string };
  contract: { enforced: boolean; alias_types: boolean; checksum: string | null };
  /** Model-level constraints (models only). */
  constraints?: unknown[];
  /** Models: the version (`versions:` in YAML) this node is, null for an unversioned model. */
  version?: string | number | null;
  /** Models: the model's latest version (null when unversioned). */
  latest_version?: string | number | null;
  /** Models: `deprecation_date` as dbt writes it (ISO 8601 with offset), or null. */
  deprecation_date?: string | null;
  /** Tests: the generic test that generated the node. */
  test_metadata?: TestMetadata;
  column_name?: string | null;
  attached_node?: string | null;
  /** Models declared a MetricFlow time spine (`time_spine:` in YAML), as dbt writes it (null otherwise). */
  time_spine?: { standard_granularity_column: string; custom_granularities: { name: string; column_name: string | null }[] } | null;
  /** Ephemeral models this node's compiled code inlines as CTEs, in dependency order. */
  extra_ctes: { id: string; sql: string }[];
  /**
   * Fields dbt-core 1.11 writes that nothing in dailies reads (tools that read manifests do).
   * `created_at`: the modification time of the file that defines the node (seconds), where dbt
   * writes the time it parsed it (see docs/status.md).
   */
  created_at?: number;
  /** The unique_ids of the doc blocks its description calls (`{{ doc('x') }}`), as dbt lists them. */
  doc_blocks?: string[];
  docs?: { show: boolean; node_color: string | null };
  /** Models: `config.access`. */
  access?: string;
  group?: string | null;
  /** `<package>://<path of the property file>` when a YAML entry describes the node, else null. */
  patch_path?: string | null;
  build_path?: null;
  compiled_path?: null;
  functions?: string[][];
  /** Models: the columns dbt infers as the primary key (constraints, then tests), sorted. */
  primary_key?: string[];
  /** Generic tests: `<section>.<name>` of the YAML entry that declares the test (`models.x`, `sources.y`). */
  file_key_name?: string;
  /** Seeds: the package's folder. */
  root_path?: string;
  /** dailies extras (dbt tools ignore unknown keys). */
  dailies: {
    place: SourcePlace;
    checksums: NodeChecksums;
    /** Seeds: absolute path of the CSV. */
    seedPath?: string;
    /**
     * A model built by a `{% materialization %}` block of the project or a package: that macro.
     * dbt's state comparison does not look at it; dailies' does (its text and the macros it calls).
     */
    materialization?: string;
  };
}

export interface SourceDefinitionNode {
  unique_id: string; // source.<package>.<source_name>.<table_name>
  /**
   * dbt's `quoting` of the source table: the source's `quoting:` under the table's, every part
   * (null when not written). Older dailies manifests hold the quoted parts alone, project's included.
   */
  quoting?: Partial<Record<'database' | 'schema' | 'identifier' | 'column', boolean | null>>;
  /** The table's `external:` (dbt-external-tables' properties), every key dbt knows; null when not written. */
  external?: Record<string, unknown> | null;
  loaded_at_query?: string | null;
  /** The source's own `meta` (its `config.meta` over its top-level one), before the table's is merged in. */
  source_meta?: Record<string, unknown>;
  doc_blocks?: string[];
  patch_path?: string | null;
  created_at?: number;
  resource_type: 'source';
  package_name: string;
  source_name: string;
  name: string;
  identifier: string;
  fqn: string[];
  path: string;
  original_file_path: string;
  database: string | null;
  schema: string;
  /** `database:` / `schema:` as written in the YAML (null when not written), as dbt records them. */
  unrendered_database?: string | null;
  unrendered_schema?: string | null;
  relation_name: string;
  /** dbt_project.yml's and the YAML's config as written (see ManifestNode.unrendered_config). */
  unrendered_config?: Record<string, unknown>;
  description: string;
  source_description: string;
  loader: string;
  loaded_at_field: string | null;
  freshness: unknown;
  columns: Record<string, ColumnInfo>;
  meta: Record<string, unknown>;
  tags: string[];
  config: Record<string, unknown>;
  /** `quoting`: the parts the relation quotes (the project's `quoting:` included). */
  dailies: { place: SourcePlace; quoting?: Partial<Record<'database' | 'schema' | 'identifier', boolean>> };
}

export interface ExposureNode {
  unique_id: string; // exposure.<package>.<name>
  resource_type: 'exposure';
  package_name: string;
  name: string;
  type: string;
  label?: string | null;
  description: string;
  url?: string | null;
  maturity?: string | null;
  owner: Record<string, unknown>;
  fqn: string[];
  path: string;
  original_file_path: string;
  depends_on: { nodes: string[]; macros: string[] };
  refs: NodeRef[];
  sources: [string, string][];
  /** `metric('x')` calls of depends_on: `[name]` or `[package, name]`, as dbt writes them. */
  metrics?: string[][];
  meta: Record<string, unknown>;
  tags: string[];
  config?: { enabled: boolean; tags: string[]; meta: Record<string, unknown>; [key: string]: unknown };
  unrendered_config?: Record<string, unknown>;
  created_at?: number;
  dailies: { place: SourcePlace };
}

export interface MacroNode {
  unique_id: string; // macro.<package>.<name>
  resource_type: 'macro';
  package_name: string;
  name: string;
  path: string;
  original_file_path: string;
  macro_sql: string;
  description: string;
  arguments: { name: string; type?: string; description?: string }[];
  /** The macros its text calls, as dbt lists them (read from the text, not from a render). */
  depends_on: { macros: string[] };
  /** Materialization macros: the languages the block declares; null on other macros, as dbt writes it. */
  supported_languages?: string[] | null;
  /** `<package>://<path>` of the `macros:` YAML entry that describes it, else null. */
  patch_path?: string | null;
  meta?: Record<string, unknown>;
  docs?: { show: boolean; node_color: string | null };
  config?: { meta: Record<string, unknown>; docs: { show: boolean; node_color: string | null } };
  created_at?: number;
  /**
   * `calls`: macros this one called while the project compiled that `depends_on.macros` does not
   * list (reached by a computed name, or through a dispatch the text does not spell), sorted; state
   * comparison follows them too, to name a changed macro a node reaches that way.
   */
  dailies: { place: SourcePlace; checksum: string; calls?: string[] };
}

export interface DocNode {
  unique_id: string; // doc.<package>.<name>
  resource_type: 'doc';
  package_name: string;
  name: string;
  path: string;
  original_file_path: string;
  block_contents: string;
}

/** A unit test, in dbt's manifest shape (`unit_tests`). */
export interface UnitTestDefinition {
  model: string;
  given: { input: string; rows: Record<string, unknown>[] | string | null; format: 'dict' | 'csv' | 'sql'; fixture: string | null }[];
  expect: { rows: Record<string, unknown>[] | string | null; format: 'dict' | 'csv' | 'sql'; fixture: string | null };
  name: string;
  resource_type: 'unit_test';
  package_name: string;
  path: string;
  original_file_path: string;
  unique_id: string;
  fqn: string[];
  description: string;
  overrides: Record<string, unknown> | null;
  depends_on: { macros: string[]; nodes: string[] };
  config: { tags: string[]; meta: Record<string, unknown>; enabled: boolean; static_analysis: null };
  checksum: string;
  schema: string;
  /** `versions: {include, exclude}` as written (null: every version of a versioned model). */
  versions: { include: (string | number)[] | null; exclude: (string | number)[] | null } | null;
  /** The model version this copy of the unit test runs against (null: an unversioned model). */
  version: string | number | null;
  dailies: { place: SourcePlace };
}

export interface Manifest {
  metadata: {
    dbt_schema_version: string;
    dbt_version: string;
    generator: string;
    generated_at: string;
    project_name: string;
    adapter_type: string;
    target_name: string;
    env: Record<string, string>;
  };
  nodes: Record<string, ManifestNode>;
  sources: Record<string, SourceDefinitionNode>;
  macros: Record<string, MacroNode>;
  docs: Record<string, DocNode>;
  exposures: Record<string, ExposureNode>;
  metrics: Record<string, MetricNode>;
  groups: Record<string, never>;
  semantic_models: Record<string, SemanticModelNode>;
  saved_queries: Record<string, SavedQueryNode>;
  unit_tests: Record<string, UnitTestDefinition>;
  /** dbt 1.11's user-defined functions (dailies reads none: always empty). */
  functions?: Record<string, never>;
  selectors: Record<string, unknown>;
  disabled: Record<string, unknown[]>;
  parent_map: Record<string, string[]>;
  child_map: Record<string, string[]>;
  group_map: Record<string, string[]>;
}

/** Any graph member a selector can pick. */
export type GraphMember = ManifestNode | SourceDefinitionNode | ExposureNode | SemanticMember | UnitTestDefinition;
