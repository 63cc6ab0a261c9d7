/**
 * dbt-semantic-interfaces' rules on metrics, with dbt's messages: DerivedMetricRule (input metrics,
 * aliases, offsets, `expr`), CumulativeMetricRule (window or grain to date) and ConversionMetricRule
 * (the entity, measures and constant properties of both semantic models).
 */
import type { MetricNode, SemanticModelNode } from '../../graph/semantic-types.js';
import { GRANULARITIES } from '../../project/semantic/index.js';
import type { TimeWindow } from '../../project/semantic/types.js';
import { type SemanticIssues } from './issues.js';
import { checkName } from './rules-names.js';

const CUSTOM_GRAIN_NOTE = 'Custom granularities are not supported for this field yet.';

/** CumulativeMetricRule.validate_metric_time_window. */
function checkWindow(issues: SemanticIssues, metric: MetricNode, window: TimeWindow, customGrains: string[], allowCustom: boolean): void {
  let grain = window.granularity;
  const valid = [...GRANULARITIES, ...customGrains];
  if (grain.endsWith('s') && valid.includes(grain.slice(0, -1))) grain = grain.slice(0, -1);
  const message = `Invalid time granularity '${grain}' in window: '${window.count} ${window.granularity}'`;
  const hint = `Write e.g. \`7 days\`; granularities: ${GRANULARITIES.join(', ')}.`;
  if (!valid.includes(grain)) issues.error(message, metric.dailies.place, hint);
  else if (!allowCustom && !GRANULARITIES.includes(grain)) issues.error(`${message} ${CUSTOM_GRAIN_NOTE}`, metric.dailies.place, hint);
}

export function checkDerivedMetrics(issues: SemanticIssues, metrics: MetricNode[], customGrains: string[]): void {
  const names = new Set(metrics.map((metric) => metric.name));
  for (const metric of metrics) {
    if (metric.type !== 'derived') continue;
    const place = metric.dailies.place;
    const inputs = metric.type_params.metrics;
    if (inputs.length === 0) issues.error(`No input metrics found for derived metric '${metric.name}'. Please add metrics to type_params.metrics.`, place, 'List the metrics it is built from under `type_params: {metrics: [...]}`.');
    for (const input of inputs) {
      if (!names.has(input.name)) issues.error(`For metric: ${metric.name}, input metric: '${input.name}' does not exist as a configured metric in the model.`, place, 'Name a metric declared under `metrics:`.');
    }
  }
  for (const metric of metrics) {
    if (metric.type !== 'derived') continue;
    const place = metric.dailies.place;
    const used = new Set(metric.type_params.metrics.map((input) => input.name));
    for (const input of metric.type_params.metrics) {
      if (!input.alias) continue;
      checkName(issues, input.alias, place);
      if (used.has(input.alias)) issues.error(`Alias '${input.alias}' for input metric: '${input.name}' is already being used. Please choose another alias.`, place, 'Give each input metric its own alias.');
      used.add(input.alias);
    }
    for (const input of metric.type_params.metrics) {
      if (input.offset_window) checkWindow(issues, metric, input.offset_window, customGrains, true);
      if (input.offset_to_grain && !GRANULARITIES.includes(input.offset_to_grain)) {
        issues.error(`Invalid time granularity found in \`offset_to_grain\`: '${input.offset_to_grain}'. ${CUSTOM_GRAIN_NOTE}`, place, `Use one of: ${GRANULARITIES.join(', ')}.`);
      }
      if (input.offset_window && input.offset_to_grain) {
        issues.error(`Both offset_window and offset_to_grain set for derived metric '${metric.name}' on input metric '${input.name}'. Please set one or the other.`, place, 'Keep `offset_window` or `offset_to_grain`.');
      }
    }
    const expr = metric.type_params.expr;
    if (!expr) {
      issues.warn(`No \`expr\` set for derived metric ${metric.name}. Please add an \`expr\` that references all input metrics.`, place, 'Write `type_params: {expr: …}` using the input metrics.');
      continue;
    }
    for (const input of metric.type_params.metrics) {
      const name = input.alias ?? input.name;
      if (!expr.includes(name)) {
        issues.warn(`Input metric '${name}' is not used in \`expr\`: '${expr}' for derived metric '${metric.name}'. Please update the \`expr\` or remove the input metric.`, place, 'Use every input metric in `expr`, or remove it.');
      }
    }
  }
}

export function checkCumulativeMetrics(issues: SemanticIssues, metrics: MetricNode[], customGrains: string[]): void {
  for (const metric of metrics) {
    if (metric.type !== 'cumulative') continue;
    const place = metric.dailies.place;
    const params = metric.type_params;
    const nested = params.cumulative_type_params;
    if (params.window && nested?.window && JSON.stringify(params.window) !== JSON.stringify(nested.window)) {
      issues.error(
        `Got differing values for \`window\` on cumulative metric '${metric.name}'. In \`type_params.window\`, got '${params.window.count} ${params.window.granularity}'. In \`type_params.cumulative_type_params.window\`, got '${nested.window.count} ${nested.window.granularity}'. Please remove the value from \`type_params.window\`.`,
        place,
        'Keep the window under `cumulative_type_params:` only.',
      );
    }
    const window = nested?.window ?? params.window;
    const grainToDate = nested?.grain_to_date ?? params.grain_to_date;
    if (grainToDate && !GRANULARITIES.includes(grainToDate)) {
      issues.error(`Invalid time granularity found in \`grain_to_date\`: '${grainToDate}'. ${CUSTOM_GRAIN_NOTE}`, place, `Use one of: ${GRANULARITIES.join(', ')}.`);
    }
    if (window && grainToDate) issues.error('Both window and grain_to_date set for cumulative metric. Please set one or the other.', place, 'Keep `window` or `grain_to_date`.');
    if (window) checkWindow(issues, metric, window, customGrains, false);
  }
}

export function checkConversionMetrics(issues: SemanticIssues, metrics: MetricNode[], models: SemanticModelNode[], customGrains: string[]): void {
  const modelOf = (measure: string): SemanticModelNode | undefined => models.find((model) => model.measures.some((item) => item.name === measure));
  for (const metric of metrics) {
    const params = metric.type_params.conversion_type_params;
    if (metric.type !== 'conversion' || !params) continue;
    const place = metric.dailies.place;
    const base = modelOf(params.base_measure.name);
    const conversion = modelOf(params.conversion_measure.name);
    if (!base || !conversion) {
      issues.error(`For metric '${metric.name}', conversion measures specified was not found.`, place, 'Name measures of semantic models.');
      continue;
    }
    if (!base.entities.some((entity) => entity.name === params.entity)) issues.error(`Entity: ${params.entity} not found in base semantic model: ${base.name}.`, place, `Add entity "${params.entity}" to semantic model "${base.name}".`);
    if (!conversion.entities.some((entity) => entity.name === params.entity)) {
      issues.error(`Entity: ${params.entity} not found in conversion semantic model: ${conversion.name}.`, place, `Add entity "${params.entity}" to semantic model "${conversion.name}".`);
    }
    for (const [input, model, isBase] of [
      [params.base_measure, base, true],
      [params.conversion_measure, conversion, false],
    ] as const) {
      const measure = model.measures.find((item) => item.name === input.name)!;
      if (measure.agg !== 'count' && measure.agg !== 'count_distinct' && (measure.agg !== 'sum' || measure.expr !== '1')) {
        issues.error(`For conversion metrics, the measure must be COUNT/SUM(1)/COUNT_DISTINCT. Measure: ${measure.name} is agg type: AggregationType.${measure.agg.toUpperCase()}`, place, 'Use a measure with `agg: count`, `count_distinct`, or `sum` of `expr: 1`.');
      }
      if (input.filter !== null && !isBase) {
        issues.warn(`Measure input ${measure.name} has a filter. For conversion metrics, filtering on a conversion input measure is not fully supported yet.`, place, 'Filter the base measure instead.');
      }
    }
    if (params.window) checkWindow(issues, metric, params.window, customGrains, true);
    for (const [references, model] of [
      [(params.constant_properties ?? []).map((property) => property.base_property), base],
      [(params.constant_properties ?? []).map((property) => property.conversion_property), conversion],
    ] as const) {
      const linkable = new Set([...model.entities.map((entity) => entity.name), ...model.dimensions.map((dimension) => dimension.name)]);
      for (const reference of references) {
        if (!linkable.has(reference)) issues.error(`The provided constant property: ${reference}, cannot be found in semantic model ${model.name}`, place, `Name an entity or dimension of semantic model "${model.name}".`);
      }
    }
  }
}
