/**
 * The shape of the JSON the docs site reads (`data/site.json`, `data/dashboards/<name>.json`).
 * Written by `dailies docs generate` (src/docs/), read by the app in docs-site/, which imports these
 * types only. The graph part (`manifest`) keeps the field names of dbt's manifest so that the
 * selection code of src/graph/ runs on it in the browser unchanged.
 */
import type { NodeChange } from '../graph/state.js';

export const SITE_DATA_VERSION = 1;

export interface SiteData {
  version: typeof SITE_DATA_VERSION;
  project: {
    name: string;
    adapterType: string;
    targetName: string;
    /** When `dailies docs generate` ran (ISO). */
    generatedAt: string;
    /** When the run whose results are shown finished (run_results.json), or null without one. */
    resultsAt: string | null;
    /** Whether the previous deploy's manifest was found, so `state:` selectors work. */
    hasState: boolean;
    /** Counts by resource type, for the overview. */
    counts: Record<string, number>;
    /** The project's README-like overview: the `__overview__` docs block when the project has one. */
    overview: string | null;
  };
  /** A trimmed manifest (nodes, sources, exposures, macros; dbt's field names), enough for pages and selection. */
  manifest: SiteManifest;
  /** Warehouse facts per unique id (dbt's catalog.json, reduced). */
  catalog: Record<string, CatalogEntry>;
  /** The last result per unique id (run_results.json, reduced). */
  results: Record<string, NodeResultSummary>;
  /** Column-level lineage per model: output column → the parent columns it is derived from (compact in site.json). */
  columnLineage: Record<string, ColumnLineageEntry | CompactColumnLineage>;
  /** `state:` comparison with the previous deploy's manifest, per unique id (only when hasState). */
  stateChanges: Record<string, Pick<NodeChange, 'status' | 'reasons'>> | null;
  dashboards: DashboardSummary[];
}

export interface SiteManifest {
  metadata: { project_name: string; generated_at: string; adapter_type: string };
  nodes: Record<string, SiteNode>;
  sources: Record<string, SiteSource>;
  exposures: Record<string, SiteExposure>;
  /** The semantic layer (absent in a site.json written before it was there). */
  semantic_models?: Record<string, SiteSemantic>;
  metrics?: Record<string, SiteSemantic>;
  saved_queries?: Record<string, SiteSemantic>;
  macros: Record<string, SiteMacro>;
  selectors: Record<string, unknown>;
  /** In site.json: per resource type, the config values members leave out (see site-compact.ts). */
  configDefaults?: Record<string, Record<string, unknown>>;
}

export interface SiteColumn {
  name: string;
  description: string;
  data_type: string | null;
  tags?: string[];
  meta?: Record<string, unknown>;
}

interface SiteMember {
  unique_id: string;
  package_name: string;
  name: string;
  fqn: string[];
  path: string;
  original_file_path: string;
  description: string;
  tags: string[];
  meta: Record<string, unknown>;
}

export interface SiteNode extends SiteMember {
  resource_type: 'model' | 'seed' | 'snapshot' | 'test' | 'analysis' | 'operation';
  database: string | null;
  schema: string;
  alias: string;
  relation_name: string | null;
  raw_code: string;
  compiled_code?: string;
  /** Config values that differ from empty (null, {}, [] left out). */
  config: Record<string, unknown>;
  columns: Record<string, SiteColumn>;
  depends_on: { nodes: string[]; macros: string[] };
  test_metadata?: { name: string; namespace: string | null; kwargs: Record<string, unknown> };
  column_name?: string | null;
  attached_node?: string | null;
}

export interface SiteSource extends SiteMember {
  resource_type: 'source';
  source_name: string;
  source_description: string;
  database: string | null;
  schema: string;
  identifier: string;
  relation_name: string;
  loader: string;
  columns: Record<string, SiteColumn>;
  config: Record<string, unknown>;
}

export interface SiteExposure extends SiteMember {
  resource_type: 'exposure';
  type: string;
  label?: string;
  url?: string;
  maturity?: string;
  owner: { name?: string | null; email?: string | null };
  depends_on: { nodes: string[] };
  config: Record<string, unknown>;
}

/** A semantic model, metric or saved query: dbt's field names where the selection code reads them, and what its page shows. */
export interface SiteSemantic extends SiteMember {
  resource_type: 'semantic_model' | 'metric' | 'saved_query';
  label: string | null;
  depends_on: { nodes: string[] };
  config: Record<string, unknown>;
  /** Rows of facts for the page: entities, dimensions and measures; a metric's type and inputs; a saved query's query and exports. */
  definition: { title: string; rows: string[][]; header: string[] }[];
}

export interface SiteMacro {
  unique_id: string;
  resource_type: 'macro';
  package_name: string;
  name: string;
  path: string;
  original_file_path: string;
  macro_sql: string;
  description: string;
  arguments: { name: string; type?: string | null; description?: string }[];
  depends_on: { macros: string[] };
}

export interface CatalogEntry {
  type: string;
  columns: { name: string; type: string; index: number }[];
  rowCount: number | null;
  bytes: number | null;
}

export interface NodeResultSummary {
  status: string;
  message: string | null;
  failures: number | null;
  executionTime: number;
  completedAt: string | null;
}

export interface ColumnLineageEntry {
  columns: { name: string; direct: boolean; from: { node: string; column: string }[] }[];
  error?: string;
}

/**
 * A ColumnLineageEntry as site.json stores it: each column `[name, direct (1/0), [[parent index,
 * column], …]]`, parents listed once per model.
 */
export interface CompactColumnLineage {
  parents: string[];
  columns: [string, 0 | 1, [number, string][]][];
  error?: string;
}

export type ChartSpec =
  | { type: 'heatmap'; x: AxisSpec; y: AxisSpec; value: AxisSpec & { format?: 'number' | 'percent' }; tooltip: AxisSpec[] }
  | { type: 'bar'; category: AxisSpec; value: AxisSpec; period: AxisSpec; top: number; tooltip: AxisSpec[] };

export interface AxisSpec {
  field: string;
  title: string;
}

export interface DashboardSummary {
  /** File-safe name, unique in the project; its data is `data/dashboards/<name>.json`. */
  name: string;
  title: string;
  description: string;
  exposure: string;
  /** The models its query reads. */
  dependsOn: string[];
  chart: ChartSpec;
  /** Whether its data could be exported (false: `error` says why). */
  hasData: boolean;
  error?: string;
}

export interface DashboardData {
  name: string;
  columns: string[];
  rows: unknown[][];
  /** When the models it reads were last built (latest completion in run_results), or null when unknown. */
  builtAt: string | null;
  exportedAt: string;
}
