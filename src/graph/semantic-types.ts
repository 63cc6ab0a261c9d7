/**
 * Semantic models, metrics and saved queries in dbt-core 1.11's manifest shape
 * (`semantic_models`, `metrics`, `saved_queries`), plus the `dailies` field state comparison and
 * error places use.
 */
import type { SourcePlace } from '../errors.js';
import type {
  MetricTypeParams,
  SemanticDimension,
  SemanticEntity,
  SemanticMeasure,
  WhereFilters,
} from '../project/semantic/types.js';
import type { NodeRef } from './types.js';

export interface NodeRelation {
  alias: string;
  schema_name: string;
  database: string | null;
  relation_name: string | null;
}

interface SemanticMemberBase {
  name: string;
  package_name: string;
  path: string;
  original_file_path: string;
  unique_id: string;
  fqn: string[];
  depends_on: { macros: string[]; nodes: string[] };
  unrendered_config: Record<string, unknown>;
  group: string | null;
  dailies: { place: SourcePlace };
}

export interface SemanticModelNode extends SemanticMemberBase {
  resource_type: 'semantic_model';
  model: string;
  node_relation: NodeRelation | null;
  description: string | null;
  label: string | null;
  defaults: { agg_time_dimension: string | null } | null;
  entities: SemanticEntity[];
  measures: SemanticMeasure[];
  dimensions: SemanticDimension[];
  metadata: null;
  refs: NodeRef[];
  config: { enabled: boolean; group: string | null; meta: Record<string, unknown> };
  primary_entity: string | null;
}

export interface MetricNode extends SemanticMemberBase {
  resource_type: 'metric';
  description: string;
  label: string;
  type: string;
  type_params: MetricTypeParams;
  filter: WhereFilters | null;
  metadata: null;
  time_granularity: string | null;
  meta: Record<string, unknown>;
  tags: string[];
  config: { enabled: boolean; group: string | null; meta: Record<string, unknown> };
  sources: [string, string][];
  refs: NodeRef[];
  metrics: string[][];
}

export interface SavedQueryExport {
  name: string;
  config: { export_as: string; schema_name: string | null; alias: string | null; database: string | null };
  unrendered_config: Record<string, unknown>;
}

export interface SavedQueryNode extends SemanticMemberBase {
  resource_type: 'saved_query';
  query_params: { metrics: string[]; group_by: string[]; where: WhereFilters | null; order_by: string[]; limit: number | null };
  exports: SavedQueryExport[];
  description: string | null;
  label: string | null;
  metadata: null;
  config: { enabled: boolean; group: string | null; meta: Record<string, unknown>; export_as: string | null; schema: string | null; cache: { enabled: boolean } };
  refs: NodeRef[];
  tags: string[];
}

export type SemanticMember = SemanticModelNode | MetricNode | SavedQueryNode;

/** Every semantic model, metric and saved query of a manifest (any of the three may be absent in a manifest read from disk). */
export function semanticMembers(manifest: {
  semantic_models?: Record<string, SemanticModelNode>;
  metrics?: Record<string, MetricNode>;
  saved_queries?: Record<string, SavedQueryNode>;
}): SemanticMember[] {
  return [...Object.values(manifest.semantic_models ?? {}), ...Object.values(manifest.metrics ?? {}), ...Object.values(manifest.saved_queries ?? {})];
}

/** The semantic model, metric or saved query with this id. */
export function findSemanticMember(
  manifest: { semantic_models?: Record<string, SemanticModelNode>; metrics?: Record<string, MetricNode>; saved_queries?: Record<string, SavedQueryNode> },
  id: string,
): SemanticMember | undefined {
  return manifest.semantic_models?.[id] ?? manifest.metrics?.[id] ?? manifest.saved_queries?.[id];
}
