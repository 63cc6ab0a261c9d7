/** `semantic_models:` entries: entities, dimensions and measures in dbt-core 1.11's shape. */
import { AGGREGATIONS, DIMENSION_TYPES, ENTITY_TYPES, pythonText, SemanticReader } from './reader.js';
import type {
  SemanticDimension,
  SemanticEntity,
  SemanticMeasure,
  SemanticModelProperties,
} from './types.js';
import type { ShapeChecker, YamlMap } from '../yaml-shapes.js';

function readEntity(reader: SemanticReader, raw: YamlMap, where: string): SemanticEntity {
  const at = `entity "${String(raw.name)}" of ${where}`;
  return {
    name: String(raw.name),
    type: reader.oneOf(raw, 'type', at, ENTITY_TYPES),
    description: reader.text(raw, 'description', at),
    label: reader.text(raw, 'label', at),
    role: reader.text(raw, 'role', at),
    expr: reader.text(raw, 'expr', at),
    config: reader.elementConfig(raw, at),
  };
}

function readDimension(reader: SemanticReader, shapes: ShapeChecker, raw: YamlMap, where: string): SemanticDimension {
  const at = `dimension "${String(raw.name)}" of ${where}`;
  const type = reader.oneOf(raw, 'type', at, DIMENSION_TYPES);
  let typeParams: SemanticDimension['type_params'] = null;
  if (raw.type_params !== undefined && raw.type_params !== null) {
    const params = shapes.map(raw, 'type_params', at);
    const granularity = reader.granularity(params, 'time_granularity', `\`type_params\` of ${at}`);
    if (granularity === null) shapes.fail(raw, 'type_params', `\`type_params\` of ${at} needs \`time_granularity\``, 'Write `type_params: {time_granularity: day}`.');
    let validity: { is_start: boolean; is_end: boolean } | null = null;
    if (params.validity_params !== undefined && params.validity_params !== null) {
      const raw = shapes.map(params, 'validity_params', at);
      validity = { is_start: reader.bool(raw, 'is_start', at), is_end: reader.bool(raw, 'is_end', at) };
    }
    typeParams = { time_granularity: granularity, validity_params: validity };
  }
  return {
    name: String(raw.name),
    type,
    description: reader.text(raw, 'description', at),
    label: reader.text(raw, 'label', at),
    is_partition: reader.bool(raw, 'is_partition', at),
    type_params: typeParams,
    expr: reader.text(raw, 'expr', at),
    metadata: null,
    config: reader.elementConfig(raw, at),
  };
}

function readMeasure(reader: SemanticReader, shapes: ShapeChecker, raw: YamlMap, where: string): SemanticMeasure {
  const at = `measure "${String(raw.name)}" of ${where}`;
  let aggParams: Record<string, unknown> | null = null;
  if (raw.agg_params !== undefined && raw.agg_params !== null) {
    const params = shapes.map(raw, 'agg_params', at);
    const percentile = params.percentile;
    if (percentile !== undefined && percentile !== null && typeof percentile !== 'number') shapes.fail(params, 'percentile', `\`percentile\` of ${at} must be a number`, 'Write e.g. `percentile: 0.99`.');
    aggParams = {
      percentile: typeof percentile === 'number' ? percentile : null,
      use_discrete_percentile: reader.bool(params, 'use_discrete_percentile', at),
      use_approximate_percentile: reader.bool(params, 'use_approximate_percentile', at),
    };
  }
  let nonAdditive: SemanticMeasure['non_additive_dimension'] = null;
  if (raw.non_additive_dimension !== undefined && raw.non_additive_dimension !== null) {
    const dim = shapes.map(raw, 'non_additive_dimension', at);
    const within = `\`non_additive_dimension\` of ${at}`;
    nonAdditive = {
      name: reader.required(dim, 'name', within, 'ordered_at'),
      window_choice: reader.oneOf(dim, 'window_choice', within, AGGREGATIONS),
      window_groupings: shapes.stringList(dim, 'window_groupings', within),
    };
  }
  return {
    name: String(raw.name),
    agg: reader.oneOf(raw, 'agg', at, AGGREGATIONS),
    description: reader.text(raw, 'description', at),
    label: reader.text(raw, 'label', at),
    create_metric: reader.bool(raw, 'create_metric', at),
    expr: raw.expr === undefined || raw.expr === null ? null : pythonText(raw.expr),
    agg_params: aggParams,
    non_additive_dimension: nonAdditive,
    agg_time_dimension: reader.text(raw, 'agg_time_dimension', at),
    config: reader.elementConfig(raw, at),
  };
}

export function readSemanticModels(shapes: ShapeChecker, top: YamlMap, packageName: string): SemanticModelProperties[] {
  const reader = new SemanticReader(shapes);
  return shapes.namedEntries(top, 'semantic_models', '`semantic_models:`').map((entry) => {
    const name = String(entry.name);
    const where = `semantic model "${name}"`;
    const model = reader.required(entry, 'model', where, "ref('my_model')");
    let defaults: SemanticModelProperties['defaults'] = null;
    if (entry.defaults !== undefined && entry.defaults !== null) {
      const raw = shapes.map(entry, 'defaults', where);
      defaults = { agg_time_dimension: reader.text(raw, 'agg_time_dimension', `\`defaults\` of ${where}`) };
    }
    const measures = shapes.namedEntries(entry, 'measures', where);
    return {
      name,
      packageName,
      model,
      description: reader.text(entry, 'description', where),
      label: reader.text(entry, 'label', where),
      defaults,
      entities: shapes.namedEntries(entry, 'entities', where).map((raw) => readEntity(reader, raw, where)),
      dimensions: shapes.namedEntries(entry, 'dimensions', where).map((raw) => readDimension(reader, shapes, raw, where)),
      measures: measures.map((raw) => readMeasure(reader, shapes, raw, where)),
      primaryEntity: reader.text(entry, 'primary_entity', where),
      config: shapes.map(entry, 'config', where),
      place: reader.place(entry),
      modelPlace: reader.place(entry, 'model'),
      measurePlaces: measures.map((raw) => reader.place(raw)),
    };
  });
}
