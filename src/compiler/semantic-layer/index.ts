/**
 * The semantic layer into the manifest: semantic models (after the models they ref), metrics
 * (including those measures create), saved queries, then dbt's processing and validation.
 */
import type { MetricProperties } from '../../project/semantic/types.js';
import type { CompileState } from '../compile-state.js';
import { buildMetric, processMetrics } from './metrics.js';
import { buildSavedQuery, linkSavedQueries } from './saved-queries.js';
import { buildSemanticModel } from './semantic-models.js';
import { markTimeSpines } from './time-spines.js';
import { validateSemanticManifest } from './validate.js';

export function buildSemanticLayer(state: CompileState): void {
  markTimeSpines(state);
  for (const pkg of state.project.packages) {
    const { semanticModels, metrics, savedQueries } = pkg.properties.semantic;
    const created: MetricProperties[] = [];
    for (const props of semanticModels) buildSemanticModel(state, pkg, props, created);
    for (const props of [...metrics, ...created]) buildMetric(state, pkg, props);
    for (const props of savedQueries) buildSavedQuery(state, pkg, props);
  }
  processMetrics(state);
  linkSavedQueries(state);
  validateSemanticManifest(state);
}
