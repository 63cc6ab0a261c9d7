/**
 * The checks dbt-core 1.11 runs on the semantic manifest once it has both metrics and semantic
 * models (dbt-semantic-interfaces' rules; the ones listed here, not all of them), and the time
 * spine it then requires.
 */
import { DailiesError } from '../../errors.js';
import type { SemanticModelNode } from '../../graph/semantic-types.js';
import { GRANULARITIES } from '../../project/semantic/index.js';
import type { CompileState } from '../compile-state.js';

function pythonList(items: string[]): string {
  return `[${items.map((item) => `'${item}'`).join(', ')}]`;
}

function fail(model: SemanticModelNode, message: string, hint: string): never {
  throw new DailiesError('yaml', `Semantic Manifest validation failed: ${message}`, { place: model.dailies.place, hint });
}

function checkSemanticModel(model: SemanticModelNode): void {
  const primaries = model.entities.filter((entity) => entity.type === 'primary').map((entity) => entity.name);
  if (primaries.length > 1) {
    fail(model, `Semantic models can have only one primary entity. The semantic model \`${model.name}\` has ${primaries.length}: ${primaries.join(', ')}`, 'Keep one entity with `type: primary`.');
  }
  if (primaries.length === 1 && model.primary_entity !== null) {
    fail(
      model,
      `The semantic model \`${model.name}\` has an entity named \`${primaries[0]}\` with type primary but it also has the \`primary_entity\` field set to \`${model.primary_entity}\`. Both should not be present in the model.`,
      'Remove `primary_entity:` or change the entity\'s type.',
    );
  }
  if (model.dimensions.length > 0 && primaries.length === 0 && model.primary_entity === null) {
    fail(
      model,
      `The semantic model ${model.name} contains dimensions, but it does not define a primary entity. Either add an entity with type PRIMARY or set a value for the primary_entity key.`,
      'Add an entity with `type: primary`, or `primary_entity: <name>`.',
    );
  }
  const timeDimensions = new Set(model.dimensions.filter((dimension) => dimension.type === 'time').map((dimension) => dimension.name));
  for (const measure of model.measures) {
    const aggTime = measure.agg_time_dimension ?? model.defaults?.agg_time_dimension ?? null;
    if (aggTime === null) {
      fail(
        model,
        `Aggregation time dimension for measure ${measure.name} is not set! This should either be set directly on the measure specification in the model, or else defaulted to the primary time dimension in the data source containing the measure.`,
        'Write `defaults: {agg_time_dimension: <time dimension>}` on the semantic model or `agg_time_dimension:` on the measure.',
      );
    }
    if (!timeDimensions.has(aggTime)) {
      fail(
        model,
        `In semantic model '${model.name}', measure '${measure.name}' has the aggregation time dimension set to '${aggTime}', which is not a valid time dimension in the semantic model`,
        'Name a dimension of the semantic model with `type: time`.',
      );
    }
  }
}

function checkTimeSpine(state: CompileState): void {
  const dayRank = GRANULARITIES.indexOf('day');
  for (const pkg of state.project.packages) {
    for (const spine of pkg.properties.semantic.timeSpines) {
      const node = state.manifest.nodes[`model.${pkg.name}.${spine.model}`];
      if (node && GRANULARITIES.indexOf(spine.granularity) <= dayRank) return;
    }
  }
  // the legacy spine: a model named metricflow_time_spine (dbt warns that it should be configured in YAML)
  if (Object.values(state.manifest.nodes).some((node) => node.resource_type === 'model' && node.name === 'metricflow_time_spine')) return;
  throw new DailiesError(
    'yaml',
    'The semantic layer requires a time spine model with granularity DAY or smaller in the project, but none was found. Guidance on creating this model can be found on our docs site (https://docs.getdbt.com/docs/build/metricflow-time-spine).',
    {
      place: Object.values(state.manifest.semantic_models)[0]?.dailies.place,
      hint: 'Add a model with one row per day and declare it with `time_spine: {standard_granularity_column: date_day}` and `granularity: day` on that column.',
    },
  );
}

/** dbt validates only a manifest with both metrics and semantic models. */
export function validateSemanticManifest(state: CompileState): void {
  const models = Object.values(state.manifest.semantic_models);
  if (models.length === 0 || Object.keys(state.manifest.metrics).length === 0) return;
  const owners = new Map<string, string[]>();
  for (const model of models) {
    for (const measure of model.measures) {
      const seen = owners.get(measure.name) ?? [];
      if (seen.length > 0) {
        fail(model, `Found measure with name ${measure.name} in multiple semantic models with names (${pythonList(seen)})`, 'Give each measure a name no other semantic model uses.');
      }
      owners.set(measure.name, [...seen, model.name]);
    }
  }
  for (const model of models) checkSemanticModel(model);
  checkTimeSpine(state);
}
