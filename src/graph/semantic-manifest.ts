/**
 * `target/semantic_manifest.json`: the semantic layer as MetricFlow reads it, in the shape
 * dbt-core 1.11 writes (dbt-semantic-interfaces' pydantic models: semantic models, metrics and
 * saved queries without the manifest's graph fields, and the project's time spines).
 */
import fs from 'node:fs';
import path from 'node:path';
import { artifactText } from '../redact/artifacts.js';
import type { MetricTypeParams } from '../project/semantic/types.js';
import type { Manifest } from './types.js';

export const SEMANTIC_MANIFEST_FILE = 'semantic_manifest.json';

const LEGACY_TIME_SPINE = 'metricflow_time_spine';

function withMetadata<T extends object>(element: T): T & { metadata: null } {
  return { ...element, metadata: null };
}

function typeParams(params: MetricTypeParams): Record<string, unknown> {
  const { metric_aggregation_params: _aggregation, cumulative_type_params: cumulative, ...rest } = params;
  return { ...rest, cumulative_type_params: cumulative ? { window: cumulative.window, grain_to_date: cumulative.grain_to_date, period_agg: cumulative.period_agg } : null };
}

function timeSpines(manifest: Manifest): { time_spines: unknown[]; time_spine_table_configurations: unknown[] } {
  const spines: unknown[] = [];
  const legacy: unknown[] = [];
  for (const node of Object.values(manifest.nodes)) {
    if (node.resource_type !== 'model') continue;
    const spine = node.time_spine;
    if (spine) {
      spines.push({
        node_relation: { alias: node.alias, schema_name: node.schema, database: node.database ?? null, relation_name: node.relation_name },
        primary_column: { name: spine.standard_granularity_column, time_granularity: node.columns[spine.standard_granularity_column]?.granularity ?? null },
        custom_granularities: spine.custom_granularities.map((custom) => ({ name: custom.name, column_name: custom.column_name })),
      });
    }
  }
  const legacyModel = Object.keys(manifest.semantic_models ?? {}).length > 0 ? Object.values(manifest.nodes).find((node) => node.resource_type === 'model' && node.name === LEGACY_TIME_SPINE) : undefined;
  if (legacyModel && !legacyModel.time_spine) {
    legacy.push({ location: legacyModel.relation_name, column_name: 'date_day', grain: 'day' });
  }
  return { time_spines: spines, time_spine_table_configurations: legacy };
}

/** The semantic manifest of a manifest, as dbt writes it. */
export function semanticManifestOf(manifest: Manifest): Record<string, unknown> {
  const spines = timeSpines(manifest);
  return {
    semantic_models: Object.values(manifest.semantic_models ?? {}).map((model) => ({
      name: model.name,
      defaults: model.defaults,
      description: model.description,
      node_relation: model.node_relation,
      primary_entity: model.primary_entity,
      entities: model.entities.map(withMetadata),
      measures: model.measures.map(withMetadata),
      dimensions: model.dimensions,
      label: model.label,
      metadata: null,
      config: { meta: model.config.meta },
    })),
    metrics: Object.values(manifest.metrics ?? {}).map((metric) => ({
      name: metric.name,
      description: metric.description,
      type: metric.type,
      type_params: typeParams(metric.type_params),
      filter: metric.filter,
      metadata: null,
      label: metric.label,
      config: { meta: metric.config.meta },
      time_granularity: metric.time_granularity,
    })),
    project_configuration: {
      time_spine_table_configurations: spines.time_spine_table_configurations,
      metadata: null,
      dsi_package_version: { major_version: '0', minor_version: '9', patch_version: '0' },
      time_spines: spines.time_spines,
    },
    saved_queries: Object.values(manifest.saved_queries ?? {}).map((query) => ({
      name: query.name,
      query_params: query.query_params,
      description: query.description,
      metadata: null,
      label: query.label,
      exports: query.exports.map((item) => ({ name: item.name, config: { export_as: item.config.export_as, schema_name: item.config.schema_name, alias: item.config.alias } })),
      tags: query.tags,
    })),
  };
}

/**
 * Writes `<targetDir>/semantic_manifest.json` beside every manifest.json, as dbt-core 1.11 does on
 * parse, compile, ls, run and build — for a project without a semantic layer too (empty lists and
 * no time spines).
 */
export function writeSemanticManifest(manifest: Manifest, targetDir: string): void {
  fs.mkdirSync(targetDir, { recursive: true });
  fs.writeFileSync(path.join(targetDir, SEMANTIC_MANIFEST_FILE), artifactText(JSON.stringify(semanticManifestOf(manifest))));
}
