/**
 * The pull-request workflow: review a PR (`runReview`), drop its schemas when it closes
 * (`cleanupReview`), and promote merged changes with write-audit-publish (`promote`).
 */
export type * from './types.js';
export { runReview, type ReviewOptions } from './run-review.js';
export { cleanupReview, type CleanupOptions, type CleanupResult } from './cleanup.js';
export { promote, type PromoteOptions, type PromoteResult } from './promote.js';
export type { Published } from './publish.js';
export { prSchemaName, belongsToPrSchema, type PrIdentity } from './pr-schema.js';
export { computeChangedSet, type ChangedSet } from './changed-set.js';
export { productionTarget } from './targets.js';
export { renderReport } from './report/index.js';
