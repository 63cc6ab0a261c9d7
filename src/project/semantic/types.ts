/**
 * The semantic layer as property files declare it (`semantic_models:`, `metrics:`,
 * `saved_queries:`, a model's `time_spine:`), already in the shape dbt-core 1.11 normalises it to
 * (so the compiler only resolves names and references).
 */
import type { SourcePlace } from '../../errors.js';

/** `filter:` / `where:` text(s) as dbt stores them. */
export interface WhereFilters {
  where_filters: { where_sql_template: string }[];
}

export interface ElementConfig {
  meta: Record<string, unknown>;
}

export interface SemanticEntity {
  name: string;
  type: string;
  description: string | null;
  label: string | null;
  role: string | null;
  expr: string | null;
  config: ElementConfig;
}

export interface SemanticDimension {
  name: string;
  type: string;
  description: string | null;
  label: string | null;
  is_partition: boolean;
  type_params: { time_granularity: string; validity_params: { is_start: boolean; is_end: boolean } | null } | null;
  expr: string | null;
  metadata: null;
  config: ElementConfig;
}

export interface SemanticMeasure {
  name: string;
  agg: string;
  description: string | null;
  label: string | null;
  create_metric: boolean;
  expr: string | null;
  agg_params: Record<string, unknown> | null;
  non_additive_dimension: { name: string; window_choice: string; window_groupings: string[] } | null;
  agg_time_dimension: string | null;
  config: ElementConfig;
}

export interface SemanticModelProperties {
  name: string;
  packageName: string;
  /** As written, e.g. `ref('orders')`. */
  model: string;
  description: string | null;
  label: string | null;
  defaults: { agg_time_dimension: string | null } | null;
  entities: SemanticEntity[];
  dimensions: SemanticDimension[];
  measures: SemanticMeasure[];
  primaryEntity: string | null;
  config: Record<string, unknown>;
  place: SourcePlace;
  modelPlace: SourcePlace;
  measurePlaces: SourcePlace[];
}

export interface TimeWindow {
  count: number;
  granularity: string;
}

export interface MetricInputMeasure {
  name: string;
  filter: WhereFilters | null;
  alias: string | null;
  join_to_timespine: boolean;
  fill_nulls_with: number | null;
}

export interface MetricInput {
  name: string;
  filter: WhereFilters | null;
  alias: string | null;
  offset_window: TimeWindow | null;
  offset_to_grain: string | null;
}

export interface MetricTypeParams {
  measure: MetricInputMeasure | null;
  input_measures: MetricInputMeasure[];
  numerator: MetricInput | null;
  denominator: MetricInput | null;
  expr: string | null;
  window: TimeWindow | null;
  grain_to_date: string | null;
  metrics: MetricInput[];
  conversion_type_params: {
    base_measure: MetricInputMeasure;
    conversion_measure: MetricInputMeasure;
    entity: string;
    calculation: string;
    window: TimeWindow | null;
    constant_properties: { base_property: string; conversion_property: string }[] | null;
  } | null;
  cumulative_type_params: { window: TimeWindow | null; grain_to_date: string | null; period_agg: string; metric: null } | null;
  metric_aggregation_params: null;
}

export interface MetricProperties {
  name: string;
  packageName: string;
  description: string;
  label: string;
  type: string;
  typeParams: MetricTypeParams;
  filter: WhereFilters | null;
  timeGranularity: string | null;
  meta: Record<string, unknown>;
  tags: string[];
  config: Record<string, unknown>;
  place: SourcePlace;
  /** Set for the metric a measure's `create_metric: true` makes. */
  generatedFrom?: string;
}

export interface SavedQueryProperties {
  name: string;
  packageName: string;
  description: string | null;
  label: string | null;
  queryParams: { metrics: string[]; group_by: string[]; where: WhereFilters | null; order_by: string[]; limit: number | null };
  exports: { name: string; config: Record<string, unknown> }[];
  config: Record<string, unknown>;
  tags: string[];
  place: SourcePlace;
}

/** A model's `time_spine:` with the granularity of its columns. */
export interface TimeSpineProperties {
  model: string;
  packageName: string;
  standardGranularityColumn: string;
  /** The standard column's `granularity`. */
  granularity: string;
  customGranularities: { name: string; column_name: string | null }[];
  place: SourcePlace;
}

/** Everything of the semantic layer one package declares. */
export interface SemanticProperties {
  semanticModels: SemanticModelProperties[];
  metrics: MetricProperties[];
  savedQueries: SavedQueryProperties[];
  timeSpines: TimeSpineProperties[];
}
