/**
 * `semantic_models:`, `metrics:` and `saved_queries:` of a property file (and a model's
 * `time_spine:`), checked and normalised as dbt-core 1.11's schema readers do: enum values
 * checked, a measure or metric input written as a name becomes `{name, filter, alias, …}`,
 * `filter:` text becomes `where_filters`, `window: 7 days` becomes `{count: 7, granularity: day}`.
 */
import type { SourcePlace } from '../errors.js';
import { readMeta } from './node-properties.js';
import type {
  ElementConfig,
  MetricInput,
  MetricInputMeasure,
  MetricProperties,
  MetricTypeParams,
  SavedQueryProperties,
  SemanticDimension,
  SemanticEntity,
  SemanticMeasure,
  SemanticModelProperties,
  TimeSpineProperties,
  TimeWindow,
  WhereFilters,
} from './semantic-types.js';
import { describe, isPlainMap, type ShapeChecker, type YamlMap } from './yaml-shapes.js';

export const ENTITY_TYPES = ['foreign', 'natural', 'primary', 'unique'];
export const DIMENSION_TYPES = ['categorical', 'time'];
export const AGGREGATIONS = ['sum', 'min', 'max', 'count_distinct', 'sum_boolean', 'average', 'percentile', 'median', 'count'];
export const METRIC_TYPES = ['simple', 'ratio', 'cumulative', 'derived', 'conversion'];
export const GRANULARITIES = ['nanosecond', 'microsecond', 'millisecond', 'second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'];
const PERIOD_AGGS = ['first', 'last', 'average'];
const CONVERSION_CALCULATIONS = ['conversions', 'conversion_rate'];

/** A text value as Python's `str()` gives it (dbt stores `expr: 1` as "1" and `expr: true` as "True"). */
function pythonText(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

class SemanticReader {
  constructor(private readonly shapes: ShapeChecker) {}

  place(owner: unknown, key?: string): SourcePlace {
    return key === undefined ? this.shapes.yaml.placeOf(owner) : this.shapes.yaml.placeOfKey(owner, key);
  }

  text(owner: YamlMap, key: string, where: string): string | null {
    return this.shapes.optionalString(owner, key, where) ?? null;
  }

  required(owner: YamlMap, key: string, where: string, example: string): string {
    const value = this.shapes.optionalString(owner, key, where);
    if (value === undefined || value === '') return this.shapes.fail(owner, undefined, `${where} needs \`${key}\``, `Write e.g. \`${key}: ${example}\`.`);
    return value;
  }

  oneOf(owner: YamlMap, key: string, where: string, allowed: string[], fallback?: string): string {
    const value = this.shapes.optionalString(owner, key, where) ?? fallback;
    if (value === undefined) return this.shapes.fail(owner, undefined, `${where} needs \`${key}\` (one of ${allowed.join(', ')})`, `Write e.g. \`${key}: ${allowed[0]}\`.`);
    if (!allowed.includes(value.toLowerCase())) {
      return this.shapes.fail(owner, key, `\`${key}: ${value}\` of ${where} is not one of ${allowed.join(', ')}`, `Use one of: ${allowed.join(', ')}.`);
    }
    return value.toLowerCase();
  }

  bool(owner: YamlMap, key: string, where: string): boolean {
    return this.shapes.optionalBoolean(owner, key, where) ?? false;
  }

  elementConfig(owner: YamlMap, where: string): ElementConfig {
    const config = this.shapes.map(owner, 'config', where);
    return { meta: this.shapes.map(config, 'meta', `\`config\` of ${where}`) };
  }

  /** `filter:` / `where:`: one text or a list of them. */
  where(owner: YamlMap, key: string, where: string): WhereFilters | null {
    const value = owner[key];
    if (value === undefined || value === null) return null;
    const texts = this.shapes.stringList(owner, key, where);
    return { where_filters: texts.map((text) => ({ where_sql_template: text })) };
  }

  /** dbt's `_get_optional_time_window`: `<count> <granularity>`, a plural standard grain made singular. */
  window(owner: YamlMap, key: string, where: string): TimeWindow | null {
    const text = this.shapes.optionalString(owner, key, where);
    if (text === undefined) return null;
    const parts = text.toLowerCase().split(' ');
    if (parts.length !== 2) {
      return this.shapes.fail(owner, key, `Invalid window (${text}) in ${where}. Should be of the form \`<count> <granularity>\`, e.g., \`28 days\``, 'Write e.g. `window: 7 days`.');
    }
    let granularity = parts[1];
    if (granularity.endsWith('s') && GRANULARITIES.includes(granularity.slice(0, -1))) granularity = granularity.slice(0, -1);
    if (!/^[0-9]+$/.test(parts[0])) {
      return this.shapes.fail(owner, key, `Invalid count (${parts[0]}) in ${where} window string: (${text})`, 'Write a whole number first, e.g. `window: 7 days`.');
    }
    return { count: Number(parts[0]), granularity };
  }

  granularity(owner: YamlMap, key: string, where: string): string | null {
    const value = this.shapes.optionalString(owner, key, where);
    if (value === undefined) return null;
    if (!GRANULARITIES.includes(value.toLowerCase())) {
      return this.shapes.fail(owner, key, `\`${key}: ${value}\` of ${where} is not a time granularity`, `Use one of: ${GRANULARITIES.join(', ')}.`);
    }
    return value.toLowerCase();
  }

  inputMeasure(value: unknown, owner: unknown, key: string, where: string): MetricInputMeasure {
    if (typeof value === 'string') return { name: value, filter: null, alias: null, join_to_timespine: false, fill_nulls_with: null };
    if (!isPlainMap(value)) return this.shapes.fail(owner, key, `\`${key}\` of ${where} must be a measure name or a mapping with \`name:\`, not ${describe(value)}`, `Write \`${key}: my_measure\`.`);
    const at = `\`${key}\` of ${where}`;
    const fill = value.fill_nulls_with;
    if (fill !== undefined && fill !== null && !Number.isInteger(fill)) this.shapes.fail(value, 'fill_nulls_with', `\`fill_nulls_with\` of ${at} must be a whole number`, 'Write e.g. `fill_nulls_with: 0`.');
    return {
      name: this.required(value, 'name', at, 'my_measure'),
      filter: this.where(value, 'filter', at),
      alias: this.text(value, 'alias', at),
      join_to_timespine: this.bool(value, 'join_to_timespine', at),
      fill_nulls_with: typeof fill === 'number' ? fill : null,
    };
  }

  metricInput(value: unknown, owner: unknown, key: string, where: string): MetricInput {
    if (typeof value === 'string') return { name: value, filter: null, alias: null, offset_window: null, offset_to_grain: null };
    if (!isPlainMap(value)) return this.shapes.fail(owner, key, `\`${key}\` of ${where} must be a metric name or a mapping with \`name:\`, not ${describe(value)}`, `Write \`${key}: my_metric\`.`);
    const at = `\`${key}\` of ${where}`;
    return {
      name: this.required(value, 'name', at, 'my_metric'),
      filter: this.where(value, 'filter', at),
      alias: this.text(value, 'alias', at),
      offset_window: this.window(value, 'offset_window', at),
      offset_to_grain: this.text(value, 'offset_to_grain', at),
    };
  }
}

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

function readTypeParams(reader: SemanticReader, shapes: ShapeChecker, entry: YamlMap, type: string, where: string): MetricTypeParams {
  const params = shapes.map(entry, 'type_params', where);
  const at = `\`type_params\` of ${where}`;
  const optional = <T>(key: string, read: (value: unknown) => T): T | null => (params[key] === undefined || params[key] === null ? null : read(params[key]));
  const grainToDate = reader.granularity(params, 'grain_to_date', at);
  const window = reader.window(params, 'window', at);
  let conversion: MetricTypeParams['conversion_type_params'] = null;
  if (params.conversion_type_params !== undefined && params.conversion_type_params !== null) {
    const raw = shapes.map(params, 'conversion_type_params', at);
    const within = `\`conversion_type_params\` of ${where}`;
    for (const key of ['base_measure', 'conversion_measure', 'entity']) {
      if (raw[key] === undefined || raw[key] === null) shapes.fail(raw, undefined, `${within} needs \`${key}\``, 'Write `base_measure:`, `conversion_measure:` and `entity:`.');
    }
    const constants = shapes.list(raw, 'constant_properties', within);
    conversion = {
      base_measure: reader.inputMeasure(raw.base_measure, raw, 'base_measure', within),
      conversion_measure: reader.inputMeasure(raw.conversion_measure, raw, 'conversion_measure', within),
      entity: reader.required(raw, 'entity', within, 'customer'),
      calculation: reader.oneOf(raw, 'calculation', within, CONVERSION_CALCULATIONS, 'conversion_rate'),
      window: reader.window(raw, 'window', within),
      constant_properties:
        raw.constant_properties === undefined || raw.constant_properties === null
          ? null
          : constants.map((item, index) => {
              if (!isPlainMap(item)) return shapes.fail(constants, String(index), `\`constant_properties\` of ${within} must hold mappings`, 'Write `- {base_property: x, conversion_property: y}`.');
              return { base_property: reader.required(item, 'base_property', within, 'x'), conversion_property: reader.required(item, 'conversion_property', within, 'y') };
            }),
    };
  }
  let cumulative: MetricTypeParams['cumulative_type_params'] = null;
  if (type === 'cumulative') {
    // dbt moves the legacy top-level `window`/`grain_to_date` into cumulative_type_params
    const raw = shapes.map(params, 'cumulative_type_params', at);
    const within = `\`cumulative_type_params\` of ${where}`;
    cumulative = {
      window: reader.window(raw, 'window', within) ?? window,
      grain_to_date: reader.text(raw, 'grain_to_date', within) ?? grainToDate,
      period_agg: reader.oneOf(raw, 'period_agg', within, PERIOD_AGGS, 'first'),
      metric: null,
    };
  }
  const metrics = shapes.list(params, 'metrics', at);
  return {
    measure: optional('measure', (value) => reader.inputMeasure(value, params, 'measure', where)),
    input_measures: [],
    numerator: optional('numerator', (value) => reader.metricInput(value, params, 'numerator', where)),
    denominator: optional('denominator', (value) => reader.metricInput(value, params, 'denominator', where)),
    expr: params.expr === undefined || params.expr === null ? null : pythonText(params.expr),
    window,
    grain_to_date: grainToDate,
    metrics: metrics.map((value, index) => reader.metricInput(value, metrics, String(index), where)),
    conversion_type_params: conversion,
    cumulative_type_params: cumulative,
    metric_aggregation_params: null,
  };
}

export function readMetrics(shapes: ShapeChecker, top: YamlMap, packageName: string): MetricProperties[] {
  const reader = new SemanticReader(shapes);
  return shapes.namedEntries(top, 'metrics', '`metrics:`').map((entry) => {
    const name = String(entry.name);
    const where = `metric "${name}"`;
    const problems: string[] = [];
    if (name.includes(' ')) problems.push('cannot contain spaces');
    if (name.length > 250) problems.push('cannot contain more than 250 characters');
    if (!/^[A-Za-z]/.test(name)) problems.push('must begin with a letter');
    if (!/^[\w]+$/.test(name)) problems.push('must contain only letters, numbers and underscores');
    if (problems.length > 0) shapes.fail(entry, 'name', `The metric name '${name}' is invalid.  It ${problems.join(', ')}`, 'Rename the metric, e.g. `name: order_total`.');
    const type = reader.oneOf(entry, 'type', where, METRIC_TYPES);
    if (!isPlainMap(entry.type_params)) shapes.fail(entry, entry.type_params === undefined ? undefined : 'type_params', `${where} needs \`type_params\` (a mapping)`, 'Write e.g. `type_params: {measure: order_total}`.');
    return {
      name,
      packageName,
      description: reader.text(entry, 'description', where) ?? '',
      label: reader.required(entry, 'label', where, 'Order total'),
      type,
      typeParams: readTypeParams(reader, shapes, entry, type, where),
      filter: reader.where(entry, 'filter', where),
      timeGranularity: reader.text(entry, 'time_granularity', where),
      meta: readMeta(shapes, entry, where),
      tags: shapes.stringList(entry, 'tags', where),
      config: shapes.map(entry, 'config', where),
      place: reader.place(entry),
    };
  });
}

export function readSavedQueries(shapes: ShapeChecker, top: YamlMap, packageName: string): SavedQueryProperties[] {
  const reader = new SemanticReader(shapes);
  return shapes.namedEntries(top, 'saved_queries', '`saved_queries:`').map((entry) => {
    const name = String(entry.name);
    const where = `saved query "${name}"`;
    if (!isPlainMap(entry.query_params)) shapes.fail(entry, entry.query_params === undefined ? undefined : 'query_params', `${where} needs \`query_params\` (a mapping)`, 'Write `query_params: {metrics: [my_metric], group_by: [...]}`.');
    const params = shapes.map(entry, 'query_params', where);
    const at = `\`query_params\` of ${where}`;
    const limit = params.limit;
    if (limit !== undefined && limit !== null && !Number.isInteger(limit)) shapes.fail(params, 'limit', `\`limit\` of ${at} must be a whole number`, 'Write e.g. `limit: 100`.');
    return {
      name,
      packageName,
      description: reader.text(entry, 'description', where),
      label: reader.text(entry, 'label', where),
      queryParams: {
        metrics: shapes.stringList(params, 'metrics', at),
        group_by: shapes.stringList(params, 'group_by', at),
        where: reader.where(params, 'where', at),
        order_by: shapes.stringList(params, 'order_by', at),
        limit: typeof limit === 'number' ? limit : null,
      },
      exports: shapes.namedEntries(entry, 'exports', where).map((raw) => ({ name: String(raw.name), config: shapes.map(raw, 'config', `export "${String(raw.name)}" of ${where}`) })),
      config: shapes.map(entry, 'config', where),
      tags: shapes.stringList(entry, 'tags', where),
      place: reader.place(entry),
    };
  });
}

/** `time_spine:` of the entries of `models:`, checked against the model's columns as dbt does. */
export function readTimeSpines(shapes: ShapeChecker, top: YamlMap, packageName: string): TimeSpineProperties[] {
  const reader = new SemanticReader(shapes);
  const spines: TimeSpineProperties[] = [];
  // the entries were checked by readNodeEntries already: only those with a time spine are looked at
  const entries = Array.isArray(top.models) ? top.models : [];
  for (const entry of entries) {
    if (!isPlainMap(entry) || entry.time_spine === undefined || entry.time_spine === null) continue;
    const name = String(entry.name);
    const where = `\`time_spine\` of model "${name}"`;
    const spine = shapes.map(entry, 'time_spine', `model "${name}"`);
    const standard = reader.required(spine, 'standard_granularity_column', where, 'date_day');
    const columns = new Map<string, YamlMap>();
    for (const column of shapes.namedEntries(entry, 'columns', `model "${name}"`)) columns.set(String(column.name), column);
    const column = columns.get(standard);
    if (!column) {
      shapes.fail(spine, 'standard_granularity_column', `Time spine standard granularity column must be defined on the model. Got invalid column name '${standard}' for model '${name}'. Valid names: [${[...columns.keys()].map((c) => `'${c}'`).join(', ')}].`, `Add \`- name: ${standard}\` with \`granularity: day\` under the model's \`columns:\`.`);
    }
    const granularity = reader.granularity(column!, 'granularity', `column "${standard}" of model "${name}"`);
    if (granularity === null) {
      return shapes.fail(column, undefined, `Time spine standard granularity column must have a granularity defined. Please add one for column '${standard}' in model '${name}'.`, 'Add e.g. `granularity: day` to the column.');
    }
    const customs = shapes.namedEntries(spine, 'custom_granularities', where).map((raw) => ({ name: String(raw.name), column_name: reader.text(raw, 'column_name', where) }));
    const missing = customs.map((custom) => custom.column_name ?? custom.name).filter((columnName) => !columns.has(columnName));
    if (missing.length > 0) {
      shapes.fail(spine, 'custom_granularities', `Time spine custom granularity columns do not exist in the model. Columns not found: [${missing.map((c) => `'${c}'`).join(', ')}]; Available columns: [${[...columns.keys()].map((c) => `'${c}'`).join(', ')}]`, 'Name columns the model has.');
    }
    spines.push({ model: name, packageName, standardGranularityColumn: standard, granularity, customGranularities: customs, place: reader.place(entry, 'time_spine') });
  }
  return spines;
}
