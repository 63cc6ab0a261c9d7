/**
 * The semantic layer of a package's property files: `semantic_models:`, `metrics:`,
 * `saved_queries:` and models' `time_spine:`, checked and normalised as dbt-core 1.11 does.
 */
export { GRANULARITIES } from './reader.js';
export { readMetrics } from './metrics.js';
export { readSavedQueries } from './saved-queries.js';
export { readSemanticModels } from './semantic-models.js';
export { readTimeSpines } from './time-spines.js';
export type * from './types.js';
