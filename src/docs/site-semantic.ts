/**
 * The semantic layer in the docs site's data: each semantic model, metric and saved query with
 * the fields selection reads (dbt's names) and its definition as small tables for its page.
 */
import type { MetricNode, SavedQueryNode, SemanticModelNode } from '../graph/semantic-types.js';
import type { Manifest } from '../graph/types.js';
import type { MetricInput, MetricInputMeasure, WhereFilters } from '../project/semantic/types.js';
import type { SiteSemantic } from './site-types.js';

type Definition = SiteSemantic['definition'];

function filterText(filter: WhereFilters | null | undefined): string {
  return (filter?.where_filters ?? []).map((item) => item.where_sql_template.trim()).join(' and ');
}

function inputText(input: MetricInputMeasure | MetricInput): string {
  const parts = [input.name];
  if (input.alias) parts.push(`as ${input.alias}`);
  const filter = filterText(input.filter);
  if (filter) parts.push(`where ${filter}`);
  return parts.join(' ');
}

function semanticModelDefinition(model: SemanticModelNode): Definition {
  return [
    { title: 'Entities', header: ['Name', 'Type', 'Expression', 'Description'], rows: model.entities.map((e) => [e.name, e.type, e.expr ?? e.name, e.description ?? '']) },
    {
      title: 'Dimensions',
      header: ['Name', 'Type', 'Granularity', 'Expression', 'Description'],
      rows: model.dimensions.map((d) => [d.name, d.type, d.type_params?.time_granularity ?? '', d.expr ?? d.name, d.description ?? '']),
    },
    {
      title: 'Measures',
      header: ['Name', 'Aggregation', 'Expression', 'Time dimension', 'Description'],
      rows: model.measures.map((m) => [m.name, m.agg, m.expr ?? m.name, m.agg_time_dimension ?? model.defaults?.agg_time_dimension ?? '', m.description ?? '']),
    },
  ].filter((part) => part.rows.length > 0);
}

function metricDefinition(metric: MetricNode): Definition {
  const params = metric.type_params;
  const rows: string[][] = [['Type', metric.type]];
  if (params.measure) rows.push(['Measure', inputText(params.measure)]);
  if (params.numerator) rows.push(['Numerator', inputText(params.numerator)]);
  if (params.denominator) rows.push(['Denominator', inputText(params.denominator)]);
  if (params.expr && metric.type === 'derived') rows.push(['Expression', params.expr]);
  for (const input of params.metrics) rows.push(['Input metric', inputText(input)]);
  const cumulative = params.cumulative_type_params;
  if (cumulative?.window) rows.push(['Window', `${cumulative.window.count} ${cumulative.window.granularity}`]);
  if (cumulative?.grain_to_date) rows.push(['Grain to date', cumulative.grain_to_date]);
  const conversion = params.conversion_type_params;
  if (conversion) rows.push(['Conversion', `${conversion.base_measure.name} → ${conversion.conversion_measure.name} by ${conversion.entity} (${conversion.calculation})`]);
  const filter = filterText(metric.filter);
  if (filter) rows.push(['Filter', filter]);
  if (params.input_measures.length > 0) rows.push(['Input measures', [...new Set(params.input_measures.map((m) => m.name))].join(', ')]);
  return [{ title: 'Definition', header: ['', ''], rows }];
}

function savedQueryDefinition(query: SavedQueryNode): Definition {
  const params = query.query_params;
  const rows: string[][] = [['Metrics', params.metrics.join(', ')]];
  if (params.group_by.length > 0) rows.push(['Group by', params.group_by.join(', ')]);
  const where = filterText(params.where);
  if (where) rows.push(['Where', where]);
  if (params.order_by.length > 0) rows.push(['Order by', params.order_by.join(', ')]);
  if (params.limit !== null) rows.push(['Limit', String(params.limit)]);
  const definition: Definition = [{ title: 'Query', header: ['', ''], rows }];
  if (query.exports.length > 0) {
    definition.push({
      title: 'Exports',
      header: ['Name', 'As', 'Relation'],
      rows: query.exports.map((item) => [item.name, item.config.export_as, [item.config.database, item.config.schema_name, item.config.alias].filter(Boolean).join('.')]),
    });
  }
  return definition;
}

function member(node: SemanticModelNode | MetricNode | SavedQueryNode, extra: { tags: string[]; meta: Record<string, unknown>; definition: Definition }): SiteSemantic {
  return {
    unique_id: node.unique_id,
    resource_type: node.resource_type,
    package_name: node.package_name,
    name: node.name,
    fqn: node.fqn,
    path: node.path,
    original_file_path: node.original_file_path,
    description: node.description ?? '',
    label: node.label ?? null,
    depends_on: { nodes: node.depends_on.nodes },
    config: node.config as unknown as Record<string, unknown>,
    ...extra,
  };
}

/** The three maps of the site manifest (empty maps for a project without a semantic layer). */
export function siteSemantic(manifest: Manifest): { semantic_models: Record<string, SiteSemantic>; metrics: Record<string, SiteSemantic>; saved_queries: Record<string, SiteSemantic> } {
  const map = <T extends SemanticModelNode | MetricNode | SavedQueryNode>(nodes: Record<string, T> | undefined, make: (node: T) => SiteSemantic) =>
    Object.fromEntries(Object.entries(nodes ?? {}).map(([id, node]) => [id, make(node)]));
  return {
    semantic_models: map(manifest.semantic_models, (model) => member(model, { tags: [], meta: model.config.meta, definition: semanticModelDefinition(model) })),
    metrics: map(manifest.metrics, (metric) => member(metric, { tags: metric.tags, meta: metric.meta, definition: metricDefinition(metric) })),
    saved_queries: map(manifest.saved_queries, (query) => member(query, { tags: query.tags, meta: query.config.meta, definition: savedQueryDefinition(query) })),
  };
}
