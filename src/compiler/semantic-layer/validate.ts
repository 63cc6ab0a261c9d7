/**
 * What dbt-core 1.11 checks once the project has both metrics and semantic models: the time spine
 * it requires, then dbt-semantic-interfaces' validation rules (in dbt's order; the ones listed
 * in docs/status.md), every error reported at once; and its deprecation warning for a legacy time
 * spine without YAML.
 */
import { DailiesError, formatPlace } from '../../errors.js';
import { GRANULARITIES } from '../../project/semantic/index.js';
import type { CompileState } from '../compile-state.js';
import { SemanticIssues } from './issues.js';
import { checkLabels, checkNames, checkReservedKeywords } from './rules-names.js';
import {
  checkAggregationTimeDimensions,
  checkDimensionConsistency,
  checkElementConsistency,
  checkMeasureAggregations,
  checkMeasureReferences,
  checkMeasuresUnique,
  checkPrimaryEntities,
  checkPrimaryEntityDimensionPairs,
} from './rules-models.js';
import { checkConversionMetrics, checkCumulativeMetrics, checkDerivedMetrics } from './rules-metrics.js';
import { groupByNames, QueryRules } from './rules-queries.js';

const LEGACY_TIME_SPINE = 'metricflow_time_spine';

/** dbt's MFTimespineWithoutYamlConfigurationDeprecation (D018), as it words it. */
export const LEGACY_TIME_SPINE_WARNING =
  "[MFTimespineWithoutYamlConfigurationDeprecation]: Time spines without YAML configuration are in the process of deprecation. Please add YAML configuration for your 'metricflow_time_spine' model. See documentation on MetricFlow time spines: https://docs.getdbt.com/docs/build/metricflow-time-spine and behavior change documentation: https://docs.getdbt.com/reference/global-configs/behavior-changes.";

/** The granularity of each time spine declared in YAML on an enabled model. */
function timeSpineGrains(state: CompileState): string[] {
  const grains: string[] = [];
  for (const pkg of state.project.packages) {
    for (const spine of pkg.properties.semantic.timeSpines) {
      if (state.manifest.nodes[`model.${pkg.name}.${spine.model}`]) grains.push(spine.granularity);
    }
  }
  return grains;
}

/**
 * The required time spine (DAY or finer, or the legacy model; dbt requires it of any project with
 * semantic models, as it writes semantic_manifest.json), and dbt's warning when only the legacy one
 * stands in for a day spine (given only when it validates: with metrics too).
 */
function checkTimeSpine(state: CompileState, validating: boolean): void {
  const dayRank = GRANULARITIES.indexOf('day');
  const grains = timeSpineGrains(state);
  const legacy = Object.values(state.manifest.nodes).some((node) => node.resource_type === 'model' && node.name === LEGACY_TIME_SPINE && !node.time_spine);
  if (validating && legacy && !grains.includes('day')) state.warnings.push(LEGACY_TIME_SPINE_WARNING);
  if (legacy || grains.some((grain) => GRANULARITIES.indexOf(grain) <= dayRank)) return;
  throw new DailiesError(
    'yaml',
    'The semantic layer requires a time spine model with granularity DAY or smaller in the project, but none was found. Guidance on creating this model can be found on our docs site (https://docs.getdbt.com/docs/build/metricflow-time-spine).',
    {
      place: Object.values(state.manifest.semantic_models)[0]?.dailies.place,
      hint: 'Add a model with one row per day and declare it with `time_spine: {standard_granularity_column: date_day}` and `granularity: day` on that column.',
    },
  );
}

/** dbt validates only a manifest with both metrics and semantic models (the time spine: with semantic models). */
export function validateSemanticManifest(state: CompileState): void {
  const models = Object.values(state.manifest.semantic_models);
  const metrics = Object.values(state.manifest.metrics);
  if (models.length === 0) return;
  checkTimeSpine(state, metrics.length > 0);
  if (metrics.length === 0) return;
  const queries = Object.values(state.manifest.saved_queries);
  const customGrains = state.project.packages.flatMap((pkg) => pkg.properties.semantic.timeSpines.flatMap((spine) => spine.customGranularities.map((custom) => custom.name)));
  const issues = new SemanticIssues();
  checkMeasureAggregations(issues, models);
  checkDerivedMetrics(issues, metrics, customGrains);
  checkMeasuresUnique(issues, models);
  checkDimensionConsistency(issues, models);
  checkElementConsistency(issues, models);
  checkCumulativeMetrics(issues, metrics, customGrains);
  checkNames(issues, models, metrics, queries);
  checkAggregationTimeDimensions(issues, models);
  checkReservedKeywords(issues, models);
  checkMeasureReferences(issues, models);
  checkPrimaryEntities(issues, models);
  checkPrimaryEntityDimensionPairs(issues, models);
  const queryRules = new QueryRules(state.env, issues, customGrains);
  for (const metric of metrics) queryRules.checkMetric(metric);
  for (const query of queries) queryRules.checkSavedQueryWhere(query);
  const metricNames = new Set(metrics.map((metric) => metric.name));
  const groupBys = groupByNames(models, metrics);
  for (const query of queries) queryRules.checkSavedQuery(query, metricNames, groupBys);
  checkLabels(issues, models, metrics);
  checkConversionMetrics(issues, metrics, models, customGrains);
  for (const warning of issues.warnings) state.warnings.push(`${warning.place ? `${formatPlace(warning.place)}: ` : ''}${warning.message}`);
  issues.throwErrors();
}
