/**
 * dbt-semantic-interfaces' rules on semantic models and their elements, with dbt's messages:
 * measures (percentile and count aggregations, one owner per measure name, non-additive
 * dimensions), dimension and element consistency across models, defaults, primary entities and
 * the aggregation time dimension.
 */
import type { SemanticModelNode } from '../../graph/semantic-types.js';
import { pythonList, pythonSet, type SemanticIssues } from './issues.js';

const ELEMENT_TYPES = ['dimension', 'entity', 'measure'];

/** Python's repr of an enum value, e.g. `DimensionType.CATEGORICAL`. */
function enumText(enumName: string, value: string): string {
  return `${enumName}.${value.toUpperCase()}`;
}

/** PercentileAggregationRule and CountAggregationExprRule. */
export function checkMeasureAggregations(issues: SemanticIssues, models: SemanticModelNode[]): void {
  for (const model of models) {
    const place = model.dailies.place;
    for (const measure of model.measures) {
      const params = measure.agg_params as { percentile: number | null; use_discrete_percentile: boolean; use_approximate_percentile: boolean } | null;
      if (measure.agg === 'percentile') {
        if (params === null || params.percentile === null) {
          issues.error(`Measure '${measure.name}' uses a PERCENTILE aggregation, which requires agg_params.percentile to be provided.`, place, 'Write `agg_params: {percentile: 0.9}` on the measure.');
        } else if (params.percentile <= 0 || params.percentile >= 1) {
          issues.error(
            `Percentile aggregation parameter for measure '${measure.name}' is '${params.percentile}', but must be between 0 and 1 (non-inclusive). For example, to indicate the 65th percentile value, set 'percentile: 0.65'. For percentile values of 0, please use MIN, for percentile values of 1, please use MAX.`,
            place,
            'Write a percentile between 0 and 1, e.g. `percentile: 0.65`.',
          );
        }
      } else if (measure.agg === 'median') {
        if (params && params.percentile !== null && params.percentile !== 0.5) {
          issues.error(`Measure '${measure.name}' uses a MEDIAN aggregation, while percentile is set to '${params.percentile}', a conflicting value. Please remove the parameter or set to '0.5'.`, place, 'Remove `percentile:` from the measure.');
        }
        if (params?.use_discrete_percentile) {
          issues.error(`Measure '${measure.name}' uses a MEDIAN aggregation, while use_discrete_percentile is set to true. Please remove the parameter or set to False.`, place, 'Remove `use_discrete_percentile:` from the measure.');
        }
      } else if (params && (params.percentile || params.use_discrete_percentile || params.use_approximate_percentile)) {
        const wrong = (['percentile', 'use_discrete_percentile', 'use_approximate_percentile'] as const).filter((key) => params[key]);
        issues.error(`Measure '${measure.name}' with aggregation '${measure.agg}' uses agg_params (${wrong.join(', ')}) only relevant to Percentile measures.`, place, 'Remove `agg_params:` from the measure.');
      }
      if (measure.agg === 'count' && measure.expr === null) {
        issues.error(`Measure '${measure.name}' uses a COUNT aggregation, which requires an expr to be provided. Provide 'expr: 1' if a count of all rows is desired.`, place, 'Write `expr: 1` (or the column to count) on the measure.');
      }
      if (measure.agg === 'count' && measure.expr !== null && measure.expr.toLowerCase().startsWith('distinct ')) {
        issues.error(
          `Measure '${measure.name}' uses a '${measure.agg}' aggregation with a DISTINCT expr: '${measure.expr}. This is not supported as it effectively converts an additive measure into a non-additive one, and this could cause certain queries to return incorrect results. Please use the ${measure.agg}_distinct aggregation type.`,
          place,
          'Write `agg: count_distinct` and drop DISTINCT from `expr:`.',
        );
      }
    }
  }
}

/** SemanticModelMeasuresUniqueRule: one measure name, one semantic model. */
export function checkMeasuresUnique(issues: SemanticIssues, models: SemanticModelNode[]): void {
  const owners = new Map<string, string[]>();
  for (const model of models) {
    for (const measure of model.measures) {
      const seen = owners.get(measure.name) ?? [];
      if (seen.length > 0) issues.error(`Found measure with name ${measure.name} in multiple semantic models with names (${pythonList(seen)})`, model.dailies.place, 'Give each measure a name no other semantic model uses.');
      owners.set(measure.name, [...seen, model.name]);
    }
  }
}

/**
 * DimensionConsistencyRule: a dimension name has one type and one is_partition everywhere (its
 * granularity check never fires in dbt-semantic-interfaces 0.9, so it is not made here either).
 */
export function checkDimensionConsistency(issues: SemanticIssues, models: SemanticModelNode[]): void {
  const known = new Map<string, { type: string; isPartition: boolean }>();
  for (const model of models) {
    for (const dimension of model.dimensions) {
      const first = known.get(dimension.name);
      if (!first) {
        known.set(dimension.name, { type: dimension.type, isPartition: dimension.is_partition });
        continue;
      }
      if (first.type !== dimension.type) {
        issues.error(
          `In semantic model \`${model.name}\`, type conflict for dimension \`${dimension.name}\` - already in model as type \`${enumText('DimensionType', first.type)}\` but got \`${enumText('DimensionType', dimension.type)}\``,
          model.dailies.place,
          `Give dimension "${dimension.name}" one type in every semantic model, or rename one.`,
        );
      }
      if (first.isPartition !== dimension.is_partition) {
        issues.error(
          `In semantic model \`${model.name}, conflicting is_partition attribute for dimension \`${dimension.name}\` - already in model with is_partition as \`${first.isPartition ? 'True' : 'False'}\` but got \`${dimension.is_partition ? 'True' : 'False'}\``,
          model.dailies.place,
          `Set \`is_partition\` of dimension "${dimension.name}" alike in every semantic model.`,
        );
      }
    }
  }
}

/** ElementConsistencyRule: an element name is a dimension, an entity or a measure across the project, not two. */
export function checkElementConsistency(issues: SemanticIssues, models: SemanticModelNode[]): void {
  const uses = new Map<string, Map<string, SemanticModelNode[]>>();
  for (const model of models) {
    const add = (name: string, type: string): void => {
      const byType = uses.get(name) ?? new Map<string, SemanticModelNode[]>();
      uses.set(name, byType);
      byType.set(type, [...(byType.get(type) ?? []), model]);
    };
    for (const measure of model.measures) add(measure.name, 'measure');
    for (const dimension of model.dimensions) add(dimension.name, 'dimension');
    for (const entity of model.entities) add(entity.name, 'entity');
  }
  for (const [name, byType] of uses) {
    if (byType.size < 2) continue;
    const types = ELEMENT_TYPES.filter((type) => byType.has(type));
    const used = `[${types.map((type) => `<SemanticModelElementType.${type.toUpperCase()}: '${type}'>`).join(', ')}]`;
    for (const type of types) {
      const owners = byType.get(type)!;
      issues.error(
        `In semantic models ${pythonSet(owners.map((model) => model.name))}, element \`${name}\` is of type ${enumText('SemanticModelElementType', type)}, but it is used as types ${used} across the model.`,
        owners[0].dailies.place,
        `Use "${name}" for one kind of element (dimension, entity or measure) across the project, or rename one.`,
      );
    }
  }
}

/** MeasuresNonAdditiveDimensionRule (the names it refers to) and SemanticModelDefaultsRule. */
export function checkMeasureReferences(issues: SemanticIssues, models: SemanticModelNode[]): void {
  for (const model of models) {
    const dimensions = new Map(model.dimensions.map((dimension) => [dimension.name, dimension]));
    const entities = new Set(model.entities.map((entity) => entity.name));
    for (const measure of model.measures) {
      const nonAdditive = measure.non_additive_dimension;
      if (!nonAdditive) continue;
      const aggTimeName = measure.agg_time_dimension ?? model.defaults?.agg_time_dimension ?? null;
      const aggTime = aggTimeName === null ? undefined : dimensions.get(aggTimeName);
      if (aggTimeName !== null && !aggTime) {
        issues.error(`Measure '${measure.name}' has a agg_time_dimension of ${aggTimeName} that is not defined as a dimension in semantic model '${model.name}'.`, model.dailies.place, 'Name a time dimension of the semantic model.');
        continue;
      }
      const dimension = dimensions.get(nonAdditive.name);
      if (dimension?.type === 'time' && aggTime?.type_params && dimension.type_params && dimension.type_params.time_granularity !== aggTime.type_params.time_granularity) {
        issues.error(
          `Measure '${measure.name}' has a non_additive_dimension with name '${nonAdditive.name}' that has a base time granularity (${dimension.type_params.time_granularity.toUpperCase()}) that is not equal to the measure's agg_time_dimension ${aggTime.name} with a base granularity of (${aggTime.type_params.time_granularity.toUpperCase()}).`,
          model.dailies.place,
          'Use time dimensions of one granularity for the non-additive dimension and the aggregation time dimension.',
        );
      }
      if (!dimension) {
        issues.error(`Measure '${measure.name}' has a non_additive_dimension with name '${nonAdditive.name}' that is not defined as a dimension in semantic model '${model.name}'.`, model.dailies.place, 'Name a time dimension of the semantic model.');
      } else if (dimension.type === 'categorical') {
        issues.error(`Measure '${measure.name}' has a non_additive_dimension with name'${nonAdditive.name}' that is defined as a categorical dimension which is not supported.`, model.dailies.place, 'Name a time dimension of the semantic model.');
      }
      if (!['min', 'max'].includes(nonAdditive.window_choice)) {
        issues.error(`Measure '${measure.name}' has a non_additive_dimension with an invalid 'window_choice' of '${nonAdditive.window_choice}'. Only choices supported are 'min' or 'max'.`, model.dailies.place, 'Write `window_choice: min` or `window_choice: max`.');
      }
      const missing = nonAdditive.window_groupings.filter((grouping) => !entities.has(grouping));
      if (missing.length > 0) {
        issues.error(`Measure '${measure.name}' has a non_additive_dimension with an invalid 'window_groupings'. These entities ${pythonSet(missing)} do not exist in the semantic model.`, model.dailies.place, 'Name entities of the semantic model in `window_groupings:`.');
      }
    }
    const defaultTime = model.defaults?.agg_time_dimension ?? null;
    if (defaultTime !== null && dimensions.get(defaultTime)?.type !== 'time') {
      issues.error(
        `Default aggregation time dimension was specified as '${defaultTime}' which doesn't exist as a time dimension in semantic model named '${model.name}'.`,
        model.dailies.place,
        'Name a dimension of the semantic model with `type: time` in `defaults: {agg_time_dimension: …}`.',
      );
    }
  }
}

/** AggregationTimeDimensionRule: every measure has an aggregation time dimension, a time dimension of its model. */
export function checkAggregationTimeDimensions(issues: SemanticIssues, models: SemanticModelNode[]): void {
  for (const model of models) {
    const timeDimensions = new Set(model.dimensions.filter((dimension) => dimension.type === 'time').map((dimension) => dimension.name));
    for (const measure of model.measures) {
      const aggTime = measure.agg_time_dimension ?? model.defaults?.agg_time_dimension ?? null;
      if (aggTime === null) {
        issues.error(
          `Aggregation time dimension for measure ${measure.name} is not set! This should either be set directly on the measure specification in the model, or else defaulted to the primary time dimension in the data source containing the measure.`,
          model.dailies.place,
          'Write `defaults: {agg_time_dimension: <time dimension>}` on the semantic model or `agg_time_dimension:` on the measure.',
        );
      } else if (!timeDimensions.has(aggTime)) {
        issues.error(
          `In semantic model '${model.name}', measure '${measure.name}' has the aggregation time dimension set to '${aggTime}', which is not a valid time dimension in the semantic model`,
          model.dailies.place,
          'Name a dimension of the semantic model with `type: time`.',
        );
      }
    }
  }
}

function primaryEntityOf(model: SemanticModelNode): string | null {
  return model.primary_entity ?? model.entities.find((entity) => entity.type === 'primary')?.name ?? null;
}

/** PrimaryEntityRule. */
export function checkPrimaryEntities(issues: SemanticIssues, models: SemanticModelNode[]): void {
  for (const model of models) {
    const place = model.dailies.place;
    const primaries = model.entities.filter((entity) => entity.type === 'primary').map((entity) => entity.name);
    if (primaries.length > 1) {
      issues.error(`Semantic models can have only one primary entity. The semantic model \`${model.name}\` has ${primaries.length}: ${primaries.join(', ')}`, place, 'Keep one entity with `type: primary`.');
    }
    if (primaries.length === 1 && model.primary_entity !== null) {
      issues.error(
        `The semantic model \`${model.name}\` has an entity named \`${primaries[0]}\` with type primary but it also has the \`primary_entity\` field set to \`${model.primary_entity}\`. Both should not be present in the model.`,
        place,
        "Remove `primary_entity:` or change the entity's type.",
      );
    }
    if (model.dimensions.length > 0 && primaries.length === 0 && model.primary_entity === null) {
      issues.error(
        `The semantic model ${model.name} contains dimensions, but it does not define a primary entity. Either add an entity with type PRIMARY or set a value for the primary_entity key.`,
        place,
        'Add an entity with `type: primary`, or `primary_entity: <name>`.',
      );
    }
  }
}

/** PrimaryEntityDimensionPairs: a dimension name appears once per primary entity across the project. */
export function checkPrimaryEntityDimensionPairs(issues: SemanticIssues, models: SemanticModelNode[]): void {
  const pairs = new Map<string, Map<string, string>>();
  for (const model of models) {
    const primary = primaryEntityOf(model);
    if (primary === null) continue;
    const fresh = !pairs.has(primary);
    const known = pairs.get(primary) ?? new Map<string, string>();
    pairs.set(primary, known);
    for (const dimension of model.dimensions) {
      const other = known.get(dimension.name);
      if (fresh || other === undefined) {
        known.set(dimension.name, model.name);
        continue;
      }
      issues.error(
        `Duplicate dimension + primary entity pairing detected, dimension + primary entity pairings must be unique. Semantic model \`${model.name}\` has a primary entity of \`${primary}\` and dimension \`${dimension.name}\`, but this pairing is already in use on semantic model \`${other}\`.`,
        model.dailies.place,
        `Rename dimension "${dimension.name}" in one of the two semantic models.`,
      );
    }
  }
}
