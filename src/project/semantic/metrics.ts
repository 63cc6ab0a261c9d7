/** `metrics:` entries, with `type_params` normalised as dbt-core 1.11 does (legacy cumulative fields moved). */
import { readMeta } from '../node-properties.js';
import { CONVERSION_CALCULATIONS, METRIC_TYPES, PERIOD_AGGS, pythonText, SemanticReader } from './reader.js';
import type {
  MetricProperties,
  MetricTypeParams,
} from './types.js';
import { isPlainMap, type ShapeChecker, type YamlMap } from '../yaml-shapes.js';

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
